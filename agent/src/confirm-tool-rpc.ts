import {
  CONFIRM_TOOL_RPC_ERRORS,
  ConfirmToolRequest,
  type ConfirmToolResponse,
} from '@/lib/call-events/confirm-tool-rpc';
import { ConfirmationRefused, type ConfirmationGate } from './confirmation-gate';
import { parseJson } from '@/lib/json';

/**
 * The `console.confirm_tool` RPC as a plain function: the browser's payload and the LiveKit
 * caller identity in, the gate's answer or a typed refusal out. main.ts only maps it to
 * rtc-node's `registerRpcMethod` / `RpcError`.
 */
export type ConfirmToolRpcResult =
  { ok: true; response: ConfirmToolResponse } | { ok: false; code: number; message: string };

export function handleConfirmToolRpc(
  gate: Pick<ConfirmationGate, 'decideFromButton'>,
  input: { callerIdentity: string; payload: string },
): ConfirmToolRpcResult {
  const request = ConfirmToolRequest.safeParse(parseJson(input.payload));
  if (!request.success) {
    return {
      ok: false,
      code: CONFIRM_TOOL_RPC_ERRORS.invalid_request,
      message: 'The request is not a valid confirmation ({toolCallId, decision: approve|deny}).',
    };
  }
  try {
    const response = gate.decideFromButton({ ...request.data, by: input.callerIdentity });
    return { ok: true, response };
  } catch (error) {
    if (error instanceof ConfirmationRefused)
      return { ok: false, code: CONFIRM_TOOL_RPC_ERRORS[error.code], message: error.message };
    throw error;
  }
}
