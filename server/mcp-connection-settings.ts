import 'server-only';
import { oauthCredentials } from '@/lib/credentials/mcp-credentials';
import { getDb, type Db } from '@/lib/db/client';
import { getServerSecrets, type ServerKind } from '@/lib/db/mcp-servers';
import { consoleEnv } from '@/lib/env/console-env';
import { isMcpError, McpError } from '@/lib/mcp/errors';
import type { StdioCommand, UrlPolicy } from '@/lib/mcp/types';
import { describeFailure } from '@/server/mcp-operations';

/**
 * What the console sends a stored MCP server: its sealed headers, plus the OAuth access token of
 * its grant (refreshed first when it is about to expire). Throws an McpError with `oauth` set
 * when the admin must press Connect or Reconnect. Never pass the result to a page or a log.
 */
export interface ConnectionSettings {
  id: string;
  name: string;
  kind: ServerKind;
  url: string;
  /** a local server's command, with its plain environment values */
  stdio: StdioCommand | null;
  headers: Record<string, string>;
  oauthGrant: boolean;
}

export async function connectionSettings({
  db,
  id,
  sealKey,
  policy,
}: {
  db: Db;
  id: string;
  sealKey: Buffer;
  policy: UrlPolicy;
}): Promise<ConnectionSettings> {
  const server = await getServerSecrets({ db, id, sealKey });
  if (server.stdio) return { ...server, oauthGrant: false };
  const oauth = await oauthCredentials({
    db,
    serverId: id,
    serverUrl: server.url,
    sealKey,
    policy,
  });
  return {
    ...server,
    headers: { ...server.headers, ...(oauth?.headers ?? {}) },
    oauthGrant: oauth !== null,
  };
}

/**
 * A stored server's settings for this console (OAuth token refreshed first), or, as a failed
 * probe, the reason they cannot be used: an OAuth sign-in needed, or a local command while they
 * are turned off.
 */
export async function storedConnection(id: string) {
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
