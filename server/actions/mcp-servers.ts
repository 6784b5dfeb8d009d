'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import {
  createServer as createServerRow,
  deleteServer as deleteServerRow,
  getServerSecrets,
  mergeHeaderInputs,
  recordCheck,
  updateServer as updateServerRow,
} from '@/lib/db/mcp-servers';
import {
  getTool,
  latestSnapshotTools,
  saveDiscovery,
  type DiscoveryResult,
  type ToolRow,
  updateToolSettings as updateToolSettingsRow,
  updateToolsSettings,
  type BulkToolChange,
} from '@/lib/db/mcp-tools';
import { consoleEnv } from '@/lib/env/console-env';
import { recordOAuthRefusal } from '@/lib/credentials/mcp-credentials';
import { deleteOAuthGrant, markOAuthNeeded } from '@/lib/db/mcp-oauth';
import { isMcpError, McpError } from '@/lib/mcp/errors';
import { connectionSettings } from '@/server/mcp-connection-settings';
import { AppError } from '@/lib/errors';
import { diffToolCatalog } from '@/lib/mcp/catalog-diff';
import { displayUrl } from '@/lib/mcp/errors';
import { TOOL_BUDGET_BYTES, TOOL_TIMEOUT_MS } from '@/lib/mcp/tool-limits';
import { validateToolArgs } from '@/lib/mcp/validate-args';
import { adminAction } from '@/server/define-action';
import {
  callToolOnce,
  describeFailure,
  failureText,
  mcpFailureError,
  passedOrThrow,
  probeServer,
  type CallOnceResult,
  type ProbeResult,
} from '@/server/mcp-operations';
import {
  CreateStdioServer,
  createStdioServer,
  Id,
  ServerName,
  UpdateStdioServer,
  updateStdioServer,
} from '@/server/stdio-servers';

/** A tool's answer to a try (a failure to get one is the action's failure). */
export type TriedTool = Extract<CallOnceResult, { ok: true }>;

/*
 * Saving policy: a new server is stored only when its first connection test passes, and an edit
 * that changes the URL or the headers is stored only when the new settings pass; otherwise
 * nothing changes and the admin sees why. Tests and refreshes of a stored server record their
 * outcome on the row (lastCheckOk, lastErrorCode, lastError), passed or not. A failed probe is
 * the action's typed failure in every case (mcpFailureError, server/mcp-operations.ts).
 */

// Headers the transport sets itself; a configured value would break the protocol.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'connection',
  'transfer-encoding',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
]);

const HeaderName = z
  .string()
  .trim()
  .min(1, 'Enter the header name.')
  .max(100, 'Use at most 100 characters.')
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Use letters, digits and dashes, e.g. Authorization.')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
    message: 'The MCP client sets this header itself.',
  });
const HeaderValue = z
  .string()
  .trim()
  .min(1, 'Enter a value.')
  .max(8_192, 'Use at most 8192 characters.')
  .refine((value) => !/[\r\n\0]/.test(value), { message: 'A header value is one line.' });

const NewHeader = z.object({ name: HeaderName, value: HeaderValue });
const KeptHeader = z.object({ name: HeaderName, keep: z.literal(true) });

function uniqueNames(headers: Array<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  headers.forEach((header, index) => {
    const key = header.name.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message: 'This header is twice.' });
    seen.add(key);
  });
}

const ServerUrl = z
  .string()
  .trim()
  .min(1, 'Enter the URL of the MCP endpoint.')
  .max(2_000, 'Use at most 2000 characters.');

const CreateMcpServer = z.object({
  kind: z.literal('http'),
  name: ServerName,
  url: ServerUrl,
  headers: z.array(NewHeader).max(20).superRefine(uniqueNames),
});

const UpdateMcpServer = z.object({
  kind: z.literal('http'),
  id: Id,
  name: ServerName,
  url: ServerUrl,
  headers: z
    .array(z.union([KeptHeader, NewHeader]))
    .max(20)
    .superRefine(uniqueNames),
});

/** A form that names no kind is a remote (HTTP) server, as before local servers existed. */
function withKind(raw: unknown): unknown {
  return raw && typeof raw === 'object' && !('kind' in raw) ? { ...raw, kind: 'http' } : raw;
}
const CreateAnyServer = z.preprocess(
  withKind,
  z.discriminatedUnion('kind', [CreateMcpServer, CreateStdioServer]),
);
const UpdateAnyServer = z.preprocess(
  withKind,
  z.discriminatedUnion('kind', [UpdateMcpServer, UpdateStdioServer]),
);

const ServerRef = z.object({ id: Id });
const SetServerEnabled = z.object({ id: Id, enabled: z.boolean() });

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

