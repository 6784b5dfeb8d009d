import { randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { connectMcp } from '@/lib/mcp/client';
import { expect } from '../fixtures';

/**
 * server-everything (at `url`) with the tools named, registered as the Tools page would (their
 * listed descriptions and schemas, enabled), and an agent profile that offers only those.
 */
export async function seedEverythingProfile({
  db,
  url,
  tools: names,
  label,
  prompt,
}: {
  db: Db;
  url: string;
  tools: string[];
  /** names the server and the profile, so a failed run's rows are recognisable */
  label: string;
  prompt: string;
}) {
  const suffix = randomBytes(3).toString('hex');
  const connection = await connectMcp({
    url,
    policy: { allowPrivate: true, allowList: [] },
    timeoutMs: 10_000,
  });
  const { tools } = await connection.listTools();
  await connection.close();
  const wanted = tools.filter((t) => names.includes(t.name));
  expect(wanted).toHaveLength(names.length);
  const server = await db.mcpServer.create({
    data: { name: `Everything ${label} ${suffix}`, url, headers: '[]' },
  });
  const toolIds: string[] = [];
  for (const tool of wanted) {
    const row = await db.mcpTool.create({
      data: {
        serverId: server.id,
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: JSON.stringify(tool.inputSchema),
        enabled: true,
      },
    });
    toolIds.push(row.id);
  }
  const profile = await db.agentProfile.create({
    data: {
      name: `E2E ${label} ${suffix}`,
      availableToCallers: false,
      versions: {
        create: {
          version: 1,
          prompt,
          model: 'gpt-realtime',
          voice: 'marin',
          allTools: false,
          toolIds: JSON.stringify(toolIds),
        },
      },
    },
    include: { versions: true },
  });
  return { server, versionId: profile.versions[0]!.id, profileName: profile.name };
}
