import { z } from 'zod';
import { AppError } from '../errors';
import { parseJson } from '../json';
import { seal, unseal } from '../seal';

/**
 * Named secret values as stored on a row (MCP header values, a local server's environment):
 * a JSON array of { name, sealed }. Names may be shown; values leave only through unsealPairs.
 */
const SealedPairs = z.array(z.object({ name: z.string().min(1), sealed: z.string() }));
type SealedPair = z.infer<typeof SealedPairs>[number];

/** The stored pairs, or undefined when the column does not hold that shape. */
export function readSealedPairs(raw: string): SealedPair[] | undefined {
  const parsed = SealedPairs.safeParse(parseJson(raw) ?? []);
  return parsed.success ? parsed.data : undefined;
}

export function pairNames(raw: string): string[] {
  return (readSealedPairs(raw) ?? []).map(({ name }) => name);
}

export function sealPairs(values: Record<string, string>, sealKey: Buffer): string {
  const sealed: SealedPair[] = Object.entries(values).map(([name, value]) => ({
    name,
    sealed: seal(value, sealKey),
  }));
  return JSON.stringify(sealed);
}

/** Throws when a value cannot be unsealed (another SEAL_KEY); a malformed column reads as none. */
export function unsealPairs(raw: string, sealKey: Buffer): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name, sealed } of readSealedPairs(raw) ?? []) values[name] = unseal(sealed, sealKey);
  return values;
}

export type HeaderInput = { name: string; value: string } | { name: string; keep: true };

/** The headers an edit asks for: kept ones take their current value, the rest their new one. */
export function mergeHeaderInputs({
  current,
  inputs,
  field = 'headers',
}: {
  current: Record<string, string>;
  inputs: HeaderInput[];
  /** the form field an unknown kept name is reported on (headers, env) */
  field?: string;
}): Record<string, string> {
  const byLowerName = new Map(Object.entries(current).map(([name, v]) => [name.toLowerCase(), v]));
  const merged: Record<string, string> = {};
  for (const input of inputs) {
    if ('keep' in input) {
      const value = byLowerName.get(input.name.toLowerCase());
      if (value === undefined) {
        throw new AppError('invalid_input', `There is no stored value for "${input.name}".`, {
          field,
        });
      }
      merged[input.name] = value;
    } else merged[input.name] = input.value;
  }
  return merged;
}
