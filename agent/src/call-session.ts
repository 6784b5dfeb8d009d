import { llm, voice } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import { buildEffectiveInstructions } from '@/lib/agent-config/instructions';
import { appendCallEvents, markCallEnded, markCallStarted } from '@/lib/db/call-events';
import type { Db } from '@/lib/db/client';
import { loadCallConfig, type CallConfig } from '@/lib/db/call-config';
import type { UrlPolicy } from '@/lib/mcp/types';
import { CallEventEmitter, type PublishText } from './call-event-emitter';
import {
  CONFIRM_ACTION_TOOL,
  ConfirmationBroker,
  createConfirmActionTool,
} from './confirmation-broker';
import { createAgent } from './create-agent';
import { createEventStoreWriter, type EventStoreWriter } from './event-store-writer';
import type { Logger } from './logger';
import { connectServers, type ConnectedServers } from './mcp-servers';
import {
  createMcpTools,
  runMcpTool,
  type CancelledToolCall,
  type ToolBridgeOptions,
} from './tool-bridge';
import { ToolCallTracker } from './tool-call-tracker';

/**
 * One call, from its database config to a running `voice.AgentSession`, with every call event
 * published and stored. `prepareCall` (config + MCP servers) runs while the worker joins the
 * room; `startCallSession` starts the session, in a room or (tests, scripted runs) without one.
 */
export interface CallRuntimeOptions {
  db: Db;
  callId: string;
  sealKey: Buffer;
  openai: { apiKey: string; baseURL?: string };
  mcpPolicy: UrlPolicy;
  mcpConnectTimeoutMs: number;
  log: Logger;
  /** `room.localParticipant.sendText`; may be set later with `setPublisher` once the room is joined */
  publish?: PublishText;
}

export interface PreparedCall {
  options: CallRuntimeOptions;
  config: CallConfig;
  /** the call's caller (Call.userId): the LiveKit identity the console minted for them */
  callerId: string;
  servers: ConnectedServers;
  emitter: CallEventEmitter;
  tracker: ToolCallTracker;
  writer: EventStoreWriter;
  setPublisher(publish: PublishText): void;
}

export async function prepareCall(options: CallRuntimeOptions): Promise<PreparedCall> {
  const { db, callId, log } = options;
  const [config, call] = await Promise.all([
    loadCallConfig({ db, callId, sealKey: options.sealKey }),
    db.call.findUnique({ where: { id: callId }, select: { userId: true } }),
  ]);
  const writer = createEventStoreWriter({
    append: (events) => appendCallEvents({ db, events }),
    log,
    callId,
  });
  let publish = options.publish;
  const emitter = new CallEventEmitter({
    callId,
    store: writer,
    log,
    publish: (text, opts) => (publish ? publish(text, opts) : Promise.resolve()),
  });
  const tracker = new ToolCallTracker(emitter);
  const servers = await connectServers(
    config.servers.filter((s) => !s.problem),
    { policy: options.mcpPolicy, timeoutMs: options.mcpConnectTimeoutMs, log },
  );
  for (const server of config.servers) {
    if (server.problem) {
      servers.unavailable.push({
        serverId: server.id,
        server: server.name,
        code: 'config',
        reason: server.problem,
      });
    }
  }
  return {
    options,
    config,
    callerId: call?.userId ?? '',
    servers,
    emitter,
    tracker,
    writer,
    setPublisher(next) {
      publish = next;
    },
  };
}

export interface CallEnd {
  reason: string;
  eventsWritten: number;
  eventsLost: number;
}

export interface RunningCall {
  session: voice.AgentSession;
  agent: voice.Agent;
  emitter: CallEventEmitter;
  tracker: ToolCallTracker;
  /** pending confirmations of tools that need the caller's yes (button decisions go here) */
  confirmations: ConfirmationBroker;
  instructions: string;
  /** resolves once the session closed and every event was flushed */
  ended: Promise<CallEnd>;
  /** closes the session (if still open) and waits for `ended` */
  end(): Promise<CallEnd>;
}

