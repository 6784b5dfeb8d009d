import 'server-only';
import { oauthCredentials } from '@/lib/credentials/mcp-credentials';
import type { Db } from '@/lib/db/client';
import { getServerSecrets, type ServerKind } from '@/lib/db/mcp-servers';
import type { StdioCommand, UrlPolicy } from '@/lib/mcp/types';

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
