/**
 * How many function tools the model is documented to accept in one request.
 *
 * Source: OpenAI's API reference for function tools, Chat Completions `tools`: "A list of tools
 * the model may call. [...] A max of 128 functions are supported." (as generated into OpenAI's
 * own SDKs, e.g. openai-ruby's ChatCompletionCreateParams#tools). The Realtime API's reference
 * names no number for a session's `tools` (openai-node 6.49, RealtimeSessionCreateRequest.tools:
 * "Tools available to the model."), so 128 is the only documented OpenAI limit on function tools
 * and the one this console holds a Realtime session to. It is said, not enforced: a call offers
 * every enabled tool and its notice says when they are more than this.
 */
export const MODEL_TOOL_LIMIT = 128;

/** What a call or the profile editor says when more tools are enabled than the model accepts. */
export function toolLimitText(count: number, scope: 'call' | 'profile' = 'call'): string | null {
  if (count <= MODEL_TOOL_LIMIT) return null;
  const subject = scope === 'call' ? 'are enabled for this call' : 'would be offered in each call';
  return `${count} tools ${subject}, more than the ${MODEL_TOOL_LIMIT} function tools OpenAI documents a model accepting in one request: the model may refuse the session's tools or ignore some of them. Disable tools on the Tools page, or choose fewer in the agent profile (Only the tools I choose).`;
}

/** The profile editor's warning: the tools one of its calls would offer, counted as calls count them. */
export function profileToolLimitText({
  enabledToolIds,
  allTools,
  toolIds,
}: {
  /** the tools enabled now (the profile editor's catalog) */
  enabledToolIds: string[];
  allTools: boolean;
  /** the profile's chosen tools (used only when allTools is false); disabled ones do not count */
  toolIds: string[];
}): string | null {
  const enabled = new Set(enabledToolIds);
  const offered = allTools ? enabled.size : new Set(toolIds.filter((id) => enabled.has(id))).size;
  return toolLimitText(offered, 'profile');
}
