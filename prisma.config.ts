import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseUrl } from './lib/db/database-url';

// The WebAssembly schema engine through the driver adapter: the native engine cannot be
// downloaded on machines without internet (see README, "Database").
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaBetterSQLite3({ url: databaseUrl() });
  },
});
