import { z } from 'zod';

/**
 * The claims checker's boundary (issue 11): one agent utterance, the caller's latest words, the
 * call's tools and the ledger of its tool calls so far, in; each claim found and the utterance's
 * verdict, out. The same shapes are the lines of `npm run claims:check`.
 */

export const ClaimTool = z.object({
  name: z.string().min(1),
  server: z.string().default(''),
  description: z.string().default(''),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
export type ClaimTool = z.input<typeof ClaimTool>;

export const LedgerState = z.enum([
  'done',
  'failed',
  'denied',
  'cancelled',
  'executing',
  'awaiting_confirmation',
]);
export type LedgerState = z.infer<typeof LedgerState>;

export const LedgerEntry = z.object({
  /** the model's call_id, when the ledger comes from a call (the agent); files may omit it */
  toolCallId: z.string().min(1).optional(),
  tool: z.string().min(1),
  state: LedgerState,
  /** how many caller turns ago the call was made (0: in reply to the latest words) */
  turnsAgo: z.number().int().nonnegative().default(0),
  args: z.record(z.string(), z.unknown()).optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type LedgerEntry = z.input<typeof LedgerEntry>;

export const ClaimCheckInput = z.object({
  text: z.string(),
  user: z.string().default(''),
  tools: z.array(ClaimTool),
  ledger: z.array(LedgerEntry).default([]),
});
export type ClaimCheckInput = z.input<typeof ClaimCheckInput>;

export const ClaimVerdict = z.enum(['supported', 'unsupported', 'contradicted']);
export type ClaimVerdict = z.infer<typeof ClaimVerdict>;

export const UtteranceVerdict = z.enum(['none', 'supported', 'unsupported', 'contradicted']);
export type UtteranceVerdict = z.infer<typeof UtteranceVerdict>;

export const ClaimKind = z.enum(['action', 'result']);
export type ClaimKind = z.infer<typeof ClaimKind>;

export const FoundClaim = z.object({
  /** the claim's own words, as said */
  text: z.string(),
  /** the tool it needs (the best match); `tools` when several could have done it */
  tool: z.string(),
  tools: z.array(z.string()),
  kind: ClaimKind,
  verdict: ClaimVerdict,
  /** the calls it rests on (supported) or contradicts (contradicted), by ledger position */
  ledger: z.array(z.number().int().nonnegative()),
  /** the same calls by `toolCallId`, where the ledger carries them */
  toolCallIds: z.array(z.string()),
});
export type FoundClaim = z.infer<typeof FoundClaim>;

export interface ClaimCheckResult {
  verdict: UtteranceVerdict;
  claims: FoundClaim[];
}

const RANK: Record<UtteranceVerdict, number> = {
  none: 0,
  supported: 1,
  unsupported: 2,
  contradicted: 3,
};

/** The worst of the claims' verdicts: contradicted > unsupported > supported > none. */
export function worstVerdict(verdicts: readonly UtteranceVerdict[]): UtteranceVerdict {
  return verdicts.reduce<UtteranceVerdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'none');
}

export const isFlagged = (v: UtteranceVerdict) => v === 'unsupported' || v === 'contradicted';
