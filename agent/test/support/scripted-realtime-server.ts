import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A scripted stand-in for the OpenAI Realtime API (shared/REALTIME.md), on 127.0.0.1.
 * It speaks the GA protocol the unmodified @livekit/agents-plugin-openai 1.9.0 speaks, plays
 * scripted replies, and records every client event, so tests can assert what the model was
 * really given (tool definitions, function_call_output items).
 *
 * Replies are consumed in order: each `response.create` from the plugin takes the next one, and
 * `userSays()` (a spoken user turn) takes the next one for its server-initiated response.
 * A reply with no script left is an empty text reply ("").
 *
 * Several sessions at once (several calls, each its own connection): `scriptFor(key, ...)` gives
 * replies to the one connection whose caller first types a message containing `key`; from then on
 * that connection's responses take from its own queue, never from the shared one, and every
 * connection keeps its own conversation (previous_item_id) and response state.
 */

export type ScriptedReply =
  | { kind: 'text'; text: string; delayMs?: number }
  | {
      kind: 'function_calls';
      calls: Array<{ name: string; arguments: Record<string, unknown> | string; callId?: string }>;
      delayMs?: number;
    }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'failed'; errorType?: string };

export interface ClientEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

export interface FunctionCallOutputItem {
  id: string;
  call_id: string;
  output: string;
  previous_item_id?: string;
}

/** What the model heard: the caller's audio as the plugin appended it (PCM16, 24 kHz mono). */
export interface InputAudioLevel {
  /** input_audio_buffer.append events */
  chunks: number;
  samples: number;
  /** root mean square over every sample, 0..1 of full scale */
  rms: number;
  /** the loudest 100 ms window's RMS, 0..1 */
  loudestRms: number;
  peak: number;
}

export interface ScriptedRealtimeServerOptions {
  /**
   * Text replies also carry speech: `response.output_audio.delta` with real PCM16 24 kHz (a voiced
   * tone, 250 ms per word) beside the transcript, so an agent in a room publishes real sound.
   */
  audio?: boolean;
}

export interface ScriptedRealtimeServer {
  /** the caller's audio the model received so far (input_audio_buffer.append) */
  inputAudioLevel(): InputAudioLevel;
  /** forget the input audio measured so far */
  resetInputAudio(): void;
  /** pass as the RealtimeModel's baseURL */
  readonly baseURL: string;
  readonly port: number;
  /** every client event, in arrival order, over all connections */
  readonly received: ClientEvent[];
  /** URLs and Authorization headers of the WebSocket connections */
  readonly connections: Array<{ url: string; authorization: string | undefined }>;
  /** queue replies for upcoming responses */
  script(...replies: ScriptedReply[]): void;
  /**
   * replies for the session whose caller's first typed message containing `key` arrives (its
   * connection is bound to the key then; later responses on it take from this queue only)
   */
  scriptFor(key: string, ...replies: ScriptedReply[]): void;
  /** the keys bound to a connection so far, with that connection's index in `connections` */
  readonly boundSessions: ReadonlyMap<string, number>;
  /** scripted replies not played yet */
  readonly remainingReplies: number;
  /** a spoken user turn without audio: speech events, a transcript, then a server-initiated reply */
  userSays(transcript: string): Promise<void>;
  /** the user starts talking (barge-in): only `input_audio_buffer.speech_started` */
  userStartsSpeaking(): Promise<void>;
  /** resolves with the first client event (already received or future) that matches */
  waitFor(predicate: (event: ClientEvent) => boolean, timeoutMs?: number): Promise<ClientEvent>;
  sessionUpdates(): ClientEvent[];
  /** the `tools` of the last session.update that carried tools */
  toolsSent(): Array<{ type: string; name: string; description?: string; parameters: unknown }>;
  functionCallOutputs(): FunctionCallOutputItem[];
  waitForFunctionCallOutput(callId: string, timeoutMs?: number): Promise<FunctionCallOutputItem>;
  /** drops every open socket (the plugin reconnects) */
  dropConnections(): void;
  close(): Promise<void>;
}

