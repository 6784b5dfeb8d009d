/**
 * The production console: Next's request handler behind our own HTTP server, so the client
 * address the sign-in limits key on is the socket's (or the trusted proxies'), never a value
 * the client wrote in X-Forwarded-For (server/client-address.ts). Otherwise what `next start`
 * does: PORT (default 3000) and HOSTNAME, the built app in .next.
 */
import { createServer } from 'node:http';
import next from 'next';
import { loadDotEnv } from '../lib/env/local-secrets';
import { setClientAddressHeader } from '../server/client-address';

loadDotEnv();
const { consoleEnv } = await import('../lib/env/console-env');
const env = consoleEnv();

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;
const app = next({ dev: false, dir: process.cwd(), port, ...(hostname ? { hostname } : {}) });
await app.prepare();
const handle = app.getRequestHandler();
const upgrade = app.getUpgradeHandler();

const server = createServer((req, res) => {
  setClientAddressHeader(req, env.trustedProxyCount);
  void handle(req, res);
});
server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
server.listen(port, hostname, () => {
  console.info(`▲ Voice Console ready on http://${hostname ?? 'localhost'}:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Like next start: stop at once (kept-alive connections would hold a graceful close open).
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
