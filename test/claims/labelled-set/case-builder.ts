/**
 * Turns the hand-written domains into labelled cases in the `claims:check` format. A claim's
 * expected verdict follows from the ledger variant it is paired with, as issue 11 defines it:
 * a done matching call backs it; only failed, denied or cancelled ones contradict it; none, one
 * still running or awaiting confirmation, another tool's call, or a call about something else
 * leave it unsupported. Words that claim nothing are `none` whatever the ledger says.
 */
export interface CaseTool {
  name: string;
  server: string;
  description: string;
  annotations?: Record<string, unknown>;
}

export type Variant =
  | 'none'
  | 'done'
  | 'earlier'
  | 'failed'
  | 'denied'
  | 'cancelled'
  | 'executing'
  | 'awaiting'
  | 'other'
  | 'wrongEntity';

export interface ClaimSpec {
  text: string;
  tool: string;
  user?: string;
  /** comma-separated variants */
  variants: string;
  args?: Record<string, unknown>;
  result?: string;
  /** for wrongEntity: a done call of the same tool about something else */
  wrong?: { args: Record<string, unknown>; result?: string };
}

export interface NoneSpec {
  text: string;
  user?: string;
  /** a ledger to show it does not matter: the domain's first tool in that state */
  ledger?: Variant;
}

export interface Domain {
  name: string;
  tools: CaseTool[];
  args: Record<string, Record<string, unknown>>;
  results?: Record<string, string>;
  user: string;
  claims: ClaimSpec[];
  none: NoneSpec[];
}

export interface LedgerEntry {
  tool: string;
  state: 'done' | 'failed' | 'denied' | 'cancelled' | 'executing' | 'awaiting_confirmation';
  turnsAgo: number;
  args?: Record<string, unknown>;
  result?: unknown;
  error?: { code: string; message: string };
}

export interface LabelledCase {
  id: string;
  text: string;
  user: string;
  tools: CaseTool[];
  ledger: LedgerEntry[];
  expect: 'none' | 'supported' | 'unsupported' | 'contradicted';
  expectTool?: string;
}

const ERRORS: Record<string, { code: string; message: string }> = {
  failed: { code: 'timeout', message: 'the server did not answer within 10 s' },
  denied: { code: 'denied', message: 'the caller said no' },
  cancelled: { code: 'cancelled', message: 'the call was interrupted' },
};

const EXPECT: Record<Variant, LabelledCase['expect']> = {
  none: 'unsupported',
  done: 'supported',
  earlier: 'supported',
  failed: 'contradicted',
  denied: 'contradicted',
  cancelled: 'contradicted',
  executing: 'unsupported',
  awaiting: 'unsupported',
  other: 'unsupported',
  wrongEntity: 'unsupported',
};

function entry(
  domain: Domain,
  tool: string,
  variant: Variant,
  over: { args?: Record<string, unknown>; result?: string } = {},
): LedgerEntry {
  const args = over.args ?? domain.args[tool] ?? {};
  const result = over.result ?? domain.results?.[tool] ?? '{"ok":true}';
  switch (variant) {
    case 'done':
      return { tool, state: 'done', turnsAgo: 0, args, result };
    case 'earlier':
      return { tool, state: 'done', turnsAgo: 2, args, result };
    case 'failed':
    case 'denied':
    case 'cancelled':
      return { tool, state: 'failed', turnsAgo: 0, args, error: ERRORS[variant]! };
    case 'executing':
      return { tool, state: 'executing', turnsAgo: 0, args };
    case 'awaiting':
      return { tool, state: 'awaiting_confirmation', turnsAgo: 0, args };
    default:
      throw new Error(`no ledger entry for ${variant}`);
  }
}

function ledgerFor(domain: Domain, claim: ClaimSpec, variant: Variant): LedgerEntry[] {
  if (variant === 'none') return [];
  if (variant === 'other') {
    const other = domain.tools.find((t) => t.name !== claim.tool)!;
    return [entry(domain, other.name, 'done')];
  }
  if (variant === 'wrongEntity') return [entry(domain, claim.tool, 'done', claim.wrong)];
  const base = entry(domain, claim.tool, variant, claim);
  // The contract says denied/cancelled calls end `failed` with that code; the checker's input
  // also allows the states by name, so both spellings are in the set.
  if (variant === 'denied' && domain.name.length % 2 === 0) return [{ ...base, state: 'denied' }];
  if (variant === 'cancelled' && domain.name.length % 2 === 0)
    return [{ ...base, state: 'cancelled' }];
  return [base];
}

export function buildCases(domains: Domain[]): LabelledCase[] {
  const cases: LabelledCase[] = [];
  for (const domain of domains) {
    let n = 0;
    for (const claim of domain.claims) {
      for (const v of claim.variants.split(',') as Variant[]) {
        n += 1;
        cases.push({
          id: `${domain.name}-${n}`,
          text: claim.text,
          user: claim.user ?? domain.user,
          tools: domain.tools,
          ledger: ledgerFor(domain, claim, v),
          expect: EXPECT[v],
          expectTool: claim.tool,
        });
      }
    }
    for (const none of domain.none) {
      n += 1;
      const ledger =
        none.ledger && none.ledger !== 'none'
          ? [
              entry(
                domain,
                domain.tools[0]!.name,
                none.ledger === 'denied' ? 'denied' : none.ledger,
              ),
            ]
          : [];
      cases.push({
        id: `${domain.name}-${n}`,
        text: none.text,
        user: none.user ?? domain.user,
        tools: domain.tools,
        ledger,
        expect: 'none',
      });
    }
  }
  return cases;
}
