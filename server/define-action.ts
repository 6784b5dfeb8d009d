import 'server-only';
import type { z } from 'zod';
import { ok, toActionFailure, type ActionResult } from '@/lib/errors';
import { requireAdmin, type CurrentUser } from './auth-guards';

/**
 * The one way to declare a server action (in a `'use server'` file under server/actions/):
 *
 *   export const renameProfile = adminAction(RenameProfile, async (input, { user }) => { ... });
 *
 * By construction the role check comes first and refuses before any input is read (it throws,
 * as the guards do), the input is parsed with the named schema, and whatever the body throws
 * becomes the typed failure of an `ActionResult`; the body returns plain data. The access sweep
 * (test/access-sweep.test.ts) checks every exported action against its declaration.
 *
 * A builder of our own rather than next-safe-action 8 (checked against its docs, 8.x): its result
 * is `{ data, serverError, validationErrors }`, not `ActionResult`; by default an error thrown in
 * middleware (where a role check goes) is caught, passed to `handleServerError` and returned as
 * `serverError`. It can be made to throw (`throwServerError: true` per action, or Next's
 * `forbidden()`/`unauthorized()`, which it rethrows), but then every server error throws,
 * typed failures included. Keeping `ActionResult` (typed codes and details, lib/errors.ts) for
 * every component and a refusal that throws before the input is read takes this one function.
 */
export interface ActionDeclaration {
  /** every action today is admin-only; a member action would add its role here */
  role: 'admin';
  input: z.ZodType;
}

const declarations = new WeakMap<object, ActionDeclaration>();

/** How an exported action was declared; undefined for a function not made here. */
export function declarationOf(action: unknown): ActionDeclaration | undefined {
  return typeof action === 'function' ? declarations.get(action) : undefined;
}

type Body<S extends z.ZodType, T> = (
  input: z.output<S>,
  context: { user: CurrentUser },
) => Promise<T>;

/** An action only admins may run. */
export function adminAction<S extends z.ZodType, T>(input: S, body: Body<S, T>) {
  const action = async (raw: unknown): Promise<ActionResult<T>> => {
    const user = await requireAdmin();
    try {
      return ok(await body(input.parse(raw), { user }));
    } catch (error) {
      return toActionFailure(error);
    }
  };
  declarations.set(action, { role: 'admin', input });
  return action;
}
