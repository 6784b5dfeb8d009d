import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallEvent } from '@/lib/call-events/schema';
import type { EventToAppend } from '@/lib/db/call-events';
import { createEventStoreWriter } from '../src/event-store-writer';
import type { Logger } from '../src/logger';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function item(seq: number): EventToAppend {
  const event: CallEvent = {
    v: 1,
    callId: 'call-1',
    seq,
    ts: new Date(0).toISOString(),
    type: 'notice',
    level: 'info',
    code: 'n',
    message: String(seq),
  };
  return { event };
}

/** append that records each batch's seqs and stays open until the test lets it finish */
function heldAppend() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const append = (batch: EventToAppend[]) => {
    batches.push(batch.map((b) => b.event.seq));
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  return { append, batches, release: () => releases.shift()?.() };
}

const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('event store writer: group commit', () => {
  afterEach(() => vi.useRealTimers());

  // The room hears of an event only once it is written: a timer before the write is latency on
  // every event. With the clock stopped, the write must still start.
  it('writes a burst as soon as it is queued, in one statement, with no timer', async () => {
    vi.useFakeTimers();
    const held = heldAppend();
    const writer = createEventStoreWriter({ append: held.append, log: quiet, callId: 'call-1' });
    const stored = [0, 1, 2].map((seq) => writer.enqueue(item(seq)));
    await microtasks();
    expect(held.batches).toEqual([[0, 1, 2]]);
    held.release();
    await expect(Promise.all(stored)).resolves.toEqual([true, true, true]);
    expect(writer.written).toBe(3);
  });

  it('puts what arrives during a write into the next statement, in order', async () => {
    vi.useFakeTimers();
    const held = heldAppend();
    const writer = createEventStoreWriter({ append: held.append, log: quiet, callId: 'call-1' });
    const first = writer.enqueue(item(0));
    await microtasks();
    const later = [1, 2, 3, 4].map((seq) => writer.enqueue(item(seq)));
    await microtasks();
    expect(held.batches).toEqual([[0]]);
    held.release();
    await first;
    await microtasks();
    expect(held.batches).toEqual([[0], [1, 2, 3, 4]]);
    held.release();
    await expect(Promise.all(later)).resolves.toEqual([true, true, true, true]);
  });

  it('still waits when a delay is asked for', async () => {
    vi.useFakeTimers();
    const held = heldAppend();
    const writer = createEventStoreWriter({
      append: held.append,
      log: quiet,
      callId: 'call-1',
      flushDelayMs: 50,
    });
    void writer.enqueue(item(0));
    await microtasks();
    expect(held.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(held.batches).toEqual([[0]]);
    held.release();
  });

  it('a close right after a burst writes it once', async () => {
    const batches: number[][] = [];
    const writer = createEventStoreWriter({
      append: async (batch) => void batches.push(batch.map((b) => b.event.seq)),
      log: quiet,
      callId: 'call-1',
    });
    const stored = [0, 1].map((seq) => writer.enqueue(item(seq)));
    await expect(writer.close()).resolves.toEqual({ written: 2, lost: 0 });
    await expect(Promise.all(stored)).resolves.toEqual([true, true]);
    expect(batches).toEqual([[0, 1]]);
  });
});
