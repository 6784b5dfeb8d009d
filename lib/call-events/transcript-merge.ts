import type { CallEvent } from './schema';
import {
  insert,
  type CallEntry,
  type CallView,
  type LiveSegment,
  type TranscriptEntry,
} from './call-view';

/**
 * Transcript entries from two sources: stored/published `transcript` events (the agent's chat
 * items) and LiveKit's live `lk.transcription` segments. They are one entry when they share a
 * segment id, or when their role and words are the same (LiveKit's segment ids, SG_..., are not
 * the agent's item ids).
 */

/** Lower case, letters and digits only: the same words from LiveKit and the store compare equal. */
export function normalizeSpeech(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function findTranscript(
  entries: readonly CallEntry[],
  test: (entry: TranscriptEntry) => boolean,
): number {
  return entries.findIndex((e) => e.kind === 'transcript' && test(e));
}

export function applyStoredTranscript(
  view: CallView,
  event: Extract<CallEvent, { type: 'transcript' }>,
): CallView {
  const entries = [...view.entries];
  let index = findTranscript(
    entries,
    (e) => e.role === event.role && e.segmentIds.includes(event.segmentId),
  );
  if (index === -1 && event.final) {
    const spoken = normalizeSpeech(event.text);
    index = findTranscript(
      entries,
      (e) => e.role === event.role && e.source === 'live' && normalizeSpeech(e.text) === spoken,
    );
  }
  if (index === -1) {
    return insert(view, {
      kind: 'transcript',
      key: `transcript:${event.segmentId}`,
      seq: event.seq,
      role: event.role,
      segmentIds: [event.segmentId],
      text: event.text,
      final: event.final,
      source: 'event',
    });
  }
  const current = entries[index] as TranscriptEntry;
  entries[index] = {
    ...current,
    seq: current.seq === null ? event.seq : Math.min(current.seq, event.seq),
    segmentIds: current.segmentIds.includes(event.segmentId)
      ? current.segmentIds
      : [...current.segmentIds, event.segmentId],
    // The stored text is what the agent kept; a final one is not replaced by an interim one.
    ...(current.final && !event.final && current.source !== 'live'
      ? {}
      : { text: event.text, final: event.final || current.final }),
    source: current.source === 'live' ? 'both' : current.source,
  };
  return { ...view, entries };
}

export function applyLiveSegment(view: CallView, segment: LiveSegment): CallView {
  const entries = [...view.entries];
  const index = findTranscript(
    entries,
    (e) => e.role === segment.role && e.segmentIds.includes(segment.segmentId),
  );
  if (index !== -1) {
    const current = entries[index] as TranscriptEntry;
    // Once the agent's own (stored) final text is there, it wins over LiveKit's.
    if (current.source !== 'live' && current.final) return view;
    entries[index] = { ...current, text: segment.text, final: segment.final || current.final };
    return mergeIntoStored({ ...view, entries }, index);
  }
  const spoken = normalizeSpeech(segment.text);
  const partner = spoken
    ? findTranscript(
        entries,
        (e) =>
          e.role === segment.role &&
          e.source === 'event' &&
          e.final &&
          normalizeSpeech(e.text) === spoken,
      )
    : -1;
  if (partner !== -1) {
    const current = entries[partner] as TranscriptEntry;
    entries[partner] = {
      ...current,
      segmentIds: [...current.segmentIds, segment.segmentId],
      source: 'both',
    };
    return { ...view, entries };
  }
  return {
    ...view,
    entries: [
      ...entries,
      {
        kind: 'transcript',
        key: `live:${segment.segmentId}`,
        seq: null,
        role: segment.role,
        segmentIds: [segment.segmentId],
        text: segment.text,
        final: segment.final,
        source: 'live',
      },
    ],
  };
}

/** A live-only entry whose text now equals a stored final one of the same role becomes part of it. */
function mergeIntoStored(view: CallView, liveIndex: number): CallView {
  const live = view.entries[liveIndex] as TranscriptEntry;
  if (live.source !== 'live') return view;
  const spoken = normalizeSpeech(live.text);
  if (!spoken) return view;
  const partner = findTranscript(
    view.entries,
    (e) =>
      e.role === live.role && e.source === 'event' && e.final && normalizeSpeech(e.text) === spoken,
  );
  if (partner === -1) return view;
  const stored = view.entries[partner] as TranscriptEntry;
  const entries = view.entries.map((e, i) =>
    i === partner
      ? {
          ...stored,
          segmentIds: [...stored.segmentIds, ...live.segmentIds],
          source: 'both' as const,
        }
      : e,
  );
  entries.splice(liveIndex, 1);
  return { ...view, entries };
}
