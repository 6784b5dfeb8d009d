import { redactSecrets } from './redact';

/** How an error's message names what was being done, and to which server. */

export interface McpErrorContext {
  /** what we were doing, for the message */
  phase?: 'connect' | 'list_tools' | 'call_tool' | 'close';
  /** the endpoint (userinfo is stripped before it appears in a message) */
  url?: string | URL;
  /** how to name a server that has no URL (a local command), instead of the URL */
  target?: string;
  /** we sent an mcp-session-id with this request: a 404 then means the session expired */
  hadSession?: boolean;
  /** the caller's signal: if it is aborted, the failure is a cancellation */
  signal?: AbortSignal;
  /** header values to redact from anything we quote from the server */
  secrets?: string[];
  /** the time limit in force, for the timeout message */
  timeoutMs?: number;
  /** the tool being called, for the message */
  tool?: string;
}

/** A URL as it may appear in a message: no userinfo, no query, no fragment. */
export function displayUrl(url: string | URL | undefined): string {
  if (url === undefined) return 'the server';
  try {
    const parsed = new URL(String(url));
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return 'the given address';
  }
}

export function shortDetail(text: string, secrets: string[] | undefined, max = 200): string {
  // Redact before collapsing whitespace and cutting, so no part of a secret survives either.
  const clean = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** "Calling tool "x" on http://host/mcp": the start of every message. */
export function operationText(context: McpErrorContext): string {
  return `${phaseText(context)} ${context.target ?? displayUrl(context.url)}`;
}

function phaseText(context: McpErrorContext): string {
  switch (context.phase) {
    case 'connect':
      return 'Connecting to';
    case 'list_tools':
      return 'Listing the tools of';
    case 'call_tool':
      return context.tool ? `Calling tool "${context.tool}" on` : 'Calling a tool on';
    case 'close':
      return 'Closing the session with';
    default:
      return 'Talking to';
  }
}
