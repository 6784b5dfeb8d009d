/**
 * The SDK failures that carry no class, code or status of their own, only words. They are read
 * as a last resort, after the error classes, JSON-RPC codes, HTTP statuses and socket error
 * codes; each pattern is tested against the text of the installed SDK
 * (test/mcp/sdk-messages.test.ts), so an upgrade that changes one fails a test instead of
 * misclassifying quietly.
 */
export const SDK_TEXT = {
  /** client/sse.js send(): `Error POSTing to endpoint (HTTP ${status}): ${body}` (a plain Error) */
  ssePostStatus: /\(HTTP (\d{3})\):?\s*/,
  /** client/sse.js: `Endpoint origin does not match connection origin: ${origin}` */
  otherOrigin: /Endpoint origin does not match connection origin: (\S+)/,
  /** client/index.js connect(): `Server's protocol version is not supported: ${version}` */
  protocolVersion: /protocol version is not supported/i,
  /** shared/protocol.js and client/sse.js: 'Not connected' (a request after close) */
  notConnected: /Not connected/,
  /** client/streamableHttp.js: `SSE stream disconnected: ${error}` */
  streamDisconnected: /SSE stream disconnected/,
  /**
   * client/streamableHttp.js, on the standalone stream: `Failed to reconnect SSE stream: …`,
   * `Failed to reconnect: …`, `Maximum reconnection attempts (${n}) exceeded.`
   */
  reconnectFailed: /Failed to reconnect|Maximum reconnection attempts/,
  /** eventsource (inside SseError): 'Invalid content type, expected "text/event-stream"' */
  sseContentType: /Invalid content type/,
} as const;
