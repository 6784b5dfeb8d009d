/**
 * The client's address for a request, as the sign-in rate limit keys it (issue 13 item 1).
 * `next start` only fills X-Forwarded-For when the client did not send one, so any client could
 * name its own address. The console's HTTP server (scripts/start-console.ts) replaces the
 * header with the value this returns, before Next sees the request: the socket's address, or,
 * behind TRUSTED_PROXY_COUNT proxies that each append the address they saw, the one the
 * outermost trusted proxy saw. Anything further left was written by the client.
 */
export function clientAddress({
  socketAddress,
  forwardedFor,
  trustedProxyCount,
}: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxyCount: number;
}): string | undefined {
  if (trustedProxyCount <= 0) return socketAddress;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = socketAddress ? [...forwarded, socketAddress] : forwarded;
  // chain = [..., client, proxy 1, ..., proxy N]: the socket is the last proxy.
  return chain[Math.max(0, chain.length - 1 - trustedProxyCount)];
}

/** Replaces X-Forwarded-For on an incoming request with the one address the console trusts. */
export function setClientAddressHeader(
  req: {
    socket: { remoteAddress?: string };
    headers: Record<string, string | string[] | undefined>;
  },
  trustedProxyCount: number,
): void {
  const address = clientAddress({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    trustedProxyCount,
  });
  if (address) req.headers['x-forwarded-for'] = address;
  else delete req.headers['x-forwarded-for'];
}
