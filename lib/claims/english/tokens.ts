/**
 * Splitting English speech into sentences, clauses and words: contractions expanded (I've ->
 * I have, won't -> will not, it's -> it is / it has), quoted words kept as one mark (a
 * translation or a message's text is not grammar to analyse), numbers and times kept whole.
 */

export interface Token {
  /** lower-case, contraction expanded */
  word: string;
  /** as said (for names) */
  raw: string;
  /** first word of its sentence */
  initial: boolean;
  start: number;
  end: number;
}

export interface Sentence {
  clauses: Token[][];
  question: boolean;
}

export const QUOTE = '\u0000quote';
const WORD =
  /(?<=^|[\s(:,])['"‘“][^'"‘’“”]{1,200}?['"’”](?=[\s.,!?;:)]|$)|\d+(?:[:.,]\d+)*(?:am|pm|%)?|[$€£]\d+(?:[.,]\d+)*|[\p{L}]+(?:['’][\p{L}]+)*|[.!?;:,—–]|\s-\s/gu;
const CLAUSE_BREAK = new Set([',', ';', ':', '—', '–', ' - ']);
const SENTENCE_END = new Set(['.', '!', '?']);
/** conjunctions that start a new clause */
const SPLIT_WORDS = new Set([
  'and',
  'but',
  'so',
  'because',
  'while',
  'then',
  'if',
  'unless',
  'once',
  'until',
  'whether',
  'although',
  'though',
  'since',
]);
/** of these, the ones that put what follows under a condition */
export const CONDITION_WORDS = new Set([
  'if',
  'unless',
  'once',
  'until',
  'whether',
  'when',
  'as soon as',
]);

const SUBJECT_BEFORE_S = new Set([
  'it',
  'that',
  'there',
  'what',
  'he',
  'she',
  'here',
  'who',
  'everything',
  'nothing',
  'this',
  'where',
  'how',
  'one',
  'let',
]);

function expand(raw: string, next: string | undefined): string[] {
  const w = raw.toLowerCase().replace(/’/g, "'");
  if (w === "won't") return ['will', 'not'];
  if (w === "can't" || w === 'cannot') return ['can', 'not'];
  if (w === "shan't") return ['shall', 'not'];
  if (w === "let's") return ['let', 'us'];
  if (w.endsWith("n't")) return [w.slice(0, -3), 'not'];
  const m = /^(.+)'(ve|ll|re|m|d|s)$/.exec(w);
  if (!m) return [w];
  const [, head, tail] = m as unknown as [string, string, string];
  switch (tail) {
    case 've':
      return [head, 'have'];
    case 'll':
      return [head, 'will'];
    case 're':
      return [head, 'are'];
    case 'm':
      return [head, 'am'];
    case 'd':
      return [head, next === 'been' || (next?.endsWith('ed') ?? false) ? 'had' : 'would'];
    default: {
      // 's: "it's been" (has), "it's sent" (is), "the table's booked" (is), "Dana's phone" (possessive)
      if (next === 'been' || next === 'got' || next === 'gotten') return [head, 'has'];
      if (SUBJECT_BEFORE_S.has(head)) return [head, 'is'];
      return next !== undefined &&
        /(ed|en|set|done|on|off|in|out|up|all|now|here|locked|sent|ready|confirmed|gone)$/.test(
          next,
        )
        ? [head, 'is']
        : [head];
    }
  }
}

export function tokenize(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let clauses: Token[][] = [];
  let clause: Token[] = [];
  let initial = true;
  const closeClause = () => {
    if (clause.length) clauses.push(clause);
    clause = [];
  };
  const closeSentence = (question: boolean) => {
    closeClause();
    if (clauses.length) sentences.push({ clauses, question });
    clauses = [];
    initial = true;
  };
  const matches = [...text.matchAll(WORD)];
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (SENTENCE_END.has(raw)) {
      closeSentence(raw === '?');
      continue;
    }
    if (CLAUSE_BREAK.has(raw)) {
      closeClause();
      continue;
    }
    if (/^['"‘“]/.test(raw)) {
      clause.push({ word: QUOTE, raw, initial, start, end });
      initial = false;
      continue;
    }
    const lower = raw.toLowerCase();
    if (SPLIT_WORDS.has(lower) && clause.length > 0) closeClause();
    const next = matches[i + 1]?.[0].toLowerCase();
    expand(raw, next).forEach((word, k) => {
      // Only a word's first part carries its spelling (I've -> "I", "have" has none of its own).
      clause.push({ word, raw: k === 0 ? raw : '', initial, start, end });
      initial = false;
    });
  }
  closeSentence(false);
  return sentences;
}
