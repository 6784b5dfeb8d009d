import { Badge } from '@/components/ui/badge';
import type { CallStatus } from '@/lib/db/calls';

export function CallStatusBadge({ status, live }: { status: CallStatus; live?: boolean }) {
  if (status === 'active' || live)
    return (
      <Badge tone="danger">
        <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-red-600" />
        Live
      </Badge>
    );
  if (status === 'created') return <Badge tone="warning">agent not joined</Badge>;
  return <Badge>ended</Badge>;
}
