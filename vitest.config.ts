import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const include = [
  'lib/**/*.test.ts',
  'components/**/*.test.{ts,tsx}',
  'server/**/*.test.ts',
  'test/**/*.test.ts',
  'agent/test/**/*.test.ts',
];

/**
 * The test files that touch the database (they make one with test/support/test-db.ts, directly
 * or through agent/test/support/call-tests.ts, or hand a DATABASE_URL to what they start): they
 * run once per database. Found from the sources, so a new
 * database test is on both without anyone listing it.
 */
function databaseTests(): string[] {
  const roots = ['lib', 'components', 'server', 'test', path.join('agent', 'test')];
  const found: string[] = [];
  for (const dir of roots) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.test\.tsx?$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (/support\/(test-db|call-tests)|DATABASE_URL/.test(fs.readFileSync(file, 'utf8')))
        found.push(file);
    }
  }
  return found.sort();
}

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Next resolves 'server-only' under the react-server condition, to this empty module; tests
      // import server modules the way the server does.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers on loopback; two cores, so keep it modest.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'sqlite', include, env: { TEST_DATABASE: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'postgresql',
          include: databaseTests(),
          env: { TEST_DATABASE: 'postgresql' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
