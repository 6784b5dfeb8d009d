'use client';

import { KeyRound, LogIn } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { connectMcpOAuth, setMcpOAuthClient } from '@/server/actions/mcp-oauth';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import type { OAuthGrantView } from '@/lib/db/mcp-oauth';
import { OAuthDisconnectButton } from './oauth-disconnect';
import { When } from './when';

/** The word on the button: a server never signed in to is connected, one that was is reconnected. */
export function signInLabel(oauth: OAuthGrantView): 'Connect' | 'Reconnect' {
  return oauth.status === 'not_connected' ? 'Connect' : 'Reconnect';
}

/**
 * Sends the admin's browser to the authorization server's sign-in page; it comes back to the
 * console's callback, then to this server's page. The URL is all the browser gets.
 */
export function OAuthConnectButton({
  serverId,
  serverName,
  oauth,
  size = 'md',
}: {
  serverId: string;
  serverName: string;
  oauth: OAuthGrantView;
  size?: 'sm' | 'md';
}) {
  const label = signInLabel(oauth);
  // A failure (no authorization server found, registration refused) is toasted with its hint.
  const connect = useAction(connectMcpOAuth, {
    toast: true,
    onOk: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
  });
  const pending = connect.pending;
  return (
    <Button
      size={size}
      variant={oauth.status === 'connected' ? 'secondary' : 'primary'}
      onClick={() => connect.run({ id: serverId })}
      pending={pending}
      aria-label={`${label} ${serverName}`}
    >
      {pending ? null : <LogIn aria-hidden className="size-4" />}
      {label}
    </Button>
  );
}

export function OAuthStatusBadge({ oauth }: { oauth: OAuthGrantView }) {
  if (oauth.status === 'connected') return <Badge tone="success">Signed in with OAuth</Badge>;
  if (oauth.status === 'reconnect') return <Badge tone="danger">Needs Reconnect</Badge>;
  return <Badge tone="warning">Not signed in</Badge>;
}

function ClientDialog({
  serverId,
  open,
  onOpenChange,
}: {
  serverId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const save = useAction(setMcpOAuthClient, {
    onOk: () => {
      onOpenChange(false);
      setClientSecret('');
      toast.success('Client saved. Press Connect to sign in with it.');
    },
  });
  const { pending } = save;
  const fieldErrors = save.failure?.fieldErrors ?? {};
  const formError = save.failure?.formError ?? null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.run({ id: serverId, clientId, clientSecret });
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Use a registered OAuth client"
        description="For authorization servers that do not let the console register itself. The secret is sealed and never shown again."
      >
        <form method="post" onSubmit={submit} className="space-y-4" noValidate>
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <Field label="Client ID" errors={fieldErrors.clientId}>
            {(props) => (
              <Input
                {...props}
                value={clientId}
                onChange={(event) => setClientId(event.target.value)}
                required
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            label="Client secret"
            errors={fieldErrors.clientSecret}
            hint="Leave empty for a public client."
          >
            {(props) => (
              <Input
                {...props}
                type="password"
                value={clientSecret}
                onChange={(event) => setClientSecret(event.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              Save client
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const SOURCES = {
  dynamic: 'registered by the console (dynamic client registration)',
  manual: 'entered by an admin',
  metadata_document: 'the console’s client ID metadata document',
} as const;

/** The server page's sign-in row: status, why, expiry, Connect / Reconnect, and the client. */
export function OAuthPanel({
  serverId,
  serverName,
  oauth,
  result,
  metadataDocument,
}: {
  serverId: string;
  serverName: string;
  oauth: OAuthGrantView;
  /** what the callback said (?oauth=) */
  result: 'connected' | 'failed' | null;
  /** the console's address is https, so it can register by its client ID metadata document */
  metadataDocument: boolean;
}) {
  const [clientOpen, setClientOpen] = useState(false);
  return (
    <div className="space-y-2">
      {result === 'connected' && oauth.status === 'connected' ? (
        <Alert tone="success" title="Signed in">
          The console holds an OAuth grant for this server and listed its tools with it.
        </Alert>
      ) : null}
      {result === 'failed' ? (
        <Alert tone="error" title="The sign-in did not complete">
          {oauth.statusReason ?? 'See the last test below for what the server said.'}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <OAuthStatusBadge oauth={oauth} />
        {oauth.scope ? (
          <span className="font-mono text-xs text-zinc-600">{oauth.scope}</span>
        ) : null}
        {oauth.status === 'connected' && oauth.expiresAt ? (
          <span className="text-xs text-zinc-500">
            access token valid until <When iso={oauth.expiresAt} /> (renewed before it expires)
          </span>
        ) : null}
      </div>
      {oauth.status !== 'connected' && oauth.statusReason && result !== 'failed' ? (
        <p className="text-red-700">{oauth.statusReason}</p>
      ) : null}
      {oauth.requestedScope && oauth.status !== 'connected' ? (
        <p className="text-zinc-600">
          The next sign-in asks for <span className="font-mono">{oauth.requestedScope}</span>.
        </p>
      ) : null}
      <p className="text-xs text-zinc-500">
        Client:{' '}
        {oauth.clientSource
          ? SOURCES[oauth.clientSource]
          : metadataDocument
            ? 'registered at the first Connect: by the console’s client ID metadata document where the authorization server supports it, otherwise by dynamic registration'
            : 'registered at the first Connect by dynamic registration (a client ID metadata document needs the console at an https address)'}
      </p>
      <div className="flex flex-wrap gap-2">
        <OAuthConnectButton serverId={serverId} serverName={serverName} oauth={oauth} size="sm" />
        <Button variant="ghost" size="sm" onClick={() => setClientOpen(true)}>
          <KeyRound aria-hidden className="size-4" />
          Use a client ID
        </Button>
        {oauth.holdsTokens ? (
          <OAuthDisconnectButton serverId={serverId} serverName={serverName} />
        ) : null}
      </div>
      <ClientDialog serverId={serverId} open={clientOpen} onOpenChange={setClientOpen} />
    </div>
  );
}
