import type {
  CallEvent,
  ClaimCheckAction,
  ClaimCheckVerdict,
  ConfirmationDecision,
  NoticeEvent,
  Preview,
  ToolCallState,
  ToolErrorCode,
} from './schema';

/** What the transcript panel shows of a call: the state `reduceCallEvents` (reducer.ts) keeps. */

export interface ToolCallStep {
  state: ToolCallState;
  seq: number;
  ts: string;
}

export interface ToolCallEntry {
  kind: 'tool_call';
  key: string;
  /** seq of the first event of this entry (orders late arrivals) */
  seq: number;
  toolCallId: string;
  tool: string;
  server: string | null;
  state: ToolCallState;
  args?: Preview;
  result?: Preview;
  resultCut?: { originalBytes: number; keptBytes: number };
  error?: { code: ToolErrorCode; message: string };
  durationMs?: number;
  /** every state the call passed through, in seq order */
  steps: ToolCallStep[];
  confirmation?: { decision: ConfirmationDecision; via: string; by: string | null; ts: string };
  /** seq of the event that set `state` */
  stateSeq: number;
}

export interface TranscriptEntry {
  kind: 'transcript';
  key: string;
  /** null for entries that exist only from live segments */
  seq: number | null;
  role: 'user' | 'agent';
  /** every segment id this entry stands for (a stored one and a live one once reconciled) */
  segmentIds: string[];
  text: string;
  final: boolean;
  /** where the text came from: stored/published events, LiveKit's live segments, or both */
  source: 'event' | 'live' | 'both';
}

export interface NoticeEntry {
  kind: 'notice';
  key: string;
  seq: number;
  ts: string;
  level: NoticeEvent['level'];
  code: string;
  message: string;
}

export interface CallStateEntry {
  kind: 'call_state';
  key: string;
  seq: number;
  ts: string;
  state: 'started' | 'ended';
  reason?: string;
}

/** A claim found in an agent segment (a `claim_check` event), shown on that segment's bubble. */
export interface ClaimMark {
  key: string;
  seq: number;
  ts: string;
  segmentId: string;
  text: string;
  verdict: ClaimCheckVerdict;
  tool: string;
  toolCallIds: string[];
  action: ClaimCheckAction;
  correction: boolean;
  fact?: string;
}

/**
 * How long a missing seq is waited for before the events after it are shown anyway (the agent
 * lost it, or it is late): the same for the server's live stream, the review page and the call
 * page (which first catches up from the stored log).
 */
export const GAP_PATIENCE_MS = 2_000;

export type CallEntry = ToolCallEntry | TranscriptEntry | NoticeEntry | CallStateEntry;

export interface CallView {
  callId: string | null;
  entries: CallEntry[];
  /** the lowest seq not applied yet: everything below was applied or is listed in `missing` */
  nextSeq: number;
  /** events that arrived ahead of a gap, in seq order */
  held: CallEvent[];
  /** seqs given up on (flush_gaps) that have not arrived */
  missing: number[];
  duplicates: number;
  /** events for another call, or that failed the contract */
  rejected: number;
  status: 'unknown' | 'started' | 'ended';
  startedAt?: string;
  endedAt?: string;
  endReason?: string;
  /** claims found in agent segments, in seq order (claimsOf() finds a bubble's) */
  claims: ClaimMark[];
  /** the last tool call whose state changed, for screen-reader announcements */
  lastToolChange?: { key: string; state: ToolCallState; seq: number };
}

export interface LiveSegment {
  role: 'user' | 'agent';
  segmentId: string;
  text: string;
  final: boolean;
}

export type CallViewAction =
  | { type: 'reset'; callId: string | null }
  | { type: 'event'; event: CallEvent }
  | { type: 'events'; events: readonly CallEvent[] }
  | { type: 'live_segment'; segment: LiveSegment }
  | { type: 'flush_gaps' }
  | { type: 'rejected' };

export const initialCallView: CallView = {
  callId: null,
  entries: [],
  nextSeq: 0,
  held: [],
  missing: [],
  duplicates: 0,
  rejected: 0,
  status: 'unknown',
  claims: [],
};

/** Appends, or places a late event before the first entry with a higher seq. */
export function insert(view: CallView, entry: CallEntry): CallView {
  const seq = entry.seq;
  const lastSeq = maxEntrySeq(view.entries);
  if (seq === null || lastSeq === null || seq > lastSeq)
    return { ...view, entries: [...view.entries, entry] };
  const at = view.entries.findIndex((e) => e.seq !== null && e.seq > seq);
  const entries = [...view.entries];
  entries.splice(at === -1 ? entries.length : at, 0, entry);
  return { ...view, entries };
}

function maxEntrySeq(entries: readonly CallEntry[]): number | null {
  let max: number | null = null;
  for (const e of entries) if (e.seq !== null && (max === null || e.seq > max)) max = e.seq;
  return max;
}
