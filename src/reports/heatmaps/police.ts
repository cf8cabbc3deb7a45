// Heat maps of crime for the State Police and the Traffic Police (directive 1.2.8): for a set of CNIE codes and a
// period, a kernel density surface from the resolution-9 cell counts, the statistically significant hot spots
// (Gi* on H3 hexagons over the whole study area, Benjamini–Hochberg corrected), a ranked list of hot spots with
// their counts and municipalities, and the incidents by hour of day and day of week. Reads rollup_cells only.
import { z } from 'zod';
import { cellPolygon, type CellCount } from '../../analytics/hexgrid.ts';
import type { GiStarCell } from '../../analytics/gistar.ts';
import type { BandwidthChoice } from '../../analytics/kde.ts';
import { loadStateGeography } from '../../reference/geography.ts';
import { barChart, heading, newPdf, paragraph, pdfBytes, table } from '../render/pdf.ts';
import { DENSITY_COLORS, densityClasses, renderMapSvg, svgToPng, type LegendItem, type MapPolygon } from '../render/map-svg.ts';
import type { Count, ProductMeta, ReportContext, ReportFormat, ReportGenerator, Suppressed } from '../types.ts';
import { fmtCount } from '../render/format.ts';
import { disclosureJson, disclosureLines, pdfDisclosureSection } from '../render/disclosure-notes.ts';
import { discloseHeatmapPolice } from './disclose.ts';
import {
  HeatmapError,
  WEEKDAYS_ES,
  areaGeometry,
  bandwidthFor,
  checkMunicipalities,
  densityFromJson,
  densitySurface,
  densityToJson,
  fmtInt,
  geojsonText,
  kmlDocument,
  nameOf,
  utf8,
  type DensityJson,
} from './common.ts';
import { codesLabel, heatmapPresets, presetById, selectionOf, toV3Codes, type NamedCode } from './codes.ts';
import { centreOf, hotSpots, studyArea } from './hotspots.ts';
import { cellCounts, cellsAndProfile, municipalityOfCell, timeProfile, type TimeProfile } from './query.ts';
import { cnieEntry } from '../../reference/cnie.ts';

const codeList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : typeof v === 'number' ? [v] : v),
  z.array(z.coerce.number().int('Los códigos CNIE son números enteros de 5 dígitos.').min(10000).max(99999)).min(1, 'Indique al menos un código CNIE.'),
);
const municipalityList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v),
  z.array(z.string().regex(/^\d{5}$/, 'Las claves de municipio son de 5 dígitos (INEGI).')),
);

/** Upper limit of the automatic bandwidth: beyond a few km a surface stops showing where to patrol. */
const POLICE_MAX_BANDWIDTH = 5_000;

export const policeParams = z.object({
  preset: z.string().optional(),
  codes: codeList.optional(),
  municipalities: municipalityList.optional(),
  resolution: z.coerce.number().int().min(7, 'La resolución de los hexágonos va de 7 a 9.').max(9, 'La resolución de los hexágonos va de 7 a 9.').default(8),
  alpha: z.coerce.number().refine((a) => [0.01, 0.05, 0.1].includes(a), 'La tasa de falsos descubrimientos debe ser 0.01, 0.05 o 0.10.').default(0.05),
  bandwidthMeters: z.coerce.number().int().min(300, 'El ancho de banda mínimo es de 300 m.').max(50_000, 'El ancho de banda máximo es de 50 km.').optional(),
});
export type PoliceParams = z.infer<typeof policeParams>;

/** S is the mark of a suppressed figure: never in the figures computed here, Suppressed in a released version. */
export interface RankedHotSpot<S extends Suppressed = never> {
  rank: number;
  cell: string;
  municipalityCode: string | null;
  municipality: string;
  /** Incidents in the hexagon and in its neighbourhood (the hexagon and its ring). */
  n: number | S;
  neighbourhoodCount: number | S;
  z: number;
  q: number;
  confidence: 90 | 95 | 99;
}

export interface PoliceHeatmapData<S extends Suppressed = never> {
  kind: 'police';
  stateCode: string;
  stateName: string;
  period: { key: string; label: string; firstDay: string; lastDay: string };
  presetId: string | null;
  codesLabel: string;
  codes: NamedCode[];
  municipalities: { code: string; name: string }[] | null;
  total: number | S;
  byHour: (number | S)[];
  byWeekday: (number | S)[];
  /** Incidents per stored cell (resolution 9), which the maps are made from; a public version holds only its published hexagons. */
  cells: CellCount[];
  bandwidth: Pick<BandwidthChoice, 'meters' | 'description'>;
  density: DensityJson | null;
  resolution: number;
  alpha: number;
  studyCells: number;
  hotSpots: RankedHotSpot<S>[];
  coldSpots: number;
  outside: { cells: number; incidents: number };
  giDescription: string;
  bbox: [number, number, number, number];
}

