import { z } from 'zod';

/**
 * The caller's Approve / Deny for a tool call awaiting confirmation, sent from the browser to the
 * agent participant as a LiveKit RPC (livekit-client `performRpc`, rtc-node `registerRpcMethod`).
 * Shared so both ends read the same shapes. The agent accepts it only from the call's caller (the
 * LiveKit identity the console mints is the user id) and records it as a `confirmation` event.
 */
export const CONFIRM_TOOL_RPC_METHOD = 'console.confirm_tool';

export const ConfirmToolRequest = z
  .object({
    toolCallId: z.string().min(1).max(200),
    decision: z.enum(['approve', 'deny']),
  })
  .strict();
export type ConfirmToolRequest = z.infer<typeof ConfirmToolRequest>;

/** The RPC's answer once the decision was recorded (the tool's outcome follows as call events). */
export const ConfirmToolResponse = z.object({
  toolCallId: z.string(),
  decision: z.enum(['approved', 'denied']),
});
export type ConfirmToolResponse = z.infer<typeof ConfirmToolResponse>;

/**
 * RPC error codes the agent answers with (outside LiveKit's reserved 1001-1999). The message of
 * the error says what happened, in words the panel can show.
 */
export const CONFIRM_TOOL_RPC_ERRORS = {
  invalid_request: 400,
  not_caller: 403,
  not_pending: 409,
} as const;
export type ConfirmToolRpcErrorCode = keyof typeof CONFIRM_TOOL_RPC_ERRORS;
