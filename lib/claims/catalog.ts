import type { LanguagePack } from './language-pack';
import type { ClaimTool } from './types';

/**
 * A call's tools as the checker sees them: each tool's words (its name split into words, its
 * description's verbs and nouns, its annotations' title), weighted by where they come from, and
 * what kind of tool it is (changes something, looks something up, computes, translates).
 * Built once per call; `lemma` then maps an utterance's words onto the catalog's.
 */

export type ToolKind = 'action' | 'lookup' | 'compute' | 'translate';

export interface ToolProfile {
  name: string;
  server: string;
  kind: ToolKind;
  /** lemma -> weight */
  words: Map<string, number>;
  /** lower-case text a done call's names are looked for in, with its args and result */
  ownText: string;
}

export interface Catalog {
  pack: LanguagePack;
  tools: ToolProfile[];
  lemma: (word: string) => string;
}

const NAME_WEIGHT = 3;
const VERB_WEIGHT = 2;
const NOUN_WEIGHT = 1.5;
const WEAK_WEIGHT = 0.4;
const FAMILY_SHARE = 0.5;

/** "sendEmail", "send_email", "send-email", "mail.send" -> "send email" / "mail send" */
export function splitToolName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-./:]+/g, ' ')
    .toLowerCase()
    .trim();
}

function add(words: Map<string, number>, word: string, weight: number) {
  if ((words.get(word) ?? 0) < weight) words.set(word, weight);
}

export function buildCatalog(tools: readonly ClaimTool[], pack: LanguagePack): Catalog {
  const forms = new Map<string, string>();
  const known = (lemma: string) => {
    for (const f of pack.forms(lemma)) if (!forms.has(f)) forms.set(f, lemma);
  };
  for (const family of pack.families) for (const w of family) known(w);

  const profiles = tools.map((tool): ToolProfile => {
    const words = new Map<string, number>();
    const nameText = splitToolName(tool.name);
    const nameTagged = pack.catalogWords(nameText);
    const nameWords = new Set([...nameText.split(' '), ...nameTagged.verbs, ...nameTagged.nouns]);
    const desc = pack.catalogWords(tool.description ?? '');
    const title = typeof tool.annotations?.title === 'string' ? tool.annotations.title : '';
    const titled = pack.catalogWords(title);
    const weak = (w: string, weight: number) => (pack.weakNouns.has(w) ? WEAK_WEIGHT : weight);
    // A name's words are the tool's own: even a common one ("text" in send_text) counts fully.
    for (const w of nameWords)
      if (w.length > 1 && !pack.stopwords.has(w)) add(words, w, NAME_WEIGHT);
    for (const w of [...desc.verbs, ...titled.verbs])
      if (!pack.stopwords.has(w)) add(words, w, weak(w, VERB_WEIGHT));
    for (const w of [...desc.nouns, ...titled.nouns])
      if (!pack.stopwords.has(w)) add(words, w, weak(w, NOUN_WEIGHT));
    // What kind it is comes from its own words, before their families widen them.
    const strong = [...words].filter(([, weight]) => weight >= NOUN_WEIGHT).map(([w]) => w);
    for (const [w, weight] of [...words]) {
      known(w);
      for (const family of pack.families)
        if (family.includes(w))
          for (const other of family) if (other !== w) add(words, other, weight * FAMILY_SHARE);
    }
    // The verbs of a name: its lead word ("get_weather", "searchFlights") says what kind it is.
    const lead = nameText.split(' ')[0] ?? '';
    const readOnly = tool.annotations?.readOnlyHint === true;
    let kind: ToolKind = readOnly || pack.lookupVerbs.has(lead) ? 'lookup' : 'action';
    if (strong.some((w) => pack.computeWords.has(w))) kind = 'compute';
    if (strong.some((w) => pack.translateWords.has(w))) kind = 'translate';
    return {
      name: tool.name,
      server: tool.server ?? '',
      kind,
      words,
      ownText: `${tool.name} ${tool.server ?? ''} ${tool.description ?? ''}`.toLowerCase(),
    };
  });

  const memo = new Map<string, string>();
  const lemma = (word: string): string => {
    const hit = forms.get(word) ?? memo.get(word);
    if (hit) return hit;
    const guess = pack.stem(word).find((s) => forms.has(s));
    const found = guess ? forms.get(guess)! : word;
    if (memo.size < 5000) memo.set(word, found);
    return found;
  };
  return { pack, tools: profiles, lemma };
}
