/**
 * What the checker needs from a language (English is `english/`). The checker itself only
 * matches words to tools and claims to the ledger; every fact about grammar (which words say an
 * action is finished, negated, intended or asked about) and every word family comes from here,
 * so another language is another pack.
 */

export type ClauseMode =
  /** states an action as finished ("I've sent it", "it's booked", "done") */
  | 'done'
  /** states something as so ("your order ships Tuesday", "it's 18 degrees") */
  | 'fact'
  /** claims nothing: intention, offer, question, request, work in progress, generic truth */
  | 'none';

export interface ClauseWord {
  /** lower-case surface form */
  surface: string;
  /** dictionary form, through the catalog's forms where it knows the word */
  lemma: string;
  verb: boolean;
}

export interface Clause {
  /** the clause's words as said */
  text: string;
  words: ClauseWord[];
  mode: ClauseMode;
  /** the clause says that nothing was found ("I couldn't find any", "there's no customer") */
  negativeResult: boolean;
  /** a completion word with nothing said about what ("done", "all set", "it went through") */
  bareCompletion: boolean;
  hasNumber: boolean;
  /** the clause quotes words (a translation, a message's text) */
  hasQuote: boolean;
  /** names said in the clause (checked against what a done call was about) */
  entities: string[];
}

export interface CatalogWords {
  verbs: string[];
  nouns: string[];
}

export interface LanguagePack {
  id: string;
  /** the clauses of one utterance; `lemma` maps a lower-case word to its dictionary form */
  clauses(text: string, lemma: (word: string) => string): Clause[];
  /** the verbs and nouns of a tool's name (split into words) or description, as lemmas */
  catalogWords(text: string): CatalogWords;
  /** the inflected forms of a lemma (sent, sending, sends; emails) */
  forms(lemma: string): string[];
  /** candidate lemmas of a word no catalog form names, by suffix (the checker keeps known ones) */
  stem(word: string): string[];
  /** words that carry no meaning of their own for matching */
  stopwords: ReadonlySet<string>;
  /** groups of words of one meaning (book/reserve; cancel/delete), lemmas */
  families: readonly (readonly string[])[];
  /** verbs that find or read rather than change anything */
  lookupVerbs: ReadonlySet<string>;
  /** verbs that say little about which tool (get, have, make, do) */
  lightVerbs: ReadonlySet<string>;
  /** words of arithmetic and conversion (a figure claim needs a tool for exactly that) */
  computeWords: ReadonlySet<string>;
  /** words of translation */
  translateWords: ReadonlySet<string>;
  /** words too common in tool descriptions to tell tools apart */
  weakNouns: ReadonlySet<string>;
}
