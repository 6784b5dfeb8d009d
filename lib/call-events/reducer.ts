import type { CallEvent, ToolCallEvent, ToolCallState, ToolErrorCode } from './schema';
import {
  initialCallView,
  insert,
  type CallStateEntry,
  type CallView,
  type ClaimMark,
  type TranscriptEntry,
  type CallViewAction,
  type ToolCallEntry,
  type ToolCallStep,
} from './call-view';
import { applyLiveSegment, applyStoredTranscript } from './transcript-merge';

export * from './call-view';
export { normalizeSpeech } from './transcript-merge';

/**
 * The one pure reducer from call events to what the transcript panel shows (CONTRIBUTING rule 8).
 * The live call page, the live monitor, the review page and the tests all use it.
 *
 * Seq'd events (the contract) are applied in seq order: a duplicate is ignored, an event ahead of
 * a gap is held until the gap fills, and `flush_gaps` gives up on a gap (its seqs are reported in
 * `missing`; if one arrives later it is still applied, without moving a tool call backwards).
 * Live transcription segments from LiveKit carry no seq; they are reconciled with stored
 * `transcript` events of the same segment id, or of the same role and text (LiveKit's segment ids
 * are not the agent's item ids), so nothing shows twice.
 */

export function reduceCallEvents(state: CallView, action: CallViewAction): CallView {
  switch (action.type) {
    case 'reset':
      return { ...initialCallView, callId: action.callId };
    case 'event':
      return receive(state, action.event);
    case 'events':
      return action.events.reduce(receive, state);
    case 'live_segment':
      return applyLiveSegment(state, action.segment);
    case 'flush_gaps':
      return flushGaps(state);
    case 'rejected':
      return { ...state, rejected: state.rejected + 1 };
  }
}

/** A stored, complete event list (review page, tests): applied in seq order, gaps reported. */
export function foldCallEvents(events: readonly CallEvent[], callId?: string): CallView {
  const start = callId
    ? reduceCallEvents(initialCallView, { type: 'reset', callId })
    : initialCallView;
  return flushGaps(reduceCallEvents(start, { type: 'events', events }));
}

/** Seqs not seen yet below the highest one seen: given up on, or still held for. */
export function missingSeqs(view: CallView): number[] {
  const waiting: number[] = [];
  const held = new Set(view.held.map((e) => e.seq));
  const top = view.held.at(-1)?.seq;
  if (top !== undefined) for (let s = view.nextSeq; s < top; s++) if (!held.has(s)) waiting.push(s);
  return [...view.missing, ...waiting];
}

/** The highest seq applied (for resuming a stream after it), or -1. */
export function lastAppliedSeq(view: CallView): number {
  let last = view.nextSeq - 1;
  while (last >= 0 && view.missing.includes(last)) last -= 1;
  return last;
}

function receive(state: CallView, event: CallEvent): CallView {
  const callId = state.callId ?? event.callId;
  if (event.callId !== callId) return { ...state, rejected: state.rejected + 1 };
  let view = state.callId === callId ? state : { ...state, callId };
  if (event.seq < view.nextSeq) {
    // Below the frontier: applied already, unless it is a seq we gave up on.
    if (!view.missing.includes(event.seq)) return { ...view, duplicates: view.duplicates + 1 };
    view = { ...view, missing: view.missing.filter((s) => s !== event.seq) };
    return apply(view, event);
  }
  if (event.seq > view.nextSeq) {
    if (view.held.some((e) => e.seq === event.seq))
      return { ...view, duplicates: view.duplicates + 1 };
    const held = [...view.held, event].sort((a, b) => a.seq - b.seq);
    return { ...view, held };
  }
  view = apply({ ...view, nextSeq: event.seq + 1 }, event);
  return drainHeld(view);
}

function drainHeld(state: CallView): CallView {
  let view = state;
  while (view.held[0] && view.held[0].seq === view.nextSeq) {
    const [next, ...rest] = view.held;
    view = apply({ ...view, held: rest, nextSeq: next.seq + 1 }, next);
  }
  return view;
}

function flushGaps(state: CallView): CallView {
  let view = state;
  while (view.held.length > 0) {
    const [next, ...rest] = view.held as [CallEvent, ...CallEvent[]];
    const skipped: number[] = [];
    for (let s = view.nextSeq; s < next.seq; s++) skipped.push(s);
    view = apply(
      { ...view, held: rest, nextSeq: next.seq + 1, missing: [...view.missing, ...skipped] },
      next,
    );
  }
  return view;
}

