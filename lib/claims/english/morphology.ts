import nlp from 'compromise';

/**
 * English inflection through compromise (a well-kept rule-based NLP library: irregular verbs
 * such as send/sent, find/found, pay/paid come from its lexicon). It runs on catalog words and
 * word families only, once per word (memoised), never on the utterance itself: parsing a
 * sentence with it costs about 1 ms, so no utterance is parsed with it: the check stays well
 * under its 2 ms budget.
 */

const transform = (nlp.methods() as { two: { transform: unknown } }).two.transform as {
  verb: { conjugate(word: string, model: unknown): Conjugation };
  noun: { toPlural(word: string, model: unknown): string };
};
const model = nlp.model();
const formsMemo = new Map<string, string[]>();
const tagsMemo = new Map<string, { verbs: string[]; nouns: string[] }>();

interface Conjugation {
  Infinitive?: string;
  PastTense?: string;
  PresentTense?: string;
  Gerund?: string;
  Participle?: string;
}

/** Every inflected form of a one-word lemma: its verb forms (when it can be a verb) and plural. */
export function inflections(lemma: string): string[] {
  const cached = formsMemo.get(lemma);
  if (cached) return cached;
  const forms = new Set<string>([lemma]);
  if (/^[a-z]+$/.test(lemma)) {
    // The transforms alone (no parse): a word's forms cost microseconds.
    const conj = transform.verb.conjugate(lemma, model);
    for (const f of [conj.PastTense, conj.PresentTense, conj.Gerund, conj.Participle])
      if (f && /^[a-z]+$/.test(f)) forms.add(f);
    const plural = transform.noun.toPlural(lemma, model);
    if (/^[a-z]+$/.test(plural)) forms.add(plural);
  }
  const list = [...forms];
  formsMemo.set(lemma, list);
  return list;
}

/** Verbs and nouns (as lemmas) of a name or description. */
export function tagCatalogText(text: string): { verbs: string[]; nouns: string[] } {
  const cached = tagsMemo.get(text);
  if (cached) return cached;
  const verbs: string[] = [];
  const nouns: string[] = [];
  // What a description says the tool does NOT do ("a draft, without sending it") is not its vocabulary.
  const kept = text.replace(/\b(without|not|never|but not|no)\b[^.,;]*/gi, ' ');
  const doc = nlp(kept);
  doc.compute('root');
  const terms = doc.terms().json() as {
    terms: { text: string; normal?: string; root?: string; tags: string[] }[];
  }[];
  for (const term of terms) {
    const t = term.terms[0];
    if (!t) continue;
    const word = (t.root ?? t.normal ?? t.text).toLowerCase().replace(/[^a-z-]/g, '');
    if (word.length < 2) continue;
    if (t.tags.includes('Verb') && !t.tags.includes('Auxiliary')) verbs.push(...word.split('-'));
    else if (t.tags.includes('Noun') && !t.tags.includes('Pronoun')) {
      const single = t.tags.includes('Plural') ? nlp(word).nouns().toSingular().text() : word;
      nouns.push(...(single || word).split('-'));
    } else if (t.tags.includes('Adjective') || t.tags.includes('Particle'))
      nouns.push(...word.split('-'));
  }
  const result = { verbs, nouns };
  tagsMemo.set(text, result);
  return result;
}
