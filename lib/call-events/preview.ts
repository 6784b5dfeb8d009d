import type { Preview } from './schema';

/** Default bound for previews carried on the wire and shown collapsed in the panel. */
export const PREVIEW_MAX_BYTES = 2048;

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A bounded preview of a JSON value or text. */
export function makePreview(value: unknown, maxBytes = PREVIEW_MAX_BYTES): Preview {
  const text = toText(value);
  const bytes = byteLength(text);
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  return { text: cutToBytes(text, maxBytes), truncated: true, bytes };
}