function apply(view: CallView, event: CallEvent): CallView {
  switch (event.type) {
    case 'tool_call':
      return applyToolCall(view, event);
    case 'confirmation': {
      const key = toolKey(event.toolCallId);
      const entries = view.entries.map((entry) =>
        entry.kind === 'tool_call' && entry.key === key
          ? {
              ...entry,
              confirmation: {
                decision: event.decision,
                via: event.via,
                by: event.by,
                ts: event.ts,
              },
            }
          : entry,
      );
      return { ...view, entries };
    }
    case 'transcript':
      return applyStoredTranscript(view, event);
    case 'notice':
      return insert(view, {
        kind: 'notice',
        key: `notice:${event.seq}`,
        seq: event.seq,
        ts: event.ts,
        level: event.level,
        code: event.code,
        message: event.message,
      });
    case 'claim_check': {
      const key = `claim:${event.seq}`;
      const mark: ClaimMark = {
        key,
        seq: event.seq,
        ts: event.ts,
        segmentId: event.segmentId,
        text: event.text,
        verdict: event.verdict,
        tool: event.tool,
        toolCallIds: event.toolCallIds,
        action: event.action,
        correction: event.correction,
        ...(event.fact ? { fact: event.fact } : {}),
      };
      const claims = [...view.claims, mark].sort((a, b) => a.seq - b.seq);
      return { ...view, claims };
    }
    case 'call_state': {
      const entry: CallStateEntry = {
        kind: 'call_state',
        key: `call_state:${event.seq}`,
        seq: event.seq,
        ts: event.ts,
        state: event.state,
        ...(event.reason ? { reason: event.reason } : {}),
      };
      const next = insert(view, entry);
      if (event.state === 'started')
        return {
          ...next,
          status: next.status === 'ended' ? 'ended' : 'started',
          startedAt: next.startedAt ?? event.ts,
        };
      return {
        ...next,
        status: 'ended',
        endedAt: event.ts,
        ...(event.reason ? { endReason: event.reason } : {}),
      };
    }
  }
}

const toolKey = (toolCallId: string) => `tool:${toolCallId}`;

function applyToolCall(view: CallView, event: ToolCallEvent): CallView {
  const key = toolKey(event.toolCallId);
  const index = view.entries.findIndex((e) => e.key === key);
  const step: ToolCallStep = { state: event.state, seq: event.seq, ts: event.ts };
  if (index === -1) {
    const entry: ToolCallEntry = {
      kind: 'tool_call',
      key,
      seq: event.seq,
      toolCallId: event.toolCallId,
      tool: event.tool,
      server: event.server,
      state: event.state,
      steps: [step],
      stateSeq: event.seq,
      ...pickDetails(event),
    };
    return {
      ...insert(view, entry),
      lastToolChange: { key, state: event.state, seq: event.seq },
    };
  }
  const current = view.entries[index] as ToolCallEntry;
  const newer = event.seq > current.stateSeq;
  const details = pickDetails(event);
  const updated: ToolCallEntry = {
    ...current,
    seq: Math.min(current.seq, event.seq),
    steps: [...current.steps, step].sort((a, b) => a.seq - b.seq),
    // A late, older event only fills in what is missing; it never moves the state backwards.
    ...(newer
      ? { state: event.state, stateSeq: event.seq, tool: event.tool, server: event.server }
      : {}),
    ...(newer ? details : fillMissing(current, details)),
  };
  const entries = [...view.entries];
  entries[index] = updated;
  return {
    ...view,
    entries,
    ...(newer ? { lastToolChange: { key, state: event.state, seq: event.seq } } : {}),
  };
}

type ToolDetails = Pick<ToolCallEntry, 'args' | 'result' | 'resultCut' | 'error' | 'durationMs'>;

function pickDetails(event: ToolCallEvent): ToolDetails {
  const details: ToolDetails = {};
  if (event.args) details.args = event.args;
  if (event.result) details.result = event.result;
  if (event.resultCut) details.resultCut = event.resultCut;
  if (event.error) details.error = event.error;
  if (event.durationMs !== undefined) details.durationMs = event.durationMs;
  return details;
}

function fillMissing(current: ToolCallEntry, details: ToolDetails): ToolDetails {
  const filled: ToolDetails = {};
  for (const name of ['args', 'result', 'resultCut', 'error', 'durationMs'] as const)
    if (current[name] === undefined && details[name] !== undefined)
      (filled as Record<string, unknown>)[name] = details[name];
  return filled;
}

export interface ToolCallSummaryRow {
  toolCallId: string;
  tool: string;
  server: string | null;
  state: ToolCallState;
  errorCode?: ToolErrorCode;
  durationMs?: number;
}

/** Each tool called, its outcome and latency, in call order (the review page's summary). */
export function summarizeToolCalls(view: CallView): ToolCallSummaryRow[] {
  return view.entries.flatMap((e) =>
    e.kind === 'tool_call'
      ? [
          {
            toolCallId: e.toolCallId,
            tool: e.tool,
            server: e.server,
            state: e.state,
            ...(e.error ? { errorCode: e.error.code } : {}),
            ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}),
          },
        ]
      : [],
  );
}

/** The claims found in one transcript bubble (by any of the segment ids it stands for). */
export function claimsOf(view: CallView, entry: TranscriptEntry): ClaimMark[] {
  if (entry.role !== 'agent') return [];
  return view.claims.filter((c) => entry.segmentIds.includes(c.segmentId));
}

export interface ClaimSummary {
  total: number;
  supported: number;
  unsupported: number;
  contradicted: number;
  corrected: number;
}

/** "4 claims, 3 backed by tool results, 1 not" (the review page's summary). */
export function summarizeClaims(view: CallView): ClaimSummary {
  const summary = { total: 0, supported: 0, unsupported: 0, contradicted: 0, corrected: 0 };
  for (const c of view.claims) {
    summary.total += 1;
    summary[c.verdict] += 1;
    if (c.action === 'corrected') summary.corrected += 1;
  }
  return summary;
}
