import { connectMcp } from './client';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_STDIO_CONNECT_TIMEOUT_MS } from './client-defaults';
import { startDeadline, withDeadline, type Deadline } from './deadline';
import { BREAKS_SESSION, McpError, toMcpError } from './errors';
import { connectStdioMcp } from './stdio-client';
import type {
  McpCallOptions,
  McpCallResult,
  McpConnectOptions,
  McpStdioConnectOptions,
  McpConnection,
  McpErrorCode,
  ListToolsOptions,
  McpToolList,
  McpToolOperations,
  McpTransportKind,
} from './types';

/**
 * One MCP server as the agent and the console hold it for a while: connected once, and
 * connected again for the next call after the server restarted, expired the session or dropped
 * the connection. The rule that matters: a tool call is re-sent only when it provably never
 * reached the server. A call that may have run (timeout, connection lost mid-call) fails with
 * its error and is never repeated, so a side effect like "send email" cannot happen twice.
 */

export interface ManagedMcpServer extends McpToolOperations {
  readonly name: string;
  /** connected and not known to be broken */
  readonly connected: boolean;
  readonly transport: McpTransportKind | undefined;
  readonly serverInfo: { name: string; version: string } | undefined;
  connect(): Promise<void>;
}

/** Failures where a fresh session can help (and, for calls, only when also notDelivered). */
const WORTH_RECONNECTING = new Set<McpErrorCode>([
  'session_expired',
  'connection_lost',
  'connection_refused',
]);

/** A remote server (URL) or a local one (a command started per connection). */
export type ManagedServerOptions = (McpConnectOptions | McpStdioConnectOptions) & {
  name: string;
  /**
   * A remote server signed in with OAuth: called when the server refused the access token (401)
   * of a request that never reached it, for instance because the token expired during the call.
   * Resolves to the headers with a new token, and the request is sent once more with them; throws
   * (an McpError saying why) when there is none to be had.
   */
  refreshCredentials?: () => Promise<Record<string, string>>;
};

/** The server refused our OAuth access token before doing anything: a new token may help. */
function refusedToken(error: McpError): boolean {
  return (
    error.code === 'auth' &&
    error.status === 401 &&
    error.oauth?.signIn === 'reconnect' &&
    error.notDelivered
  );
}

function connectAny(options: McpConnectOptions | McpStdioConnectOptions): Promise<McpConnection> {
  return 'stdio' in options ? connectStdioMcp(options) : connectMcp(options);
}

