import { makePreview } from '@/lib/call-events/preview';
import type { CallEventBody } from '@/lib/call-events/schema';
import type { CallToolConfig } from '@/lib/db/call-config';
import { resultErrorText, resultToModelText } from '@/lib/mcp/result-text';
import { isMcpError, type McpError } from '@/lib/mcp/errors';
import type { McpCallOptions, McpCallResult } from '@/lib/mcp/types';
import { CONFIRM_ACTION_TOOL, type ConfirmationGate } from './confirmation-gate';
import { buildConfirmationQuestion } from './confirmation-question';
import { ARGUMENT_CHECKS } from './tool-call-checks';
import {
  classifyFrameworkRejection,
  failureText,
  mcpFailure,
  type ToolCallFailure,
} from './tool-call-failures';
import { parseJson } from '@/lib/json';

/**
 * The life of every tool call in a call, and the only writer of its `tool_call` events
 * (docs/architecture.md draws it):
 *
 *   requested -> [argument checks] -> [confirmation gate] -> executing -> done | failed
 *
 * Each step can end the call `failed`; a tool that needs the caller's yes passes through
 * `awaiting_confirmation` and runs only once the gate approves it. Every `requested` ends exactly
 * once: a second outcome for the same call is ignored, and whatever is still open when the call
 * ends is closed as failed (cancelled). What the model is told comes back as a `ModelReply`;
 * tool-bridge.ts hands it to the framework.
 */

/** What the model is told about a tool call: its output, or the text of an `llm.ToolError`. */
export type ModelReply = { ok: true; text: string } | { ok: false; text: string };

/** What a call needs from a server connection (lib/mcp/managed-connection.ts provides it). */
export interface McpToolServer {
  callTool(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions,
  ): Promise<McpCallResult>;
}

export interface CancelledToolCall {
  toolCallId: string;
  functionName: string;
  message: string;
}

/** The calls the framework ran (`function_tools_executed`), as the session reports them. */
export interface ExecutedFunctions {
  calls: Array<{ callId: string; name: string; args: string }>;
  outputs: Array<{ callId: string; output: string; isError: boolean }>;
}

export interface ToolCallsOptions {
  /** the call's tools; names the model uses that are not here are unknown tools */
  tools: readonly CallToolConfig[];
  servers: ReadonlyMap<string, McpToolServer>;
  emitter: { emit(body: CallEventBody | (() => CallEventBody), detail?: unknown): void };
  /** without it a tool that needs confirmation is refused (denied), never run unasked */
  confirmations?: ConfirmationGate;
  /** a call aborted by the framework (interruption, call end): the framework drops its output */
  onCancelled?: (call: CancelledToolCall) => void;
  /** a server refused the console's OAuth grant mid-call (a refresh did not help): record it */
  onSignInNeeded?: (serverId: string, error: McpError) => void;
}

interface OpenCall {
  tool: string;
  server: string | null;
  requestedAt: number;
  executingAt?: number;
}

export class ToolCalls {
  private readonly open = new Map<string, OpenCall>();
  private readonly closed = new Set<string>();
  /** aborts confirmed calls when the call ends: once the caller said yes, nothing else stops them */
  private readonly callAbort = new AbortController();
  private ended = false;
  /** servers whose refused OAuth grant the call was already told about */
  private readonly signInNoticed = new Set<string>();
  private readonly clock = () => performance.now();

  constructor(private readonly options: ToolCallsOptions) {}

  /** The model called one of the call's tools (the framework's execute()). */
  async execute(
    tool: CallToolConfig,
    rawArgs: unknown,
    { toolCallId, signal }: { toolCallId: string; signal: AbortSignal },
  ): Promise<ModelReply> {
    const args = asArgs(rawArgs);
    this.requested(toolCallId, tool.functionName, tool.serverName, rawArgs);
    for (const check of ARGUMENT_CHECKS) {
      const failure = check({ tool, args: rawArgs });
      if (failure) return this.fail(toolCallId, tool.functionName, failure);
    }
    if (tool.needsConfirmation) return this.askCaller(tool, toolCallId, args);
    return this.run(tool, toolCallId, args, signal);
  }

