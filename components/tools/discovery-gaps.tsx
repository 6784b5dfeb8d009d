import type { McpRefusedTool } from '@/lib/mcp/types';
import { plural } from './format';

/**
 * What a tools/list gave that cannot be used: entries refused with their reasons, and a list
 * that was not read to its end. Shown after a refresh and on the server's page.
 */
export function DiscoveryGaps({
  refused,
  stoppedAtPage,
}: {
  refused: McpRefusedTool[];
  stoppedAtPage: number | null;
}) {
  if (refused.length === 0 && stoppedAtPage === null) return null;
  return (
    <div className="space-y-1">
      {stoppedAtPage !== null ? (
        <p>
          The server still offered more tools after {stoppedAtPage} pages; reading stopped there, so
          tools on later pages are missing.
        </p>
      ) : null}
      {refused.length > 0 ? (
        <>
          <p>
            {plural(refused.length, 'entry', 'entries')} of the list cannot be used at all and{' '}
            {refused.length === 1 ? 'was' : 'were'} left out:
          </p>
          <ul className="list-disc space-y-0.5 pl-5" aria-label="Tools left out">
            {refused.map((entry) => (
              <li key={`${entry.index}-${entry.name ?? ''}`}>
                <span className="font-mono text-xs">
                  {entry.name ?? `entry ${entry.index + 1}`}
                </span>
                : {entry.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
