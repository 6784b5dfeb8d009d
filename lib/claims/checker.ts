import { buildCatalog, type Catalog, type ToolProfile } from './catalog';
import { english } from './english';
import type { Clause, LanguagePack } from './language-pack';
import {
  ClaimCheckInput,
  worstVerdict,
  type ClaimCheckResult,
  type ClaimKind,
  type ClaimTool,
  type ClaimVerdict,
  type FoundClaim,
  type LedgerEntry,
} from './types';

/**
 * The claims checker (issue 11): pure and deterministic. A clause that states as done or as so
 * something one of the call's tools does or finds is a claim; the ledger then says whether a done
 * call backs it, failed ones contradict it, or nothing does.
 */

const MIN_SCORE = 1.5;
const FAILED_STATES = new Set(['failed', 'denied', 'cancelled']);

type Ledger = ReturnType<typeof ClaimCheckInput.parse>['ledger'];

export interface ClaimChecker {
  check(input: { text: string; user?: string; ledger?: readonly LedgerEntry[] }): ClaimCheckResult;
}

/** One checker per call: the catalog is read once, each utterance is then cheap. */
export function createClaimChecker(
  tools: readonly ClaimTool[],
  pack: LanguagePack = english,
): ClaimChecker {
  const catalog = buildCatalog(tools, pack);
  return {
    check(input) {
      const parsed = ClaimCheckInput.parse({ ...input, tools: [] });
      return checkWithCatalog(catalog, parsed.text, parsed.user, parsed.ledger);
    },
  };
}

const catalogs = new Map<string, Catalog>();

/** Checks one case; catalogs are kept by content, so many cases over one tool set share one. */
export function checkClaims(
  input: ClaimCheckInput,
  pack: LanguagePack = english,
): ClaimCheckResult {
  const parsed = ClaimCheckInput.parse(input);
  const key = `${pack.id}\u0000${JSON.stringify(parsed.tools)}`;
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = buildCatalog(parsed.tools, pack);
    if (catalogs.size > 200) catalogs.clear();
    catalogs.set(key, catalog);
  }
  return checkWithCatalog(catalog, parsed.text, parsed.user, parsed.ledger);
}

interface Match {
  tools: ToolProfile[];
  kind: ClaimKind;
}

function score(tool: ToolProfile, lemmas: Iterable<string>, pack: LanguagePack): number {
  let total = 0;
  const seen = new Set<string>();
  for (const l of lemmas) {
    if (seen.has(l) || pack.stopwords.has(l) || pack.lightVerbs.has(l)) continue;
    seen.add(l);
    total += tool.words.get(l) ?? 0;
  }
  return total;
}

function best(scored: { tool: ToolProfile; score: number }[]): ToolProfile[] {
  const top = Math.max(0, ...scored.map((s) => s.score));
  if (top < MIN_SCORE) return [];
  return scored.filter((s) => s.score >= top - 0.01).map((s) => s.tool);
}

function userLemmas(catalog: Catalog, user: string): string[] {
  return (user.toLowerCase().match(/[\p{L}]+/gu) ?? []).map(catalog.lemma);
}

function matchClause(
  catalog: Catalog,
  clause: Clause,
  user: string[],
  ledger: Ledger,
): Match | null {
  const { pack } = catalog;
  const lemmas = clause.words.map((w) => w.lemma);
  const all = new Set([...lemmas, ...clause.words.map((w) => w.surface)]);
  const scored = catalog.tools.map((tool) => {
    let s = score(tool, all, pack);
    if (tool.kind === 'compute' && clause.hasNumber) {
      const said = [...all, ...user];
      if (said.some((w) => pack.computeWords.has(w) || (tool.words.get(w) ?? 0) >= 1.5)) s += 2;
    }
    if (tool.kind === 'translate')
      s = clause.hasQuote || [...all].some((w) => pack.translateWords.has(w)) ? s + 3 : 0;
    // A state said as so ("the lights are off") is an action's claim; a fact a lookup's.
    return { tool, score: s };
  });
  // "I found two emails", "I looked it up": a finding verb is a lookup's, not an action's.
  const finding = clause.words.some(
    (w) => w.verb && pack.lookupVerbs.has(w.lemma) && !pack.lightVerbs.has(w.lemma),
  );
  let tools = best(finding ? scored.filter((s) => s.tool.kind !== 'action') : scored);
  if (tools.length === 0 && (clause.bareCompletion || clause.negativeResult)) {
    // "Done", "all set", "I couldn't find anything": about what the caller just asked for.
    const pool = clause.negativeResult
      ? catalog.tools.filter((t) => t.kind === 'lookup')
      : catalog.tools;
    tools = best(pool.map((tool) => ({ tool, score: score(tool, user, pack) })));
    if (tools.length === 0) {
      const recent = new Set(ledger.filter((e) => e.turnsAgo === 0).map((e) => e.tool));
      tools = pool.filter((t) => recent.has(t.name));
    }
  }
  if (tools.length === 0) return null;
  if (tools.length > 1) {
    // Ties: what the caller asked for decides, then what ran.
    const byUser = best(tools.map((tool) => ({ tool, score: score(tool, user, pack) })));
    if (byUser.length) tools = byUser;
  }
  const kind: ClaimKind =
    clause.mode === 'done' && tools.some((t) => t.kind === 'action') ? 'action' : 'result';
  return { tools, kind };
}

