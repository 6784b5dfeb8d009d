import type { APIRequestContext } from '@playwright/test';
import { safeParseCallEvent, type CallEvent } from '@/lib/call-events/schema';

export interface MonitorRead {
  events: CallEvent[];
  /** the `end` event's status, when the stream closed with one */
  endStatus: string | null;
  /** `data:` lines that were not a call event */
  rejected: string[];
}

/**
 * What a live monitor receives: the console's event stream of one call
 * (/api/calls/[callId]/events, the one the monitor page reads), from its start until the console
 * closes it once the call has ended. Resolves when the stream ends.
 */
export async function readLiveMonitor(
  request: APIRequestContext,
  consoleUrl: string,
  callId: string,
  timeoutMs: number,
): Promise<MonitorRead> {
  const response = await request.get(`${consoleUrl}/api/calls/${callId}/events`, {
    timeout: timeoutMs,
  });
  if (!response.ok()) throw new Error(`monitor of ${callId}: HTTP ${response.status()}`);
  const read: MonitorRead = { events: [], endStatus: null, rejected: [] };
  for (const block of (await response.text()).split('\n\n')) {
    const lines = block.split('\n');
    const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
    if (data === undefined) continue;
    if (lines.includes('event: end')) {
      read.endStatus = (JSON.parse(data) as { status: string }).status;
      continue;
    }
    const parsed = safeParseCallEvent(JSON.parse(data));
    if (parsed.success) read.events.push(parsed.data);
    else read.rejected.push(data);
  }
  return read;
}
