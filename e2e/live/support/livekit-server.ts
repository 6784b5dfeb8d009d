import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freeTcpPort,
  freeUdpPort,
  startProcess,
  waitForHttp,
  type ManagedProcess,
} from './processes';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * The pinned livekit-server (scripts/livekit-server.sh: the one named by LIVEKIT_SERVER_BIN or on
 * PATH if it is that version, else the cached build, else a build from the Go module proxy). No
 * binary and no Go: the script says how to get one and this throws, so the live tests fail.
 */
export function livekitServerBinary(): string {
  const out = execFileSync('bash', [path.join(root, 'scripts', 'livekit-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const binary = out.trim().split('\n').at(-1) ?? '';
  if (!fs.existsSync(binary))
    throw new Error(`scripts/livekit-server.sh printed no binary (${out})`);
  return binary;
}

export interface LiveKitServer {
  /** ws://127.0.0.1:PORT, for LIVEKIT_URL */
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly ports: { http: number; tcp: number; udp: number };
  readonly process: ManagedProcess;
  /** everything the server printed, over restarts */
  output(): string;
  /** stops it (SIGTERM: what an operator's stop does) */
  stop(): Promise<void>;
  /** starts it again after stop(), on the same ports with the same keys */
  start(): Promise<void>;
  /** stop() then start() */
  restart(): Promise<void>;
}

/**
 * `livekit-server --dev` on loopback only: signalling, ICE/TCP and the one UDP port are chosen free
 * at run time and written to a generated config, the node IP is 127.0.0.1 and no STUN server is
 * asked for an external address (loopback candidates are enabled, since nothing else is reachable).
 */
export async function startLiveKitServer(
  options: { binary?: string } = {},
): Promise<LiveKitServer> {
  const binary = options.binary ?? livekitServerBinary();
  const ports = { http: await freeTcpPort(), tcp: await freeTcpPort(), udp: await freeUdpPort() };
  const apiKey = `live-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voice-console-livekit-'));
  const config = path.join(dir, 'livekit.yaml');
  fs.writeFileSync(
    config,
    [
      `port: ${ports.http}`,
      'bind_addresses: ["127.0.0.1"]',
      'rtc:',
      `  tcp_port: ${ports.tcp}`,
      `  udp_port: ${ports.udp}`,
      '  node_ip: 127.0.0.1',
      '  use_external_ip: false',
      '  enable_loopback_candidate: true',
      '  stun_servers: []',
      'keys:',
      `  ${apiKey}: ${apiSecret}`,
      '',
    ].join('\n'),
  );
  let earlier = '';
  let current: ManagedProcess;
  const launch = async () => {
    current = startProcess('livekit-server', binary, ['--dev', '--config', config]);
    const proc = current;
    await waitForHttp(`http://127.0.0.1:${ports.http}/`, 20_000, () => proc.running).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${proc.output()}`);
      },
    );
  };
  await launch();
  return {
    url: `ws://127.0.0.1:${ports.http}`,
    apiKey,
    apiSecret,
    ports,
    get process() {
      return current;
    },
    output: () => earlier + current.output(),
    async stop() {
      await current.stop();
    },
    async start() {
      if (current.running) return;
      earlier += current.output();
      await launch();
    },
    async restart() {
      await current.stop();
      earlier += current.output();
      await launch();
    },
  };
}
