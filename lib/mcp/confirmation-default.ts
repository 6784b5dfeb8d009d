/**
 * Whether a tool needs the caller's confirmation unless the admin says otherwise. Per the MCP
 * spec's defaults (readOnlyHint false, destructiveHint true), a tool that does not say it is
 * read-only is treated as one that changes things.
 */
export function defaultNeedsConfirmation(annotations?: Record<string, unknown>): boolean {
  if (annotations?.destructiveHint === true) return true;
  return annotations?.readOnlyHint !== true;
}