export async function startCallSession(
  prepared: PreparedCall,
  { room }: { room?: Room } = {},
): Promise<RunningCall> {
  const { config, servers, emitter, tracker, writer, options } = prepared;
  const { db, callId, log } = options;

  const instructions = buildEffectiveInstructions({
    prompt: config.prompt,
    unavailable: servers.unavailable.map(({ server, reason }) => ({ server, reason })),
    tools: config.tools.map((t) => ({ name: t.functionName, server: t.serverName })),
  });

  let closing = false;
  const ref: { agent?: voice.Agent } = {};
  const onCancelled = (call: CancelledToolCall) => {
    // The framework drops an aborted tool's output; tell the model what happened to its call.
    if (closing) return;
    setTimeout(() => void tellModelCancelled(call), 50);
  };
  const tellModelCancelled = async (call: CancelledToolCall) => {
    const agent = ref.agent;
    if (!agent || closing) return;
    try {
      const chatCtx = agent.chatCtx.copy();
      if (
        chatCtx.items.some((i) => i.type === 'function_call_output' && i.callId === call.toolCallId)
      )
        return;
      chatCtx.insert(
        llm.FunctionCallOutput.create({
          callId: call.toolCallId,
          name: call.functionName,
          output: `cancelled: ${call.message}`,
          isError: true,
        }),
      );
      await agent.updateChatCtx(chatCtx);
    } catch (error) {
      log.warn(
        { callId, toolCallId: call.toolCallId, error: String(error) },
        'could not tell the model a tool call was cancelled',
      );
    }
  };

  const sessionRef: { session?: voice.AgentSession } = {};
  const bridge: ToolBridgeOptions = {
    tools: config.tools,
    servers: servers.servers,
    tracker,
    onCancelled,
  };
  const confirmations = new ConfirmationBroker({
    callerId: prepared.callerId,
    tracker,
    emitter,
    log,
    run: ({ tool, toolCallId, args, signal }) => runMcpTool(tool, bridge, toolCallId, args, signal),
    tellModel: (text) => {
      if (closing || !sessionRef.session) return;
      try {
        sessionRef.session.generateReply({ instructions: text });
      } catch (error) {
        log.warn(
          { callId, error: String(error) },
          'could not tell the model a confirmation outcome',
        );
      }
    },
  });
  bridge.confirmations = confirmations;
  const tools = [
    ...createMcpTools(bridge),
    ...(config.tools.some((t) => t.needsConfirmation)
      ? [createConfirmActionTool(confirmations)]
      : []),
  ];
  const { agent } = createAgent(
    { instructions, model: config.model, voice: config.voice, openai: options.openai },
    tools,
  );
  ref.agent = agent;
  const session = new voice.AgentSession({});
  sessionRef.session = session;
  const serverOf = (name: string) =>
    config.tools.find((t) => t.functionName === name)?.serverName ?? null;

  const seenItems = new Set<string>();
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
    const item = ev.item;
    if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) return;
    if (seenItems.has(item.id)) return;
    const text = item.textContent ?? '';
    if (!text.trim()) return;
    seenItems.add(item.id);
    if (item.role === 'user') confirmations.heardCaller(text);
    else confirmations.heardAgent();
    emitter.emit({
      type: 'transcript',
      role: item.role === 'user' ? 'user' : 'agent',
      segmentId: item.id,
      text,
      final: true,
    });
  });
  session.on(voice.AgentSessionEventTypes.UserInputTranscribed, (ev) => {
    if (ev.isFinal) confirmations.heardCaller(ev.transcript);
  });
  session.on(voice.AgentSessionEventTypes.AgentStateChanged, (ev) => {
    if (ev.newState === 'speaking') confirmations.heardAgent();
  });
  session.on(voice.AgentSessionEventTypes.FunctionToolsExecuted, (ev) => {
    tracker.reconcile(
      ev.functionCalls
        // the built-in confirm_action is no MCP tool call; its outcome is the confirmation event
        .filter((c) => c.name !== CONFIRM_ACTION_TOOL)
        .map((c) => ({ callId: c.callId, name: c.name, args: c.args })),
      ev.functionCallOutputs.map((o) => ({
        callId: o.callId,
        output: o.output,
        isError: o.isError,
      })),
      serverOf,
    );
  });
  session.on(voice.AgentSessionEventTypes.Error, (ev) => {
    const error = ev.error as { error?: unknown; recoverable?: boolean };
    const message =
      error.error instanceof Error ? error.error.message : String(error.error ?? 'unknown error');
    log.warn({ callId, recoverable: error.recoverable, message }, 'session error');
    emitter.emit({
      type: 'notice',
      level: error.recoverable === false ? 'error' : 'warning',
      code: 'model_error',
      message: `The model reported an error: ${message}`,
    });
  });

  let resolveEnded!: (end: CallEnd) => void;
  const ended = new Promise<CallEnd>((resolve) => (resolveEnded = resolve));
  let finishing: Promise<void> | undefined;
  const finish = (reason: string) => {
    finishing ??= (async () => {
      closing = true;
      confirmations.endCall();
      tracker.closeOpen('the call ended before the tool finished; it may or may not have run');
      emitter.emit({ type: 'call_state', state: 'ended', reason });
      await servers.close();
      try {
        await markCallEnded({ db, callId, reason });
      } catch (error) {
        log.error({ callId, error: String(error) }, 'could not mark the call ended');
      }
      await emitter.flush();
      const { written, lost } = await writer.close();
      resolveEnded({ reason, eventsWritten: written, eventsLost: lost });
    })();
    return finishing;
  };
  session.on(voice.AgentSessionEventTypes.Close, (ev) => {
    void finish(String(ev.reason ?? 'closed'));
  });

  emitter.emit({ type: 'call_state', state: 'started' });
  for (const { server, code, reason } of servers.unavailable) {
    emitter.emit({
      type: 'notice',
      level: 'error',
      code: 'mcp_server_unavailable',
      message: `MCP server "${server}" could not be connected at call start (${code}); its tools are unavailable: ${reason}`,
    });
  }
  try {
    await markCallStarted({ db, callId });
  } catch (error) {
    log.error({ callId, error: String(error) }, 'could not mark the call started');
  }

  try {
    await session.start({ agent, ...(room ? { room } : {}) });
  } catch (error) {
    log.error({ callId, error: String(error) }, 'the session failed to start');
    await finish('error');
    throw error;
  }

  return {
    session,
    agent,
    emitter,
    tracker,
    confirmations,
    instructions,
    ended,
    async end() {
      if (!finishing) {
        closing = true;
        await session.close();
        // 'close' is emitted by session.close(); finish() is idempotent if it was not.
        await finish('user_initiated');
      }
      return ended;
    },
  };
}
