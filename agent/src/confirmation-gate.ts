import type {
  ConfirmToolResponse,
  ConfirmToolRpcErrorCode,
} from '@/lib/call-events/confirm-tool-rpc';
import type { CallEventBody, ConfirmationDecision } from '@/lib/call-events/schema';
import type { CallToolConfig } from '@/lib/db/call-config';
import { classifyConfirmation } from './confirmation-classifier';
import {
  denialMessage,
  settledAs,
  toModel,
  CONFIRM_ACTION_TOOL,
  type Named,
} from './confirmation-wording';
import type { Logger } from './logger';
import type { ModelReply } from './tool-calls';

export { CONFIRM_ACTION_TOOL };

/**
 * The caller confirms before a sensitive tool runs. This gate decides (approved, denied, timed
 * out, call ended; by whom and how) and records the `confirmation` events; the tool call itself,
 * its `tool_call` events and the MCP request stay with their owner (tool-calls.ts), which hands
 * each waiting call in with what to do on a yes (`run`) and on anything else (`refuse`).
 *
 * Why the tool does not simply wait inside its execute(): with the Realtime model, a function
 * call's execute() runs inside the model's turn. In @livekit/agents 1.9 (voice/agent_activity.js)
 * the turn's speech handle stays in `_backgroundSpeeches` until every execute() settles, the
 * tool's output is committed only then, and the model cannot speak meanwhile (`session.say` needs a
 * TTS; `generateReply` would answer without the call's output). Worse, the caller's spoken answer
 * starts with `speech_started`, which makes the framework interrupt every speech, background ones
 * included (`interrupt()` -> `_interruptBackgroundSpeeches`), and so aborts the very execute()
 * waiting for that answer.
 *
 * So the wait happens outside the model's turn:
 *
 * 1. `ask()`: nothing is sent, a deadline starts (the tool's confirmTimeoutMs), and the model
 *    gets "NOT DONE YET ... Ask the caller exactly: '<question>', then call confirm_action".
 * 2. By voice: the model calls the built-in `confirm_action({decision})`. It resolves the oldest
 *    pending confirmation. A yes counts only when the model says yes AND the caller's own latest
 *    final transcript, heard after the agent spoke again (the question), is a plain yes for the
 *    classifier (confirmation-classifier.ts). A no from either side denies. Anything else is
 *    unclear: the model is told to ask once more; a second unclear answer denies. Never yes by
 *    default, never yes without the caller's words.
 * 3. By button: the caller's Approve / Deny arrives as a LiveKit RPC (confirm-tool-rpc.ts),
 *    accepted only from the call's caller (the LiveKit identity the console mints is the user id,
 *    the Call row's userId).
 * 4. Yes: a `confirmation` event (approved, via, by), then the owner runs the call; by voice the
 *    confirm_action output is the real result or error, by button the model is told the outcome
 *    (generateReply instructions). No / timeout / call end: a `confirmation` event (denied |
 *    timeout | call_ended), then the owner fails the call `denied`; the MCP server is never
 *    called. The model is told; at call end there is no one left to tell.
 */
export const DEFAULT_TRANSCRIPT_GRACE_MS = 2_000;

/** One call waiting for the caller, handed in by its owner. */
export interface ConfirmationAsk {
  toolCallId: string;
  tool: Pick<CallToolConfig, 'functionName' | 'serverName' | 'confirmTimeoutMs'>;
  /** built from the very arguments that will be sent (confirmation-question.ts) */
  question: string;
  /** the caller said yes: the owner runs the call and resolves with what the model is told */
  run(): Promise<ModelReply>;
  /** no, no answer or the call's end: the owner fails the call `denied` with this message */
  refuse(message: string): void;
}

export class ConfirmationRefused extends Error {
  constructor(
    readonly code: ConfirmToolRpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConfirmationRefused';
  }
}

export interface ConfirmationGateOptions {
  /** the call's caller (Call.userId), the only one whose button decisions count */
  callerId: string;
  emitter: { emit(body: CallEventBody): void };
  /** asks the model to speak with these instructions (session.generateReply) */
  tellModel: (instructions: string) => void;
  log: Logger;
  transcriptGraceMs?: number;
}

interface Pending {
  ask: ConfirmationAsk;
  named: Named;
  /** mark of the agent's first speech after the request (the question); answers must follow it */
  askedAt: number | undefined;
  unclearAnswers: number;
  timer: NodeJS.Timeout;
}

