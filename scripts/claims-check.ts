/**
 * `npm run -s claims:check -- FILE.jsonl`: checks each case of a JSON Lines file (issue 11's
 * format) and writes one JSON line per case, in order, to stdout. `-` or no file reads stdin.
 */
import { readFileSync } from 'node:fs';
import { checkCaseLine } from '@/lib/claims/jsonl';

const file = process.argv[2];
let text: string;
try {
  text = readFileSync(file && file !== '-' ? file : 0, 'utf8');
} catch (e) {
  process.stderr.write(`claims:check: cannot read ${file ?? 'stdin'}: ${(e as Error).message}\n`);
  process.exit(2);
}
// A malformed line is reported on its own line; it does not stop the others, nor fail the run.
text.split(/\r?\n/).forEach((line, i) => {
  const out = checkCaseLine(line, i + 1);
  if (out) process.stdout.write(`${JSON.stringify(out)}\n`);
});