  /**
   * Nothing is sent yet: the gate puts the call to the caller and the model is told to ask.
   * The gate's decision comes back through `run` (yes) or `refuse` (no, no answer, call end).
   */
  private askCaller(
    tool: CallToolConfig,
    toolCallId: string,
    args: Record<string, unknown>,
  ): ModelReply {
    const gate = this.options.confirmations;
    const name = `"${tool.functionName}"`;
    if (!gate) {
      return this.fail(toolCallId, tool.functionName, {
        code: 'denied',
        message: `${name} needs the caller's confirmation, which this agent cannot ask for; nothing was sent to ${tool.serverName}`,
      });
    }
    if (this.ended) {
      return this.fail(toolCallId, tool.functionName, {
        code: 'denied',
        message: `the call is ending; ${name} was not run and nothing was sent to ${tool.serverName}`,
      });
    }
    const question = buildConfirmationQuestion({
      functionName: tool.functionName,
      serverName: tool.serverName,
      args,
    });
    this.awaitingConfirmation(toolCallId, args, question);
    const text = gate.ask({
      toolCallId,
      tool,
      question,
      run: () => this.run(tool, toolCallId, args, this.callAbort.signal),
      refuse: (message) =>
        void this.fail(toolCallId, tool.functionName, { code: 'denied', message }),
    });
    return { ok: true, text };
  }

