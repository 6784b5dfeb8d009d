import type { Db } from '@/lib/db/client';
import { loadCallConfig, type CallConfig } from '@/lib/db/call-config';
import { recordOAuthRefusal } from '@/lib/credentials/mcp-credentials';
import type { McpError } from '@/lib/mcp/errors';
import type { UrlPolicy } from '@/lib/mcp/types';
import type { Logger } from './logger';
import { connectServers, withOAuthTokens, type ConnectedServers } from './mcp-servers';

/**
 * What a call needs before its session starts: its config from the database and its MCP servers
 * connected (with OAuth tokens where a server needs them), each server that could not be used
 * named with the reason. The worker runs this while it joins the room (main.ts).
 */
export interface CallRuntimeOptions {
  db: Db;
  callId: string;
  sealKey: Buffer;
  openai: { apiKey: string; baseURL?: string };
  mcpPolicy: UrlPolicy;
  mcpConnectTimeoutMs: number;
  /** the same for local (stdio) servers, whose process starts as part of connecting */
  mcpStdioConnectTimeoutMs: number;
  /** local (stdio) servers may be started on this host (MCP_STDIO_ENABLED) */
  mcpStdioEnabled: boolean;
  log: Logger;
}

export interface PreparedCall {
  options: CallRuntimeOptions;
  config: CallConfig;
  servers: ConnectedServers;
}

export async function prepareCall(options: CallRuntimeOptions): Promise<PreparedCall> {
  const { db, callId, log } = options;
  const config = await loadCallConfig({ db, callId, sealKey: options.sealKey });
  // A local server runs a command on this host: only when the operator turned that on.
  const stdioRefused = options.mcpStdioEnabled ? [] : config.servers.filter((s) => s.stdio);
  const tokens = await withOAuthTokens(
    config.servers.filter((s) => !s.problem && !stdioRefused.includes(s)),
    { db, sealKey: options.sealKey, policy: options.mcpPolicy, log },
  );
  const servers = await connectServers(tokens.ready, {
    policy: options.mcpPolicy,
    timeoutMs: options.mcpConnectTimeoutMs,
    stdioTimeoutMs: options.mcpStdioConnectTimeoutMs,
    log,
    onOAuthRefused: (serverId, error) => recordRefusal(options, serverId, error),
  });
  servers.unavailable.push(...tokens.unavailable);
  for (const server of stdioRefused) {
    servers.unavailable.push({
      serverId: server.id,
      server: server.name,
      code: 'stdio_disabled',
      reason:
        'it is a local command, and local MCP servers are turned off on this agent worker (set MCP_STDIO_ENABLED=true to run them)',
    });
  }
  for (const server of config.servers) {
    if (server.problem) {
      servers.unavailable.push({
        serverId: server.id,
        server: server.name,
        code: 'config',
        reason: server.problem,
      });
    }
  }
  return { options, config, servers };
}

/** The admin sees Reconnect on the server's pages (Tools, Status) from now on. */
export function recordRefusal(options: CallRuntimeOptions, serverId: string, error: McpError) {
  return recordOAuthRefusal({ db: options.db, serverId, error }).catch((failure: unknown) =>
    options.log.warn({ serverId, failure: String(failure) }, 'could not record the OAuth refusal'),
  );
}
