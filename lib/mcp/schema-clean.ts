/**
 * Turns an MCP tool's inputSchema into function parameters the OpenAI Realtime API accepts:
 * meta keywords removed, local $refs (JSON pointers and $anchors) inlined, arrays given an
 * `items`, a top-level allOf merged and a top-level if/then/else left out, an object at the top.
 * This is only what the model is told: arguments are always checked against the server's full
 * original schema (validate-args.ts). Each change is said in `notes` (the Tools page shows
 * them); what cannot be made acceptable is a problem, never silently dropped.
 */

export interface CleanedSchema {
  schema: Record<string, unknown>;
  problem: string | null;
  /** what was changed for the model, in words for the admin */
  notes: string[];
}

/** Keywords that carry no validation and that the Realtime API rejects or chokes on. */
const DROPPED = new Set([
  '$schema',
  '$id',
  '$comment',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$vocabulary',
  'meta',
  '_meta',
  '$defs',
  'definitions',
]);
/** Keywords whose value is an object of name -> schema. */
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
]);
/** Keywords whose value is one schema. */
const SCHEMA_VALUED = new Set([
  'additionalItems',
  'additionalProperties',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const TOP_LEVEL_COMBINATORS = ['anyOf', 'oneOf', 'allOf', 'not', 'enum', 'const', 'if'];
/** Inlining can multiply a schema; past this it is too big to send to the model anyway. */
const MAX_NODES = 5_000;

class SchemaProblem extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `$anchor: "x"` (2019-09 on) and `$id: "#x"` (draft-07) name a subschema `#x` can refer to. */
function collectAnchors(root: unknown): Map<string, unknown> {
  const anchors = new Map<string, unknown>();
  const visit = (node: unknown, depth: number) => {
    if (depth > 64 || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$anchor === 'string') anchors.set(record.$anchor, record);
    if (typeof record.$id === 'string' && /^#[A-Za-z_][\w.-]*$/.test(record.$id)) {
      anchors.set(record.$id.slice(1), record);
    }
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'examples') {
        visit(value, depth + 1);
      }
    }
  };
  visit(root, 0);
  return anchors;
}

function resolvePointer(root: unknown, ref: string, anchors: Map<string, unknown>): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return anchors.get(ref.slice(1));
  let node: unknown = root;
  for (const rawPart of ref.slice(2).split('/')) {
    const part = decodeURIComponent(rawPart).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[part];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

export function cleanInputSchema(input: unknown): CleanedSchema {
  if (input === undefined || input === null || input === true) {
    return { schema: { type: 'object', properties: {} }, problem: null, notes: [] };
  }
  if (!isObject(input)) {
    return {
      schema: { type: 'object', properties: {} },
      problem:
        'The tool’s input schema is not a JSON Schema object, so the model cannot be told its arguments.',
      notes: [],
    };
  }

  const anchors = collectAnchors(input);
  const notes = new Set<string>();
  let nodes = 0;
  const walk = (node: unknown, refStack: string[]): unknown => {
    if (++nodes > MAX_NODES) {
      throw new SchemaProblem('The tool’s input schema is too large once its $refs are expanded.');
    }
    if (typeof node === 'boolean') return node;
    if (!isObject(node)) return node;

    if (typeof node.$dynamicRef === 'string' || typeof node.$recursiveRef === 'string') {
      throw new SchemaProblem(
        'The tool’s input schema uses $dynamicRef/$recursiveRef, which cannot be expanded.',
      );
    }
    let base: Record<string, unknown> = {};
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (!ref.startsWith('#')) {
        throw new SchemaProblem(
          `The tool’s input schema refers to an external schema (${ref}), which cannot be inlined.`,
        );
      }
      if (refStack.includes(ref)) {
        throw new SchemaProblem(
          `The tool’s input schema is recursive ($ref ${ref}), which the model cannot be given.`,
        );
      }
      const target = resolvePointer(input, ref, anchors);
      if (target === undefined) {
        throw new SchemaProblem(
          `The tool’s input schema refers to ${ref}, which it does not define.`,
        );
      }
      const resolved = walk(target, [...refStack, ref]);
      if (!isObject(resolved)) return resolved;
      base = resolved;
    }

    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' || DROPPED.has(key)) continue;
      if (SCHEMA_MAPS.has(key) && isObject(value)) {
        const map: Record<string, unknown> = {};
        for (const [name, schema] of Object.entries(value)) map[name] = walk(schema, refStack);
        out[key] = map;
      } else if (SCHEMA_VALUED.has(key)) {
        out[key] = walk(value, refStack);
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map((item) => walk(item, refStack));
      } else if (key === 'items') {
        out[key] = Array.isArray(value)
          ? value.map((item) => walk(item, refStack))
          : walk(value, refStack);
      } else if (key === 'dependencies' && isObject(value)) {
        // draft-07: each entry is either a list of property names or a schema
        const deps: Record<string, unknown> = {};
        for (const [name, dep] of Object.entries(value))
          deps[name] = Array.isArray(dep) ? dep : walk(dep, refStack);
        out[key] = deps;
      } else {
        // enum, const, default, examples, required...: data, copied as is
        out[key] = value;
      }
    }
    // OpenAI refuses an array without `items` ("array schema missing items"); JSON Schema reads
    // the missing keyword as "anything", which `{}` says in a form the model accepts.
    const types = Array.isArray(out.type) ? out.type : [out.type];
    if (types.includes('array') && out.items === undefined && out.prefixItems === undefined) {
      out.items = {};
      notes.add('Arrays without an item schema are described to the model as lists of any values.');
    }
    return out;
  };

  let cleaned: Record<string, unknown>;
  try {
    const result = walk(input, []);
    cleaned = isObject(result) ? result : { type: 'object', properties: {} };
  } catch (error) {
    if (error instanceof SchemaProblem)
      return { schema: { type: 'object', properties: {} }, problem: error.message, notes: [] };
    throw error;
  }
  const done = (problem: string | null): CleanedSchema => ({
    schema: cleaned,
    problem,
    notes: [...notes],
  });

  if (Array.isArray(cleaned.allOf)) {
    const merged = mergeAllOf(cleaned);
    if (merged) {
      cleaned = merged;
      notes.add(
        'Its top-level allOf was merged into one object for the model; arguments are still checked against every part.',
      );
    }
  }
  if ('if' in cleaned || 'then' in cleaned || 'else' in cleaned) {
    cleaned = dropConditional(cleaned);
    notes.add(
      'Its top-level if/then/else was left out of what the model is given (the arguments it names are offered as optional); arguments are still checked against it.',
    );
  }

  const combinator = TOP_LEVEL_COMBINATORS.find((key) => key in cleaned);
  if (combinator) {
    return done(
      `The tool’s input schema uses "${combinator}" at the top level; the model needs one plain object of named arguments.`,
    );
  }
  const type = cleaned.type;
  if (type === undefined) {
    // MCP requires type "object"; a schema with just properties (or nothing) clearly means it.
    cleaned = { type: 'object', ...cleaned };
  } else if (Array.isArray(type)) {
    if (!type.includes('object')) return done(nonObject(type.join(' or ')));
    cleaned = { ...cleaned, type: 'object' };
  } else if (type !== 'object') {
    return done(nonObject(String(type)));
  }
  if (!isObject(cleaned.properties)) cleaned = { ...cleaned, properties: {} };
  return done(null);
}

