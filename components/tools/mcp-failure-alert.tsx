import { Alert } from '@/components/ui/alert';
import type { ActionError } from '@/lib/errors';
import { formatMs } from './format';

export interface McpFailureView {
  code: string;
  message: string;
  hint: string;
  ms?: number;
}

/** What went wrong talking to an MCP server, and what to do about it. */
export function McpFailureAlert({ title, failure }: { title: string; failure: McpFailureView }) {
  return (
    <Alert tone="error" title={title}>
      <p>{failure.message}</p>
      <p className="mt-1">{failure.hint}</p>
      <p className="mt-1 text-xs opacity-80">
        Code {failure.code}
        {failure.ms !== undefined ? ` · after ${formatMs(failure.ms)}` : ''}
      </p>
    </Alert>
  );
}

/** An action failure that carries an MCP failure in its details (see server/actions/mcp-servers.ts). */
export function mcpFailureOf(error: ActionError): McpFailureView | null {
  if (error.code !== 'invalid_input' && error.code !== 'unavailable') return null;
  const details = error.details;
  if (!details?.mcpCode) return null;
  return {
    code: details.mcpCode,
    message: error.message,
    hint: details.hint ?? '',
    ...(details.ms !== undefined ? { ms: details.ms } : {}),
  };
}
