import type { LanguagePack } from '../language-pack';
import { englishClauses } from './clauses';
import * as L from './lexicon';
import { inflections, tagCatalogText } from './morphology';

/** English: compromise for inflection and word classes, the grammar in clauses.ts. */
export const english: LanguagePack = {
  id: 'en',
  clauses: englishClauses,
  catalogWords: tagCatalogText,
  forms: inflections,
  stem(word: string): string[] {
    const out: string[] = [];
    if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
    if (word.endsWith('es')) out.push(word.slice(0, -2));
    if (word.endsWith('s') && !word.endsWith('ss')) out.push(word.slice(0, -1));
    if (word.endsWith('ied')) out.push(`${word.slice(0, -3)}y`);
    if (word.endsWith('ed')) out.push(word.slice(0, -2), word.slice(0, -1), word.slice(0, -3));
    if (word.endsWith('ing'))
      out.push(word.slice(0, -3), `${word.slice(0, -3)}e`, word.slice(0, -4));
    return out;
  },
  families: L.FAMILIES,
  lookupVerbs: L.LOOKUP_VERBS,
  lightVerbs: L.LIGHT_VERBS,
  computeWords: L.COMPUTE_WORDS,
  translateWords: L.TRANSLATE_WORDS,
  weakNouns: L.WEAK_NOUNS,
  stopwords: L.STOPWORDS,
};
