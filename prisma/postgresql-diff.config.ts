import { defineConfig } from 'prisma/config';
import { diffOnlyPostgresAdapter } from './diff-only-postgres-adapter';

// `prisma migrate diff --config prisma/postgresql-diff.config.ts` between two PostgreSQL schema
// files, with no server (scripts/new-migration.ts).
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'postgresql/schema.prisma',
  async adapter() {
    return diffOnlyPostgresAdapter();
  },
});
