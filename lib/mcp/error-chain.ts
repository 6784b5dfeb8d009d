import { McpError } from './mcp-error';

/** Walks `cause` chains (fetch wraps socket errors in TypeError('fetch failed')). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let i = 0; i < 6 && current !== undefined && current !== null; i++) {
    chain.push(current);
    if (current instanceof AggregateError && current.errors.length > 0) {
      chain.push(...current.errors);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Our own error, when one is anywhere in the chain (fetch wraps what its dispatcher threw). */
export function findMcpError(error: unknown): McpError | undefined {
  return causeChain(error).find((item): item is McpError => item instanceof McpError);
}

export function errnoCode(error: unknown): string | undefined {
  for (const item of causeChain(error)) {
    const code = (item as { code?: unknown })?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function allMessages(error: unknown): string {
  return causeChain(error)
    .map((item) => (item instanceof Error ? item.message : typeof item === 'string' ? item : ''))
    .join(' | ');
}
