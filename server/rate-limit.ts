import 'server-only';
import type { Db } from '@/lib/db/client';
import { countCallsSince } from '@/lib/db/calls';
import { AppError } from '@/lib/errors';

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Per-user limit on starting calls, counted from the Call rows themselves: it holds across
 * console instances and restarts, and needs no table of its own. Throws `rate_limited` (429)
 * saying when the next call may start.
 */
export async function enforceCallRateLimit({
  db,
  userId,
  limit,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  limit: RateLimit;
  now?: Date;
}): Promise<void> {
  const since = new Date(now.getTime() - limit.windowSeconds * 1000);
  const { count, oldest } = await countCallsSince({ db, userId, since });
  if (count < limit.max) return;
  const freeAt = (oldest ?? now).getTime() + limit.windowSeconds * 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
  throw new AppError(
    'rate_limited',
    `You started ${count} calls in the last ${limit.windowSeconds} seconds, the most allowed. Try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}
