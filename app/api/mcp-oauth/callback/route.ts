import { z } from 'zod';
import { recordOAuthRefusal } from '@/lib/credentials/mcp-credentials';
import { getDb } from '@/lib/db/client';
import { recordCheck } from '@/lib/db/mcp-servers';
import { saveDiscovery } from '@/lib/db/mcp-tools';
import { consoleEnv } from '@/lib/env/console-env';
import { requireAdmin } from '@/server/auth-guards';
import { connectionSettings } from '@/server/mcp-connection-settings';
import { finishOAuthSignIn } from '@/server/mcp-oauth-flow';
import { routeHandler } from '@/server/route-handler';
import { failureText, probeServer } from '@/server/mcp-operations';

/** What the authorization server sends the admin's browser back with (RFC 6749 §4.1.2). */
const OAuthCallback = z.object({
  state: z.string().min(1).max(500),
  code: z.string().min(1).max(4_000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1_000).optional(),
});

/**
 * The end of Connect: exchanges the code for tokens (sealed at once), tests the server with
 * them and lists its tools, then sends the admin back to the server's page. Nothing secret is
 * in any URL it answers with.
 */
export const GET = routeHandler(async (request: Request) => {
  const user = await requireAdmin();
  const env = consoleEnv();
  const db = getDb();
  const back = (path: string) => Response.redirect(new URL(path, env.consoleUrl), 303);
  const parsed = OAuthCallback.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return back('/tools?oauth=unknown_state');
  const input = parsed.data;
  const outcome = await finishOAuthSignIn({
    db,
    env,
    state: input.state,
    code: input.code,
    error: input.error,
    errorDescription: input.error_description,
  });
  if (outcome.kind === 'unknown_state') return back('/tools?oauth=unknown_state');
  if (outcome.kind === 'failed') return back(`/tools/${outcome.serverId}?oauth=failed`);

  // Signed in: test the server with the new token, and list its tools as a refresh does.
  const settings = await connectionSettings({
    db,
    id: outcome.serverId,
    sealKey: env.sealKey,
    policy: env.mcpUrlPolicy,
  });
  const probe = await probeServer({
    url: settings.url,
    headers: settings.headers,
    oauthGrant: true,
    policy: env.mcpUrlPolicy,
  });
  await recordCheck({
    db,
    id: outcome.serverId,
    check: probe.ok
      ? { ok: true, ms: probe.ms, transport: probe.transport }
      : { ok: false, ms: probe.ms, errorCode: probe.code, error: failureText(probe) },
  });
  if (probe.ok) await saveDiscovery({ db, serverId: outcome.serverId, listing: probe.listing });
  else await recordOAuthRefusal({ db, serverId: outcome.serverId, error: probe });
  console.info(
    `[tools] ${user.email} connected MCP server ${settings.name} with OAuth: ${probe.ok ? `${probe.listing.tools.length} tools` : probe.code}`,
  );
  return back(`/tools/${outcome.serverId}?oauth=${probe.ok ? 'connected' : 'failed'}`);
});
