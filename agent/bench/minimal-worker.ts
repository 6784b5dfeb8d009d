import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, defineAgent, ServerOptions, type JobContext } from '@livekit/agents';

/**
 * The live bench's baseline agent: the framework's worker with nothing of ours in it. Each job
 * joins the room and says it is listening (the attribute the console's page waits for), so the
 * same dispatch path is measured with no database, no MCP servers and no model.
 */
export default defineAgent({
  entry: async (ctx: JobContext) => {
    const since = performance.now();
    await ctx.connect();
    // The same line as the console's worker (agent/src/main.ts), for the bench to compare joins.
    console.log(
      JSON.stringify({
        time: Date.now(),
        msg: 'call prepared and room joined',
        joinedMs: Math.round(performance.now() - since),
      }),
    );
    await ctx.room.localParticipant?.setAttributes({ 'lk.agent.state': 'listening' });
  },
});

const isMainProcess = path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
if (isMainProcess)
  cli.runApp(
    new ServerOptions({
      agent: fileURLToPath(import.meta.url),
      agentName: process.env.AGENT_NAME ?? 'bench-minimal-agent',
      wsURL: process.env.LIVEKIT_URL ?? '',
      apiKey: process.env.LIVEKIT_API_KEY ?? '',
      apiSecret: process.env.LIVEKIT_API_SECRET ?? '',
      host: '127.0.0.1',
      port: Number(process.env.AGENT_HTTP_PORT ?? 0),
      initializeProcessTimeout: 60_000,
      // Same as the console's worker under the bench: never passed over for host load.
      loadFunc: async () => 0,
    }),
  );
