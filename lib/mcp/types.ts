/**
 * The interface of the one MCP client module (lib/mcp). The console (test connection,
 * discovery, try a tool) and the agent (agent/src/tool-calls.ts) both go through it.
 */

import type { McpError } from './errors';

export type McpErrorCode =
  | 'invalid_url' // not http(s), unparsable
  | 'url_not_allowed' // link-local / metadata, or private/loopback outside the allow-list
  | 'dns' // host name does not resolve
  | 'connection_refused' // nothing listens there / server down
  | 'tls' // certificate or TLS handshake problem
  | 'auth' // 401 / 403
  | 'not_mcp_endpoint' // 404 / 405 / an answer that is not MCP
  | 'protocol_version' // server speaks a protocol version we do not
  | 'timeout' // no answer within the time limit
  | 'session_expired' // 404 on our session id: the server forgot us
  | 'connection_lost' // the connection dropped mid-request
  | 'server_error' // 5xx or a JSON-RPC error from the server
  | 'result_too_large' // the answer passed the hard cap while being read; reading stopped
  | 'invalid_result' // the result does not match the tool's output schema
  | 'cancelled' // aborted by our own signal
  | 'process_failed' // a local (stdio) server's command could not start, or exited
  | 'stdio_disabled'; // a local (stdio) server while the operator has them turned off

export type McpTransportKind = 'streamable-http' | 'sse' | 'stdio';

export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** when the tool declares one; the SDK then checks structuredContent against it */
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** A tools/list entry that cannot be used at all, with why (shown in the discovery report). */
export interface McpRefusedTool {
  /** null when the entry has no usable name */
  name: string | null;
  /** position in the whole list, from 0 */
  index: number;
  reason: string;
}

/** What tools/list gave, read tolerantly (tool-list.ts). */
export interface McpToolList {
  tools: McpToolInfo[];
  refused: McpRefusedTool[];
  /** set when reading stopped at the page limit while the server still offered a next page */
  stoppedAtPage: number | null;
}

/** Content of a tool result, as the server returned it (MCP CallToolResult). */
export interface McpCallResult {
  content: Array<Record<string, unknown> & { type: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface UrlPolicy {
  /** loopback and private addresses are allowed (development) */
  allowPrivate: boolean;
  /** hosts or CIDRs allowed even when allowPrivate is false (production allow-list) */
  allowList: string[];
}

export interface McpConnectOptions {
  url: string;
  /** plain header values (already unsealed); never logged */
  headers?: Record<string, string>;
  /** the Authorization header carries the console's OAuth access token (a 401 means Reconnect) */
  oauthGrant?: boolean;
  /** time limit for connect + initialize */
  timeoutMs?: number;
  signal?: AbortSignal;
  policy: UrlPolicy;
  /**
   * Called when the transport reports, outside any call the caller awaits, that the
   * connection or session broke (event stream dropped, session gone). The connection is not
   * usable after that; the managed connection reconnects before its next call.
   */
  onConnectionProblem?: (error: McpError) => void;
}

/** A local (stdio) MCP server: a command run without a shell, on the host of the process. */
export interface StdioCommand {
  command: string;
  args: string[];
  /** plain values (already unsealed), on top of a small safe base environment; never logged */
  env: Record<string, string>;
}

export interface McpStdioConnectOptions {
  stdio: StdioCommand;
  /** time limit for starting the process + initialize */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** called when the process exits or breaks the protocol outside any awaited request */
  onConnectionProblem?: (error: McpError) => void;
}

export interface McpCallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * The tool's declared output schema, as the server listed it: structuredContent is checked
   * against it under the draft it declares (validate-args.ts), on every path that calls tools.
   */
  outputSchema?: Record<string, unknown>;
}

export interface ListToolsOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** pages read at most before stopping (and saying so); MAX_TOOL_PAGES by default */
  maxPages?: number;
}

/** What lists and calls a server's tools: one connection, or a managed server that reconnects. */
export interface McpToolOperations {
  listTools(options?: ListToolsOptions): Promise<McpToolList>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions,
  ): Promise<McpCallResult>;
  close(): Promise<void>;
}

export interface McpConnection extends McpToolOperations {
  readonly transport: McpTransportKind;
  readonly serverInfo: { name: string; version: string };
  readonly protocolVersion: string;
}
