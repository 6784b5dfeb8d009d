import { z } from 'zod';
import { McpError } from './errors';
import type { McpCallResult } from './types';
import { validateToolArgs } from './validate-args';

/**
 * A tools/call result read without the SDK's closed list of content types: a block of a type
 * it does not know (`"video"`) would fail the whole result there, while result-text.ts can say
 * what it is. Only what every reader relies on is checked.
 */
const ContentBlock = z.looseObject({ type: z.string() });

export const LooseCallToolResult = z.looseObject({
  content: z
    .array(z.unknown())
    .optional()
    .transform((items) =>
      (items ?? []).map((item) => {
        const block = ContentBlock.safeParse(item);
        // Kept visible as what it is: a block the server sent without a type.
        return block.success ? block.data : { type: 'malformed' };
      }),
    ),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
  isError: z.boolean().optional(),
});

/**
 * Checks structuredContent against the tool's declared output schema (its own `$schema` draft),
 * as the spec asks of clients. A tool error is not checked: it carries no structured result.
 */
export function checkToolOutput(
  tool: string,
  outputSchema: Record<string, unknown> | undefined,
  result: McpCallResult,
): void {
  if (!outputSchema || result.isError) return;
  if (result.structuredContent === undefined) {
    throw new McpError(
      'invalid_result',
      `"${tool}" declares an output schema but returned no structured content`,
    );
  }
  const checked = validateToolArgs(outputSchema, result.structuredContent);
  if (!checked.ok) {
    const problems = checked.errors
      .slice(0, 5)
      .map((e) => `${e.path || '(result)'} ${e.message}`)
      .join('; ');
    throw new McpError(
      'invalid_result',
      `The result of "${tool}" does not match its output schema: ${problems}`,
    );
  }
}
