import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { consoleEnv } from '@/lib/env/console-env';
import { pageContentSecurityPolicy } from '@/server/security-headers';

/**
 * Every page: a fresh CSP nonce (Next reads it from the request's Content-Security-Policy
 * header and puts it on its scripts; the response carries the same policy), and, without a
 * session cookie, the redirect to sign-in. Every page, action and route handler still checks
 * the session itself (server/auth-guards.ts). Static security headers come from next.config.ts.
 */
export function proxy(request: NextRequest) {
  const env = consoleEnv();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const policy = pageContentSecurityPolicy({
    nonce,
    livekitUrl: env.livekit.url,
    development: !env.production,
  });

  const isSignIn = request.nextUrl.pathname === '/sign-in';
  let response: NextResponse;
  if (isSignIn || getSessionCookie(request)) {
    const headers = new Headers(request.headers);
    headers.set('content-security-policy', policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const url = request.nextUrl.clone();
    const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    url.pathname = '/sign-in';
    url.search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    response = NextResponse.redirect(url);
  }
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'],
};
