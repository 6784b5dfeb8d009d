import { llm } from '@livekit/agents';
import { isMcpError, type McpError } from '@/lib/mcp/errors';
import { resultErrorText, resultToModelText } from '@/lib/mcp/result-text';
import type { McpCallOptions, McpCallResult } from '@/lib/mcp/types';
import { validateToolArgs } from '@/lib/mcp/validate-args';
import type { ToolCallFailure, ToolCallTracker } from './tool-call-tracker';

/**
 * Each enabled MCP tool as an `llm.tool` the Realtime model can call. Execution goes through the
 * shared MCP client (a managed connection per server) with the tool's time limit and the
 * framework's abort signal; every outcome reaches the model as it really was (a result within
 * the tool's budget, or an `llm.ToolError` naming what failed) and is recorded as call events.
 */
export interface BridgeTool {
  /** the function name the model sees */
  functionName: string;
  description: string;
  /** cleaned JSON Schema for the arguments */
  parameters: Record<string, unknown>;
  /** the tool's name on its MCP server */
  mcpName: string;
  serverId: string;
  serverName: string;
  timeoutMs: number;
  resultBudgetBytes: number;
  /** the admin wants the caller to confirm each call (confirmation-broker.ts) */
  needsConfirmation?: boolean;
  /** how long the caller has to answer before the call is denied (default 30 s) */
  confirmTimeoutMs?: number;
}

/** What the bridge needs from a server connection (lib/mcp/managed-connection.ts provides it). */
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

/** Where a tool that needs the caller's confirmation goes instead of running (confirmation-broker.ts). */
export interface ConfirmationGate {
  /** records awaiting_confirmation and returns what the model is told (ask the caller first) */
  request(input: { toolCallId: string; tool: BridgeTool; args: Record<string, unknown> }): string;
}

export interface ToolBridgeOptions {
  tools: BridgeTool[];
  servers: ReadonlyMap<string, McpToolServer>;
  tracker: ToolCallTracker;
  /** a call aborted by the framework (interruption, call end): the framework drops its output */
  onCancelled?: (call: CancelledToolCall) => void;
  /** without it a tool that needs confirmation is refused (denied), never run unasked */
  confirmations?: ConfirmationGate;
}

export function createMcpTools(options: ToolBridgeOptions) {
  return options.tools.map((tool) =>
    llm.tool({
      name: tool.functionName,
      description: tool.description,
      parameters: tool.parameters,
      execute: (args: unknown, { toolCallId, abortSignal }) =>
        executeMcpTool(tool, options, args, toolCallId, abortSignal),
    }),
  );
}

