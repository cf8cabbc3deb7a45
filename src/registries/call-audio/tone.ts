// Small synthetic recordings for the demo and the tests: a 16-bit mono PCM WAV at telephone quality (8 kHz) holding
// a tone with short pauses, like a line ringing. Deterministic: the same arguments give the same bytes.
export function toneWav(opts: { seconds: number; frequency?: number; sampleRate?: number; amplitude?: number }): Uint8Array {
  const rate = opts.sampleRate ?? 8000;
  const frequency = opts.frequency ?? 440;
  const amplitude = opts.amplitude ?? 0.3;
  const samples = Math.round(opts.seconds * rate);
  const data = samples * 2;
  const out = new Uint8Array(44 + data);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true); // PCM format chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  text(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const on = t % 1.5 < 1; // one second of tone, half a second of silence
    const v = on ? Math.round(Math.sin(2 * Math.PI * frequency * t) * amplitude * 32767) : 0;
    view.setInt16(44 + i * 2, v, true);
  }
  return out;
}
