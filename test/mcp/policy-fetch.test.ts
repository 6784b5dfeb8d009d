import { createServer, type Server, type ServerResponse } from 'node:http';
import { getEventListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyFetch } from '@/lib/mcp/policy-fetch';
import type { UrlPolicy } from '@/lib/mcp/types';

const dev: UrlPolicy = { allowPrivate: true, allowList: [] };

describe('policy fetch and the caller’s long-lived signal', () => {
  let server: Server;
  let base = '';
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } else if (req.url === '/accepted') {
        res.writeHead(202).end();
      } else if (req.url === '/stream') {
        // an event stream that sends one event and then stays open
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: message\ndata: {"jsonrpc":"2.0","method":"ping"}\n\n');
        held.push(res);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** POSTs a tools/call whose answer is an event stream that sends one event and stays open. */
  async function openToolCallStream(id: number, signal: AbortSignal) {
    const broken: unknown[] = [];
    const policyFetch = createPolicyFetch({
      policy: dev,
      onRequestStreamBroken: (ids) => broken.push(ids),
    });
    const response = await policyFetch(`${base}/stream`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: {} }),
      signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    return { broken, reader, first };
  }

  it('leaves no abort listener behind once each request is over', async () => {
    const transport = new AbortController();
    const policyFetch = createPolicyFetch({ policy: dev, onRequestStreamBroken: () => {} });
    for (let i = 0; i < 50; i++) {
      const json = await policyFetch(`${base}/json`, {
        method: 'POST',
        body: '{}',
        signal: transport.signal,
      });
      expect(await json.json()).toEqual({ ok: true });
      const accepted = await policyFetch(`${base}/accepted`, {
        method: 'POST',
        body: '{}',
        signal: transport.signal,
      });
      await accepted.body?.cancel();
    }
    expect(getEventListeners(transport.signal, 'abort')).toHaveLength(0);
  });

  it('still aborts a body in progress when the caller aborts, without calling it a lost connection', async () => {
    const transport = new AbortController();
    const { broken, reader, first } = await openToolCallStream(7, transport.signal);
    expect(new TextDecoder().decode(first.value)).toContain('ping');
    expect(getEventListeners(transport.signal, 'abort')).toHaveLength(1);
    const next = reader.read();
    transport.abort();
    await expect(next).rejects.toThrow();
    expect(broken).toEqual([]);
    expect(getEventListeners(transport.signal, 'abort')).toHaveLength(0);
  });

  it('reports the ids of the requests whose event stream broke mid-answer', async () => {
    const broken: Array<Array<string | number>> = [];
    const policyFetch = createPolicyFetch({
      policy: dev,
      onRequestStreamBroken: (ids) => broken.push(ids),
    });
    const response = await policyFetch(`${base}/stream`, {
      method: 'POST',
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 8, method: 'tools/call', params: {} },
        { jsonrpc: '2.0', method: 'notifications/progress', params: {} },
      ]),
    });
    const reader = response.body!.getReader();
    await reader.read();
    const next = reader.read();
    held.at(-1)!.destroy();
    await expect(next).rejects.toThrow();
    expect(broken).toEqual([[8]]);
  });

  it('does not call a stream the reader cancelled a lost connection, and lets its listener go', async () => {
    const transport = new AbortController();
    const { broken, reader } = await openToolCallStream(9, transport.signal);
    expect(getEventListeners(transport.signal, 'abort')).toHaveLength(1);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broken).toEqual([]);
    expect(getEventListeners(transport.signal, 'abort')).toHaveLength(0);
  });

  it('refuses at once when the caller’s signal is already aborted', async () => {
    const policyFetch = createPolicyFetch({ policy: dev });
    const transport = new AbortController();
    transport.abort();
    await expect(policyFetch(`${base}/json`, { signal: transport.signal })).rejects.toThrow();
  });
});
