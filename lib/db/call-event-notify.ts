import pg from 'pg';
import { z } from 'zod';
import { dbProvider, type Db } from './client';
import { parseJson } from '../json';
import { databaseUrl } from './database-url';
import { providerOf } from './schema-files';

/**
 * PostgreSQL announces appended call events (NOTIFY) so a console's live monitors wait for them
 * instead of polling the log: whoever appends (an agent worker on any host) notifies, and each
 * console process holds ONE listening connection that wakes its viewers of that call. SQLite is
 * one host and has no notifications: there the live monitor keeps polling.
 */
const CHANNEL = 'call_events';

/** What a notification carries: the call and the last seq the batch stored. */
export const CallEventsNotice = z.object({ callId: z.string().min(1), seq: z.number().int() });
export type CallEventsNotice = z.infer<typeof CallEventsNotice>;

/** Announces stored events (PostgreSQL only; a no-op on SQLite). */
export async function notifyCallEvents({
  db,
  callId,
  seq,
}: {
  db: Db;
  callId: string;
  seq: number;
}): Promise<void> {
  if (dbProvider(db) !== 'postgresql') return;
  const payload = JSON.stringify({ callId, seq } satisfies CallEventsNotice);
  await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${payload})`;
}

export interface CallEventWakeups {
  /** Calls `wake` whenever events of this call may have been stored (and after a reconnect). */
  subscribe(callId: string, wake: () => void): () => void;
  /**
   * Resolves once a connection is LISTENing (at once if one is). Whatever is stored from then on is
   * announced; a viewer that subscribes earlier is woken when the listener connects instead.
   */
  listening(): Promise<void>;
  /** Viewers subscribed in this process (for the bench and logs). */
  readonly viewers: number;
  close(): Promise<void>;
}

const RECONNECT_MS = [250, 500, 1000, 2000, 5000];

/** The one listening connection of this process, fanning notifications out by call. */
export function listenForCallEvents({
  url,
  onError = (error) => console.error('[call-events] listener failed', error.message),
}: {
  url: string;
  onError?: (error: Error) => void;
}): CallEventWakeups {
  const byCall = new Map<string, Set<() => void>>();
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let count = 0;
  let onListening: Array<() => void> = [];

  const wakeAll = () => {
    for (const wakes of byCall.values()) for (const wake of wakes) wake();
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      const notice = CallEventsNotice.safeParse(parseJson(message.payload));
      if (!notice.success) return;
      for (const wake of byCall.get(notice.data.callId) ?? []) wake();
    });
    next.on('error', (error) => {
      onError(error);
      void reconnect(next);
    });
    next.on('end', () => void reconnect(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      attempt = 0;
      for (const resolve of onListening) resolve();
      onListening = [];
      // Anything stored while no connection listened was not announced: everyone re-reads.
      wakeAll();
    } catch (error) {
      onError(error as Error);
      await next.end().catch(() => {});
      const delay = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]!;
      setTimeout(() => void connect(), delay).unref();
    }
  };

  const reconnect = async (dead: pg.Client) => {
    if (client !== dead || closed) return;
    client = null;
    await dead.end().catch(() => {});
    const delay = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]!;
    setTimeout(() => void connect(), delay).unref();
  };

  void connect();

  return {
    subscribe(callId, wake) {
      let wakes = byCall.get(callId);
      if (!wakes) byCall.set(callId, (wakes = new Set()));
      wakes.add(wake);
      count += 1;
      return () => {
        if (!wakes.delete(wake)) return;
        count -= 1;
        if (wakes.size === 0) byCall.delete(callId);
      };
    },
    listening() {
      if (client) return Promise.resolve();
      return new Promise<void>((resolve) => onListening.push(resolve));
    },
    get viewers() {
      return count;
    },
    async close() {
      closed = true;
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}

const globalForListener = globalThis as unknown as {
  voiceConsoleCallEventWakeups?: { url: string; wakeups: CallEventWakeups };
};

/**
 * This process's listener for `url` (made on first use), or null on SQLite, where nothing is
 * announced and viewers poll.
 */
export function callEventWakeups(rawUrl: string | undefined): CallEventWakeups | null {
  const url = databaseUrl(rawUrl);
  if (providerOf(url) !== 'postgresql') return null;
  const current = globalForListener.voiceConsoleCallEventWakeups;
  if (current?.url === url) return current.wakeups;
  const wakeups = listenForCallEvents({ url });
  globalForListener.voiceConsoleCallEventWakeups = { url, wakeups };
  return wakeups;
}
