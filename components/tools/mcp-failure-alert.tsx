import { Alert } from '@/components/ui/alert';
import type { McpFailureView } from '@/lib/errors';
import { formatMs } from './format';

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
