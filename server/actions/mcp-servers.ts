'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordOAuthRefusal } from '@/lib/credentials/mcp-credentials';
import { getDb } from '@/lib/db/client';
import { deleteOAuthGrant, markOAuthNeeded } from '@/lib/db/mcp-oauth';
import {
  createServer as createServerRow,
  deleteServer as deleteServerRow,
  getServerSecrets,
  mergeHeaderInputs,
  recordCheck,
  updateServer as updateServerRow,
} from '@/lib/db/mcp-servers';
import { latestSnapshotTools, saveDiscovery, type DiscoveryResult } from '@/lib/db/mcp-tools';
import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';
import { diffToolCatalog } from '@/lib/mcp/catalog-diff';
import { displayUrl } from '@/lib/mcp/errors';
import { adminAction } from '@/server/define-action';
import { CreateMcpServer, UpdateMcpServer } from '@/server/http-servers';
import { connectionSettings, storedConnection } from '@/server/mcp-connection-settings';
import { failureText, passedOrThrow, probeServer, type ProbeResult } from '@/server/mcp-operations';
import {
  CreateStdioServer,
  createStdioServer,
  Id,
  UpdateStdioServer,
  updateStdioServer,
} from '@/server/stdio-servers';

/*
 * Saving policy: a new server is stored only when its first connection test passes, and an edit
 * that changes the URL or the headers is stored only when the new settings pass; otherwise
 * nothing changes and the admin sees why. Tests and refreshes of a stored server record their
 * outcome on the row (lastCheckOk, lastErrorCode, lastError), passed or not. A failed probe is
 * the action's typed failure in every case (mcpFailureError, server/mcp-operations.ts).
 */

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

async function probeStored(id: string): Promise<ProbeResult> {
  const env = consoleEnv();
  const db = getDb();
  const settings = await storedConnection(id);
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
