import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaims, isFlagged, UtteranceVerdict } from '@/lib/claims';
import type { LabelledCase } from './labelled-set/case-builder';

/**
 * The labelled set (test/claims/labelled-set/cases.jsonl, written before the checker was tuned)
 * through the checker: precision and recall of flagging (unsupported or contradicted) at least
 * 0.9 each, as issue 11 asks. The confusion matrix is printed for the closing note.
 */

const file = path.join(import.meta.dirname, 'labelled-set', 'cases.jsonl');
const cases = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as LabelledCase);

const verdicts = UtteranceVerdict.options;

describe('the labelled set', () => {
  it('has at least 300 cases over many domains, with minimal pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const domains = new Set(cases.map((c) => c.id.replace(/-\d+$/, '')));
    expect(domains.size).toBeGreaterThanOrEqual(15);
    const byText = new Map<string, Set<string>>();
    for (const c of cases) byText.set(c.text, (byText.get(c.text) ?? new Set()).add(c.expect));
    const pairs = [...byText.values()].filter((s) => s.size > 1).length;
    expect(pairs).toBeGreaterThanOrEqual(60);
  });

  it('flags unbacked claims with precision and recall of at least 0.9', () => {
    const matrix = new Map<string, number>();
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const wrong: string[] = [];
    for (const c of cases) {
      const got = checkClaims(c).verdict;
      matrix.set(`${c.expect}>${got}`, (matrix.get(`${c.expect}>${got}`) ?? 0) + 1);
      const flagged = isFlagged(got);
      const should = isFlagged(c.expect);
      if (flagged && should) tp++;
      else if (flagged) fp++;
      else if (should) fn++;
      else tn++;
      if (got !== c.expect) wrong.push(`${c.id}: expected ${c.expect}, got ${got}: ${c.text}`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    const pad = (s: string | number) => String(s).padStart(13);
    const rows = [
      `${pad('expected\\got')}${verdicts.map(pad).join('')}`,
      ...verdicts.map(
        (e) => `${pad(e)}${verdicts.map((g) => pad(matrix.get(`${e}>${g}`) ?? 0)).join('')}`,
      ),
    ];
    console.log(
      [
        `claims checker over ${cases.length} labelled cases`,
        ...rows,
        `flagging: tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn}; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
        `exact verdict: ${(cases.length - wrong.length) / cases.length}`,
        ...wrong.map((w) => `  ${w}`),
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('names the tool each flagged claim needs', () => {
    const named = cases.filter((c) => c.expectTool && isFlagged(c.expect));
    const right = named.filter((c) =>
      checkClaims(c).claims.some((claim) => claim.tools.includes(c.expectTool!)),
    );
    expect(right.length / named.length).toBeGreaterThanOrEqual(0.9);
  });
});
