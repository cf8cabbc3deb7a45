// Pieces both heat-map reports share: the map's area, density grids that survive JSON, KML and GeoJSON writers
// with fixed number formatting, and Spanish labels.
import { averageEdgeMeters } from '../../analytics/hexgrid.ts';
import { chooseBandwidth, defaultCellSize, kernelDensity, project, type BandwidthChoice, type DensityGrid, type WeightedPoint } from '../../analytics/kde.ts';
import { loadStateGeography, municipalityName } from '../../reference/geography.ts';
import type { BBox, Geometry } from '../render/map-svg.ts';

export const WEEKDAYS_ES = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'] as const;

/** A failure the person who asked for the report can act on; the message is Spanish and says what to do. */
export class HeatmapError extends Error {
  override name = 'HeatmapError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('es-MX');

/** Hexagon centres of resolution r are √3 edges apart; a kernel over hexagon centres must be at least that wide. */
export const minBandwidth = (resolution: number) => Math.ceil((averageEdgeMeters(resolution) * Math.sqrt(3)) / 100) * 100;

export interface AreaGeometry {
  bbox: BBox;
  /** Every municipality of the state (context, grey). */
  context: { code: string; geometry: Geometry }[];
  /** The report's municipalities (emphasised); empty when the report covers the whole state. */
  emphasis: { code: string; geometry: Geometry }[];
}

/** The map's extent: the chosen municipalities' bounding box, or the state's. */
export function areaGeometry(stateCode: string, municipalities: readonly string[] | null): AreaGeometry {
  const geography = loadStateGeography(stateCode);
  const features = geography.featureCollection().features;
  const context = features.map((f) => ({ code: f.properties.code, geometry: f.geometry as Geometry }));
  if (!municipalities || municipalities.length === 0) {
    const [w, s, e, n] = geography.bbox as unknown as [number, number, number, number];
    return { bbox: [w, s, e, n], context, emphasis: [] };
  }
  const set = new Set(municipalities);
  const chosen = geography.municipalities.filter((m) => set.has(m.code));
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const m of chosen) {
    const [mw, ms, me, mn] = m.bbox as unknown as [number, number, number, number];
    w = Math.min(w, mw);
    s = Math.min(s, ms);
    e = Math.max(e, me);
    n = Math.max(n, mn);
  }
  // A margin of 5 % so the outline does not touch the frame.
  const dx = (e - w) * 0.05;
  const dy = (n - s) * 0.05;
  return { bbox: [w - dx, s - dy, e + dx, n + dy], context, emphasis: context.filter((c) => set.has(c.code)) };
}

/** Municipality codes of the state, validated; Spanish error naming the unknown ones. */
export function checkMunicipalities(stateCode: string, codes: readonly string[]): string[] {
  const known = new Set(loadStateGeography(stateCode).municipalities.map((m) => m.code));
  const bad = codes.filter((c) => !known.has(c));
  if (bad.length > 0) {
    throw new HeatmapError('municipio_invalido', `Municipios que no pertenecen a la entidad ${stateCode}: ${bad.join(', ')}.`);
  }
  return [...new Set(codes)].sort();
}

export const nameOf = (code: string | null) => (code ? (municipalityName(code) ?? code) : 'Fuera de los límites municipales');

/** A density grid as plain JSON (the report's data may be stored between computing and rendering). */
export interface DensityJson {
  kernel: 'quartic';
  bandwidthMeters: number;
  projection: { lat0: number; lng0: number };
  origin: { x: number; y: number };
  cellSizeMeters: number;
  cols: number;
  rows: number;
  /** Incidents per km² at each cell's centre, 4 significant decimals; row 0 southernmost. */
  values: number[];
  maxValue: number;
  totalWeight: number;
}

export function densityToJson(g: DensityGrid): DensityJson {
  return {
    kernel: g.kernel,
    bandwidthMeters: g.bandwidthMeters,
    projection: g.projection,
    origin: g.origin,
    cellSizeMeters: g.cellSizeMeters,
    cols: g.cols,
    rows: g.rows,
    values: Array.from(g.values, (v) => Math.round(v * 1e4) / 1e4),
    maxValue: g.maxValue,
    totalWeight: g.totalWeight,
  };
}

export function densityFromJson(j: DensityJson): DensityGrid {
  return { ...j, values: Float64Array.from(j.values) };
}

