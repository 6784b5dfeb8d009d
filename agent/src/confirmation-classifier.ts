/**
 * Judges the caller's own words after the agent asked "shall I ...? Say yes or no.".
 * Deliberately small and strict: only a plain, unhedged yes counts as yes. Anything mixed
 * ("yes... actually no"), hedged ("yes, but change the subject"), unsure ("maybe"), a question
 * ("yes?") or unrelated is `unclear`, which asks once more and never runs the tool.
 */
export type ConfirmationVerdict = 'yes' | 'no' | 'unclear';

/** Phrases of up to MAX_PHRASE_WORDS words; order within a list does not matter. */
const YES = [
  'yes',
  'yeah',
  'yea',
  'yep',
  'yup',
  'ya',
  'sure',
  'ok',
  'okay',
  'alright',
  'all right',
  'go ahead',
  'go for it',
  'do it',
  'please do',
  'send it',
  'confirm',
  'confirmed',
  'i confirm',
  'approve',
  'approved',
  'correct',
  "that's right",
  'thats right',
  'absolutely',
  'affirmative',
  'of course',
  'definitely',
  'sounds good',
  'proceed',
];

const NO = [
  'no',
  'nope',
  'nah',
  'not',
  "don't",
  'dont',
  'do not',
  "don't do it",
  'dont do it',
  'do not do it',
  "don't send",
  'do not send',
  'stop',
  'cancel',
  'cancel it',
  'abort',
  'negative',
  'never mind',
  'nevermind',
  'wait',
  'hold on',
  'hang on',
  'deny',
  'denied',
  'decline',
  'no way',
  'not now',
  'not yet',
  'forget it',
];

/** The caller is unsure or asks something back: never a decision. */
const UNSURE = [
  'maybe',
  'perhaps',
  'not sure',
  "i'm not sure",
  "don't know",
  'dont know',
  'do not know',
  'i guess',
  'i think so',
  'hmm',
  'um',
  'uh',
  'what',
  'which',
  'why',
  'repeat',
  'say that again',
];

/** A yes with one of these is a yes with conditions: not a plain yes. */
const HEDGE = ['but', 'except', 'instead', 'actually', 'change', 'only if', 'unless', 'first'];

const MAX_PHRASE_WORDS = 4;

function toPhraseSet(list: string[]): Set<string> {
  return new Set(list.map((p) => p.toLowerCase()));
}

const sets = {
  yes: toPhraseSet(YES),
  no: toPhraseSet(NO),
  unsure: toPhraseSet(UNSURE),
  hedge: toPhraseSet(HEDGE),
};

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9'\s]+/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

/**
 * Greedy longest-phrase matching from left to right, so "don't do it" is one "no" and not a
 * "no" followed by a "yes" ("do it").
 */
function findPhrases(words: string[]) {
  const found = { yes: 0, no: 0, unsure: 0, hedge: 0 };
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1 && !matched; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      // an unsure phrase wins over the no/yes words inside it ("not sure", "don't know")
      for (const kind of ['unsure', 'no', 'yes', 'hedge'] as const) {
        if (sets[kind].has(phrase)) {
          found[kind] += 1;
          matched = n;
          break;
        }
      }
    }
    i += matched || 1;
  }
  return found;
}

export function classifyConfirmation(text: string | null | undefined): ConfirmationVerdict {
  if (!text) return 'unclear';
  const words = tokenize(text);
  if (words.length === 0) return 'unclear';
  const found = findPhrases(words);
  if (found.unsure > 0) return 'unclear';
  if (found.yes > 0 && found.no > 0) return 'unclear';
  if (found.no > 0) return 'no';
  if (found.yes > 0) {
    if (found.hedge > 0) return 'unclear';
    if (text.trim().endsWith('?')) return 'unclear';
    return 'yes';
  }
  return 'unclear';
}