export interface SaveServerData {
  id: string;
  /** set when the connection was tested (new server, or URL / headers changed) */
  test: { ms: number; transport: string; toolCount: number } | null;
  discovery: DiscoveryResult | null;
  /** the server signs in with OAuth: saved, and the admin presses Connect next */
  needsOAuth?: boolean;
}

/** A first test that says "sign in with OAuth" is not a failure to refuse saving for. */
function asksForOAuth(probe: ProbeResult): boolean {
  return !probe.ok && probe.oauth?.signIn === 'connect';
}

export const createMcpServer = adminAction(
  CreateAnyServer,
  async (input, { user }): Promise<SaveServerData> => {
    if (input.kind === 'stdio') {
      const saved = await createStdioServer(input, user.email);
      refreshPages();
      return saved;
    }
    const env = consoleEnv();
    const db = getDb();
    const headers = Object.fromEntries(input.headers.map((h) => [h.name, h.value]));
    const probe = await probeServer({ url: input.url, headers, policy: env.mcpUrlPolicy });
    if (!probe.ok && asksForOAuth(probe)) {
      const server = await createServerRow({
        db,
        name: input.name,
        url: input.url,
        headers,
        sealKey: env.sealKey,
        check: { ok: false, ms: probe.ms, errorCode: probe.code, error: failureText(probe) },
      });
      await markOAuthNeeded({ db, serverId: server.id, reason: probe.message });
      console.info(
        `[tools] ${user.email} added MCP server "${server.name}" (${displayUrl(input.url)}), which signs in with OAuth`,
      );
      refreshPages();
      return { id: server.id, test: null, discovery: null, needsOAuth: true };
    }
    const passed = passedOrThrow(probe, { field: 'url' });
    const server = await createServerRow({
      db,
      name: input.name,
      url: input.url,
      headers,
      sealKey: env.sealKey,
      check: { ok: true, ms: passed.ms, transport: passed.transport },
    });
    const discovery = await saveDiscovery({ db, serverId: server.id, listing: passed.listing });
    console.info(
      `[tools] ${user.email} added MCP server "${server.name}" (${displayUrl(input.url)})`,
    );
    refreshPages();
    return {
      id: server.id,
      test: { ms: passed.ms, transport: passed.transport, toolCount: passed.listing.tools.length },
      discovery,
    };
  },
);

export const updateMcpServer = adminAction(
  UpdateAnyServer,
  async (input, { user }): Promise<SaveServerData> => {
    if (input.kind === 'stdio') {
      const saved = await updateStdioServer(input, user.email);
      refreshPages();
      return saved;
    }
    const env = consoleEnv();
    const db = getDb();
    const current = await getServerSecrets({ db, id: input.id, sealKey: env.sealKey });
    if (current.stdio) {
      throw new AppError(
        'invalid_input',
        'A local server cannot become a remote one: add a new server.',
        {
          field: 'kind',
        },
      );
    }
    const headers = mergeHeaderInputs({ current: current.headers, inputs: input.headers });
    const headersChanged =
      input.headers.some((h) => !('keep' in h)) ||
      Object.keys(headers).length !== Object.keys(current.headers).length;
    if (input.url === current.url && !headersChanged) {
      await updateServerRow({ db, id: input.id, name: input.name, sealKey: env.sealKey });
      refreshPages();
      return { id: input.id, test: null, discovery: null };
    }
    // A grant is for one resource: another URL needs its own sign-in.
    const urlChanged = input.url !== current.url;
    const settings = urlChanged
      ? { headers, oauthGrant: false }
      : await connectionSettings({
          db,
          id: input.id,
          sealKey: env.sealKey,
          policy: env.mcpUrlPolicy,
        })
          .then((stored) => ({
            headers: { ...stored.headers, ...headers },
            oauthGrant: stored.oauthGrant,
          }))
          .catch(() => ({ headers, oauthGrant: false }));
    const probe = await probeServer({
      url: input.url,
      headers: settings.headers,
      oauthGrant: settings.oauthGrant,
      policy: env.mcpUrlPolicy,
    });
    if (!probe.ok && asksForOAuth(probe)) {
      await updateServerRow({
        db,
        id: input.id,
        name: input.name,
        url: input.url,
        headers,
        sealKey: env.sealKey,
        check: { ok: false, ms: probe.ms, errorCode: probe.code, error: failureText(probe) },
      });
      if (urlChanged) await deleteOAuthGrant({ db, serverId: input.id });
      await markOAuthNeeded({ db, serverId: input.id, reason: probe.message });
      refreshPages();
      return { id: input.id, test: null, discovery: null, needsOAuth: true };
    }
    const passed = passedOrThrow(probe, { field: 'url' });
    if (urlChanged) await deleteOAuthGrant({ db, serverId: input.id });
    await updateServerRow({
      db,
      id: input.id,
      name: input.name,
      url: input.url,
      headers,
      sealKey: env.sealKey,
      check: { ok: true, ms: passed.ms, transport: passed.transport },
    });
    const discovery = await saveDiscovery({ db, serverId: input.id, listing: passed.listing });
    console.info(`[tools] ${user.email} changed the connection of MCP server "${input.name}"`);
    refreshPages();
    return {
      id: input.id,
      test: { ms: passed.ms, transport: passed.transport, toolCount: passed.listing.tools.length },
      discovery,
    };
  },
);

