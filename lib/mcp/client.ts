import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_LIST_TIMEOUT_MS,
  MAX_TOOL_PAGES,
} from './client-defaults';
import { startDeadline, withDeadline } from './deadline';
import { McpError, operationText, toMcpError, type McpErrorContext } from './errors';
import { closeQuietly, connectWith, isSessionBreaking, type Attempt } from './http-attempt';
import { withOAuthSignIn } from './oauth-challenge';
import { createRedactor, secretsOf, type Redactor } from './redact';
import { readToolList, requestToolCall } from './requests';
import { checkMcpUrl } from './url-policy';
import type {
  McpCallOptions,
  McpCallResult,
  McpConnectOptions,
  ListToolsOptions,
  McpConnection,
  McpToolList,
  McpTransportKind,
} from './types';

const CLOSE_TIMEOUT_MS = 2_000;
export { MAX_TOOL_PAGES } from './client-defaults';
/** Statuses with which an SSE-only server rejects a Streamable HTTP POST (SDK docs' fallback pattern). */
const SSE_FALLBACK_STATUSES = new Set([400, 404, 405]);

class Connection implements McpConnection {
  private closed = false;
  readonly serverInfo: { name: string; version: string };

  constructor(
    private readonly attempt: Attempt,
    private readonly url: URL,
    private readonly secrets: string[],
    /** applied to everything the server sends back before it leaves this class */
    private readonly redact: Redactor,
    serverInfo: { name: string; version: string },
    readonly protocolVersion: string,
    private readonly oauthGrant: boolean,
  ) {
    this.serverInfo = redact.value(serverInfo);
  }

  /** An auth failure mid-session, read with the server's challenge (OAuth Reconnect, scope). */
  private async classify(error: unknown, context: McpErrorContext): Promise<McpError> {
    return withOAuthSignIn(toMcpError(error, context), this.attempt.challenge(), {
      context,
      serverUrl: this.url,
      fetch: this.attempt.fetch,
      hadGrant: this.oauthGrant,
    });
  }

  get transport(): McpTransportKind {
    return this.attempt.kind;
  }

  private context(extra: McpErrorContext): McpErrorContext {
    return { url: this.url, secrets: this.secrets, hadSession: true, ...extra };
  }

  private ensureOpen(context: McpErrorContext): void {
    if (this.closed) {
      throw new McpError(
        'connection_lost',
        `${operationText(context)} failed: the connection is closed`,
        {
          notDelivered: true,
          hint: 'The connection to this server was closed. Connect again.',
        },
      );
    }
  }

  async listTools(options: ListToolsOptions = {}): Promise<McpToolList> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
    const maxPages = options.maxPages ?? MAX_TOOL_PAGES;
    const context = this.context({ phase: 'list_tools', signal: options.signal, timeoutMs });
    this.ensureOpen(context);
    try {
      const list = await readToolList(this.attempt.client, { ...options, timeoutMs, maxPages });
      return this.redact.value(list);
    } catch (error) {
      throw (await this.classify(error, context)).redacted(this.redact.text);
    }
  }

  async callTool(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions,
  ): Promise<McpCallResult> {
    const context = this.context({
      phase: 'call_tool',
      tool: name,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    this.ensureOpen(context);
    try {
      return this.redact.value(await requestToolCall(this.attempt.client, name, args, options));
    } catch (error) {
      throw (await this.classify(error, context)).redacted(this.redact.text);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { transport } = this.attempt;
    if (transport instanceof StreamableHTTPClientTransport && transport.sessionId) {
      // Tell the server to drop the session (DELETE); a server that does not support it answers 405.
      await Promise.race([
        transport.terminateSession().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref?.()),
      ]);
    }
    await closeQuietly(this.attempt);
  }

  markClosed(): void {
    this.closed = true;
  }
}

/**
 * Connects to an MCP server over Streamable HTTP, falling back to the old HTTP+SSE transport
 * only when the POST is rejected the way SSE-only servers reject it (400/404/405), per the
 * SDK's backwards-compatibility pattern. Auth failures, refused connections etc. never fall back.
 */
export async function connectMcp(options: McpConnectOptions): Promise<McpConnection> {
  // One time limit for the whole connect: the name lookup, the Streamable HTTP attempt and the
  // SSE fallback share it, so the caller's limit holds without a timer of its own on top.
  const deadline = startDeadline(options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const url = await withDeadline(
    checkMcpUrl(options.url, options.policy),
    deadline,
    options.signal,
    () => ({ phase: 'connect', url: options.url }),
  );
  const secrets = secretsOf(options.headers ?? {});
  const redactor = createRedactor(secrets);
  // Transport errors before the connection exists are the connect call's to report.
  const made: { connection?: Connection } = {};
  const onTransportError = (attempt: Attempt, error: unknown) => {
    const connection = made.connection;
    if (!connection || !isSessionBreaking(error, attempt.kind)) return;
    const problem = toMcpError(error, { url, secrets, hadSession: true }).redacted(redactor.text);
    if (attempt.kind === 'sse') {
      // Requests waiting on the dead event stream would otherwise wait for their timeout.
      connection.markClosed();
      void closeQuietly(attempt);
    }
    options.onConnectionProblem?.(problem);
  };

  let attempt: Attempt;
  try {
    attempt = await connectWith('streamable-http', url, options, deadline, onTransportError);
  } catch (streamableError) {
    const first = streamableError as McpError;
    if (
      first.code !== 'not_mcp_endpoint' ||
      first.status === undefined ||
      !SSE_FALLBACK_STATUSES.has(first.status)
    ) {
      throw first;
    }
    try {
      attempt = await connectWith('sse', url, options, deadline, onTransportError);
    } catch (sseError) {
      const second = sseError as McpError;
      // The SSE attempt's error is only more useful when it is about credentials, policy or time.
      if (['auth', 'url_not_allowed', 'timeout', 'cancelled'].includes(second.code)) throw second;
      throw first;
    }
  }

  const serverVersion = attempt.client.getServerVersion();
  const connection = new Connection(
    attempt,
    url,
    secrets,
    redactor,
    { name: serverVersion?.name ?? 'unknown', version: serverVersion?.version ?? 'unknown' },
    attempt.protocolVersion() ?? 'unknown',
    options.oauthGrant === true,
  );
  made.connection = connection;
  return connection;
}
