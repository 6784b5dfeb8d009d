import { z } from 'zod';
import { AppError } from '../errors';
import { seal, unseal } from '../seal';
import { toOAuthGrantView, type OAuthGrantView } from './mcp-oauth';
import { isUniqueViolation } from './unique-violation';
import type { Db } from './client';

/**
 * MCP servers (their tools: lib/db/mcp-tools.ts). Header values are sealed here and nowhere else; what leaves this
 * module for a page carries only header names (`{ name, set: true }`). Plain values come out
 * only through getServerSecrets, for the server code that connects.
 */

export interface ServerHeaderView {
  name: string;
  set: true;
}

export interface ServerRow {
  id: string;
  name: string;
  url: string;
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

const SealedHeaders = z.array(z.object({ name: z.string().min(1), sealed: z.string() }));
type SealedHeader = z.infer<typeof SealedHeaders>[number];

export function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sealedHeadersOf(raw: string): SealedHeader[] {
  return SealedHeaders.catch([]).parse(parseJson(raw) ?? []);
}

function sealHeaders(headers: Record<string, string>, sealKey: Buffer): string {
  const sealed: SealedHeader[] = Object.entries(headers).map(([name, value]) => ({
    name,
    sealed: seal(value, sealKey),
  }));
  return JSON.stringify(sealed);
}

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
    url: server.url,
    enabled: server.enabled,
    // Names only: the sealed values never leave this module.
    headers: sealedHeadersOf(server.headers).map(({ name }) => ({ name, set: true as const })),
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

/** The plain header values, for connecting. Never pass the result to a page or a log. */
export async function getServerSecrets({
  db,
  id,
  sealKey,
}: {
  db: Db;
  id: string;
  sealKey: Buffer;
}): Promise<{ id: string; name: string; url: string; headers: Record<string, string> }> {
  const server = await requireServerRecord(db, id);
  const headers: Record<string, string> = {};
  try {
    for (const { name, sealed } of sealedHeadersOf(server.headers))
      headers[name] = unseal(sealed, sealKey);
  } catch {
    throw new AppError(
      'unavailable',
      'The stored header values of this server cannot be unsealed (was SEAL_KEY changed?). Edit the server and enter them again.',
    );
  }
  return { id: server.id, name: server.name, url: server.url, headers };
}

export type HeaderInput = { name: string; value: string } | { name: string; keep: true };

/** The headers an edit asks for: kept ones take their current value, the rest their new one. */
export function mergeHeaderInputs({
  current,
  inputs,
}: {
  current: Record<string, string>;
  inputs: HeaderInput[];
}): Record<string, string> {
  const byLowerName = new Map(Object.entries(current).map(([name, v]) => [name.toLowerCase(), v]));
  const merged: Record<string, string> = {};
  for (const input of inputs) {
    if ('keep' in input) {
      const value = byLowerName.get(input.name.toLowerCase());
      if (value === undefined) {
        throw new AppError('invalid_input', `There is no stored value for "${input.name}".`, {
          field: 'headers',
        });
      }
      merged[input.name] = value;
    } else merged[input.name] = input.value;
  }
  return merged;
}

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

export async function createServer({
  db,
  name,
  url,
  headers,
  sealKey,
  check,
}: {
  db: Db;
  name: string;
  url: string;
  headers: Record<string, string>;
  sealKey: Buffer;
  /** the connection test that preceded saving */
  check?: CheckRecord;
}): Promise<ServerRow> {
  await assertNameFree(db, name);
  const created = await orNameTaken(
    db.mcpServer.create({
      data: {
        name,
        url,
        headers: sealHeaders(headers, sealKey),
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
        ...(headers !== undefined ? { headers: sealHeaders(headers, sealKey) } : {}),
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
