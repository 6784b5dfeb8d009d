import nlp from 'compromise';
import type { Clause, ClauseMode, ClauseWord } from '../language-pack';
import * as L from './lexicon';
import { QUOTE, tokenize, type Token } from './tokens';

/**
 * English clause grammar: which clauses state something as done or as so, and which only intend,
 * offer, ask, report a failure, or say a generic truth. Word classes come from compromise's
 * lexicon (one table lookup per word, no parse), past forms of the catalog's own verbs from
 * their inflections.
 */

// compromise types its world loosely; the lexicon is a plain word -> tag table.
const world = nlp.world() as { model: { one: { lexicon: Record<string, string | undefined> } } };
const lexicon = world.model.one.lexicon;
const tagOf = (word: string) => lexicon[word];

const isNumber = (w: string) => /^[$€£]?\d/.test(w) || L.NUMBER_WORDS.has(w);

function isPast(word: string, lemma: string): boolean {
  const tag = tagOf(word);
  if (tag === 'PastTense' || tag === 'Participle') return true;
  if (lemma !== word && /(ed|en|t)$/.test(word) && !/(ing|s)$/.test(word)) return true;
  return /[a-z]{2}ed$/.test(word) && (tag === undefined || tag === 'Adjective');
}
const isGerund = (word: string) =>
  /[a-z]{2}ing$/.test(word) &&
  tagOf(word) !== 'Singular' &&
  word !== 'thing' &&
  word !== 'morning' &&
  word !== 'evening' &&
  word !== 'nothing' &&
  word !== 'something' &&
  word !== 'anything' &&
  word !== 'everything';
const isBaseVerb = (word: string) => tagOf(word) === 'Infinitive';

function startsWithAny(words: string[], starts: readonly (readonly string[])[]) {
  return starts.some((s) => s.every((w, i) => words[i] === w));
}

interface Analysis {
  mode: ClauseMode;
  negativeResult: boolean;
  bare: boolean;
  /** a failure report or a negation: what follows in the sentence explains it */
  failure?: boolean;
}

function analyse(
  words: string[],
  lemmas: string[],
  question: boolean,
  inherited: ClauseMode | null,
  lemma: (word: string) => string,
): Analysis {
  const none = { mode: 'none' as const, negativeResult: false, bare: false };
  const failure = { ...none, failure: true };
  let i = 0;
  while (i < words.length - 1 && L.FILLERS.has(words[i]!) && !L.COMPLETION_WORDS.has(words[i]!))
    i++;
  const w = words.slice(i);
  const lm = lemmas.slice(i);
  if (w.length === 0) return none;
  if (question) return none;
  if (L.CONDITIONS.has(w[0]!)) return none;
  if (startsWithAny(w, L.OFFER_STARTS)) return none;
  if (L.ACKNOWLEDGEMENTS.some((a) => a.length === w.length && a.every((x, k) => w[k] === x)))
    return none;
  if (w.some((x) => L.GENERIC_ADVERBS.has(x))) return none;
  if (w.some((x) => L.FAILURE.has(x)) || lm.some((x) => L.FAILURE.has(x))) return failure;

  const has = (set: ReadonlySet<string>) => w.some((x) => set.has(x));
  // "un-" on a participle negates it: "the door is still unlocked"
  const unDone = w.some(
    (x) => x.startsWith('un') && x.length > 5 && isPast(x.slice(2), lemma(x.slice(2))),
  );
  const negated = has(L.NEGATORS) || unDone;
  if (negated) {
    const finding = lm.some((x) => x === 'find' || x === 'locate' || x === 'match');
    const thereIsNo = w.some(
      (x, k) => x === 'there' && L.BE.has(w[k + 1] ?? '') && w[k + 2] === 'no',
    );
    const noResults = w.some(
      (x, k) =>
        (x === 'no' || x === 'nothing') && /^(result|match|record|sign)/.test(w[k + 1] ?? 'result'),
    );
    if (finding || thereIsNo || noResults)
      return { mode: 'fact', negativeResult: true, bare: false };
    return failure;
  }

  const subject = w.find((x) => L.PRONOUNS.has(x));
  const subjectAt = subject ? w.indexOf(subject) : -1;
  const firstPerson = subject !== undefined && L.SUBJECT_FIRST.has(subject) && subjectAt <= 1;
  const modalAt = w.findIndex((x) => L.MODALS.has(x));
  const hedged = modalAt >= 0 && L.HEDGE_MODALS.has(w[modalAt]!) && w[modalAt + 1] === 'have';
  const pastAt = w.findIndex(
    (x, k) =>
      isPast(x, lm[k]!) ||
      (x === 'set' &&
        k > 0 &&
        (L.BE.has(w[k - 1]!) || L.HAVE.has(w[k - 1]!) || w[k - 1] === 'all')),
  );
  const completion =
    w.some(
      (x) =>
        L.COMPLETION_WORDS.has(x) && x !== 'all' && x !== 'out' && x !== 'through' && x !== 'set',
    ) ||
    w.some(
      (x, k) =>
        (x === 'through' || x === 'out') &&
        (lm[k - 1] === 'go' || w[k - 1] === 'went' || w[k - 1] === 'gone'),
    ) ||
    w.join(' ').includes('all set') ||
    w.join(' ').includes('care of');
  const content = w.filter(
    (x, k) =>
      !L.STOPWORDS.has(x) &&
      !L.FILLERS.has(x) &&
      !L.COMPLETION_WORDS.has(x) &&
      !L.LIGHT_VERBS.has(lm[k]!) &&
      x !== QUOTE,
  );
  // Nothing said about what: "done", "all set", "it's saved" (what "it" is, the caller said).
  const backReference = subject !== undefined && L.BACK_REFERENCES.has(subject) && subjectAt <= 1;
  const bare =
    (completion || backReference) &&
    content.every(
      (x) =>
        tagOf(x) !== 'Singular' &&
        tagOf(x) !== 'Plural' &&
        !isNumber(x) &&
        !L.CALENDAR_NAMES.has(x) &&
        (completion || isPast(x, x) || L.COMPLETION_WORDS.has(x)),
    );

  // Intentions and offers: "I'll send it", "we can book it", "I'm going to", "I'd be happy to".
  if (firstPerson && !hedged) {
    const after = w.slice(subjectAt + 1, subjectAt + 4);
    if (
      after.some(
        (x) =>
          L.MODALS.has(x) ||
          x === 'going' ||
          x === 'about' ||
          x === 'want' ||
          x === 'need' ||
          x === 'happy' ||
          x === 'try' ||
          x === 'like',
      )
    )
      return none;
  }
  if (modalAt >= 0 && !hedged) {
    // "stocks can be volatile": a possibility, not a finding.
    if (!L.FUTURE_MODALS.has(w[modalAt]!)) return none;
    // "it should arrive Thursday": said as so, of what a tool would know; "it will be sent" promises.
    if (
      w
        .slice(modalAt)
        .some((x, k) => x === 'be' && isPast(w[modalAt + k + 1] ?? '', lm[modalAt + k + 1] ?? ''))
    )
      return none;
    return { mode: 'fact', negativeResult: false, bare: false };
  }
  // Work in progress is not a finished action: "Sending it now", "I'm booking it", "still running".
  const ingAt = w.findIndex((x) => isGerund(x));
  if (ingAt === 0 && pastAt === -1) return none;
  if (ingAt > 0 && (L.BE.has(w[ingAt - 1]!) || L.BE.has(w[ingAt - 2] ?? '')) && pastAt === -1) {
    if (firstPerson || w.includes('still')) return none;
    return { mode: 'fact', negativeResult: false, bare: false };
  }
  if (pastAt >= 0 || completion || hedged) return { mode: 'done', negativeResult: false, bare };
  // A request to the caller: "Bring an umbrella", "Have a nice day".
  if (isBaseVerb(w[0]!) && subjectAt !== 0) return none;
  // A definition is not a tool's result: "Ramen is a noodle soup".
  const beAt = w.findIndex((x) => L.BE.has(x));
  if (beAt > 0 && (w[beAt + 1] === 'a' || w[beAt + 1] === 'an') && !L.PRONOUNS.has(w[beAt - 1]!))
    return none;
  const hasVerb =
    beAt >= 0 || w.some((x) => L.HAVE.has(x)) || w.some((x) => tagOf(x) === 'PresentTense');
  if (!hasVerb && inherited) return { ...none, mode: inherited };
  return { mode: 'fact', negativeResult: false, bare: false };
}

