import { llm } from '@livekit/agents';
import { z } from 'zod';
import type {
  ConfirmToolResponse,
  ConfirmToolRpcErrorCode,
} from '@/lib/call-events/confirm-tool-rpc';
import type { CallEventBody, ConfirmationDecision } from '@/lib/call-events/schema';
import { classifyConfirmation } from './confirmation-classifier';
import { buildConfirmationQuestion } from './confirmation-question';
import type { Logger } from './logger';
import { failureText, type BridgeTool, type ConfirmationGate } from './tool-bridge';
import type { ToolCallTracker } from './tool-call-tracker';

/**
 * The caller confirms before a sensitive tool runs.
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
 * 1. The bridge's execute() of a tool marked "needs confirmation" calls `request()`: the tool call
 *    goes requested -> awaiting_confirmation (with the arguments as they will be sent), nothing is
 *    sent to the MCP server, a deadline starts (the tool's confirmTimeoutMs, 30 s by default), and
 *    the model gets "NOT DONE YET ... Ask the caller exactly: '<question built from the args>',
 *    then call confirm_action with their answer".
 * 2. By voice: the model calls the built-in `confirm_action({decision})`. It resolves the oldest
 *    pending confirmation. A yes counts only when the model says yes AND the caller's own latest
 *    final transcript, heard after the agent spoke again (the question), is a plain yes for the
 *    classifier (confirmation-classifier.ts). A no from either side denies. Anything else is
 *    unclear: the model is told to ask once more; a second unclear answer denies. Never yes by
 *    default, never yes without the caller's words.
 * 3. By button: the caller's Approve / Deny arrives as a LiveKit RPC (main.ts maps it to
 *    `decideFromButton`), accepted only from the call's caller (the LiveKit identity the console
 *    mints is the user id, the Call row's userId).
 * 4. Yes: a `confirmation` event (approved, via, by), then executing -> done | failed through the
 *    bridge's normal path with the same arguments; by voice the confirm_action output is the real
 *    result or ToolError, by button the model is told the outcome (generateReply instructions).
 *    No / timeout / call end: a `confirmation` event (denied | timeout | call_ended), then the
 *    tool call fails with `denied`; the MCP server is never called. The model is told (by the
 *    confirm_action output, or generateReply instructions for a button, a timeout); at call end
 *    there is no one left to tell.
 *
 * A plain class, driven by tests without a room.
 */
export const CONFIRM_ACTION_TOOL = 'confirm_action';
export const DEFAULT_CONFIRM_TIMEOUT_MS = 30_000;
/** how long confirm_action waits for the caller's transcript when it has not arrived yet */
export const DEFAULT_TRANSCRIPT_GRACE_MS = 2_000;

export type RunConfirmedTool = (input: {
  tool: BridgeTool;
  toolCallId: string;
  args: Record<string, unknown>;
  signal: AbortSignal;
}) => Promise<string>;

export class ConfirmationRefused extends Error {
  constructor(
    readonly code: ConfirmToolRpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConfirmationRefused';
  }
}

export interface ConfirmationBrokerOptions {
  /** the call's caller (Call.userId), the only one whose button decisions count */
  callerId: string;
  tracker: ToolCallTracker;
  emitter: { emit(body: CallEventBody, detail?: unknown): void };
  /** runs a confirmed call through the bridge (runMcpTool) */
  run: RunConfirmedTool;
  /** asks the model to speak with these instructions (session.generateReply) */
  tellModel: (instructions: string) => void;
  log: Logger;
  transcriptGraceMs?: number;
}

interface Pending {
  toolCallId: string;
  tool: BridgeTool;
  args: Record<string, unknown>;
  question: string;
  /** mark of the agent's first speech after the request (the question); answers must follow it */
  askedAt: number | undefined;
  unclearAnswers: number;
  timer: NodeJS.Timeout;
}

type Via = 'voice' | 'button' | 'system';

export class ConfirmationBroker implements ConfirmationGate {
  /** insertion order is request order: the first is the oldest */
  private readonly pending = new Map<string, Pending>();
  /** what became of each decided call, for a confirm_action that comes late */
  private readonly settled = new Map<string, string>();
  private mark = 0;
  private lastHeard: { mark: number; text: string } | undefined;
  private readonly heardListeners = new Set<() => void>();
  private readonly callAbort = new AbortController();
  private ended = false;

  constructor(private readonly options: ConfirmationBrokerOptions) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /** toolCallIds awaiting the caller, oldest first */
  get pendingIds(): string[] {
    return [...this.pending.keys()];
  }

