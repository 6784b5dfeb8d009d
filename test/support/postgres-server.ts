/**
 * A real PostgreSQL server for tests: a new cluster in a temporary folder, on 127.0.0.1 and a
 * free port, no Unix socket, trust authentication (loopback only, thrown away afterwards).
 *
 * The binaries come from Debian's `postgresql` package (PG_BIN overrides the folder). initdb
 * refuses to run as root, so under root the cluster is made and run as the `postgres` OS user
 * that package creates (through runuser); as any other user it runs as that user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** an admin URL (database `postgres`) */
  url: string;
  port: number;
  /** a URL for another database on the same server */
  urlFor(database: string): string;
  /** the postmaster's process id (its children are the server's other processes) */
  pid(): number;
  stop(): Promise<void>;
}

function binFolder(): string {
  const dir = process.env.PG_BIN ?? DEFAULT_BIN;
  if (!fs.existsSync(path.join(dir, 'initdb')) || !fs.existsSync(path.join(dir, 'postgres'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no initdb/postgres in ${dir}). The database tests run on ` +
        `SQLite and on PostgreSQL: install it with \`apt-get install postgresql\` (Debian), or set ` +
        `PG_BIN to the folder holding initdb and postgres.`,
    );
  }
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Under root, commands run as `postgres`; the folder must be theirs. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited early:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binFolder();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-console-pg-'));
  const data = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  if (process.getuid?.() === 0) {
    fs.chmodSync(root, 0o755);
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (owner.status !== 0) {
      throw new Error(
        'Running as root, the test PostgreSQL runs as the `postgres` OS user, which does not ' +
          'exist: `apt-get install postgresql` creates it.',
      );
    }
    fs.chownSync(root, Number(owner.stdout.trim()), Number(group.stdout.trim()));
  }
  const [initCommand, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    throw new Error(`initdb failed:\n${init.stdout}${init.stderr}${init.error ?? ''}`);
  }

  const port = await freePort();
  const [command, args] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    '',
    // a throwaway cluster: durability buys nothing, and these settle two cores' worth of fsyncs
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=300',
  ]);
  const logStream = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', logStream, logStream] });
  fs.closeSync(logStream);
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const urlFor = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  try {
    await waitUntilReady(urlFor('postgres'), child, readLog);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const pidFile = path.join(data, 'postmaster.pid');
  const pid = () =>
    fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
  // A test run that dies without stop() leaves no server behind (after stop() there is no pid).
  process.once('exit', () => {
    const postmaster = pid();
    if (Number.isInteger(postmaster) && postmaster > 0) {
      try {
        process.kill(postmaster, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  });
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    pid,
    async stop() {
      // runuser does not pass signals on: signal the postmaster itself (its pid file's first
      // line). SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients without waiting.
      const postmaster = pid();
      if (Number.isInteger(postmaster) && postmaster > 0) {
        try {
          process.kill(postmaster, 'SIGINT');
        } catch {
          // already gone
        }
        const deadline = Date.now() + 10_000;
        while (fs.existsSync(pidFile) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
