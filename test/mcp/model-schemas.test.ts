import { describe, expect, it } from 'vitest';
import { cleanInputSchema } from '@/lib/mcp/schema-clean';
import { draftOf, validateToolArgs } from '@/lib/mcp/validate-args';

/**
 * The schema the model is given (valid for OpenAI) vs the one arguments are checked against
 * (the server's own, under its declared draft).
 */
describe('what the model is given', () => {
  it('arrays without items get a permissive items, at any depth, and the preview says so', () => {
    const { schema, problem, notes } = cleanInputSchema({
      type: 'object',
      properties: {
        tags: { type: 'array' },
        rows: { type: 'array', items: { type: 'array' } },
        either: { type: ['array', 'null'] },
        typed: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(problem).toBeNull();
    expect(schema.properties).toEqual({
      tags: { type: 'array', items: {} },
      rows: { type: 'array', items: { type: 'array', items: {} } },
      either: { type: ['array', 'null'], items: {} },
      typed: { type: 'array', items: { type: 'string' } },
    });
    expect(notes.join(' ')).toMatch(/lists of any values/);
  });

  it('a top-level allOf is merged into one object; the original still checks every part', () => {
    const original = {
      type: 'object',
      allOf: [
        { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        {
          type: 'object',
          properties: { age: { type: 'integer' }, name: { maxLength: 5 } },
          required: ['age'],
        },
      ],
    };
    const { schema, problem, notes } = cleanInputSchema(original);
    expect(problem).toBeNull();
    expect(schema.allOf).toBeUndefined();
    expect(schema).toMatchObject({
      type: 'object',
      properties: {
        name: { allOf: [{ type: 'string' }, { maxLength: 5 }] },
        age: { type: 'integer' },
      },
      required: ['name', 'age'],
    });
    expect(notes.join(' ')).toMatch(/allOf was merged/);
    expect(validateToolArgs(original, { name: 'Ada', age: 36 }).ok).toBe(true);
    expect(validateToolArgs(original, { name: 'Ada Lovelace', age: 36 }).ok).toBe(false);
    expect(validateToolArgs(original, { name: 'Ada' }).ok).toBe(false);
  });

  it('a top-level if/then/else is left out for the model, with the branch arguments offered', () => {
    const original = {
      type: 'object',
      properties: { kind: { enum: ['email', 'sms'] } },
      required: ['kind'],
      if: { properties: { kind: { const: 'email' } } },
      then: { properties: { address: { type: 'string' } }, required: ['address'] },
      else: { properties: { phone: { type: 'string' } }, required: ['phone'] },
    };
    const { schema, problem, notes } = cleanInputSchema(original);
    expect(problem).toBeNull();
    expect(schema).not.toHaveProperty('if');
    expect(schema).not.toHaveProperty('then');
    expect(schema.properties).toEqual({
      kind: { enum: ['email', 'sms'] },
      address: { type: 'string' },
      phone: { type: 'string' },
    });
    expect(schema.required).toEqual(['kind']);
    expect(notes.join(' ')).toMatch(/if\/then\/else was left out/);
    expect(validateToolArgs(original, { kind: 'email' }).ok).toBe(false);
    expect(validateToolArgs(original, { kind: 'email', address: 'a@b.c' }).ok).toBe(true);
  });

  it('$anchor references are inlined (2019-09 $anchor and draft-07 "$id": "#name")', () => {
    const original = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { home: { $ref: '#address' }, work: { $ref: '#office' } },
      $defs: {
        address: {
          $anchor: 'address',
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
        },
        office: { $id: '#office', type: 'object', properties: { floor: { type: 'integer' } } },
      },
    };
    const { schema, problem } = cleanInputSchema(original);
    expect(problem).toBeNull();
    expect(schema.properties).toEqual({
      home: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      work: { type: 'object', properties: { floor: { type: 'integer' } } },
    });
    expect(validateToolArgs(original, { home: { city: 'Oslo' } }).ok).toBe(true);
    expect(validateToolArgs(original, { home: {} }).ok).toBe(false);
  });

  it('a top-level anyOf still cannot be given to the model, and says why', () => {
    expect(cleanInputSchema({ anyOf: [{ type: 'object' }, { type: 'string' }] }).problem).toMatch(
      /anyOf/,
    );
  });
});

describe('the draft arguments are checked under', () => {
  const strict = {
    type: 'object',
    properties: { from: { type: 'string' }, until: { type: 'string' } },
    dependentRequired: { until: ['from'] },
    unevaluatedProperties: false,
  };

  it('is the declared one; undeclared, later-draft keywords choose that draft', () => {
    expect(draftOf({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toBe('2020');
    expect(draftOf({ $schema: 'https://json-schema.org/draft/2019-09/schema' })).toBe('2019');
    expect(draftOf({ $schema: 'http://json-schema.org/draft-07/schema#' })).toBe('07');
    expect(draftOf(strict)).toBe('2020');
    expect(draftOf({ ...strict, items: [{ type: 'string' }] })).toBe('2019');
    expect(draftOf({ type: 'object' })).toBe('07');
  });

  it('enforces dependentRequired and unevaluatedProperties whether declared or not', () => {
    for (const schema of [
      strict,
      { $schema: 'https://json-schema.org/draft/2020-12/schema', ...strict },
      { $schema: 'https://json-schema.org/draft/2019-09/schema', ...strict },
    ]) {
      expect(validateToolArgs(schema, { from: 'a', until: 'b' }).ok).toBe(true);
      expect(validateToolArgs(schema, { until: 'b' })).toMatchObject({
        ok: false,
        errors: [{ message: expect.stringMatching(/from/) }],
      });
      expect(validateToolArgs(schema, { from: 'a', extra: 1 })).toMatchObject({ ok: false });
    }
  });

  it('a draft-07 declaration keeps draft-07 meaning (dependentRequired is not a draft-07 keyword)', () => {
    const declared07 = { $schema: 'http://json-schema.org/draft-07/schema#', ...strict };
    expect(validateToolArgs(declared07, { until: 'b' }).ok).toBe(true);
  });
});