type Via = 'voice' | 'button' | 'system';

export class ConfirmationGate {
  /** insertion order is request order: the first is the oldest */
  private readonly pending = new Map<string, Pending>();
  /** what became of each decided call, for a confirm_action that comes late */
  private readonly settled = new Map<string, string>();
  private mark = 0;
  private lastHeard: { mark: number; text: string } | undefined;
  private readonly heardListeners = new Set<() => void>();
  private ended = false;

  constructor(private readonly options: ConfirmationGateOptions) {}

  /** Puts a call to the caller; returns the tool's output for the model (ask first). */
  ask(ask: ConfirmationAsk): string {
    const named = { name: `"${ask.tool.functionName}"`, serverName: ask.tool.serverName };
    this.pending.set(ask.toolCallId, {
      ask,
      named,
      askedAt: undefined,
      unclearAnswers: 0,
      timer: this.startTimer(ask),
    });
    return toModel.askCaller(named, ask.question);
  }

  /** the agent started speaking or said something (the question is asked by the agent's next turn) */
  heardAgent(): void {
    this.mark += 1;
    const oldest = this.oldest();
    if (oldest && oldest.askedAt === undefined) oldest.askedAt = this.mark;
  }

  /** a final transcript of the caller's own words (spoken or typed) */
  heardCaller(text: string): void {
    if (!text.trim()) return;
    this.mark += 1;
    this.lastHeard = { mark: this.mark, text: text.trim() };
    for (const listener of [...this.heardListeners]) listener();
  }

  /** confirm_action: the model reports the caller's answer to the oldest pending confirmation */
  async answerFromModel(
    decision: 'yes' | 'no' | 'unclear',
    context: { abortSignal: AbortSignal },
  ): Promise<ModelReply> {
    const entry = this.oldest();
    if (!entry) return said(toModel.nothingPending([...this.settled.values()].at(-1)));
    if (decision !== 'no' && !this.answerSince(entry))
      await this.waitForAnswer(entry, context.abortSignal);
    const { toolCallId, question } = entry.ask;
    if (this.pending.get(toolCallId) !== entry)
      return said(toModel.alreadyDecided(this.settled.get(toolCallId), this.nextQuestion()));
    // The framework dropped this confirm_action (the caller spoke over it): decide nothing; the
    // model hears the caller again and asks again.
    if (context.abortSignal.aborted) return said('cancelled');
    const heard = this.answerSince(entry);
    const verdict = classifyConfirmation(heard?.text);
    const caller = this.options.callerId;

    if (decision === 'no' || verdict === 'no') {
      const message = denialMessage.declined(entry.named, heard?.text);
      this.deny(entry, 'denied', 'voice', caller, message);
      return { ok: false, text: toModel.deniedByVoice(message, this.nextQuestion()) };
    }
    if (!heard) return said(toModel.notAnsweredYet(entry.named, question));
    if (decision === 'yes' && verdict === 'yes') {
      this.approve(entry, 'voice', caller);
      // Once the caller said yes, the action runs to its end (only the call's end aborts it): a
      // barge-in ("yes, thanks!") must not leave a destructive call half-sent. If the framework
      // dropped this confirm_action meanwhile, the model hears the outcome another way.
      const reply = await this.run(entry);
      if (context.abortSignal.aborted) {
        this.options.tellModel(
          reply.ok
            ? toModel.ranAfterVoice(entry.named, reply.text)
            : toModel.failedAfterVoice(entry.named, reply.text),
        );
      }
      return reply.ok ? said(`${reply.text}${this.nextQuestion()}`) : reply;
    }

    entry.unclearAnswers += 1;
    if (entry.unclearAnswers >= 2) {
      const message = denialMessage.unclearTwice(entry.named, heard.text);
      this.deny(entry, 'denied', 'voice', caller, message);
      return { ok: false, text: toModel.deniedByVoice(message, this.nextQuestion()) };
    }
    entry.askedAt = undefined;
    clearTimeout(entry.timer);
    entry.timer = this.startTimer(entry.ask);
    return said(toModel.askOnceMore(entry.named, heard.text, question));
  }

