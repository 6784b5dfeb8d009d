'use client';

import { CheckCircle2, RefreshCw, TriangleAlert, XCircle } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { OAuthConnectButton, signInLabel } from '@/components/tools/oauth-connect';
import type { StatusCheck } from '@/lib/status/checks';

const icons = {
  ok: <CheckCircle2 aria-hidden className="size-5 text-emerald-600" />,
  warning: <TriangleAlert aria-hidden className="size-5 text-amber-500" />,
  error: <XCircle aria-hidden className="size-5 text-red-600" />,
};
const words = { ok: 'Ready', warning: 'Attention', error: 'Not ready' };

function SignIns({
  signIns,
  canSignIn,
}: {
  signIns: NonNullable<StatusCheck['signIns']>;
  canSignIn: boolean;
}) {
  return (
    <ul className="mt-2 space-y-2" aria-label="Servers to sign in to">
      {signIns.map(({ serverId, server, oauth }) => (
        <li key={serverId} className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-zinc-800">{server}</span>
          {canSignIn ? (
            <OAuthConnectButton serverId={serverId} serverName={server} oauth={oauth} size="sm" />
          ) : (
            <span className="text-zinc-500">
              an admin presses {signInLabel(oauth)} on the Tools page
            </span>
          )}
          {oauth.statusReason ? (
            <span className="w-full text-xs break-words text-zinc-500">{oauth.statusReason}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function StatusList({
  checks,
  checkedAt,
  canSignIn = false,
}: {
  checks: StatusCheck[];
  checkedAt: string;
  /** the reader is an admin, who can press Connect / Reconnect */
  canSignIn?: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const problems = checks.filter((check) => check.status !== 'ok').length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600" aria-live="polite">
          {problems === 0
            ? 'Everything is ready.'
            : `${problems} of ${checks.length} need attention.`}{' '}
          Checked at {new Date(checkedAt).toLocaleTimeString()}.
        </p>
        <Button
          variant="secondary"
          size="sm"
          pending={pending}
          onClick={() => startTransition(() => router.refresh())}
        >
          {pending ? null : <RefreshCw aria-hidden className="size-4" />}
          Check again
        </Button>
      </div>
      <Card>
        <ul className="divide-y divide-zinc-100" aria-label="Dependencies">
          {checks.map((check) => (
            <li key={check.id} className="flex gap-3 px-4 py-4 sm:px-5" data-check={check.id}>
              <div className="pt-0.5">{icons[check.status]}</div>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-baseline gap-x-3">
                  <h2 className="text-sm font-semibold text-zinc-900">{check.label}</h2>
                  <span className="text-xs font-medium text-zinc-500">{words[check.status]}</span>
                </div>
                <p className="mt-1 text-sm break-words text-zinc-700">{check.summary}</p>
                {check.action ? <p className="mt-1 text-sm text-zinc-500">{check.action}</p> : null}
                {check.signIns?.length ? (
                  <SignIns signIns={check.signIns} canSignIn={canSignIn} />
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
