/**
 * The instructions the model gets for one call: the profile's prompt, the built-in honesty rule,
 * and notices about tools that cannot be used in this call. Pure, so the admin's profile page can
 * show exactly what the agent will be told.
 */

export const HONESTY_RULE = [
  'Never say that an action was done (an email sent, a search made, a record changed) unless a tool result in this conversation confirms it.',
  'When a tool call fails, tell the caller that it failed and, briefly, why; do not retry silently and do not pretend it worked.',
  'When no available tool can do what the caller asks, say so plainly instead of describing what you would do.',
].join(' ');

export interface UnavailableServer {
  /** the MCP server's name as the admin registered it */
  server: string;
  /** a short typed reason, e.g. `connection_refused: nothing listens on 127.0.0.1:3901` */
  reason: string;
}

export interface InstructionTool {
  /** the function name the model sees */
  name: string;
  /** the MCP server's name */
  server: string;
}

export interface EffectiveInstructionsInput {
  prompt: string;
  unavailable?: UnavailableServer[];
  /** the tools of this call; when given and empty, the model is told it has none */
  tools?: InstructionTool[];
}

export function buildEffectiveInstructions({
  prompt,
  unavailable = [],
  tools,
}: EffectiveInstructionsInput): string {
  const parts: string[] = [];
  const trimmed = prompt.trim();
  if (trimmed) parts.push(trimmed);
  parts.push(HONESTY_RULE);
  if (tools && tools.length === 0) {
    parts.push('No tools are available in this call: you cannot take actions, only talk.');
  }
  if (unavailable.length > 0) {
    const lines = unavailable.map(({ server, reason }) => {
      const names = tools?.filter((t) => t.server === server).map((t) => t.name) ?? [];
      const which = names.length > 0 ? ` (tools: ${names.join(', ')})` : '';
      return `- ${server}${which}: ${reason}`;
    });
    parts.push(
      [
        'These tool servers could not be reached when this call started, so their tools are unavailable right now:',
        ...lines,
        'If the caller asks for something that needs them, say that the tool is unavailable at the moment instead of pretending; you may still try a call, and report its real result.',
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}
