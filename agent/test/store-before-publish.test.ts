import { describe, expect, it } from 'vitest';
import { decodeCallEvents } from '@/lib/call-events/wire';
import type { EventToAppend } from '@/lib/db/call-events';
import { CallEventEmitter, MAX_EVENTS_PER_MESSAGE } from '../src/call-event-emitter';
import { createEventStoreWriter } from '../src/event-store-writer';
import type { Logger } from '../src/logger';

/**
 * The room hears of an event only once the database has it: a worker killed between the two
 * would otherwise leave callers and monitors with events the record lacks (issue 16 item 5).
 */
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function gatedAppend() {
  const written: number[] = [];
  let open!: () => void;
  let gate = new Promise<void>((resolve) => (open = resolve));
  return {
    written,
    append: async (batch: EventToAppend[]) => {
      await gate;
      written.push(...batch.map((item) => item.event.seq));
    },
    release() {
      open();
      gate = Promise.resolve();
    },
  };
}

describe('store before publish', () => {
  it('publishes an event only after its write returned, in seq order', async () => {
    const db = gatedAppend();
    const writer = createEventStoreWriter({
      append: db.append,
      log: quiet,
      callId: 'c',
      flushDelayMs: 0,
    });
    const published: Array<{ seq: number; writtenThen: number[] }> = [];
    const emitter = new CallEventEmitter({
      callId: 'c',
      store: writer,
      log: quiet,
      publish: async (text) => {
        for (const { seq } of decodeCallEvents(text).events)
          published.push({ seq, writtenThen: [...db.written] });
      },
    });
    emitter.emit({ type: 'call_state', state: 'started' });
    emitter.emit({ type: 'notice', level: 'info', code: 'n', message: 'one' });
    await sleep(150);
    // The database has not answered: the room has heard nothing.
    expect(published).toEqual([]);
    db.release();
    emitter.emit({ type: 'notice', level: 'info', code: 'n', message: 'two' });
    await emitter.flush();
    expect(published.map((p) => p.seq)).toEqual([0, 1, 2]);
    for (const { seq, writtenThen } of published) expect(writtenThen).toContain(seq);
    expect(await writer.close()).toEqual({ written: 3, lost: 0 });
  });

  it('never publishes what could not be stored, and closing does not wait on it forever', async () => {
    const warnings: string[] = [];
    const log: Logger = { ...quiet, warn: (_fields, message) => warnings.push(message) };
    const writer = createEventStoreWriter({
      append: async () => {
        throw new Error('disk I/O error');
      },
      log,
      callId: 'c',
      initialBackoffMs: 5,
    });
    const published: string[] = [];
    const emitter = new CallEventEmitter({
      callId: 'c',
      store: writer,
      log,
      publish: async (text) => void published.push(text),
    });
    emitter.emit({ type: 'call_state', state: 'started' });
    emitter.emit({ type: 'call_state', state: 'ended', reason: 'user_initiated' });
    // The call session's order: flush (starts the pump), close the writer, await the flush.
    const flushed = emitter.flush();
    expect(await writer.close(200)).toEqual({ written: 0, lost: 2 });
    await flushed;
    expect(published).toEqual([]);
    expect(warnings.filter((w) => w.includes('not published'))).toHaveLength(2);
  });

  it('publishes what one write stored as one message, in seq order, and a later write in the next', async () => {
    const db = gatedAppend();
    const writer = createEventStoreWriter({ append: db.append, log: quiet, callId: 'c' });
    const messages: number[][] = [];
    const emitter = new CallEventEmitter({
      callId: 'c',
      store: writer,
      log: quiet,
      publish: async (text) => {
        messages.push(decodeCallEvents(text).events.map((e) => e.seq));
        // the room is slow: what is stored meanwhile waits for this message to go out
        await sleep(50);
      },
    });
    // One burst: one write (the writer waits 10 ms for the rest of it).
    for (const message of ['a', 'b', 'c'])
      emitter.emit({ type: 'notice', level: 'info', code: 'n', message });
    db.release();
    while (messages.length === 0) await sleep(1);
    // Two more, stored while the first message is still being sent: they go out together next.
    emitter.emit({ type: 'notice', level: 'info', code: 'n', message: 'd' });
    emitter.emit({ type: 'notice', level: 'info', code: 'n', message: 'e' });
    await emitter.flush();
    expect(messages).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(await writer.close()).toEqual({ written: 5, lost: 0 });
  });

  it('splits a burst bigger than a message holds, in order', async () => {
    const writer = createEventStoreWriter({ append: async () => {}, log: quiet, callId: 'c' });
    const messages: number[][] = [];
    const emitter = new CallEventEmitter({
      callId: 'c',
      store: writer,
      log: quiet,
      publish: async (text) => void messages.push(decodeCallEvents(text).events.map((e) => e.seq)),
    });
    for (let i = 0; i < MAX_EVENTS_PER_MESSAGE + 5; i++)
      emitter.emit({ type: 'notice', level: 'info', code: 'n', message: `m${i}` });
    await emitter.flush();
    expect(messages.map((m) => m.length)).toEqual([MAX_EVENTS_PER_MESSAGE, 5]);
    expect(messages.flat()).toEqual(
      Array.from({ length: MAX_EVENTS_PER_MESSAGE + 5 }, (_, i) => i),
    );
  });
});
