import type { ToolErrorCode } from '@/lib/call-events/schema';
import type { CallToolConfig } from '@/lib/db/call-config';
import { isMcpError, type McpError } from '@/lib/mcp/errors';

/**
 * How a failed tool call is worded, for the model and the call's events: one of the contract's
 * error codes, and a message the model can repeat truthfully.
 */
export interface ToolCallFailure {
  code: ToolErrorCode;
  message: string;
}

/** The text the model gets for a failure: the typed code first, then what happened. */
export function failureText(failure: ToolCallFailure): string {
  return `${failure.code}: ${failure.message}`;
}

type ToolNames = Pick<CallToolConfig, 'functionName' | 'serverName' | 'timeoutMs'>;

/** Maps an MCP client failure to the contract's error codes. */
export function mcpFailure(
  tool: ToolNames,
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
    case 'process_failed':
      // A local server's process stopped: the next call starts a new one.
      return {
        code: 'server_unreachable',
        message: `the local server ${tool.serverName} stopped while handling ${name}${e.notDelivered ? '; nothing was sent' : '; it may or may not have happened'} (${e.message})`,
      };
    case 'result_too_large':
    case 'invalid_result':
      // The tool ran; what came back cannot be used as its answer.
      return {
        code: 'tool_error',
        message: `${tool.serverName} ran ${name}, but its answer cannot be used: ${e.message}`,
      };
    case 'auth':
      return {
        code: 'auth_required',
        message: `${tool.serverName} refused the console’s credentials for ${name}, so nothing was sent; ${e.oauth ? 'an admin must press Reconnect on its page in the console' : 'an admin must fix its credentials in the console'} (${e.message})`,
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

/** A call the framework refused before any tool ran, from the output it gave the model. */
export function classifyFrameworkRejection(
  tool: string,
  output: { output: string } | undefined,
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
