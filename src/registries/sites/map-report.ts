// The georeferenced maps of directive 1.2.8 for the video-surveillance area (camera sites, «Mapa georreferenciado de
// la ubicación de Puntos de Monitoreo Inteligente») and for REPUVE (its highway arches), as report generators: the
// registry as it stood on the last day of the period (or today, for the month in progress), each site in its status
// colour with its code as label over the municipal boundaries, in a PDF (state map, a detail map per municipality
// with several sites, tables) and a KML for Google Earth (a folder per status, the boundaries of the municipalities
// with sites). Internal products: they carry locations of security infrastructure, never personal data.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadStateGeography, municipalityName, type MunicipalFeature } from '../../reference/index.ts';
import { heading, newPdf, paragraph, pdfBytes, table, barChart } from '../../reports/render/pdf.ts';
import { renderMapSvg, svgToPng, type BBox, type Geometry, type LegendItem, type MapPoint } from '../../reports/render/map-svg.ts';
import type { ProductMeta, ReportContext, ReportFormat, ReportGenerator } from '../../reports/types.ts';
import { LocalTime } from '../../util/local-time.ts';
import {
  CAMERA_COLUMNS,
  CAMERA_KINDS,
  CAMERA_KIND_LABELS,
  REGISTRY_LABELS,
  SITE_STATUSES,
  STATUS_COLORS,
  STATUS_LABELS,
  cameraTotal,
  camerasText,
  kilometreText,
  statusOn,
  type Cameras,
  type Registry,
  type SiteStatus,
} from './rules.ts';
import { sitesWithTimelines } from './store.ts';

const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v), z.array(item));

export const mapParams = z.object({
  statuses: listOf(z.enum(SITE_STATUSES, { message: `Estatus: ${SITE_STATUSES.join(', ')}.` }))
    .optional()
    .describe('estatus que se muestran; por omisión todos salvo «dado de baja»'),
  municipalities: listOf(z.string().regex(/^\d{5}$/, 'Las claves de municipio son de 5 dígitos (INEGI).')).optional(),
});
type MapParams = z.infer<typeof mapParams>;

const DEFAULT_STATUSES: SiteStatus[] = ['operando', 'falla', 'mantenimiento'];

export interface MapSite {
  code: string;
  name: string;
  status: SiteStatus;
  municipalityCode: string;
  municipality: string;
  lat: number;
  lng: number;
  address: string | null;
  cameras: Cameras;
  road: string | null;
  km: number | null;
  direction: string | null;
  installedOn: string | null;
  lastMaintenanceOn: string | null;
}

export interface SitesMapData {
  registry: Registry;
  stateCode: string;
  stateName: string;
  period: { key: string; label: string };
  /** The day whose registry the map shows. */
  asOf: string;
  statuses: SiteStatus[];
  municipalities: { code: string; name: string }[] | null;
  sites: MapSite[];
  byStatus: { status: SiteStatus; label: string; n: number }[];
  byMunicipality: { code: string; name: string; n: number; byStatus: Record<SiteStatus, number> }[];
  /** PMI: cameras per kind over the sites shown. */
  cameras: Cameras;
}

function resolveParams(raw: Record<string, unknown>, stateCode: string): { statuses: SiteStatus[]; municipalities: string[] | null } {
  const params: MapParams = mapParams.parse(raw);
  const known = new Set(loadStateGeography(stateCode).municipalities.map((m) => m.code));
  const bad = (params.municipalities ?? []).filter((c) => !known.has(c));
  if (bad.length > 0) throw new Error(`Municipios que no pertenecen a la entidad: ${bad.join(', ')}.`);
  const statuses = params.statuses?.length ? SITE_STATUSES.filter((s) => params.statuses!.includes(s)) : DEFAULT_STATUSES;
  return { statuses, municipalities: params.municipalities?.length ? [...new Set(params.municipalities)].sort() : null };
}

