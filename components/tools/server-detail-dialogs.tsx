'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { deleteMcpServer, type SaveServerData } from '@/server/actions/mcp-servers';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { useAction } from '@/components/ui/use-action';
import type { ServerRow } from '@/lib/db/mcp-servers';
import { formatMs } from './format';
import { ServerForm } from './server-form';

/** Edit: the form tests changed connection settings before it saves them. */
export function EditServerDialog({
  server,
  stdioEnabled,
  open,
  onOpenChange,
  onSaved,
}: {
  server: ServerRow;
  stdioEnabled: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (data: SaveServerData) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Edit MCP server"
        description={
          server.kind === 'stdio'
            ? 'A changed command, argument or variable is tested (the command is started) before it is saved; if the test fails, nothing changes.'
            : 'A changed URL or header is tested before it is saved; if the test fails, nothing changes.'
        }
      >
        <ServerForm
          server={server}
          stdioEnabled={stdioEnabled}
          onCancel={() => onOpenChange(false)}
          onSaved={(data) => {
            onOpenChange(false);
            onSaved(data);
            toast.success(
              data.needsOAuth
                ? 'Saved. This server signs in with OAuth: press Connect.'
                : data.test
                  ? `Saved; connected in ${formatMs(data.test.ms)}.`
                  : 'Saved.',
            );
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

export function DeleteServerDialog({
  server,
  open,
  onOpenChange,
}: {
  server: ServerRow;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const remove = useAction(deleteMcpServer, {
    toast: true,
    onOk: () => {
      onOpenChange(false);
      toast.success(`${server.name} deleted.`);
      router.push('/tools');
    },
  });
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Delete ${server.name}?`}
        description="Its tools stop being offered to the agent at once. Past calls keep their records."
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={remove.pending}>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => remove.run({ id: server.id })}
            pending={remove.pending}
          >
            Delete server
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
