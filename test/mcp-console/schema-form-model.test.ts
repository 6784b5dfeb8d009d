/** The generated try-a-tool form: which control each schema gets, defaults, and the arguments sent. */
import { describe, expect, it } from 'vitest';
import {
  UnparsedJson,
  findUnparsed,
  initialValue,
  kindOf,
  newItemValue,
  toArguments,
} from '@/components/tools/schema-form-model';
import { validateToolArgs } from '@/lib/mcp/validate-args';

describe('schema form model', () => {
  it('picks a control per schema, and raw JSON for what it does not model', () => {
    expect(kindOf({ type: 'string' })).toBe('string');
    expect(kindOf({ type: ['integer', 'null'] })).toBe('integer');
    expect(kindOf({ type: 'string', enum: ['a', 'b'] })).toBe('enum');
    expect(kindOf({ const: 3 })).toBe('enum');
    expect(kindOf({ type: 'boolean' })).toBe('boolean');
    expect(kindOf({ properties: { a: { type: 'string' } } })).toBe('object');
    expect(kindOf({ type: 'array', items: { type: 'number' } })).toBe('array');
    expect(kindOf({ type: 'array', items: [{ type: 'number' }] })).toBe('json');
    expect(kindOf({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('json');
    expect(kindOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('json');
    expect(kindOf({})).toBe('json');
  });

  it('starts from the defaults; required booleans start false; nested objects recurse', () => {
    const schema = {
      type: 'object',
      required: ['flag', 'inner'],
      properties: {
        count: { type: 'number', default: 3 },
        flag: { type: 'boolean' },
        maybe: { type: 'boolean' },
        inner: { type: 'object', properties: { mode: { enum: ['x', 'y'], default: 'y' } } },
      },
    };
    expect(initialValue(schema, true)).toEqual({ count: 3, flag: false, inner: { mode: 'y' } });
    expect(newItemValue({ type: 'string' })).toBe('');
    expect(newItemValue({ enum: ['first', 'second'] })).toBe('first');
  });

  it('drops omitted fields, keeps array items, and finds JSON that does not parse', () => {
    const value = { a: 1, b: undefined, list: ['x', undefined], nested: { c: undefined } };
    expect(toArguments(value)).toEqual({ a: 1, list: ['x', null], nested: {} });
    expect(findUnparsed({ a: { b: new UnparsedJson('{') } })).toEqual(['a.b']);
  });

  it("reports errors on the same paths as the form's fields", () => {
    const schema = {
      type: 'object',
      required: ['a', 'b'],
      properties: {
        a: { type: 'number' },
        b: { type: 'number' },
        tags: { type: 'array', items: { type: 'integer' } },
      },
    };
    const result = validateToolArgs(schema, toArguments({ a: 2, tags: [1, 1.5] }));
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { path: 'b', message: "must have required property 'b'" },
        { path: 'tags.1', message: 'must be integer' },
      ]),
    });
  });
});
