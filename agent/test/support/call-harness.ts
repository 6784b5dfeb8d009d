import { initializeLogger, loggerOptions } from '@livekit/agents';
import { decodeCallEvents } from '@/lib/call-events/wire';
import type { CallEvent, ToolCallEvent } from '@/lib/call-events/schema';
import type { Db } from '@/lib/db/client';
import { startCallSession, type RunningCall } from '../../src/call-session';
import { prepareCall } from '../../src/prepare-call';
import type { Logger } from '../../src/logger';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from './scripted-realtime-server';
import { seedCall, type SeedCallInput, type SeededCall } from './seed';

/**
 * A real call without a room: the call is seeded in a real database, its MCP servers are real,
 * the session is the unmodified framework with the Realtime plugin pointed at the scripted server.
 */
export interface CallHarness {
  rt: ScriptedRealtimeServer;
  running: RunningCall;
  seeded: SeededCall;
  /** every event as published on `console.events`, parsed, in publish order */
  published: CallEvent[];
  logs: Array<{ level: string; message: string; fields: Record<string, unknown> }>;
  toolEvents(toolCallId: string): ToolCallEvent[];
  /** resolves when the tool call reached done or failed */
  waitForToolOutcome(toolCallId: string, timeoutMs?: number): Promise<ToolCallEvent>;
  waitForEvent(predicate: (e: CallEvent) => boolean, timeoutMs?: number): Promise<CallEvent>;
  end(): Promise<void>;
}

export function quietFrameworkLogs(): void {
  if (!loggerOptions()) initializeLogger({ pretty: false, level: 'fatal' });
}

export async function startCallHarness(
  input: Omit<SeedCallInput, 'db' | 'sealKey'> & {
    db: Db;
    sealKey: Buffer;
    mcpConnectTimeoutMs?: number;
    mcpStdioConnectTimeoutMs?: number;
    /** MCP_STDIO_ENABLED of the worker under test (off by default, as in production) */
    mcpStdioEnabled?: boolean;
  },
): Promise<CallHarness> {
  quietFrameworkLogs();
  const rt = await startScriptedRealtimeServer();
  const seeded = await seedCall(input);
  const published: CallEvent[] = [];
  const logs: CallHarness['logs'] = [];
  const log: Logger = {
    info: (fields, message) => logs.push({ level: 'info', message, fields }),
    warn: (fields, message) => logs.push({ level: 'warn', message, fields }),
    error: (fields, message) => logs.push({ level: 'error', message, fields }),
  };
  const listeners = new Set<() => void>();
  const prepared = await prepareCall({
    db: input.db,
    callId: seeded.callId,
    sealKey: input.sealKey,
    openai: { apiKey: 'test-key', baseURL: rt.baseURL },
    mcpPolicy: { allowPrivate: true, allowList: [] },
    mcpConnectTimeoutMs: input.mcpConnectTimeoutMs ?? 3000,
    mcpStdioConnectTimeoutMs: input.mcpStdioConnectTimeoutMs ?? 20_000,
    mcpStdioEnabled: input.mcpStdioEnabled ?? false,
    log,
  });
  const running = await startCallSession(prepared, {
    publish: async (text, { topic }) => {
      if (topic !== 'console.events') throw new Error(`unexpected topic ${topic}`);
      published.push(...decodeCallEvents(text).events);
      for (const listener of listeners) listener();
    },
  });

  const waitForEvent = (predicate: (e: CallEvent) => boolean, timeoutMs = 15_000) =>
    new Promise<CallEvent>((resolve, reject) => {
      const check = () => {
        const found = published.find(predicate);
        if (found) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `no matching call event within ${timeoutMs} ms; got ${JSON.stringify(published)}`,
          ),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });

  const toolEvents = (toolCallId: string) =>
    published.filter(
      (e): e is ToolCallEvent => e.type === 'tool_call' && e.toolCallId === toolCallId,
    );

  return {
    rt,
    running,
    seeded,
    published,
    logs,
    toolEvents,
    waitForEvent,
    async waitForToolOutcome(toolCallId, timeoutMs) {
      return (await waitForEvent(
        (e) =>
          e.type === 'tool_call' &&
          e.toolCallId === toolCallId &&
          (e.state === 'done' || e.state === 'failed'),
        timeoutMs,
      )) as ToolCallEvent;
    },
    async end() {
      await running.end();
      await rt.close();
    },
  };
}
