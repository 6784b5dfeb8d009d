import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';

/**
 * Checks tool arguments against the tool's own input schema before anything is sent, so bad
 * arguments fail as invalid_arguments with ajv's words instead of reaching the server. Used by
 * the console's try-a-tool action (on the server: ajv compiles with new Function, which the
 * pages' CSP forbids) and the agent's tool calls (agent/src/tool-call-checks.ts).
 */

/** One argument that does not match the schema: where (a JSON pointer-like path), and why. */
export interface ArgError {
  path: string;
  message: string;
}

export type ValidateArgsResult = { ok: true } | { ok: false; errors: ArgError[] };

export type Draft = '07' | '2019' | '2020';

// ajv-formats is CommonJS; its default import is the plugin function under both loaders.
const addFormats = _addFormats as unknown as (ajv: Ajv) => Ajv;

const instances = new Map<Draft, Ajv>();

function ajvFor(draft: Draft): Ajv {
  let ajv = instances.get(draft);
  if (!ajv) {
    // strict: false because servers' schemas carry keywords ajv does not know (title, examples,
    // vendor extensions); validateSchema: false so a sloppy schema still validates what it can.
    const options = { strict: false, allErrors: true, validateSchema: false } as const;
    ajv =
      draft === '2020'
        ? new Ajv2020(options)
        : draft === '2019'
          ? new Ajv2019(options)
          : new Ajv(options);
    addFormats(ajv);
    instances.set(draft, ajv);
  }
  return ajv;
}

/** Keywords that only exist from 2019-09 on: a schema using them means that draft or later. */
const LATER_DRAFT_KEYWORDS = [
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentRequired',
  'dependentSchemas',
  'minContains',
  'maxContains',
  '$anchor',
  '$recursiveRef',
  '$dynamicRef',
];

/**
 * The draft a schema is read under: the one its `$schema` declares. Undeclared, a schema that
 * uses keywords of a later draft is read under that draft (so `dependentRequired` and
 * `unevaluatedProperties` are enforced, not ignored as unknown draft-07 keywords); otherwise
 * draft-07, which reads the same as later drafts for everything else except the array form
 * of `items`.
 */
export function draftOf(schema: Record<string, unknown>): Draft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (declared.includes('2020-12')) return '2020';
  if (declared.includes('2019-09')) return '2019';
  if (declared) return '07';
  const text = JSON.stringify(schema);
  if (text.includes('"prefixItems"') || text.includes('"$dynamicRef"')) return '2020';
  if (LATER_DRAFT_KEYWORDS.some((keyword) => text.includes(`"${keyword}"`))) {
    // 2019-09 still has the array form of items; 2020-12 calls it prefixItems.
    return /"items":\[/.test(text) || text.includes('"$recursiveRef"') ? '2019' : '2020';
  }
  return '07';
}

const byIdentity = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

function compile(schema: unknown): ValidateFunction {
  if (typeof schema === 'object' && schema !== null) {
    const known = byIdentity.get(schema);
    if (known) return known;
  }
  const text = JSON.stringify(schema);
  let validate = byText.get(text);
  if (!validate) {
    if (typeof schema === 'boolean') {
      validate = ajvFor('07').compile(schema);
    } else {
      const record = { ...(schema as Record<string, unknown>) };
      const draft = draftOf(record);
      // The draft is chosen above; ajv would otherwise look the meta-schema up and may not have it.
      delete record.$schema;
      // $id would register the schema globally in the shared ajv instance and clash on recompiles.
      delete record.$id;
      validate = ajvFor(draft).compile(record);
    }
    if (byText.size >= MAX_CACHED) {
      const oldest = byText.keys().next().value;
      if (oldest !== undefined) byText.delete(oldest);
    }
    byText.set(text, validate);
  }
  if (typeof schema === 'object' && schema !== null) byIdentity.set(schema, validate);
  return validate;
}

/** "/a/0/b" -> "a.0.b"; a missing required property points at the property itself. */
function pathOf(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
    parts.push(error.params.missingProperty);
  }
  return parts.join('.');
}

export function validateToolArgs(schema: unknown, args: unknown): ValidateArgsResult {
  const effective = schema === undefined || schema === null ? { type: 'object' } : schema;
  let validate: ValidateFunction;
  try {
    validate = compile(effective);
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `the tool's input schema could not be compiled: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  if (validate(args)) return { ok: true };
  const errors = (validate.errors ?? []).map((error) => ({
    path: pathOf(error),
    message:
      error.keyword === 'additionalProperties' &&
      typeof error.params.additionalProperty === 'string'
        ? `${error.message ?? 'is invalid'} '${error.params.additionalProperty}'`
        : (error.message ?? 'is invalid'),
  }));
  return { ok: false, errors };
}
