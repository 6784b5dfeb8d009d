import type { Db } from './client';

/** Names of the migrations Prisma applied to this database and did not roll back. */
export async function listAppliedMigrations({ db }: { db: Db }): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return rows.map((row) => row.migration_name);
}
