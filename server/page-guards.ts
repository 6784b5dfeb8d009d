import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { getCurrentUser, type CurrentUser } from './auth-guards';

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUserPage(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}

/** For admin pages: members get the 403 page (app/forbidden.tsx). */
export async function requireAdminPage(): Promise<CurrentUser> {
  const user = await requireUserPage();
  if (user.role !== 'admin') forbidden();
  return user;
}
