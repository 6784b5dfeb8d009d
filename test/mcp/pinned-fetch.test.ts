import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinnedFetch } from '@/lib/mcp/pinned-fetch';

describe('pinned fetch: the address checked is the address connected to', () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;

  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      hits += 1;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses at connect time a name that resolves to loopback when the policy refuses it', async () => {
    // No pre-check runs here: only the connection's own lookup stands between us and loopback.
    const strict = createPinnedFetch({ allowPrivate: false, allowList: [] });
    const error = await strict(`http://localhost:${port}/`).then(
      () => null,
      (failure: unknown) => failure as Error & { cause?: { code?: string; message?: string } },
    );
    expect(error).not.toBeNull();
    expect(error?.cause?.code).toBe('url_not_allowed');
    expect(hits).toBe(0);
  });

  it('connects when the policy allows the resolved address', async () => {
    const allowed = createPinnedFetch({ allowPrivate: false, allowList: ['localhost'] });
    const response = await allowed(`http://localhost:${port}/`);
    expect(await response.text()).toBe('ok');
    expect(hits).toBe(1);
  });
});
