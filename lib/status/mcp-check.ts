import type { Db } from '../db/client';
import { listSignInsNeeded } from '../db/mcp-oauth';
import { mcpCatalogCounts } from '../db/mcp-tools';
import { settleCheck, type StatusCheck } from './checks';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** MCP servers and tools: what the agent will have at the next call, and what is broken. */
export async function checkMcpServers({ db }: { db: Db }): Promise<StatusCheck> {
  const id = 'mcp-servers';
  const label = 'MCP servers';
  return settleCheck(id, label, async () => {
    const [counts, signIns] = await Promise.all([
      mcpCatalogCounts({ db }),
      listSignInsNeeded({ db }),
    ]);
    if (counts.servers === 0) {
      return {
        id,
        label,
        status: 'warning',
        summary: 'No MCP server is registered: the agent has no tools.',
        action: 'An admin adds one on the Tools page.',
      };
    }
    const summary =
      `${plural(counts.servers, 'server', 'servers')} registered, ${counts.enabledServers} enabled, ` +
      `${counts.failedServers} failed ${counts.failedServers === 1 ? 'its' : 'their'} last test; ` +
      `${plural(counts.enabledTools, 'tool', 'tools')} enabled.`;
    if (signIns.length > 0) {
      return {
        id,
        label,
        status: 'error',
        summary,
        action: `${plural(signIns.length, 'server signs', 'servers sign')} in with OAuth and ${signIns.length === 1 ? 'needs' : 'need'} an admin to sign in again; until then ${signIns.length === 1 ? 'its' : 'their'} tools fail in calls.`,
        signIns,
      };
    }
    if (counts.failedServers > 0) {
      return {
        id,
        label,
        status: 'error',
        summary,
        action:
          'Open the Tools page to see why the connection test failed; tools of a server that cannot be reached fail during calls.',
      };
    }
    if (counts.enabledTools === 0) {
      return {
        id,
        label,
        status: 'warning',
        summary,
        action: 'No tool is enabled: an admin enables tools on the Tools page.',
      };
    }
    return { id, label, status: 'ok', summary };
  });
}
