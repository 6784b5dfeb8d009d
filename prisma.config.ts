import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { cliPostgresAdapter } from './prisma/cli-postgres-adapter';
import { databaseUrl } from './lib/db/database-url';
import { migrationsFolder, providerOf, schemaFile } from './lib/db/schema-files';

// The WebAssembly schema engine through the driver adapter: the native engine cannot be
// downloaded on machines without internet (see README, "Database"). DATABASE_URL's scheme picks
// the schema, its migrations and the adapter: file: SQLite, postgres(ql):// PostgreSQL.
const url = databaseUrl();
const provider = providerOf(url);
const root = import.meta.dirname;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.relative(root, schemaFile(root, provider)),
  migrations: { path: path.relative(root, migrationsFolder(root, provider)) },
  async adapter() {
    return provider === 'sqlite' ? new PrismaBetterSQLite3({ url }) : cliPostgresAdapter(url);
  },
});
