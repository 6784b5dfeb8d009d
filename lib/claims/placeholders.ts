/**
 * Template placeholders the model copies into a tool call instead of a real value
 * ("[Recipient's Email]", "<email>", "{{to}}", "YOUR_API_KEY"): the seed's second symptom. Only a
 * string that is, as a whole, a placeholder counts; ordinary text with brackets in it
 * ("Agenda [draft] attached", "[1, 2]", "<b>") is a value.
 */

/** Words that name a kind of value, as a placeholder's text does ("[Recipient's Email]"). */
const VALUE_WORDS = new Set([
  'name',
  'email',
  'e-mail',
  'mail',
  'address',
  'number',
  'phone',
  'date',
  'time',
  'recipient',
  'recipients',
  'subject',
  'title',
  'message',
  'body',
  'text',
  'city',
  'country',
  'url',
  'link',
  'id',
  'key',
  'token',
  'password',
  'code',
  'amount',
  'value',
  'user',
  'username',
  'company',
  'location',
  'here',
  'your',
  'insert',
  'enter',
  'placeholder',
  'contact',
  'account',
  'customer',
  'street',
  'zip',
  'postcode',
  'first',
  'last',
  'full',
  'order',
  'ticket',
  'file',
  'path',
]);

const BRACKETED = /^\s*(?:\[([^[\]]{1,80})\]|<([^<>]{1,80})>|\(([^()]{1,80})\))\s*$/;
const MUSTACHE =
  /^\s*(?:\{\{\s*[\w.\- ]{1,60}\s*\}\}|\$\{\s*[\w.]{1,60}\s*\}|\{\s*[A-Za-z_][\w.]{0,59}\s*\}|%\{?[A-Z_]{2,60}\}?%?|__[A-Z0-9_]{2,60}__)\s*$/;
const SHOUTED =
  /^\s*(?:YOUR|INSERT|ENTER|REPLACE|PLACEHOLDER|EXAMPLE|SAMPLE)_?[A-Z0-9_]*\s*$|^\s*[A-Z0-9_]*_HERE\s*$/;

function namesAValue(inner: string): boolean {
  const words = inner
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[\s_\-/.:]+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > 6) return false;
  if (!words.every((w) => /^[a-z][a-z-]*$/.test(w))) return false;
  return words.some((w) => VALUE_WORDS.has(w));
}

/** Whether a string is, as a whole, a template placeholder. */
export function isPlaceholder(value: string): boolean {
  if (MUSTACHE.test(value) || SHOUTED.test(value)) return true;
  const m = BRACKETED.exec(value);
  if (!m) return false;
  return namesAValue(m[1] ?? m[2] ?? m[3] ?? '');
}

export interface PlaceholderArgument {
  /** where it is: "to", "recipients[0]", "message.subject" */
  path: string;
  value: string;
}

/** The first string argument, at any depth, that is wholly a placeholder. */
export function findPlaceholderArgument(args: unknown, path = ''): PlaceholderArgument | null {
  if (typeof args === 'string')
    return isPlaceholder(args) ? { path: path || '(value)', value: args } : null;
  if (Array.isArray(args)) {
    for (let i = 0; i < args.length; i++) {
      const hit = findPlaceholderArgument(args[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (args && typeof args === 'object') {
    for (const [key, value] of Object.entries(args)) {
      const hit = findPlaceholderArgument(value, path ? `${path}.${key}` : key);
      if (hit) return hit;
    }
  }
  return null;
}