/**
 * A density surface over the map's extent. The grid spacing is a quarter of the bandwidth, coarsened for large
 * areas to keep about 300 cells across (a printed map shows no more), but never coarser than half the bandwidth
 * (the kernel must cover cell centres). The projection is centred on the extent, so maps of different periods align.
 */
export function densitySurface(points: WeightedPoint[], bbox: BBox, bandwidth: BandwidthChoice | number): DensityGrid | null {
  if (points.every((p) => p.weight === 0)) return null;
  const h = typeof bandwidth === 'number' ? bandwidth : bandwidth.meters;
  const [west, south, east, north] = bbox;
  const centre = { lat0: (south + north) / 2, lng0: (west + east) / 2 };
  const sw = project(centre, south, west);
  const ne = project(centre, north, east);
  const extent = Math.max(ne.x - sw.x, ne.y - sw.y);
  const cellSize = Math.max(defaultCellSize(h), Math.min(Math.round(h / 2 / 10) * 10, Math.ceil(extent / 300 / 10) * 10));
  return kernelDensity(points, { bandwidthMeters: h, cellSizeMeters: cellSize, centre, bounds: { south, west, north, east } });
}

export function bandwidthFor(points: WeightedPoint[], fixed: number | undefined, minMeters: number, maxMeters?: number): BandwidthChoice {
  if (fixed !== undefined) {
    return {
      meters: fixed,
      rawMeters: fixed,
      standardDistanceMeters: NaN,
      medianDistanceMeters: NaN,
      n: points.reduce((s, p) => s + p.weight, 0),
      description: `Densidad kernel cuártica con ancho de banda de ${fmtInt(fixed)} m, fijado en los parámetros del reporte. Valores en incidentes por km².`,
    };
  }
  if (points.every((p) => p.weight === 0)) {
    return { meters: minMeters, rawMeters: 0, standardDistanceMeters: 0, medianDistanceMeters: 0, n: 0, description: 'Sin incidentes para estimar la densidad.' };
  }
  return chooseBandwidth(points, { minMeters, maxMeters });
}

// ---------------------------------------------------------------------------------------------------------------
// Writers

/** Coordinates with 6 decimals (≈ 0.1 m), as text that does not change between runs. */
export const coord = (v: number) => (Math.round(v * 1e6) / 1e6).toFixed(6).replace(/\.?0+$/, '');

export interface KmlPlacemark {
  name: string;
  styleUrl: string;
  ring: readonly (readonly number[])[];
  data: [string, string | number][];
  description?: string;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function kmlDocument(opts: {
  name: string;
  description: string;
  styles: { id: string; line: string; fill: string; width: number }[];
  placemarks: KmlPlacemark[];
}): string {
  // KML colours are aabbggrr.
  const kmlColor = (hex: string, alpha: string) => `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xml(opts.name)}</name>`,
    `<description>${xml(opts.description)}</description>`,
  ];
  for (const s of opts.styles) {
    out.push(
      `<Style id="${s.id}"><LineStyle><color>${kmlColor(s.line, 'ff')}</color><width>${s.width}</width></LineStyle>` +
        `<PolyStyle><color>${kmlColor(s.fill, s.fill === 'none' ? '00' : '99')}</color>${s.fill === 'none' ? '<fill>0</fill>' : ''}</PolyStyle></Style>`,
    );
  }
  for (const p of opts.placemarks) {
    out.push(
      '<Placemark>',
      `<name>${xml(p.name)}</name>`,
      ...(p.description ? [`<description>${xml(p.description)}</description>`] : []),
      `<styleUrl>#${p.styleUrl}</styleUrl>`,
      `<ExtendedData>${p.data.map(([k, v]) => `<Data name="${xml(k)}"><value>${xml(String(v))}</value></Data>`).join('')}</ExtendedData>`,
      `<Polygon><outerBoundaryIs><LinearRing><coordinates>${p.ring.map((c) => `${coord(c[0]!)},${coord(c[1]!)},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>`,
      '</Placemark>',
    );
  }
  out.push('</Document>', '</kml>');
  return out.join('\n') + '\n';
}

/** JSON with rounded coordinates, for GeoJSON files. */
export function geojsonText(fc: unknown): string {
  return `${JSON.stringify(fc, (key, value: unknown) => (key === 'coordinates' ? roundCoords(value) : value), 2)}\n`;
}

function roundCoords(v: unknown): unknown {
  if (typeof v === 'number') return Math.round(v * 1e6) / 1e6;
  if (Array.isArray(v)) return v.map(roundCoords);
  return v;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
