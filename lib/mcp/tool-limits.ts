/**
 * The ranges of a tool's settings, in one place for the database functions that enforce them,
 * the action that validates the form and the form itself (no imports: safe in the browser).
 */
export const MAX_RESULT_BUDGET_BYTES = 262_144;
export const TOOL_TIMEOUT_MS = { min: 1_000, max: 300_000 } as const;
export const TOOL_BUDGET_BYTES = { min: 256, max: MAX_RESULT_BUDGET_BYTES } as const;
