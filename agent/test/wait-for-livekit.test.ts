import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { waitForLiveKit } from '../src/wait-for-livekit';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('waiting for LiveKit in development', () => {
  it('says one line per failed attempt, naming the URL and what to start, until LiveKit answers', async () => {
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    const lines: string[] = [];
    let server: http.Server | undefined;
    const failed = await waitForLiveKit({
      url,
      say: (line) => lines.push(line),
      delayMs: () => 10,
      // A real server comes up after the second refused attempt.
      sleep: async (ms) => {
        await new Promise((r) => setTimeout(r, ms));
        if (lines.length === 2 && !server)
          server = await new Promise<http.Server>((resolve) => {
            const s = http
              .createServer((_req, res) => res.end('OK'))
              .listen(port, '127.0.0.1', () => resolve(s));
          });
      },
    });
    server?.close();
    expect(failed).toBe(2);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(0, 2)) {
      expect(line).not.toContain('\n');
      expect(line).toContain(`Cannot reach LiveKit at ${url} (connection refused)`);
      expect(line).toContain('livekit-server --dev');
    }
    expect(lines[0]).toContain('attempt 1');
    expect(lines[1]).toContain('attempt 2');
    expect(lines[2]).toBe(`[agent] LiveKit is reachable at ${url} now.`);
  });

  it('says nothing when LiveKit is already there', async () => {
    const server = await new Promise<http.Server>((resolve) => {
      const s = http
        .createServer((_req, res) => res.end('OK'))
        .listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    const lines: string[] = [];
    const failed = await waitForLiveKit({
      url: `ws://127.0.0.1:${port}`,
      say: (l) => lines.push(l),
    });
    server.close();
    expect(failed).toBe(0);
    expect(lines).toEqual([]);
  });
});
