import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import type { WorkerView } from '@/lib/status/worker-list';

/** Every agent worker that reported within the hour, one row each (lib/status/worker-list.ts). */
export function WorkerTable({ workers }: { workers: WorkerView[] }) {
  return (
    <section aria-labelledby="workers-heading" className="space-y-2">
      <h2 id="workers-heading" className="text-base font-semibold text-zinc-900">
        Agent workers
      </h2>
      {workers.length === 0 ? (
        <p className="text-sm text-zinc-600">No agent worker reported in the last hour.</p>
      ) : (
        <Table aria-label="Agent workers">
          <thead>
            <tr>
              <Th>Worker</Th>
              <Th>Host</Th>
              <Th>State</Th>
              <Th>Last heartbeat</Th>
              <Th>Active calls</Th>
              <Th>Open calls</Th>
            </tr>
          </thead>
          <tbody>
            {workers.map((worker) => (
              <tr key={worker.id} aria-label={`Worker ${worker.id}`}>
                <Td>
                  <div className="font-mono text-xs break-all text-zinc-800">{worker.id}</div>
                  <div className="text-xs text-zinc-500">
                    {worker.agentName} · {worker.version}
                  </div>
                </Td>
                <Td>{worker.hostname}</Td>
                <Td>
                  {!worker.reporting ? (
                    <Badge tone="danger">Stopped reporting</Badge>
                  ) : worker.registered ? (
                    <Badge tone="success">Registered</Badge>
                  ) : (
                    <Badge tone="warning">Not connected to LiveKit</Badge>
                  )}
                </Td>
                <Td>
                  <time dateTime={worker.lastSeenAt}>{worker.secondsSinceSeen} s ago</time>
                </Td>
                <Td>{worker.activeJobs}</Td>
                <Td>{worker.openCalls}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
