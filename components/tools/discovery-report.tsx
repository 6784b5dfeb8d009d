import { Alert } from '@/components/ui/alert';
import type { DiscoveryResult } from '@/lib/db/mcp-tools';
import { DiscoveryGaps } from './discovery-gaps';
import { formatMs, plural } from './format';

/** "13 tools found (2 cannot be given to the model), 1 left out": every count a refresh made. */
function counts(discovery: DiscoveryResult): string {
  const unusable =
    discovery.unusable.length > 0
      ? ` (${discovery.unusable.length} cannot be given to the model)`
      : '';
  const refused = discovery.refused.length > 0 ? `, ${discovery.refused.length} left out` : '';
  return `${plural(discovery.toolCount, 'tool', 'tools')} found${unusable}${refused}`;
}

/** What a refresh found: tools added, removed, or changed since the last snapshot. */
export function DiscoveryReport({ discovery, ms }: { discovery: DiscoveryResult; ms?: number }) {
  const took = ms !== undefined ? ` in ${formatMs(ms)}` : '';
  const { diff } = discovery;
  const incomplete = discovery.refused.length > 0 || discovery.stoppedAtPage !== null;
  const gaps = (
    <DiscoveryGaps refused={discovery.refused} stoppedAtPage={discovery.stoppedAtPage} />
  );
  if (!diff) {
    return (
      <Alert
        tone={incomplete ? 'warning' : 'success'}
        title={`Connected${took}: ${counts(discovery)}`}
      >
        <p>New tools start disabled. Enable the ones the agent may use.</p>
        {gaps}
      </Alert>
    );
  }
  const changes = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <Alert
      tone={incomplete ? 'warning' : changes === 0 ? 'success' : 'info'}
      title={
        changes === 0
          ? `Refreshed${took}: no changes since the last refresh (${counts(discovery)})`
          : `Refreshed${took}: ${plural(changes, 'change', 'changes')} since the last refresh (${counts(discovery)})`
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
      {gaps}
    </Alert>
  );
}
