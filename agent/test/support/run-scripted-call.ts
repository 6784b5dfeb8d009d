/**
 * Runs one real agent session for a call that exists in a database, with the scripted Realtime
 * server standing in for the model, so end-to-end tests (and a browser watching the live monitor)
 * see a real call: real MCP servers from the call's config, real call events in the database.
 *
 *   tsx agent/test/support/run-scripted-call.ts --database-url file:/abs/path.db --call-id X --script path.json
 *   tsx agent/test/support/run-scripted-call.ts --database-url file:/abs/path.db --call-id X < script.json
 *
 * Options: --seal-key BASE64 (else SEAL_KEY, else the repository's data/local-secrets.json, as the
 * console in development), --mcp-connect-timeout-ms N (default 5000).
 *
 * Script format (JSON):
 *
 *   {
 *     "turns": [
 *       {
 *         "user": "Please email Ann that we are late",  // what the user says
 *         "spoken": false,                              // false: typed input (default); true: a spoken turn with a transcript
 *         "replies": [                                  // the model's answers, in order, for this turn
 *           { "call": { "name": "send_email", "arguments": { "to": "ann@example.com" }, "callId": "call_1" }, "delayMs": 500 },
 *           { "text": "Done: the email to Ann was sent.", "delayMs": 500 }
 *         ],
 *         "pauseMs": 800,                               // wait after the turn settled (default: script.pauseMs)
 *         "waitForFile": "/tmp/go"                      // optional: before the turn, wait (up to 120 s) until this file exists
 *       },
 *       {                                               // instead of "user": the caller presses Approve / Deny in the
 *         "button": { "toolCallId": "call_1", "decision": "approve", "by": "<user id>" },  // panel (the
 *         "replies": [{ "text": "Sent." }]              // console.confirm_tool RPC as the worker maps it); "by"
 *       }                                               // defaults to the call's caller
 *     ],
 *     "pauseMs": 600,    // default pause after each turn
 *     "delayMs": 300     // default delay before each reply starts
 *   }
 *
 * A reply is one of: { "text": "..." }, { "call": { name, arguments?, callId? } },
 * { "calls": [ ...several calls in one response ] }, { "error": { "code", "message" } }.
 * After a function call reply the framework sends the tool's output and asks for the next reply,
 * so a call is normally followed by a text reply. Each turn waits until every reply was played,
 * no tool call is running (one awaiting the caller's confirmation counts as settled: the next turn
 * answers it, e.g. a spoken "yes" with a `confirm_action` call) and the agent is listening again.
 * A refused button press is printed and the script goes on. After the last turn the session is
 * closed; the process exits 0 once `call_state ended` is stored, 1 on any error.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '@/lib/db/client';
import { loadOrCreateLocalSecrets } from '@/lib/env/local-secrets';
import { DEFAULT_STDIO_CONNECT_TIMEOUT_MS } from '@/lib/mcp/client-defaults';
import { parseSealKey } from '@/lib/seal';
import { startCallSession } from '../../src/call-session';
import { prepareCall } from '../../src/prepare-call';
import { handleConfirmToolRpc } from '../../src/confirm-tool-rpc';
import type { Logger } from '../../src/logger';
import { quietFrameworkLogs } from './call-harness';
import { startScriptedRealtimeServer, type ScriptedReply } from './scripted-realtime-server';

const Call = z.object({
  name: z.string().min(1),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
  callId: z.string().min(1).optional(),
});
const Reply = z.union([
  z.object({ text: z.string(), delayMs: z.number().int().nonnegative().optional() }),
  z.object({ call: Call, delayMs: z.number().int().nonnegative().optional() }),
  z.object({ calls: z.array(Call).min(1), delayMs: z.number().int().nonnegative().optional() }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);
export const CallScript = z.object({
  turns: z
    .array(
      z
        .object({
          user: z.string().min(1).optional(),
          spoken: z.boolean().default(false),
          button: z
            .object({
              toolCallId: z.string().min(1),
              decision: z.enum(['approve', 'deny']),
              by: z.string().min(1).optional(),
            })
            .optional(),
          replies: z.array(Reply).default([]),
          pauseMs: z.number().int().nonnegative().optional(),
          waitForFile: z.string().min(1).optional(),
        })
        .refine((turn) => (turn.user === undefined) !== (turn.button === undefined), {
          message: 'a turn has either "user" or "button"',
        }),
    )
    .min(1),
  pauseMs: z.number().int().nonnegative().default(600),
  delayMs: z.number().int().nonnegative().default(300),
});
export type CallScript = z.infer<typeof CallScript>;

function toScripted(reply: z.infer<typeof Reply>, defaultDelay: number): ScriptedReply {
  if ('error' in reply) return { kind: 'error', ...reply.error };
  const delayMs = reply.delayMs ?? defaultDelay;
  if ('text' in reply) return { kind: 'text', text: reply.text, delayMs };
  const calls = 'call' in reply ? [reply.call] : reply.calls;
  return { kind: 'function_calls', calls, delayMs };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'call-id': { type: 'string' },
      script: { type: 'string' },
      'seal-key': { type: 'string' },
      'mcp-connect-timeout-ms': { type: 'string' },
    },
  });
  const databaseUrl = values['database-url'];
  const callId = values['call-id'];
  if (!databaseUrl || !callId) {
    console.error(
      'usage: run-scripted-call --database-url file:/abs/path.db --call-id ID [--script file.json | < file.json]',
    );
    return 2;
  }
  const scriptText = values.script
    ? fs.readFileSync(values.script, 'utf8')
    : fs.readFileSync(0, 'utf8');
  const script = CallScript.parse(JSON.parse(scriptText));
  const sealKeyText =
    values['seal-key'] ?? process.env.SEAL_KEY ?? loadOrCreateLocalSecrets().sealKey;

  quietFrameworkLogs();
  const log: Logger = {
    info: (fields, message) => console.error(`[scripted-call] ${message}`, JSON.stringify(fields)),
    warn: (fields, message) =>
      console.error(`[scripted-call] WARN ${message}`, JSON.stringify(fields)),
    error: (fields, message) =>
      console.error(`[scripted-call] ERROR ${message}`, JSON.stringify(fields)),
  };
  const db = createDb(databaseUrl);
  const rt = await startScriptedRealtimeServer();
  try {
    const prepared = await prepareCall({
      db,
      callId,
      sealKey: parseSealKey(sealKeyText),
      openai: { apiKey: 'scripted', baseURL: rt.baseURL },
      mcpPolicy: { allowPrivate: true, allowList: [] },
      mcpConnectTimeoutMs: Number(values['mcp-connect-timeout-ms'] ?? 5000),
      mcpStdioConnectTimeoutMs: DEFAULT_STDIO_CONNECT_TIMEOUT_MS,
      mcpStdioEnabled: false,
      log,
    });
    const running = await startCallSession(prepared);
    // A turn has settled when every tool call it started has ended or waits for the caller.
    const toolCallStates = new Map<string, string>();
    running.emitter.onEvent((event) => {
      if (event.type === 'tool_call') toolCallStates.set(event.toolCallId, event.state);
    });
    const toolCallsSettled = () =>
      [...toolCallStates.values()].every(
        (state) => state === 'done' || state === 'failed' || state === 'awaiting_confirmation',
      );
    await sleep(script.pauseMs);
    for (const [index, turn] of script.turns.entries()) {
      if (turn.waitForFile) await waitForFile(turn.waitForFile, 120_000);
      rt.script(...turn.replies.map((r) => toScripted(r, script.delayMs)));
      if (turn.button) {
        const result = handleConfirmToolRpc(running.confirmations, {
          callerIdentity: turn.button.by ?? prepared.config.callerId,
          payload: JSON.stringify({
            toolCallId: turn.button.toolCallId,
            decision: turn.button.decision,
          }),
        });
        console.log(JSON.stringify({ turn: index, button: result }));
      } else if (turn.spoken) await rt.userSays(turn.user!);
      else running.session.generateReply({ userInput: turn.user! });
      await waitUntilSettled(
        () =>
          rt.remainingReplies === 0 &&
          toolCallsSettled() &&
          running.session.agentState === 'listening',
        60_000,
      );
      console.log(JSON.stringify({ turn: index, settled: true, toolCalls: toolCallStates.size }));
      await sleep(turn.pauseMs ?? script.pauseMs);
    }
    const end = await running.end();
    const stored = await db.callEvent.findFirst({
      where: { callId, type: 'call_state' },
      orderBy: { seq: 'desc' },
    });
    console.log(
      JSON.stringify({
        callId,
        ended: end.reason,
        eventsWritten: end.eventsWritten,
        eventsLost: end.eventsLost,
      }),
    );
    if (!stored || !stored.payload.includes('"ended"') || end.eventsLost > 0) {
      console.error('[scripted-call] the call did not end cleanly in the database');
      return 1;
    }
    return 0;
  } finally {
    await rt.close();
    await db.$disconnect();
  }
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** true for `stableMs` in a row, so a reply that immediately follows a tool output is not missed */
async function waitUntilSettled(
  done: () => boolean,
  timeoutMs: number,
  stableMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let since: number | undefined;
  for (;;) {
    if (done()) {
      since ??= Date.now();
      if (Date.now() - since >= stableMs) return;
    } else {
      since = undefined;
    }
    if (Date.now() > deadline) throw new Error(`the turn did not settle within ${timeoutMs} ms`);
    await sleep(25);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      '[scripted-call] failed:',
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
    process.exit(1);
  },
);