/** The v3 codes and preset a parameter set selects. */
export function resolveCodes(params: PoliceParams, version: '2' | '3'): { codes: number[]; presetId: string | null } {
  if (params.codes && params.codes.length > 0) return { codes: toV3Codes(params.codes, version), presetId: null };
  const preset = presetById(params.preset ?? heatmapPresets().defaultId);
  return { codes: preset.codes.map((c) => c.code), presetId: preset.id };
}

export async function computePolice(ctx: ReportContext): Promise<PoliceHeatmapData> {
  const params = policeParams.parse(ctx.params);
  const stateCode = ctx.config.stateCode;
  const geography = loadStateGeography(stateCode);
  const chosen = params.municipalities && params.municipalities.length > 0 ? checkMunicipalities(stateCode, params.municipalities) : null;
  const { codes, presetId } = resolveCodes(params, ctx.cnieVersion);
  const selection = selectionOf(codes);
  const filter = { from: ctx.period.firstDay, to: ctx.period.lastDay, selection };

  const wanted = chosen ? new Set(chosen) : null;
  const keep = wanted ? (cell: string) => wanted.has(municipalityOfCell(stateCode, cell) ?? '') : undefined;
  let counts: CellCount[];
  let profile: TimeProfile;
  if (keep) {
    counts = (await cellCounts(ctx.db, filter)).filter((c) => keep(c.cell));
    profile = await timeProfile(ctx.db, filter, keep);
  } else ({ cells: counts, profile } = await cellsAndProfile(ctx.db, filter));
  const total = counts.reduce((s, c) => s + c.n, 0);

  const area = studyArea(stateCode, chosen, params.resolution);
  const gi = hotSpots(area, counts, params.alpha);
  const geometry = areaGeometry(stateCode, chosen);
  const points = counts.map((c) => ({ ...centreOf(c.cell), weight: c.n }));
  const bandwidth = bandwidthFor(points, params.bandwidthMeters, 500, POLICE_MAX_BANDWIDTH);
  const density = total > 0 ? densitySurface(points, geometry.bbox, bandwidth) : null;

  const hot = gi.significant.filter((c): c is GiStarCell & { confidence: 90 | 95 | 99 } => c.class === 'hot' && c.confidence !== null);
  const hotSpotsList = hot.map((c, i) => {
    const code = municipalityOfCell(stateCode, c.cell);
    return {
      rank: i + 1,
      cell: c.cell,
      municipalityCode: code,
      municipality: nameOf(code),
      n: c.n,
      neighbourhoodCount: c.neighbourhoodCount,
      z: Math.round(c.z * 1000) / 1000,
      q: Number(c.q.toPrecision(4)),
      confidence: c.confidence,
    };
  });
  return {
    kind: 'police',
    stateCode,
    stateName: geography.stateName,
    period: { key: ctx.period.key, label: ctx.period.label, firstDay: ctx.period.firstDay, lastDay: ctx.period.lastDay },
    presetId,
    codesLabel: codesLabel(codes, presetId ? presetById(presetId) : undefined),
    codes: codes.map((c) => ({ code: c, name: cnieEntry('3', c)?.name ?? String(c) })),
    municipalities: chosen ? chosen.map((c) => ({ code: c, name: nameOf(c) })) : null,
    total,
    byHour: profile.byHour,
    byWeekday: profile.byWeekday,
    cells: counts,
    bandwidth: { meters: bandwidth.meters, description: bandwidth.description },
    density: density ? densityToJson(density) : null,
    resolution: params.resolution,
    alpha: params.alpha,
    studyCells: gi.cellCount,
    hotSpots: hotSpotsList,
    coldSpots: gi.cold,
    outside: gi.outside,
    giDescription: gi.description,
    bbox: [...geometry.bbox] as [number, number, number, number],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/** What the renderers take: computed figures, or a released version's with suppressed ones. */
type Released = PoliceHeatmapData<Suppressed>;

const HOT = { 99: '#67000d', 95: '#cb181d', 90: '#fb6a4a' } as const;

function methodology(d: Released): string[] {
  const lines = [
    `Fuente: incidentes reales (llamadas procedentes) del 9-1-1 y del 089 con ubicación, ${d.period.label}, agregados por celdas H3 de resolución 9. ` +
      `Incidentes: ${d.codesLabel} (${d.codes.length} ${d.codes.length === 1 ? 'código' : 'códigos'} CNIE 3 y sus equivalentes de la versión 2.0).`,
    d.bandwidth.description,
    d.giDescription,
  ];
  if (d.outside.incidents > 0) {
    lines.push(`${fmtInt(d.outside.incidents)} incidentes caen en hexágonos cuyo centro queda fuera del área de estudio (costa o límites) y no entran en el análisis Gi*.`);
  }
  return lines;
}

function scopeText(d: Released): string {
  return d.municipalities ? d.municipalities.map((m) => m.name).join(', ') : `Cobertura estatal (${d.stateName})`;
}

export function policeSvg(d: Released, meta: ProductMeta): string {
  const geometry = areaGeometry(d.stateCode, d.municipalities?.map((m) => m.code) ?? null);
  const grid = d.density ? densityFromJson(d.density) : null;
  const classes = grid ? densityClasses(grid.maxValue) : null;
  const legend: LegendItem[] = [];
  if (classes) {
    classes.breaks.forEach((b, i) => {
      const next = classes.breaks[i + 1];
      legend.push({
        kind: 'fill',
        color: classes.colors[i]!,
        label: next === undefined ? `${b.toFixed(2)} o más` : `${b.toFixed(2)} – ${next.toFixed(2)}`,
      });
    });
  }
  for (const level of [99, 95, 90] as const) {
    if (d.hotSpots.some((h) => h.confidence === level)) legend.push({ kind: 'outline', color: HOT[level], label: `Punto caliente, confianza ${level} %` });
  }
  legend.push({ kind: 'line', color: '#b4b8be', label: 'Límite municipal (INEGI)' });
  const polygons: MapPolygon[] = d.hotSpots.map((h) => ({
    ring: cellPolygon(h.cell),
    stroke: HOT[h.confidence],
    strokeWidth: h.confidence === 99 ? 1.8 : 1.3,
    data: { rank: h.rank, cell: h.cell, n: h.n },
  }));
  return renderMapSvg({
    title: `Mapa de calor: ${d.codesLabel}`,
    subtitle: `${d.period.label} · ${scopeText(d)} · ${fmtCount(d.total)} incidentes`,
    classificationLabel: meta.classificationLabel,
    bbox: geometry.bbox,
    boundaries: geometry.context,
    emphasis: geometry.emphasis,
    density: grid && classes ? { grid, classes } : undefined,
    polygons,
    legendTitle: `Densidad kernel (incidentes por km², ancho de banda ${fmtInt(d.bandwidth.meters)} m)`,
    legend: classes || polygons.length ? legend : [{ kind: 'fill', color: DENSITY_COLORS[0], label: 'Sin incidentes en el periodo' }],
    notes: [...methodology(d), ...disclosureLines(meta)],
  });
}

function policeGeojson(d: Released, meta: ProductMeta) {
  return {
    type: 'FeatureCollection',
    name: `${meta.reportName} · ${d.period.label}`,
    metadata: {
      reporte: meta.reportName,
      periodo: d.period.label,
      clasificacion: meta.classificationLabel,
      incidentes: d.codesLabel,
      total: d.total,
      metodologia: methodology(d),
      ...(meta.disclosure ? { divulgacion: disclosureJson(meta) } : {}),
    },
    features: d.hotSpots.map((h) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [cellPolygon(h.cell)] },
      properties: {
        rango: h.rank,
        cell: h.cell,
        municipio: h.municipality,
        clave_municipio: h.municipalityCode,
        incidentes: h.n,
        incidentes_vecindad: h.neighbourhoodCount,
        z: h.z,
        q: h.q,
        confianza: h.confidence,
      },
    })),
  };
}

