/**
 * Turns an MCP tool's inputSchema into function parameters the OpenAI Realtime API accepts:
 * meta keywords removed, local $refs inlined, an object at the top. What cannot be made
 * acceptable is reported as a problem (in words an admin can act on), never silently dropped.
 */

export interface CleanedSchema {
  schema: Record<string, unknown>;
  problem: string | null;
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

function resolvePointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
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
    return { schema: { type: 'object', properties: {} }, problem: null };
  }
  if (!isObject(input)) {
    return {
      schema: { type: 'object', properties: {} },
      problem:
        'The tool’s input schema is not a JSON Schema object, so the model cannot be told its arguments.',
    };
  }

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
      const target = resolvePointer(input, ref);
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
    return out;
  };

  let cleaned: Record<string, unknown>;
  try {
    const result = walk(input, []);
    cleaned = isObject(result) ? result : { type: 'object', properties: {} };
  } catch (error) {
    if (error instanceof SchemaProblem)
      return { schema: { type: 'object', properties: {} }, problem: error.message };
    throw error;
  }

  const combinator = TOP_LEVEL_COMBINATORS.find((key) => key in cleaned);
  if (combinator) {
    return {
      schema: cleaned,
      problem: `The tool’s input schema uses "${combinator}" at the top level; the model needs one plain object of named arguments.`,
    };
  }
  const type = cleaned.type;
  if (type === undefined) {
    // MCP requires type "object"; a schema with just properties (or nothing) clearly means it.
    cleaned = { type: 'object', ...cleaned };
  } else if (Array.isArray(type)) {
    if (!type.includes('object')) return { schema: cleaned, problem: nonObject(type.join(' or ')) };
    cleaned = { ...cleaned, type: 'object' };
  } else if (type !== 'object') {
    return { schema: cleaned, problem: nonObject(String(type)) };
  }
  if (!isObject(cleaned.properties)) cleaned = { ...cleaned, properties: {} };
  return { schema: cleaned, problem: null };
}

function nonObject(type: string): string {
  return `The tool’s input schema is of type "${type}", not an object; the model can only send an object of named arguments.`;
}
