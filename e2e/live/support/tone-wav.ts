import fs from 'node:fs';
import path from 'node:path';

/**
 * The fake microphone's sound (Chromium loops --use-file-for-fake-audio-capture): a voiced,
 * speech-like signal (a 180 Hz fundamental with falling harmonics, syllables at about 4 Hz),
 * so the browser's noise suppression keeps it as it would a voice. 16-bit PCM, 48 kHz, mono.
 */
export function toneWav(seconds = 4, sampleRate = 48_000): Buffer {
  const samples = seconds * sampleRate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    // Syllables: 180 ms voiced, 70 ms quiet, with soft edges.
    const phase = (t % 0.25) / 0.25;
    const envelope = phase < 0.72 ? Math.sin((Math.PI * phase) / 0.72) : 0;
    const pitch = 180 + 20 * Math.sin(2 * Math.PI * 0.5 * t);
    let value = 0;
    for (let h = 1; h <= 6; h++) value += Math.sin(2 * Math.PI * pitch * h * t) / h;
    data.writeInt16LE(Math.round(0.35 * 32_767 * envelope * (value / 2.45)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Writes the file unless it already holds exactly this sound (configs load in every worker). */
export function ensureToneWav(file: string): string {
  const wav = toneWav();
  if (!fs.existsSync(file) || !fs.readFileSync(file).equals(wav)) {
    const partial = `${file}.${process.pid}.partial`;
    // data/ exists once the console has run; a fresh clone's first `npm run bench` has none yet
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(partial, wav);
    fs.renameSync(partial, file);
  }
  return file;
}
