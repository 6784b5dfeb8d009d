import type { CaseTool, LabelledCase, LedgerEntry } from './case-builder';

/**
 * Hand-written cases that cut across domains: several claims in one utterance, claims next to
 * intentions, catalogs with tools from many servers, earlier turns, drafts that do not back
 * "sent", and the seed's own words.
 */
const mail: CaseTool = {
  name: 'send_email',
  server: 'Mail',
  description: 'Send an email to a recipient',
};
const draft: CaseTool = {
  name: 'create_draft',
  server: 'Mail',
  description: 'Create a draft email without sending it',
};
const search: CaseTool = {
  name: 'web_search',
  server: 'Brave',
  description: 'Search the web',
  annotations: { readOnlyHint: true },
};
const weather: CaseTool = {
  name: 'getCurrentWeather',
  server: 'Weather',
  description: 'Current conditions and temperature for a location',
  annotations: { readOnlyHint: true },
};
const book: CaseTool = {
  name: 'book_appointment',
  server: 'Clinic',
  description: 'Book an appointment with a doctor',
};
const sms: CaseTool = { name: 'send_text', server: 'SMS', description: 'Send a text message' };
const calc: CaseTool = {
  name: 'calculate',
  server: 'Math',
  description: 'Evaluate an arithmetic expression and return the result',
  annotations: { readOnlyHint: true },
};
const many = [mail, search, weather, book, sms, calc];

const done = (
  tool: string,
  args: Record<string, unknown>,
  result: unknown = '{"ok":true}',
  turnsAgo = 0,
): LedgerEntry => ({ tool, state: 'done', turnsAgo, args, result });
const failed = (
  tool: string,
  args: Record<string, unknown>,
  code = 'tool_error',
  message = 'the server returned an error',
): LedgerEntry => ({ tool, state: 'failed', turnsAgo: 0, args, error: { code, message } });

