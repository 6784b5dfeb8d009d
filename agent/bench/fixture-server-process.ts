/**
 * The fixture MCP server in a process of its own, for the overhead benchmark: in production the
 * MCP server is never in the agent's process, so the agent's per-call bookkeeping (deferred off
 * the call path) overlaps the wait for the server's answer instead of competing with the server
 * for the same event loop. Prints `READY <url>` when it listens; exits when stdin closes.
 */
import { startFixtureServer } from '@/test/fixtures/mcp-fixture-server';

const fixture = await startFixtureServer();
process.stdout.write(`READY ${fixture.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void fixture.close().then(() => process.exit(0));
});
