// The files a site registry is imported from, turned into records of named fields: CSV (the streaming reader of
// the incident importer, Latin-1 or UTF-8), GeoJSON (Point features, properties as fields) and KML (Placemarks with
// a Point, ExtendedData or SchemaData as fields, parsed with the saxes XML parser). Field names are folded to the
// layout's spelling, so 'Latitud', 'LATITUD' and 'lat' all read as 'latitud'.
import { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { readRecordBatches, type Encoding } from '../../incidents/reader.ts';
import { columnName, type Reason } from './rules.ts';

export type SiteFileFormat = 'csv' | 'geojson' | 'kml';
export const SITE_FILE_FORMATS: readonly SiteFileFormat[] = ['csv', 'geojson', 'kml'];

export interface SiteRecord {
  /** CSV: line; GeoJSON: number of the feature (1 = first); KML: line where the Placemark starts. */
  line: number;
  raw: string;
  fields: ReadonlyMap<string, string> | null;
  /** The record could not be read at all (wrong column count, not a point…). */
  error?: Reason;
}

/** A file that cannot be read as a whole; the message is Spanish and reaches the user. */
export class SiteFileError extends Error {
  override name = 'SiteFileError';
}

export function siteFormatOf(fileName: string): SiteFileFormat | null {
  const n = fileName.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'geojson';
  if (n.endsWith('.kml')) return 'kml';
  return null;
}

const RAW_LIMIT = 4000;
const clip = (s: string) => (s.length > RAW_LIMIT ? `${s.slice(0, RAW_LIMIT)}…` : s);

/** Text of an XML or JSON file: UTF-8 as both formats prescribe, Windows-1252 when the bytes are not UTF-8. */
function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'latin1' };
  }
}

export async function readSiteRecords(
  bytes: Uint8Array,
  format: SiteFileFormat,
  encoding: Encoding | 'auto' = 'auto',
): Promise<{ records: SiteRecord[]; encoding: Encoding }> {
  if (format === 'csv') return csvSiteRecords(bytes, encoding);
  const decoded = decode(bytes);
  return { records: format === 'geojson' ? geojsonSiteRecords(decoded.text) : kmlSiteRecords(decoded.text), encoding: decoded.encoding };
}

async function csvSiteRecords(bytes: Uint8Array, encoding: Encoding | 'auto'): Promise<{ records: SiteRecord[]; encoding: Encoding }> {
  let used: Encoding = 'utf-8';
  const records: SiteRecord[] = [];
  // A semicolon-separated file (Excel in Spanish) is read as such.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096))).split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',';
  const batches = readRecordBatches(Readable.from([Buffer.from(bytes)]), { format: 'csv', encoding, delimiter, onEncoding: (e) => (used = e) });
  for await (const batch of batches) {
    for (const r of batch) {
      if (r.error || !r.values) {
        records.push({ line: r.line, raw: clip(r.raw), fields: null, error: r.error });
        continue;
      }
      const fields = new Map<string, string>();
      for (const [header, i] of r.columns) fields.set(columnName(header), r.values[i] ?? '');
      records.push({ line: r.line, raw: clip(r.raw), fields });
    }
  }
  return { records, encoding: used };
}

const scalar = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function geojsonSiteRecords(text: string): SiteRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SiteFileError(`El archivo no es GeoJSON válido: ${(err as Error).message}`);
  }
  const d = doc as { type?: string; features?: unknown };
  const features = Array.isArray(doc) ? doc : d?.type === 'FeatureCollection' && Array.isArray(d.features) ? d.features : d?.type === 'Feature' ? [doc] : null;
  if (!features) throw new SiteFileError('El archivo GeoJSON debe ser una FeatureCollection (o un arreglo de Features) de puntos.');
  return features.map((f, i): SiteRecord => {
    const line = i + 1;
    const raw = clip(JSON.stringify(f));
    const feature = f as { type?: string; geometry?: { type?: string; coordinates?: unknown } | null; properties?: Record<string, unknown> | null };
    if (!feature || feature.type !== 'Feature') {
      return { line, raw, fields: null, error: { code: 'no_es_feature', message: 'El elemento no es un Feature de GeoJSON.' } };
    }
    const fields = new Map<string, string>();
    for (const [k, v] of Object.entries(feature.properties ?? {})) fields.set(columnName(k), scalar(v));
    const g = feature.geometry;
    if (g) {
      if (g.type !== 'Point') {
        return { line, raw, fields: null, error: { code: 'geometria_no_punto', message: `La geometría es ${g.type ?? 'desconocida'}; un sitio se ubica con un punto (Point).` } };
      }
      const c = g.coordinates as unknown[];
      if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
        return { line, raw, fields: null, error: { code: 'coordenadas_invalidas', message: 'El punto no tiene coordenadas [longitud, latitud] numéricas.' } };
      }
      fields.set('longitud', String(c[0]));
      fields.set('latitud', String(c[1]));
    }
    return { line, raw, fields };
  });
}

