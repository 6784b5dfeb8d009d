import { llm } from '@livekit/agents';
import { z } from 'zod';
import type { CallToolConfig } from '@/lib/db/call-config';
import { CONFIRM_ACTION_TOOL, type ConfirmationGate } from './confirmation-gate';
import type { ModelReply, ToolCalls } from './tool-calls';

/**
 * The call's tools as the framework's `llm.tool`s: each enabled MCP tool (its life is
 * tool-calls.ts's), and, when any of them needs the caller's yes, the built-in confirm_action the
 * model reports the caller's answer with (confirmation-gate.ts). A failure reaches the model as an
 * `llm.ToolError`, so the framework marks the output as an error.
 */
export function createFrameworkTools({
  tools,
  toolCalls,
  confirmations,
}: {
  tools: readonly CallToolConfig[];
  toolCalls: ToolCalls;
  confirmations?: ConfirmationGate;
}) {
  const mcpTools = tools.map((tool) =>
    llm.tool({
      name: tool.functionName,
      description: tool.description,
      parameters: tool.parameters,
      execute: async (args: unknown, { toolCallId, abortSignal }) =>
        toFramework(await toolCalls.execute(tool, args, { toolCallId, signal: abortSignal })),
    }),
  );
  if (!confirmations || !tools.some((t) => t.needsConfirmation)) return mcpTools;
  return [...mcpTools, confirmActionTool(confirmations)];
}

function toFramework(reply: ModelReply): string {
  if (!reply.ok) throw new llm.ToolError(reply.text);
  return reply.text;
}

const ConfirmActionArgs = z.object({ decision: z.enum(['yes', 'no', 'unclear']) });

function confirmActionTool(confirmations: ConfirmationGate) {
  return llm.tool({
    name: CONFIRM_ACTION_TOOL,
    description:
      "Report the caller's answer after you asked them to confirm an action (a tool result said NOT DONE YET and told you what to ask). " +
      "decision: 'yes' only if the caller clearly said yes, 'no' if they declined, 'unclear' otherwise. " +
      "The action runs only on the caller's own clear yes; this tool's result says what really happened.",
    parameters: {
      type: 'object',
      properties: {
        decision: {
          type: 'string',
          enum: ['yes', 'no', 'unclear'],
          description: "the caller's answer",
        },
      },
      required: ['decision'],
      additionalProperties: false,
    },
    execute: async (args: unknown, { abortSignal }) =>
      toFramework(
        await confirmations.answerFromModel(ConfirmActionArgs.parse(args).decision, {
          abortSignal,
        }),
      ),
  });
}
