import { ErrorCode, McpError as SdkMcpError } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { McpError, toMcpError } from '@/lib/mcp/errors';

function fetchFailed(code: string, message = code): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('toMcpError', () => {
  it.each([
    [fetchFailed('ENOTFOUND'), 'dns', true],
    [fetchFailed('EAI_AGAIN'), 'dns', true],
    [fetchFailed('ECONNREFUSED'), 'connection_refused', true],
    [fetchFailed('CERT_HAS_EXPIRED'), 'tls', true],
    [fetchFailed('EPROTO'), 'tls', true],
    [fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', true],
    [fetchFailed('ECONNRESET'), 'connection_lost', false],
    [
      new TypeError('terminated', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      }),
      'connection_lost',
      false,
    ],
    [new StreamableHTTPError(401, 'Error POSTing to endpoint: unauthorized'), 'auth', true],
    [new StreamableHTTPError(403, 'Error POSTing to endpoint: forbidden'), 'auth', true],
    [
      new StreamableHTTPError(404, 'Error POSTing to endpoint: Not Found'),
      'not_mcp_endpoint',
      true,
    ],
    [
      new StreamableHTTPError(405, 'Error POSTing to endpoint: Method Not Allowed'),
      'not_mcp_endpoint',
      true,
    ],
    [new StreamableHTTPError(-1, 'Unexpected content type: text/html'), 'not_mcp_endpoint', false],
    [new StreamableHTTPError(502, 'Error POSTing to endpoint: Bad Gateway'), 'server_error', false],
    [new Error('Error POSTing to endpoint (HTTP 503): down'), 'server_error', false],
    [
      new Error("Server's protocol version is not supported: 1999-01-01"),
      'protocol_version',
      false,
    ],
    [
      new SdkMcpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: 100 }),
      'timeout',
      false,
    ],
    [new SdkMcpError(ErrorCode.ConnectionClosed, 'Connection closed'), 'connection_lost', false],
    [new SdkMcpError(ErrorCode.InternalError, 'boom'), 'server_error', false],
    [new SyntaxError('Unexpected token < in JSON'), 'not_mcp_endpoint', false],
  ] as const)('classifies %s as %s', (error, code, notDelivered) => {
    const mcpError = toMcpError(error, { url: 'http://example.com/mcp', phase: 'connect' });
    expect(mcpError).toBeInstanceOf(McpError);
    expect(mcpError.code).toBe(code);
    expect(mcpError.notDelivered).toBe(notDelivered);
    expect(mcpError.hint.length).toBeGreaterThan(10);
  });

  it('a 404 on our session id is session_expired, and provably not delivered', () => {
    const error = toMcpError(
      new StreamableHTTPError(404, 'Error POSTing to endpoint: Session not found'),
      { hadSession: true },
    );
    expect(error.code).toBe('session_expired');
    expect(error.notDelivered).toBe(true);
  });

  it('our own abort is cancelled, whatever the SDK made of it', () => {
    const controller = new AbortController();
    controller.abort();
    const error = toMcpError(new SdkMcpError(ErrorCode.RequestTimeout, 'AbortError'), {
      signal: controller.signal,
    });
    expect(error.code).toBe('cancelled');
  });

  it('the not_mcp_endpoint hint for 404 tells the admin what to check', () => {
    const error = toMcpError(new StreamableHTTPError(404, 'Not Found'), {});
    expect(error.hint).toBe(
      "The server answered 404 at this URL: this URL is not an MCP endpoint. Check the path (often /mcp or /sse) in the server's documentation.",
    );
  });

  it('never lets a header value into the message, even when the server echoes it', () => {
    const secret = 'Bearer sk-live-abcdef123456';
    const error = toMcpError(
      new StreamableHTTPError(500, `Error POSTing to endpoint: bad header ${secret}`),
      {
        secrets: [secret],
        url: 'https://user:pass@example.com/mcp?token=abc',
      },
    );
    expect(error.message).not.toContain('sk-live-abcdef123456');
    expect(error.message).not.toContain('pass');
    expect(error.message).not.toContain('token=abc');
    expect(error.message).toContain('[redacted]');
  });

  it('passes an McpError through unchanged', () => {
    const original = new McpError('dns', 'x');
    expect(toMcpError(original)).toBe(original);
  });
});
