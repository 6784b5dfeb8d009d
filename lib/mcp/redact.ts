/**
 * The one redaction for everything that comes back from an MCP server: a hostile or careless
 * server may echo the credential we sent it in a result's values or keys, a tool's name,
 * description or schema, its server info, or an error text. lib/mcp/client.ts applies it to all
 * of those before they leave the client, so the console (try a tool, tool catalog, lastError),
 * the agent (what the model hears, the call events) and every log get the redacted text.
 */

export const REDACTED = '[redacted]';

/** Shorter strings would mangle ordinary text ("a", "on") and are no secret worth the name. */
const MIN_SECRET_LENGTH = 4;

/**
 * Strings to keep out of anything shown: each header value, the credential of a
 * "Scheme credential" value (a server may echo the token without "Bearer "), and their
 * URL-encoded forms (a server may echo them inside a URL).
 */
export function secretsOf(headers: Record<string, string>): string[] {
  const found = new Set<string>();
  for (const value of Object.values(headers)) {
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1];
    for (const secret of credential ? [value, credential] : [value]) {
      const trimmed = secret.trim();
      if (trimmed.length < MIN_SECRET_LENGTH) continue;
      found.add(trimmed);
      found.add(encodeURIComponent(trimmed));
    }
  }
  return [...found];
}

export interface Redactor {
  /** the text with every secret, in any letter case, replaced by [redacted] */
  text(text: string): string;
  /** a deep copy of a JSON-like value with secrets removed from strings and object keys */
  value<T>(value: T): T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const usable = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH))];
  // Longest first, so a value is replaced whole rather than the credential inside it.
  usable.sort((a, b) => b.length - a.length);
  const pattern =
    usable.length > 0 ? new RegExp(usable.map(escapeRegExp).join('|'), 'giu') : undefined;

  const text = (input: string): string => (pattern ? input.replace(pattern, REDACTED) : input);

  const value = <T>(input: T): T => {
    if (!pattern) return input;
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') return text(item);
      if (Array.isArray(item)) return item.map(walk);
      if (item && typeof item === 'object') {
        const out: Record<string, unknown> = {};
        for (const [key, inner] of Object.entries(item)) {
          let name = text(key);
          // Two keys that differ only in a secret would collapse into one: keep both.
          for (let n = 2; Object.hasOwn(out, name); n++) name = `${text(key)} (${n})`;
          out[name] = walk(inner);
        }
        return out;
      }
      return item;
    };
    return walk(input) as T;
  };

  return { text, value };
}

/** One-off form for callers holding a text and the secrets. */
export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  return createRedactor(secrets ?? []).text(text);
}