function asArgs(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The text the model gets for a failure: the typed code first, then what happened. */
export function failureText(failure: ToolCallFailure): string {
  return `${failure.code}: ${failure.message}`;
}

async function executeMcpTool(
  tool: BridgeTool,
  options: ToolBridgeOptions,
  rawArgs: unknown,
  toolCallId: string,
  abortSignal: AbortSignal,
): Promise<string> {
  const { tracker, confirmations } = options;
  const args = asArgs(rawArgs);
  tracker.requested({
    toolCallId,
    tool: tool.functionName,
    server: tool.serverName,
    args: rawArgs,
  });

  const validation = validateToolArgs(tool.parameters, rawArgs);
  if (!validation.ok) {
    const problems = validation.errors
      .map((e) => `${e.path || '(arguments)'} ${e.message}`)
      .join('; ');
    failTool(tool, options, toolCallId, {
      code: 'invalid_arguments',
      message: `the arguments do not match the schema of "${tool.functionName}" (${problems}); nothing was sent to ${tool.serverName}`,
    });
  }
  if (tool.needsConfirmation) {
    if (!confirmations) {
      failTool(tool, options, toolCallId, {
        code: 'denied',
        message: `"${tool.functionName}" needs the caller's confirmation, which this agent cannot ask for; nothing was sent to ${tool.serverName}`,
      });
    }
    // Nothing is sent yet: the model is told to ask, and the broker runs it on the caller's yes.
    return confirmations!.request({ toolCallId, tool, args });
  }
  return runMcpTool(tool, options, toolCallId, args, abortSignal);
}

/** Fails the tool call: the tracker's failed event, and the ToolError the model gets. */
function failTool(
  tool: BridgeTool,
  { tracker, onCancelled }: ToolBridgeOptions,
  toolCallId: string,
  failure: ToolCallFailure,
  detail?: { result?: unknown },
): never {
  tracker.failed(toolCallId, failure, detail);
  if (failure.code === 'cancelled')
    onCancelled?.({ toolCallId, functionName: tool.functionName, message: failure.message });
  throw new llm.ToolError(failureText(failure));
}

/**
 * Runs a validated (and, where needed, confirmed) tool call on its MCP server:
 * executing -> done | failed. Returns the model's text, or throws the `llm.ToolError` the model
 * gets.
 */
export async function runMcpTool(
  tool: BridgeTool,
  options: ToolBridgeOptions,
  toolCallId: string,
  args: Record<string, unknown>,
  abortSignal: AbortSignal,
): Promise<string> {
  const { servers, tracker } = options;
  const fail = (failure: ToolCallFailure, detail?: { result?: unknown }): never =>
    failTool(tool, options, toolCallId, failure, detail);

  const server = servers.get(tool.serverId);
  if (!server) {
    fail({
      code: 'server_unreachable',
      message: `no connection to the MCP server "${tool.serverName}" exists in this call`,
    });
  }
  if (abortSignal.aborted) {
    fail({
      code: 'cancelled',
      message: `the call to "${tool.functionName}" was cancelled before it was sent`,
    });
  }

  tracker.executing(toolCallId);
  let result: McpCallResult;
  try {
    result = await server!.callTool(tool.mcpName, args, {
      timeoutMs: tool.timeoutMs,
      signal: abortSignal,
    });
  } catch (error) {
    return fail(mcpFailure(tool, error, abortSignal));
  }
  if (result.isError) {
    const text = resultErrorText(result);
    return fail(
      {
        code: 'tool_error',
        message: `"${tool.functionName}" on ${tool.serverName} ran and failed. ${text}`,
      },
      { result },
    );
  }
  const { text, cut } = resultToModelText(result, tool.resultBudgetBytes);
  tracker.done(toolCallId, { modelText: text, result, ...(cut ? { cut } : {}) });
  return text;
}

/** Maps an MCP client failure to the contract's error codes, with a message the model can repeat. */
export function mcpFailure(
  tool: BridgeTool,
  error: unknown,
  abortSignal?: AbortSignal,
): ToolCallFailure {
  const name = `"${tool.functionName}"`;
  if (!isMcpError(error)) {
    if (abortSignal?.aborted) {
      return {
        code: 'cancelled',
        message: `the call to ${name} was cancelled before ${tool.serverName} answered; it may or may not have run`,
      };
    }
    return {
      code: 'internal',
      message: `the call to ${name} failed inside the agent: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const e: McpError = error;
  switch (e.code) {
    case 'timeout':
      return {
        code: 'timeout',
        message: `${tool.serverName} did not answer ${name} within ${tool.timeoutMs} ms; the request was abandoned, and the server may or may not have acted on it`,
      };
    case 'cancelled':
      return {
        code: 'cancelled',
        message: `the call to ${name} was cancelled (the caller interrupted or the call ended) before ${tool.serverName} answered; it may or may not have run`,
      };
    case 'connection_lost':
      return {
        code: 'server_unreachable',
        message: `the connection to ${tool.serverName} dropped while ${name} was running; it may or may not have happened (${e.message})`,
      };
    case 'server_error':
      return {
        code: 'tool_error',
        message: `${tool.serverName} failed the request for ${name}: ${e.message}`,
      };
    default:
      return {
        code: 'server_unreachable',
        message: `${tool.serverName} could not be reached (${e.code}): ${e.message}${e.notDelivered ? '; nothing was sent' : ''}`,
      };
  }
}
