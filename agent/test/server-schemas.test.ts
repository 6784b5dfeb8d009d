import { describe, expect, it } from 'vitest';
import { cleanInputSchema } from '@/lib/mcp/schema-clean';
import { validateToolArgs } from '@/lib/mcp/validate-args';
import { setUpCallTests } from './support/call-tests';
import { callTool, text } from './support/scripted-realtime-server';
import type { SeedServer } from './support/seed';

/**
 * What the model is given vs what the server is sent, in a real agent session: the model gets
 * the cleaned schema, while arguments are checked against the server's own schema under the
 * draft it declares, and structured results against its declared output schema.
 */
const BOOK_ROOM_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    room: { type: 'string' },
    from: { type: 'string' },
    until: { type: 'string' },
  },
  required: ['room'],
  dependentRequired: { until: ['from'] },
  unevaluatedProperties: false,
};
/** The model is given this without its if/then/else (schema-clean.ts), the server wants it all. */
const NOTIFY_SCHEMA = {
  type: 'object',
  properties: { channel: { enum: ['email', 'sms'] } },
  required: ['channel'],
  if: { properties: { channel: { const: 'email' } } },
  then: { properties: { address: { type: 'string' } }, required: ['address'] },
  else: { properties: { phone: { type: 'string' } }, required: ['phone'] },
};
const WEATHER_OUTPUT = {
  type: 'object',
  properties: { celsius: { type: 'number' } },
  required: ['celsius'],
};

const calls = setUpCallTests({
  fixture: {
    extraTools: [
      { name: 'book_room', inputSchema: BOOK_ROOM_SCHEMA },
      { name: 'notify', inputSchema: NOTIFY_SCHEMA },
      { name: 'weather', inputSchema: { type: 'object' }, outputSchema: WEATHER_OUTPUT },
    ],
    rawResults: {
      book_room: { content: [{ type: 'text', text: 'booked' }] },
      notify: { content: [{ type: 'text', text: 'sent' }] },
      // Breaks its own output schema: celsius is a string.
      weather: {
        content: [{ type: 'text', text: '{"celsius":"warm"}' }],
        structuredContent: { celsius: 'warm' },
      },
    },
  },
});

function server(): SeedServer {
  return {
    name: 'strict',
    url: calls.fixture.url,
    tools: [
      { name: 'book_room', inputSchema: BOOK_ROOM_SCHEMA },
      { name: 'notify', inputSchema: NOTIFY_SCHEMA },
      {
        name: 'weather',
        inputSchema: { type: 'object', properties: {} },
        outputSchema: WEATHER_OUTPUT,
      },
    ],
  };
}

describe('the server’s schema decides what reaches the server', () => {
  it('the model’s schema alone would let arguments through that the server’s refuses', () => {
    const cleaned = cleanInputSchema(NOTIFY_SCHEMA);
    expect(cleaned.notes.join(' ')).toMatch(/if\/then\/else/);
    expect(validateToolArgs(cleaned.schema, { channel: 'email' }).ok).toBe(true);
    expect(validateToolArgs(NOTIFY_SCHEMA, { channel: 'email' }).ok).toBe(false);
  });

  it('checks arguments against the server’s full schema, not the model’s (if/then/else)', async () => {
    const h = await calls.start({ servers: [server()] });
    const before = calls.fixture.received.length;
    h.rt.script(callTool('notify', { channel: 'email' }, 'c_notify'), text('Missing address.'));
    h.running.session.generateReply({ userInput: 'notify me' });
    const outcome = await h.waitForToolOutcome('c_notify');
    expect(outcome.error).toMatchObject({ code: 'invalid_arguments' });
    expect(outcome.error?.message).toMatch(/address/);
    expect(calls.fixture.received.slice(before)).toEqual([]);
  });

  it('refuses arguments the 2020-12 schema forbids (dependentRequired, unevaluatedProperties); sends valid ones', async () => {
    const h = await calls.start({ servers: [server()] });
    const before = calls.fixture.received.length;
    h.rt.script(
      {
        kind: 'function_calls',
        calls: [
          { name: 'book_room', arguments: { room: 'A', until: 'friday' }, callId: 'c_dep' },
          { name: 'book_room', arguments: { room: 'A', floor: 3 }, callId: 'c_extra' },
        ],
      },
      text('Those did not work.'),
    );
    h.running.session.generateReply({ userInput: 'book room A' });
    const dep = await h.waitForToolOutcome('c_dep');
    expect(dep.state).toBe('failed');
    expect(dep.error).toMatchObject({ code: 'invalid_arguments' });
    expect(dep.error?.message).toMatch(/from/);
    const extra = await h.waitForToolOutcome('c_extra');
    expect(extra.error).toMatchObject({ code: 'invalid_arguments' });
    expect(extra.error?.message).toMatch(/unevaluated/);
    expect(calls.fixture.received.slice(before)).toEqual([]);

    h.rt.script(
      callTool('book_room', { room: 'A', from: 'monday', until: 'friday' }, 'c_ok'),
      text('Booked.'),
    );
    h.running.session.generateReply({ userInput: 'from monday' });
    expect((await h.waitForToolOutcome('c_ok')).state).toBe('done');
    expect(calls.fixture.received.slice(before)).toEqual([
      {
        tool: 'book_room',
        args: { room: 'A', from: 'monday', until: 'friday' },
        at: expect.any(Number),
      },
    ]);
  });

  it('a structured result that breaks the declared output schema fails the call as a tool error', async () => {
    const h = await calls.start({ servers: [server()] });
    h.rt.script(callTool('weather', {}, 'c_weather'), text('No weather.'));
    h.running.session.generateReply({ userInput: 'weather?' });
    const outcome = await h.waitForToolOutcome('c_weather');
    expect(outcome.state).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'tool_error' });
    expect(outcome.error?.message).toMatch(
      /does not match its output schema: celsius must be number/,
    );
    expect((await h.rt.waitForFunctionCallOutput('c_weather')).output).toMatch(/^tool_error: /);
  });
});
