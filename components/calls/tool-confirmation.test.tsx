import { ParticipantKind, RpcError } from 'livekit-client';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { makePreview } from '@/lib/call-events/preview';
import { argumentRows, ToolConfirmation } from './tool-confirmation';
import { confirmationErrorMessage, sendToolDecision } from './use-tool-confirmation';

const args = { to: 'bob@example.com', subject: 'Lunch moved', body: 'See you\nat 1 pm.' };

describe('ToolConfirmation', () => {
  it('shows the tool, its server and the arguments as they will be sent, with Approve and Deny', () => {
    const html = renderToStaticMarkup(
      <ToolConfirmation
        entry={{
          toolCallId: 'call_1',
          tool: 'send_email',
          server: 'mail',
          args: makePreview(args),
        }}
        onDecide={() => Promise.resolve()}
      />,
    );
    expect(html).toContain('send_email');
    expect(html).toContain('mail');
    expect(html).toContain('bob@example.com');
    expect(html).toContain('Lunch moved');
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>.*Approve<\/button>/s);
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>.*Deny<\/button>/s);
    expect(html).not.toMatch(/ disabled=""/);
  });

  it('argument rows: an object becomes name/value rows; other or cut previews are shown raw', () => {
    expect(argumentRows(makePreview(args))).toEqual([
      { name: 'to', value: 'bob@example.com' },
      { name: 'subject', value: 'Lunch moved' },
      { name: 'body', value: 'See you\nat 1 pm.' },
    ]);
    expect(argumentRows(makePreview({ n: 2, tags: ['a'] }))).toEqual([
      { name: 'n', value: '2' },
      { name: 'tags', value: '["a"]' },
    ]);
    expect(argumentRows(makePreview('just text'))).toBeNull();
    expect(argumentRows({ text: '{"to":"b', truncated: true, bytes: 9000 })).toBeNull();
    expect(argumentRows(undefined)).toBeNull();
  });
});

describe('sendToolDecision', () => {
  const agent = { identity: 'agent-AJ_1', kind: ParticipantKind.AGENT };
  const caller = { identity: 'someone', kind: ParticipantKind.STANDARD };

  function fakeRoom(performRpc: (params: unknown) => Promise<string>) {
    return {
      localParticipant: { performRpc: vi.fn(performRpc) },
      remoteParticipants: new Map([
        ['someone', caller],
        ['agent-AJ_1', agent],
      ]),
    } as unknown as Parameters<typeof sendToolDecision>[0] & {
      localParticipant: { performRpc: ReturnType<typeof vi.fn> };
    };
  }

  it('sends console.confirm_tool to the agent participant and reads its answer', async () => {
    const room = fakeRoom(() =>
      Promise.resolve(JSON.stringify({ toolCallId: 'call_1', decision: 'approved' })),
    );
    await expect(sendToolDecision(room, 'call_1', 'approve')).resolves.toEqual({
      toolCallId: 'call_1',
      decision: 'approved',
    });
    expect(room.localParticipant.performRpc).toHaveBeenCalledWith({
      destinationIdentity: 'agent-AJ_1',
      method: 'console.confirm_tool',
      payload: JSON.stringify({ toolCallId: 'call_1', decision: 'approve' }),
      responseTimeout: 10_000,
    });
  });

  it("shows the agent's refusal as it was given", async () => {
    const room = fakeRoom(() =>
      Promise.reject(
        new RpcError(403, 'Only the caller of this call can approve or deny its actions.'),
      ),
    );
    await expect(sendToolDecision(room, 'call_1', 'approve')).rejects.toThrow(
      'Only the caller of this call can approve or deny its actions.',
    );
  });

  it('says so when the agent is not there or does not answer', async () => {
    const empty = { localParticipant: {}, remoteParticipants: new Map() } as unknown as Parameters<
      typeof sendToolDecision
    >[0];
    await expect(sendToolDecision(empty, 'call_1', 'deny')).rejects.toThrow(
      'The agent is not in the call.',
    );
    expect(confirmationErrorMessage(new RpcError(1502, 'Response timeout'))).toMatch(
      /did not answer in time/,
    );
    expect(confirmationErrorMessage(new RpcError(1400, 'Method not supported'))).toMatch(
      /cannot take button answers/,
    );
  });
});
