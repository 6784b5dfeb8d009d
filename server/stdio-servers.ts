import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import {
  createServer as createServerRow,
  getServerSecrets,
  mergeHeaderInputs,
  updateServer as updateServerRow,
} from '@/lib/db/mcp-servers';
import { saveDiscovery } from '@/lib/db/mcp-tools';
import { consoleEnv } from '@/lib/env/console-env';
import { AppError } from '@/lib/errors';
import type { StdioCommand } from '@/lib/mcp/types';
import { passedOrThrow, probeServer } from '@/server/mcp-operations';

/**
 * Local (stdio) MCP servers in the console: the input schemas and the save flows the server
 * actions (server/actions/mcp-servers.ts) run after the role check. A command that fails its test
 * is refused as every failed probe is (mcpFailureError, server/mcp-operations.ts). A local server runs a command on this host, so
 * nothing here starts one unless the operator turned them on (MCP_STDIO_ENABLED).
 */

export const ServerName = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(60, 'Use at most 60 characters.');
export const Id = z.string().min(1).max(100);

const noNul = (text: string) => !text.includes('\0');

const EnvName = z
  .string()
  .trim()
  .min(1, 'Enter the variable name.')
  .max(100, 'Use at most 100 characters.')
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'Use letters, digits and underscores, not starting with a digit, e.g. API_KEY.',
  );
const EnvValue = z
  .string()
  .min(1, 'Enter a value.')
  .max(8_192, 'Use at most 8192 characters.')
  .refine(noNul, { message: 'A value cannot hold a NUL character.' });
const NewEnv = z.object({ name: EnvName, value: EnvValue });
const KeptEnv = z.object({ name: EnvName, keep: z.literal(true) });

/** Environment names are case-sensitive on the hosts this runs on. */
function uniqueEnvNames(vars: Array<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  vars.forEach((variable, index) => {
    if (seen.has(variable.name))
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message: 'This variable is twice.' });
    seen.add(variable.name);
  });
}

const Command = z
  .string()
  .trim()
  .min(1, 'Enter the command to run, e.g. npx or /usr/local/bin/my-mcp-server.')
  .max(1_000, 'Use at most 1000 characters.')
  .refine((text) => noNul(text) && !/[\r\n]/.test(text), {
    message: 'The command is one line: put its arguments below.',
  });
const Args = z
  .array(
    z
      .string()
      .max(4_000, 'Use at most 4000 characters per argument.')
      .refine(noNul, { message: 'An argument cannot hold a NUL character.' }),
  )
  .max(100, 'Use at most 100 arguments.');

export const CreateStdioServer = z.object({
  kind: z.literal('stdio'),
  name: ServerName,
  command: Command,
  args: Args,
  env: z.array(NewEnv).max(50, 'Use at most 50 variables.').superRefine(uniqueEnvNames),
});

export const UpdateStdioServer = z.object({
  kind: z.literal('stdio'),
  id: Id,
  name: ServerName,
  command: Command,
  args: Args,
  env: z
    .array(z.union([KeptEnv, NewEnv]))
    .max(50, 'Use at most 50 variables.')
    .superRefine(uniqueEnvNames),
});

/** Refuses anything that would start a local command while they are turned off. */
export function assertStdioEnabled(enabled = consoleEnv().mcpStdioEnabled): void {
  if (!enabled) throw new AppError('stdio_disabled', undefined, { field: 'kind' });
}

/** How a command is shown in logs: the command name only, never arguments or environment. */
function logName(command: string): string {
  return command.split('/').pop() ?? command;
}

export async function createStdioServer(
  input: z.infer<typeof CreateStdioServer>,
  userEmail: string,
) {
  assertStdioEnabled();
  const env = consoleEnv();
  const db = getDb();
  const stdio: StdioCommand = {
    command: input.command,
    args: input.args,
    env: Object.fromEntries(input.env.map((v) => [v.name, v.value])),
  };
  const probe = passedOrThrow(await probeServer({ stdio, policy: env.mcpUrlPolicy }));
  const server = await createServerRow({
    db,
    name: input.name,
    stdio,
    sealKey: env.sealKey,
    check: { ok: true, ms: probe.ms, transport: probe.transport },
  });
  const discovery = await saveDiscovery({ db, serverId: server.id, listing: probe.listing });
  console.info(
    `[tools] ${userEmail} added local MCP server "${server.name}" (${logName(input.command)})`,
  );
  return {
    id: server.id,
    test: { ms: probe.ms, transport: probe.transport, toolCount: probe.listing.tools.length },
    discovery,
  };
}

export async function updateStdioServer(
  input: z.infer<typeof UpdateStdioServer>,
  userEmail: string,
) {
  const env = consoleEnv();
  const db = getDb();
  const current = await getServerSecrets({ db, id: input.id, sealKey: env.sealKey });
  if (!current.stdio) {
    throw new AppError(
      'invalid_input',
      'A remote server cannot become a local one: add a new server.',
      {
        field: 'kind',
      },
    );
  }
  const vars = mergeHeaderInputs({ current: current.stdio.env, inputs: input.env, field: 'env' });
  const unchanged =
    input.command === current.stdio.command &&
    JSON.stringify(input.args) === JSON.stringify(current.stdio.args) &&
    input.env.every((v) => 'keep' in v) &&
    Object.keys(vars).length === Object.keys(current.stdio.env).length;
  if (unchanged) {
    await updateServerRow({ db, id: input.id, name: input.name, sealKey: env.sealKey });
    return { id: input.id, test: null, discovery: null };
  }
  assertStdioEnabled();
  const stdio: StdioCommand = { command: input.command, args: input.args, env: vars };
  const probe = passedOrThrow(await probeServer({ stdio, policy: env.mcpUrlPolicy }));
  await updateServerRow({
    db,
    id: input.id,
    name: input.name,
    stdio,
    sealKey: env.sealKey,
    check: { ok: true, ms: probe.ms, transport: probe.transport },
  });
  const discovery = await saveDiscovery({ db, serverId: input.id, listing: probe.listing });
  console.info(`[tools] ${userEmail} changed the command of local MCP server "${input.name}"`);
  return {
    id: input.id,
    test: { ms: probe.ms, transport: probe.transport, toolCount: probe.listing.tools.length },
    discovery,
  };
}
