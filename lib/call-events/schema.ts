import { z } from 'zod';

/**
 * The call-event contract (docs/architecture.md). One schema for the agent (producer),
 * the browser (live panel), the database (append-only log) and the review pages.
 * Version 1. Every event of a call carries `seq`, increasing by one per call, so
 * gaps and reordering are visible to every consumer.
 */

export const CALL_EVENTS_TOPIC = 'console.events';

export const ToolCallState = z.enum([
  'requested',
  'awaiting_confirmation',
  'executing',
  'done',
  'failed',
]);
export type ToolCallState = z.infer<typeof ToolCallState>;

export const ToolErrorCode = z.enum([
  'invalid_arguments',
  'timeout',
  'server_unreachable',
  /** the server refused the console's credentials (an OAuth grant needing Reconnect, a bad header) */
  'auth_required',
  'tool_error',
  'cancelled',
  'denied',
  'internal',
]);
export type ToolErrorCode = z.infer<typeof ToolErrorCode>;

/** A bounded rendering of a JSON value or text: the wire carries what fits. */
export const Preview = z.object({
  text: z.string(),
  /** true when `text` is shorter than the value it previews */
  truncated: z.boolean(),
  /** UTF-8 size of the full value, in bytes */
  bytes: z.number().int().nonnegative(),
});
export type Preview = z.infer<typeof Preview>;

const base = {
  v: z.literal(1),
  callId: z.string().min(1),
  seq: z.number().int().nonnegative(),
  /** ISO 8601 time the producer created the event */
  ts: z.iso.datetime(),
};

export const ToolCallEvent = z.object({
  ...base,
  type: z.literal('tool_call'),
  /** the model's call_id */
  toolCallId: z.string().min(1),
  /** the function name the model used */
  tool: z.string(),
  /** the MCP server's name, null when the model asked for a tool no server offers */
  server: z.string().nullable(),
  state: ToolCallState,
  args: Preview.optional(),
  result: Preview.optional(),
  /** set on `done` when the result handed to the model was cut to the tool's result budget */
  resultCut: z.object({ originalBytes: z.number().int(), keptBytes: z.number().int() }).optional(),
  error: z.object({ code: ToolErrorCode, message: z.string() }).optional(),
  /** on done/failed: time from execution start (or request) to the outcome */
  durationMs: z.number().nonnegative().optional(),
});
export type ToolCallEvent = z.infer<typeof ToolCallEvent>;

export const ConfirmationDecision = z.enum(['approved', 'denied', 'timeout', 'call_ended']);
export type ConfirmationDecision = z.infer<typeof ConfirmationDecision>;

/** The caller's answer to a tool that needs confirmation: who, when (ts), how. */
export const ConfirmationEvent = z.object({
  ...base,
  type: z.literal('confirmation'),
  toolCallId: z.string().min(1),
  decision: ConfirmationDecision,
  via: z.enum(['voice', 'button', 'system']),
  /** user id of who answered; null for timeouts and call end */
  by: z.string().nullable(),
});
export type ConfirmationEvent = z.infer<typeof ConfirmationEvent>;

export const TranscriptEvent = z.object({
  ...base,
  type: z.literal('transcript'),
  role: z.enum(['user', 'agent']),
  segmentId: z.string().min(1),
  text: z.string(),
  final: z.boolean(),
});
export type TranscriptEvent = z.infer<typeof TranscriptEvent>;

export const NoticeEvent = z.object({
  ...base,
  type: z.literal('notice'),
  level: z.enum(['info', 'warning', 'error']),
  code: z.string().min(1),
  message: z.string(),
});
export type NoticeEvent = z.infer<typeof NoticeEvent>;

export const CallStateEvent = z.object({
  ...base,
  type: z.literal('call_state'),
  state: z.enum(['started', 'ended']),
  reason: z.string().optional(),
});
export type CallStateEvent = z.infer<typeof CallStateEvent>;

export const ClaimCheckVerdict = z.enum(['supported', 'unsupported', 'contradicted']);
export type ClaimCheckVerdict = z.infer<typeof ClaimCheckVerdict>;

/**
 * What was done about a claim: `recorded` (backed, nothing to do), `flagged` (unbacked, marked
 * only: the profile says so, or the words were already a correction), `corrected` (unbacked,
 * the agent was interrupted if still speaking and told to correct itself).
 */
export const ClaimCheckAction = z.enum(['recorded', 'flagged', 'corrected']);
export type ClaimCheckAction = z.infer<typeof ClaimCheckAction>;

/**
 * What the agent said, held against what ran (lib/claims): one event per claim found in an
 * agent transcript segment, supported ones too, so a review can count them.
 */
export const ClaimCheckEvent = z.object({
  ...base,
  type: z.literal('claim_check'),
  /** the agent transcript segment the claim is in (a `transcript` event's segmentId) */
  segmentId: z.string().min(1),
  /** the claim's own words */
  text: z.string(),
  verdict: ClaimCheckVerdict,
  /** the tool the claim needs */
  tool: z.string(),
  /** the calls it rests on (supported) or contradicts (contradicted); may be empty */
  toolCallIds: z.array(z.string()),
  action: ClaimCheckAction,
  /** the segment is the agent's correction of an earlier claim (never corrected again) */
  correction: z.boolean(),
  /** the ledger's fact the claim was held against, in words ("no send_email call ran in this call") */
  fact: z.string().optional(),
});
export type ClaimCheckEvent = z.infer<typeof ClaimCheckEvent>;

export const CallEvent = z.discriminatedUnion('type', [
  ToolCallEvent,
  ConfirmationEvent,
  TranscriptEvent,
  NoticeEvent,
  CallStateEvent,
  ClaimCheckEvent,
]);
export type CallEvent = z.infer<typeof CallEvent>;
export type CallEventType = CallEvent['type'];

/** Distributive Omit, so each member of the union keeps its own fields. */
export type CallEventBody = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, 'v' | 'callId' | 'seq' | 'ts'>
    : never
  : never;

export function safeParseCallEvent(value: unknown) {
  return CallEvent.safeParse(value);
}
