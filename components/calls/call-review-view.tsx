'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { LocalTime } from '@/components/agent-profiles/local-time';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import {
  GAP_PATIENCE_MS,
  foldCallEvents,
  initialCallView,
  lastAppliedSeq,
  reduceCallEvents,
  summarizeClaims,
  summarizeToolCalls,
} from '@/lib/call-events/reducer';
import type { CallEvent } from '@/lib/call-events/schema';
import type { CallSummary } from '@/lib/db/calls';
import { CallStatusBadge } from './call-status-badge';
import { ClaimSummary } from './claim-summary';
import { formatDuration } from './format';
import { ToolCallSummary } from './tool-call-summary';
import { TranscriptPanel } from './transcript-panel';
import { useCallEventStream } from './use-call-event-stream';

export interface ProfileLabel {
  label: string;
  href: string | null;
}

/** A call's replay from its stored events; while the call runs, the same panel fills live. */
export function CallReviewView({
  call,
  events,
  profile,
  live: startLive,
  showCaller,
}: {
  call: CallSummary;
  events: CallEvent[];
  profile: ProfileLabel | null;
  live: boolean;
  showCaller: boolean;
}) {
  const router = useRouter();
  const [view, dispatch] = useReducer(reduceCallEvents, events, (list) =>
    startLive
      ? reduceCallEvents(reduceCallEvents(initialFor(call.id), { type: 'events', events: list }), {
          type: 'flush_gaps',
        })
      : foldCallEvents(list, call.id),
  );
  const [after] = useState(() => lastAppliedSeq(view));
  const onEnd = useCallback(() => router.refresh(), [router]);
  const stream = useCallEventStream({
    callId: call.id,
    after,
    enabled: startLive,
    dispatch,
    onEnd,
  });
  const live = startLive && stream !== 'ended' && stream !== 'failed';

  const heldCount = view.held.length;
  useEffect(() => {
    if (heldCount === 0) return;
    const timer = setTimeout(() => dispatch({ type: 'flush_gaps' }), GAP_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [heldCount, view.nextSeq]);

  const rows = summarizeToolCalls(view);
  const length =
    call.durationMs !== null
      ? formatDuration(call.durationMs)
      : view.startedAt && view.endedAt
        ? formatDuration(new Date(view.endedAt).getTime() - new Date(view.startedAt).getTime())
        : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
      <section aria-labelledby="transcript-heading" className="flex min-h-0 flex-col">
        <div className="mb-2 flex items-center gap-2">
          <h2 id="transcript-heading" className="text-sm font-semibold text-zinc-900">
            Transcript
          </h2>
          <CallStatusBadge
            status={live ? 'active' : call.status === 'active' ? 'ended' : call.status}
            live={live}
          />
          {stream === 'reconnecting' ? (
            <span className="text-xs text-amber-700">reconnecting to the live stream…</span>
          ) : null}
        </div>
        {stream === 'failed' ? (
          <Alert tone="error" className="mb-2">
            The live stream of this call could not be opened. Reload the page to try again.
          </Alert>
        ) : null}
        <TranscriptPanel
          view={view}
          people={call.caller ? { [call.caller.id]: call.caller.name } : undefined}
          className="h-[min(75vh,48rem)]"
          emptyText={
            live
              ? 'Waiting for the first events of this call…'
              : 'Nothing was recorded for this call.'
          }
        />
      </section>
      <div className="space-y-4">
        <Card>
          <CardHeader title="About this call" />
          <CardBody>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-zinc-500">Started</dt>
              <dd>
                <LocalTime iso={call.startedAt ?? call.createdAt} />
              </dd>
              <dt className="text-zinc-500">Length</dt>
              <dd>{length ?? (live ? 'in progress' : '—')}</dd>
              {showCaller ? (
                <>
                  <dt className="text-zinc-500">Caller</dt>
                  <dd>
                    {call.caller ? `${call.caller.name} (${call.caller.email})` : 'deleted user'}
                  </dd>
                </>
              ) : null}
              <dt className="text-zinc-500">Agent</dt>
              <dd>
                {profile ? (
                  profile.href ? (
                    <Link href={profile.href} className="text-indigo-700 hover:underline">
                      {profile.label}
                    </Link>
                  ) : (
                    profile.label
                  )
                ) : (
                  'unknown profile version'
                )}
              </dd>
              {call.endReason || view.endReason ? (
                <>
                  <dt className="text-zinc-500">Ended</dt>
                  <dd>{call.endReason ?? view.endReason}</dd>
                </>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Claims" />
          <CardBody>
            <ClaimSummary summary={summarizeClaims(view)} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Tool calls" />
          <CardBody>
            <ToolCallSummary rows={rows} />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}

function initialFor(callId: string) {
  return reduceCallEvents(initialCallView, { type: 'reset', callId });
}
