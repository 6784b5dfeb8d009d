import type { BadgeTone } from '@/components/ui/badge';
import type { ToolCallState } from '@/lib/call-events/schema';

export const TOOL_STATE_LABEL: Record<ToolCallState, string> = {
  requested: 'requested',
  awaiting_confirmation: 'awaiting confirmation',
  executing: 'executing',
  done: 'done',
  failed: 'failed',
};

export const TOOL_STATE_TONE: Record<ToolCallState, BadgeTone> = {
  requested: 'info',
  awaiting_confirmation: 'warning',
  executing: 'accent',
  done: 'success',
  failed: 'danger',
};

/** 4 ms, 1.2 s, 3 min 05 s */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Milliseconds between two ISO timestamps. */
export function elapsedMs(fromIso: string, toIso: string): number {
  return Math.max(0, new Date(toIso).getTime() - new Date(fromIso).getTime());
}
