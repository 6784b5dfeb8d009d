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

export interface CreatedAgent {
  agent: voice.Agent;
  model: openai.realtime.RealtimeModel;
}

export function createAgent(config: AgentConfig, tools: llm.ToolContextLike): CreatedAgent {
  const model = new openai.realtime.RealtimeModel({
    apiKey: config.openai.apiKey,
    model: config.model,
    ...(config.voice ? { voice: config.voice } : {}),
    ...(config.openai.baseURL ? { baseURL: config.openai.baseURL } : {}),
  });
  const agent = new voice.Agent({ instructions: config.instructions, tools, llm: model });
  return { agent, model };
}
