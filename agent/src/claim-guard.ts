import type { CallEvent, ClaimCheckEvent, ToolCallEvent } from '@/lib/call-events/schema';
import { createClaimChecker, type FoundClaim, type LedgerEntry } from '@/lib/claims';
import type { CallToolConfig } from '@/lib/db/call-config';
import type { Logger } from './logger';
import { parseJson } from '@/lib/json';

/**
 * What the agent says, held against what ran (issue 11): every agent segment is checked with
 * lib/claims against this call's tool calls so far, each claim is published and stored as a
 * `claim_check`, and an unbacked one (unsupported, contradicted) is, when the profile says
 * "flag and correct", interrupted if still being said and corrected by the agent itself, with
 * instructions naming the claim and the ledger's fact. One correction per segment; the words of
 * a correction are checked and recorded, never corrected again.
 */

export type UnbackedClaimsPolicy = 'flag' | 'correct';

export interface ClaimGuardOptions {
  tools: readonly CallToolConfig[];
  policy: UnbackedClaimsPolicy;
  emitter: {
    emit(body: Omit<ClaimCheckEvent, 'v' | 'callId' | 'seq' | 'ts'>): void;
    onEvent(listener: (event: CallEvent) => void): () => void;
  };
  /** stops the agent's current speech (the framework's session.interrupt) */
  interrupt(): void;
  /** has the agent say something now, as told (the framework's session.generateReply) */
  reply(instructions: string): void;
  log: Logger;
}

interface Call {
  tool: string;
  state: ToolCallEvent['state'];
  turn: number;
  args?: Record<string, unknown>;
  result?: string;
  error?: { code: string; message: string };
}

/** Streaming text of the speech being said, until its segment (chat item) arrives. */
interface Speech {
  correction: boolean;
  corrected: boolean;
  claims: FoundClaim[];
}

export class ClaimGuard {
  private readonly checker;
  private readonly calls = new Map<string, Call>();
  private userTurns = 0;
  private lastUser = '';
  private speech: Speech | null = null;
  /** a correction was asked for: the next agent segment is it */
  private correctionDue = false;
  private readonly stop: () => void;

  constructor(private readonly options: ClaimGuardOptions) {
    this.checker = createClaimChecker(
      options.tools.map((t) => ({
        name: t.functionName,
        server: t.serverName,
        description: t.description,
      })),
    );
    this.stop = options.emitter.onEvent((event) => this.observe(event));
  }

  close(): void {
    this.stop();
  }

  private observe(event: CallEvent): void {
    if (event.type === 'tool_call') {
      const known = this.calls.get(event.toolCallId);
      const args = parsePreview(event.args?.text, event.args?.truncated);
      this.calls.set(event.toolCallId, {
        tool: event.tool,
        state: event.state,
        turn: known?.turn ?? this.userTurns,
        ...(args && typeof args === 'object' && !Array.isArray(args)
          ? { args: args as Record<string, unknown> }
          : known?.args
            ? { args: known.args }
            : {}),
        ...(event.result ? { result: event.result.text } : {}),
        ...(event.error ? { error: event.error } : {}),
      });
    } else if (event.type === 'transcript' && event.role === 'user' && event.final) {
      this.userTurns += 1;
      this.lastUser = event.text;
    }
  }

  private ledger(): LedgerEntry[] {
    return [...this.calls].map(([toolCallId, c]) => ({
      toolCallId,
      tool: c.tool,
      state: ledgerState(c),
      turnsAgo: Math.max(0, this.userTurns - c.turn),
      ...(c.args ? { args: c.args } : {}),
      ...(c.result !== undefined ? { result: c.result } : {}),
      ...(c.error ? { error: c.error } : {}),
    }));
  }

  private check(text: string): FoundClaim[] {
    try {
      return this.checker.check({ text, user: this.lastUser, ledger: this.ledger() }).claims;
    } catch (error) {
      this.options.log.warn({ error: String(error) }, 'the claims check failed');
      return [];
    }
  }

