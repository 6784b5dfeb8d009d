import { z } from 'zod';
import { checkClaims } from './checker';
import { ClaimCheckInput } from './types';

/**
 * `claims:check`'s line format: one case a line in, one verdict a line out, in order. A line
 * that is not a case gets an error line naming its id (or its line number) and the rest are
 * still checked.
 */

export const ClaimCase = ClaimCheckInput.extend({ id: z.string().min(1) });

export type ClaimCaseOutput =
  | { id: string; verdict: string; claims: { text: string; tool: string; verdict: string }[] }
  | { id?: string; line: number; error: string };

export function checkCaseLine(line: string, lineNumber: number): ClaimCaseOutput | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { line: lineNumber, error: `not JSON: ${(e as Error).message}` };
  }
  const id =
    value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
      ? (value as { id: string }).id
      : undefined;
  const parsed = ClaimCase.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(case)'}: ${i.message}`)
      .join('; ');
    return { ...(id ? { id } : {}), line: lineNumber, error: problems };
  }
  const result = checkClaims(parsed.data);
  return {
    id: parsed.data.id,
    verdict: result.verdict,
    claims: result.claims.map((c) => ({ text: c.text, tool: c.tool, verdict: c.verdict })),
  };
}

export function checkCaseLines(text: string): ClaimCaseOutput[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    const out = checkCaseLine(line, i + 1);
    return out ? [out] : [];
  });
}
