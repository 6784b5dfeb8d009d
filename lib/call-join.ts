/**
 * The console makes a call's room, with the agent dispatched to it, before the caller's page joins
 * it (server/call-room.ts). A page that never joins (it could not reach LiveKit, or was closed)
 * leaves the agent alone there: after this long the agent ends the call, reason
 * `caller_never_joined` (the agent worker's AGENT_CALLER_JOIN_TIMEOUT_MS).
 */
export const CALLER_JOIN_TIMEOUT_MS = 60_000;

/**
 * LiveKit closes a room nobody joined after this (its `emptyTimeout`, seconds): later than the
 * agent gives up, so that such a call ends with the agent's reason.
 */
export const CALL_ROOM_EMPTY_TIMEOUT_SECONDS = CALLER_JOIN_TIMEOUT_MS / 1000 + 30;
