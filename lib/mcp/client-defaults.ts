import { MAX_RESULT_BUDGET_BYTES } from './tool-limits';

/** What every MCP connection, remote or local, starts from. */
export const CLIENT_INFO = { name: 'voice-console', version: '0.1.0' };
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/**
 * A local (stdio) server's connect limit: starting the process is part of connecting, and a
 * command like `npx -y some-server` first downloads and installs the package when the host's npm
 * cache does not hold it yet (a cold `npx -y @modelcontextprotocol/server-everything` took
 * about 16 s here, a warm one about 2 s; see CONTRIBUTING's machine notes). A remote server's
 * limit would fail such a first start.
 */
export const DEFAULT_STDIO_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_LIST_TIMEOUT_MS = 15_000;
/**
 * Pages of tools/list read before stopping (the discovery report says when it stopped). One
 * tool per page is legal, so this is also the floor on how many tools a server can offer.
 */
export const MAX_TOOL_PAGES = 1_000;
/**
 * The largest result budget a tool can be given (the admin's setting, in bytes), and the hard
 * cap on what is read of one tool call's answer, remote or local: the budget is cut from a
 * result once it is in memory, the cap stops reading it. A multiple of the budget, so a result
 * a little over budget still arrives whole and is cut with its marker.
 */
export { MAX_RESULT_BUDGET_BYTES };
export const RESULT_HARD_CAP_BYTES = 16 * MAX_RESULT_BUDGET_BYTES;
/** Other answers (tool list pages, initialize) are bounded too, more loosely. */
export const OTHER_ANSWER_CAP_BYTES = 64 * 1024 * 1024;
