import 'server-only';
import { headers } from 'next/headers';
import { getAuth } from '@/lib/auth/auth';
import { isAdminRole, type Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The signed-in user of this request, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  // headers() first: it marks the page dynamic before any configuration is read.
  const requestHeaders = await headers();
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session || session.user.banned) return null;
  return {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: isAdminRole(session.user.role) ? 'admin' : 'member',
  };
}

/** First line of every member-level action and route handler. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthorized');
  return user;
}

/** First line of every admin-only action and route handler. */
export async function requireAdmin(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== 'admin') throw new AppError('forbidden');
  return user;
}