export async function computeSitesMap(registry: Registry, ctx: Pick<ReportContext, 'db' | 'config' | 'period' | 'params'>, now = new Date()): Promise<SitesMapData> {
  const { statuses, municipalities } = resolveParams(ctx.params, ctx.config.stateCode);
  const today = new LocalTime(ctx.config.timeZone).dayAndHour(now).date;
  const asOf = ctx.period.lastDay < today ? ctx.period.lastDay : today;
  const wanted = municipalities ? new Set(municipalities) : null;
  const sites: MapSite[] = [];
  for (const s of await sitesWithTimelines(ctx.db as Kysely<Database>, registry)) {
    const status = statusOn(s.timeline, asOf);
    if (!status || !statuses.includes(status)) continue;
    if (wanted && !wanted.has(s.municipality_code)) continue;
    sites.push({
      code: s.code,
      name: s.name,
      status,
      municipalityCode: s.municipality_code,
      municipality: municipalityName(s.municipality_code) ?? s.municipality_code,
      lat: s.latitude,
      lng: s.longitude,
      address: s.address,
      cameras: s.cameras,
      road: s.road,
      km: s.km,
      direction: s.direction,
      installedOn: s.installed_on,
      lastMaintenanceOn: s.last_maintenance_on,
    });
  }
  sites.sort((a, b) => a.municipality.localeCompare(b.municipality, 'es') || a.code.localeCompare(b.code));
  const byMunicipality = new Map<string, { code: string; name: string; n: number; byStatus: Record<SiteStatus, number> }>();
  const cameras: Cameras = {};
  for (const s of sites) {
    const m = byMunicipality.get(s.municipalityCode) ?? { code: s.municipalityCode, name: s.municipality, n: 0, byStatus: { operando: 0, falla: 0, mantenimiento: 0, baja: 0 } };
    m.n++;
    m.byStatus[s.status]++;
    byMunicipality.set(s.municipalityCode, m);
    for (const k of CAMERA_KINDS) if (s.cameras[k]) cameras[k] = (cameras[k] ?? 0) + s.cameras[k]!;
  }
  const geography = loadStateGeography(ctx.config.stateCode);
  return {
    registry,
    stateCode: ctx.config.stateCode,
    stateName: geography.stateName,
    period: { key: ctx.period.key, label: ctx.period.label },
    asOf,
    statuses,
    municipalities: municipalities ? municipalities.map((c) => ({ code: c, name: municipalityName(c) ?? c })) : null,
    sites,
    byStatus: statuses.map((st) => ({ status: st, label: STATUS_LABELS[st], n: sites.filter((s) => s.status === st).length })),
    byMunicipality: [...byMunicipality.values()].sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'es')),
    cameras,
  };
}

// ---- Rendering ---------------------------------------------------------------------------------------------------

