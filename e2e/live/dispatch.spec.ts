import { AgentDispatchClient } from 'livekit-server-sdk';
import { expect, test } from './fixtures';

test('a dispatch naming no known call is refused, and the worker says so', async ({ stack }) => {
  const worker = stack.workers[0]!;
  const before = worker.output().length;
  await new AgentDispatchClient(
    stack.livekit.url.replace('ws://', 'http://'),
    stack.livekit.apiKey,
    stack.livekit.apiSecret,
  ).createDispatch('room-of-no-call', stack.agentName, {
    metadata: JSON.stringify({ callId: 'no-such-call' }),
  });
  await expect
    .poll(() => worker.output().slice(before), { timeout: 20_000 })
    .toMatch(/"callId":"no-such-call".*job refused: no such call in the database/);
});
