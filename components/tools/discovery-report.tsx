import { Alert } from '@/components/ui/alert';
import type { DiscoveryResult } from '@/lib/db/mcp-tools';
import { formatMs, plural } from './format';

/** What a refresh found: tools added, removed, or changed since the last snapshot. */
export function DiscoveryReport({ discovery, ms }: { discovery: DiscoveryResult; ms?: number }) {
  const took = ms !== undefined ? ` in ${formatMs(ms)}` : '';
  const { diff } = discovery;
  if (!diff) {
    return (
      <Alert
        tone="success"
        title={`Connected${took}: ${plural(discovery.toolCount, 'tool', 'tools')} found`}
      >
        New tools start disabled. Enable the ones the agent may use.
      </Alert>
    );
  }
  const changes = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <Alert
      tone={changes === 0 ? 'success' : 'info'}
      title={
        changes === 0
          ? `Refreshed${took}: no changes since the last refresh (${plural(discovery.toolCount, 'tool', 'tools')})`
          : `Refreshed${took}: ${plural(changes, 'change', 'changes')} since the last refresh`
      }
    >
      {changes > 0 ? (
        <ul className="mt-1 space-y-1" aria-label="Changes since the last refresh">
          {diff.added.length > 0 ? (
            <li>
              <span className="font-medium">Added:</span> {diff.added.join(', ')} (disabled until
              you enable them)
            </li>
          ) : null}
          {diff.removed.length > 0 ? (
            <li>
              <span className="font-medium">Removed:</span> {diff.removed.join(', ')} (kept in call
              history, no longer offered to the model)
            </li>
          ) : null}
          {diff.changed.map((change) => (
            <li key={change.name}>
              <span className="font-medium">Changed:</span> {change.name} (
              {change.fields
                .map((field) => (field === 'inputSchema' ? 'schema' : field))
                .join(', ')}
              )
            </li>
          ))}
        </ul>
      ) : null}
      {discovery.disabled.length > 0 ? (
        <p className="mt-1">
          Switched off because their new definition has a problem: {discovery.disabled.join(', ')}.
        </p>
      ) : null}
    </Alert>
  );
}
