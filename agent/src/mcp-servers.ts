import { isMcpError } from '@/lib/mcp/errors';
import { createManagedMcpServer, type ManagedMcpServer } from '@/lib/mcp/managed-connection';
import type { UrlPolicy } from '@/lib/mcp/types';
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
}

export type ManagedServer = ManagedMcpServer;

export interface UnavailableServerInfo {
  serverId: string;
  server: string;
  /** McpError code, or `timeout` when the per-server limit passed */
  code: string;
  reason: string;
}

export interface ConnectedServers {
  servers: Map<string, ManagedServer>;
  unavailable: UnavailableServerInfo[];
  /** ms from start to every server settled */
  readyMs: number;
  close(): Promise<void>;
}

export async function connectServers(
  configs: ServerToConnect[],
  options: { policy: UrlPolicy; timeoutMs: number; log: Logger },
): Promise<ConnectedServers> {
  const started = performance.now();
  const servers = new Map<string, ManagedServer>();
  const unavailable: UnavailableServerInfo[] = [];
  await Promise.all(
    configs.map(async (config) => {
      const server = createManagedMcpServer({
        name: config.name,
        url: config.url,
        headers: config.headers,
        policy: options.policy,
        timeoutMs: options.timeoutMs,
      });
      servers.set(config.id, server);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
      });
      try {
        await Promise.race([server.connect(), limit]);
      } catch (error) {
        const code = isMcpError(error) ? error.code : 'timeout';
        const message = error instanceof Error ? error.message : String(error);
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
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    servers,
    unavailable,
    readyMs: performance.now() - started,
    async close() {
      await Promise.allSettled([...servers.values()].map((s) => s.close()));
    },
  };
}
