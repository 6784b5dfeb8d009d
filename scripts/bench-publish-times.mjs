/**
 * `npm run bench` (scripts/bench-live.ts) preloads this (`--import`) in the agent worker and its job
 * processes: it notes when each console.events message was handed to LiveKit (rtc-node's
 * sendText) and the seqs it carried, one JSON line each in $BENCH_PUBLISH_LOG, so that event
 * latency can be measured from the agent's publish, as well as from the event's emission (its ts).
 * The product has no such hook: this wraps the library's method from outside.
 */
import fs from 'node:fs';

const out = process.env.BENCH_PUBLISH_LOG;
if (out) {
  void import('@livekit/rtc-node').then(({ LocalParticipant }) => {
    const sendText = LocalParticipant.prototype.sendText;
    LocalParticipant.prototype.sendText = async function (text, options) {
      const start = Date.now();
      try {
        return await sendText.call(this, text, options);
      } finally {
        if (options && options.topic === 'console.events') {
          let seqs = [];
          try {
            const value = JSON.parse(text);
            seqs = (Array.isArray(value) ? value : [value]).map((e) => e.seq);
          } catch {
            // not ours to judge here
          }
          fs.appendFileSync(
            out,
            `${JSON.stringify({ pid: process.pid, seqs, start, end: Date.now() })}\n`,
          );
        }
      }
    };
  });
}
