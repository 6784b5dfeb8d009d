import 'server-only';
import { AppError } from '@/lib/errors';
import { connectMcp } from '@/lib/mcp/client';
import { DEFAULT_STDIO_CONNECT_TIMEOUT_MS } from '@/lib/mcp/client-defaults';
import {
  displayUrl,
  isMcpError,
  McpError,
  toMcpError,
  type OAuthSignInNeeded,
} from '@/lib/mcp/errors';
import { connectStdioMcp, describeCommand } from '@/lib/mcp/stdio-client';
import type {
  McpCallResult,
  McpConnection,
  McpErrorCode,
  McpToolList,
  StdioCommand,
  UrlPolicy,
} from '@/lib/mcp/types';

/**
 * The console's talks with an MCP server, through the same lib/mcp client the agent uses:
 * a connection test (connect + tools/list under a time limit) and one tool call. Server code
 * only; the results carry no header or environment values. A local (stdio) server's command is
 * started for each and stopped after it.
 */

/** Where a server is: a URL with headers, or (stdio set) a local command. */
export interface ServerTarget {
  url?: string;
  headers?: Record<string, string>;
  policy: UrlPolicy;
  /** the headers carry the console's OAuth access token */
  oauthGrant?: boolean;
  stdio?: StdioCommand | null;
}

function openConnection(
  target: ServerTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<McpConnection> {
  if (target.stdio) return connectStdioMcp({ stdio: target.stdio, timeoutMs, signal });
  return connectMcp({
    url: target.url ?? '',
    headers: target.headers ?? {},
    policy: target.policy,
    oauthGrant: target.oauthGrant ?? false,
    timeoutMs,
    ...(signal ? { signal } : {}),
  });
}

function targetText(target: ServerTarget): string {
  return target.stdio ? describeCommand(target.stdio) : displayUrl(target.url);
}

export const TEST_TIMEOUT_MS = 10_000;
/** A local server's process starts as part of its test (a cold `npx` installs first). */
export const STDIO_TEST_TIMEOUT_MS = DEFAULT_STDIO_CONNECT_TIMEOUT_MS + TEST_TIMEOUT_MS;

function testLimit(target: ServerTarget): number {
  return target.stdio ? STDIO_TEST_TIMEOUT_MS : TEST_TIMEOUT_MS;
}
/** Results bigger than this are not sent to the browser (a page is not a file download). */
export const MAX_SHOWN_RESULT_CHARS = 4_000_000;

export interface McpFailure {
  code: McpErrorCode;
  message: string;
  hint: string;
  /** the server signs in with OAuth: the admin presses Connect / Reconnect */
  oauth?: OAuthSignInNeeded;
}

export type ProbeResult =
  | {
      ok: true;
      ms: number;
      transport: string;
      serverInfo: { name: string; version: string };
      /** the tools, the entries refused with their reasons, and where reading stopped */
      listing: McpToolList;
    }
  | ({ ok: false; ms: number } & McpFailure);

/**
 * What the admin sees of a failure. Everything the server said in it was already redacted by
 * the MCP client (lib/mcp/redact.ts), the one place that removes echoed credentials.
 */
export function describeFailure(error: unknown): McpFailure {
  const mcp: McpError = isMcpError(error) ? error : toMcpError(error);
  return {
    code: mcp.code,
    message: mcp.message,
    hint: mcp.hint,
    ...(mcp.oauth ? { oauth: mcp.oauth } : {}),
  };
}

/**
 * The one convention for an action whose talk with an MCP server failed (a connection test, a
 * save that tests first, a refresh, trying a tool, Connect): the action answers with a typed
 * failure made here, never with data that says "failed". So `ok` means, for every action, that
 * it got what it was asked for (a saved server, a passing test, a fresh tool list, the tool's
 * answer, a sign-in page), and a component shows an MCP failure the one way it shows any failure
 * (components/ui/use-action.ts). A failed create or update changes nothing; a failed test or
 * refresh has still recorded the check on the row, which is its record, not its answer.
 *
 * The code says whose it is to fix: a URL the console will not use is the admin's input
 * (`invalid_input`, under the form's `url` field when the request had one), anything else is the
 * server's (`unavailable`). Either carries the MCP code, the hint and the time in `details`.
 * The one probe that is not a failure: a first test that asks for an OAuth sign-in, which a save
 * stores so the admin can press Connect (server/actions/mcp-servers.ts).
 */
export function mcpFailureError(
  failure: McpFailure & { ms?: number },
  { field }: { field?: 'url' } = {},
): AppError<'invalid_input' | 'unavailable'> {
  const details = {
    mcpCode: failure.code,
    hint: failure.hint,
    ...(failure.ms !== undefined ? { ms: failure.ms } : {}),
  };
  if (failure.code === 'invalid_url' || failure.code === 'url_not_allowed') {
    return new AppError('invalid_input', failure.message, {
      ...details,
      ...(field ? { field } : {}),
    });
  }
  return new AppError('unavailable', failure.message, details);
}

/** What an action does with a probe or a call: its success, or the failure thrown as above. */
export function passedOrThrow<T extends { ok: true }>(
  outcome: T | ({ ok: false; ms: number } & McpFailure),
  options?: { field?: 'url' },
): T {
  if (!outcome.ok) throw mcpFailureError(outcome, options);
  return outcome;
}

/** One line for McpServer.lastError: what happened, then what to do. */
export function failureText(failure: McpFailure): string {
  return `${failure.message}\n${failure.hint}`;
}

export async function probeServer({
  timeoutMs: requestedMs,
  ...target
}: ServerTarget & { timeoutMs?: number }): Promise<ProbeResult> {
  const timeoutMs = requestedMs ?? testLimit(target);
  const started = performance.now();
  const deadline = AbortSignal.timeout(timeoutMs);
  let connection: McpConnection | undefined;
  try {
    connection = await openConnection(target, timeoutMs, deadline);
    const left = Math.max(1, timeoutMs - (performance.now() - started));
    const listing = await connection.listTools({ timeoutMs: left });
    return {
      ok: true,
      ms: Math.round(performance.now() - started),
      transport: connection.transport,
      serverInfo: connection.serverInfo,
      listing,
    };
  } catch (error) {
    const failure =
      deadline.aborted && isMcpError(error) && error.code === 'cancelled'
        ? new McpError(
            'timeout',
            `The test of ${targetText(target)} took longer than ${timeoutMs / 1000} s`,
          )
        : error;
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      ...describeFailure(failure),
    };
  } finally {
    await connection?.close();
  }
}

