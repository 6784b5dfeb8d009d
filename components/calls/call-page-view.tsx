'use client';

import { RoomContext } from '@livekit/components-react';
import { Phone } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, Select } from '@/components/ui/field';
import type { CallableProfile } from '@/lib/db/profile-for-call';
import { CallControls } from './call-controls';
import { TranscriptPanel } from './transcript-panel';
import { useCallSession, type CallProblem } from './use-call-session';
import { useToolConfirmation } from './use-tool-confirmation';

const statusLink = (
  <Link href="/status" className="font-medium underline">
    Status page
  </Link>
);

function ProblemAlert({
  problem,
  callId,
  onRetryMicrophone,
}: {
  problem: CallProblem;
  callId: string | null;
  onRetryMicrophone: () => void;
}) {
  switch (problem.kind) {
    case 'start_failed':
      return (
        <Alert tone="error" title="The call could not be started">
          {problem.message}
        </Alert>
      );
    case 'livekit_unreachable':
      return (
        <Alert tone="error" title="Cannot reach LiveKit">
          <p>
            Cannot reach the LiveKit server at {problem.url}: {problem.message}
          </p>
          <p>Is LiveKit running, and is LIVEKIT_URL right? The {statusLink} checks it.</p>
        </Alert>
      );
    case 'microphone':
      return (
        <Alert tone="warning" title="No microphone" role="alert">
          <p>{problem.message}</p>
          <Button type="button" size="sm" variant="secondary" onClick={onRetryMicrophone}>
            Retry microphone
          </Button>
        </Alert>
      );
    case 'agent_missing':
      return (
        <Alert tone="warning" title="The agent has not joined" role="alert">
          The agent did not join within {problem.seconds} seconds. Is an agent worker running and
          registered with LiveKit? The {statusLink} shows whether one is.
        </Alert>
      );
    case 'reconnecting':
      return <Alert tone="info">The connection to LiveKit was interrupted; reconnecting…</Alert>;
    case 'dropped':
      return (
        <Alert tone="error" title="The call dropped">
          The call dropped: {problem.reason}.
          {callId ? (
            <>
              {' '}
              <Link href={`/calls/${callId}`} className="font-medium underline">
                Review what was recorded
              </Link>
              .
            </>
          ) : null}
        </Alert>
      );
    case 'agent_left':
      return (
        <Alert tone="error" title="The agent left the call">
          The agent left before the call ended (its worker stopped).{' '}
          {problem.recorded === null
            ? 'Saving the call…'
            : problem.recorded
              ? 'The call is ended and everything said until then is saved.'
              : 'The console could not end the call; it may still show as active.'}
          {callId && problem.recorded !== null ? (
            <>
              {' '}
              <Link href={`/calls/${callId}`} className="font-medium underline">
                Review what was recorded
              </Link>
              .
            </>
          ) : null}
        </Alert>
      );
  }
}

/** The call page: start and end a call, talk or type, and watch the transcript with tool calls. */
export function CallPageView({
  profiles,
  agentProblem,
}: {
  profiles: CallableProfile[];
  /** why no agent worker can take a call now (the Status page's words), or null */
  agentProblem: string | null;
}) {
  const session = useCallSession();
  const [profileId, setProfileId] = useState(profiles[0]?.id ?? '');
  const { phase, room, callId, view } = session;
  const onConfirm = useToolConfirmation(room);
  const inCall = phase === 'connecting' || phase === 'connected';

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <div className="space-y-4">
        <Card>
          <CardHeader
            title={inCall ? 'In a call' : 'Start a call'}
            description={
              inCall
                ? phase === 'connecting'
                  ? 'Connecting to LiveKit…'
                  : 'Speak, or type below. Tool calls appear in the transcript as they run.'
                : 'Your browser will ask to use the microphone.'
            }
          />
          <CardBody className="space-y-4">
            {!inCall ? (
              <>
                {profiles.length > 1 ? (
                  <Field label="Agent profile">
                    {(props) => (
                      <Select
                        {...props}
                        value={profileId}
                        onChange={(e) => setProfileId(e.target.value)}
                      >
                        {profiles.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name} (v{p.version}){p.isDefault ? ', default' : ''}
                          </option>
                        ))}
                      </Select>
                    )}
                  </Field>
                ) : null}
                {agentProblem && phase !== 'ended' ? (
                  <Alert tone="warning" title="No agent can answer calls right now">
                    <p>{agentProblem}</p>
                    <p>A call started now waits for an agent. The {statusLink} says what to do.</p>
                  </Alert>
                ) : null}
                {profiles.length === 0 ? (
                  <Alert tone="warning">
                    No agent profile is available for calls. Ask an admin to set one up.
                  </Alert>
                ) : null}
                <Button
                  type="button"
                  size="lg"
                  className="w-full"
                  pending={phase === 'starting'}
                  disabled={profiles.length === 0}
                  onClick={() => void session.start(profileId || undefined)}
                >
                  <Phone aria-hidden className="size-4" />
                  {phase === 'ended' ? 'Start another call' : 'Start call'}
                </Button>
                {phase === 'ended' && session.joined && callId ? (
                  <p className="text-sm text-zinc-600">
                    The call ended.{' '}
                    <Link
                      href={`/calls/${callId}`}
                      className="font-medium text-indigo-600 underline"
                    >
                      Review this call
                    </Link>
                  </p>
                ) : null}
              </>
            ) : null}
            {room && inCall ? (
              <RoomContext.Provider value={room}>
                <CallControls
                  room={room}
                  phase={phase}
                  end={session.end}
                  sendMessage={session.sendMessage}
                />
              </RoomContext.Provider>
            ) : null}
          </CardBody>
        </Card>
        <div className="space-y-3" aria-live="polite">
          {session.problems.map((problem) => (
            <ProblemAlert
              key={problem.kind}
              problem={problem}
              callId={callId}
              onRetryMicrophone={() => void session.retryMicrophone()}
            />
          ))}
        </div>
      </div>
      <section aria-labelledby="transcript-heading" className="flex min-h-0 flex-col">
        <h2 id="transcript-heading" className="mb-2 text-sm font-semibold text-zinc-900">
          Transcript
        </h2>
        <TranscriptPanel
          view={view}
          onConfirm={onConfirm}
          className="h-[min(70vh,40rem)]"
          emptyText={
            inCall
              ? 'Waiting for the agent…'
              : 'What you and the agent say, and every tool call, appears here.'
          }
        />
      </section>
    </div>
  );
}