/** a value that names something: "Paris", "Pat Kim", "lena@example.com" (not ids, not sentences) */
const NAME_LIKE = /^(\p{Lu}[\p{L}'’-]*)(\s\p{Lu}[\p{L}'’-]*)*$|^[^\s@]+@[^\s@]+$/u;

function namesSomething(value: unknown): boolean {
  if (typeof value === 'string') return NAME_LIKE.test(value.trim());
  if (Array.isArray(value)) return value.some(namesSomething);
  if (value && typeof value === 'object') return Object.values(value).some(namesSomething);
  return false;
}

/**
 * Whether a done call was about what the clause names ("in Lyon" is not backed by Paris's
 * weather). Only when the call's arguments name something can they disagree; ids cannot.
 */
function mentions(
  entry: Ledger[number],
  tool: ToolProfile | undefined,
  entities: string[],
): boolean {
  if (entities.length === 0 || !namesSomething(entry.args)) return true;
  const hay =
    `${JSON.stringify(entry.args ?? {})} ${typeof entry.result === 'string' ? entry.result : JSON.stringify(entry.result ?? '')} ${tool?.ownText ?? ''}`.toLowerCase();
  return entities.some(
    (e) => hay.includes(e.toLowerCase()) || hay.includes(e.split(' ')[0]!.toLowerCase()),
  );
}

function judge(
  match: Match,
  clause: Clause,
  ledger: Ledger,
): { verdict: ClaimVerdict; ledger: number[] } {
  const names = new Set(match.tools.map((t) => t.name));
  const rows = ledger
    .map((entry, index) => ({ entry, index }))
    .filter((r) => names.has(r.entry.tool));
  const profile = (name: string) => match.tools.find((t) => t.name === name);
  const done = rows.filter(
    (r) => r.entry.state === 'done' && mentions(r.entry, profile(r.entry.tool), clause.entities),
  );
  if (done.length) return { verdict: 'supported', ledger: done.map((r) => r.index) };
  const failed = rows.filter((r) => FAILED_STATES.has(r.entry.state));
  if (failed.length) return { verdict: 'contradicted', ledger: failed.map((r) => r.index) };
  const pending = rows.filter(
    (r) => r.entry.state === 'executing' || r.entry.state === 'awaiting_confirmation',
  );
  return { verdict: 'unsupported', ledger: pending.map((r) => r.index) };
}

function checkWithCatalog(
  catalog: Catalog,
  text: string,
  user: string,
  ledger: Ledger,
): ClaimCheckResult {
  const clauses = catalog.pack.clauses(text, catalog.lemma);
  const said = userLemmas(catalog, user);
  const claims: FoundClaim[] = [];
  let last: { claim: FoundClaim; end: number } | null = null;
  for (const clause of clauses) {
    if (clause.mode === 'none') {
      last = null;
      continue;
    }
    const match = matchClause(catalog, clause, said, ledger);
    if (!match) {
      last = null;
      continue;
    }
    const outcome = judge(match, clause, ledger);
    const toolNames = match.tools.map((t) => t.name);
    const claim: FoundClaim = {
      text: clause.text,
      tool: toolNames[0]!,
      tools: toolNames,
      kind: match.kind,
      verdict: outcome.verdict,
      ledger: outcome.ledger,
      toolCallIds: outcome.ledger.flatMap((i) =>
        ledger[i]?.toolCallId ? [ledger[i]!.toolCallId!] : [],
      ),
    };
    const start = text.indexOf(clause.text, last?.end ?? 0);
    // Neighbouring clauses about the same tool are one claim ("Done, it's sent").
    if (last && last.claim.tool === claim.tool && last.claim.verdict === claim.verdict) {
      const from = text.indexOf(last.claim.text);
      last.claim.text = text.slice(from, start + clause.text.length);
      last.end = start + clause.text.length;
      continue;
    }
    claims.push(claim);
    last = { claim, end: start + clause.text.length };
  }
  return { verdict: worstVerdict(claims.map((c) => c.verdict)), claims };
}