export type CallOnceResult =
  | { ok: true; ms: number; callMs: number; transport: string; result: McpCallResult }
  | ({ ok: false; ms: number } & McpFailure);

export async function callToolOnce({
  tool,
  args,
  timeoutMs,
  outputSchema,
  ...target
}: ServerTarget & {
  tool: string;
  args: Record<string, unknown>;
  timeoutMs: number;
  /** the tool's declared output schema: the result is checked against it, as in calls */
  outputSchema?: Record<string, unknown> | null;
}): Promise<CallOnceResult> {
  const started = performance.now();
  let connection: McpConnection | undefined;
  try {
    connection = await openConnection(target, testLimit(target));
    const callStarted = performance.now();
    const result = await connection.callTool(tool, args, {
      timeoutMs,
      ...(outputSchema ? { outputSchema } : {}),
    });
    const callMs = Math.round(performance.now() - callStarted);
    // Already redacted by the MCP client (lib/mcp/redact.ts).
    const shown = result;
    const size = JSON.stringify(shown).length;
    if (size > MAX_SHOWN_RESULT_CHARS) {
      return {
        ok: false,
        ms: Math.round(performance.now() - started),
        code: 'result_too_large',
        message: `The tool answered with ${(size / 1_000_000).toFixed(1)} MB, too much to show here.`,
        hint: 'Try arguments that ask for less. The agent cuts results to the tool’s result budget.',
      };
    }
    return {
      ok: true,
      ms: Math.round(performance.now() - started),
      callMs,
      transport: connection.transport,
      result: shown,
    };
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      ...describeFailure(error),
    };
  } finally {
    await connection?.close();
  }
}
