/** One stored tool_call row, as the calls list reads it (no payload parsing). */
export interface ToolCallRow {
  callId: string;
  toolCallId: string | null;
  state: string | null;
  seq: number;
}

export interface ToolCallCounts {
  toolCalls: number;
  failed: number;
}

/**
 * Per call: how many distinct tool calls, and how many of them ended failed (their last state
 * by seq). A fold over CallEvent rows, so the list needs no table of its own.
 */
export function countToolCallsByCall(rows: readonly ToolCallRow[]): Map<string, ToolCallCounts> {
  const last = new Map<string, Map<string, { seq: number; state: string | null }>>();
  for (const row of rows) {
    if (!row.toolCallId) continue;
    let calls = last.get(row.callId);
    if (!calls) last.set(row.callId, (calls = new Map()));
    const seen = calls.get(row.toolCallId);
    if (!seen || row.seq > seen.seq) calls.set(row.toolCallId, { seq: row.seq, state: row.state });
  }
  const counts = new Map<string, ToolCallCounts>();
  for (const [callId, calls] of last) {
    let failed = 0;
    for (const { state } of calls.values()) if (state === 'failed') failed += 1;
    counts.set(callId, { toolCalls: calls.size, failed });
  }
  return counts;
}
