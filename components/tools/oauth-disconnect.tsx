'use client';

import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { disconnectMcpOAuth } from '@/server/actions/mcp-oauth';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { useAction } from '@/components/ui/use-action';

/**
 * Disconnect: the console forgets the server's OAuth tokens (and asks the authorization server
 * to revoke them); the server then shows Connect. Offered only while the console holds tokens,
 * so it is never a button that does nothing.
 */
export function OAuthDisconnectButton({
  serverId,
  serverName,
}: {
  serverId: string;
  serverName: string;
}) {
  const [open, setOpen] = useState(false);
  const disconnect = useAction(disconnectMcpOAuth, {
    toast: true,
    onOk: ({ revocation, message }) => {
      setOpen(false);
      if (revocation === 'failed') toast.warning(message);
      else toast.success(message);
    },
  });
  const pending = disconnect.pending;
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => setOpen(true)}
        aria-label={`Disconnect ${serverName}`}
      >
        <LogOut aria-hidden className="size-4" />
        Disconnect
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          title={`Disconnect ${serverName}?`}
          description="The console forgets its OAuth tokens for this server and asks the authorization server to revoke them. Calls cannot use its tools until an admin presses Connect again."
        >
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
            <Button
              variant="danger"
              onClick={() => disconnect.run({ id: serverId })}
              pending={pending}
            >
              Disconnect
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </>
  );
}
