import { llm, voice } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import { buildEffectiveInstructions } from '@/lib/agent-config/instructions';
import { toolLimitText } from '@/lib/agent-config/tool-limit';
import { appendCallEvents, markCallEnded, markCallStarted } from '@/lib/db/call-events';
import { CallEventEmitter, type PublishText } from './call-event-emitter';
import { ConfirmationGate } from './confirmation-gate';
import { ClaimGuard } from './claim-guard';
import { createAgent } from './create-agent';
import { createEventStoreWriter } from './event-store-writer';
import { recordRefusal, type PreparedCall } from './prepare-call';
import { createFrameworkTools } from './tool-bridge';
import { ToolCalls, type CancelledToolCall } from './tool-calls';

/**
 * One call, from its prepared config (prepare-call.ts) to a running `voice.AgentSession`, with
 * every call event published and stored. `startCallSession` wires the call's parts, each complete
 * when built, and starts the session, in a room or (tests, scripted runs) without one.
 */
export interface CallEnd {
  reason: string;
  eventsWritten: number;
  eventsLost: number;
}

export interface RunningCall {
  session: voice.AgentSession;
  agent: voice.Agent;
  emitter: CallEventEmitter;
  /** pending confirmations of tools that need the caller's yes (button decisions go here) */
  confirmations: ConfirmationGate;
  instructions: string;
  /** resolves once the session closed and every event was flushed */
  ended: Promise<CallEnd>;
  /** closes the session (if still open) and waits for `ended`; the reason defaults to `user_initiated` */
  end(reason?: string): Promise<CallEnd>;
}

export async function startCallSession(
  prepared: PreparedCall,
  {
    room,
    publish,
  }: {
    room?: Room;
    /** `room.localParticipant.sendText`, bound; absent when the session runs without a room */
    publish?: PublishText;
  } = {},
): Promise<RunningCall> {
  const { config, servers, options } = prepared;
  const { db, callId, log } = options;

  const instructions = buildEffectiveInstructions({
    prompt: config.prompt,
    unavailable: servers.unavailable.map(({ server, reason }) => ({ server, reason })),
    tools: config.tools.map((t) => ({ name: t.functionName, server: t.serverName })),
  });

  const writer = createEventStoreWriter({
    append: (events) => appendCallEvents({ db, events }),
    log,
    callId,
  });
  const emitter = new CallEventEmitter({ callId, store: writer, log, publish });
  const session = new voice.AgentSession({});
  let closing = false;
  const confirmations = new ConfirmationGate({
    callerId: config.callerId,
    emitter,
    log,
    tellModel: (text) => {
      if (closing) return;
      try {
        session.generateReply({ instructions: text });
      } catch (error) {
        log.warn(
          { callId, error: String(error) },
          'could not tell the model a confirmation outcome',
        );
      }
    },
  });
  const toolCalls = new ToolCalls({
    tools: config.tools,
    servers: servers.servers,
    emitter,
    confirmations,
    onCancelled: (call) => {
      // The framework drops an aborted tool's output; tell the model what happened to its call.
      if (closing) return;
      setTimeout(() => void tellModelCancelled(call), 50);
    },
    onSignInNeeded: (serverId, error) => void recordRefusal(options, serverId, error),
  });
  const tellModelCancelled = async (call: CancelledToolCall) => {
    if (closing) return;
    try {
      const agent = session.currentAgent;
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
  const claims = new ClaimGuard({
    tools: config.tools,
    policy: config.unbackedClaims,
    emitter,
    interrupt: () => {
      if (!closing) void session.interrupt();
    },
    reply: (text) => {
      if (!closing) session.generateReply({ instructions: text });
    },
    log,
  });
  const agent = createAgent(
    { instructions, model: config.model, voice: config.voice, openai: options.openai },
    createFrameworkTools({ tools: config.tools, toolCalls, confirmations }),
    (soFar) => claims.streaming(soFar),
  );

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
    if (item.role === 'assistant') claims.segment(item.id, text);
  });
  session.on(voice.AgentSessionEventTypes.UserInputTranscribed, (ev) => {
    if (ev.isFinal) confirmations.heardCaller(ev.transcript);
  });
  session.on(voice.AgentSessionEventTypes.AgentStateChanged, (ev) => {
    if (ev.newState === 'speaking') confirmations.heardAgent();
  });
  session.on(voice.AgentSessionEventTypes.FunctionToolsExecuted, (ev) => {
    toolCalls.recordFrameworkRejections({
      calls: ev.functionCalls.map((c) => ({ callId: c.callId, name: c.name, args: c.args })),
      outputs: ev.functionCallOutputs.map((o) => ({
        callId: o.callId,
        output: o.output,
        isError: o.isError,
      })),
    });
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
      claims.close();
      toolCalls.end('the call ended before the tool finished; it may or may not have run');
      emitter.emit({ type: 'call_state', state: 'ended', reason });
      await servers.close();
      // Every event is stored before the call is marked ended: a live monitor's stream reads the
      // status, then the events, and closes once the status says ended
      // (lib/db/call-event-stream.ts), so an event stored after it would never be shown live.
      // Publishing waits for each event's write, and the writer gives up only when closed.
      const flushed = emitter.flush();
      const { written, lost } = await writer.close();
      await flushed;
      try {
        await markCallEnded({ db, callId, reason });
      } catch (error) {
        log.error({ callId, error: String(error) }, 'could not mark the call ended');
      }
      resolveEnded({ reason, eventsWritten: written, eventsLost: lost });
    })();
    return finishing;
  };
  /** the reason `end` was given, for the session's close to report */
  let endReason: string | undefined;
  session.on(voice.AgentSessionEventTypes.Close, (ev) => {
    void finish(endReason ?? String(ev.reason ?? 'closed'));
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
  const overLimit = toolLimitText(config.tools.length);
  if (overLimit)
    emitter.emit({ type: 'notice', level: 'warning', code: 'too_many_tools', message: overLimit });
  // Beside the session's start, not before it: the caller waits for the agent to listen.
  const marked = markCallStarted({ db, callId }).catch((error: unknown) =>
    log.error({ callId, error: String(error) }, 'could not mark the call started'),
  );
  try {
    await session.start({ agent, ...(room ? { room } : {}) });
  } catch (error) {
    log.error({ callId, error: String(error) }, 'the session failed to start');
    await marked;
    await finish('error');
    throw error;
  }
  await marked;

  return {
    session,
    agent,
    emitter,
    confirmations,
    instructions,
    ended,
    async end(reason = 'user_initiated') {
      if (!finishing) {
        closing = true;
        endReason = reason;
        await session.close();
        // 'close' is emitted by session.close(); finish() is idempotent if it was not.
        await finish(reason);
      }
      return ended;
    },
  };
}
