import { ErrorCode, McpError as SdkMcpError } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { allMessages, errnoCode } from './error-chain';
import { operationText, shortDetail, type McpErrorContext } from './error-text';
import { McpError, RESULT_TOO_LARGE_CODE } from './mcp-error';
import { SDK_TEXT } from './sdk-text';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_BODY_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
]);

/** A 403 says no; whether credentials were sent decides what the admin can do about it. */
function forbiddenHint(context: McpErrorContext): string {
  if (context.secrets === undefined) {
    return 'The server refused the request (403 forbidden). What it said is quoted above.';
  }
  if (context.secrets.length === 0) {
    return 'The server refused the request (403 forbidden), and no credentials are configured for this server. What it said is quoted above: it may want a token or API key header, or it refuses requests from this console’s address.';
  }
  return 'The server refused the request with the credentials configured for this server (403 forbidden). What it said is quoted above; often the token lacks a scope or the account lacks access.';
}

function statusError(status: number, bodyText: string, context: McpErrorContext): McpError {
  const where = operationText(context);
  const detail = bodyText ? `: ${shortDetail(bodyText, context.secrets)}` : '';
  if (status === 401 || status === 403) {
    return new McpError('auth', `${where} failed: the server answered ${status}${detail}`, {
      status,
      notDelivered: true,
      hint:
        status === 401
          ? 'The server answered 401: it needs credentials. Add or fix the Authorization (or API key) header configured for this server.'
          : forbiddenHint(context),
    });
  }
  if (status === 404 && context.hadSession) {
    // The spec has servers answer 404 to a session id they no longer know, without processing the message.
    return new McpError(
      'session_expired',
      `${where} failed: the server no longer knows our session (404)`,
      {
        status,
        notDelivered: true,
      },
    );
  }
  if (status === 404 || status === 405) {
    return new McpError(
      'not_mcp_endpoint',
      `${where} failed: the server answered ${status}${detail}`,
      {
        status,
        notDelivered: true,
        hint:
          status === 404
            ? "The server answered 404 at this URL: this URL is not an MCP endpoint. Check the path (often /mcp or /sse) in the server's documentation."
            : "The server answered 405 (method not allowed) at this URL: it does not accept MCP messages here. Check the path (often /mcp or /sse) in the server's documentation.",
      },
    );
  }
  if (status >= 300 && status < 400) {
    return new McpError(
      'not_mcp_endpoint',
      `${where} failed: the server redirected (${status})${detail}`,
      {
        status,
        notDelivered: true,
        hint: 'The server redirects this URL. Enter the address it redirects to directly, if that is the MCP endpoint.',
      },
    );
  }
  if (status === 400 && /protocol version/i.test(bodyText)) {
    return new McpError(
      'protocol_version',
      `${where} failed: the server rejected our protocol version${detail}`,
      {
        status,
      },
    );
  }
  if (status >= 500) {
    return new McpError('server_error', `${where} failed: the server answered ${status}${detail}`, {
      status,
    });
  }
  // Other 4xx: the server answered but refused the message as MCP.
  return new McpError(
    'not_mcp_endpoint',
    `${where} failed: the server answered ${status}${detail}`,
    {
      status,
      hint: "The server rejected the MCP message at this URL. Check that the URL is the server's MCP endpoint (often /mcp or /sse) and that it supports the Streamable HTTP or HTTP+SSE transport.",
    },
  );
}

/**
 * Classifies anything the SDK, fetch or undici throws into an McpError. Pure: no I/O, and
 * nothing from request headers ever reaches the message.
 */
