import { consoleEnv } from '@/lib/env/console-env';
import { clientMetadataDocument } from '@/lib/mcp/client-metadata';
import { routeHandler } from '@/server/route-handler';

/** Read at request time: the document names the console's address as the process sees it. */
export const dynamic = 'force-dynamic';

/**
 * The console's client ID metadata document (lib/mcp/client-metadata.ts). Public on purpose,
 * the one route without a session check: authorization servers fetch it anonymously, and it
 * holds only the console's name, its callback and the grant types it uses, nothing secret
 * (test/access-sweep.test.ts checks exactly that). Served whatever the console's scheme, so an
 * operator can look at it; authorization servers only use it when the address is https.
 */
export const GET = routeHandler(async () => {
  const document = clientMetadataDocument(consoleEnv().consoleUrl);
  return Response.json(document, { headers: { 'cache-control': 'public, max-age=300' } });
});
