import { CALL_EVENTS_TOPIC, CallEvent, type CallEventBody } from '@/lib/call-events/schema';
import type { EventStoreWriter } from './event-store-writer';
import type { Logger } from './logger';

/**
 * The one way call events leave the agent: numbered (seq, +1 per call), time-stamped, validated
 * against the contract, then published to the room and queued for the database, in order.
 */
export type PublishText = (text: string, options: { topic: string }) => Promise<unknown>;

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
  private publishChain: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<CallEventListener>();
  private publishFailures = 0;

  constructor(options: CallEventEmitterOptions) {
    this.options = options;
    this.callId = options.callId;
  }

  /** Emits one event; returns it, or undefined when it failed validation (logged, not sent). */
  emit(body: CallEventBody, detail?: unknown): CallEvent | undefined {
    const candidate = {
      ...body,
      v: 1,
      callId: this.callId,
      seq: this.nextSeq,
      ts: (this.options.now?.() ?? new Date()).toISOString(),
    };
    const parsed = CallEvent.safeParse(candidate);
    if (!parsed.success) {
      this.options.log.error(
        { callId: this.callId, type: body.type, issues: parsed.error.issues },
        'call event failed the contract and was not sent',
      );
      return undefined;
    }
    this.nextSeq += 1;
    const event = parsed.data;
    this.options.store.enqueue(detail === undefined ? { event } : { event, detail });
    const publish = this.options.publish;
    if (publish) {
      const text = JSON.stringify(event);
      this.publishChain = this.publishChain
        .then(() => publish(text, { topic: CALL_EVENTS_TOPIC }))
        .then(
          () => undefined,
          (error: unknown) => {
            this.publishFailures += 1;
            this.options.log.warn(
              {
                callId: this.callId,
                seq: event.seq,
                failures: this.publishFailures,
                error: String(error),
              },
              'call event could not be published to the room (it is stored)',
            );
          },
        );
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  onEvent(listener: CallEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** waits for every publish started so far */
  async flushPublishes(): Promise<void> {
    await this.publishChain;
  }

  get emitted(): number {
    return this.nextSeq;
  }
}
