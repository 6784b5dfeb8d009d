'use client';

import { ParticipantKind, RpcError, type Room } from 'livekit-client';
import { useCallback } from 'react';
import {
  CONFIRM_TOOL_RPC_ERRORS,
  CONFIRM_TOOL_RPC_METHOD,
  ConfirmToolRequest,
  ConfirmToolResponse,
} from '@/lib/call-events/confirm-tool-rpc';

/**
 * The caller's Approve / Deny for a tool call awaiting confirmation: a LiveKit RPC to the agent
 * participant (`console.confirm_tool`, lib/call-events/confirm-tool-rpc.ts). The agent accepts it
 * only from the call's caller and records it as a `confirmation` event; the outcome then arrives
 * as call events like any other. Rejects with an Error whose message the panel can show.
 */
export type ToolDecision = ConfirmToolRequest['decision'];
export type SendToolDecision = (
  toolCallId: string,
  decision: ToolDecision,
) => Promise<ConfirmToolResponse>;

/** How long to wait for the agent's answer (it answers once the decision is recorded). */
export const CONFIRM_RPC_TIMEOUT_MS = 10_000;

/** What the panel says when the agent refused or could not be reached. */
export function confirmationErrorMessage(error: unknown): string {
  if (error instanceof RpcError) {
    switch (error.code) {
      case CONFIRM_TOOL_RPC_ERRORS.not_caller:
      case CONFIRM_TOOL_RPC_ERRORS.not_pending:
      case CONFIRM_TOOL_RPC_ERRORS.invalid_request:
        return error.message;
      case RpcError.ErrorCode.RESPONSE_TIMEOUT:
      case RpcError.ErrorCode.CONNECTION_TIMEOUT:
        return 'The agent did not answer in time. Try again, or answer out loud.';
      case RpcError.ErrorCode.RECIPIENT_DISCONNECTED:
      case RpcError.ErrorCode.RECIPIENT_NOT_FOUND:
        return 'The agent has left the call.';
      case RpcError.ErrorCode.UNSUPPORTED_METHOD:
        return 'This agent cannot take button answers. Answer out loud instead.';
      default:
        return `The agent could not take the answer: ${error.message}`;
    }
  }
  return error instanceof Error ? error.message : 'The answer could not be sent.';
}

export async function sendToolDecision(
  room: Pick<Room, 'localParticipant' | 'remoteParticipants'>,
  toolCallId: string,
  decision: ToolDecision,
  agentIdentity?: string,
): Promise<ConfirmToolResponse> {
  const destination =
    agentIdentity ??
    [...room.remoteParticipants.values()].find((p) => p.kind === ParticipantKind.AGENT)?.identity;
  if (!destination) throw new Error('The agent is not in the call.');
  try {
    const answer = await room.localParticipant.performRpc({
      destinationIdentity: destination,
      method: CONFIRM_TOOL_RPC_METHOD,
      payload: JSON.stringify(ConfirmToolRequest.parse({ toolCallId, decision })),
      responseTimeout: CONFIRM_RPC_TIMEOUT_MS,
    });
    return ConfirmToolResponse.parse(JSON.parse(answer));
  } catch (error) {
    throw new Error(confirmationErrorMessage(error), { cause: error });
  }
}

/**
 * `send(toolCallId, decision)` for the live call page's panel; undefined while there is no room
 * (review pages and the admin's live monitor show the entry without buttons).
 */
export function useToolConfirmation(
  room: Room | null | undefined,
  agentIdentity?: string,
): SendToolDecision | undefined {
  const send = useCallback<SendToolDecision>(
    (toolCallId, decision) => {
      if (!room) return Promise.reject(new Error('The call is not connected.'));
      return sendToolDecision(room, toolCallId, decision, agentIdentity);
    },
    [room, agentIdentity],
  );
  return room ? send : undefined;
}
