'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import type { ProfileContent } from '@/lib/agent-config/profile-content';
import { diffProfileContent } from '@/lib/agent-config/profile-diff';
import type { ProfileVersionView } from '@/lib/db/agent-profiles';
import { DiffView } from './diff-view';
import { LocalTime } from './local-time';

function toolsSummary(content: ProfileContent, toolName: (id: string) => string): string {
  if (content.allTools) return 'All enabled tools';
  if (content.toolIds.length === 0) return 'No tools';
  return content.toolIds.map(toolName).join(', ');
}

function ContentColumn({
  label,
  meta,
  content,
  toolName,
}: {
  label: string;
  meta: React.ReactNode;
  content: ProfileContent;
  toolName: (id: string) => string;
}) {
  return (
    <section aria-label={label} className="min-w-0 space-y-2">
      <h3 className="text-sm font-semibold text-zinc-900">{label}</h3>
      <p className="text-xs text-zinc-500">{meta}</p>
      <pre className="max-h-72 overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs break-words whitespace-pre-wrap text-zinc-800">
        {content.prompt}
      </pre>
      <p className="text-xs text-zinc-600">
        {content.model} · {content.voice} · {toolsSummary(content, toolName)}
      </p>
    </section>
  );
}

/**
 * Shown when a save was refused because someone saved first: their version next to the admin's
 * unsaved edits (still in the form), and what saving over theirs would change.
 */
export function ConflictPanel({
  message,
  newer,
  draft,
  toolName,
  onKeepMine,
  onLoadNewer,
}: {
  message: string;
  newer: ProfileVersionView;
  draft: ProfileContent;
  toolName: (id: string) => string;
  onKeepMine: () => void;
  onLoadNewer: () => void;
}) {
  const diff = diffProfileContent({ from: newer, to: draft, toolName });
  return (
    <Card className="border-amber-300">
      <CardHeader title={`Version ${newer.version} was saved while you were editing`} />
      <CardBody className="space-y-4">
        <Alert tone="warning" role="alert" title="Your changes were not saved">
          {message} Your text is still in the form below: compare the two, then choose.
        </Alert>
        <div className="grid gap-4 md:grid-cols-2">
          <ContentColumn
            label={`Newer version ${newer.version}`}
            meta={
              <>
                {newer.authorName ?? 'Someone'} · <LocalTime iso={newer.createdAt} />
                {newer.note ? ` · ${newer.note}` : ''}
              </>
            }
            content={newer}
            toolName={toolName}
          />
          <ContentColumn
            label="Your unsaved changes"
            meta="Not saved yet"
            content={draft}
            toolName={toolName}
          />
        </div>
        <DiffView
          diff={diff}
          label={`What your changes would change in version ${newer.version}`}
          fromLabel={`Version ${newer.version}`}
          toLabel="your changes"
        />
        <div className="flex flex-wrap gap-2">
          <Button onClick={onKeepMine}>Keep my changes on top of version {newer.version}</Button>
          <Button variant="secondary" onClick={onLoadNewer}>
            Discard mine and load version {newer.version}
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}