const fmtInt = (n: number) => n.toLocaleString('es-MX');
const dayText = (d: string) => `${Number(d.slice(8, 10))}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const plural = (registry: Registry, n: number) => (registry === 'pmi' ? `${fmtInt(n)} PMI` : `${fmtInt(n)} ${n === 1 ? 'arco' : 'arcos'}`);

function subject(d: SitesMapData): string {
  return d.registry === 'pmi' ? 'Puntos de Monitoreo Inteligente (PMI)' : 'Arcos carreteros del REPUVE';
}

function scopeText(d: SitesMapData): string {
  return d.municipalities ? d.municipalities.map((m) => m.name).join(', ') : `Cobertura estatal (${d.stateName})`;
}

function notes(d: SitesMapData): string[] {
  const lines = [
    `Fuente: registro de ${REGISTRY_LABELS[d.registry].name} de Atalaya, situación al ${dayText(d.asOf)} según el historial de estatus de cada sitio; ` +
      'la ubicación, el nombre y los demás datos son los vigentes del registro.',
    `Estatus mostrados: ${d.statuses.map((s) => STATUS_LABELS[s].toLowerCase()).join(', ')}. El municipio de cada sitio se obtiene de sus coordenadas con los límites municipales del INEGI (Marco Geoestadístico).`,
    'Las etiquetas que se encimarían con otras se omiten en el mapa; la tabla final lista todos los sitios.',
  ];
  return lines;
}

function legend(d: SitesMapData): LegendItem[] {
  return [
    ...d.byStatus.map((s): LegendItem => ({ kind: 'point', color: STATUS_COLORS[s.status], label: `${s.label} (${fmtInt(s.n)})` })),
    { kind: 'line', color: '#b4b8be', label: 'Límite municipal (INEGI)' },
  ];
}

const pointsOf = (sites: readonly MapSite[], radius: number, labels: boolean): MapPoint[] =>
  sites.map((s) => ({ lng: s.lng, lat: s.lat, fill: STATUS_COLORS[s.status], radius, label: labels ? s.code : undefined, data: { clave: s.code, estatus: s.status } }));

function context(stateCode: string) {
  return loadStateGeography(stateCode)
    .featureCollection()
    .features.map((f) => ({ code: f.properties.code, geometry: f.geometry as Geometry }));
}

/** The whole state (or the chosen municipalities), every site; labels when there are few enough to read. */
export function stateMapSvg(d: SitesMapData, meta: ProductMeta): string {
  const geography = loadStateGeography(d.stateCode);
  const boundaries = context(d.stateCode);
  let bbox = geography.bbox as unknown as BBox;
  let emphasis: { geometry: Geometry }[] = [];
  if (d.municipalities) {
    const chosen = new Set(d.municipalities.map((m) => m.code));
    emphasis = boundaries.filter((b) => chosen.has(b.code));
    bbox = padBBox(geography.municipalities.filter((m) => chosen.has(m.code)).map((m) => m.bbox as unknown as BBox), 0.05, 0.01);
  }
  return renderMapSvg({
    title: `${subject(d)}: ubicación y estatus`,
    subtitle: `Situación al ${dayText(d.asOf)} · ${scopeText(d)} · ${plural(d.registry, d.sites.length)}`,
    classificationLabel: meta.classificationLabel,
    bbox,
    boundaries,
    emphasis,
    points: pointsOf(d.sites, d.registry === 'repuve' ? 5.5 : 3.5, d.registry === 'repuve' || d.sites.length <= 60),
    legendTitle: `Estatus de ${d.registry === 'pmi' ? 'los PMI' : 'los arcos'}`,
    legend: legend(d),
    notes: notes(d),
  });
}

/** A municipality's sites, zoomed in, each with its code. */
export function municipalityMapSvg(d: SitesMapData, code: string, meta: ProductMeta): string {
  const sites = d.sites.filter((s) => s.municipalityCode === code);
  const boxes = sites.map((s): BBox => [s.lng, s.lat, s.lng, s.lat]);
  const boundaries = context(d.stateCode);
  const name = municipalityName(code) ?? code;
  return renderMapSvg({
    title: `${subject(d)} en ${name}`,
    subtitle: `Situación al ${dayText(d.asOf)} · ${plural(d.registry, sites.length)}`,
    classificationLabel: meta.classificationLabel,
    bbox: padBBox(boxes, 0.15, 0.012),
    boundaries,
    emphasis: boundaries.filter((b) => b.code === code),
    points: pointsOf(sites, 5, true),
    legendTitle: `Estatus de ${d.registry === 'pmi' ? 'los PMI' : 'los arcos'}`,
    legend: legend({ ...d, byStatus: d.byStatus.map((s) => ({ ...s, n: sites.filter((x) => x.status === s.status).length })) }),
    notes: [`Sitios de ${name}; la clave de cada uno identifica su fila en la tabla del documento.`],
  });
}

/** The boxes' union, widened by `share` of its size and to at least `minHalf` degrees either side of its centre. */
function padBBox(boxes: readonly BBox[], share: number, minHalf: number): BBox {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    w = Math.min(w, b[0]);
    s = Math.min(s, b[1]);
    e = Math.max(e, b[2]);
    n = Math.max(n, b[3]);
  }
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const hx = Math.max(((e - w) / 2) * (1 + share), minHalf);
  const hy = Math.max(((n - s) / 2) * (1 + share), minHalf);
  return [cx - hx, cy - hy, cx + hx, cy + hy];
}

async function sitesPdf(d: SitesMapData, meta: ProductMeta): Promise<Uint8Array> {
  const doc = newPdf(meta, `Mapa de ${subject(d)}`);
  heading(doc, `Mapa georreferenciado de ${subject(d)}`);
  paragraph(doc, `Situación al ${dayText(d.asOf)} · ${scopeText(d)} · ${plural(d.registry, d.sites.length)}.`);
  const width = doc.page.width - 100;
  doc.image(Buffer.from(svgToPng(stateMapSvg(d, meta), 1600)), 50, doc.y, { width });

  // A detail map for every municipality with several sites: there the codes can be read.
  const detailed = d.registry === 'pmi' ? d.byMunicipality.filter((m) => m.n >= 3) : [];
  for (const m of detailed) {
    doc.addPage();
    heading(doc, `${m.name}: ${plural(d.registry, m.n)}`, 12);
    doc.image(Buffer.from(svgToPng(municipalityMapSvg(d, m.code, meta), 1600)), 50, doc.y, { width });
  }

  doc.addPage();
  heading(doc, 'Resumen', 12);
  barChart(doc, `${d.registry === 'pmi' ? 'PMI' : 'Arcos'} por estatus`, d.byStatus.map((s) => ({ label: s.label, value: s.n })));
  if (d.registry === 'pmi') {
    const kinds = CAMERA_KINDS.filter((k) => d.cameras[k]);
    if (kinds.length) barChart(doc, 'Cámaras por tipo', kinds.map((k) => ({ label: CAMERA_KIND_LABELS[k], value: d.cameras[k]! })));
  }
  table(
    doc,
    [
      { header: 'Municipio', width: 180, value: (r) => String(r.name) },
      { header: 'Total', width: 50, align: 'right', value: (r) => fmtInt(r.n as number) },
      ...d.statuses.map((st) => ({ header: STATUS_LABELS[st], width: 70, align: 'right' as const, value: (r: Record<string, unknown>) => fmtInt((r.byStatus as Record<SiteStatus, number>)[st]) })),
    ],
    d.byMunicipality as unknown as Record<string, unknown>[],
  );
  for (const line of notes(d)) paragraph(doc, line);

  doc.addPage();
  heading(doc, `Listado de ${d.registry === 'pmi' ? 'PMI' : 'arcos'} (${fmtInt(d.sites.length)})`, 12);
  const rows = d.sites as unknown as Record<string, unknown>[];
  if (d.registry === 'pmi') {
    table(
      doc,
      [
        { header: 'Clave', width: 60, value: (r) => String(r.code) },
        { header: 'Nombre', width: 105, value: (r) => String(r.name) },
        { header: 'Municipio', width: 90, value: (r) => String(r.municipality) },
        { header: 'Estatus', width: 68, value: (r) => STATUS_LABELS[r.status as SiteStatus] },
        { header: 'Cám.', width: 30, align: 'right', value: (r) => fmtInt(cameraTotal(r.cameras as Cameras)) },
        { header: 'Últ. mant.', width: 49, value: (r) => (r.lastMaintenanceOn ? dayText(String(r.lastMaintenanceOn)) : '—') },
        { header: 'Latitud', width: 55, align: 'right', value: (r) => (r.lat as number).toFixed(5) },
        { header: 'Longitud', width: 55, align: 'right', value: (r) => (r.lng as number).toFixed(5) },
      ],
      rows,
    );
  } else {
    table(
      doc,
      [
        { header: 'Clave', width: 62, value: (r) => String(r.code) },
        { header: 'Carretera', width: 120, value: (r) => String(r.road) },
        { header: 'Km', width: 40, align: 'right', value: (r) => kilometreText(r.km as number) },
        { header: 'Sentido', width: 72, value: (r) => String(r.direction) },
        { header: 'Municipio', width: 80, value: (r) => String(r.municipality) },
        { header: 'Estatus', width: 58, value: (r) => STATUS_LABELS[r.status as SiteStatus] },
        { header: 'Latitud', width: 40, align: 'right', value: (r) => (r.lat as number).toFixed(4) },
        { header: 'Longitud', width: 40, align: 'right', value: (r) => (r.lng as number).toFixed(4) },
      ],
      rows,
    );
  }
  return pdfBytes(doc, meta);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const coord = (v: number) => (Math.round(v * 1e6) / 1e6).toFixed(6).replace(/\.?0+$/, '');
/** KML colours are aabbggrr. */
const kmlColor = (hex: string, alpha = 'ff') => `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`;

/** The fields of a site under the names of the registry's file layout, so the KML can be imported back. */
function layoutFields(d: SitesMapData, s: MapSite): [string, string][] {
  const common: [string, string][] = [
    ['clave', s.code],
    ['nombre', s.name],
    ['estatus', s.status],
    ['municipio', s.municipality],
    ['clave_municipio', s.municipalityCode],
  ];
  if (d.registry === 'pmi') {
    common.push(['domicilio', s.address ?? '']);
    for (const k of CAMERA_KINDS) common.push([CAMERA_COLUMNS[k], String(s.cameras[k] ?? 0)]);
  } else {
    common.push(['carretera', s.road ?? ''], ['kilometro', String(s.km ?? '')], ['sentido', s.direction ?? '']);
  }
  common.push(['fecha_instalacion', s.installedOn ?? ''], ['ultimo_mantenimiento', s.lastMaintenanceOn ?? '']);
  return common;
}

function description(d: SitesMapData, s: MapSite): string {
  const lines = [`${s.name}`, `Estatus al ${dayText(d.asOf)}: ${STATUS_LABELS[s.status]}`, `Municipio: ${s.municipality}`];
  if (d.registry === 'pmi') lines.push(`Cámaras: ${camerasText(s.cameras)}`);
  else lines.push(`${s.road}, km ${kilometreText(s.km ?? 0)}, ${s.direction}`);
  if (s.lastMaintenanceOn) lines.push(`Último mantenimiento: ${dayText(s.lastMaintenanceOn)}`);
  return lines.join('\n');
}

function ringsKml(rings: number[][][]): string {
  const [outer, ...holes] = rings;
  const ring = (r: number[][]) => `<LinearRing><coordinates>${r.map((c) => `${coord(c[0]!)},${coord(c[1]!)}`).join(' ')}</coordinates></LinearRing>`;
  return `<Polygon><outerBoundaryIs>${ring(outer!)}</outerBoundaryIs>${holes.map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`;
}

export function sitesKml(d: SitesMapData, meta: ProductMeta): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xml(`${subject(d)} · situación al ${dayText(d.asOf)}`)}</name>`,
    `<description>${xml([meta.classificationLabel, `${meta.reportName}.`, ...notes(d)].join('\n'))}</description>`,
  ];
  for (const st of SITE_STATUSES) {
    out.push(
      `<Style id="estatus-${st}"><IconStyle><color>${kmlColor(STATUS_COLORS[st])}</color><scale>0.9</scale>` +
        '<Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle>' +
        `<LabelStyle><scale>0.75</scale></LabelStyle></Style>`,
    );
  }
  out.push(`<Style id="limite"><LineStyle><color>${kmlColor('#4a5562')}</color><width>1.5</width></LineStyle><PolyStyle><fill>0</fill></PolyStyle></Style>`);
  for (const st of d.statuses) {
    const sites = d.sites.filter((s) => s.status === st);
    out.push('<Folder>', `<name>${xml(`${STATUS_LABELS[st]} (${sites.length})`)}</name>`);
    for (const s of sites) {
      out.push(
        '<Placemark>',
        `<name>${xml(s.code)}</name>`,
        `<description>${xml(description(d, s))}</description>`,
        `<styleUrl>#estatus-${st}</styleUrl>`,
        `<ExtendedData>${layoutFields(d, s).map(([k, v]) => `<Data name="${k}"><value>${xml(v)}</value></Data>`).join('')}</ExtendedData>`,
        `<Point><coordinates>${coord(s.lng)},${coord(s.lat)},0</coordinates></Point>`,
        '</Placemark>',
      );
    }
    out.push('</Folder>');
  }
  const withSites = new Set(d.sites.map((s) => s.municipalityCode));
  const features: MunicipalFeature[] = loadStateGeography(d.stateCode).featureCollection().features.filter((f) => withSites.has(f.properties.code));
  out.push('<Folder>', '<name>Límites municipales (INEGI)</name>');
  for (const f of features) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    out.push(
      `<Placemark><name>${xml(f.properties.name)}</name><styleUrl>#limite</styleUrl>` +
        `<MultiGeometry>${polygons.map((p) => ringsKml(p as number[][][])).join('')}</MultiGeometry></Placemark>`,
    );
  }
  out.push('</Folder>', '</Document>', '</kml>');
  return out.join('\n') + '\n';
}

