import { log, loggerOptions } from '@livekit/agents';

/** The few logging calls the agent makes (pino's shape: an object, then a message). */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const consoleLogger: Logger = {
  info: (fields, message) => console.log(`[agent] ${message}`, fields),
  warn: (fields, message) => console.warn(`[agent] ${message}`, fields),
  error: (fields, message) => console.error(`[agent] ${message}`, fields),
};

/** The framework's logger once the worker initialised it, the console otherwise. */
export function agentLogger(): Logger {
  return loggerOptions() ? (log() as unknown as Logger) : consoleLogger;
}
