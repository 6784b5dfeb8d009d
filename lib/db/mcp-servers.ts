import { z } from 'zod';
import { AppError } from '../errors';
import { parseJson } from '../json';
import type { StdioCommand } from '../mcp/types';
import { pairNames, sealPairs, unsealPairs } from './sealed-pairs';
import { toOAuthGrantView, type OAuthGrantView } from './mcp-oauth';
import { isUniqueViolation } from './prisma-errors';
import type { Db } from './client';

/**
 * MCP servers (their tools: lib/db/mcp-tools.ts): remote ones (kind http, a URL and headers) and
 * local ones (kind stdio, a command, its arguments and environment). Header and environment
 * values are sealed here and nowhere else; what leaves this module for a page carries only their
 * names (`{ name, set: true }`). Plain values come out only through getServerSecrets, for the
 * server code that connects.
 */

export type ServerKind = 'http' | 'stdio';

export interface ServerHeaderView {
  name: string;
  set: true;
}

export interface ServerRow {
  id: string;
  name: string;
  kind: ServerKind;
  /** empty for stdio servers */
  url: string;
  /** stdio: the command and its arguments (not secret: shown to admins) */
  command: string | null;
  args: string[];
  /** stdio: the names of its environment variables (values sealed, never shown) */
  env: ServerHeaderView[];
  enabled: boolean;
  headers: ServerHeaderView[];
  transport: string | null;
  lastCheckedAt: string | null;
  lastCheckOk: boolean | null;
  lastCheckMs: number | null;
  lastErrorCode: string | null;
  lastError: string | null;
  /** tools of the latest snapshot */
  toolCount: number;
  enabledToolCount: number;
  lastDiscoveredAt: string | null;
  createdAt: string;
  /** set when the server signs in with OAuth (no secret in it) */
  oauth: OAuthGrantView | null;
}

export interface CheckRecord {
  ok: boolean;
  ms: number;
  transport?: string | null;
  errorCode?: string | null;
  error?: string | null;
}

const Args = z.array(z.string());

/** A local server's stored arguments (a JSON list of strings); unreadable reads as none. */
export function argsOf(raw: string): string[] {
  return Args.catch([]).parse(parseJson(raw) ?? []);
}

function kindOf(raw: string): ServerKind {
  return raw === 'stdio' ? 'stdio' : 'http';
}

const setView = (name: string): ServerHeaderView => ({ name, set: true as const });

type ServerWithCounts = Awaited<ReturnType<typeof findServers>>[number];

function findServers(db: Db, where: { id?: string }) {
  return db.mcpServer.findMany({
    where,
    orderBy: { name: 'asc' },
    include: {
      tools: { where: { removedAt: null }, select: { enabled: true } },
      snapshots: { orderBy: { createdAt: 'desc' }, take: 1, select: { createdAt: true } },
      oauth: true,
    },
  });
}

function toServerRow(server: ServerWithCounts): ServerRow {
  return {
    id: server.id,
    name: server.name,
    kind: kindOf(server.kind),
    url: server.url,
    command: server.command,
    args: argsOf(server.args),
    // Names only: the sealed values never leave this module.
    env: pairNames(server.env).map(setView),
    enabled: server.enabled,
    headers: pairNames(server.headers).map(setView),
    transport: server.transport,
    lastCheckedAt: server.lastCheckedAt?.toISOString() ?? null,
    lastCheckOk: server.lastCheckOk,
    lastCheckMs: server.lastCheckMs,
    lastErrorCode: server.lastErrorCode,
    lastError: server.lastError,
    toolCount: server.tools.length,
    enabledToolCount: server.tools.filter((tool) => tool.enabled).length,
    lastDiscoveredAt: server.snapshots[0]?.createdAt.toISOString() ?? null,
    createdAt: server.createdAt.toISOString(),
    oauth: server.oauth ? toOAuthGrantView(server.oauth) : null,
  };
}

export async function listServers({ db }: { db: Db }): Promise<ServerRow[]> {
  return (await findServers(db, {})).map(toServerRow);
}

export async function getServer({ db, id }: { db: Db; id: string }): Promise<ServerRow | null> {
  const [server] = await findServers(db, { id });
  return server ? toServerRow(server) : null;
}

export async function requireServerRecord(db: Db, id: string) {
  const server = await db.mcpServer.findUnique({ where: { id } });
  if (!server) throw new AppError('not_found', 'That MCP server no longer exists.');
  return server;
}

