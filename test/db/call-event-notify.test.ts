/**
 * Live views on PostgreSQL: appending events NOTIFYs, one LISTEN connection per process wakes the
 * viewers of that call (and only them), survives losing its connection, and the live stream reads
 * when woken rather than on a timer. On SQLite there is nothing to listen to: the stream polls.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCallEvents, markCallEnded } from '@/lib/db/call-events';
import {
  callEventWakeups,
  listenForCallEvents,
  notifyCallEvents,
  type CallEventWakeups,
} from '@/lib/db/call-event-notify';
import { liveEventStream } from '@/lib/db/call-event-stream';
import { callEvents } from '../calls/events';
import { seedCallRow, seedUser } from '../calls/seed';
import { createTestDb, testDatabaseProvider, type TestDb } from '../support/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedUser(t.db, 'viewer');
});
afterAll(async () => {
  await t?.cleanup();
});

const transcript = (callId: string, from: number, count: number) =>
  callEvents(
    callId,
    Array.from({ length: from + count }, (_, i) => ({
      type: 'transcript' as const,
      role: 'agent' as const,
      segmentId: `s${i}`,
      text: `line ${i}`,
      final: true,
    })),
  ).slice(from);

/** Resolves with how many wakes `callId` got once `count` arrived (or rejects after 10 s). */
function wakesFor(wakeups: CallEventWakeups, callId: string, count = 1) {
  let seen = 0;
  let unsubscribe = () => {};
  const done = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`woken ${seen}/${count} times`)), 10_000);
    unsubscribe = wakeups.subscribe(callId, () => {
      seen += 1;
      if (seen >= count) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
  return { done, stop: () => unsubscribe(), seen: () => seen };
}

if (testDatabaseProvider() === 'sqlite') {
  describe('live views on SQLite', () => {
    it('have no listener: the live stream polls', () => {
      expect(callEventWakeups(t.url)).toBeNull();
    });
  });
} else {
  describe('live views on PostgreSQL', () => {
    it('appending events wakes the viewers of that call only; ending the call wakes them too', async () => {
      const wakeups = listenForCallEvents({ url: t.url });
      try {
        const a = await seedCallRow(t.db, { userId: 'viewer', status: 'active' });
        const b = await seedCallRow(t.db, { userId: 'viewer', status: 'active' });
        await wakeups.listening();
        const onA = wakesFor(wakeups, a.id, 2);
        const onB = wakesFor(wakeups, b.id);
        await appendCallEvents({
          db: t.db,
          events: transcript(a.id, 0, 3).map((event) => ({ event })),
        });
        await markCallEnded({ db: t.db, callId: a.id, reason: 'user_initiated' });
        // one wake per batch (not per event), one for the end
        expect(await onA.done).toBe(2);
        expect(onB.seen()).toBe(0);
        onA.stop();
        onB.stop();
        expect(wakeups.viewers).toBe(0);
      } finally {
        await wakeups.close();
      }
    });

    it('reconnects when its connection is cut, and then wakes every viewer to re-read', async () => {
      const wakeups = listenForCallEvents({ url: t.url, onError: () => {} });
      try {
        const call = await seedCallRow(t.db, { userId: 'viewer', status: 'active' });
        await wakeups.listening();
        const afterCut = wakesFor(wakeups, call.id);
        const admin = new pg.Client({ connectionString: t.url });
        await admin.connect();
        try {
          const { rows } = await admin.query(
            "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE query = 'LISTEN call_events'",
          );
          expect(rows).toHaveLength(1);
        } finally {
          await admin.end();
        }
        await afterCut.done;
        afterCut.stop();
        // and it listens again
        const again = wakesFor(wakeups, call.id);
        await notifyCallEvents({ db: t.db, callId: call.id, seq: 0 });
        await again.done;
        again.stop();
      } finally {
        await wakeups.close();
      }
    });

    it('the live stream reads when woken, not on a timer', async () => {
      const wakeups = listenForCallEvents({ url: t.url });
      const controller = new AbortController();
      try {
        const call = await seedCallRow(t.db, { userId: 'viewer', status: 'active' });
        await wakeups.listening();
        const stream = liveEventStream({
          db: t.db,
          callId: call.id,
          afterSeq: -1,
          wakeups,
          signal: controller.signal,
        });
        const reader = stream.getReader();
        const decoder = new TextDecoder();
        let text = '';
        const readUntil = async (pattern: RegExp) => {
          while (!pattern.test(text)) {
            const { value, done } = await reader.read();
            if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
            text += decoder.decode(value);
          }
        };
        const batchAnnounced = wakesFor(wakeups, call.id);
        await appendCallEvents({
          db: t.db,
          events: transcript(call.id, 0, 2).map((event) => ({ event })),
        });
        await readUntil(/id: 1\n/);
        // The batch's notification woke the stream too (maybe after it had read the batch
        // already): let that read happen before storing behind its back.
        await batchAnnounced.done;
        batchAnnounced.stop();
        await new Promise((resolve) => setTimeout(resolve, 500));

        // Stored without a notification (as if it were lost): not sent by the next poll tick.
        const [row] = transcript(call.id, 2, 1);
        await t.db.callEvent.create({
          data: {
            callId: call.id,
            seq: 2,
            type: 'transcript',
            payload: JSON.stringify(row),
          },
        });
        const sent = readUntil(/id: 2\n/).then(() => 'sent');
        const early = await Promise.race([
          sent,
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000)),
        ]);
        expect(early).toBe('waiting');
        // The notification arrives: it is sent.
        await notifyCallEvents({ db: t.db, callId: call.id, seq: 2 });
        expect(await sent).toBe('sent');
        await markCallEnded({ db: t.db, callId: call.id, reason: 'user_initiated' });
        await readUntil(/event: end\n/);
        await reader.cancel();
      } finally {
        controller.abort();
        await wakeups.close();
      }
    });
  });
}
