/**
 * Where to go after signing in (`?next=`): only a path that resolves, against the console's
 * own origin, to that same origin, and that a browser reads the same way. `startsWith('/')`
 * alone let `/\evil.example/` and `/%09/evil.example/` through: URL parsing turns the
 * backslash into a slash and drops the tab, and the browser went to http://evil.example/.
 * Used by the sign-in page's server redirect and by the form's client-side navigation.
 */
export function safeNextPath(next: unknown, consoleUrl: string): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  let origin: string;
  let resolved: URL;
  try {
    origin = new URL(consoleUrl).origin;
    resolved = new URL(next, origin);
  } catch {
    return '/';
  }
  if (resolved.origin !== origin) return '/';
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // What we hand on is re-read as a URL by Next and the browser: it must itself be a plain
  // path (no "//host", no backslash) that lands on the same origin again.
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return '/';
  if (new URL(path, origin).origin !== origin) return '/';
  return path;
}