export interface ServerSecrets {
  id: string;
  name: string;
  kind: ServerKind;
  url: string;
  headers: Record<string, string>;
  /** stdio servers: the command with its plain environment values */
  stdio: StdioCommand | null;
}

/** The plain header and environment values, for connecting. Never pass the result to a page or a log. */
export async function getServerSecrets({
  db,
  id,
  sealKey,
}: {
  db: Db;
  id: string;
  sealKey: Buffer;
}): Promise<ServerSecrets> {
  const server = await requireServerRecord(db, id);
  let headers: Record<string, string>;
  let env: Record<string, string>;
  try {
    headers = unsealPairs(server.headers, sealKey);
    env = unsealPairs(server.env, sealKey);
  } catch {
    throw new AppError(
      'unavailable',
      'The stored secret values of this server (headers or environment) cannot be unsealed (was SEAL_KEY changed?). Edit the server and enter them again.',
    );
  }
  const kind = kindOf(server.kind);
  return {
    id: server.id,
    name: server.name,
    kind,
    url: server.url,
    headers,
    stdio:
      kind === 'stdio' ? { command: server.command ?? '', args: argsOf(server.args), env } : null,
  };
}

export { mergeHeaderInputs, type HeaderInput } from './sealed-pairs';

const nameTaken = () =>
  new AppError('conflict', 'A server with this name already exists.', { field: 'name' });

async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const existing = await db.mcpServer.findUnique({ where: { name } });
  if (existing && existing.id !== exceptId) throw nameTaken();
}

/** The name check and the write are two steps: a save that lost the race is told why. */
async function orNameTaken<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

function checkFields(check: CheckRecord, at: Date) {
  return {
    lastCheckedAt: at,
    lastCheckOk: check.ok,
    lastCheckMs: Math.round(check.ms),
    lastErrorCode: check.ok ? null : (check.errorCode ?? null),
    lastError: check.ok ? null : (check.error ?? null),
    ...(check.transport ? { transport: check.transport } : {}),
  };
}

function stdioFields(stdio: StdioCommand, sealKey: Buffer) {
  return {
    kind: 'stdio',
    url: '',
    command: stdio.command,
    args: JSON.stringify(stdio.args),
    env: sealPairs(stdio.env, sealKey),
  };
}

export async function createServer({
  db,
  name,
  url = '',
  headers = {},
  stdio,
  sealKey,
  check,
}: {
  db: Db;
  name: string;
  url?: string;
  headers?: Record<string, string>;
  /** a local server: its command (url and headers are then unused) */
  stdio?: StdioCommand;
  sealKey: Buffer;
  /** the connection test that preceded saving */
  check?: CheckRecord;
}): Promise<ServerRow> {
  await assertNameFree(db, name);
  const created = await orNameTaken(
    db.mcpServer.create({
      data: {
        name,
        ...(stdio ? stdioFields(stdio, sealKey) : { url, headers: sealPairs(headers, sealKey) }),
        ...(check ? checkFields(check, new Date()) : {}),
      },
    }),
  );
  return (await getServer({ db, id: created.id }))!;
}

export async function updateServer({
  db,
  id,
  name,
  url,
  enabled,
  headers,
  stdio,
  sealKey,
  check,
}: {
  db: Db;
  id: string;
  name?: string;
  url?: string;
  enabled?: boolean;
  /** the complete new set of headers (plain); omitted: unchanged */
  headers?: Record<string, string>;
  /** a local server's complete new command, arguments and environment; omitted: unchanged */
  stdio?: StdioCommand;
  sealKey: Buffer;
  check?: CheckRecord;
}): Promise<ServerRow> {
  await requireServerRecord(db, id);
  if (name !== undefined) await assertNameFree(db, name, id);
  await orNameTaken(
    db.mcpServer.update({
      where: { id },
      data: {
        ...(name !== undefined ? { name } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
        ...(headers !== undefined ? { headers: sealPairs(headers, sealKey) } : {}),
        ...(stdio !== undefined ? stdioFields(stdio, sealKey) : {}),
        ...(check ? checkFields(check, new Date()) : {}),
      },
    }),
  );
  return (await getServer({ db, id }))!;
}

export async function deleteServer({ db, id }: { db: Db; id: string }): Promise<void> {
  await requireServerRecord(db, id);
  await db.mcpServer.delete({ where: { id } });
}

export async function recordCheck({
  db,
  id,
  check,
}: {
  db: Db;
  id: string;
  check: CheckRecord;
}): Promise<void> {
  await db.mcpServer.update({ where: { id }, data: checkFields(check, new Date()) });
}
