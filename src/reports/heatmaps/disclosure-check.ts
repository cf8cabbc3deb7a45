// Disclosure control applied to the files themselves, not only to the data they were made from: the bytes of each
// rendered GeoJSON, KML, SVG or PDF are read back into the hexagons they publish and checked with checkDisclosure,
// and every H3 identifier in the text must be one of the published hexagons (a suppressed or finer cell must not
// appear anywhere, not even in a label). The AVGM generator refuses to return a file that fails.
import { inflateSync } from 'node:zlib';
import { getResolution, isValidCell } from 'h3-js';
import { checkDisclosure, DisclosureError, type DisclosedCells, type DisclosureCheck } from '../../analytics/disclosure.ts';
import type { ReportFormat } from '../types.ts';

const H3_TOKEN = /\b8[0-9a-f]{14}\b/g;

interface ProductFeature {
  type: 'Feature';
  geometry: { type: string };
  properties: Record<string, unknown>;
}

/** The text segments of a PDF, in drawing order (pdfkit writes text as hex strings in TJ arrays). */
export function pdfTextSegments(bytes: Uint8Array): string[] {
  const s = Buffer.from(bytes).toString('latin1');
  const segments: string[] = [];
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) continue;
    let content: string;
    try {
      content = inflateSync(Buffer.from(s.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      continue; // an image or font stream
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      let text = '';
      for (const hex of tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)) text += Buffer.from(hex[1]!, 'hex').toString('latin1');
      segments.push(text);
    }
    for (const tj of content.matchAll(/<([0-9a-fA-F]*)>\s*Tj/g)) segments.push(Buffer.from(tj[1]!, 'hex').toString('latin1'));
  }
  return segments;
}

/** Reads a rendered file back into a product that checkDisclosure can scan. */
export function productOf(format: ReportFormat, bytes: Uint8Array): { features: ProductFeature[]; text: string } {
  if (format === 'pdf') {
    const segments = pdfTextSegments(bytes);
    const features: ProductFeature[] = [];
    // A hexagon in a table: its identifier, then its municipality, then its count.
    segments.forEach((seg, i) => {
      const cell = seg.trim();
      if (!isValidCell(cell)) return;
      const count = segments.slice(i + 1, i + 4).find((t) => /^\d[\d,]*$/.test(t.trim()));
      features.push({ type: 'Feature', geometry: { type: 'Polygon' }, properties: { cell, n: count === undefined ? undefined : Number(count.replace(/,/g, '')) } });
    });
    return { features, text: segments.join('\n') };
  }
  const text = new TextDecoder().decode(bytes);
  if (format === 'geojson' || format === 'json') {
    const parsed = JSON.parse(text) as { features?: ProductFeature[] };
    return { features: parsed.features ?? [], text };
  }
  if (format === 'kml') {
    const features = [...text.matchAll(/<Placemark>([\s\S]*?)<\/Placemark>/g)].map((m) => {
      const body = m[1]!;
      const data = Object.fromEntries(
        [...body.matchAll(/<Data name="([^"]+)"><value>([^<]*)<\/value><\/Data>/g)].map((d) => [d[1]!, /^\d+$/.test(d[2]!) ? Number(d[2]) : d[2]]),
      );
      const type = /<Point[\s>]/.test(body) ? 'Point' : /<LineString[\s>]/.test(body) ? 'LineString' : 'Polygon';
      return { type: 'Feature' as const, geometry: { type }, properties: data };
    });
    return { features, text };
  }
  if (format === 'svg') {
    const features = [...text.matchAll(/<(path|circle|ellipse)\b([^>]*)>/g)].flatMap((m) => {
      const attrs = Object.fromEntries([...m[2]!.matchAll(/data-([a-z]+)="([^"]*)"/g)].map((a) => [a[1]!, /^\d+$/.test(a[2]!) ? Number(a[2]) : a[2]]));
      // A circle or ellipse is a point marker, whatever it carries.
      if (m[1] !== 'path') return [{ type: 'Feature' as const, geometry: { type: 'Point' }, properties: attrs }];
      return Object.keys(attrs).length > 0 ? [{ type: 'Feature' as const, geometry: { type: 'Polygon' }, properties: attrs }] : [];
    });
    return { features, text };
  }
  return { features: [], text: '' };
}

/** checkDisclosure on a rendered file, plus: every H3 identifier in its text is a published hexagon. */
export function checkRenderedFile(output: DisclosedCells, format: ReportFormat, bytes: Uint8Array): DisclosureCheck {
  if (format === 'png') return { ok: true, violations: [] }; // pixels only; the SVG it is drawn from is checked
  const { features, text } = productOf(format, bytes);
  const result = checkDisclosure(output, { type: 'FeatureCollection', features });
  const violations = [...result.violations];
  const published = new Set(output.cells.map((c) => c.cell));
  for (const m of text.matchAll(H3_TOKEN)) {
    const cell = m[0];
    if (!isValidCell(cell)) continue;
    if (!published.has(cell)) {
      violations.push(`${format}: la celda ${cell} (resolución ${getResolution(cell)}) aparece en el archivo y no es un hexágono publicado.`);
    }
  }
  for (const f of features) {
    if (typeof f.properties.cell === 'string' && published.has(f.properties.cell) && f.properties.n === undefined) {
      violations.push(`${format}: el hexágono ${f.properties.cell} aparece sin su conteo; no se pudo verificar.`);
    }
  }
  return { ok: violations.length === 0, violations };
}

export function assertDisclosed(output: DisclosedCells, format: ReportFormat, bytes: Uint8Array): void {
  const check = checkRenderedFile(output, format, bytes);
  if (!check.ok) throw new DisclosureError(`El archivo ${format} no cumple el control de divulgación: ${check.violations.slice(0, 5).join(' ')}`);
}