interface OpenPlacemark {
  line: number;
  start: number;
  name: string | null;
  fields: Map<string, string>;
  points: string[];
  otherGeometry: string | null;
}

const GEOMETRIES = new Set(['LineString', 'LinearRing', 'Polygon', 'Model', 'Track', 'MultiTrack']);

/**
 * Placemarks of a KML document wherever they sit (Document, nested Folders). A field comes from ExtendedData
 * (<Data name><value>) or SchemaData (<SimpleData name>); the Placemark's <name> stands for 'nombre' when no field
 * gives one. Placemarks without exactly one Point are kept as unreadable records with the reason.
 */
function kmlSiteRecords(text: string): SiteRecord[] {
  const parser = new SaxesParser({ position: true });
  const records: SiteRecord[] = [];
  const stack: string[] = [];
  let current: OpenPlacemark | null = null;
  let buffer = '';
  let dataName: string | null = null;
  let failure: Error | null = null;
  let root: string | null = null;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);

  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    root ??= name;
    stack.push(name);
    buffer = '';
    if (name === 'Placemark') {
      current = { line: parser.line, start: Math.max(0, text.lastIndexOf('<', parser.position - 1)), name: null, fields: new Map(), points: [], otherGeometry: null };
    } else if (current && (name === 'Data' || name === 'SimpleData')) {
      dataName = typeof tag.attributes.name === 'string' ? tag.attributes.name : null;
    } else if (current && GEOMETRIES.has(name)) {
      current.otherGeometry ??= name;
    }
  });
  const onText = (t: string) => {
    buffer += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    stack.pop();
    const parent = stack[stack.length - 1];
    const p = current as OpenPlacemark | null;
    if (p) {
      const value = buffer.trim();
      if (name === 'name' && parent === 'Placemark') p.name = value;
      else if (name === 'value' && parent === 'Data' && dataName) p.fields.set(columnName(dataName), value);
      else if (name === 'SimpleData' && dataName) p.fields.set(columnName(dataName), value);
      else if (name === 'coordinates' && parent === 'Point') p.points.push(value);
      else if (name === 'Placemark') {
        records.push(placemarkRecord(p, clip(text.slice(p.start, parser.position))));
        current = null;
      }
    }
    buffer = '';
  });
  try {
    parser.write(text).close();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) throw new SiteFileError(`El archivo KML no es XML válido: ${(failure as Error).message}`);
  if (root !== 'kml') throw new SiteFileError('El archivo no es un documento KML (su elemento raíz no es <kml>).');
  return records;
}

function placemarkRecord(p: OpenPlacemark, raw: string): SiteRecord {
  if (p.points.length !== 1) {
    const message =
      p.points.length > 1
        ? 'El Placemark tiene varios puntos; cada sitio se ubica con un solo punto.'
        : p.otherGeometry
          ? `El Placemark es un ${p.otherGeometry}; un sitio se ubica con un punto (Point).`
          : 'El Placemark no tiene un punto (Point) con coordenadas.';
    return { line: p.line, raw, fields: null, error: { code: 'geometria_no_punto', message } };
  }
  const fields = new Map(p.fields);
  if (!fields.has('nombre') && p.name) fields.set('nombre', p.name);
  // KML writes longitude first: "lon,lat[,alt]".
  const [lon, lat] = p.points[0]!.split(/[\s,]+/);
  fields.set('longitud', lon ?? '');
  fields.set('latitud', lat ?? '');
  return { line: p.line, raw, fields };
}