  /** ConfirmationGate: the bridge's execute() for a tool that needs confirmation */
  request(input: { toolCallId: string; tool: BridgeTool; args: Record<string, unknown> }): string {
    const { toolCallId, tool, args } = input;
    const name = `"${tool.functionName}"`;
    if (this.ended) {
      const failure = {
        code: 'denied' as const,
        message: `the call is ending; ${name} was not run and nothing was sent to ${tool.serverName}`,
      };
      this.options.tracker.failed(toolCallId, failure);
      throw new llm.ToolError(failureText(failure));
    }
    const question = buildConfirmationQuestion({
      functionName: tool.functionName,
      serverName: tool.serverName,
      args,
    });
    this.options.tracker.awaitingConfirmation(toolCallId, args, question);
    this.pending.set(toolCallId, {
      toolCallId,
      tool,
      args,
      question,
      askedAt: undefined,
      unclearAnswers: 0,
      timer: this.startTimer(toolCallId, tool),
    });
    return (
      `NOT DONE YET: ${name} has not run and nothing was sent to ${tool.serverName}. ` +
      `It needs the caller's confirmation. Ask the caller exactly: "${question}" ` +
      `Then call ${CONFIRM_ACTION_TOOL} with their answer. Until it returns a result, do not say it was done.`
    );
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
    context: { toolCallId: string; abortSignal: AbortSignal },
  ): Promise<string> {
    const entry = this.oldest();
    if (!entry) return this.nothingPending();
    if (decision !== 'no' && !this.answerSince(entry))
      await this.waitForAnswer(entry, context.abortSignal);
    if (this.pending.get(entry.toolCallId) !== entry) return this.alreadySettled(entry);
    // The framework dropped this confirm_action (the caller spoke over it): decide nothing; the
    // model hears the caller again and asks again.
    if (context.abortSignal.aborted) return 'cancelled';
    const heard = this.answerSince(entry);
    const name = `"${entry.tool.functionName}"`;
    const verdict = classifyConfirmation(heard?.text);
    const caller = this.options.callerId;

    if (decision === 'no' || verdict === 'no') {
      const message = `the caller declined${heard ? ` ("${heard.text}")` : ''}; ${name} was not run and nothing was sent to ${entry.tool.serverName}`;
      this.deny(entry, 'denied', 'voice', caller, message);
      throw new llm.ToolError(`${failureText({ code: 'denied', message })}. ${this.tellCaller()}`);
    }
    if (!heard) {
      return (
        `NOT DONE YET: the caller has not answered yet, so ${name} has not run. ` +
        `Ask the caller exactly: "${entry.question}" Then call ${CONFIRM_ACTION_TOOL} with their answer.`
      );
    }
    if (decision === 'yes' && verdict === 'yes') {
      this.approve(entry, 'voice', caller);
      // Once the caller said yes, the action runs to its end (only the call's end aborts it): a
      // barge-in ("yes, thanks!") must not leave a destructive call half-sent. If the framework
      // dropped this confirm_action meanwhile, the model hears the outcome another way.
      const running = this.execute(entry, this.callAbort.signal);
      const tellIfDropped = (said: string) => {
        if (context.abortSignal.aborted) this.options.tellModel(said);
      };
      running.then(
        (text) =>
          tellIfDropped(
            `The caller said yes and ${name} ran. Its result: ${text}\nTell the caller the outcome in one short sentence.`,
          ),
        (error: unknown) =>
          tellIfDropped(
            `The caller said yes, but ${name} failed: ${error instanceof Error ? error.message : String(error)}\nTell the caller it did not work. Do not say it was done.`,
          ),
      );
      return `${await running}${this.nextQuestion()}`;
    }

    entry.unclearAnswers += 1;
    if (entry.unclearAnswers >= 2) {
      const message = `the caller's answer was unclear twice (last: "${heard.text}"), so it counts as no; ${name} was not run and nothing was sent to ${entry.tool.serverName}`;
      this.deny(entry, 'denied', 'voice', caller, message);
      throw new llm.ToolError(`${failureText({ code: 'denied', message })}. ${this.tellCaller()}`);
    }
    entry.askedAt = undefined;
    clearTimeout(entry.timer);
    entry.timer = this.startTimer(entry.toolCallId, entry.tool);
    return (
      `NOT DONE YET: the caller's answer ("${heard.text}") was not a clear yes or no, so ${name} has not run. ` +
      `Ask once more, exactly: "${entry.question}" Then call ${CONFIRM_ACTION_TOOL} with their answer.`
    );
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
    const name = `"${entry.tool.functionName}"`;
    if (decision === 'deny') {
      this.deny(
        entry,
        'denied',
        'button',
        by,
        `the caller pressed Deny; ${name} was not run and nothing was sent to ${entry.tool.serverName}`,
      );
      this.options.tellModel(
        `The caller pressed Deny in the panel for ${name}, so it was NOT performed and nothing was sent. ` +
          `Tell the caller in one short sentence that you did not do it. Do not say it was done.${this.nextQuestion()}`,
      );
      return { toolCallId, decision: 'denied' };
    }
    this.approve(entry, 'button', by);
    void this.execute(entry, this.callAbort.signal).then(
      (text) =>
        this.options.tellModel(
          `The caller pressed Approve in the panel and ${name} ran. Its result: ${text}\n` +
            `Tell the caller the outcome in one short sentence.${this.nextQuestion()}`,
        ),
      (error: unknown) =>
        this.options.tellModel(
          `The caller pressed Approve in the panel, but ${name} failed: ${error instanceof Error ? error.message : String(error)}\n` +
            `Tell the caller it did not work. Do not say it was done.${this.nextQuestion()}`,
        ),
    );
    return { toolCallId, decision: 'approved' };
  }

