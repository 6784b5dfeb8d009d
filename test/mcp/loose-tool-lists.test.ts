import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, MAX_TOOL_PAGES } from '@/lib/mcp/client';
import { resultToModelText } from '@/lib/mcp/result-text';
import { buildFunctionDefinitions } from '@/lib/mcp/tool-definitions';
import type { McpToolInfo, UrlPolicy } from '@/lib/mcp/types';
import { startFixtureServer, type FixtureServer } from '@/test/fixtures/mcp-fixture-server';
import { startServerEverything } from '@/test/support/server-everything';

const policy: UrlPolicy = { allowPrivate: true, allowList: [] };

/** Shapes real servers publish that the SDK's list parse refuses, and entries no one can use. */
const LOOSE_TOOLS: unknown[] = [
  { name: 'empty_schema', description: 'No schema at all.', inputSchema: {} },
  {
    name: 'nullable_object',
    inputSchema: { type: ['object', 'null'], properties: { q: { type: 'string' } } },
  },
  {
    name: 'top_any_of',
    inputSchema: {
      anyOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] },
      ],
    },
  },
  {
    name: 'boolean_props',
    inputSchema: { type: 'object', properties: { anything: true, never: false } },
  },
  {
    name: 'bad_hints',
    inputSchema: { type: 'object' },
    annotations: { readOnlyHint: 'yes', destructiveHint: true },
  },
  { name: 42, inputSchema: { type: 'object' } },
  { name: 'string_schema', inputSchema: 'object' },
  { name: 'false_schema', inputSchema: false },
  'not a tool',
  { name: 'echo', description: 'A second echo.', inputSchema: { type: 'object' } },
  { name: 'video_clip', description: 'Returns a video.', inputSchema: { type: 'object' } },
];

function asCatalog(tools: McpToolInfo[]) {
  return tools.map((tool) => ({
    id: tool.name,
    serverId: 's',
    serverName: 'Loose',
    name: tool.name,
    description: tool.description ?? '',
    inputSchema: tool.inputSchema,
  }));
}

describe('a server whose tool list has loose and broken entries', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({
      extraTools: LOOSE_TOOLS,
      rawResults: {
        video_clip: {
          content: [
            { type: 'video', mimeType: 'video/mp4', data: 'AAAAGGZ0eXA=' },
            { type: 'text', text: 'clip ready' },
          ],
        },
      },
    });
  });
  afterAll(async () => server?.close());

  it('the SDK’s own listTools loses every tool of such a server (why we parse per tool)', async () => {
    const client = new Client({ name: 'probe', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      // The page size is 3: the first page is clean, so walk until a loose page fails.
      let cursor: string | undefined;
      let failure: unknown;
      for (let page = 0; page < 10 && failure === undefined; page++) {
        try {
          const result = await client.listTools(cursor ? { cursor } : {});
          cursor = result.nextCursor;
          if (!cursor) break;
        } catch (error) {
          failure = error;
        }
      }
      expect(String(failure)).toMatch(/invalid|expected/i);
    } finally {
      await client.close();
    }
  });

  it('lists every usable tool, and refuses each unusable entry with its own reason', async () => {
    const connection = await connectMcp({ url: server.url, policy });
    try {
      const { tools, refused, stoppedAtPage } = await connection.listTools();
      expect(stoppedAtPage).toBeNull();
      expect(tools.map((t) => t.name)).toEqual([
        'echo',
        'add',
        'slow',
        'fail',
        'huge',
        'die',
        'send_email',
        'empty_schema',
        'nullable_object',
        'top_any_of',
        'boolean_props',
        'bad_hints',
        'video_clip',
      ]);
      // The first echo wins; the wrongly typed hint is dropped, the good one kept.
      expect(tools.find((t) => t.name === 'echo')?.description).toBe('Echoes the text back.');
      expect(tools.find((t) => t.name === 'bad_hints')?.annotations).toEqual({
        destructiveHint: true,
      });
      expect(refused).toEqual([
        { name: null, index: 12, reason: expect.stringMatching(/no name/) },
        {
          name: 'string_schema',
          index: 13,
          reason: expect.stringMatching(/a string, not a JSON Schema/),
        },
        { name: 'false_schema', index: 14, reason: expect.stringMatching(/can never be called/) },
        { name: null, index: 15, reason: expect.stringMatching(/a string, not a tool/) },
        { name: 'echo', index: 16, reason: expect.stringMatching(/more than once/) },
      ]);

      // What the model can be given: the loose shapes are fine, the top-level anyOf is explained.
      const definitions = buildFunctionDefinitions(asCatalog(tools));
      const byName = new Map(definitions.map((d) => [d.mcpName, d]));
      expect(byName.get('empty_schema')?.problem).toBeNull();
      expect(byName.get('nullable_object')?.parameters).toMatchObject({ type: 'object' });
      expect(byName.get('boolean_props')?.problem).toBeNull();
      expect(byName.get('top_any_of')?.problem).toMatch(/anyOf/);
    } finally {
      await connection.close();
    }
  });

  it('a result with a content type the SDK does not know is described, not failed', async () => {
    const connection = await connectMcp({ url: server.url, policy });
    try {
      const result = await connection.callTool('video_clip', {}, { timeoutMs: 5_000 });
      expect(result.content.map((c) => c.type)).toEqual(['video', 'text']);
      const { text } = resultToModelText(result, 8_192);
      expect(text).toContain('[content of type "video"');
      expect(text).toContain('video/mp4');
      expect(text).toContain('clip ready');
    } finally {
      await connection.close();
    }
  });
});

describe('long tool lists', () => {
  it(`reads 150 one-tool pages to the end (the old limit of 100 pages lost 50)`, async () => {
    const server = await startFixtureServer({ manyTools: 150, pageSize: 1 });
    const connection = await connectMcp({ url: server.url, policy });
    try {
      const { tools, stoppedAtPage } = await connection.listTools();
      expect(tools).toHaveLength(150);
      expect(tools.at(-1)?.name).toBe('tool_150');
      expect(stoppedAtPage).toBeNull();
    } finally {
      await connection.close();
      await server.close();
    }
  });

  it(`stops at the page limit (${MAX_TOOL_PAGES} by default) and says so`, async () => {
    expect(MAX_TOOL_PAGES).toBeGreaterThanOrEqual(1_000);
    const server = await startFixtureServer({ manyTools: 30, pageSize: 1 });
    const connection = await connectMcp({ url: server.url, policy });
    try {
      const { tools, stoppedAtPage } = await connection.listTools({ maxPages: 25 });
      expect(tools).toHaveLength(25);
      expect(stoppedAtPage).toBe(25);
    } finally {
      await connection.close();
      await server.close();
    }
  });
});

describe('@modelcontextprotocol/server-everything through the tolerant list', () => {
  it('lists all its tools and refuses none', async () => {
    const everything = await startServerEverything();
    const connection = await connectMcp({ url: everything.url, policy });
    try {
      const { tools, refused } = await connection.listTools();
      expect(refused).toEqual([]);
      expect(tools.length).toBeGreaterThanOrEqual(10);
      expect(tools.map((t) => t.name)).toContain('get-sum');
      // Its structured-content tool keeps its declared output schema.
      expect(tools.find((t) => t.name === 'get-structured-content')?.outputSchema).toMatchObject({
        type: 'object',
      });
    } finally {
      await connection.close();
      await everything.close();
    }
  });
});
