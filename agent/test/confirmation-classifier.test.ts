import { describe, expect, it } from 'vitest';
import { classifyConfirmation, type ConfirmationVerdict } from '../src/confirmation-classifier';

/** What counts as the caller's yes: only a plain, unhedged yes. */
const table: Array<[string | null, ConfirmationVerdict]> = [
  ['yes', 'yes'],
  ['Yes.', 'yes'],
  ['Yeah, go ahead.', 'yes'],
  ['yep', 'yes'],
  ['Sure, do it', 'yes'],
  ['OK, send it', 'yes'],
  ['Okay!', 'yes'],
  ['I confirm', 'yes'],
  ['Confirm.', 'yes'],
  ["That's right, please do", 'yes'],
  ['Absolutely', 'yes'],
  ['YES PLEASE', 'yes'],
  ['Yes, send the email to bob@example.com', 'yes'],

  ['no', 'no'],
  ['No.', 'no'],
  ['Nope', 'no'],
  ["No, don't.", 'no'],
  ["Don't do it", 'no'],
  ['do not send it', 'no'],
  ['Stop!', 'no'],
  ['cancel', 'no'],
  ['Never mind', 'no'],
  ['wait', 'no'],
  ['Hold on', 'no'],
  ['nah, forget it', 'no'],
  ['Not now', 'no'],
  ['don\u2019t', 'no'],

  ['Yes... actually no', 'unclear'],
  ['yes no', 'unclear'],
  ["Yeah, but don't send it yet", 'unclear'],
  ['Yes, but change the subject first', 'unclear'],
  ['Yes, actually', 'unclear'],
  ['Maybe', 'unclear'],
  ["I'm not sure", 'unclear'],
  ["I don't know", 'unclear'],
  ['Not sure, sure', 'unclear'],
  ['Yes?', 'unclear'],
  ['What?', 'unclear'],
  ['Hmm', 'unclear'],
  ['Send it to Carol instead', 'unclear'],
  ['The weather is nice', 'unclear'],
  ['', 'unclear'],
  ['   ', 'unclear'],
  ['...', 'unclear'],
  [null, 'unclear'],
];

describe('classifyConfirmation', () => {
  it.each(table)('%j -> %s', (text, verdict) => {
    expect(classifyConfirmation(text)).toBe(verdict);
  });

  it('never answers yes to an answer that also says no, wherever the no is', () => {
    for (const yes of ['yes', 'sure', 'go ahead', 'do it', 'okay'])
      for (const no of ['no', 'stop', "don't", 'cancel', 'wait'])
        for (const text of [`${yes}, ${no}`, `${no}, ${yes}`, `${yes} ... ${no}`])
          expect(classifyConfirmation(text), text).not.toBe('yes');
  });
});
