import { z } from 'zod';
import type { McpRefusedTool, McpToolInfo } from './types';

/**
 * Reads a tools/list page one tool at a time. The SDK parses a page as a whole, so one tool
 * with a loose schema (`{}`, `type: ["object","null"]`, a top-level anyOf, boolean property
 * schemas) fails the list and loses the good tools beside it. Here every tool that has a name
 * and a JSON Schema is kept, as the server sent it (schema-clean.ts decides what the model can
 * be given), and each one that cannot be used at all is refused with its own reason.
 */

/** The page itself: only the array and the cursor are needed to read on. */
export const LooseToolPage = z.looseObject({
  tools: z.array(z.unknown()),
  nextCursor: z.string().optional(),
});

const LooseAnnotations = z.record(z.string(), z.unknown());

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Annotations are hints: a wrongly typed one is dropped, the rest are kept. */
function cleanAnnotations(raw: unknown): Record<string, unknown> | undefined {
  const parsed = LooseAnnotations.safeParse(raw);
  if (!parsed.success) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (key.endsWith('Hint') && typeof value !== 'boolean') continue;
    if (key === 'title' && typeof value !== 'string') continue;
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

type Parsed = { ok: true; tool: McpToolInfo } | { ok: false; refused: McpRefusedTool };

export function parseTool(raw: unknown, index: number): Parsed {
  const refuse = (name: string | null, reason: string): Parsed => ({
    ok: false,
    refused: { name, index, reason },
  });
  if (!isRecord(raw)) return refuse(null, `The entry is ${kindOf(raw)}, not a tool.`);
  const name = typeof raw.name === 'string' ? raw.name : null;
  if (name === null || name.trim().length === 0) {
    return refuse(null, 'The tool has no name, so it cannot be called.');
  }
  const source = raw;

  let inputSchema: Record<string, unknown>;
  const input = source.inputSchema;
  if (input === undefined || input === true) inputSchema = {};
  else if (input === false) {
    return refuse(
      name,
      'Its input schema is `false`: no arguments are valid, so it can never be called.',
    );
  } else if (isRecord(input)) inputSchema = input;
  else {
    return refuse(
      name,
      `Its input schema is ${kindOf(input)}, not a JSON Schema object, so its arguments cannot be checked.`,
    );
  }

  const output = source.outputSchema;
  if (output !== undefined && !isRecord(output)) {
    return refuse(
      name,
      `Its output schema is ${kindOf(output)}, not a JSON Schema object, so its results cannot be checked.`,
    );
  }
  const title =
    typeof source.title === 'string'
      ? source.title
      : isRecord(source.annotations) && typeof source.annotations.title === 'string'
        ? source.annotations.title
        : undefined;
  const annotations = cleanAnnotations(source.annotations);
  return {
    ok: true,
    tool: {
      name,
      ...(title !== undefined ? { title } : {}),
      ...(typeof source.description === 'string' ? { description: source.description } : {}),
      inputSchema,
      ...(output !== undefined ? { outputSchema: output } : {}),
      ...(annotations ? { annotations } : {}),
    },
  };
}

/** Adds one page's tools to the list; a name listed twice keeps its first definition. */
export function addToolPage(
  page: unknown[],
  into: { tools: McpToolInfo[]; refused: McpRefusedTool[]; offset: number },
): void {
  const seen = new Set(into.tools.map((tool) => tool.name));
  page.forEach((raw, i) => {
    const parsed = parseTool(raw, into.offset + i);
    if (!parsed.ok) {
      into.refused.push(parsed.refused);
      return;
    }
    if (seen.has(parsed.tool.name)) {
      into.refused.push({
        name: parsed.tool.name,
        index: into.offset + i,
        reason: 'The server lists a tool of this name more than once; the first one is used.',
      });
      return;
    }
    seen.add(parsed.tool.name);
    into.tools.push(parsed.tool);
  });
  into.offset += page.length;
}
