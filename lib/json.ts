/**
 * Text that should hold JSON (a stored column, a message, a request body), parsed; undefined
 * when it is empty or not JSON. JSON.parse never yields undefined, so undefined means "no value".
 * Callers give the result to a zod schema next.
 */
export function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
