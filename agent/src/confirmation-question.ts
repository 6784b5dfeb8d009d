/**
 * The plain question the agent asks before a tool that needs the caller's confirmation runs,
 * built from the very arguments that will be sent ("Should I run send email on mail with to
 * bob@example.com, subject "Lunch"? Say yes or no."). Values are shown as they are, cut only
 * when too long to say; the panel shows the full arguments.
 */
const MAX_VALUE_CHARS = 160;

export function humanizeToolName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
}

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

export function speakValue(value: unknown): string {
  if (typeof value === 'string') {
    // one word (an address, an id) reads best bare; anything with spaces is quoted
    return /^\S+$/.test(value) ? cut(value) : `"${cut(value)}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return cut(JSON.stringify(value) ?? String(value));
}

export function describeArgs(args: Record<string, unknown>): string {
  const entries = Object.entries(args);
  if (entries.length === 0) return 'no arguments';
  return entries.map(([key, value]) => `${humanizeToolName(key)} ${speakValue(value)}`).join(', ');
}

export function buildConfirmationQuestion(input: {
  functionName: string;
  serverName: string;
  args: Record<string, unknown>;
}): string {
  return `Should I run ${humanizeToolName(input.functionName)} on ${input.serverName} with ${describeArgs(input.args)}? Say yes or no.`;
}
