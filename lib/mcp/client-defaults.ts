/** What every MCP connection, remote or local, starts from. */
export const CLIENT_INFO = { name: 'voice-console', version: '0.1.0' };
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const DEFAULT_LIST_TIMEOUT_MS = 15_000;
/**
 * Pages of tools/list read before stopping (the discovery report says when it stopped). One
 * tool per page is legal, so this is also the floor on how many tools a server can offer.
 */
export const MAX_TOOL_PAGES = 1_000;
