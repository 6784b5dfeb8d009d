import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');

describe('npm run -s claims:check -- FILE.jsonl', () => {
  it('writes one line per case in order, and an error line for each malformed one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claims-check-'));
    const file = path.join(dir, 'cases.jsonl');
    const tools = [
      { name: 'send_email', server: 'Mail', description: 'Send an email to a recipient' },
    ];
    writeFileSync(
      file,
      [
        JSON.stringify({
          id: 'c1',
          text: "Done, it's sent.",
          user: 'Email Ann the agenda',
          tools,
          ledger: [
            {
              tool: 'send_email',
              state: 'executing',
              turnsAgo: 0,
              args: { to: 'ann@example.com' },
            },
          ],
        }),
        '{"id": "broken", ',
        JSON.stringify({
          id: 'c3',
          text: 'Sent!',
          tools,
          ledger: [{ tool: 'send_email', state: 'lost' }],
        }),
        '',
        JSON.stringify({ id: 'c4', text: "I'll send it now.", tools }),
        JSON.stringify({
          id: 'c5',
          text: "I've sent it.",
          tools,
          ledger: [
            {
              tool: 'send_email',
              state: 'failed',
              error: { code: 'timeout', message: 'no answer' },
            },
          ],
        }),
      ].join('\n'),
    );
    const { stdout } = await run('npm', ['run', '-s', 'claims:check', '--', file], { cwd: root });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        id: 'c1',
        verdict: 'unsupported',
        claims: [{ text: "Done, it's sent", tool: 'send_email', verdict: 'unsupported' }],
      },
      { line: 2, error: expect.stringContaining('not JSON') },
      { id: 'c3', line: 3, error: expect.stringContaining('ledger.0.state') },
      { id: 'c4', verdict: 'none', claims: [] },
      {
        id: 'c5',
        verdict: 'contradicted',
        claims: [{ text: "I've sent it", tool: 'send_email', verdict: 'contradicted' }],
      },
    ]);
    // npm and tsx start a process each: on a loaded 2-core machine that alone took over 30 s
  }, 120_000);
});
