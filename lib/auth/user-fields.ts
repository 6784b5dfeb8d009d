import { z } from 'zod';

/**
 * The rules for what people call themselves, in one place: the Users page's form (create
 * action) and better-auth's database hooks (lib/auth/auth.ts), so no endpoint of the auth
 * library (update-user, admin/create-user, admin/update-user) can store a name the app would
 * refuse. Shown to admins on Users and Calls, a name must not be able to hide or reorder text.
 */

// C0/C1 controls and DEL, line and paragraph separators, and the bidirectional formatting
// characters (embeddings, overrides, isolates, marks). Zero-width joiners stay: emoji use them.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const USER_NAME_MAX = 100;

export const UserName = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(USER_NAME_MAX, `Use at most ${USER_NAME_MAX} characters.`)
  .refine(
    (name) => !FORBIDDEN_CHARACTERS.test(name),
    'Remove control or text-direction characters from the name.',
  );