  /** the call ends: every pending confirmation is denied (call_ended), running ones are aborted */
  endCall(): void {
    if (this.ended) return;
    this.ended = true;
    for (const entry of [...this.pending.values()]) {
      this.deny(
        entry,
        'call_ended',
        'system',
        null,
        `the call ended before the caller confirmed; "${entry.tool.functionName}" was not run and nothing was sent to ${entry.tool.serverName}`,
      );
    }
    this.callAbort.abort();
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
        if (this.answerSince(entry) || this.ended || this.pending.get(entry.toolCallId) !== entry)
          done();
      };
      const timer = setTimeout(done, this.options.transcriptGraceMs ?? DEFAULT_TRANSCRIPT_GRACE_MS);
      this.heardListeners.add(check);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private startTimer(toolCallId: string, tool: BridgeTool): NodeJS.Timeout {
    const ms = tool.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    return setTimeout(() => this.onTimeout(toolCallId, ms), ms);
  }

  private onTimeout(toolCallId: string, ms: number): void {
    const entry = this.pending.get(toolCallId);
    if (!entry) return;
    const name = `"${entry.tool.functionName}"`;
    const seconds = Math.round(ms / 100) / 10;
    this.deny(
      entry,
      'timeout',
      'system',
      null,
      `the caller did not confirm within ${seconds} s; ${name} was not run and nothing was sent to ${entry.tool.serverName}`,
    );
    this.options.tellModel(
      `The caller did not confirm ${name} within ${seconds} seconds, so it was NOT performed and nothing was sent. ` +
        `Tell the caller in one short sentence that you did not do it and that they can ask again. Do not say it was done.${this.nextQuestion()}`,
    );
  }

  private record(
    entry: Pending,
    decision: ConfirmationDecision,
    via: Via,
    by: string | null,
  ): void {
    this.pending.delete(entry.toolCallId);
    clearTimeout(entry.timer);
    this.options.emitter.emit({
      type: 'confirmation',
      toolCallId: entry.toolCallId,
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
    this.options.tracker.failed(entry.toolCallId, { code: 'denied', message });
    this.settled.set(entry.toolCallId, `denied: ${message}`);
  }

  private approve(entry: Pending, via: Via, by: string): void {
    this.record(entry, 'approved', via, by);
    this.settled.set(
      entry.toolCallId,
      `the caller approved "${entry.tool.functionName}" and it is running`,
    );
  }

  private async execute(entry: Pending, signal: AbortSignal): Promise<string> {
    const name = `"${entry.tool.functionName}"`;
    try {
      const text = await this.options.run({
        tool: entry.tool,
        toolCallId: entry.toolCallId,
        args: entry.args,
        signal,
      });
      this.settled.set(
        entry.toolCallId,
        `the caller approved ${name}; it ran and returned: ${text}`,
      );
      return text;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.settled.set(entry.toolCallId, `the caller approved ${name}, but it failed: ${message}`);
      throw error;
    }
  }

  private alreadySettled(entry: Pending): string {
    return `Already decided: ${this.settled.get(entry.toolCallId) ?? 'the action is no longer waiting'}. Tell the caller what happened; do not call ${CONFIRM_ACTION_TOOL} again for it.${this.nextQuestion()}`;
  }

  private nothingPending(): string {
    const last = [...this.settled.values()].at(-1);
    return `No action is waiting for the caller's confirmation.${last ? ` The last one: ${last}.` : ''} Do not claim anything ran unless a tool result says so.`;
  }

  private tellCaller(): string {
    return `Tell the caller it was not done.${this.nextQuestion()}`;
  }

  /** when another call still waits, the model must ask about it next */
  private nextQuestion(): string {
    const next = this.oldest();
    return next
      ? ` Another action still needs the caller's confirmation: ask exactly "${next.question}" and then call ${CONFIRM_ACTION_TOOL}.`
      : '';
  }
}

const ConfirmActionArgs = z.object({ decision: z.enum(['yes', 'no', 'unclear']) });

/** The built-in tool the model reports the caller's spoken answer with. */
export function createConfirmActionTool(broker: ConfirmationBroker) {
  return llm.tool({
    name: CONFIRM_ACTION_TOOL,
    description:
      "Report the caller's answer after you asked them to confirm an action (a tool result said NOT DONE YET and told you what to ask). " +
      "decision: 'yes' only if the caller clearly said yes, 'no' if they declined, 'unclear' otherwise. " +
      "The action runs only on the caller's own clear yes; this tool's result says what really happened.",
    parameters: {
      type: 'object',
      properties: {
        decision: {
          type: 'string',
          enum: ['yes', 'no', 'unclear'],
          description: "the caller's answer",
        },
      },
      required: ['decision'],
      additionalProperties: false,
    },
    execute: (args: unknown, { toolCallId, abortSignal }) =>
      broker.answerFromModel(ConfirmActionArgs.parse(args).decision, {
        toolCallId,
        abortSignal,
      }),
  });
}
