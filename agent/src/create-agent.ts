import { TransformStream, type ReadableStream } from 'node:stream/web';
import { voice, type llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';

/**
 * Pure factory: the voice agent of one call from a plain config and its tools. No room, no
 * database, no network until a session starts it, so tests drive it with `session.start({ agent })`.
 */
export interface AgentConfig {
  /** the effective instructions (lib/agent-config/instructions.ts) */
  instructions: string;
  /** Realtime model name, e.g. gpt-realtime */
  model: string;
  /** voice name; undefined keeps the plugin's default */
  voice?: string;
  openai: {
    apiKey: string;
    /** e.g. http://127.0.0.1:PORT/v1 for a local stand-in; undefined is the public endpoint */
    baseURL?: string;
  };
}

type Transcription = NonNullable<Awaited<ReturnType<voice.Agent['transcriptionNode']>>>;
type TranscriptChunk = Transcription extends ReadableStream<infer T> ? T : never;

/**
 * The framework's agent, with its transcription text also handed, as it streams, to `onText`
 * (the words said so far in the current speech): the claims check sees a claim before the
 * sentence ends. The text itself passes on unchanged.
 */
class ObservedAgent extends voice.Agent {
  constructor(
    options: ConstructorParameters<typeof voice.Agent>[0],
    private readonly onText: (soFar: string) => void,
  ) {
    super(options);
  }

  override async transcriptionNode(
    text: Parameters<voice.Agent['transcriptionNode']>[0],
    modelSettings: voice.ModelSettings,
  ) {
    const upstream = await voice.Agent.default.transcriptionNode(this, text, modelSettings);
    if (!upstream) return upstream;
    const onText = this.onText;
    let soFar = '';
    return upstream.pipeThrough(
      new TransformStream<TranscriptChunk, TranscriptChunk>({
        transform(chunk, controller) {
          soFar += typeof chunk === 'string' ? chunk : chunk.text;
          onText(soFar);
          controller.enqueue(chunk);
        },
      }),
    );
  }
}

export function createAgent(
  config: AgentConfig,
  tools: llm.ToolContextLike,
  onTranscriptText?: (soFar: string) => void,
): voice.Agent {
  const model = new openai.realtime.RealtimeModel({
    apiKey: config.openai.apiKey,
    model: config.model,
    ...(config.voice ? { voice: config.voice } : {}),
    ...(config.openai.baseURL ? { baseURL: config.openai.baseURL } : {}),
  });
  const options = { instructions: config.instructions, tools, llm: model };
  return onTranscriptText ? new ObservedAgent(options, onTranscriptText) : new voice.Agent(options);
}
