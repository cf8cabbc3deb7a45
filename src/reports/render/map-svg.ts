// Map pictures for reports, drawn as SVG without tiles or a GIS: an equirectangular projection fitted to the area's
// bounding box (over a state, < 500 km, its distortion is far below what a printed map shows), municipal boundaries
// in grey, a density surface as coloured grid cells, hexagons outlined, and the cartographic furniture a reader
// expects: title, legend, scale bar in km, north arrow and the classification line. PNG is the same SVG rasterised
// by resvg with fonts loaded from fixed files, so both are reproducible byte for byte.
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { unproject, type DensityGrid } from '../../analytics/kde.ts';

type Ring = readonly (readonly number[])[];
export type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** [west, south, east, north] in degrees. */
export type BBox = readonly [number, number, number, number];

export interface MapPolygon {
  /** Outer ring, [lng, lat] pairs. */
  ring: readonly (readonly number[])[];
  fill?: string;
  stroke: string;
  strokeWidth: number;
  /** Written as data-* attributes so that a product's hexagons can be audited from the file. */
  data?: Record<string, string | number>;
}

/** A located thing drawn as a dot (a camera site, an arch), with an optional label beside it. */
export interface MapPoint {
  lng: number;
  lat: number;
  fill: string;
  radius?: number;
  label?: string;
  data?: Record<string, string | number>;
}

export interface LegendItem {
  label: string;
  kind: 'fill' | 'outline' | 'line' | 'point';
  color: string;
}

export interface DensityClasses {
  /** Lower bounds of the classes, ascending; values below the first are not drawn. */
  breaks: number[];
  colors: string[];
}

export interface MapSvgSpec {
  title: string;
  subtitle: string;
  /** The document's classification, printed at the top and the bottom ('Uso interno', 'Reservado: …'). */
  classificationLabel: string;
  bbox: BBox;
  /** Context boundaries, drawn in light grey. */
  boundaries: readonly { geometry: Geometry }[];
  /** Boundaries of the report's area, drawn darker over the context. */
  emphasis?: readonly { geometry: Geometry }[];
  density?: { grid: DensityGrid; classes: DensityClasses };
  polygons?: readonly MapPolygon[];
  /** Drawn above everything else; labels that would overlap a label or a dot already placed are left out. */
  points?: readonly MapPoint[];
  legendTitle: string;
  legend: readonly LegendItem[];
  /** Methodology and source lines under the map, wrapped to the page. */
  notes: readonly string[];
  width?: number;
}

export const DENSITY_COLORS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;
const FONT = 'DejaVu Sans';
const INK = '#1d2b3a';
const EARTH_KM_PER_DEG = 111.195;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (v: number) => {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
};

/** Breaks at fixed shares of the maximum: the brightest class holds the peaks, the faintest starts at 5 %. */
export function densityClasses(maxValue: number): DensityClasses {
  const shares = [0.05, 0.15, 0.3, 0.5, 0.75];
  return { breaks: shares.map((s) => s * maxValue), colors: [...DENSITY_COLORS] };
}

/** Greedy word wrap at a number of characters (the page's fixed font makes it a fair proxy for width). */
export function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A nice scale-bar length (1, 2 or 5 × 10ⁿ km) not longer than `maxKm`. */
export function niceKm(maxKm: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(maxKm)));
  for (const m of [5, 2, 1]) if (m * p <= maxKm) return m * p;
  return p;
}

