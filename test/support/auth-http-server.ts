import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setClientAddressHeader } from '@/server/client-address';

/**
 * The auth route handler behind a real HTTP server on 127.0.0.1, with the same client-address
 * step the production console's server runs before Next (scripts/start-console.ts), so tests
 * send real requests over real sockets with whatever X-Forwarded-For a client would send.
 */
export interface AuthHttpServer {
  origin: string;
  signIn(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return new Request(`${origin}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
}

export async function startAuthHttpServer({
  trustedProxyCount,
}: {
  trustedProxyCount: number;
}): Promise<AuthHttpServer> {
  const { POST } = await import('@/app/api/auth/[...all]/route');
  let origin = '';
  const http = createServer((req, res) => {
    setClientAddressHeader(req, trustedProxyCount);
    void (async () => {
      const response = await POST(await toRequest(req, origin));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    origin,
    signIn: (body, headers = {}) =>
      fetch(`${origin}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, ...headers },
        body: JSON.stringify(body),
      }),
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