export const deleteMcpServer = adminAction(ServerRef, async (input, { user }) => {
  const db = getDb();
  const server = await getServerSecrets({
    db,
    id: input.id,
    sealKey: consoleEnv().sealKey,
  }).catch(() => null);
  await deleteServerRow({ db, id: input.id });
  console.info(`[tools] ${user.email} deleted MCP server "${server?.name ?? input.id}"`);
  refreshPages();
});

export const setMcpServerEnabled = adminAction(SetServerEnabled, async (input, { user }) => {
  const env = consoleEnv();
  const server = await updateServerRow({
    db: getDb(),
    id: input.id,
    enabled: input.enabled,
    sealKey: env.sealKey,
  });
  console.info(
    `[tools] ${user.email} ${input.enabled ? 'enabled' : 'disabled'} MCP server "${server.name}"`,
  );
  refreshPages();
});

/** A passed connection test (a failed one is the action's failure). */
export interface TestOutcome {
  ms: number;
  transport: string;
  serverInfo: { name: string; version: string };
  toolCount: number;
  /** list entries that cannot be used at all */
  refusedCount: number;
  stoppedAtPage: number | null;
  /** tools added, removed or changed since the last refresh (not yet stored) */
  unreviewedChanges: number;
}

/** The stored settings (OAuth token refreshed first), or the reason they cannot be used. */
async function storedSettings(id: string) {
  const env = consoleEnv();
  try {
    const settings = await connectionSettings({
      db: getDb(),
      id,
      sealKey: env.sealKey,
      policy: env.mcpUrlPolicy,
    });
    if (settings.stdio && !env.mcpStdioEnabled) {
      const refusal = new McpError(
        'stdio_disabled',
        `${settings.name} is a local command, and local MCP servers are turned off on this console`,
      );
      return { ok: false as const, ms: 0, ...describeFailure(refusal) };
    }
    return settings;
  } catch (error) {
    if (isMcpError(error)) return { ok: false as const, ms: 0, ...describeFailure(error) };
    throw error;
  }
}

async function probeStored(id: string): Promise<ProbeResult> {
  const env = consoleEnv();
  const db = getDb();
  const settings = await storedSettings(id);
  const probe =
    'ok' in settings
      ? settings
      : await probeServer({
          url: settings.url,
          headers: settings.headers,
          oauthGrant: settings.oauthGrant,
          stdio: settings.stdio,
          policy: env.mcpUrlPolicy,
        });
  if (!probe.ok) await recordOAuthRefusal({ db, serverId: id, error: probe });
  await recordCheck({
    db,
    id,
    check: probe.ok
      ? { ok: true, ms: probe.ms, transport: probe.transport }
      : { ok: false, ms: probe.ms, errorCode: probe.code, error: failureText(probe) },
  });
  return probe;
}

export const testMcpServer = adminAction(ServerRef, async (input): Promise<TestOutcome> => {
  const checked = await probeStored(input.id);
  refreshPages();
  const probe = passedOrThrow(checked);
  const previous = await latestSnapshotTools({ db: getDb(), serverId: input.id });
  const diff = diffToolCatalog(previous ?? [], probe.listing.tools);
  return {
    ms: probe.ms,
    transport: probe.transport,
    serverInfo: probe.serverInfo,
    toolCount: probe.listing.tools.length,
    refusedCount: probe.listing.refused.length,
    stoppedAtPage: probe.listing.stoppedAtPage,
    unreviewedChanges: diff.added.length + diff.removed.length + diff.changed.length,
  };
});

/** A refresh that listed the tools (one that could not is the action's failure). */
export interface RefreshOutcome {
  ms: number;
  discovery: DiscoveryResult;
}

export const refreshMcpTools = adminAction(
  ServerRef,
  async (input, { user }): Promise<RefreshOutcome> => {
    const checked = await probeStored(input.id);
    if (!checked.ok) refreshPages();
    const probe = passedOrThrow(checked);
    const discovery = await saveDiscovery({
      db: getDb(),
      serverId: input.id,
      listing: probe.listing,
    });
    console.info(`[tools] ${user.email} refreshed the tools of MCP server ${input.id}`);
    refreshPages();
    return { ms: probe.ms, discovery };
  },
);

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
  const server = await storedSettings(tool.serverId);
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
