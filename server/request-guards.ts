import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';

/**
 * Checks every route handler runs before its own code (server/route-handler.ts): a
 * state-changing request must come from the console's own pages (same origin, JSON), and no
 * body is read past a small limit. Browsers send a cross-site form or `text/plain` fetch with
 * the user's cookies and no preflight; only `Origin` (or `Sec-Fetch-Site`) tells them apart.
 */

/** Bodies the console's own pages send are a few hundred bytes; 16 KiB leaves room. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The origins the console's pages are served from: CONSOLE_URL's, and outside production
 * also the request's own (next dev moves to the next free port when 3000 is taken).
 */
function consoleOrigins(request: Request): Set<string> {
  const env = consoleEnv();
  const origins = new Set<string>();
  const configured = originOf(env.consoleUrl);
  if (configured) origins.add(configured);
  if (!env.production) {
    const own = originOf(request.url);
    if (own) origins.add(own);
  }
  return origins;
}

/** Throws forbidden unless the request comes from one of the console's own origins. */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin !== 'null' && consoleOrigins(request).has(origin)) return;
    throw new AppError(
      'forbidden',
      'This request came from another site. Use the console’s own pages to do this.',
    );
  }
  // Browsers always send Origin on state-changing fetches; Sec-Fetch-Site is the fallback.
  if (request.headers.get('sec-fetch-site') === 'same-origin') return;
  throw new AppError(
    'forbidden',
    'This request did not say where it came from (no Origin header). Use the console’s own pages to do this.',
  );
}

/** Throws unsupported_media_type unless the body is declared as JSON. */
export function assertJson(request: Request): void {
  const type = request.headers.get('content-type') ?? '';
  const essence = type.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/json') return;
  throw new AppError(
    'unsupported_media_type',
    `This endpoint takes JSON (Content-Type: application/json), not ${type ? type.split(';')[0] : 'a body without a Content-Type'}.`,
  );
}

function tooLarge(limit: number): AppError {
  return new AppError(
    'payload_too_large',
    `The request body is larger than ${limit} bytes, the most this endpoint reads.`,
    { maxBytes: limit },
  );
}

/**
 * The body, read only up to `limit` bytes: refused by Content-Length before any byte is read,
 * and while streaming when a body without (or with a false) Content-Length goes past it.
 */
export async function readBodyWithin(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Runs the checks and returns the request to hand on: for a state-changing method, a copy
 * whose body is the bytes already read (so the handler can read it as usual).
 */
export async function guardRequest(
  request: Request,
  options: { maxBodyBytes: number },
): Promise<Request> {
  if (!isStateChanging(request.method)) return request;
  assertSameOrigin(request);
  assertJson(request);
  const body = await readBodyWithin(request, options.maxBodyBytes);
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: body.byteLength > 0 ? body : null,
    signal: request.signal,
  });
}
