import { CALL_EVENTS_TOPIC, CallEvent, type CallEventBody } from '@/lib/call-events/schema';
import { encodeCallEvents } from '@/lib/call-events/wire';
import type { EventStoreWriter } from './event-store-writer';
import type { Logger } from './logger';

/**
 * The one way call events leave the agent: numbered (seq, +1 per call), time-stamped, validated
 * against the contract, stored, and only then published to the room, in order. Store first: a
 * worker killed mid-call must not leave a room that saw an event the database never got (the
 * console closes such a call from what is stored, lib/db/abandoned-calls.ts).
 */
export type PublishText = (text: string, options: { topic: string }) => Promise<unknown>;

/** A message stays well under what a browser parses at once; a bigger burst takes several. */
export const MAX_EVENTS_PER_MESSAGE = 100;

/** The write's outcome if it is known by now, else undefined (a settled promise wins the race). */
const settledNow = (stored: Promise<boolean>) => Promise.race([stored, Promise.resolve(undefined)]);

export interface CallEventEmitterOptions {
  callId: string;
  store: Pick<EventStoreWriter, 'enqueue'>;
  log: Logger;
  /** `room.localParticipant.sendText`, bound; absent when the session runs without a room */
  publish?: PublishText;
  now?: () => Date;
}

export type CallEventListener = (event: CallEvent) => void;

export class CallEventEmitter {
  readonly callId: string;
  private nextSeq = 0;
  private readonly options: CallEventEmitterOptions;
  /**
   * events waiting to be published, in seq order, each with its write; one pump sends them in
   * order, each once it is stored, those stored together in one message (lib/call-events/wire.ts)
   */
  private readonly outbox: Array<{ event: CallEvent; stored: Promise<boolean> }> = [];
  private pumping: Promise<void> | undefined;
  private readonly pending: Array<{
    body: CallEventBody | (() => CallEventBody);
    detail: unknown;
    ts: string;
  }> = [];
  private flushScheduled = false;
  private readonly listeners = new Set<CallEventListener>();
  private publishFailures = 0;

  constructor(options: CallEventEmitterOptions) {
    this.options = options;
    this.callId = options.callId;
  }

  /**
   * Queues one event. Events are stamped now and, in order, validated, numbered, stored and
   * published right after the current turn of the event loop, so this bookkeeping stays off the
   * path of the tool call that emitted it. An event that fails the contract is logged and not
   * sent, and uses up no seq. A body may be given as a function, so work such as previews of
   * large arguments or results is done then too, not on the tool call's path.
   */
  emit(body: CallEventBody | (() => CallEventBody), detail?: unknown): void {
    this.pending.push({ body, detail, ts: (this.options.now?.() ?? new Date()).toISOString() });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.processPending());
    }
  }

  private processPending(): void {
    this.flushScheduled = false;
    for (const { body: bodyOrFactory, detail, ts } of this.pending.splice(0)) {
      const body = typeof bodyOrFactory === 'function' ? bodyOrFactory() : bodyOrFactory;
      const parsed = CallEvent.safeParse({
        ...body,
        v: 1,
        callId: this.callId,
        seq: this.nextSeq,
        ts,
      });
      if (!parsed.success) {
        this.options.log.error(
          { callId: this.callId, type: body.type, issues: parsed.error.issues },
          'call event failed the contract and was not sent',
        );
        continue;
      }
      this.nextSeq += 1;
      const event = parsed.data;
      const stored = this.options.store.enqueue(
        detail === undefined ? { event } : { event, detail },
      );
      if (this.options.publish) this.outbox.push({ event, stored });
      for (const listener of this.listeners) listener(event);
    }
    if (this.options.publish && this.outbox.length > 0 && !this.pumping) {
      this.pumping = this.pump(this.options.publish);
    }
  }

  onEvent(listener: CallEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async pump(publish: PublishText): Promise<void> {
    try {
      while (this.outbox.length > 0) {
        // The oldest waits for its write; whatever else is stored by then (the same write, as a
        // rule) goes in the same message, up to MAX_EVENTS_PER_MESSAGE.
        const ready: CallEvent[] = [];
        let taken = 0;
        for (const { event, stored } of this.outbox) {
          const written = taken === 0 ? await stored : await settledNow(stored);
          if (written === undefined || taken === MAX_EVENTS_PER_MESSAGE) break;
          taken += 1;
          if (written) ready.push(event);
          // The writer logged the loss; the room must not hear of what the record lacks.
          else
            this.options.log.warn(
              { callId: this.callId, seq: event.seq },
              'call event not published: it could not be stored',
            );
        }
        this.outbox.splice(0, taken);
        if (ready.length === 0) continue;
        try {
          await publish(encodeCallEvents(ready), { topic: CALL_EVENTS_TOPIC });
        } catch (error) {
          this.publishFailures += 1;
          this.options.log.warn(
            {
              callId: this.callId,
              seqs: ready.map((e) => e.seq),
              failures: this.publishFailures,
              error: String(error),
            },
            'call events could not be published to the room (they are stored)',
          );
        }
      }
    } finally {
      this.pumping = undefined;
    }
  }

  /**
   * processes every queued event now and waits until all were stored and handed to the room (or
   * given up by the writer: when closing, start this, then close the writer, then await this)
   */
  async flush(): Promise<void> {
    this.processPending();
    while (this.pumping) await this.pumping;
  }
}
