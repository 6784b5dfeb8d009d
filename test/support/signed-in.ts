/**
 * A real session for a unit test that calls actions or route handlers directly: the user is
 * created and signed in through the console's own auth (better-auth), so the real guards
 * (server/auth-guards.ts) run. The test file mocks `next/headers` so that `headers()` returns
 * the cookie this gives (Next's request context is what a unit test lacks, not our code).
 * Call it once DATABASE_URL points at the test's database.
 */
export async function signedInCookie({
  email,
  password,
  name,
  role,
}: {
  email: string;
  password: string;
  name: string;
  role: 'admin' | 'member';
}): Promise<string> {
  const { getAuth } = await import('@/lib/auth/auth');
  const auth = getAuth();
  await auth.api.createUser({ body: { email, password, name, role } });
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  if (!cookie.includes('session_token')) throw new Error(`signing in ${email} gave no session`);
  return cookie;
}
