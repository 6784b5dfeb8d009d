import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CLIENT_INFO,
  DEFAULT_LIST_TIMEOUT_MS,
  DEFAULT_STDIO_CONNECT_TIMEOUT_MS,
  MAX_TOOL_PAGES,
} from './client-defaults';
import { linkedAbort, startDeadline, withDeadline } from './deadline';
import { McpError, operationText, toMcpError, type McpErrorContext } from './errors';
import { createRedactor, secretsOf, type Redactor } from './redact';
import { readToolList, requestToolCall } from './requests';
import { ProcessStdioTransport, type StdioFailure } from './stdio-transport';
import type {
  ListToolsOptions,
  McpCallOptions,
  McpCallResult,
  McpConnection,
  McpStdioConnectOptions,
  McpToolList,
  StdioCommand,
} from './types';

/**
 * A local (stdio) MCP server as an McpConnection: the process is started by connect and stopped
 * by close. A process that cannot start, exits, writes what is not MCP to stdout, or does not
 * answer in time fails with a typed McpError saying which, quoting the end of its stderr
 * (redacted: the environment values are secrets and the process may print them).
 */

const STDERR_QUOTE_CHARS = 300;

/** How a command is named in messages: the command and its arguments, cut short. */
export function describeCommand(stdio: Pick<StdioCommand, 'command' | 'args'>): string {
  const text = [stdio.command, ...stdio.args].join(' ');
  return `the local command "${text.length > 120 ? `${text.slice(0, 120)}…` : text}"`;
}

function stderrQuote(stderr: string, redact: Redactor): string {
  const clean = redact.text(stderr).replace(/\s+/g, ' ').trim();
  if (!clean) return '';
  const tail = clean.length > STDERR_QUOTE_CHARS ? `…${clean.slice(-STDERR_QUOTE_CHARS)}` : clean;
  return ` It wrote to stderr: "${tail}"`;
}

function exitText(failure: Extract<StdioFailure, { kind: 'exit' }>): string {
  if (failure.signal) return `was stopped by ${failure.signal}`;
  return `exited with code ${failure.exitCode ?? 'unknown'}`;
}

/** The typed error for a failure of the process itself; undefined when the process is fine. */
function processError(
  transport: ProcessStdioTransport,
  context: McpErrorContext,
  redact: Redactor,
): McpError | undefined {
  const failure = transport.failure();
  if (!failure) return undefined;
  const where = operationText(context);
  const stderr = stderrQuote(transport.stderr(), redact);
  switch (failure.kind) {
    case 'spawn':
      return new McpError(
        'process_failed',
        `${where} failed: the command could not start (${failure.code === 'ENOENT' ? 'not found' : (failure.code ?? failure.message)})`,
        {
          notDelivered: true,
          hint:
            failure.code === 'ENOENT'
              ? 'The command is run without a shell: give its full path, or install it where this host’s PATH finds it.'
              : 'Check that the command exists on this host and this user may run it.',
        },
      );
    case 'exit':
      return new McpError(
        'process_failed',
        `${where} failed: the process ${exitText(failure)} before answering.${stderr}`,
        { notDelivered: context.phase === 'connect' },
      );
    case 'garbage':
      return new McpError(
        'not_mcp_endpoint',
        `${where} failed: the process wrote to stdout what is not an MCP message ("${redact.text(failure.line).slice(0, 120)}"), so it was stopped`,
        {
          hint: 'A stdio MCP server writes only MCP messages to stdout (logs go to stderr). Check the arguments start it in stdio mode.',
        },
      );
    case 'too_large':
      return new McpError(
        'result_too_large',
        `${where} failed: the answer passed ${failure.limitBytes / 1024 / 1024} MB while being read, so reading stopped and the process was stopped`,
        {
          hint: 'The answer was far bigger than any result budget. A local server writes one answer as one line, which cannot be skipped, so its process was stopped (the next call starts a new one). The tool may have run. Call it with arguments that ask for less.',
        },
      );
  }
}

class StdioConnection implements McpConnection {
  readonly transport = 'stdio' as const;
  private closed = false;
  readonly serverInfo: { name: string; version: string };

  constructor(
    private readonly client: Client,
    private readonly process: ProcessStdioTransport,
    private readonly target: string,
    private readonly redact: Redactor,
    readonly protocolVersion: string,
  ) {
    const info = client.getServerVersion();
    this.serverInfo = redact.value({
      name: info?.name ?? 'unknown',
      version: info?.version ?? 'unknown',
    });
  }

  private context(extra: McpErrorContext): McpErrorContext {
    return { target: this.target, hadSession: true, ...extra };
  }

  private classify(error: unknown, context: McpErrorContext): McpError {
    const classified =
      (context.signal?.aborted ? undefined : processError(this.process, context, this.redact)) ??
      toMcpError(error, context);
    // A process that does not answer in time is stopped now, not left running until the call ends.
    if (classified.code === 'timeout') void this.close();
    return classified.redacted(this.redact.text);
  }

  private ensureOpen(context: McpErrorContext): void {
    if (!this.closed) return;
    throw (
      processError(this.process, context, this.redact) ??
      new McpError('connection_lost', `${operationText(context)} failed: the process was stopped`, {
        notDelivered: true,
        hint: 'The local server’s process was stopped. Connecting again starts a new one.',
      })
    );
  }

  async listTools(options: ListToolsOptions = {}): Promise<McpToolList> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
    const context = this.context({ phase: 'list_tools', signal: options.signal, timeoutMs });
    this.ensureOpen(context);
    try {
      const list = await readToolList(this.client, {
        timeoutMs,
        maxPages: options.maxPages ?? MAX_TOOL_PAGES,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return this.redact.value(list);
    } catch (error) {
      throw this.classify(error, context);
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
      return this.redact.value(await requestToolCall(this.client, name, args, options));
    } catch (error) {
      throw this.classify(error, context);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.close();
    } catch {
      // the process is stopped by the transport's close either way
    }
  }

  markClosed(): void {
    this.closed = true;
  }
}

/** Starts the command and initializes an MCP session with it over stdin/stdout. */
export async function connectStdioMcp(options: McpStdioConnectOptions): Promise<McpConnection> {
  const deadline = startDeadline(options.timeoutMs ?? DEFAULT_STDIO_CONNECT_TIMEOUT_MS);
  const target = describeCommand(options.stdio);
  const redactor = createRedactor(secretsOf(options.stdio.env));
  const transport = new ProcessStdioTransport(options.stdio);
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  const context: McpErrorContext = {
    phase: 'connect',
    target,
    signal: options.signal,
    timeoutMs: deadline.ms,
  };
  const made: { connection?: StdioConnection } = {};
  client.onclose = () => {
    const connection = made.connection;
    if (!connection) return;
    const problem = processError(transport, { ...context, phase: undefined }, redactor);
    connection.markClosed();
    if (problem) options.onConnectionProblem?.(problem.redacted(redactor.text));
  };
  const { controller, release } = linkedAbort(options.signal);
  try {
    await withDeadline(
      client.connect(transport, { timeout: deadline.left(), signal: controller.signal }),
      deadline,
      options.signal,
      () => context,
    );
  } catch (error) {
    controller.abort();
    const classified =
      (options.signal?.aborted ? undefined : processError(transport, context, redactor)) ??
      toMcpError(error, context);
    await client.close().catch(() => undefined);
    throw classified.redacted(redactor.text);
  } finally {
    release();
  }
  const connection = new StdioConnection(
    client,
    transport,
    target,
    redactor,
    transport.protocolVersion ?? 'unknown',
  );
  made.connection = connection;
  return connection;
}
