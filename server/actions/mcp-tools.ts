'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordOAuthRefusal } from '@/lib/credentials/mcp-credentials';
import { getDb } from '@/lib/db/client';
import {
  getTool,
  updateToolSettings as updateToolSettingsRow,
  updateToolsSettings,
  type BulkToolChange,
  type ToolRow,
} from '@/lib/db/mcp-tools';
import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';
import { TOOL_BUDGET_BYTES, TOOL_TIMEOUT_MS } from '@/lib/mcp/tool-limits';
import { validateToolArgs } from '@/lib/mcp/validate-args';
import { adminAction } from '@/server/define-action';
import { storedConnection } from '@/server/mcp-connection-settings';
import {
  callToolOnce,
  mcpFailureError,
  passedOrThrow,
  type CallOnceResult,
} from '@/server/mcp-operations';
import { Id } from '@/server/stdio-servers';

/** The tools of stored MCP servers: their settings, one or many at once, and trying one. */

/** A tool's answer to a try (a failure to get one is the action's failure). */
export type TriedTool = Extract<CallOnceResult, { ok: true }>;

// The ranges are lib/db/mcp-tools.ts's; the form asks in seconds.
const TIMEOUT_RANGE = `Use ${TOOL_TIMEOUT_MS.min / 1000} to ${TOOL_TIMEOUT_MS.max / 1000} seconds.`;
const BUDGET_RANGE = `Use ${TOOL_BUDGET_BYTES.min} to ${TOOL_BUDGET_BYTES.max} bytes (${TOOL_BUDGET_BYTES.max / 1024} KB).`;

const UpdateToolSettings = z.object({
  toolId: Id,
  enabled: z.boolean().optional(),
  needsConfirmation: z.boolean().optional(),
  timeoutSeconds: z
    .number('Enter a number of seconds.')
    .int('Use whole seconds.')
    .min(TOOL_TIMEOUT_MS.min / 1000, TIMEOUT_RANGE)
    .max(TOOL_TIMEOUT_MS.max / 1000, TIMEOUT_RANGE)
    .optional(),
  resultBudgetBytes: z
    .number('Enter a number of bytes.')
    .int('Use whole bytes.')
    .min(TOOL_BUDGET_BYTES.min, BUDGET_RANGE)
    .max(TOOL_BUDGET_BYTES.max, BUDGET_RANGE)
    .optional(),
});

const BulkToolSettings = z
  .object({
    serverId: Id,
    toolIds: z.array(Id).min(1, 'Select at least one tool.').max(5_000),
    enabled: z.boolean().optional(),
    needsConfirmation: z.boolean().optional(),
  })
  .refine((input) => input.enabled !== undefined || input.needsConfirmation !== undefined, {
    message: 'Choose what to change.',
  });

const TryTool = z.object({ toolId: Id, args: z.record(z.string(), z.unknown()) });

function refreshPages(): void {
  revalidatePath('/tools', 'layout');
}

export const updateMcpToolSettings = adminAction(
  UpdateToolSettings,
  async (input, { user }): Promise<ToolRow> => {
    const tool = await updateToolSettingsRow({
      db: getDb(),
      toolId: input.toolId,
      settings: {
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.needsConfirmation !== undefined
          ? { needsConfirmation: input.needsConfirmation }
          : {}),
        ...(input.timeoutSeconds !== undefined ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
        ...(input.resultBudgetBytes !== undefined
          ? { resultBudgetBytes: input.resultBudgetBytes }
          : {}),
      },
    });
    console.info(`[tools] ${user.email} changed the settings of tool "${tool.name}"`);
    refreshPages();
    return tool;
  },
);

export const bulkUpdateMcpTools = adminAction(
  BulkToolSettings,
  async (input, { user }): Promise<BulkToolChange> => {
    const change = await updateToolsSettings({
      db: getDb(),
      serverId: input.serverId,
      toolIds: input.toolIds,
      settings: {
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.needsConfirmation !== undefined
          ? { needsConfirmation: input.needsConfirmation }
          : {}),
      },
    });
    console.info(
      `[tools] ${user.email} changed ${change.changed.length} tools of server ${input.serverId} at once`,
    );
    refreshPages();
    return change;
  },
);

export const tryMcpTool = adminAction(TryTool, async (input, { user }): Promise<TriedTool> => {
  const env = consoleEnv();
  const db = getDb();
  const tool = await getTool({ db, toolId: input.toolId });
  if (!tool) throw new AppError('not_found', 'That tool no longer exists.');
  if (tool.removedAt) {
    throw new AppError('conflict', `"${tool.name}" is no longer listed by its server.`);
  }
  const checked = validateToolArgs(tool.inputSchema, input.args);
  if (!checked.ok) {
    throw new AppError('invalid_input', 'The arguments do not match the tool’s input schema.', {
      argErrors: checked.errors,
    });
  }
  const server = await storedConnection(tool.serverId);
  if ('ok' in server) throw mcpFailureError(server);
  const outcome = await callToolOnce({
    url: server.url,
    headers: server.headers,
    oauthGrant: server.oauthGrant,
    stdio: server.stdio,
    policy: env.mcpUrlPolicy,
    tool: tool.name,
    args: input.args,
    timeoutMs: tool.timeoutMs,
    outputSchema: tool.outputSchema,
  });
  if (!outcome.ok) await recordOAuthRefusal({ db, serverId: tool.serverId, error: outcome });
  console.info(
    `[tools] ${user.email} tried "${tool.name}" on "${server.name}": ${outcome.ok ? 'answered' : outcome.code} in ${outcome.ms} ms`,
  );
  return passedOrThrow(outcome);
});
