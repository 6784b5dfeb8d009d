/**
 * lib/mcp's errors, imported from here: the error type (mcp-error.ts), how a message names what
 * failed (error-text.ts), reading what was thrown (error-chain.ts) and the classifier that turns
 * anything the SDK, fetch or undici throws into an McpError (error-classify.ts).
 */
export {
  BREAKS_SESSION,
  McpError,
  RESULT_TOO_LARGE_CODE,
  isMcpError,
  type OAuthSignInNeeded,
} from './mcp-error';
export { displayUrl, operationText, type McpErrorContext } from './error-text';
export { findMcpError } from './error-chain';
export { toMcpError } from './error-classify';