function policeKml(d: Released, meta: ProductMeta): string {
  return kmlDocument({
    name: `${meta.reportName} · ${d.period.label}`,
    description: [meta.classificationLabel, ...methodology(d), ...disclosureLines(meta)].join('\n'),
    styles: ([99, 95, 90] as const).map((c) => ({ id: `caliente${c}`, line: HOT[c], fill: HOT[c], width: c === 99 ? 3 : 2 })),
    placemarks: d.hotSpots.map((h) => ({
      name: `Punto caliente ${h.rank}: ${h.municipality}`,
      styleUrl: `caliente${h.confidence}`,
      ring: cellPolygon(h.cell),
      data: [
        ['rango', h.rank],
        ['celda_h3', h.cell],
        ['municipio', h.municipality],
        ['incidentes', h.n],
        ['incidentes_vecindad', h.neighbourhoodCount],
        ['z', h.z],
        ['confianza', `${h.confidence} %`],
      ],
    })),
  });
}

async function policePdf(d: Released, meta: ProductMeta, png: Uint8Array): Promise<Uint8Array> {
  const doc = newPdf(meta, 'Mapa de calor');
  heading(doc, `Mapa de calor y puntos calientes: ${d.codesLabel}`);
  paragraph(doc, `${d.period.label} · ${scopeText(d)} · ${fmtCount(d.total)} incidentes reales con ubicación.`);
  const width = doc.page.width - 100;
  doc.image(Buffer.from(png), 50, doc.y, { width });
  doc.addPage();
  heading(doc, 'Metodología', 12);
  for (const line of methodology(d)) paragraph(doc, line);
  heading(doc, `Puntos calientes (${d.hotSpots.length})`, 12);
  if (d.hotSpots.length === 0) paragraph(doc, 'No hay hexágonos con concentración estadísticamente significativa en el periodo.');
  else {
    table(
      doc,
      [
        { header: 'Rango', width: 40, align: 'right', value: (r) => String(r.rank) },
        { header: 'Municipio', width: 160, value: (r) => String(r.municipality) },
        { header: 'Hexágono H3', width: 110, value: (r) => String(r.cell) },
        { header: 'Incidentes', width: 60, align: 'right', value: (r) => fmtCount(r.n as Count) },
        { header: 'En vecindad', width: 60, align: 'right', value: (r) => fmtCount(r.neighbourhoodCount as Count) },
        { header: 'z', width: 40, align: 'right', value: (r) => (r.z as number).toFixed(2) },
        { header: 'Conf.', width: 42, align: 'right', value: (r) => `${String(r.confidence)} %` },
      ],
      d.hotSpots.slice(0, 40) as unknown as Record<string, unknown>[],
    );
    if (d.hotSpots.length > 40) paragraph(doc, `Se muestran los 40 primeros de ${d.hotSpots.length}; la lista completa está en los archivos GeoJSON y KML.`);
  }
  const bar = (label: string, v: Count) => (typeof v === 'number' ? { label, value: v } : { label, value: 0, text: v });
  barChart(doc, 'Incidentes por hora del día (hora local)', d.byHour.map((v, h) => bar(`${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`, v)));
  barChart(doc, 'Incidentes por día de la semana', d.byWeekday.map((v, i) => bar(WEEKDAYS_ES[i]!, v)));
  heading(doc, 'Códigos CNIE incluidos', 12);
  paragraph(doc, d.codes.map((c) => `${c.code} ${c.name}`).join('; ') + '.');
  pdfDisclosureSection(doc, meta);
  return pdfBytes(doc, meta);
}

