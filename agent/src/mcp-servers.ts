import { oauthCredentials, refreshedOAuthCredentials } from '@/lib/credentials/mcp-credentials';
import type { Db } from '@/lib/db/client';
import { isMcpError, type McpError } from '@/lib/mcp/errors';
import { createManagedMcpServer, type ManagedMcpServer } from '@/lib/mcp/managed-connection';
import type { StdioCommand, UrlPolicy } from '@/lib/mcp/types';
import type { Logger } from './logger';

/**
 * Connects every MCP server a call needs, in parallel, each within its own time limit. A server
 * that fails keeps its managed connection (it reconnects on the next call) and is reported with
 * a typed reason, so the call can say so instead of staying silent.
 */
export interface ServerToConnect {
  id: string;
  name: string;
  url: string;
  /** plain header values (unsealed); never logged */
  headers: Record<string, string>;
  /** the headers carry the console's OAuth access token (a 401 then means Reconnect) */
  oauthGrant?: boolean;
  /** new headers when the server refused the access token during the call (see withOAuthTokens) */
  refreshCredentials?: () => Promise<Record<string, string>>;
  /**
   * A local server: its command, started once per call (see connectServers) and stopped at the
   * call's end; plain env values, never logged.
   */
  stdio?: StdioCommand | null;
}

export interface UnavailableServerInfo {
  serverId: string;
  server: string;
  /** McpError code (`timeout` when the connect's limit passed), `server_error` for anything else */
  code: string;
  reason: string;
}

export interface ConnectedServers {
  servers: Map<string, ManagedMcpServer>;
  unavailable: UnavailableServerInfo[];
  close(): Promise<void>;
}

/**
 * Adds each OAuth server's access token, refreshed first when it is about to expire (the agent
 * refreshes at call start, like the console before a test). A grant that cannot be used (never
 * connected, revoked, expired) makes that server unavailable with the reason, so the call's
 * notice says an admin must press Reconnect.
 */
export async function withOAuthTokens(
  configs: ServerToConnect[],
  options: { db: Db; sealKey: Buffer; policy: UrlPolicy; log: Logger },
): Promise<{ ready: ServerToConnect[]; unavailable: UnavailableServerInfo[] }> {
  const unavailable: UnavailableServerInfo[] = [];
  const ready = await Promise.all(
    configs.map(async (config): Promise<ServerToConnect | null> => {
      if (config.stdio) return config; // a local command signs in with nothing
      try {
        const oauth = await oauthCredentials({
          db: options.db,
          serverId: config.id,
          serverUrl: config.url,
          sealKey: options.sealKey,
          policy: options.policy,
        });
        if (!oauth) return config;
        let headers = { ...config.headers, ...oauth.headers };
        // A token can stop working during the call (it expired, the server restarted its keys):
        // the server's 401 gets one refresh, shared through the sealed grant with the console.
        const refreshCredentials = async () => {
          const refusedToken = /^Bearer (.+)$/.exec(headers.Authorization ?? '')?.[1];
          const fresh = await refreshedOAuthCredentials({
            db: options.db,
            serverId: config.id,
            serverUrl: config.url,
            sealKey: options.sealKey,
            policy: options.policy,
            refusedToken,
          });
          headers = { ...config.headers, ...fresh.headers };
          options.log.info(
            { server: config.name },
            'MCP server OAuth token renewed during the call',
          );
          return headers;
        };
        return { ...config, headers, oauthGrant: true, refreshCredentials };
      } catch (error) {
        const mcp = isMcpError(error) ? error : undefined;
        const message = error instanceof Error ? error.message : String(error);
        unavailable.push({
          serverId: config.id,
          server: config.name,
          code: mcp?.code ?? 'auth',
          reason: mcp ? `${mcp.message}. ${mcp.hint}` : message,
        });
        options.log.warn(
          { server: config.name, reason: message },
          'MCP server OAuth grant unusable',
        );
        return null;
      }
    }),
  );
  return {
    ready: ready.filter((config): config is ServerToConnect => config !== null),
    unavailable,
  };
}

/**
 * Why one process per call for a local (stdio) server, not one per worker: a process holds
 * state (files it opened, a browser, a login, what earlier arguments left in memory), and one
 * per call keeps that from passing between calls and callers; a process that crashes or hangs
 * fails only the call that started it; and a call's end stops everything it started. The cost is
 * the process's start at each call start, in parallel with the other servers' connects
 * (test/mcp/stdio-client.test.ts and the bench's stdio figure show it: about 1 s for a Node
 * server on this machine).
 */
export async function connectServers(
  configs: ServerToConnect[],
  options: {
    policy: UrlPolicy;
    timeoutMs: number;
    /** a local server's limit: its process starts as part of connecting */
    stdioTimeoutMs: number;
    log: Logger;
    /** the server refused our OAuth token (or asked for a scope): record it for the admin */
    onOAuthRefused?: (serverId: string, error: McpError) => Promise<void>;
  },
): Promise<ConnectedServers> {
  const servers = new Map<string, ManagedMcpServer>();
  const unavailable: UnavailableServerInfo[] = [];
  await Promise.all(
    configs.map(async (config) => {
      const timeoutMs = config.stdio ? options.stdioTimeoutMs : options.timeoutMs;
      const server = config.stdio
        ? createManagedMcpServer({
            name: config.name,
            stdio: config.stdio,
            timeoutMs,
          })
        : createManagedMcpServer({
            name: config.name,
            url: config.url,
            headers: config.headers,
            ...(config.oauthGrant ? { oauthGrant: true } : {}),
            ...(config.refreshCredentials ? { refreshCredentials: config.refreshCredentials } : {}),
            policy: options.policy,
            timeoutMs,
          });
      servers.set(config.id, server);
      try {
        // The connect's own deadline covers every step (name lookup, each transport, OAuth
        // discovery, a refused token's refresh and the attempt after it): no timer on top.
        await server.connect();
      } catch (error) {
        const code = isMcpError(error) ? error.code : 'server_error';
        const message =
          isMcpError(error) && error.oauth
            ? `${error.message}. ${error.hint}`
            : error instanceof Error
              ? error.message
              : String(error);
        if (isMcpError(error) && error.oauth) await options.onOAuthRefused?.(config.id, error);
        unavailable.push({
          serverId: config.id,
          server: config.name,
          code,
          reason: `${code}: ${message}`,
        });
        options.log.warn(
          { server: config.name, code, reason: message },
          'MCP server unavailable at call start',
        );
      }
    }),
  );
  return {
    servers,
    unavailable,
    async close() {
      await Promise.allSettled([...servers.values()].map((s) => s.close()));
    },
  };
}
