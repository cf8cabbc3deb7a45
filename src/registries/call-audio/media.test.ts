import { describe, expect, it } from 'vitest';
import { audioInfo, readWavInfo, sniffAudio } from './media.ts';
import { parseRecordingName } from './names.ts';
import { toneWav } from './tone.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('audio type from the bytes', () => {
  it('recognises WAV, MP3 (ID3 or frame) and OGG whatever the name says', () => {
    expect(sniffAudio(toneWav({ seconds: 0.1 }))).toBe('wav');
    expect(sniffAudio(new TextEncoder().encode('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000'))).toBe('mp3');
    expect(sniffAudio(bytes(0xff, 0xfb, 0x90, 0x64))).toBe('mp3');
    expect(sniffAudio(new TextEncoder().encode('OggS\u0000\u0002'))).toBe('ogg');
    expect(sniffAudio(bytes(0xff, 0xfb, 0xf0, 0x64))).toBeNull(); // bitrate index 1111
    expect(sniffAudio(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBeNull(); // a PNG
    expect(sniffAudio(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000AVI LIST'))).toBeNull();
  });

  it('reads the duration from the WAV header and says when it cannot', () => {
    const wav = toneWav({ seconds: 2.5, sampleRate: 8000 });
    expect(readWavInfo(wav, wav.length)).toEqual({ durationSeconds: 2.5, durationNote: 'duración leída del encabezado WAV', sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    const streamed = wav.slice();
    new DataView(streamed.buffer).setUint32(40, 0xffffffff, true);
    expect(readWavInfo(streamed, streamed.length)).toMatchObject({ durationSeconds: 2.5 });
    expect(readWavInfo(wav.subarray(0, 30), 30)).toEqual({ error: 'el encabezado WAV está incompleto' });
    const mp3 = audioInfo('mp3', bytes(0xff, 0xfb, 0x90, 0x64), 4);
    expect(mp3).toMatchObject({ durationSeconds: null });
    expect('durationNote' in mp3 && mp3.durationNote).toMatch(/music-metadata/);
  });

  it('makes the same tone bytes every time', () => {
    expect(Buffer.from(toneWav({ seconds: 1, frequency: 480 })).equals(Buffer.from(toneWav({ seconds: 1, frequency: 480 })))).toBe(true);
  });
});

describe('recording file names', () => {
  const centers = new Set(['OAX', 'MIX']);
  it('reads center, folio and part', () => {
    expect(parseRecordingName('OAX_OAX-2026-03-000123.wav', { centers })).toEqual({ center: 'OAX', folio: 'OAX-2026-03-000123', part: null });
    expect(parseRecordingName('mix_M-77_2.mp3', { centers })).toEqual({ center: 'MIX', folio: 'M-77', part: 2 });
    expect(parseRecordingName('12345_1.ogg', { centers, center: 'oax' })).toEqual({ center: 'OAX', folio: '12345', part: 1 });
    expect(parseRecordingName('OAX_2026~15.wav', { centers })).toEqual({ center: 'OAX', folio: '2026/15', part: null });
  });
  it('explains names it cannot use', () => {
    expect(parseRecordingName('12345.wav', { centers })).toMatchObject({ error: expect.stringMatching(/no se dio --center/) });
    expect(parseRecordingName('XYZ_123.wav', { centers })).toMatchObject({ error: expect.stringMatching(/XYZ/) });
    expect(parseRecordingName('OAX_123.wav', { centers, center: 'MIX' })).toMatchObject({ error: expect.stringMatching(/distinto/) });
    expect(parseRecordingName('llamada sin folio.wav', { centers, center: 'OAX' })).toMatchObject({ error: expect.stringMatching(/patrón/) });
  });
});
