// What an uploaded image really is, read from its bytes rather than from its name or the browser's word: PNG, JPEG
// or WebP (the formats every official network accepts), with its size in pixels from the format's own header. SVG is
// refused (it can carry scripts), and so is anything whose header does not parse. Pure: no I/O.

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** Larger images are refused: no network needs them, and they cost memory wherever they are drawn. */
export const IMAGE_MAX_SIDE = 8192;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ImageInfo {
  mediaType: ImageType;
  width: number;
  height: number;
}

export type ImageCheck = { ok: true; image: ImageInfo } | { ok: false; code: string; message: string };

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number) => ((u16be(b, at) << 16) >>> 0) + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number) => (u16le(b, at) + u16le(b, at + 2) * 0x10000) >>> 0;

function pngSize(b: Uint8Array): [number, number] | null {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return [u32be(b, 16), u32be(b, 20)];
}

/** Walks the JPEG segments to the first start-of-frame marker, which carries the size. */
function jpegSize(b: Uint8Array): [number, number] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return [u16be(b, i + 7), u16be(b, i + 5)];
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    i += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array): [number, number] | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X') return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  return null;
}

function sniff(b: Uint8Array): ImageType | 'svg' | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  return null;
}

const sizeOf: Record<ImageType, (b: Uint8Array) => [number, number] | null> = {
  'image/png': pngSize,
  'image/jpeg': jpegSize,
  'image/webp': webpSize,
};

/** Checks an uploaded file: its size in bytes, its real type and its dimensions. */
export function inspectImage(bytes: Uint8Array, fileName: string): ImageCheck {
  const name = `«${fileName}»`;
  if (bytes.byteLength === 0) return { ok: false, code: 'imagen_vacia', message: `El archivo ${name} está vacío.` };
  if (bytes.byteLength > IMAGE_MAX_BYTES) {
    return { ok: false, code: 'imagen_muy_grande', message: `La imagen ${name} pesa más de ${IMAGE_MAX_BYTES / 1024 / 1024} MB.` };
  }
  const type = sniff(bytes);
  if (type === 'svg') {
    return { ok: false, code: 'tipo_de_imagen', message: `La imagen ${name} es SVG, que puede contener código: conviértala a PNG o JPEG.` };
  }
  if (!type) return { ok: false, code: 'tipo_de_imagen', message: `El archivo ${name} no es una imagen PNG, JPEG ni WebP.` };
  const size = sizeOf[type](bytes);
  if (!size || size[0] < 1 || size[1] < 1) {
    return { ok: false, code: 'imagen_danada', message: `La imagen ${name} está dañada o incompleta: no se pudo leer su tamaño.` };
  }
  const [width, height] = size;
  if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) {
    return { ok: false, code: 'imagen_muy_grande', message: `La imagen ${name} mide ${width} × ${height} píxeles; el máximo es ${IMAGE_MAX_SIDE} por lado.` };
  }
  return { ok: true, image: { mediaType: type, width, height } };
}
