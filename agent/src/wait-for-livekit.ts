import { livekitApiUrl } from '@/lib/livekit-url';

/**
 * In development LiveKit is often started after `npm run dev`. The framework's own retry logs a
 * 15-line error with a stack on every attempt; before handing over to it, wait here with one line
 * per attempt that names the URL and what to start.
 */
export interface WaitForLiveKitOptions {
  /** the LIVEKIT_URL the worker will join (ws:// or wss://) */
  url: string;
  say: (line: string) => void;
  fetch?: (url: string, init: { signal: AbortSignal }) => Promise<unknown>;
  sleep?: (ms: number) => Promise<void>;
  /** the framework's schedule: 2 s more per attempt, at most 10 s */
  delayMs?: (attempt: number) => number;
  attemptTimeoutMs?: number;
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  if ((error as Error).name === 'TimeoutError') return 'no answer';
  if (cause === 'ECONNREFUSED') return 'connection refused';
  if (cause === 'ENOTFOUND') return 'the host name does not resolve';
  return cause ?? (error as Error).message ?? String(error);
}

/** Resolves once LiveKit answers at `url`; returns how many attempts failed before. */
export async function waitForLiveKit(options: WaitForLiveKitOptions): Promise<number> {
  const get = options.fetch ?? ((url, init) => fetch(url, init));
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const delayMs = options.delayMs ?? ((attempt) => Math.min(attempt * 2, 10) * 1000);
  const target = livekitApiUrl(options.url);
  for (let failed = 0; ;) {
    try {
      await get(target, { signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 3_000) });
      if (failed > 0) options.say(`[agent] LiveKit is reachable at ${options.url} now.`);
      return failed;
    } catch (error) {
      failed += 1;
      const delay = delayMs(failed);
      options.say(
        `[agent] Cannot reach LiveKit at ${options.url} (${reasonOf(error)}): start it with \`livekit-server --dev\`, or set LIVEKIT_URL. Retrying in ${delay / 1000} s (attempt ${failed}).`,
      );
      await sleep(delay);
    }
  }
}
