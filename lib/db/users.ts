import type { Db } from './client';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'member';
  createdAt: string;
}

export async function listUsers({ db }: { db: Db }): Promise<UserRow[]> {
  const users = await db.user.findMany({ orderBy: { createdAt: 'asc' } });
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role === 'admin' ? 'admin' : 'member',
    createdAt: user.createdAt.toISOString(),
  }));
}

export async function countAdmins({ db }: { db: Db }): Promise<number> {
  return db.user.count({ where: { role: 'admin' } });
}

export async function findUserById({ db, id }: { db: Db; id: string }) {
  return db.user.findUnique({ where: { id } });
}

export async function findUserByEmail({ db, email }: { db: Db; email: string }) {
  return db.user.findUnique({ where: { email } });
}
