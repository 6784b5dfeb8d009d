import { Alert } from '@/components/ui/alert';
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
export function mcpFailureFromDetails(
  message: string,
  details: Record<string, unknown> | undefined,
): McpFailureView | null {
  if (!details || typeof details.mcpCode !== 'string') return null;
  return {
    code: details.mcpCode,
    message,
    hint: typeof details.hint === 'string' ? details.hint : '',
    ...(typeof details.ms === 'number' ? { ms: details.ms } : {}),
  };
}