export function renderMapSvg(spec: MapSvgSpec): string {
  const W = spec.width ?? 1000;
  const legendW = 250;
  const pad = 20;
  const top = 78;
  const mapW = W - legendW - 3 * pad;
  const mapH = Math.round(mapW * 0.8);
  const [west, south, east, north] = spec.bbox;
  const lat0 = (south + north) / 2;
  const cos0 = Math.cos((lat0 * Math.PI) / 180);
  const spanX = Math.max((east - west) * cos0, 1e-6);
  const spanY = Math.max(north - south, 1e-6);
  const k = Math.min(mapW / spanX, mapH / spanY) * 0.96; // px per degree of latitude
  const offX = pad + (mapW - spanX * k) / 2;
  const offY = top + (mapH - spanY * k) / 2;
  const px = (lng: number) => offX + (lng - west) * cos0 * k;
  const py = (lat: number) => offY + (north - lat) * k;
  const ringPath = (ring: Ring) => {
    let d = '';
    ring.forEach((p, i) => {
      d += `${i === 0 ? 'M' : 'L'}${f1(px(p[0]!))} ${f1(py(p[1]!))}`;
    });
    return `${d}Z`;
  };
  const geometryPath = (g: Geometry) =>
    (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((poly) => poly.map(ringPath).join('')).join('');

  const noteLines = spec.notes.flatMap((n) => wrap(n, Math.floor(W / 6.6)));
  const notesTop = top + mapH + 24;
  const H = notesTop + noteLines.length * 14 + 40;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<title>${esc(spec.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${pad}" y="16" font-size="10" fill="#7a1f1f" data-role="classification">${esc(spec.classificationLabel)}</text>`,
    `<text x="${pad}" y="40" font-size="18" font-weight="bold" fill="${INK}" data-role="title">${esc(spec.title)}</text>`,
    `<text x="${pad}" y="60" font-size="12" fill="#44505c">${esc(spec.subtitle)}</text>`,
    `<defs><clipPath id="marco"><rect x="${pad}" y="${top}" width="${mapW}" height="${mapH}"/></clipPath></defs>`,
    `<rect x="${pad}" y="${top}" width="${mapW}" height="${mapH}" fill="#f4f1ea" stroke="#8a8f98" stroke-width="0.8"/>`,
    `<g clip-path="url(#marco)">`,
  );

  // Boundaries first as a pale fill, so that density and hexagons sit on land.
  out.push(`<g fill="#fbfaf6" stroke="#b4b8be" stroke-width="0.4" data-role="municipios">`);
  for (const b of spec.boundaries) out.push(`<path d="${geometryPath(b.geometry)}"/>`);
  out.push('</g>');

  if (spec.density) {
    const { grid, classes } = spec.density;
    const s = grid.cellSizeMeters;
    const colX = new Float64Array(grid.cols + 1);
    const rowY = new Float64Array(grid.rows + 1);
    for (let c = 0; c <= grid.cols; c++) colX[c] = px(unproject(grid.projection, grid.origin.x + c * s, 0).lng);
    for (let r = 0; r <= grid.rows; r++) rowY[r] = py(unproject(grid.projection, 0, grid.origin.y + r * s).lat);
    const classOf = (v: number) => {
      let cls = -1;
      for (let i = 0; i < classes.breaks.length; i++) if (v >= classes.breaks[i]!) cls = i;
      return cls;
    };
    out.push(`<g fill-opacity="0.78" data-role="densidad">`);
    for (let r = 0; r < grid.rows; r++) {
      let c = 0;
      while (c < grid.cols) {
        const cls = classOf(grid.values[r * grid.cols + c]!);
        let end = c + 1;
        while (end < grid.cols && classOf(grid.values[r * grid.cols + end]!) === cls) end++;
        if (cls >= 0) {
          const x = colX[c]!;
          const y = rowY[r + 1]!; // row r + 1 is the northern edge of row r
          out.push(
            `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(colX[end]! - x + 0.3)}" height="${f1(rowY[r]! - y + 0.3)}" fill="${classes.colors[cls]}"/>`,
          );
        }
        c = end;
      }
    }
    out.push('</g>');
  }

  if (spec.emphasis && spec.emphasis.length > 0) {
    out.push(`<g fill="none" stroke="#4a5562" stroke-width="1.1" data-role="area">`);
    for (const b of spec.emphasis) out.push(`<path d="${geometryPath(b.geometry)}"/>`);
    out.push('</g>');
  }

  if (spec.polygons && spec.polygons.length > 0) {
    out.push(`<g data-role="hexagonos">`);
    for (const p of spec.polygons) {
      const data = Object.entries(p.data ?? {})
        .map(([key, v]) => ` data-${key}="${esc(String(v))}"`)
        .join('');
      out.push(
        `<path d="${ringPath(p.ring)}" fill="${p.fill ?? 'none'}" stroke="${p.stroke}" stroke-width="${p.strokeWidth}"${data}/>`,
      );
    }
    out.push('</g>');
  }
  if (spec.points && spec.points.length > 0) out.push(...pointsSvg(spec.points, px, py));
  out.push('</g>');

  // North arrow, top right of the map.
  const nx = pad + mapW - 28;
  const ny = top + 18;
  out.push(
    `<g data-role="norte"><path d="M${nx} ${ny} L${nx + 9} ${ny + 26} L${nx} ${ny + 20} L${nx - 9} ${ny + 26} Z" fill="${INK}"/>`,
    `<text x="${nx}" y="${ny - 4}" font-size="12" font-weight="bold" text-anchor="middle" fill="${INK}">N</text></g>`,
  );

  // Scale bar, bottom left of the map: at most a quarter of the map width.
  const pxPerKm = k / EARTH_KM_PER_DEG;
  const km = niceKm(mapW / 4 / pxPerKm);
  const barW = km * pxPerKm;
  const sx = pad + 14;
  const sy = top + mapH - 18;
  out.push(
    `<g data-role="escala"><rect x="${f1(sx - 6)}" y="${sy - 18}" width="${f1(barW + 60)}" height="28" fill="#ffffff" fill-opacity="0.8"/>`,
    `<rect x="${f1(sx)}" y="${sy}" width="${f1(barW / 2)}" height="5" fill="${INK}"/>`,
    `<rect x="${f1(sx + barW / 2)}" y="${sy}" width="${f1(barW / 2)}" height="5" fill="#ffffff" stroke="${INK}" stroke-width="0.8"/>`,
    `<text x="${f1(sx)}" y="${sy - 4}" font-size="10" fill="${INK}">0</text>`,
    `<text x="${f1(sx + barW)}" y="${sy - 4}" font-size="10" text-anchor="middle" fill="${INK}">${km.toLocaleString('es-MX')} km</text></g>`,
  );

  // Legend panel.
  const lx = pad * 2 + mapW;
  let ly = top + 4;
  out.push(`<g data-role="leyenda"><text x="${lx}" y="${ly + 12}" font-size="13" font-weight="bold" fill="${INK}">Leyenda</text>`);
  ly += 24;
  for (const line of wrap(spec.legendTitle, 34)) {
    out.push(`<text x="${lx}" y="${ly + 10}" font-size="10.5" fill="#44505c">${esc(line)}</text>`);
    ly += 14;
  }
  ly += 6;
  for (const item of spec.legend) {
    if (item.kind === 'fill') out.push(`<rect x="${lx}" y="${ly}" width="18" height="12" fill="${item.color}" fill-opacity="0.78" stroke="#8a8f98" stroke-width="0.4"/>`);
    else if (item.kind === 'outline') out.push(`<rect x="${lx + 1}" y="${ly + 1}" width="16" height="10" fill="none" stroke="${item.color}" stroke-width="2"/>`);
    else if (item.kind === 'point') out.push(`<circle cx="${lx + 9}" cy="${ly + 6}" r="5" fill="${item.color}" stroke="#ffffff" stroke-width="1"/>`);
    else out.push(`<line x1="${lx}" y1="${ly + 6}" x2="${lx + 18}" y2="${ly + 6}" stroke="${item.color}" stroke-width="1.2"/>`);
    const lines = wrap(item.label, 30);
    lines.forEach((line, i) => out.push(`<text x="${lx + 26}" y="${ly + 10 + i * 13}" font-size="10.5" fill="${INK}">${esc(line)}</text>`));
    ly += Math.max(20, lines.length * 13 + 7);
  }
  out.push('</g>');

  out.push(`<g font-size="10" fill="#44505c" data-role="notas">`);
  noteLines.forEach((line, i) => out.push(`<text x="${pad}" y="${notesTop + i * 14}">${esc(line)}</text>`));
  out.push('</g>');
  out.push(`<text x="${pad}" y="${H - 14}" font-size="10" fill="#7a1f1f" data-role="classification">${esc(spec.classificationLabel)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

type Box = [x0: number, y0: number, x1: number, y1: number];
const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** Dots, then their labels: each label takes the first free place right, left, above or below its dot. */
function pointsSvg(points: readonly MapPoint[], px: (lng: number) => number, py: (lat: number) => number): string[] {
  const out: string[] = ['<g data-role="puntos" stroke="#ffffff" stroke-width="1">'];
  const taken: Box[] = [];
  const placed = points.map((p) => {
    const x = px(p.lng);
    const y = py(p.lat);
    const r = p.radius ?? 4.5;
    taken.push([x - r, y - r, x + r, y + r]);
    const data = Object.entries(p.data ?? {})
      .map(([key, v]) => ` data-${key}="${esc(String(v))}"`)
      .join('');
    out.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${r}" fill="${p.fill}"${data}/>`);
    return { p, x, y, r };
  });
  out.push('</g>');
  const labels: string[] = [];
  let omitted = 0;
  const size = 8.5;
  for (const { p, x, y, r } of placed) {
    if (!p.label) continue;
    const w = p.label.length * size * 0.58;
    const h = size + 2;
    const options: [Box, number, number, 'start' | 'end' | 'middle'][] = [
      [[x + r + 2, y - h / 2, x + r + 2 + w, y + h / 2], x + r + 2, y + size / 2 - 1, 'start'],
      [[x - r - 2 - w, y - h / 2, x - r - 2, y + h / 2], x - r - 2, y + size / 2 - 1, 'end'],
      [[x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2], x, y - r - 3, 'middle'],
      [[x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h], x, y + r + 1 + size, 'middle'],
    ];
    const free = options.find(([box]) => !taken.some((t) => overlaps(t, box)));
    if (!free) {
      omitted++;
      continue;
    }
    taken.push(free[0]);
    labels.push(`<text x="${f1(free[1])}" y="${f1(free[2])}" text-anchor="${free[3]}">${esc(p.label)}</text>`);
  }
  out.push(
    `<g data-role="etiquetas" data-omitted="${omitted}" font-size="${size}" fill="${INK}" stroke="#ffffff" stroke-width="2.2" paint-order="stroke">`,
    ...labels,
    '</g>',
  );
  return out;
}

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

/** The fonts resvg gets: DejaVu Sans from a fixed file when the system has it (reproducible), else system fonts. */
export function pngFontOptions(): { fontFiles: string[]; loadSystemFonts: boolean; defaultFontFamily: string } {
  for (const dir of FONT_DIRS) {
    const files = FONT_FILES.map((f) => `${dir}/${f}`).filter((f) => existsSync(f));
    if (files.length > 0) return { fontFiles: files, loadSystemFonts: false, defaultFontFamily: FONT };
  }
  return { fontFiles: [], loadSystemFonts: true, defaultFontFamily: FONT };
}

/** Rasterises an SVG to PNG at `width` pixels (default: the SVG's own width). */
export function svgToPng(svg: string, width?: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: width ? { mode: 'width', value: width } : { mode: 'original' },
    font: pngFontOptions(),
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}
