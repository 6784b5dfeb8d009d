import path from 'node:path';
import type { StdioCommand } from '@/lib/mcp/types';

/** The command that starts test/fixtures/stdio-fixture-server.ts in one of its modes. */
export type StdioFixtureMode = 'good' | 'exit' | 'hang' | 'garbage';

const root = path.resolve(import.meta.dirname, '..', '..');
export const STDIO_FIXTURE_SCRIPT = path.join(root, 'test/fixtures/stdio-fixture-server.ts');

export function stdioFixture(
  mode: StdioFixtureMode,
  env: Record<string, string> = {},
): StdioCommand {
  return {
    command: process.execPath,
    // tsx is resolved from the working directory: the repository root in tests and the console
    args: ['--import', 'tsx', STDIO_FIXTURE_SCRIPT, mode],
    env,
  };
}

/** server-everything's own binary, in its stdio mode: an MCP server we did not write. */
export const SERVER_EVERYTHING_STDIO: StdioCommand = {
  command: path.join(root, 'node_modules/.bin/mcp-server-everything'),
  args: ['stdio'],
  env: {},
};

/** true while a process with this pid exists */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