export async function renderPolice(d: Released, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'svg':
      return utf8(policeSvg(d, meta));
    case 'png':
      return svgToPng(policeSvg(d, meta));
    case 'pdf':
      return policePdf(d, meta, svgToPng(policeSvg(d, meta), 1600));
    case 'geojson':
      return utf8(geojsonText(policeGeojson(d, meta)));
    case 'kml':
      return utf8(policeKml(d, meta));
    default:
      throw new HeatmapError('formato', `El mapa de calor no se entrega en formato ${format}.`);
  }
}

export const policeHeatmapGenerator: ReportGenerator<Released> = {
  name: 'heatmap_police',
  periodKinds: ['month', 'quarter', 'half', 'year'],
  formats: ['pdf', 'png', 'svg', 'geojson', 'kml'],
  params: policeParams as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(raw, ctx) {
    const params = policeParams.parse(raw);
    let label: string;
    try {
      // The label only needs names; codes of catalog 2.0 that v3 lacks are listed as given.
      const { codes, presetId } = resolveCodes(params, '3');
      label = codesLabel(codes, presetId ? presetById(presetId) : undefined);
    } catch {
      label = `Códigos CNIE ${(params.codes ?? []).join(', ')}`;
    }
    const chosen = params.municipalities?.length ? checkMunicipalities(ctx.config.stateCode, params.municipalities) : null;
    return `${label} · ${chosen ? chosen.map((c) => nameOf(c)).join(', ') : 'cobertura estatal'}`;
  },
  compute: computePolice,
  render: renderPolice,
  summary: (d) => ({ incidentes: d.total, puntos_calientes: d.hotSpots.length, ancho_de_banda_m: d.bandwidth.meters, conjunto: d.codesLabel }),
  disclose: discloseHeatmapPolice,
};
