import type { OAuthSignInNeeded } from './mcp-error';
import type { McpErrorCode } from './types';

/** What the admin should do next, by code, when the classifier has nothing more specific. */
export const DEFAULT_HINTS: Record<McpErrorCode, string> = {
  invalid_url: 'Enter the full address of the MCP endpoint, starting with http:// or https://.',
  url_not_allowed:
    'This address is not allowed for MCP servers. Use a public address, or ask an operator to add the host to the MCP allow-list.',
  dns: 'The host name does not resolve. Check the spelling of the host, or whether it is only reachable on another network.',
  connection_refused:
    'Nothing accepted the connection at this address. Check that the server is running and that the port is right.',
  tls: "The secure connection failed. Check that the server's certificate is valid for this host name and not expired, or whether the server expects http:// instead of https://.",
  auth: 'The server refused the credentials. Check the authorization headers configured for this server (for example an expired or mistyped token).',
  not_mcp_endpoint:
    "The server answered, but not as an MCP endpoint. Check the path (often /mcp or /sse) in the server's documentation.",
  protocol_version:
    'The server speaks an MCP protocol version this console does not support. Update the server, or check whether it offers a newer endpoint.',
  timeout:
    'The server did not answer in time. Try again; if it keeps happening, check the server’s load or raise the time limit.',
  session_expired:
    'The server forgot our session (it may have restarted). Connecting again starts a new session.',
  connection_lost:
    'The connection dropped while the server was working on the request. The request may or may not have run; check on the server side before retrying anything with side effects.',
  server_error: "The server failed while handling the request. Check the server's logs.",
  cancelled: 'The request was cancelled on our side.',
  stdio_disabled:
    'Local (stdio) MCP servers are turned off. An operator can turn them on with MCP_STDIO_ENABLED=true on the console and the agent worker; until then this server’s tools are not offered in calls.',
  process_failed:
    'The local command stopped or could not start. Run it by hand on the host with the same arguments and environment, and check what it writes to stderr.',
  result_too_large:
    'The answer was far bigger than any result budget, so reading it stopped and the request was cancelled. The tool may have run. Call it with arguments that ask for less.',
  invalid_result:
    'The server’s result does not match the output schema the tool declares. The tool ran; report the mismatch to whoever runs the server.',
};

/** The next step for a server that signs in with OAuth. */
export const OAUTH_HINTS: Record<OAuthSignInNeeded['signIn'], string> = {
  connect:
    'This server signs in with OAuth. Press Connect on its page to sign in at its authorization server and grant the console access.',
  reconnect:
    'The server no longer accepts the console’s OAuth grant (revoked, expired or missing a scope). Press Reconnect on its page to sign in again.',
};
