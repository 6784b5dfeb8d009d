/**
 * One default profile, whatever writers race: several console instances (two clients here, each
 * with its own connections, as two processes would have) create the first profiles or make
 * different profiles the default at the same moment. SQLite serializes writers (IMMEDIATE
 * transactions); PostgreSQL under READ COMMITTED does not, so without a lock both "no default
 * yet" checks pass, or each switch clears the other defaults it can see and both stay set.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createAgentProfile, setDefaultProfile } from '@/lib/db/agent-profiles';
import { createDb, type Db } from '@/lib/db/client';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let other: Db;
beforeAll(async () => {
  t = await createTestDb();
  // SQLite: better-sqlite3 waits for a lock synchronously, so a second client in this one process
  // would block the first one's transaction (two processes do not); its writers share one.
  other = t.provider === 'sqlite' ? t.db : createDb(t.url);
});
afterAll(async () => {
  if (other !== t?.db) await other?.$disconnect();
  await t?.cleanup();
});
afterEach(async () => {
  await t.db.agentProfile.deleteMany();
});

const content = {
  prompt: 'You answer the phone.',
  model: 'gpt-realtime',
  voice: 'marin',
  allTools: true,
  toolIds: [],
};

const defaults = async () =>
  (await t.db.agentProfile.findMany({ where: { isDefault: true }, select: { name: true } })).map(
    (p) => p.name,
  );

it('the first profiles created at once by two instances: exactly one is the default', async () => {
  for (let round = 0; round < 5; round++) {
    await t.db.agentProfile.deleteMany();
    await Promise.all(
      ['A', 'B', 'C', 'D'].map((name, i) =>
        createAgentProfile({
          db: i % 2 === 0 ? t.db : other,
          name: `${name}${round}`,
          content,
          authorId: null,
        }),
      ),
    );
    expect(await defaults()).toHaveLength(1);
  }
});

it('two instances make different profiles the default at once: exactly one is', async () => {
  const profiles = [];
  for (const name of ['First', 'Second', 'Third', 'Fourth'])
    profiles.push(await createAgentProfile({ db: t.db, name, content, authorId: null }));
  expect(await defaults()).toEqual(['First']);
  const rest = profiles.slice(1);
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      rest.map((profile, i) =>
        setDefaultProfile({ db: i % 2 === 0 ? t.db : other, profileId: profile.id }),
      ),
    );
    const names = await defaults();
    expect(names).toHaveLength(1);
    expect(rest.map((p) => p.name)).toContain(names[0]);
  }
});
