import type { CallEvent, CallEventBody } from '@/lib/call-events/schema';
import { makePreview } from '@/lib/call-events/preview';

/** Builds contract events for a call, numbered from 0 in the order given. */
export function callEvents(
  callId: string,
  bodies: CallEventBody[],
  start = Date.UTC(2026, 0, 1),
): CallEvent[] {
  return bodies.map(
    (body, seq) =>
      ({ ...body, v: 1, callId, seq, ts: new Date(start + seq * 100).toISOString() }) as CallEvent,
  );
}

/** A realistic call: started, user asks, a tool call runs and is done, the agent answers, ended. */
export function sampleCall(callId = 'call-1'): CallEvent[] {
  return callEvents(callId, [
    { type: 'call_state', state: 'started' },
    {
      type: 'transcript',
      role: 'user',
      segmentId: 'item_u1',
      text: 'What is 2 plus 3?',
      final: true,
    },
    {
      type: 'tool_call',
      toolCallId: 'call_a',
      tool: 'get-sum',
      server: 'everything',
      state: 'requested',
      args: makePreview({ a: 2, b: 3 }),
    },
    {
      type: 'tool_call',
      toolCallId: 'call_a',
      tool: 'get-sum',
      server: 'everything',
      state: 'executing',
    },
    {
      type: 'tool_call',
      toolCallId: 'call_a',
      tool: 'get-sum',
      server: 'everything',
      state: 'done',
      result: makePreview('The sum of 2 and 3 is 5.'),
      durationMs: 4,
    },
    {
      type: 'tool_call',
      toolCallId: 'call_b',
      tool: 'send_email',
      server: null,
      state: 'requested',
      args: makePreview({ to: 'ann@example.com' }),
    },
    {
      type: 'tool_call',
      toolCallId: 'call_b',
      tool: 'send_email',
      server: null,
      state: 'failed',
      error: { code: 'invalid_arguments', message: 'Unknown function: send_email' },
      durationMs: 1,
    },
    {
      type: 'notice',
      level: 'error',
      code: 'mcp_server_unavailable',
      message: 'MCP server "mail" could not be connected',
    },
    { type: 'transcript', role: 'agent', segmentId: 'item_a1', text: 'It is 5.', final: true },
    { type: 'call_state', state: 'ended', reason: 'user_left' },
  ]);
}