function entitiesOf(tokens: Token[]): string[] {
  const names: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) names.push(current.join(' '));
    current = [];
  };
  for (const t of tokens) {
    const cap = /^\p{Lu}/u.test(t.raw) && !t.initial && t.word !== 'i' && t.word !== QUOTE;
    const tooShort = /^\p{Lu}{1,3}$/u.test(t.raw);
    if (cap && !tooShort && !L.CALENDAR_NAMES.has(t.word))
      current.push(t.raw.replace(/['’]s$/, ''));
    else flush();
  }
  flush();
  return names;
}

export function englishClauses(text: string, lemma: (word: string) => string): Clause[] {
  const out: Clause[] = [];
  for (const sentence of tokenize(text)) {
    const tagged =
      sentence.question && sentence.clauses.length > 1 && isTag(sentence.clauses.at(-1)!);
    let inherited: ClauseMode | null = null;
    let explaining = false;
    sentence.clauses.forEach((tokens, index) => {
      const question = sentence.question && !(tagged && index < sentence.clauses.length - 1);
      const words = tokens.map((t) => t.word);
      const lemmas = words.map((x) => lemma(x));
      let a = analyse(words, lemmas, question, inherited, lemma);
      // After "it didn't go through", "the server timed out" explains; "but I texted you" does not.
      if (explaining && !L.CONTRASTS.has(words[0]!))
        a = { mode: 'none', negativeResult: false, bare: false };
      else if (a.failure) explaining = true;
      else if (L.CONTRASTS.has(words[0]!)) explaining = false;
      inherited = a.mode;
      const clauseWords: ClauseWord[] = words.map((surface, k) => ({
        surface,
        lemma: lemmas[k]!,
        verb:
          isPast(surface, lemmas[k]!) ||
          isGerund(surface) ||
          tagOf(surface) === 'Infinitive' ||
          tagOf(surface) === 'PresentTense',
      }));
      out.push({
        text: text.slice(tokens[0]!.start, tokens.at(-1)!.end),
        words: clauseWords,
        mode: a.mode,
        negativeResult: a.negativeResult,
        bareCompletion: a.bare,
        hasNumber: words.some(isNumber),
        hasQuote: words.includes(QUOTE),
        entities: entitiesOf(tokens),
      });
    });
  }
  return out;
}

function isTag(tokens: Token[]): boolean {
  const words = tokens.map((t) => t.word);
  return words.length <= 4 && words.some((w) => L.TAG_QUESTIONS.has(w) || w === 'right');
}
