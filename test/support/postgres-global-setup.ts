/**
 * Vitest global setup of the `postgresql` project: one real PostgreSQL server for the run (each
 * test file makes its own database on it, test/support/test-db.ts). Without PostgreSQL's binaries
 * this fails with what to install; the database tests are never skipped.
 */
import { startPostgres, type PostgresServer } from './postgres-server';

let server: PostgresServer | undefined;

export async function setup() {
  server = await startPostgres();
  process.env.TEST_POSTGRES_URL = server.url;
}

export async function teardown() {
  await server?.stop();
}