export function toMcpError(error: unknown, context: McpErrorContext = {}): McpError {
  if (error instanceof McpError) return error;
  const where = operationText(context);

  // Our own abort wins over whatever shape the SDK gave the rejection.
  if (context.signal?.aborted) {
    return new McpError('cancelled', `${where} was cancelled`);
  }

  if (error instanceof SdkMcpError) {
    if (error.code === ErrorCode.RequestTimeout) {
      const ms = context.timeoutMs ?? (error.data as { timeout?: number } | undefined)?.timeout;
      return new McpError(
        'timeout',
        `${where} timed out${ms !== undefined ? ` after ${ms} ms` : ''}`,
      );
    }
    if (error.code === RESULT_TOO_LARGE_CODE) {
      const limit = (error.data as { limitBytes?: number } | undefined)?.limitBytes ?? 0;
      return new McpError(
        'result_too_large',
        `${where} failed: the answer passed ${(limit / 1024 / 1024).toFixed(0)} MB while being read, so reading stopped and the request was cancelled`,
      );
    }
    if (error.code === ErrorCode.ConnectionClosed) {
      return new McpError(
        'connection_lost',
        `${where} failed: the connection closed before the answer arrived`,
      );
    }
    return new McpError(
      'server_error',
      `${where} failed: ${shortDetail(error.message, context.secrets)}`,
      {
        hint:
          error.code === ErrorCode.MethodNotFound
            ? 'The server does not support this MCP method. Check that it offers tools.'
            : error.code === ErrorCode.InvalidParams
              ? 'The server rejected the arguments or returned a result that does not match the tool’s declared schema. Check the tool’s input and output schema.'
              : "The server returned an error for this request. Check the server's logs.",
      },
    );
  }

  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    const status = typeof error.code === 'number' ? error.code : undefined;
    const text = error.message
      .replace(/^(Streamable HTTP|SSE) error: /, '')
      .replace(
        /^(Error POSTing to endpoint|Failed to open SSE stream|Non-200 status code \(\d+\)):?\s*/,
        '',
      );
    if (status !== undefined && status >= 300) return statusError(status, text, context);
    // -1 is the Streamable HTTP transport's "Unexpected content type" (its only use of -1).
    const notMcpAnswer =
      error instanceof StreamableHTTPError ? status === -1 : SDK_TEXT.sseContentType.test(text);
    if (notMcpAnswer) {
      return new McpError(
        'not_mcp_endpoint',
        `${where} failed: the answer is not MCP (${shortDetail(text, context.secrets)})`,
        {
          hint: "The server answered with something other than MCP (for example a web page). Check that the URL is the MCP endpoint (often /mcp or /sse), not the server's home page.",
        },
      );
    }
    // An SseError without a status wraps a network failure: classify its text below.
  }

  if (error instanceof UnauthorizedError) {
    return statusError(401, '', context);
  }

  // From here on only words are left (SDK_TEXT), then socket error codes.
  const message = allMessages(error);
  const httpInText = SDK_TEXT.ssePostStatus.exec(message);
  if (httpInText?.[1]) {
    const body = message.slice(httpInText.index + httpInText[0].length);
    return statusError(Number(httpInText[1]), body, context);
  }

  // The SSE transport refuses an `endpoint` event that names another origin (good); say so,
  // instead of letting the earlier Streamable HTTP 405 stand for it.
  const otherOrigin = SDK_TEXT.otherOrigin.exec(message);
  if (otherOrigin) {
    return new McpError(
      'url_not_allowed',
      `${where} failed: its SSE endpoint event names another origin (${shortDetail(otherOrigin[1] ?? '', context.secrets)}) to send messages to, which is refused`,
      {
        notDelivered: true,
        hint: 'The server told the client to post its messages to a different address than the one registered. Messages and credentials only go to the registered origin; if the other address is the real server, register that address, or fix the server’s endpoint setting.',
      },
    );
  }

  if (SDK_TEXT.protocolVersion.test(message)) {
    return new McpError(
      'protocol_version',
      `${where} failed: ${shortDetail(message, context.secrets)}`,
    );
  }

  const code = errnoCode(error);
  if (code && DNS_CODES.has(code)) {
    return new McpError('dns', `${where} failed: the host name does not resolve (${code})`, {
      notDelivered: true,
    });
  }
  if (code && REFUSED_CODES.has(code)) {
    return new McpError(
      'connection_refused',
      `${where} failed: the connection was refused (${code})`,
      {
        notDelivered: true,
      },
    );
  }
  if ((code && TLS_CODES.has(code)) || /certificate|ssl|tls/i.test(message)) {
    return new McpError(
      'tls',
      `${where} failed: the secure connection could not be set up (${code ?? 'TLS'})`,
      {
        notDelivered: true,
      },
    );
  }
  if (code && TIMEOUT_CODES.has(code)) {
    // A connect timeout means the request never left; a headers timeout means it may have run.
    const connect = code === 'UND_ERR_CONNECT_TIMEOUT';
    return new McpError('timeout', `${where} timed out (${code})`, { notDelivered: connect });
  }
  if (
    (code && LOST_CODES.has(code)) ||
    SDK_TEXT.streamDisconnected.test(message) ||
    // undici's words for a dropped socket when it gives no code: "other side closed",
    // "socket hang up", and a body read cut short ("terminated")
    /other side closed|socket hang up|terminated/i.test(message)
  ) {
    return new McpError(
      'connection_lost',
      `${where} failed: the connection dropped before the answer arrived`,
    );
  }

  const name = (error as { name?: unknown })?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    // An abort we did not ask for (context.signal is not aborted): our own deadline.
    return name === 'TimeoutError'
      ? new McpError('timeout', `${where} timed out`)
      : new McpError('cancelled', `${where} was cancelled`);
  }

  if (name === 'ZodError' || error instanceof SyntaxError) {
    return new McpError(
      'not_mcp_endpoint',
      `${where} failed: the answer is not valid MCP JSON-RPC`,
      {
        hint: "The server answered with JSON that is not MCP JSON-RPC. Check that the URL is the server's MCP endpoint (often /mcp or /sse).",
      },
    );
  }

  // The SDK's "Connection closed" is its McpError ConnectionClosed, classified above by code.
  if (SDK_TEXT.notConnected.test(message)) {
    return new McpError('connection_lost', `${where} failed: the connection is closed`);
  }

  return new McpError(
    'server_error',
    `${where} failed: ${shortDetail(message || String(error), context.secrets)}`,
    {
      hint: 'An unexpected error happened while talking to the server. Try again; if it persists, check the server’s logs.',
    },
  );
}
