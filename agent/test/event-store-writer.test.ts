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

  // The room hears of an event only once it is written: the wait before a write is latency on
  // every event. The default waits 10 ms, long enough for a tool call's events to share a write.
  it('writes a burst 10 ms after it is queued, in one statement', async () => {
    vi.useFakeTimers();
    const held = heldAppend();
    const writer = createEventStoreWriter({ append: held.append, log: quiet, callId: 'call-1' });
    const stored = [0, 1].map((seq) => writer.enqueue(item(seq)));
    await vi.advanceTimersByTimeAsync(5);
    stored.push(writer.enqueue(item(2)));
    expect(held.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(5);
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
    await vi.advanceTimersByTimeAsync(10);
    const later = [1, 2, 3, 4].map((seq) => writer.enqueue(item(seq)));
    await microtasks();
    expect(held.batches).toEqual([[0]]);
    held.release();
    await first;
    // no second wait: under load, events only wait for the write before them
    await microtasks();
    expect(held.batches).toEqual([[0], [1, 2, 3, 4]]);
    held.release();
    await expect(Promise.all(later)).resolves.toEqual([true, true, true, true]);
  });

  it('with no delay, writes as soon as the burst is queued, with the clock stopped', async () => {
    vi.useFakeTimers();
    const held = heldAppend();
    const writer = createEventStoreWriter({
      append: held.append,
      log: quiet,
      callId: 'call-1',
      flushDelayMs: 0,
    });
    const stored = [0, 1].map((seq) => writer.enqueue(item(seq)));
    await microtasks();
    expect(held.batches).toEqual([[0, 1]]);
    held.release();
    await expect(Promise.all(stored)).resolves.toEqual([true, true]);
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
