import type { Page } from '@playwright/test';

/**
 * Measures the sound the page plays: every <audio> element LiveKit attaches (RoomAudioRenderer)
 * is fed into a Web Audio analyser, and the loudest 50 ms RMS (0..1 of full scale) is kept.
 */
export async function startMeasuringPageAudio(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __liveAudio?: { loudest: number; elements: number } };
    if (w.__liveAudio) return;
    const state = { loudest: 0, elements: 0 };
    w.__liveAudio = state;
    const context = new AudioContext();
    const seen = new WeakSet<HTMLAudioElement>();
    const analysers: AnalyserNode[] = [];
    setInterval(() => {
      void context.resume();
      for (const el of document.querySelectorAll('audio')) {
        if (seen.has(el) || !(el.srcObject instanceof MediaStream)) continue;
        if (el.srcObject.getAudioTracks().length === 0) continue;
        seen.add(el);
        state.elements++;
        const analyser = context.createAnalyser();
        analyser.fftSize = 2048;
        context.createMediaStreamSource(el.srcObject).connect(analyser);
        analysers.push(analyser);
      }
      const data = new Float32Array(2048);
      for (const analyser of analysers) {
        analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (const v of data) sum += v * v;
        state.loudest = Math.max(state.loudest, Math.sqrt(sum / data.length));
      }
    }, 50);
  });
}

export async function pageAudioLevel(page: Page): Promise<{ loudest: number; elements: number }> {
  return page.evaluate(
    () =>
      (window as unknown as { __liveAudio?: { loudest: number; elements: number } })
        .__liveAudio ?? { loudest: 0, elements: 0 },
  );
}
