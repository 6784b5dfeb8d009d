import type { CallView, ClaimMark, ClaimSummary, ToolCallEntry, TranscriptEntry } from './reducer';
import type { ClaimCheckAction, ClaimCheckVerdict, ToolCallState } from './schema';

/**
 * What an agent bubble shows of the claims found in it (issue 11), derived from the reducer's
 * view alone, so the live panel, the live monitor and the review page say the same. The words
 * come from each claim_check's fields (verdict, tool, toolCallIds) held against the view's own
 * tool calls as they were when the claim was checked; the agent's ledger fact is the fallback
 * when the view lacks those calls (a gap in the events).
 */

/** A tool call a claim rests on (backed) or contradicts, as the view holds it. */
export interface ClaimToolLink {
  /** the tool call's entry key in view.entries: the row to scroll to */
  entryKey: string;
  toolCallId: string;
  tool: string;
  /** its state when the claim was checked */
  state: ToolCallState;
}

export interface ClaimNote {
  key: string;
  verdict: ClaimCheckVerdict;
  backed: boolean;
  /** the claim's own words */
  words: string;
  /** what the tool calls say about it: "no send_email call ran", "reserveTable was denied" */
  reason: string;
  toolCalls: ClaimToolLink[];
  action: ClaimCheckAction;
}

export interface BubbleClaims {
  notes: ClaimNote[];
  /** the bubble is the agent's correction of an earlier unbacked claim */
  correction: boolean;
  /** the entry key of the bubble whose claim this one corrects */
  corrects?: string;
  /** the entry key of the bubble that corrects this one's claim */
  correctedBy?: string;
}

const isAgentBubble = (e: CallView['entries'][number]): e is TranscriptEntry =>
  e.kind === 'transcript' && e.role === 'agent';

/**
 * For every agent bubble with something to show: its claims and whether it is, or has, a
 * correction. The agent asks for at most one correction per segment and the next agent segment
 * is it, so a bubble after one with a `corrected` claim is that correction.
 */
export function markClaims(view: CallView): Map<string, BubbleClaims> {
  const bySegment = new Map<string, ClaimMark[]>();
  for (const c of view.claims)
    bySegment.set(c.segmentId, [...(bySegment.get(c.segmentId) ?? []), c]);
  const tools = new Map<string, ToolCallEntry>();
  for (const e of view.entries) if (e.kind === 'tool_call') tools.set(e.toolCallId, e);

  const marks = new Map<string, BubbleClaims>();
  let previous: { key: string; asked: boolean } | null = null;
  for (const entry of view.entries) {
    if (!isAgentBubble(entry)) continue;
    const claims = entry.segmentIds.flatMap((id) => bySegment.get(id) ?? []);
    const notes = claims.map((c) => noteFor(c, view, tools));
    const corrects = previous?.asked ? previous.key : undefined;
    const correction = corrects !== undefined || claims.some((c) => c.correction);
    if (corrects !== undefined) {
      const before = marks.get(corrects);
      if (before) before.correctedBy = entry.key;
    }
    if (notes.length > 0 || correction)
      marks.set(entry.key, { notes, correction, ...(corrects ? { corrects } : {}) });
    previous = { key: entry.key, asked: claims.some((c) => c.action === 'corrected') };
  }
  return marks;
}

function noteFor(claim: ClaimMark, view: CallView, tools: Map<string, ToolCallEntry>): ClaimNote {
  const links = claim.toolCallIds.flatMap((id) => {
    const entry = tools.get(id);
    return entry ? [linkFor(entry, claim.seq)] : [];
  });
  return {
    key: claim.key,
    verdict: claim.verdict,
    backed: claim.verdict === 'supported',
    words: claim.text,
    // A sentence ends after it: an error message's own full stop would double it.
    reason: reasonFor(claim, links, view).replace(/[\s.]+$/, ''),
    toolCalls: links,
    action: claim.action,
  };
}

/** The call's state as of the claim (a later retry must not rewrite what the claim was held against). */
function linkFor(entry: ToolCallEntry, claimSeq: number): ClaimToolLink {
  const before = entry.steps.filter((s) => s.seq < claimSeq).at(-1);
  return {
    entryKey: entry.key,
    toolCallId: entry.toolCallId,
    tool: entry.tool,
    state: before?.state ?? entry.state,
  };
}

function reasonFor(claim: ClaimMark, links: ClaimToolLink[], view: CallView): string {
  const tool = claim.tool;
  switch (claim.verdict) {
    case 'supported':
      return links.length > 0
        ? `backed by ${links.length === 1 ? `the ${tool} call` : `${links.length} ${tool} calls`}`
        : (claim.fact ?? `backed by a ${tool} call`);
    case 'contradicted': {
      const failed = links.filter((l) => l.state === 'failed').at(-1);
      const entry = failed ? findTool(view, failed.entryKey) : undefined;
      if (!entry?.error) return claim.fact ?? `the ${tool} call did not do it`;
      if (entry.error.code === 'denied') return `${entry.tool} was denied`;
      if (entry.error.code === 'cancelled') return `${entry.tool} was cancelled`;
      return `${entry.tool} failed (${entry.error.code}): ${entry.error.message}`;
    }
    case 'unsupported': {
      // The calls of that tool the view had when the claim was checked.
      const earlier = view.entries.flatMap((e) =>
        e.kind === 'tool_call' && e.tool === tool && e.seq < claim.seq
          ? [linkFor(e, claim.seq)]
          : [],
      );
      if (earlier.some((l) => l.state === 'awaiting_confirmation'))
        return `${tool} was still waiting for the caller's confirmation`;
      if (earlier.some((l) => l.state === 'requested' || l.state === 'executing'))
        return `${tool} had not finished`;
      if (earlier.some((l) => l.state === 'done')) return `no ${tool} call did that`;
      if (earlier.length > 0) return `no ${tool} call succeeded`;
      return `no ${tool} call ran`;
    }
  }
}

function findTool(view: CallView, key: string): ToolCallEntry | undefined {
  const entry = view.entries.find((e) => e.key === key);
  return entry?.kind === 'tool_call' ? entry : undefined;
}

export interface ClaimSummaryText {
  /** "4 claims: 3 backed by tool results, 1 not." */
  headline: string;
  /** the unbacked ones by kind, and what the agent did about them */
  details: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The review page's count of claims by verdict, in words. */
export function describeClaimSummary(summary: ClaimSummary): ClaimSummaryText {
  if (summary.total === 0)
    return {
      headline: 'No claims: the agent said nothing that only a tool could have done or found.',
      details: [],
    };
  const unbacked = summary.unsupported + summary.contradicted;
  const headline =
    `${plural(summary.total, 'claim', 'claims')}: ` +
    (unbacked === 0
      ? summary.total === 1
        ? 'backed by a tool result.'
        : 'all backed by tool results.'
      : summary.supported === 0
        ? summary.total === 1
          ? 'not backed by any tool result.'
          : 'none backed by tool results.'
        : `${summary.supported} backed by tool results, ${unbacked} not.`);
  const details: string[] = [];
  if (summary.unsupported > 0) details.push(`${summary.unsupported} with no tool call behind it`);
  if (summary.contradicted > 0) details.push(`${summary.contradicted} contradicted by a tool call`);
  if (unbacked > 0)
    details.push(
      summary.corrected === 0
        ? 'the agent was not asked to correct itself'
        : `the agent was asked to correct itself ${summary.corrected === 1 ? 'once' : `${summary.corrected} times`}`,
    );
  return { headline, details };
}