function propertiesOf(schema: Record<string, unknown>): Record<string, unknown> {
  return isObject(schema.properties) ? schema.properties : {};
}

function requiredOf(schema: Record<string, unknown>): string[] {
  return Array.isArray(schema.required)
    ? schema.required.filter((name): name is string => typeof name === 'string')
    : [];
}

/**
 * One object out of `{ ...base, allOf: [parts] }`: properties joined (a property two parts define
 * gets both schemas under allOf), required joined. Parts that are not plain objects (a nested
 * combinator, a conditional) are left out for the model. Null when nothing could be merged.
 */
function mergeAllOf(schema: Record<string, unknown>): Record<string, unknown> | null {
  const { allOf, ...base } = schema;
  const parts = (allOf as unknown[]).filter(isObject);
  const mergeable = parts.filter((part) =>
    TOP_LEVEL_COMBINATORS.every((key) => !(key in part) || key === 'enum' || key === 'const'),
  );
  if (mergeable.length === 0) return null;
  const properties: Record<string, unknown> = { ...propertiesOf(base) };
  const required = new Set(requiredOf(base));
  for (const part of mergeable) {
    for (const [name, property] of Object.entries(propertiesOf(part))) {
      properties[name] = name in properties ? { allOf: [properties[name], property] } : property;
    }
    for (const name of requiredOf(part)) required.add(name);
    if (part.type !== undefined && base.type === undefined) base.type = part.type;
  }
  return {
    ...base,
    properties,
    ...(required.size > 0 ? { required: [...required] } : {}),
  };
}

/** Drops a top-level conditional; the properties its branches name are offered as optional. */
function dropConditional(schema: Record<string, unknown>): Record<string, unknown> {
  const { if: _condition, then: whenTrue, else: whenFalse, ...rest } = schema;
  const properties: Record<string, unknown> = { ...propertiesOf(rest) };
  for (const branch of [whenTrue, whenFalse]) {
    if (!isObject(branch)) continue;
    for (const [name, property] of Object.entries(propertiesOf(branch))) {
      if (!(name in properties)) properties[name] = property;
    }
  }
  return { ...rest, properties };
}

function nonObject(type: string): string {
  return `The tool’s input schema is of type "${type}", not an object; the model can only send an object of named arguments.`;
}
