import type { Db } from './client';

export interface AccountLockLimit {
  /** failures within the window that lock the account */
  max: number;
  /** the window, and how long the lock lasts after the failure that set it */
  windowSeconds: number;
}

/** Emails are keyed as better-auth stores them: trimmed, lower case. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Seconds until sign-in is allowed again for this email, or 0 when it is not locked. */
export async function accountLockSeconds({
  db,
  email,
  now = new Date(),
}: {
  db: Db;
  email: string;
  now?: Date;
}): Promise<number> {
  const row = await db.signInFailure.findUnique({ where: { email: accountKey(email) } });
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** Counts one failed sign-in; the max-th within the window locks the email for the window. */
export async function recordFailedSignIn({
  db,
  email,
  limit,
  now = new Date(),
}: {
  db: Db;
  email: string;
  limit: AccountLockLimit;
  now?: Date;
}): Promise<void> {
  const key = accountKey(email);
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000);
  const row = await db.signInFailure.findUnique({ where: { email: key } });
  const failures = row && row.lastFailedAt > windowStart ? row.failures + 1 : 1;
  const lockedUntil =
    failures >= limit.max ? new Date(now.getTime() + limit.windowSeconds * 1000) : null;
  await db.signInFailure.upsert({
    where: { email: key },
    create: { email: key, failures, lastFailedAt: now, lockedUntil },
    update: { failures, lastFailedAt: now, lockedUntil },
  });
}

/** A successful sign-in starts the count again. */
export async function clearFailedSignIns({ db, email }: { db: Db; email: string }): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email: accountKey(email) } });
}
