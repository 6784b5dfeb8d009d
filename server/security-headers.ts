/**
 * Security headers (issue 13 item 6). Framework-free and without the env module, because
 * next.config.ts (which sends the static ones on every response, API and assets included)
 * imports it too; proxy.ts adds the per-request Content-Security-Policy for pages.
 */

/** Sent on every response. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  // Older browsers' frame-ancestors; admin pages must never be framed (clickjacking).
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // The call page needs the microphone; nothing needs the camera, location or payments.
  { key: 'Permissions-Policy', value: 'microphone=(self), camera=(), geolocation=(), payment=()' },
];

/** For responses that are never a page (route handlers): nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The origins the browser's LiveKit client talks to for a LIVEKIT_URL: its WebSocket
 * (signalling) and the same host over HTTP(S) (livekit-client validates a failed connection
 * with a fetch, and LiveKit Cloud asks for its regions, which are other hosts of the project's
 * domain). Media itself goes over WebRTC, which CSP does not govern.
 */
export function livekitConnectSources(livekitUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(livekitUrl);
  } catch {
    return [];
  }
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const hosts = [url.host];
  if (/\.livekit\.cloud$/i.test(url.hostname)) hosts.push('*.livekit.cloud');
  return hosts.flatMap((host) =>
    secure ? [`wss://${host}`, `https://${host}`] : [`ws://${host}`, `http://${host}`],
  );
}

/**
 * The pages' policy: scripts only with this response's nonce (Next puts it on its own scripts
 * when it reads it from the request's CSP header) and what they load ('strict-dynamic'),
 * connections only to the console and its LiveKit server.
 */
export function pageContentSecurityPolicy({
  nonce,
  livekitUrl,
  development,
}: {
  nonce: string;
  livekitUrl: string;
  development: boolean;
}): string {
  const directives = [
    "default-src 'self'",
    // React uses eval for its debugging aids in development only.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // style attributes (Radix, Sonner, React's style prop) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${livekitConnectSources(livekitUrl).join(' ')}`.trim(),
    "media-src 'self' blob: mediastream:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}