  /** The agent's words so far in the speech it is saying (the framework's transcription). */
  streaming(text: string): void {
    this.speech ??= { correction: this.takeCorrection(), corrected: false, claims: [] };
    const speech = this.speech;
    const claims = this.check(text);
    for (const c of claims)
      if (!speech.claims.some((s) => s.tool === c.tool && s.verdict === c.verdict))
        speech.claims.push(c);
    const unbacked = claims.find(isUnbacked);
    if (unbacked && this.shouldCorrect(speech)) {
      speech.corrected = true;
      // Still being said: stop it before the sentence ends, then have the agent correct itself.
      this.options.interrupt();
      this.correct(unbacked);
    }
  }

  /** An agent segment as kept (the chat item): checked, recorded, corrected at most once. */
  segment(segmentId: string, text: string): void {
    const speech = this.speech ?? {
      correction: this.takeCorrection(),
      corrected: false,
      claims: [],
    };
    this.speech = null;
    const claims = this.check(text);
    // What was said while streaming counts, even if the kept text was cut by the interruption.
    for (const c of speech.claims)
      if (!claims.some((k) => k.tool === c.tool && k.verdict === c.verdict)) claims.push(c);
    const unbacked = claims.find(isUnbacked);
    if (unbacked && this.shouldCorrect(speech)) {
      speech.corrected = true;
      this.correct(unbacked);
    }
    for (const claim of claims) {
      this.options.emitter.emit({
        type: 'claim_check',
        segmentId,
        text: claim.text,
        verdict: claim.verdict,
        tool: claim.tool,
        toolCallIds: claim.toolCallIds,
        action: !isUnbacked(claim) ? 'recorded' : speech.corrected ? 'corrected' : 'flagged',
        correction: speech.correction,
        fact: this.fact(claim),
      });
    }
  }

  private takeCorrection(): boolean {
    const due = this.correctionDue;
    this.correctionDue = false;
    return due;
  }

  private shouldCorrect(speech: Speech): boolean {
    return this.options.policy === 'correct' && !speech.correction && !speech.corrected;
  }

  private correct(claim: FoundClaim): void {
    this.correctionDue = true;
    const instructions =
      `You just told the caller "${claim.text}". That is not true: ${this.fact(claim)}. ` +
      `Correct yourself to the caller now, in one or two short sentences: say plainly that it was not done` +
      `${claim.verdict === 'contradicted' ? ' and why' : ''}, and offer to do it. Do not claim it again.`;
    try {
      this.options.reply(instructions);
    } catch (error) {
      this.options.log.warn({ error: String(error) }, 'could not ask the agent to correct a claim');
    }
  }

  /** The ledger's fact about the claim's tool, in words the model can repeat. */
  private fact(claim: FoundClaim): string {
    const entries = [...this.calls].filter(([, c]) => claim.tools.includes(c.tool));
    const name = `"${claim.tool}"`;
    if (claim.verdict === 'supported') {
      const ids = claim.toolCallIds.join(', ');
      return `${name} ran and is done in this call${ids ? ` (${ids})` : ''}`;
    }
    const failed = entries.filter(([, c]) => c.state === 'failed');
    if (claim.verdict === 'contradicted' && failed.length) {
      const [id, last] = failed.at(-1)!;
      return last.error?.code === 'denied'
        ? `${name} did not run: ${last.error.message} (${id})`
        : `${name} failed: ${last.error?.code ?? 'failed'}: ${last.error?.message ?? 'no detail'} (${id})`;
    }
    const pending = entries.find(([, c]) => c.state !== 'done' && c.state !== 'failed');
    if (pending)
      return pending[1].state === 'awaiting_confirmation'
        ? `${name} is still waiting for the caller's confirmation; it has not run (${pending[0]})`
        : `${name} is still running; it has not finished (${pending[0]})`;
    if (entries.length) return `no ${name} call in this call did what was said`;
    return `no ${name} call ran in this call`;
  }
}

const isUnbacked = (c: FoundClaim) => c.verdict === 'unsupported' || c.verdict === 'contradicted';

function ledgerState(call: Call): LedgerEntry['state'] {
  switch (call.state) {
    case 'done':
      return 'done';
    case 'awaiting_confirmation':
      return 'awaiting_confirmation';
    case 'failed':
      return call.error?.code === 'denied'
        ? 'denied'
        : call.error?.code === 'cancelled'
          ? 'cancelled'
          : 'failed';
    default:
      return 'executing';
  }
}

function parsePreview(text: string | undefined, truncated: boolean | undefined): unknown {
  return truncated ? undefined : parseJson(text);
}
