import { APIError, createAuthMiddleware } from 'better-auth/api';
import type { Db } from '../db/client';
import {
  accountLockSeconds,
  clearFailedSignIns,
  recordFailedSignIn,
  type AccountLockLimit,
} from '../db/sign-in-failures';

/**
 * The per-account lock on failed sign-ins (issue 13 item 1): the address limit alone lets one
 * email be tried from many addresses. Keyed by the email as typed, whether an account has it
 * or not, so a locked unknown email gets the same answer, after the same work, as a locked
 * account, and the lock says nothing about who has an account.
 */
const SIGN_IN_PATH = '/sign-in/email';

function emailOf(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === 'string' && email.trim() ? email : undefined;
}

export function accountLockHooks({ db, limit }: { db: () => Db; limit: AccountLockLimit }) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      const email = emailOf(ctx.body);
      if (!email) return;
      const seconds = await accountLockSeconds({ db: db(), email });
      if (seconds > 0) {
        throw new APIError('TOO_MANY_REQUESTS', {
          code: 'ACCOUNT_LOCKED',
          message: `Too many failed sign-ins for this email. Try again in ${Math.ceil(seconds / 60)} min.`,
        });
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      const email = emailOf(ctx.body);
      if (!email) return;
      const returned = ctx.context.returned;
      if (returned instanceof APIError) {
        // Wrong password or unknown email; not a refusal by the lock or the address limit.
        if (returned.statusCode === 401) await recordFailedSignIn({ db: db(), email, limit });
      } else {
        await clearFailedSignIns({ db: db(), email });
      }
    }),
  };
}
