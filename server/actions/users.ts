'use server';

import 'server-only';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getAuth } from '@/lib/auth/auth';
import { UserName } from '@/lib/auth/user-fields';
import { getDb } from '@/lib/db/client';
import { countAdmins, findUserByEmail, findUserById } from '@/lib/db/users';
import { AppError } from '@/lib/errors';
import { adminAction } from '@/server/define-action';

const Role = z.enum(['admin', 'member']);

const CreateUser = z.object({
  name: UserName,
  email: z.email('Enter a valid email address.').trim().toLowerCase(),
  password: z.string().min(10, 'Use at least 10 characters.').max(128),
  role: Role,
});

export const createUser = adminAction(CreateUser, async (input, { user: admin }) => {
  const db = getDb();
  if (await findUserByEmail({ db, email: input.email })) {
    throw new AppError('conflict', 'An account with this email already exists.', {
      field: 'email',
    });
  }
  const { user } = await getAuth().api.createUser({
    body: { name: input.name, email: input.email, password: input.password, role: input.role },
    headers: await headers(),
  });
  console.info(`[users] ${admin.email} added ${input.email} as ${input.role}`);
  revalidatePath('/users');
  return { id: user.id };
});

const SetRole = z.object({ userId: z.string().min(1), role: Role });

export const setUserRole = adminAction(SetRole, async (input, { user: admin }) => {
  const db = getDb();
  const target = await findUserById({ db, id: input.userId });
  if (!target) throw new AppError('not_found', 'That user no longer exists.');
  if (target.role === 'admin' && input.role !== 'admin' && (await countAdmins({ db })) <= 1) {
    throw new AppError('conflict', 'This is the only admin. Make someone else an admin first.');
  }
  await getAuth().api.setRole({
    body: { userId: input.userId, role: input.role },
    headers: await headers(),
  });
  console.info(`[users] ${admin.email} set ${target.email} to ${input.role}`);
  revalidatePath('/users');
});