  /** A checked (and, where needed, approved) call on its MCP server: executing -> done | failed. */
  private async run(
    tool: CallToolConfig,
    toolCallId: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ModelReply> {
    const fail = (failure: ToolCallFailure, detail?: { result?: unknown }) =>
      this.fail(toolCallId, tool.functionName, failure, detail);
    const server = this.options.servers.get(tool.serverId);
    if (!server) {
      return fail({
        code: 'server_unreachable',
        message: `no connection to the MCP server "${tool.serverName}" exists in this call`,
      });
    }
    if (signal.aborted) {
      return fail({
        code: 'cancelled',
        message: `the call to "${tool.functionName}" was cancelled before it was sent`,
      });
    }

    this.executing(toolCallId);
    let result: McpCallResult;
    try {
      result = await server.callTool(tool.mcpName, args, {
        timeoutMs: tool.timeoutMs,
        signal,
        ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
      });
    } catch (error) {
      if (isMcpError(error) && error.oauth) this.signInNeeded(tool, error);
      return fail(mcpFailure(tool, error, signal));
    }
    if (result.isError) {
      return fail(
        {
          code: 'tool_error',
          message: `"${tool.functionName}" on ${tool.serverName} ran and failed. ${resultErrorText(result)}`,
        },
        { result },
      );
    }
    const { text, cut } = resultToModelText(result, tool.resultBudgetBytes);
    this.done(toolCallId, { modelText: text, result, ...(cut ? { cut } : {}) });
    return { ok: true, text };
  }

  /**
   * Calls the framework rejected before any tool ran (unknown or disabled tool, unparsable
   * arguments) only show up in `function_tools_executed`: give them requested -> failed.
   * The built-in confirm_action is no tool call of its own; its outcome is the confirmation event.
   */
  recordFrameworkRejections({ calls, outputs }: ExecutedFunctions): void {
    for (const call of calls) {
      if (call.name === CONFIRM_ACTION_TOOL || this.known(call.callId)) continue;
      const server = this.options.tools.find((t) => t.functionName === call.name)?.serverName;
      this.requested(call.callId, call.name, server ?? null, parseArgs(call.args));
      const output = outputs.find((o) => o.callId === call.callId);
      this.fail(call.callId, call.name, classifyFrameworkRejection(call.name, output));
    }
  }

  /**
   * The call ends: the gate ends every pending confirmation (each refused, so failed denied),
   * confirmed calls still running are aborted, and every call still open is closed as cancelled.
   */
  end(message: string): void {
    if (this.ended) return;
    this.ended = true;
    this.options.confirmations?.endCall();
    this.callAbort.abort();
    for (const toolCallId of [...this.open.keys()])
      this.failed(toolCallId, { code: 'cancelled', message });
  }

  /** Once per server and call: a notice that its OAuth grant needs an admin, and the record of it. */
  private signInNeeded(tool: CallToolConfig, error: McpError): void {
    if (this.signInNoticed.has(tool.serverId)) return;
    this.signInNoticed.add(tool.serverId);
    this.options.emitter.emit({
      type: 'notice',
      level: 'error',
      code: 'mcp_oauth_sign_in_needed',
      message: `MCP server "${tool.serverName}" refused the console’s OAuth grant during the call and it could not be renewed; its tools fail until an admin presses ${error.oauth?.signIn === 'connect' ? 'Connect' : 'Reconnect'} on its page: ${error.message}`,
    });
    this.options.onSignInNeeded?.(tool.serverId, error);
  }

  /** Ends the call failed and says so to the model; an abort is also reported (onCancelled). */
  private fail(
    toolCallId: string,
    functionName: string,
    failure: ToolCallFailure,
    detail?: { result?: unknown },
  ): ModelReply {
    this.failed(toolCallId, failure, detail);
    if (failure.code === 'cancelled')
      this.options.onCancelled?.({ toolCallId, functionName, message: failure.message });
    return { ok: false, text: failureText(failure) };
  }

  // The events. Previews of large arguments and results are built off the call's path (the
  // emitter takes a function), and the full values go to the store as the event's detail.

  private requested(toolCallId: string, tool: string, server: string | null, args: unknown): void {
    if (this.known(toolCallId)) return;
    this.open.set(toolCallId, { tool, server, requestedAt: this.clock() });
    this.options.emitter.emit(
      () => ({
        type: 'tool_call',
        toolCallId,
        tool,
        server,
        state: 'requested',
        args: makePreview(args),
      }),
      { args },
    );
  }

  /** `args` are the arguments exactly as they will be sent */
  private awaitingConfirmation(toolCallId: string, args: unknown, question: string): void {
    const call = this.open.get(toolCallId);
    if (!call || call.executingAt !== undefined) return;
    this.options.emitter.emit(
      { ...this.body(toolCallId, call), state: 'awaiting_confirmation', args: makePreview(args) },
      { args, question },
    );
  }

  private executing(toolCallId: string): void {
    const call = this.open.get(toolCallId);
    if (!call || call.executingAt !== undefined) return;
    call.executingAt = this.clock();
    this.options.emitter.emit({ ...this.body(toolCallId, call), state: 'executing' });
  }

  private done(
    toolCallId: string,
    outcome: {
      modelText: string;
      result: unknown;
      cut?: { originalBytes: number; keptBytes: number };
    },
  ): void {
    const call = this.close(toolCallId);
    if (!call) return;
    const durationMs = this.elapsed(call);
    this.options.emitter.emit(
      () => ({
        ...this.body(toolCallId, call),
        state: 'done',
        result: makePreview(outcome.modelText),
        ...(outcome.cut ? { resultCut: outcome.cut } : {}),
        durationMs,
      }),
      { result: outcome.result },
    );
  }

  private failed(toolCallId: string, error: ToolCallFailure, detail?: { result?: unknown }): void {
    const call = this.close(toolCallId);
    if (!call) return;
    this.options.emitter.emit(
      { ...this.body(toolCallId, call), state: 'failed', error, durationMs: this.elapsed(call) },
      detail,
    );
  }

  private body(toolCallId: string, call: OpenCall) {
    return { type: 'tool_call' as const, toolCallId, tool: call.tool, server: call.server };
  }

  private known(toolCallId: string): boolean {
    return this.open.has(toolCallId) || this.closed.has(toolCallId);
  }

  private close(toolCallId: string): OpenCall | undefined {
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

function asArgs(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function parseArgs(raw: string): unknown {
  const value = parseJson(raw);
  return value === undefined ? raw : value;
}
