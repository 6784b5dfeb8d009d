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
 * A builder of our own rather than next-safe-action 8: that library returns
 * `{ data, serverError, validationErrors }` and turns a failed role check into a returned error,
 * while the console's contract is `ActionResult` with typed codes (lib/errors.ts), read the same
 * way by every component, and a refusal that never touches the input.
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
