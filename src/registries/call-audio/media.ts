// What an audio file is, from its bytes and never from its name: WAV (RIFF…WAVE), MP3 (an ID3v2 tag or an MPEG
// audio frame header) and OGG (the «OggS» page capture pattern). The duration is read from the WAV header (format
// and data chunks). No library that reads MP3 or OGG durations (music-metadata or similar) is in node_modules, so
// for those two formats the duration stays unknown and is reported as such rather than guessed.
export type AudioFormat = 'wav' | 'mp3' | 'ogg';

export const AUDIO_MEDIA_TYPES: Record<AudioFormat, string> = { wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg' };
export const AUDIO_FORMATS: readonly AudioFormat[] = ['wav', 'mp3', 'ogg'];
/** How many leading bytes sniffing and the WAV header reader look at. */
export const HEADER_BYTES = 64 * 1024;

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** The format the bytes begin with, or null when they are none of WAV, MP3 or OGG. */
export function sniffAudio(head: Uint8Array): AudioFormat | null {
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (head.length >= 4 && ascii(head, 0, 4) === 'OggS') return 'ogg';
  if (head.length >= 10 && ascii(head, 0, 3) === 'ID3' && head[3]! >= 2 && head[3]! <= 4) return 'mp3';
  if (head.length >= 4 && isMpegFrameHeader(head, 0)) return 'mp3';
  return null;
}

/** An MPEG-1/2/2.5 audio frame header (layers I–III) with a valid bitrate and sample rate. */
function isMpegFrameHeader(b: Uint8Array, at: number): boolean {
  if (b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return false;
  const version = (b[at + 1]! >> 3) & 0b11; // 01 is reserved
  const layer = (b[at + 1]! >> 1) & 0b11; // 00 is reserved
  const bitrate = b[at + 2]! >> 4; // 1111 is invalid
  const rate = (b[at + 2]! >> 2) & 0b11; // 11 is reserved
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0b1111 && rate !== 0b11;
}

export interface AudioInfo {
  /** Seconds; null when the format's duration cannot be read here. */
  durationSeconds: number | null;
  /** How the duration was obtained, or why it is missing (Spanish, shown to people). */
  durationNote: string;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
}

const MISSING_LIBRARY = 'duración no determinada: el servidor no cuenta con una biblioteca para leer la duración de archivos MP3 u OGG (p. ej. music-metadata)';

/**
 * Reads the format and data chunks of a WAV file (PCM or any format with a byte rate). `totalSize` lets a file
 * whose data chunk declares an unknown size (0 or 0xFFFFFFFF, as streaming recorders write) use the rest of the file.
 */
export function readWavInfo(head: Uint8Array, totalSize: number): AudioInfo | { error: string } {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 12;
  let fmt: { channels: number; sampleRate: number; byteRate: number; bits: number } | null = null;
  while (at + 8 <= head.length) {
    const id = ascii(head, at, 4);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (body + 16 > head.length) return { error: 'el encabezado WAV está incompleto' };
      fmt = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) return { error: 'el archivo WAV no declara su formato antes de los datos' };
      if (fmt.byteRate === 0 || fmt.channels === 0 || fmt.sampleRate === 0) return { error: 'el encabezado WAV declara una tasa de datos nula' };
      const declared = size === 0 || size === 0xffffffff ? totalSize - body : Math.min(size, totalSize - body);
      return {
        durationSeconds: Math.round((Math.max(0, declared) / fmt.byteRate) * 1000) / 1000,
        durationNote: 'duración leída del encabezado WAV',
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bits,
      };
    }
    at = body + size + (size % 2); // chunks are padded to an even size
  }
  return { error: 'no se encontró el bloque de datos del WAV en su encabezado' };
}

/** Format-specific facts of a recording; an error only for a WAV whose header cannot be read. */
export function audioInfo(format: AudioFormat, head: Uint8Array, totalSize: number): AudioInfo | { error: string } {
  if (format === 'wav') return readWavInfo(head, totalSize);
  return { durationSeconds: null, durationNote: MISSING_LIBRARY, sampleRate: null, channels: null, bitsPerSample: null };
}
