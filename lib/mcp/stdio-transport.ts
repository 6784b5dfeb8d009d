import { spawn, type ChildProcess } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { OTHER_ANSWER_CAP_BYTES, RESULT_HARD_CAP_BYTES } from './client-defaults';
import type { StdioCommand } from './types';

/**
 * The stdio transport of a local MCP server: the command runs without a shell, in its own
 * process group, with a small safe base environment (the SDK's HOME, PATH, USER... list) plus
 * the admin's variables, never the console's or the worker's own secrets.
 *
 * Why not the SDK's StdioClientTransport: it cannot start the command in a process group of its
 * own, so closing `npx some-server` kills npx and leaves the real server (its child) running; it
 * waits up to 4 s on close even for a process that hangs; and it drops what the process said
 * about why it failed. This one keeps the SDK's message framing (one JSON-RPC message a line)
 * and default environment, kills the whole group, and remembers why the process stopped.
 */

/**
 * A line (one message) longer than its cap is not read on: the process is stopped. While a
 * tools/call is waiting the cap is the remote client's hard cap on a result (a line cannot be
 * told to be that answer before it ends, and the SDK writes the id last); otherwise the looser
 * cap remote answers other than results get.
 */
function lineCap(callsWaiting: number): number {
  return callsWaiting > 0 ? RESULT_HARD_CAP_BYTES : OTHER_ANSWER_CAP_BYTES;
}
/** How much of stderr is kept to explain a failure (the end of it, where the reason usually is). */
const STDERR_TAIL_BYTES = 4 * 1024;
/** After stdin closes a well-behaved server exits; then SIGTERM, then SIGKILL. */
const STDIN_GRACE_MS = 1_000;
const TERM_GRACE_MS = 1_000;

/** Why the process is no longer usable, for the error the caller sees. */
export type StdioFailure =
  | { kind: 'spawn'; code: string | undefined; message: string }
  | { kind: 'exit'; exitCode: number | null; signal: string | null }
  | { kind: 'garbage'; line: string }
  | { kind: 'too_large'; limitBytes: number };

export class ProcessStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private stderrTail = '';
  private stopping = false;
  private problem: StdioFailure | undefined;
  /** ids of the tools/call requests sent and not yet answered */
  private readonly callsWaiting = new Set<string | number>();

  /** what initialize negotiated (the client tells every transport) */
  protocolVersion: string | undefined;

  constructor(private readonly command: StdioCommand) {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /** What stopped the process, when it stopped on its own or broke the protocol. */
  failure(): StdioFailure | undefined {
    return this.problem;
  }

  /** The end of what the process wrote to stderr (raw: redact before showing it). */
  stderr(): string {
    return this.stderrTail;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('The process was already started');
    return new Promise((resolve, reject) => {
      // (the project's ProcessEnv type declares NODE_ENV required; a child needs no NODE_ENV)
      const env = { ...getDefaultEnvironment(), ...this.command.env } as NodeJS.ProcessEnv;
      const child: ChildProcess = spawn(this.command.command, this.command.args, {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        // Its own process group, so closing reaches the processes the command starts in turn.
        detached: true,
      });
      this.child = child;
      this.exited = new Promise((done) => child.once('close', () => done()));
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.problem ??= { kind: 'spawn', code: error.code, message: error.message };
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.once('exit', (exitCode: number | null, signal: NodeJS.Signals | null) => {
        if (!this.stopping) this.problem ??= { kind: 'exit', exitCode, signal };
      });
      child.once('close', () => {
        this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on('error', (error: Error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      });
    });
  }

  private read(chunk: Buffer): void {
    if (this.problem) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end === -1) break;
      if (end > lineCap(this.callsWaiting.size)) break;
      const line = this.buffer.toString('utf8', 0, end).replace(/\r$/, '');
      this.buffer = this.buffer.subarray(end + 1);
      if (line.trim() === '') continue;
      let message: JSONRPCMessage;
      try {
        message = JSONRPCMessageSchema.parse(JSON.parse(line));
      } catch {
        // The spec: a server MUST NOT write anything to stdout that is not an MCP message. What
        // follows cannot be trusted to be framed right, so the process is stopped.
        this.fail({ kind: 'garbage', line: line.slice(0, 500) });
        return;
      }
      if ('id' in message && !('method' in message) && message.id !== undefined) {
        this.callsWaiting.delete(message.id);
      }
      this.onmessage?.(message);
      if (this.problem) return;
    }
    const cap = lineCap(this.callsWaiting.size);
    // Whatever the line turns out to be, past the cap nothing more of it is held in memory.
    if (this.buffer.length > cap) this.fail({ kind: 'too_large', limitBytes: cap });
  }

  private fail(problem: StdioFailure): void {
    this.problem ??= problem;
    this.buffer = Buffer.alloc(0);
    this.onerror?.(new Error(`stdio: ${problem.kind}`));
    // The requests waiting for an answer are failed by the client when the process is gone.
    this.killGroup('SIGKILL');
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) throw new Error('Not connected');
    if ('method' in message && message.method === 'tools/call' && 'id' in message) {
      this.callsWaiting.add(message.id);
    }
    if ('method' in message && message.method === 'notifications/cancelled') {
      const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
      if (typeof id === 'string' || typeof id === 'number') this.callsWaiting.delete(id);
    }
    const line = `${JSON.stringify(message)}\n`;
    if (!stdin.write(line)) await new Promise<void>((resolve) => stdin.once('drain', resolve));
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  }

  /** Closes stdin, then stops the whole process group: SIGTERM, then SIGKILL, within ~2 s. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    this.stopping = true;
    const gone = this.exited;
    const within = (ms: number) =>
      Promise.race([
        gone.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
      ]);
    try {
      child.stdin?.end();
    } catch {
      // already closed
    }
    if (!(await within(STDIN_GRACE_MS))) {
      this.killGroup('SIGTERM');
      if (!(await within(TERM_GRACE_MS))) this.killGroup('SIGKILL');
    }
    // Whatever the command started and left behind goes with it.
    const pid = child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // nothing left
      }
    }
    await within(TERM_GRACE_MS);
  }
}
