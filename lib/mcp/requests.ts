import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { checkToolOutput, LooseCallToolResult } from './call-result';
import { linkedAbort } from './deadline';
import { addToolPage, LooseToolPage } from './tool-list';
import type {
  McpCallOptions,
  McpCallResult,
  McpRefusedTool,
  McpToolInfo,
  McpToolList,
} from './types';

/**
 * The two requests every transport makes the same way (client.ts for HTTP, stdio-client.ts for
 * local commands). Errors come out raw; each connection classifies and redacts them.
 */

export async function readToolList(
  client: Client,
  options: { timeoutMs: number; maxPages: number; signal?: AbortSignal },
): Promise<McpToolList> {
  const list = { tools: [] as McpToolInfo[], refused: [] as McpRefusedTool[], offset: 0 };
  const seenCursors = new Set<string>();
  let stoppedAtPage: number | null = null;
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    // A controller per page: the SDK never removes its abort listener from the signal.
    const { controller, release } = linkedAbort(options.signal);
    try {
      // Read loosely: the SDK's own parse fails the whole page for one loose tool schema.
      const result = await client.request(
        { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
        LooseToolPage,
        { timeout: options.timeoutMs, signal: controller.signal },
      );
      addToolPage(result.tools, list);
      cursor = result.nextCursor;
    } finally {
      release();
    }
    // A server that hands out the same cursor again would loop forever.
    if (!cursor || seenCursors.has(cursor)) break;
    seenCursors.add(cursor);
    if (page >= options.maxPages) {
      stoppedAtPage = page;
      break;
    }
  }
  return { tools: list.tools, refused: list.refused, stoppedAtPage };
}

/**
 * Read loosely (unknown content types are described later, not failed here), then checked
 * against the output schema the caller passes: the SDK only knows schemas from a tools/list on
 * the same connection.
 */
export async function requestToolCall(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  options: McpCallOptions,
): Promise<McpCallResult> {
  // A per-call controller: the SDK never removes its abort listener, and callers' signals may live long.
  const { controller, release } = linkedAbort(options.signal);
  try {
    const result = await client.request(
      { method: 'tools/call', params: { name, arguments: args } },
      LooseCallToolResult,
      { timeout: options.timeoutMs, signal: controller.signal },
    );
    checkToolOutput(name, options.outputSchema, result);
    return result;
  } finally {
    release();
  }
}
