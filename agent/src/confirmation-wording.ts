import { failureText } from './tool-call-failures';

/**
 * What the model hears while a call waits for the caller's yes, and the messages its `denied`
 * failures carry (confirmation-gate.ts decides; these only word it). Every text says plainly
 * whether the action ran, so the model has nothing to paraphrase into success.
 */
export const CONFIRM_ACTION_TOOL = 'confirm_action';

/** the names as the model and caller hear them */
export interface Named {
  /** `"send_email"` */
  name: string;
  serverName: string;
}

const notSent = ({ name, serverName }: Named) =>
  `${name} was not run and nothing was sent to ${serverName}`;

export const denialMessage = {
  declined: (t: Named, heard: string | undefined) =>
    `the caller declined${heard ? ` ("${heard}")` : ''}; ${notSent(t)}`,
  unclearTwice: (t: Named, heard: string) =>
    `the caller's answer was unclear twice (last: "${heard}"), so it counts as no; ${notSent(t)}`,
  deniedByButton: (t: Named) => `the caller pressed Deny; ${notSent(t)}`,
  timedOut: (t: Named, seconds: number) =>
    `the caller did not confirm within ${seconds} s; ${notSent(t)}`,
  callEnded: (t: Named) => `the call ended before the caller confirmed; ${notSent(t)}`,
};

export const toModel = {
  /** the tool's own output while it waits: nothing ran, ask this */
  askCaller: ({ name, serverName }: Named, question: string) =>
    `NOT DONE YET: ${name} has not run and nothing was sent to ${serverName}. ` +
    `It needs the caller's confirmation. Ask the caller exactly: "${question}" ` +
    `Then call ${CONFIRM_ACTION_TOOL} with their answer. Until it returns a result, do not say it was done.`,
  notAnsweredYet: ({ name }: Named, question: string) =>
    `NOT DONE YET: the caller has not answered yet, so ${name} has not run. ` +
    `Ask the caller exactly: "${question}" Then call ${CONFIRM_ACTION_TOOL} with their answer.`,
  askOnceMore: ({ name }: Named, heard: string, question: string) =>
    `NOT DONE YET: the caller's answer ("${heard}") was not a clear yes or no, so ${name} has not run. ` +
    `Ask once more, exactly: "${question}" Then call ${CONFIRM_ACTION_TOOL} with their answer.`,
  /** confirm_action's error after a spoken no */
  deniedByVoice: (message: string, next: string) =>
    `${failureText({ code: 'denied', message })}. Tell the caller it was not done.${next}`,
  ranAfterVoice: ({ name }: Named, result: string) =>
    `The caller said yes and ${name} ran. Its result: ${result}\nTell the caller the outcome in one short sentence.`,
  failedAfterVoice: ({ name }: Named, error: string) =>
    `The caller said yes, but ${name} failed: ${error}\nTell the caller it did not work. Do not say it was done.`,
  ranAfterButton: ({ name }: Named, result: string, next: string) =>
    `The caller pressed Approve in the panel and ${name} ran. Its result: ${result}\n` +
    `Tell the caller the outcome in one short sentence.${next}`,
  failedAfterButton: ({ name }: Named, error: string, next: string) =>
    `The caller pressed Approve in the panel, but ${name} failed: ${error}\n` +
    `Tell the caller it did not work. Do not say it was done.${next}`,
  deniedByButton: ({ name }: Named, next: string) =>
    `The caller pressed Deny in the panel for ${name}, so it was NOT performed and nothing was sent. ` +
    `Tell the caller in one short sentence that you did not do it. Do not say it was done.${next}`,
  timedOut: ({ name }: Named, seconds: number, next: string) =>
    `The caller did not confirm ${name} within ${seconds} seconds, so it was NOT performed and nothing was sent. ` +
    `Tell the caller in one short sentence that you did not do it and that they can ask again. Do not say it was done.${next}`,
  alreadyDecided: (what: string | undefined, next: string) =>
    `Already decided: ${what ?? 'the action is no longer waiting'}. Tell the caller what happened; do not call ${CONFIRM_ACTION_TOOL} again for it.${next}`,
  nothingPending: (last: string | undefined) =>
    `No action is waiting for the caller's confirmation.${last ? ` The last one: ${last}.` : ''} Do not claim anything ran unless a tool result says so.`,
  /** appended when another call still waits: the model must ask about it next */
  nextQuestion: (question: string | undefined) =>
    question
      ? ` Another action still needs the caller's confirmation: ask exactly "${question}" and then call ${CONFIRM_ACTION_TOOL}.`
      : '',
};

/** What became of a decided call, for a confirm_action that comes late. */
export const settledAs = {
  denied: (message: string) => `denied: ${message}`,
  running: ({ name }: Named) => `the caller approved ${name} and it is running`,
  ran: ({ name }: Named, result: string) =>
    `the caller approved ${name}; it ran and returned: ${result}`,
  failed: ({ name }: Named, error: string) =>
    `the caller approved ${name}, but it failed: ${error}`,
};