export const text = (value: string, delayMs?: number): ScriptedReply => ({
  kind: 'text',
  text: value,
  delayMs,
});
export const callTool = (
  name: string,
  args: Record<string, unknown> | string,
  callId?: string,
  delayMs?: number,
): ScriptedReply => ({
  kind: 'function_calls',
  calls: [{ name, arguments: args, callId }],
  delayMs,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const OUTPUT_RATE = 24_000;
/** 250 ms of a voiced sound per word, base64 PCM16 LE at 24 kHz, in 50 ms chunks. */
function speechChunks(words: number): string[] {
  const chunkSamples = OUTPUT_RATE / 20;
  const chunks: string[] = [];
  const total = Math.max(1, words) * (OUTPUT_RATE / 4);
  for (let start = 0; start < total; start += chunkSamples) {
    const pcm = Buffer.alloc(chunkSamples * 2);
    for (let i = 0; i < chunkSamples; i++) {
      const t = (start + i) / OUTPUT_RATE;
      const envelope = Math.sin(Math.PI * ((t * 4) % 1));
      let v = 0;
      for (let h = 1; h <= 4; h++) v += Math.sin(2 * Math.PI * 220 * h * t) / h;
      pcm.writeInt16LE(Math.round(0.3 * 32_767 * envelope * (v / 2.08)), i * 2);
    }
    chunks.push(pcm.toString('base64'));
  }
  return chunks;
}

export async function startScriptedRealtimeServer(
  options: ScriptedRealtimeServerOptions = {},
): Promise<ScriptedRealtimeServer> {
  let input = { chunks: 0, samples: 0, sumSquares: 0, peak: 0, loudest: 0, window: 0, windowN: 0 };
  const resetInput = () =>
    (input = { chunks: 0, samples: 0, sumSquares: 0, peak: 0, loudest: 0, window: 0, windowN: 0 });
  const measureInput = (base64: string) => {
    const pcm = Buffer.from(base64, 'base64');
    input.chunks++;
    for (let i = 0; i + 1 < pcm.length; i += 2) {
      const v = pcm.readInt16LE(i) / 32_768;
      input.samples++;
      input.sumSquares += v * v;
      input.peak = Math.max(input.peak, Math.abs(v));
      input.window += v * v;
      if (++input.windowN === OUTPUT_RATE / 10) {
        input.loudest = Math.max(input.loudest, Math.sqrt(input.window / input.windowN));
        input.window = 0;
        input.windowN = 0;
      }
    }
  };
  const received: ClientEvent[] = [];
  const connections: Array<{ url: string; authorization: string | undefined }> = [];
  const replies: ScriptedReply[] = [];
  const waiters = new Set<{
    predicate: (e: ClientEvent) => boolean;
    resolve: (e: ClientEvent) => void;
  }>();
  const sockets = new Set<WebSocket>();
  let current: WebSocket | undefined;
  let counter = 0;
  const id = (prefix: string) => `${prefix}_${++counter}`;
  /** the last item of the server's conversation, for previous_item_id */
  /** what each connection (one agent session) has of its own */
  interface Conversation {
    index: number;
    /** the last item of this connection's conversation, for previous_item_id */
    lastItemId: string | null;
    cancelled: Set<string>;
    activeResponseId: string | undefined;
    /** bound by scriptFor's key; otherwise the shared `replies` */
    replies?: ScriptedReply[];
  }
  const conversations = new WeakMap<WebSocket, Conversation>();
  const conv = (ws: WebSocket): Conversation => {
    let found = conversations.get(ws);
    if (!found) {
      found = { index: -1, lastItemId: null, cancelled: new Set(), activeResponseId: undefined };
      conversations.set(ws, found);
    }
    return found;
  };
  const keyedReplies = new Map<string, ScriptedReply[]>();
  const boundSessions = new Map<string, number>();
  /** a user's typed message may bind its connection to the first unbound key it contains */
  const bindByUserText = (ws: WebSocket, item: Record<string, unknown>) => {
    const state = conv(ws);
    if (state.replies || item.type !== 'message' || item.role !== 'user') return;
    const content = Array.isArray(item.content) ? (item.content as Array<{ text?: unknown }>) : [];
    const typed = content.map((part) => (typeof part.text === 'string' ? part.text : '')).join(' ');
    for (const [key, queue] of keyedReplies) {
      if (boundSessions.has(key) || !typed.includes(key)) continue;
      state.replies = queue;
      boundSessions.set(key, state.index);
      return;
    }
  };

  const httpServer = http.createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: httpServer });

  const send = (ws: WebSocket, event: Record<string, unknown>) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event_id: id('event'), ...event }));
  };

  const itemAdded = (ws: WebSocket, item: Record<string, unknown>, previous: string | null) => {
    send(ws, { type: 'conversation.item.added', previous_item_id: previous, item });
    conv(ws).lastItemId = String(item.id);
  };

  async function playReply(ws: WebSocket, clientEventId: string | undefined) {
    const state = conv(ws);
    const reply: ScriptedReply = (state.replies ?? replies).shift() ?? { kind: 'text', text: '' };
    if (reply.kind === 'error') {
      send(ws, {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: reply.code,
          message: reply.message,
          param: null,
          event_id: clientEventId ?? null,
        },
      });
      return;
    }
    const responseId = id('resp');
    state.activeResponseId = responseId;
    const metadata = clientEventId ? { client_event_id: clientEventId } : null;
    send(ws, {
      type: 'response.created',
      response: { id: responseId, status: 'in_progress', metadata, output: [] },
    });
    const isCancelled = () => state.cancelled.has(responseId);
    const finish = (status: string, statusDetails?: unknown) => {
      if (state.activeResponseId === responseId) state.activeResponseId = undefined;
      send(ws, {
        type: 'response.done',
        response: {
          id: responseId,
          status,
          status_details: statusDetails ?? null,
          metadata,
          output: [],
        },
      });
    };
    if (reply.kind === 'failed') {
      finish('failed', {
        type: 'failed',
        error: { type: reply.errorType ?? 'server_error', message: 'scripted failure' },
      });
      return;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (isCancelled())
      return finish('cancelled', { type: 'cancelled', reason: 'client_cancelled' });
    if (reply.kind === 'text') {
      const itemId = id('msg');
      const item = {
        id: itemId,
        type: 'message',
        role: 'assistant',
        status: 'in_progress',
        content: [],
      };
      send(ws, {
        type: 'response.output_item.added',
        response_id: responseId,
        output_index: 0,
        item,
      });
      itemAdded(ws, item, state.lastItemId);
      send(ws, {
        type: 'response.content_part.added',
        response_id: responseId,
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        part: { type: 'audio', transcript: '' },
      });
      const words = reply.text.match(/\S+\s*/g) ?? [];
      for (const word of words) {
        if (isCancelled())
          return finish('cancelled', { type: 'cancelled', reason: 'client_cancelled' });
        send(ws, {
          type: 'response.output_audio_transcript.delta',
          response_id: responseId,
          item_id: itemId,
          output_index: 0,
          content_index: 0,
          delta: word,
        });
      }
      if (options.audio && words.length > 0) {
        for (const delta of speechChunks(words.length)) {
          if (isCancelled())
            return finish('cancelled', { type: 'cancelled', reason: 'client_cancelled' });
          send(ws, {
            type: 'response.output_audio.delta',
            response_id: responseId,
            item_id: itemId,
            output_index: 0,
            content_index: 0,
            delta,
          });
        }
        send(ws, {
          type: 'response.output_audio.done',
          response_id: responseId,
          item_id: itemId,
          output_index: 0,
          content_index: 0,
        });
      }
      send(ws, {
        type: 'response.output_audio_transcript.done',
        response_id: responseId,
        item_id: itemId,
        transcript: reply.text,
      });
      send(ws, {
        type: 'response.output_item.done',
        response_id: responseId,
        output_index: 0,
        item: {
          ...item,
          status: 'completed',
          content: [{ type: 'output_audio', transcript: reply.text }],
        },
      });
      finish('completed');
      return;
    }
    reply.calls.forEach((call, index) => {
      const itemId = id('fc');
      const callId = call.callId ?? id('call');
      const args =
        typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
      const item = {
        id: itemId,
        type: 'function_call',
        status: 'in_progress',
        call_id: callId,
        name: call.name,
        arguments: '',
      };
      send(ws, {
        type: 'response.output_item.added',
        response_id: responseId,
        output_index: index,
        item,
      });
      itemAdded(ws, item, state.lastItemId);
      send(ws, {
        type: 'response.function_call_arguments.done',
        response_id: responseId,
        item_id: itemId,
        output_index: index,
        call_id: callId,
        arguments: args,
      });
      send(ws, {
        type: 'response.output_item.done',
        response_id: responseId,
        output_index: index,
        item: { ...item, status: 'completed', arguments: args },
      });
    });
    finish('completed');
  }

  function onClientEvent(ws: WebSocket, event: ClientEvent) {
    if (event.type === 'input_audio_buffer.append' && typeof event.audio === 'string') {
      // Fifty a second for as long as a caller is in the room: measured, not kept.
      measureInput(event.audio);
      return;
    }
    received.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
    switch (event.type) {
      case 'session.update':
        send(ws, { type: 'session.updated', session: event.session ?? {} });
        break;
      case 'conversation.item.create': {
        const item = event.item as Record<string, unknown>;
        const previous = (event.previous_item_id as string | undefined) ?? conv(ws).lastItemId;
        bindByUserText(ws, item);
        itemAdded(ws, item, previous ?? null);
        break;
      }
      case 'conversation.item.delete':
        send(ws, { type: 'conversation.item.deleted', item_id: event.item_id });
        break;
      case 'conversation.item.truncate':
        send(ws, {
          type: 'conversation.item.truncated',
          item_id: event.item_id,
          content_index: 0,
          audio_end_ms: event.audio_end_ms,
        });
        break;
      case 'response.create':
        void playReply(ws, event.event_id);
        break;
      case 'response.cancel':
        if (conv(ws).activeResponseId) conv(ws).cancelled.add(conv(ws).activeResponseId!);
        break;
      case 'input_audio_buffer.commit':
        send(ws, {
          type: 'input_audio_buffer.committed',
          item_id: id('audio'),
          previous_item_id: conv(ws).lastItemId,
        });
        break;
      case 'input_audio_buffer.clear':
        send(ws, { type: 'input_audio_buffer.cleared' });
        break;
      default:
        break;
    }
  }

  wss.on('connection', (ws, req) => {
    sockets.add(ws);
    current = ws;
    connections.push({ url: req.url ?? '', authorization: req.headers.authorization });
    conv(ws).index = connections.length - 1;
    send(ws, {
      type: 'session.created',
      session: { id: id('sess'), type: 'realtime', object: 'realtime.session' },
    });
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as ClientEvent;
      onClientEvent(ws, event);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      if (current === ws) current = undefined;
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;

  const socket = async (timeoutMs = 5000): Promise<WebSocket> => {
    const started = Date.now();
    while (!current || current.readyState !== current.OPEN) {
      if (Date.now() - started > timeoutMs) throw new Error('no Realtime client is connected');
      await sleep(10);
    }
    return current;
  };

  function waitFor(
    predicate: (e: ClientEvent) => boolean,
    timeoutMs = 10_000,
  ): Promise<ClientEvent> {
    const found = received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (e: ClientEvent) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(`scripted Realtime server: no matching client event within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  const toOutput = (event: ClientEvent): FunctionCallOutputItem => {
    const item = event.item as Record<string, unknown>;
    return {
      id: String(item.id),
      call_id: String(item.call_id),
      output: String(item.output),
      previous_item_id: event.previous_item_id as string | undefined,
    };
  };
  const isOutput = (event: ClientEvent) =>
    event.type === 'conversation.item.create' &&
    (event.item as { type?: string } | undefined)?.type === 'function_call_output';

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    inputAudioLevel: () => ({
      chunks: input.chunks,
      samples: input.samples,
      rms: input.samples ? Math.sqrt(input.sumSquares / input.samples) : 0,
      loudestRms: input.loudest,
      peak: input.peak,
    }),
    resetInputAudio: resetInput,
    received,
    connections,
    script(...more) {
      replies.push(...more);
    },
    scriptFor(key, ...more) {
      const queue = keyedReplies.get(key) ?? [];
      queue.push(...more);
      keyedReplies.set(key, queue);
    },
    boundSessions,
    get remainingReplies() {
      return replies.length;
    },
    async userSays(transcript) {
      const ws = await socket();
      const itemId = id('user');
      send(ws, { type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: itemId });
      await sleep(20);
      send(ws, { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 800, item_id: itemId });
      send(ws, {
        type: 'input_audio_buffer.committed',
        item_id: itemId,
        previous_item_id: conv(ws).lastItemId,
      });
      itemAdded(
        ws,
        {
          id: itemId,
          type: 'message',
          role: 'user',
          status: 'completed',
          content: [{ type: 'input_audio', transcript: null }],
        },
        conv(ws).lastItemId,
      );
      send(ws, {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: itemId,
        content_index: 0,
        transcript,
      });
      await playReply(ws, undefined);
    },
    async userStartsSpeaking() {
      send(await socket(), {
        type: 'input_audio_buffer.speech_started',
        audio_start_ms: 0,
        item_id: id('user'),
      });
    },
    waitFor,
    sessionUpdates: () => received.filter((e) => e.type === 'session.update'),
    toolsSent() {
      const withTools = received.filter(
        (e) =>
          e.type === 'session.update' &&
          Array.isArray((e.session as { tools?: unknown } | undefined)?.tools),
      );
      const last = withTools.at(-1);
      return last
        ? ((last.session as { tools: ReturnType<ScriptedRealtimeServer['toolsSent']> }).tools ?? [])
        : [];
    },
    functionCallOutputs: () => received.filter(isOutput).map(toOutput),
    async waitForFunctionCallOutput(callId, timeoutMs) {
      const event = await waitFor(
        (e) => isOutput(e) && (e.item as { call_id?: string }).call_id === callId,
        timeoutMs,
      );
      return toOutput(event);
    },
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
