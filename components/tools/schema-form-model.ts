/**
 * The pure part of the form generated from a tool's input schema: which control a schema gets,
 * the starting values (the schema's defaults), and turning the form's values into arguments.
 * Anything the form does not model (anyOf, $ref, tuples, maps...) is edited as raw JSON.
 */

export type Schema = Record<string, unknown>;

export type FieldKind =
  'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'object' | 'array' | 'json';

/** Text in a raw JSON field that does not parse yet; the form refuses to send it. */
export class UnparsedJson {
  constructor(readonly text: string) {}
}

export function asSchema(value: unknown): Schema | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Schema)
    : null;
}

function typeOf(schema: Schema): string | null {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const real = type.filter((t) => t !== 'null');
    return real.length === 1 && typeof real[0] === 'string' ? real[0] : null;
  }
  return null;
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function enumValues(schema: Schema): unknown[] | null {
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every(isPrimitive))
    return schema.enum;
  if ('const' in schema && isPrimitive(schema.const)) return [schema.const];
  return null;
}

export function kindOf(raw: unknown): FieldKind {
  const schema = asSchema(raw);
  if (!schema) return 'json';
  if (['anyOf', 'oneOf', 'allOf', '$ref', 'not', 'if'].some((key) => key in schema)) return 'json';
  if (enumValues(schema)) return 'enum';
  const type = typeOf(schema) ?? (asSchema(schema.properties) ? 'object' : null);
  switch (type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return type;
    case 'object':
      return asSchema(schema.properties) ? 'object' : 'json';
    case 'array':
      return asSchema(schema.items) && kindOf(schema.items) !== 'json' ? 'array' : 'json';
    default:
      return 'json';
  }
}

export function propertiesOf(schema: Schema): Array<[string, unknown]> {
  return Object.entries(asSchema(schema.properties) ?? {});
}

export function requiredOf(schema: Schema): Set<string> {
  return new Set(
    Array.isArray(schema.required)
      ? schema.required.filter((n): n is string => typeof n === 'string')
      : [],
  );
}

/** Starting value: the schema's default; required booleans start false; objects recurse. */
export function initialValue(raw: unknown, required: boolean): unknown {
  const schema = asSchema(raw);
  if (!schema) return undefined;
  if ('default' in schema) return structuredClone(schema.default);
  const kind = kindOf(schema);
  if (kind === 'boolean' && required) return false;
  if (kind === 'object') {
    const needed = requiredOf(schema);
    const value: Record<string, unknown> = {};
    for (const [name, child] of propertiesOf(schema)) {
      const start = initialValue(child, needed.has(name));
      if (start !== undefined) value[name] = start;
    }
    return Object.keys(value).length > 0 || required ? value : undefined;
  }
  if (kind === 'array' && required) return [];
  return undefined;
}

/** A new array item: the item schema's default, or an empty value of its kind. */
export function newItemValue(raw: unknown): unknown {
  const start = initialValue(raw, true);
  if (start !== undefined) return start;
  const schema = asSchema(raw);
  const kind = kindOf(raw);
  if (kind === 'string') return '';
  if (kind === 'enum' && schema) return enumValues(schema)?.[0];
  return undefined;
}

/** "a.0.b", the path format validateToolArgs reports errors with. */
export function pathKey(path: Array<string | number>): string {
  return path.join('.');
}

/** Paths of raw JSON fields that do not parse. */
export function findUnparsed(value: unknown, path: Array<string | number> = []): string[] {
  if (value instanceof UnparsedJson) return [pathKey(path)];
  if (Array.isArray(value)) return value.flatMap((item, i) => findUnparsed(item, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => findUnparsed(item, [...path, key]));
  }
  return [];
}

/** The arguments the form's values stand for: omitted fields dropped. */
export function toArguments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => toArguments(item) ?? null);
  if (value && typeof value === 'object' && !(value instanceof UnparsedJson)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = toArguments(item);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return value;
}
