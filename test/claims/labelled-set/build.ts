/**
 * Writes `cases.jsonl` from the hand-written sources beside it:
 * `npx tsx test/claims/labelled-set/build.ts`. The file is committed; the tests read it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCases } from './case-builder';
import { domainsA } from './domains-a';
import { domainsB } from './domains-b';
import { mixedCases } from './mixed-cases';

const cases = [...buildCases([...domainsA, ...domainsB]), ...mixedCases];
const ids = new Set(cases.map((c) => c.id));
if (ids.size !== cases.length) throw new Error('duplicate case ids');
const file = path.join(import.meta.dirname, 'cases.jsonl');
writeFileSync(file, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
const by = (k: string) => cases.filter((c) => c.expect === k).length;
console.log(
  `${cases.length} cases: ${by('unsupported')} unsupported, ${by('contradicted')} contradicted, ${by('supported')} supported, ${by('none')} none`,
);