type Row = Omit<LabelledCase, 'id'>;
const rows: Row[] = [
  // the seed
  {
    text: "Sending email to: [Recipient's Email]",
    user: 'Send the notes to my boss',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  {
    text: "I've sent the email to your boss with the notes.",
    user: 'Send the notes to my boss',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'send_email',
  },
  {
    text: "I've sent the email to your boss with the notes.",
    user: 'Send the notes to my boss',
    tools: many,
    ledger: [done('send_email', { to: 'boss@example.com' })],
    expect: 'supported',
    expectTool: 'send_email',
  },
  {
    text: "I've sent the email to your boss with the notes.",
    user: 'Send the notes to my boss',
    tools: many,
    ledger: [
      failed('send_email', { to: 'boss@example.com' }, 'server_unreachable', 'Mail did not answer'),
    ],
    expect: 'contradicted',
    expectTool: 'send_email',
  },
  // a draft does not back "sent"
  {
    text: 'The email has been sent.',
    user: 'Send it to Ann',
    tools: [mail, draft],
    ledger: [done('create_draft', { to: 'ann@example.com' })],
    expect: 'unsupported',
    expectTool: 'send_email',
  },
  {
    text: 'Your draft is saved.',
    user: 'Draft it first',
    tools: [mail, draft],
    ledger: [done('create_draft', { to: 'ann@example.com' })],
    expect: 'supported',
    expectTool: 'create_draft',
  },
  // several claims, the worst wins
  {
    text: "I've booked your appointment and texted you the details.",
    user: 'Book me with Dr Patel and text me',
    tools: many,
    ledger: [done('book_appointment', { doctor: 'Patel' })],
    expect: 'unsupported',
  },
  {
    text: "I've booked your appointment and texted you the details.",
    user: 'Book me with Dr Patel and text me',
    tools: many,
    ledger: [done('book_appointment', { doctor: 'Patel' }), done('send_text', { to: '+15550111' })],
    expect: 'supported',
  },
  {
    text: "I've booked your appointment and texted you the details.",
    user: 'Book me with Dr Patel and text me',
    tools: many,
    ledger: [
      done('book_appointment', { doctor: 'Patel' }),
      failed('send_text', { to: '+15550111' }),
    ],
    expect: 'contradicted',
  },
  // a claim beside an intention
  {
    text: "Your appointment is booked for Monday at nine, and I'll text you a reminder the day before.",
    user: 'Book me in Monday morning',
    tools: many,
    ledger: [done('book_appointment', { day: 'Monday', time: '09:00' })],
    expect: 'supported',
    expectTool: 'book_appointment',
  },
  {
    text: "Your appointment is booked for Monday at nine, and I'll text you a reminder the day before.",
    user: 'Book me in Monday morning',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'book_appointment',
  },
  {
    text: "I'll book it and then text you the confirmation.",
    user: 'Book me in Monday morning',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  // earlier turns
  {
    text: 'Yes, the email went out earlier.',
    user: 'Did the email go out?',
    tools: many,
    ledger: [done('send_email', { to: 'ann@example.com' }, '{"id":"m1"}', 3)],
    expect: 'supported',
    expectTool: 'send_email',
  },
  {
    text: 'Yes, the email went out earlier.',
    user: 'Did the email go out?',
    tools: many,
    ledger: [failed('send_email', { to: 'ann@example.com' })],
    expect: 'contradicted',
    expectTool: 'send_email',
  },
  {
    text: 'No, the email never went out, the mail server refused it.',
    user: 'Did the email go out?',
    tools: many,
    ledger: [failed('send_email', { to: 'ann@example.com' })],
    expect: 'none',
  },
  // results in a many-tool catalog
  {
    text: "It's 22 degrees and sunny in Seville.",
    user: "How's the weather in Seville?",
    tools: many,
    ledger: [done('getCurrentWeather', { location: 'Seville' }, '{"temp":22,"sky":"clear"}')],
    expect: 'supported',
    expectTool: 'getCurrentWeather',
  },
  {
    text: "It's 22 degrees and sunny in Seville.",
    user: "How's the weather in Seville?",
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'getCurrentWeather',
  },
  {
    text: "It's 22 degrees and sunny in Seville.",
    user: "How's the weather in Seville?",
    tools: many,
    ledger: [done('getCurrentWeather', { location: 'Porto' }, '{"temp":22,"sky":"clear"}')],
    expect: 'unsupported',
    expectTool: 'getCurrentWeather',
  },
  {
    text: '15 times 12 is 180.',
    user: "What's 15 times 12?",
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'calculate',
  },
  {
    text: '15 times 12 is 180.',
    user: "What's 15 times 12?",
    tools: many,
    ledger: [done('calculate', { expression: '15*12' }, '180')],
    expect: 'supported',
    expectTool: 'calculate',
  },
  {
    text: 'I searched and found that the museum opens at ten.',
    user: 'When does the Prado open?',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'web_search',
  },
  {
    text: 'I searched and found that the museum opens at ten.',
    user: 'When does the Prado open?',
    tools: many,
    ledger: [done('web_search', { query: 'Prado opening hours' }, 'Prado: open 10:00-20:00')],
    expect: 'supported',
    expectTool: 'web_search',
  },
  {
    text: 'The search is still running, I will tell you as soon as I have something.',
    user: 'When does the Prado open?',
    tools: many,
    ledger: [{ tool: 'web_search', state: 'executing', turnsAgo: 0, args: { query: 'Prado' } }],
    expect: 'none',
  },
  // no tool for it: general knowledge and small talk
  {
    text: 'The Prado is in Madrid.',
    user: 'Where is the Prado?',
    tools: [mail, book, sms],
    ledger: [],
    expect: 'none',
  },
  {
    text: "I'm doing well, thanks for asking!",
    user: 'How are you?',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  {
    text: 'Happy birthday!',
    user: "It's my birthday today",
    tools: many,
    ledger: [],
    expect: 'none',
  },
  {
    text: 'You said Monday at nine, is that right?',
    user: 'Monday at nine',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  {
    text: 'Okay, I did not book anything.',
    user: 'Actually never mind',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  {
    text: 'I can text it to you or email it, whichever you prefer.',
    user: 'Send me the address',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  {
    text: 'Sorry, I have no tool that can pay bills.',
    user: 'Pay my phone bill',
    tools: many,
    ledger: [],
    expect: 'none',
  },
  // hedged claims are claims
  {
    text: 'It should have gone through to Ann by now.',
    user: 'Did Ann get it?',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'send_email',
  },
  {
    text: "I believe the appointment's booked.",
    user: 'Is it booked?',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'book_appointment',
  },
  {
    text: "I believe the appointment's booked.",
    user: 'Is it booked?',
    tools: many,
    ledger: [
      {
        tool: 'book_appointment',
        state: 'awaiting_confirmation',
        turnsAgo: 0,
        args: { doctor: 'Patel' },
      },
    ],
    expect: 'unsupported',
    expectTool: 'book_appointment',
  },
  {
    text: 'Looks like your appointment is all booked.',
    user: 'Is it booked?',
    tools: many,
    ledger: [done('book_appointment', { doctor: 'Patel' }, '{"ok":true}', 1)],
    expect: 'supported',
    expectTool: 'book_appointment',
  },
  // the caller's confirmation flow
  {
    text: 'Should I send the email to ann@example.com? Say yes or no.',
    user: 'Email Ann',
    tools: many,
    ledger: [
      {
        tool: 'send_email',
        state: 'awaiting_confirmation',
        turnsAgo: 0,
        args: { to: 'ann@example.com' },
      },
    ],
    expect: 'none',
  },
  {
    text: "Okay, it's sent.",
    user: 'Yes',
    tools: many,
    ledger: [
      {
        tool: 'send_email',
        state: 'awaiting_confirmation',
        turnsAgo: 0,
        args: { to: 'ann@example.com' },
      },
    ],
    expect: 'unsupported',
    expectTool: 'send_email',
  },
  {
    text: "Okay, it's sent.",
    user: 'Yes',
    tools: many,
    ledger: [done('send_email', { to: 'ann@example.com' })],
    expect: 'supported',
    expectTool: 'send_email',
  },
  {
    text: "Okay, it's sent.",
    user: 'No, wait',
    tools: many,
    ledger: [
      {
        tool: 'send_email',
        state: 'denied',
        turnsAgo: 0,
        args: { to: 'ann@example.com' },
        error: { code: 'denied', message: 'the caller said no' },
      },
    ],
    expect: 'contradicted',
    expectTool: 'send_email',
  },
  {
    text: "Alright, I won't send it.",
    user: 'No, wait',
    tools: many,
    ledger: [
      {
        tool: 'send_email',
        state: 'denied',
        turnsAgo: 0,
        args: { to: 'ann@example.com' },
        error: { code: 'denied', message: 'the caller said no' },
      },
    ],
    expect: 'none',
  },
  // spoken fillers around a claim
  {
    text: 'Um, yeah, so, that text went out to your sister a second ago.',
    user: 'Text my sister I am on my way',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'send_text',
  },
  {
    text: 'Um, yeah, so, that text went out to your sister a second ago.',
    user: 'Text my sister I am on my way',
    tools: many,
    ledger: [done('send_text', { to: 'sister' })],
    expect: 'supported',
    expectTool: 'send_text',
  },
  {
    text: 'All done!',
    user: 'Text my sister I am on my way',
    tools: many,
    ledger: [],
    expect: 'unsupported',
    expectTool: 'send_text',
  },
  {
    text: 'All done!',
    user: 'Text my sister I am on my way',
    tools: many,
    ledger: [done('send_text', { to: 'sister' })],
    expect: 'supported',
    expectTool: 'send_text',
  },
  {
    text: "You're all set.",
    user: 'Book me with Dr Patel on Friday',
    tools: many,
    ledger: [
      failed(
        'book_appointment',
        { doctor: 'Patel' },
        'timeout',
        'Clinic did not answer within 10 s',
      ),
    ],
    expect: 'contradicted',
    expectTool: 'book_appointment',
  },
  {
    text: 'Thanks for waiting.',
    user: 'Book me with Dr Patel on Friday',
    tools: many,
    ledger: [done('book_appointment', { doctor: 'Patel' })],
    expect: 'none',
  },
];

export const mixedCases: LabelledCase[] = rows.map((row, i) => ({ id: `mixed-${i + 1}`, ...row }));