export function createManagedMcpServer(options: ManagedServerOptions): ManagedMcpServer {
  const { name, refreshCredentials, ...connectOptions } = options;
  /** the headers of a refresh, used from then on instead of the ones given */
  let refreshedHeaders: Record<string, string> | undefined;
  let current: McpConnection | undefined;
  let stale = false;
  let pending: Promise<McpConnection> | undefined;
  let generation = 0;

  const dropCurrent = () => {
    const old = current;
    current = undefined;
    stale = false;
    if (old) void old.close();
  };

  const markStale = (connection: McpConnection) => {
    if (connection === current) stale = true;
  };

  const open = (timeoutMs?: number, signal?: AbortSignal): Promise<McpConnection> => {
    if (current && !stale) return Promise.resolve(current);
    if (pending) return pending;
    dropCurrent();
    const myGeneration = ++generation;
    let made: McpConnection | undefined;
    pending = connectAny({
      ...connectOptions,
      ...(refreshedHeaders ? { headers: refreshedHeaders } : {}),
      ...(timeoutMs !== undefined
        ? { timeoutMs: Math.min(timeoutMs, connectOptions.timeoutMs ?? timeoutMs) }
        : {}),
      ...(signal ? { signal } : {}),
      onConnectionProblem: (problem) => {
        if (made) markStale(made);
        connectOptions.onConnectionProblem?.(problem);
      },
    })
      .then((connection) => {
        made = connection;
        if (myGeneration !== generation) {
          // close() was called while we were connecting.
          void connection.close();
          throw new McpError(
            'cancelled',
            `Connecting to ${name} was cancelled: the server was closed`,
            {
              notDelivered: true,
            },
          );
        }
        current = connection;
        return connection;
      })
      .finally(() => {
        if (myGeneration === generation) pending = undefined;
      });
    return pending;
  };

  const afterFailure = (connection: McpConnection, error: McpError) => {
    if (BREAKS_SESSION.has(error.code)) markStale(connection);
  };

  /**
   * Runs `work`; when the server refused the access token of a request that never reached it,
   * gets a new one (once) and runs it again on a session that carries it. The refresh (a lease,
   * perhaps a wait for another process's refresh, a request to the authorization server) and the
   * retry share the caller's time limit, when there is one.
   */
  const withTokenRefresh = async <T>(
    work: () => Promise<T>,
    signal: AbortSignal | undefined,
    deadline: Deadline | undefined,
    phase: 'connect' | 'list_tools' | 'call_tool',
  ): Promise<T> => {
    try {
      return await work();
    } catch (raw) {
      const error = toMcpError(raw);
      if (!refreshCredentials || !refusedToken(error) || signal?.aborted) throw error;
      if (deadline?.passed()) throw error;
      const refresh = refreshCredentials();
      refreshedHeaders = deadline
        ? await withDeadline(refresh, deadline, signal, () => ({ phase, target: name }))
        : await refresh;
      dropCurrent();
      return work();
    }
  };

  return {
    name,
    get connected() {
      return current !== undefined && !stale;
    },
    get transport() {
      return current?.transport;
    },
    get serverInfo() {
      return current?.serverInfo;
    },

    async connect() {
      // One limit for the whole connect, a refused token's refresh and the second attempt
      // included: the agent's call start sets no timer of its own on top.
      const deadline = startDeadline(
        connectOptions.timeoutMs ??
          ('stdio' in connectOptions
            ? DEFAULT_STDIO_CONNECT_TIMEOUT_MS
            : DEFAULT_CONNECT_TIMEOUT_MS),
      );
      await withTokenRefresh(() => open(deadline.left()), undefined, deadline, 'connect');
    },

    async listTools(listOptions = {}) {
      const limit = listOptions.timeoutMs;
      const deadline = limit === undefined ? undefined : startDeadline(limit);
      return withTokenRefresh(
        () => listOnce(deadline ? { ...listOptions, timeoutMs: deadline.left() } : listOptions),
        listOptions.signal,
        deadline,
        'list_tools',
      );
    },

    async callTool(tool, args, callOptions) {
      const deadline = startDeadline(callOptions.timeoutMs);
      return withTokenRefresh(
        () => callOnce(tool, args, callOptions, deadline),
        callOptions.signal,
        deadline,
        'call_tool',
      );
    },

    async close() {
      generation++;
      pending = undefined;
      const old = current;
      current = undefined;
      stale = false;
      if (old) await old.close();
    },
  };

  async function listOnce(listOptions: ListToolsOptions): Promise<McpToolList> {
    const connection = await open(listOptions.timeoutMs, listOptions.signal);
    try {
      return await connection.listTools(listOptions);
    } catch (raw) {
      const error = toMcpError(raw);
      afterFailure(connection, error);
      // Listing has no side effects, so one retry on a fresh session is always safe.
      if (!WORTH_RECONNECTING.has(error.code) || listOptions.signal?.aborted) throw error;
      const fresh = await open(listOptions.timeoutMs, listOptions.signal);
      try {
        return await fresh.listTools(listOptions);
      } catch (retryRaw) {
        const retryError = toMcpError(retryRaw);
        afterFailure(fresh, retryError);
        throw retryError;
      }
    }
  }

  async function callOnce(
    tool: string,
    args: Record<string, unknown>,
    callOptions: McpCallOptions,
    deadline: Deadline,
  ): Promise<McpCallResult> {
    const connection = await open(remaining(deadline, callOptions), callOptions.signal);
    try {
      return await connection.callTool(tool, args, {
        ...callOptions,
        timeoutMs: remaining(deadline, callOptions),
      });
    } catch (raw) {
      const error = toMcpError(raw);
      afterFailure(connection, error);
      // Re-send only what provably never reached the server.
      const retry =
        error.notDelivered && WORTH_RECONNECTING.has(error.code) && !callOptions.signal?.aborted;
      if (!retry || deadline.passed()) throw error;
      const fresh = await open(remaining(deadline, callOptions), callOptions.signal);
      try {
        return await fresh.callTool(tool, args, {
          ...callOptions,
          timeoutMs: remaining(deadline, callOptions),
        });
      } catch (retryRaw) {
        const retryError = toMcpError(retryRaw);
        afterFailure(fresh, retryError);
        throw retryError;
      }
    }
  }
}

function remaining(deadline: Deadline, options: McpCallOptions): number {
  // The retry shares the caller's time limit; it does not get a fresh one.
  return Math.min(options.timeoutMs, deadline.left());
}