  /** Approve / Deny from the panel (LiveKit RPC); refused unless `by` is the call's caller */
  decideFromButton(input: {
    toolCallId: string;
    decision: 'approve' | 'deny';
    by: string;
  }): ConfirmToolResponse {
    const { toolCallId, decision, by } = input;
    if (by !== this.options.callerId) {
      this.options.log.warn(
        { toolCallId, by },
        'a confirmation from someone who is not the caller was refused',
      );
      throw new ConfirmationRefused(
        'not_caller',
        'Only the caller of this call can approve or deny its actions.',
      );
    }
    const entry = this.pending.get(toolCallId);
    if (!entry) {
      throw new ConfirmationRefused(
        'not_pending',
        this.settled.has(toolCallId)
          ? 'This action was already decided.'
          : 'No action with this id is waiting for confirmation.',
      );
    }
    if (decision === 'deny') {
      this.deny(entry, 'denied', 'button', by, denialMessage.deniedByButton(entry.named));
      this.options.tellModel(toModel.deniedByButton(entry.named, this.nextQuestion()));
      return { toolCallId, decision: 'denied' };
    }
    this.approve(entry, 'button', by);
    void this.run(entry).then((reply) =>
      this.options.tellModel(
        reply.ok
          ? toModel.ranAfterButton(entry.named, reply.text, this.nextQuestion())
          : toModel.failedAfterButton(entry.named, reply.text, this.nextQuestion()),
      ),
    );
    return { toolCallId, decision: 'approved' };
  }

  /** the call ends: every pending confirmation is denied (call_ended) */
  endCall(): void {
    if (this.ended) return;
    this.ended = true;
    for (const entry of [...this.pending.values()])
      this.deny(entry, 'call_ended', 'system', null, denialMessage.callEnded(entry.named));
    for (const listener of [...this.heardListeners]) listener();
  }

  private oldest(): Pending | undefined {
    return this.pending.values().next().value;
  }

  private answerSince(entry: Pending) {
    if (entry.askedAt === undefined || !this.lastHeard) return undefined;
    return this.lastHeard.mark > entry.askedAt ? this.lastHeard : undefined;
  }

  /** the caller's transcript can land after the model's turn: give it a moment */
  private waitForAnswer(entry: Pending, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.heardListeners.delete(check);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const check = () => {
        if (
          this.answerSince(entry) ||
          this.ended ||
          this.pending.get(entry.ask.toolCallId) !== entry
        )
          done();
      };
      const timer = setTimeout(done, this.options.transcriptGraceMs ?? DEFAULT_TRANSCRIPT_GRACE_MS);
      this.heardListeners.add(check);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private startTimer(ask: ConfirmationAsk): NodeJS.Timeout {
    const ms = ask.tool.confirmTimeoutMs;
    return setTimeout(() => this.onTimeout(ask.toolCallId, ms), ms);
  }

  private onTimeout(toolCallId: string, ms: number): void {
    const entry = this.pending.get(toolCallId);
    if (!entry) return;
    const seconds = Math.round(ms / 100) / 10;
    this.deny(entry, 'timeout', 'system', null, denialMessage.timedOut(entry.named, seconds));
    this.options.tellModel(toModel.timedOut(entry.named, seconds, this.nextQuestion()));
  }

  private record(
    entry: Pending,
    decision: ConfirmationDecision,
    via: Via,
    by: string | null,
  ): void {
    this.pending.delete(entry.ask.toolCallId);
    clearTimeout(entry.timer);
    this.options.emitter.emit({
      type: 'confirmation',
      toolCallId: entry.ask.toolCallId,
      decision,
      via,
      by,
    });
  }

  private deny(
    entry: Pending,
    decision: Exclude<ConfirmationDecision, 'approved'>,
    via: Via,
    by: string | null,
    message: string,
  ): void {
    this.record(entry, decision, via, by);
    entry.ask.refuse(message);
    this.settled.set(entry.ask.toolCallId, settledAs.denied(message));
  }

  private approve(entry: Pending, via: Via, by: string): void {
    this.record(entry, 'approved', via, by);
    this.settled.set(entry.ask.toolCallId, settledAs.running(entry.named));
  }

  private async run(entry: Pending): Promise<ModelReply> {
    const reply = await entry.ask.run();
    this.settled.set(
      entry.ask.toolCallId,
      reply.ok ? settledAs.ran(entry.named, reply.text) : settledAs.failed(entry.named, reply.text),
    );
    return reply;
  }

  /** when another call still waits, the model must ask about it next */
  private nextQuestion(): string {
    return toModel.nextQuestion(this.oldest()?.ask.question);
  }
}

function said(text: string): ModelReply {
  return { ok: true, text };
}
