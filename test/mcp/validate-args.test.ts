import { describe, expect, it } from 'vitest';
import { validateToolArgs } from '@/lib/mcp/validate-args';

const schema = {
  type: 'object',
  properties: {
    a: { type: 'number' },
    email: { type: 'string', format: 'email' },
    items: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
    },
  },
  required: ['a'],
  additionalProperties: false,
};

describe('validateToolArgs', () => {
  it('accepts valid arguments', () => {
    expect(validateToolArgs(schema, { a: 1, email: 'x@example.com', items: [{ id: 1 }] })).toEqual({
      ok: true,
    });
  });

  it("reports a missing property with ajv's message, at the property's path", () => {
    expect(validateToolArgs(schema, {})).toEqual({
      ok: false,
      errors: [{ path: 'a', message: "must have required property 'a'" }],
    });
  });

  it('reports every error with its path (allErrors), formats included', () => {
    const result = validateToolArgs(schema, {
      a: 'x',
      email: 'not-an-email',
      items: [{}],
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'a', message: 'must be number' },
        { path: 'email', message: 'must match format "email"' },
        { path: 'items.0.id', message: "must have required property 'id'" },
        { path: '', message: "must NOT have additional properties 'extra'" },
      ]),
    );
  });

  it('handles draft 2020-12 schemas (as zod 4 emits them) and draft-07 ones', () => {
    const modern = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
      },
    };
    expect(validateToolArgs(modern, { pair: ['a', 1] })).toEqual({ ok: true });
    expect(validateToolArgs(modern, { pair: [1, 'a'] }).ok).toBe(false);
    const old = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { N: { type: 'number' } },
      properties: { n: { $ref: '#/definitions/N' } },
    };
    expect(validateToolArgs(old, { n: 1 })).toEqual({ ok: true });
    expect(validateToolArgs(old, { n: 'x' })).toEqual({
      ok: false,
      errors: [{ path: 'n', message: 'must be number' }],
    });
  });

  it('compiles a schema once, also when an equal schema arrives as a new object', () => {
    const first = validateToolArgs(JSON.parse(JSON.stringify(schema)), { a: 1 });
    const second = validateToolArgs(JSON.parse(JSON.stringify(schema)), { a: 2 });
    expect(first).toEqual({ ok: true });
    expect(second).toEqual({ ok: true });
    const started = performance.now();
    for (let i = 0; i < 1000; i++) validateToolArgs(JSON.parse(JSON.stringify(schema)), { a: i });
    // Not a speed target: just that recompiling 1000 times (tens of ms each) is not happening.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reports a schema that cannot be compiled instead of throwing', () => {
    const result = validateToolArgs(
      { type: 'object', properties: { a: { $ref: '#/nowhere' } } },
      { a: 1 },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/could not be compiled/);
  });
});