export async function renderSitesMap(d: SitesMapData, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'pdf':
      return sitesPdf(d, meta);
    case 'kml':
      return new TextEncoder().encode(sitesKml(d, meta));
    default:
      throw new Error(`El mapa de ${subject(d)} no se entrega en formato ${format}.`);
  }
}

function generator(registry: Registry, name: string): ReportGenerator<SitesMapData> {
  return {
    name,
    permission: 'sites.read',
    periodKinds: ['month'],
    formats: ['pdf', 'kml'],
    params: mapParams as unknown as z.ZodType<Record<string, unknown>>,
    async scopeLabel(raw, ctx) {
      const { statuses, municipalities } = resolveParams(raw, ctx.config.stateCode);
      const which =
        statuses.length === SITE_STATUSES.length
          ? 'todos los estatus'
          : statuses.join() === DEFAULT_STATUSES.join()
            ? 'sin los dados de baja'
            : statuses.map((s) => STATUS_LABELS[s].toLowerCase()).join(', ');
      return `${which} · ${municipalities ? municipalities.map((c) => municipalityName(c) ?? c).join(', ') : 'cobertura estatal'}`;
    },
    compute: (ctx) => computeSitesMap(registry, ctx),
    render: renderSitesMap,
    summary: (d) => ({
      sitios: d.sites.length,
      situacion_al: d.asOf,
      ...Object.fromEntries(d.byStatus.map((s) => [s.status, s.n])),
      ...(registry === 'pmi' ? { camaras: cameraTotal(d.cameras) } : {}),
    }),
  };
}

export const pmiMapGenerator = generator('pmi', 'sites_pmi_map');
export const repuveMapGenerator = generator('repuve', 'sites_repuve_map');
