import { describe, expect, it } from 'vitest';
import { cleanInputSchema } from '@/lib/mcp/schema-clean';
import { buildFunctionDefinitions, type CatalogTool } from '@/lib/mcp/tool-definitions';

const objectSchema = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };

function tool(serverName: string, name: string, extra: Partial<CatalogTool> = {}): CatalogTool {
  const serverId = `srv-${serverName}`;
  return {
    id: `${serverId}/${name}`,
    serverId,
    serverName,
    name,
    description: `${name} tool`,
    inputSchema: objectSchema,
    ...extra,
  };
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

describe('buildFunctionDefinitions: names', () => {
  it('keeps valid, unique names as they are', () => {
    const [definition] = buildFunctionDefinitions([tool('Search', 'web_search')]);
    expect(definition).toMatchObject({
      functionName: 'web_search',
      mcpName: 'web_search',
      nameNote: null,
      problem: null,
    });
  });

  it('sanitizes invalid characters to "_" and says why', () => {
    const [definition] = buildFunctionDefinitions([tool('Files', 'files.read/all')]);
    expect(definition!.functionName).toBe('files_read_all');
    expect(definition!.nameNote).toContain('"files.read/all"');
  });

  it('renames ALL colliding tools with a server prefix, predictably', () => {
    const definitions = buildFunctionDefinitions([
      tool('GitHub', 'search'),
      tool('Web Search!', 'search'),
      tool('GitHub', 'issues'),
    ]);
    const names = Object.fromEntries(
      definitions.map((d) => [`${d.serverName}/${d.mcpName}`, d.functionName]),
    );
    expect(names).toEqual({
      'GitHub/search': 'github__search',
      'Web Search!/search': 'web_search__search',
      'GitHub/issues': 'issues',
    });
    const github = definitions.find((d) => d.functionName === 'github__search');
    expect(github!.nameNote).toContain('"Web Search!" also has a tool named "search"');
  });

  it('treats names that collide only after sanitizing as a collision', () => {
    const definitions = buildFunctionDefinitions([tool('A', 'get.item'), tool('B', 'get_item')]);
    expect(definitions.map((d) => d.functionName).sort()).toEqual(['a__get_item', 'b__get_item']);
  });

  it('does not depend on input order', () => {
    const tools = [
      tool('Zeta', 'run'),
      tool('Alpha', 'run'),
      tool('Alpha', 'list'),
      tool('Mid', 'x.y'),
      tool('Mid', 'x_y'),
    ];
    const forward = buildFunctionDefinitions(tools);
    const backward = buildFunctionDefinitions([...tools].reverse());
    expect(backward).toEqual(forward);
    expect(forward.map((d) => `${d.serverName}:${d.mcpName}`)).toEqual([
      'Alpha:list',
      'Alpha:run',
      'Mid:x.y',
      'Mid:x_y',
      'Zeta:run',
    ]);
  });

  it('keeps names unique when the prefix cannot separate them (same server, equal slugs)', () => {
    const definitions = buildFunctionDefinitions([
      tool('Mid', 'x.y'),
      tool('Mid', 'x_y'),
      tool('My Server', 'go'),
      tool('my-server', 'go'),
    ]);
    const names = definitions.map((d) => d.functionName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(NAME);
  });

  it('cuts long names to 64 characters with a stable hash suffix, distinct for shared prefixes', () => {
    const long = 'a'.repeat(80);
    const definitions = buildFunctionDefinitions([
      tool('S', `${long}_one`),
      tool('S', `${long}_two`),
    ]);
    const names = definitions.map((d) => d.functionName);
    for (const name of names) {
      expect(name).toMatch(NAME);
      expect(name.length).toBe(64);
    }
    expect(names[0]).not.toBe(names[1]);
    expect(
      buildFunctionDefinitions([tool('S', `${long}_one`), tool('S', `${long}_two`)]).map(
        (d) => d.functionName,
      ),
    ).toEqual(names);
  });

  it('cuts prefixed names to 64 as well', () => {
    const name = 'b'.repeat(60);
    const definitions = buildFunctionDefinitions([
      tool('First server', name),
      tool('Second server', name),
    ]);
    for (const d of definitions) expect(d.functionName).toMatch(NAME);
    expect(new Set(definitions.map((d) => d.functionName)).size).toBe(2);
  });
});

describe('buildFunctionDefinitions: descriptions', () => {
  it('falls back to the title, then to a generated description', () => {
    const [withTitle] = buildFunctionDefinitions([
      tool('S', 't', { description: '  ', title: 'Look up a thing' }),
    ]);
    expect(withTitle!.description).toBe('Look up a thing');
    const [generated] = buildFunctionDefinitions([tool('S', 't', { description: '' })]);
    expect(generated!.description).toBe('Tool "t" from the MCP server "S".');
  });

  it('caps the description at 1024 characters', () => {
    const [definition] = buildFunctionDefinitions([
      tool('S', 't', { description: 'x'.repeat(5000) }),
    ]);
    expect(definition!.description.length).toBeLessThanOrEqual(1024);
    expect(definition!.description.endsWith('…')).toBe(true);
  });
});

describe('input schema cleaning', () => {
  it('removes $schema, $id, $comment, meta and _meta where they are keywords, not property names', () => {
    const { schema, problem } = cleanInputSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'urn:x',
      $comment: 'internal',
      _meta: { a: 1 },
      type: 'object',
      properties: {
        meta: { type: 'string', $comment: 'a property named meta stays' },
        nested: { type: 'object', meta: { x: 1 }, properties: { $id: { type: 'string' } } },
        list: { type: 'array', items: { type: 'string', $schema: 'x' } },
      },
    });
    expect(problem).toBeNull();
    expect(schema).toEqual({
      type: 'object',
      properties: {
        meta: { type: 'string' },
        nested: { type: 'object', properties: { $id: { type: 'string' } } },
        list: { type: 'array', items: { type: 'string' } },
      },
    });
  });

  it('inlines local $ref from $defs and definitions, and drops the definitions', () => {
    const { schema, problem } = cleanInputSchema({
      type: 'object',
      $defs: { Address: { type: 'object', properties: { city: { $ref: '#/definitions/City' } } } },
      definitions: { City: { type: 'string', minLength: 1 } },
      properties: {
        home: { $ref: '#/$defs/Address', description: 'Where you live' },
        work: { $ref: '#/$defs/Address' },
      },
    });
    expect(problem).toBeNull();
    expect(schema).toEqual({
      type: 'object',
      properties: {
        home: {
          type: 'object',
          properties: { city: { type: 'string', minLength: 1 } },
          description: 'Where you live',
        },
        work: { type: 'object', properties: { city: { type: 'string', minLength: 1 } } },
      },
    });
  });

  it('flags recursive, missing and external $refs', () => {
    expect(
      cleanInputSchema({
        type: 'object',
        $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } },
        properties: { root: { $ref: '#/$defs/Node' } },
      }).problem,
    ).toMatch(/recursive/);
    expect(
      cleanInputSchema({ type: 'object', properties: { a: { $ref: '#/$defs/Nope' } } }).problem,
    ).toMatch(/does not define/);
    expect(
      cleanInputSchema({
        type: 'object',
        properties: { a: { $ref: 'https://example.com/s.json' } },
      }).problem,
    ).toMatch(/external/);
  });

  it('adds type object when only properties are given, and accepts an empty or missing schema', () => {
    expect(cleanInputSchema({ properties: { a: { type: 'number' } } })).toEqual({
      schema: { type: 'object', properties: { a: { type: 'number' } } },
      problem: null,
      notes: [],
    });
    expect(cleanInputSchema({})).toEqual({
      schema: { type: 'object', properties: {} },
      problem: null,
      notes: [],
    });
    expect(cleanInputSchema(undefined)).toEqual({
      schema: { type: 'object', properties: {} },
      problem: null,
      notes: [],
    });
    expect(cleanInputSchema({ type: ['object', 'null'], properties: {} }).schema.type).toBe(
      'object',
    );
  });

  it('flags a non-object top level with a reason', () => {
    expect(cleanInputSchema({ type: 'string' }).problem).toMatch(/type "string", not an object/);
    expect(cleanInputSchema({ type: 'array', items: {} }).problem).toMatch(/not an object/);
    expect(cleanInputSchema({ anyOf: [{ type: 'object' }, { type: 'string' }] }).problem).toMatch(
      /anyOf/,
    );
    expect(cleanInputSchema('nope').problem).toMatch(/not a JSON Schema object/);
  });

  it('a flagged tool has a problem and no parameters', () => {
    const [definition] = buildFunctionDefinitions([
      tool('S', 'scalar', { inputSchema: { type: 'string' } }),
    ]);
    expect(definition!.parameters).toBeNull();
    expect(definition!.problem).toMatch(/not an object/);
  });
});
