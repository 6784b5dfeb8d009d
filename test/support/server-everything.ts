import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Runs the reference MCP server (@modelcontextprotocol/server-everything) over Streamable HTTP
 * as a child process, so tests talk to an MCP server we did not write.
 */

export interface ServerEverything {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServerEverything(
  options: { startTimeoutMs?: number } = {},
): Promise<ServerEverything> {
  const port = await freePort();
  const bin = path.resolve(import.meta.dirname, '../../node_modules/.bin/mcp-server-everything');
  // Its own process group, so close() ends it and anything it started.
  const child = spawn(bin, ['streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  const close = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3_000);
    await gone;
    clearTimeout(timer);
  };

  for (;;) {
    if (exited) throw new Error(`mcp-server-everything exited before answering:\n${output}`);
    try {
      // Any HTTP answer means it listens; a GET without a session is refused, which is fine.
      await fetch(url, { method: 'GET', signal: AbortSignal.timeout(1_000) }).then((r) =>
        r.body?.cancel(),
      );
      return { url, close };
    } catch {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`mcp-server-everything did not answer on ${url}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
