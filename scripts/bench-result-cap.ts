/**
 * Benchmark (not a test): how much a process grows while a tool answers with 40 MB. Each
 * measurement runs in a fresh child process: the MCP client of lib/mcp (which stops reading at
 * its hard cap) against the SDK's own client reading the whole answer (what the client did
 * before the cap), same fixture server, same call. Prints peak RSS growth of each and the ratio.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const MB = 1024 * 1024;
const BYTES = 40 * MB;
const role = process.argv[2];

async function measure(kind: 'capped' | 'sdk', url: string): Promise<void> {
  const { connectMcp } = await import('../lib/mcp/client');
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const call = async (): Promise<string> => {
    if (kind === 'capped') {
      const connection = await connectMcp({ url, policy: { allowPrivate: true, allowList: [] } });
      try {
        await connection.callTool('huge', { bytes: BYTES }, { timeoutMs: 60_000 });
        return 'answered whole';
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      } finally {
        await connection.close();
      }
    }
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const result = await client.callTool({ name: 'huge', arguments: { bytes: BYTES } });
      return `answered whole (${JSON.stringify(result).length} chars)`;
    } finally {
      await client.close();
    }
  };
  // Warm up the modules and one connection first, so their memory is not counted.
  const warm = await connectMcp({ url, policy: { allowPrivate: true, allowList: [] } });
  await warm.callTool('echo', { text: 'warm' }, { timeoutMs: 5_000 });
  await warm.close();
  global.gc?.();
  const before = process.memoryUsage().rss;
  const timer = setInterval(sample, 5);
  const outcome = await call();
  sample();
  clearInterval(timer);
  process.stdout.write(JSON.stringify({ kind, before, peak, outcome }));
}

if (role === 'measure') {
  await measure(process.argv[3] as 'capped' | 'sdk', process.argv[4]!);
  process.exit(0);
} else {
  const { startFixtureServer } = await import('../test/fixtures/mcp-fixture-server');
  const server = await startFixtureServer();
  const tsx = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
  // Not spawnSync: the fixture server in this process must keep answering.
  const run = async (kind: string) => {
    const { stdout } = await promisify(execFile)(
      tsx,
      ['--expose-gc', import.meta.filename, 'measure', kind, server.url],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 1024 * 1024 },
    );
    return JSON.parse(stdout) as { before: number; peak: number; outcome: string };
  };
  // One after the other, so the two do not share the machine.
  const capped = await run('capped');
  const sdk = await run('sdk');
  await server.close();
  const growth = (m: { before: number; peak: number }) => (m.peak - m.before) / MB;
  console.log('[bench] a 40 MB tool result, peak RSS growth of the calling process');
  console.log(
    `  lib/mcp client (hard cap ${16 * 256} KB): +${growth(capped).toFixed(1)} MB, outcome: ${capped.outcome}`,
  );
  console.log(
    `  SDK client, whole answer (baseline): +${growth(sdk).toFixed(1)} MB, outcome: ${sdk.outcome}`,
  );
  console.log(`  ratio capped / baseline: ${(growth(capped) / growth(sdk)).toFixed(3)}`);
}
