import pg from 'pg';
import { startPostgres } from '@/test/support/postgres-server';

export interface LivePostgres {
  /** a fresh, empty database on its own server: the consoles' start-up migrates it */
  url: string;
  stop(): Promise<void>;
}

/**
 * One real PostgreSQL server for a live test, the one the unit tests' `postgresql` project uses
 * (test/support/postgres-server.ts: Debian's binaries, 127.0.0.1, a free port). Without
 * PostgreSQL this throws with what to install, so the test fails instead of skipping.
 */
export async function startLivePostgres(): Promise<LivePostgres> {
  const server = await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE voice_console_live');
    } finally {
      await admin.end();
    }
    return { url: server.urlFor('voice_console_live'), stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
