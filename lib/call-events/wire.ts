import { parseJson } from '../json';
import { safeParseCallEvent, type CallEvent } from './schema';

/**
 * What one `console.events` text stream carries: one call event, or several in seq order (what
 * one database write stored, published together). Each stream costs the agent several round
 * trips through LiveKit's native client, 18 ms median and over 100 ms at p95 on a busy 2-core
 * host (scripts/bench-live.ts), so one per event made a burst queue behind itself.
 */
export function encodeCallEvents(events: readonly CallEvent[]): string {
  if (events.length === 0) throw new Error('a console.events message carries at least one event');
  return JSON.stringify(events.length === 1 ? events[0] : events);
}

export interface DecodedCallEvents {
  /** the valid events, in the message's order */
  events: CallEvent[];
  /** one line per part that was not a valid event (a message that is not JSON is one) */
  problems: string[];
}

export function decodeCallEvents(text: string): DecodedCallEvents {
  const value = parseJson(text);
  if (value === undefined) return { events: [], problems: ['the event is not JSON'] };
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (items.length === 0) return { events: [], problems: ['the message holds no event'] };
  const events: CallEvent[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const parsed = safeParseCallEvent(item);
    if (parsed.success) events.push(parsed.data);
    else
      problems.push(
        `the event does not match the contract: ${parsed.error.issues[0]?.message ?? ''}`,
      );
  }
  return { events, problems };
}
