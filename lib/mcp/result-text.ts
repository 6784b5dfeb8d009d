import { formatBytes } from '../format-bytes';
import type { McpCallResult } from './types';

/**
 * What the model is told a tool returned. Binary content is described, never dumped (base64
 * would burn the context and the model cannot read it), and a result over budget is cut with a
 * marker that says so, so the model does not present a partial result as the whole.
 */

export interface ResultText {
  text: string;
  cut: { originalBytes: number; keptBytes: number } | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_ERROR_CHARS = 2_000;

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** A UTF-16 code unit is at most 3 bytes in UTF-8: short text fits without being encoded. */
function surelyFits(text: string, budgetBytes: number): boolean {
  return text.length * 3 <= budgetBytes;
}

/** Decoded size of base64 data, without decoding it. */
function base64Bytes(data: unknown): number {
  if (typeof data !== 'string') return 0;
  const clean = data.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function describeItem(item: Record<string, unknown> & { type: string }): string {
  switch (item.type) {
    case 'text':
      return typeof item.text === 'string' ? item.text : '';
    case 'image':
    case 'audio':
      return `[${item.type}: ${str(item.mimeType) ?? 'unknown type'}, ${formatBytes(base64Bytes(item.data))}; not shown to the model]`;
    case 'resource_link': {
      const name = str(item.title) ?? str(item.name) ?? 'resource';
      const mime = str(item.mimeType) ? `, ${String(item.mimeType)}` : '';
      const description = str(item.description) ? ` - ${String(item.description)}` : '';
      return `[resource link: ${name} (${String(item.uri ?? 'no uri')}${mime})${description}]`;
    }
    case 'resource': {
      const resource = (item.resource ?? {}) as Record<string, unknown>;
      const uri = String(resource.uri ?? 'no uri');
      if (typeof resource.text === 'string') return `[resource ${uri}]\n${resource.text}`;
      const mime = str(resource.mimeType) ?? 'binary';
      return `[resource: ${uri}, ${mime}, ${formatBytes(base64Bytes(resource.blob))}; not shown to the model]`;
    }
    default: {
      // A type this client does not know (e.g. "video"): say what it is, never its bytes.
      const mime = str(item.mimeType) ? `, ${String(item.mimeType)}` : '';
      const size = typeof item.data === 'string' ? `, ${formatBytes(base64Bytes(item.data))}` : '';
      const label = str(item.name) ?? str(item.uri);
      return `[content of type "${item.type}"${mime}${size}${label ? ` (${label})` : ''}; not shown to the model]`;
    }
  }
}

function fullText(result: McpCallResult): string {
  const content = Array.isArray(result.content) ? result.content : [];
  const hasText = content.some((item) => item.type === 'text' && typeof item.text === 'string');
  const parts = content.map(describeItem).filter((part) => part.length > 0);
  // Servers SHOULD mirror structuredContent as text; only when they did not is it the answer.
  if (!hasText && result.structuredContent !== undefined) {
    parts.unshift(JSON.stringify(result.structuredContent));
  }
  return parts.length > 0 ? parts.join('\n') : '(the tool returned no content)';
}

/** The longest prefix of `text` whose UTF-8 form fits in `budget` bytes, cut on a character. */
function utf8Prefix(text: string, budget: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= budget) return text;
  let end = Math.max(0, budget);
  // Step back over continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return decoder.decode(bytes.subarray(0, end));
}

function cutMarker(keptBytes: number, originalBytes: number): string {
  return `\n[result cut: the tool returned ${originalBytes} bytes; only the first ${keptBytes} bytes are shown, ${originalBytes - keptBytes} bytes were left out]`;
}

export function resultToModelText(result: McpCallResult, budgetBytes: number): ResultText {
  const text = fullText(result);
  if (surelyFits(text, budgetBytes)) return { text, cut: null };
  const originalBytes = utf8Bytes(text);
  if (originalBytes <= budgetBytes) return { text, cut: null };
  // The marker's length depends on the numbers in it: shrink the kept part until both fit.
  let room = budgetBytes - utf8Bytes(cutMarker(originalBytes, originalBytes));
  for (;;) {
    const kept = utf8Prefix(text, Math.max(0, room));
    const keptBytes = utf8Bytes(kept);
    const marker = cutMarker(keptBytes, originalBytes);
    const over = keptBytes + utf8Bytes(marker) - budgetBytes;
    if (over <= 0 || keptBytes === 0)
      return { text: kept + marker, cut: { originalBytes, keptBytes } };
    room = keptBytes - over;
  }
}

/**
 * The text for a result with isError: true. It says plainly that the tool failed, so the model
 * reports a failure instead of paraphrasing the message into success.
 */
export function resultErrorText(result: McpCallResult): string {
  const content = Array.isArray(result.content) ? result.content : [];
  let message = content
    .map((item) => (item.type === 'text' && typeof item.text === 'string' ? item.text : ''))
    .filter((part) => part.trim().length > 0)
    .join('\n')
    .trim();
  if (!message && result.structuredContent !== undefined)
    message = JSON.stringify(result.structuredContent);
  if (!message) return 'The tool reported an error without a message.';
  if (message.length > MAX_ERROR_CHARS)
    message = `${message.slice(0, MAX_ERROR_CHARS)}… (error message cut)`;
  return `The tool reported an error: ${message}`;
}
