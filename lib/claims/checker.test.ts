import { describe, expect, it } from 'vitest';
import { checkClaims, createClaimChecker } from './index';

const mail = [
  { name: 'send_email', server: 'Mail', description: 'Send an email to a recipient' },
  { name: 'create_draft', server: 'Mail', description: 'Create a draft email without sending it' },
];
const weather = [
  {
    name: 'get_weather',
    server: 'Weather',
    description: 'Get the current weather for a city',
    annotations: { readOnlyHint: true },
  },
];

describe('checkClaims', () => {
  it('finds the issue example: "Done, it\'s sent." while send_email still runs', () => {
    const result = checkClaims({
      text: "Done, it's sent.",
      user: 'Email Ann the agenda',
      tools: [mail[0]!],
      ledger: [
        { tool: 'send_email', state: 'executing', turnsAgo: 0, args: { to: 'ann@example.com' } },
      ],
    });
    expect(result.verdict).toBe('unsupported');
    expect(result.claims).toMatchObject([
      { text: "Done, it's sent", tool: 'send_email', verdict: 'unsupported', ledger: [0] },
    ]);
  });

  it('points at the calls a claim rests on or contradicts, by toolCallId', () => {
    const checker = createClaimChecker(mail);
    const failed = checker.check({
      text: "I've sent the email to Ann.",
      ledger: [
        {
          toolCallId: 'call_1',
          tool: 'send_email',
          state: 'failed',
          error: { code: 'timeout', message: 'no answer' },
        },
      ],
    });
    expect(failed.claims[0]).toMatchObject({ verdict: 'contradicted', toolCallIds: ['call_1'] });
    const done = checker.check({
      text: "I've sent the email to Ann.",
      ledger: [
        {
          toolCallId: 'call_0',
          tool: 'send_email',
          state: 'failed',
          error: { code: 'timeout', message: 'x' },
        },
        {
          toolCallId: 'call_2',
          tool: 'send_email',
          state: 'done',
          args: { to: 'ann@example.com' },
        },
      ],
    });
    expect(done.claims[0]).toMatchObject({ verdict: 'supported', toolCallIds: ['call_2'] });
  });

  it('does not let a draft back "sent", nor Paris back Lyon', () => {
    const draft = checkClaims({
      text: 'The email has been sent.',
      tools: mail,
      ledger: [{ tool: 'create_draft', state: 'done', args: { to: 'ann@example.com' } }],
    });
    expect(draft.claims[0]).toMatchObject({ tool: 'send_email', verdict: 'unsupported' });
    const paris = checkClaims({
      text: "It's 18 degrees in Lyon.",
      tools: weather,
      ledger: [{ tool: 'get_weather', state: 'done', args: { city: 'Paris' }, result: '18' }],
    });
    expect(paris.verdict).toBe('unsupported');
    const lyon = checkClaims({
      text: "It's 18 degrees in Lyon.",
      tools: weather,
      ledger: [{ tool: 'get_weather', state: 'done', args: { city: 'Lyon' }, result: '18' }],
    });
    expect(lyon.verdict).toBe('supported');
  });

  it('claims nothing in intentions, questions, failure reports and small talk', () => {
    for (const text of [
      "I'll send it now.",
      'Let me look.',
      'Should I send it to Ann?',
      "The email didn't go through: the mail server timed out.",
      'Good morning!',
    ])
      expect(checkClaims({ text, tools: mail, user: 'Email Ann' }).verdict, text).toBe('none');
  });

  it('gives the worst verdict of several claims', () => {
    const result = checkClaims({
      text: "I've sent the email and your weather in Lyon is 18 degrees.",
      tools: [...mail, ...weather],
      ledger: [{ tool: 'get_weather', state: 'done', args: { city: 'Lyon' } }],
    });
    expect(result.claims.map((c) => c.verdict).sort()).toEqual(['supported', 'unsupported']);
    expect(result.verdict).toBe('unsupported');
  });
});
