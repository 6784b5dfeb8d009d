import path from 'node:path';

/**
 * Where each database's Prisma schema and migrations live. `prisma/schema.prisma` is the one file
 * the models are written in (SQLite, the default); Prisma's `provider` must be a literal, so the
 * PostgreSQL schema is generated from it (`postgresSchemaFrom`) with migrations of its own, named
 * as their SQLite twins.
 */
export type DatabaseProvider = 'sqlite' | 'postgresql';

export function providerOf(url: string): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgresql';
  throw new Error(
    'DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL).',
  );
}

export function schemaFile(root: string, provider: DatabaseProvider): string {
  return provider === 'sqlite'
    ? path.join(root, 'prisma', 'schema.prisma')
    : path.join(root, 'prisma', 'postgresql', 'schema.prisma');
}

export function migrationsFolder(root: string, provider: DatabaseProvider): string {
  return path.join(path.dirname(schemaFile(root, provider)), 'migrations');
}

const GENERATED_NOTICE =
  '// Generated from ../schema.prisma by `npm run db:new-migration` (scripts/new-migration.ts).\n' +
  '// Do not edit: change the models there.\n\n';

/**
 * The PostgreSQL schema for the models of the SQLite one: the same models, another datasource and
 * client folder. Fails loudly if the SQLite schema's header is not the one this expects.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const datasource = /datasource db \{[^}]*\}/;
  const output = /output\s*=\s*"\.\.\/generated\/prisma"/;
  if (!datasource.test(sqliteSchema) || !output.test(sqliteSchema)) {
    throw new Error('prisma/schema.prisma: datasource db or generator output not found.');
  }
  return (
    GENERATED_NOTICE +
    sqliteSchema.replace(output, 'output     = "../../generated/prisma-postgresql"').replace(
      datasource,
      // The driver adapter picks the database; 6.19 still wants a URL of the right scheme here.
      'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://localhost/unused"\n}',
    )
  );
}
