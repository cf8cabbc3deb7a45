import { describe, expect, it } from 'vitest';
import { svgToPng } from '../reports/render/map-svg.ts';
import { IMAGE_MAX_BYTES, inspectImage } from './images.ts';

// A 24 × 16 JPEG written by poppler's pdftoppm, and the classic 1 × 1 lossless WebP.
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAQABgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDkvDfhv/hIPtP+l/Z/I2f8s9+7dn3GOlHiTw3/AMI/9m/0v7R5+/8A5Z7Nu3Huc9aPDfiT/hH/ALT/AKJ9o8/Z/wAtNm3bn2OetHiTxJ/wkH2b/RPs/kb/APlpv3bsewx0pf7d9e/6dfLt9+/9WJ/2f6v/AH/n3+7YwqKKK9Q4z//Z', 'base64');
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#1f3a5a"/></svg>';

describe('uploaded images', () => {
  it('reads the real type and size of PNG, JPEG and WebP files, whatever their names say', () => {
    expect(inspectImage(svgToPng(SVG), 'cartel.png')).toEqual({ ok: true, image: { mediaType: 'image/png', width: 120, height: 80 } });
    expect(inspectImage(JPEG, 'foto.png')).toEqual({ ok: true, image: { mediaType: 'image/jpeg', width: 24, height: 16 } });
    expect(inspectImage(WEBP, 'x.webp')).toEqual({ ok: true, image: { mediaType: 'image/webp', width: 1, height: 1 } });
  });

  it('refuses SVG, other formats, damaged and oversized files with a Spanish reason', () => {
    expect(inspectImage(Buffer.from(SVG), 'logo.svg')).toMatchObject({ ok: false, code: 'tipo_de_imagen', message: expect.stringContaining('SVG') });
    expect(inspectImage(Buffer.from('GIF89a\x01\x00\x01\x00'), 'a.gif')).toEqual({
      ok: false,
      code: 'tipo_de_imagen',
      message: 'El archivo «a.gif» no es una imagen PNG, JPEG ni WebP.',
    });
    expect(inspectImage(Buffer.from('%PDF-1.7'), 'boletin.jpg')).toMatchObject({ ok: false, code: 'tipo_de_imagen' });
    expect(inspectImage(JPEG.subarray(0, 60), 'cortada.jpg')).toMatchObject({ ok: false, code: 'imagen_danada' });
    expect(inspectImage(svgToPng(SVG).subarray(0, 16), 'cortada.png')).toMatchObject({ ok: false, code: 'imagen_danada' });
    expect(inspectImage(new Uint8Array(0), 'vacia.png')).toMatchObject({ ok: false, code: 'imagen_vacia' });
    const big = new Uint8Array(IMAGE_MAX_BYTES + 1);
    big.set(svgToPng(SVG).subarray(0, 64));
    expect(inspectImage(big, 'enorme.png')).toEqual({ ok: false, code: 'imagen_muy_grande', message: 'La imagen «enorme.png» pesa más de 5 MB.' });
    const wide = Buffer.from(svgToPng(SVG));
    wide.writeUInt32BE(20000, 16); // the width in the PNG header
    expect(inspectImage(wide, 'panorama.png')).toMatchObject({ ok: false, code: 'imagen_muy_grande', message: expect.stringContaining('20000 × 80') });
  });
});
