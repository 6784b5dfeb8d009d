import { findPlaceholderArgument } from '@/lib/claims/placeholders';
import type { CallToolConfig } from '@/lib/db/call-config';
import { validateToolArgs } from '@/lib/mcp/validate-args';
import type { ToolCallFailure } from './tool-call-failures';

/**
 * The checks every tool call passes after `requested` and before it may run or be put to the
 * caller: tool-calls.ts runs ARGUMENT_CHECKS in order, and the first failure ends the call
 * `failed` with nothing sent. A check sees the arguments exactly as the model sent them. A new
 * check is one more function in that list.
 */
export type ArgumentCheck = (call: {
  tool: CallToolConfig;
  args: unknown;
}) => ToolCallFailure | undefined;

/** The arguments must match the tool's own input schema. */
export const argumentsMatchSchema: ArgumentCheck = ({ tool, args }) => {
  // The server's own schema, under its declared draft: the model's may leave parts out.
  const validation = validateToolArgs(tool.inputSchema, args);
  if (validation.ok) return undefined;
  const problems = validation.errors
    .map((e) => `${e.path || '(arguments)'} ${e.message}`)
    .join('; ');
  return {
    code: 'invalid_arguments',
    message: `the arguments do not match the schema of "${tool.functionName}" (${problems}); nothing was sent to ${tool.serverName}`,
  };
};

/**
 * No string argument may be, as a whole, a template placeholder ("[Recipient's Email]", "<email>",
 * "{{to}}", "YOUR_API_KEY"): the model copied a template instead of asking. It is told to ask.
 */
export const noPlaceholderArguments: ArgumentCheck = ({ tool, args }) => {
  const placeholder = findPlaceholderArgument(args);
  if (!placeholder) return undefined;
  return {
    code: 'invalid_arguments',
    message: `the argument "${placeholder.path}" is a template placeholder (${JSON.stringify(placeholder.value)}), not a real value; nothing was sent to ${tool.serverName}. Ask the caller for the real value, then call "${tool.functionName}" again`,
  };
};

export const ARGUMENT_CHECKS: readonly ArgumentCheck[] = [
  argumentsMatchSchema,
  noPlaceholderArguments,
];
