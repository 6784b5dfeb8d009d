import { makePreview } from '@/lib/call-events/preview';
import type { ToolErrorCode } from '@/lib/call-events/schema';
import type { CallEventEmitter } from './call-event-emitter';

/**
 * Every tool call's lifecycle as call events: requested -> executing -> done | failed, or
 * requested -> failed; a tool that needs the caller's confirmation passes through
 * awaiting_confirmation after requested (confirmation-broker.ts). Each call is closed exactly once; whatever is still open when the session
 * ends is closed as failed (cancelled).
 */
interface OpenCall {
  tool: string;
  server: string | null;
  requestedAt: number;
  executingAt?: number;
}

export interface ToolCallFailure {
  code: ToolErrorCode;
  message: string;
}

export interface ExecutedFunctionCall {
  callId: string;
  name: string;
  args: string;
}
export interface ExecutedFunctionOutput {
  callId: string;
  output: string;
  isError: boolean;
}

export class ToolCallTracker {
  private readonly open = new Map<string, OpenCall>();
  private readonly closed = new Set<string>();

  constructor(
    private readonly emitter: CallEventEmitter,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  has(toolCallId: string): boolean {
    return this.open.has(toolCallId) || this.closed.has(toolCallId);
  }

  get openCount(): number {
    return this.open.size;
  }

  requested(input: {
    toolCallId: string;
    tool: string;
    server: string | null;
    args: unknown;
  }): void {
    if (this.has(input.toolCallId)) return;
    this.open.set(input.toolCallId, {
      tool: input.tool,
      server: input.server,
      requestedAt: this.clock(),
    });
    this.emitter.emit(
      () => ({
        type: 'tool_call',
        toolCallId: input.toolCallId,
        tool: input.tool,
        server: input.server,
        state: 'requested',
        args: makePreview(input.args),
      }),
      { args: input.args },
    );
  }

  /** the call waits for the caller's yes; `args` are the arguments exactly as they will be sent */
  awaitingConfirmation(toolCallId: string, args: unknown, question: string): void {
    const call = this.open.get(toolCallId);
    if (!call || call.executingAt !== undefined) return;
    this.emitter.emit(
      {
        type: 'tool_call',
        toolCallId,
        tool: call.tool,
        server: call.server,
        state: 'awaiting_confirmation',
        args: makePreview(args),
      },
      { args, question },
    );
  }

  executing(toolCallId: string): void {
    const call = this.open.get(toolCallId);
    if (!call || call.executingAt !== undefined) return;
    call.executingAt = this.clock();
    this.emitter.emit({
      type: 'tool_call',
      toolCallId,
      tool: call.tool,
      server: call.server,
      state: 'executing',
    });
  }

  done(
    toolCallId: string,
    outcome: {
      modelText: string;
      result: unknown;
      cut?: { originalBytes: number; keptBytes: number };
    },
  ): void {
    const call = this.take(toolCallId);
    if (!call) return;
    const durationMs = this.elapsed(call);
    this.emitter.emit(
      () => ({
        type: 'tool_call',
        toolCallId,
        tool: call.tool,
        server: call.server,
        state: 'done',
        result: makePreview(outcome.modelText),
        ...(outcome.cut ? { resultCut: outcome.cut } : {}),
        durationMs,
      }),
      { result: outcome.result },
    );
  }

  failed(toolCallId: string, error: ToolCallFailure, detail?: { result?: unknown }): void {
    const call = this.take(toolCallId);
    if (!call) return;
    this.emitter.emit(
      {
        type: 'tool_call',
        toolCallId,
        tool: call.tool,
        server: call.server,
        state: 'failed',
        error,
        durationMs: this.elapsed(call),
      },
      detail,
    );
  }

  /**
   * Calls the framework rejected before any tool ran (unknown or disabled tool, unparsable
   * arguments) only show up in `function_tools_executed`: give them requested -> failed.
   */
  reconcile(
    functionCalls: ExecutedFunctionCall[],
    outputs: ExecutedFunctionOutput[],
    serverOf: (tool: string) => string | null,
  ): void {
    for (const call of functionCalls) {
      if (this.has(call.callId)) continue;
      const output = outputs.find((o) => o.callId === call.callId);
      this.requested({
        toolCallId: call.callId,
        tool: call.name,
        server: serverOf(call.name),
        args: parseArgs(call.args),
      });
      this.failed(call.callId, classifyFrameworkRejection(call.name, output));
    }
  }

  /** closes every open call as failed (cancelled) */
  closeOpen(message: string): void {
    for (const toolCallId of [...this.open.keys()])
      this.failed(toolCallId, { code: 'cancelled', message });
  }

  private take(toolCallId: string): OpenCall | undefined {
    const call = this.open.get(toolCallId);
    if (!call) return undefined;
    this.open.delete(toolCallId);
    this.closed.add(toolCallId);
    return call;
  }

  private elapsed(call: OpenCall): number {
    return Math.max(
      0,
      Math.round((this.clock() - (call.executingAt ?? call.requestedAt)) * 10) / 10,
    );
  }
}

function parseArgs(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function classifyFrameworkRejection(
  tool: string,
  output: ExecutedFunctionOutput | undefined,
): ToolCallFailure {
  const text = output?.output ?? '';
  if (text.startsWith('Unknown function')) {
    return {
      code: 'invalid_arguments',
      message: `unknown tool "${tool}": no enabled tool has this name (${text})`,
    };
  }
  if (text.startsWith('Invalid arguments')) return { code: 'invalid_arguments', message: text };
  return { code: 'internal', message: text || `the call to "${tool}" was rejected before it ran` };
}
