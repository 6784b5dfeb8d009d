import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

/**
 * Child processes of the live tier: each in its own process group (so stopping one ends what it
 * started, e.g. npm → tsx → node, and the agent's job processes), output kept for the test's
 * assertions and for the report when something fails.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved */
  output(): string;
  /** resolves when the output (from the start) matches; rejects when the process exits first */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<number | null>;
  readonly running: boolean;
  /** SIGTERM to the group, SIGKILL after graceMs */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group at once: a crash, as far as everyone else can tell */
  kill(): Promise<void>;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: Omit<SpawnOptions, 'stdio' | 'detached'> = {},
): ManagedProcess {
  const child = spawn(command, args, {
    ...options,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    // Bounded: a long run's debug output must not grow without end.
    if (text.length > 4_000_000) text = text.slice(-2_000_000);
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      for (const listener of [...listeners]) listener();
      resolve(code ?? (signal ? 128 : null));
    }),
  );
  // A spawn failure (no such binary) surfaces as an exit.
  child.once('error', (error) => {
    text += `\n[${name}] ${String(error)}\n`;
    running = false;
    for (const listener of [...listeners]) listener();
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  const handle: ManagedProcess = {
    name,
    child,
    output: () => text,
    get running() {
      return running;
    },
    exited,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) return done(() => resolve(match));
          if (!running)
            return done(() =>
              reject(new Error(`${name} exited before printing ${pattern}:\n${tail(text)}`)),
            );
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(
                new Error(
                  `${name} did not print ${pattern} within ${timeoutMs} ms:\n${tail(text)}`,
                ),
              ),
            ),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000) {
      if (!running) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Grandchildren (a job process) may outlive the group leader for a moment.
      signalGroup('SIGKILL');
    },
    async kill() {
      signalGroup('SIGKILL');
      await exited;
    },
  };
  return handle;
}

export function tail(text: string, lines = 60): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** A TCP port free on 127.0.0.1 now (the OS picks it), for a server started right after. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createSocket('udp4');
    probe.once('error', reject);
    probe.bind(0, '127.0.0.1', () => {
      const port = probe.address().port;
      probe.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(
  url: string,
  timeoutMs: number,
  alive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await response.body?.cancel();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (!alive()) throw new Error(`${url}: the process exited before answering`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
