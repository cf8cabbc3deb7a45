// Heat maps of violence against women in the municipalities under a gender-violence alert (AVGM), for the state
// women's institute and civil organisations. The recipients are external, so every file goes through disclosure
// control (analytics/disclosure.ts): counts are aggregated to coarse H3 hexagons, hexagons under the minimum count
// are suppressed, the density surface is computed only from the published hexagons, and no point location or finer
// cell appears anywhere. Each rendered file is checked against the rule before it is returned.
import { z } from 'zod';
import { cellPolygon } from '../../analytics/hexgrid.ts';
import type { BandwidthChoice } from '../../analytics/kde.ts';
import {
  DEFAULT_DISCLOSURE_RULE,
  DISCLOSURE_LIMITS,
  coarsenForDisclosure,
  disclosedPoints,
  disclosureNote,
  type DisclosedCells,
} from '../../analytics/disclosure.ts';
import { loadStateGeography } from '../../reference/geography.ts';
import { heading, newPdf, paragraph, pdfBytes, table } from '../render/pdf.ts';
import { densityClasses, renderMapSvg, svgToPng, type LegendItem, type MapPolygon } from '../render/map-svg.ts';
import type { ProductMeta, ReportContext, ReportFormat, ReportGenerator } from '../types.ts';
import { disclosureJson, disclosureLines, pdfDisclosureSection } from '../render/disclosure-notes.ts';
import { discloseHeatmapAvgm } from './disclose.ts';
import {
  HeatmapError,
  areaGeometry,
  bandwidthFor,
  densityFromJson,
  densitySurface,
  densityToJson,
  fmtInt,
  geojsonText,
  kmlDocument,
  minBandwidth,
  nameOf,
  utf8,
  type DensityJson,
} from './common.ts';
import { selectionOf, violenceAgainstWomenCodes, type NamedCode } from './codes.ts';
import { assertDisclosed } from './disclosure-check.ts';
import { cellCounts, loadGroup, municipalityOfCell } from './query.ts';

export const AVGM_GROUP_SLUG = 'avgm';

export const avgmParams = z.object({
  minCount: z.coerce
    .number()
    .int()
    .min(DISCLOSURE_LIMITS.lowestMinCount, `El conteo mínimo por hexágono no puede ser menor que ${DISCLOSURE_LIMITS.lowestMinCount}.`)
    .default(DEFAULT_DISCLOSURE_RULE.minCount),
  resolution: z.coerce
    .number()
    .int()
    .min(5, 'La resolución de los hexágonos publicados va de 5 a 7.')
    .max(DISCLOSURE_LIMITS.finestResolution, `La resolución no puede ser más fina que ${DISCLOSURE_LIMITS.finestResolution} (hexágonos de 5.2 km²).`)
    .default(DEFAULT_DISCLOSURE_RULE.resolution),
  bandwidthMeters: z.coerce.number().int().max(50_000, 'El ancho de banda máximo es de 50 km.').optional(),
});
export type AvgmParams = z.infer<typeof avgmParams>;

export interface AvgmHeatmapData {
  kind: 'avgm';
  stateCode: string;
  stateName: string;
  period: { key: string; label: string; firstDay: string; lastDay: string };
  group: { name: string; sourceCitation: string | null; sourceUrl: string | null; members: { code: string; name: string }[] };
  codes: NamedCode[];
  /** Incidents of the set located in the group's municipalities (published + suppressed). */
  total: number;
  disclosed: DisclosedCells;
  /** Municipality (by hexagon centre) of each published hexagon, in the order of disclosed.cells. */
  cellMunicipalities: string[];
  bandwidth: Pick<BandwidthChoice, 'meters' | 'description'>;
  density: DensityJson | null;
  bbox: [number, number, number, number];
}


export function emptyGroupMessage(groupName: string): string {
  return (
    `El grupo «${groupName}» no tiene municipios registrados, así que no hay área para el mapa de calor. ` +
    'Un administrador debe cargar la lista oficial de municipios con declaratoria de Alerta de Violencia de Género ' +
    'contra las Mujeres (Catálogos › Grupos de municipios: importar CSV con clave_municipio y registrar la fuente, ' +
    'p. ej. la declaratoria de la CONAVIM) y volver a generar el reporte.'
  );
}

export async function computeAvgm(ctx: ReportContext): Promise<AvgmHeatmapData> {
  const params = avgmParams.parse(ctx.params);
  const stateCode = ctx.config.stateCode;
  const group = await loadGroup(ctx.db, stateCode, AVGM_GROUP_SLUG);
  if (!group) {
    throw new HeatmapError(
      'grupo_inexistente',
      'No existe el grupo de municipios con Alerta de Violencia de Género (avgm) para esta entidad. ' +
        'Un administrador debe crearlo y cargar la lista oficial de sus municipios.',
    );
  }
  if (group.members.length === 0) throw new HeatmapError('grupo_vacio', emptyGroupMessage(group.name));
  const minMeters = minBandwidth(params.resolution);
  if (params.bandwidthMeters !== undefined && params.bandwidthMeters < minMeters) {
    throw new HeatmapError(
      'ancho_de_banda',
      `El ancho de banda debe ser de al menos ${fmtInt(minMeters)} m, la separación de los hexágonos publicados de resolución ${params.resolution}.`,
    );
  }

  const codes = violenceAgainstWomenCodes();
  const selection = selectionOf(codes.map((c) => c.code));
  const members = new Set(group.members);
  const all = await cellCounts(ctx.db, { from: ctx.period.firstDay, to: ctx.period.lastDay, selection });
  const inGroup = all.filter((c) => members.has(municipalityOfCell(stateCode, c.cell) ?? ''));
  const total = inGroup.reduce((s, c) => s + c.n, 0);
  const disclosed = coarsenForDisclosure(inGroup, { minCount: params.minCount, resolution: params.resolution });

  const geometry = areaGeometry(stateCode, group.members);
  const points = disclosedPoints(disclosed);
  const bandwidth = bandwidthFor(points, params.bandwidthMeters, minMeters);
  const density = points.length > 0 ? densitySurface(points, geometry.bbox, bandwidth) : null;
  return {
    kind: 'avgm',
    stateCode,
    stateName: loadStateGeography(stateCode).stateName,
    period: { key: ctx.period.key, label: ctx.period.label, firstDay: ctx.period.firstDay, lastDay: ctx.period.lastDay },
    group: {
      name: group.name,
      sourceCitation: group.sourceCitation,
      sourceUrl: group.sourceUrl,
      members: group.members.map((code) => ({ code, name: nameOf(code) })),
    },
    codes,
    total,
    disclosed,
    cellMunicipalities: disclosed.cells.map((c) => nameOf(municipalityOfCell(stateCode, c.cell))),
    bandwidth: { meters: bandwidth.meters, description: bandwidth.description },
    density: density ? densityToJson(density) : null,
    bbox: [...geometry.bbox] as [number, number, number, number],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering: every file carries the methodology note and is checked against the rule before it leaves.

/** The methodology lines printed in every file: the disclosure rule with its figures, and the bandwidth. */
export function avgmMethodology(d: AvgmHeatmapData): string[] {
  const { published, suppressed, rule } = d.disclosed;
  return [
    `Fuente: incidentes reales del 9-1-1 y del 089 de violencia contra las mujeres (${d.codes.length} códigos CNIE 3 y sus ` +
      `equivalentes de la versión 2.0) ubicados en los ${d.group.members.length} municipios del grupo «${d.group.name}», ${d.period.label}.`,
    disclosureNote(rule),
    d.bandwidth.description,
    `Publicados: ${fmtInt(published.incidents)} incidentes en ${fmtInt(published.cells)} hexágonos. ` +
      `Suprimidos por tener menos de ${rule.minCount} incidentes: ${fmtInt(suppressed.cells)} hexágonos con ${fmtInt(suppressed.incidents)} incidentes en total.`,
    ...(d.group.sourceCitation ? [`Municipios con declaratoria de AVGM: ${d.group.sourceCitation}.`] : []),
  ];
}

const TITLE = 'Mapa de calor de violencia contra las mujeres';
const HEX_STROKE = '#54278f';

export function avgmSvg(d: AvgmHeatmapData, meta: ProductMeta): string {
  const geometry = areaGeometry(d.stateCode, d.group.members.map((m) => m.code));
  const grid = d.density ? densityFromJson(d.density) : null;
  const classes = grid ? densityClasses(grid.maxValue) : null;
  const legend: LegendItem[] = [];
  if (classes) {
    classes.breaks.forEach((b, i) => {
      const next = classes.breaks[i + 1];
      legend.push({ kind: 'fill', color: classes.colors[i]!, label: next === undefined ? `${b.toFixed(2)} o más` : `${b.toFixed(2)} – ${next.toFixed(2)}` });
    });
  }
  legend.push({ kind: 'outline', color: HEX_STROKE, label: `Hexágono publicado (${d.disclosed.rule.minCount} o más incidentes)` });
  legend.push({ kind: 'line', color: '#4a5562', label: 'Municipio con declaratoria de AVGM' });
  const polygons: MapPolygon[] = d.disclosed.cells.map((c) => ({ ring: cellPolygon(c.cell), stroke: HEX_STROKE, strokeWidth: 0.6, data: { cell: c.cell, n: c.n } }));
  return renderMapSvg({
    title: TITLE,
    subtitle: `${d.period.label} · ${d.group.name} · ${fmtInt(d.disclosed.published.incidents)} incidentes publicados`,
    classificationLabel: meta.classificationLabel,
    bbox: geometry.bbox,
    boundaries: geometry.context,
    emphasis: geometry.emphasis,
    density: grid && classes ? { grid, classes } : undefined,
    polygons,
    legendTitle: `Densidad kernel (incidentes por km², ancho de banda ${fmtInt(d.bandwidth.meters)} m), calculada sólo con los hexágonos publicados`,
    legend,
    notes: [...avgmMethodology(d), ...disclosureLines(meta)],
  });
}

export function avgmGeojson(d: AvgmHeatmapData, meta: ProductMeta) {
  return {
    type: 'FeatureCollection',
    name: `${TITLE} · ${d.period.label}`,
    metadata: {
      reporte: meta.reportName,
      periodo: d.period.label,
      clasificacion: meta.classificationLabel,
      grupo: d.group.name,
      municipios: d.group.members.map((m) => `${m.code} ${m.name}`),
      resolucion_h3: d.disclosed.rule.resolution,
      conteo_minimo: d.disclosed.rule.minCount,
      ancho_de_banda_m: d.bandwidth.meters,
      hexagonos_publicados: d.disclosed.published.cells,
      incidentes_publicados: d.disclosed.published.incidents,
      hexagonos_suprimidos: d.disclosed.suppressed.cells,
      incidentes_suprimidos: d.disclosed.suppressed.incidents,
      metodologia: avgmMethodology(d),
      ...(meta.disclosure ? { divulgacion: disclosureJson(meta) } : {}),
    },
    features: d.disclosed.cells.map((c, i) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [cellPolygon(c.cell)] },
      properties: { cell: c.cell, n: c.n, municipio: d.cellMunicipalities[i] },
    })),
  };
}

function avgmKml(d: AvgmHeatmapData, meta: ProductMeta): string {
  const max = Math.max(1, ...d.disclosed.cells.map((c) => c.n));
  const classes = densityClasses(max);
  return kmlDocument({
    name: `${TITLE} · ${d.period.label}`,
    description: [meta.classificationLabel, ...avgmMethodology(d), ...disclosureLines(meta)].join('\n'),
    styles: classes.colors.map((color, i) => ({ id: `clase${i + 1}`, line: HEX_STROKE, fill: color, width: 1 })),
    placemarks: d.disclosed.cells.map((c, i) => {
      let cls = 0;
      classes.breaks.forEach((b, j) => {
        if (c.n >= b) cls = j;
      });
      return {
        name: `${fmtInt(c.n)} incidentes · ${d.cellMunicipalities[i]}`,
        styleUrl: `clase${cls + 1}`,
        ring: cellPolygon(c.cell),
        data: [
          ['cell', c.cell],
          ['n', c.n],
          ['municipio', d.cellMunicipalities[i]!],
        ],
      };
    }),
  });
}

async function avgmPdf(d: AvgmHeatmapData, meta: ProductMeta, png: Uint8Array): Promise<Uint8Array> {
  const doc = newPdf(meta, TITLE);
  heading(doc, TITLE);
  paragraph(doc, `${d.period.label} · ${d.group.name} · ${fmtInt(d.disclosed.published.incidents)} incidentes publicados.`);
  doc.image(Buffer.from(png), 50, doc.y, { width: doc.page.width - 100 });
  doc.addPage();
  heading(doc, 'Metodología y control de divulgación', 12);
  for (const line of avgmMethodology(d)) paragraph(doc, line);
  heading(doc, 'Resumen', 12);
  const { published, suppressed } = d.disclosed;
  table(
    doc,
    [
      { header: 'Concepto', width: 330, value: (r) => String(r.label) },
      { header: 'Hexágonos', width: 80, align: 'right', value: (r) => String(r.cells) },
      { header: 'Incidentes', width: 80, align: 'right', value: (r) => String(r.incidents) },
    ],
    [
      { label: 'Publicados', cells: fmtInt(published.cells), incidents: fmtInt(published.incidents) },
      { label: `Suprimidos (menos de ${d.disclosed.rule.minCount} incidentes por hexágono)`, cells: fmtInt(suppressed.cells), incidents: fmtInt(suppressed.incidents) },
    ],
    { totals: { label: 'Total', cells: fmtInt(published.cells + suppressed.cells), incidents: fmtInt(d.total) } },
  );
  heading(doc, 'Hexágonos publicados', 12);
  if (d.disclosed.cells.length === 0) paragraph(doc, 'Ningún hexágono alcanza el conteo mínimo en el periodo; no se publica ninguna ubicación.');
  else {
    const rows = d.disclosed.cells
      .map((c, i) => ({ cell: c.cell, n: c.n, municipality: d.cellMunicipalities[i]! }))
      .sort((a, b) => b.n - a.n || (a.cell < b.cell ? -1 : 1));
    table(
      doc,
      [
        { header: 'Hexágono H3', width: 130, value: (r) => String(r.cell) },
        { header: 'Municipio (centro del hexágono)', width: 280, value: (r) => String(r.municipality) },
        { header: 'Incidentes', width: 80, align: 'right', value: (r) => String(r.n) },
      ],
      rows,
    );
  }
  heading(doc, 'Municipios del grupo', 12);
  paragraph(doc, d.group.members.map((m) => `${m.code} ${m.name}`).join('; ') + '.');
  heading(doc, 'Códigos CNIE incluidos', 12);
  paragraph(doc, d.codes.map((c) => `${c.code} ${c.name}`).join('; ') + '.');
  pdfDisclosureSection(doc, meta);
  return pdfBytes(doc, meta);
}

export async function renderAvgm(d: AvgmHeatmapData, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  // The picture is checked as SVG before it is rasterised or embedded.
  const checkedSvg = () => {
    const svg = utf8(avgmSvg(d, meta));
    assertDisclosed(d.disclosed, 'svg', svg);
    return new TextDecoder().decode(svg);
  };
  let bytes: Uint8Array;
  switch (format) {
    case 'svg':
      bytes = utf8(checkedSvg());
      break;
    case 'png':
      bytes = svgToPng(checkedSvg());
      break;
    case 'pdf':
      bytes = await avgmPdf(d, meta, svgToPng(checkedSvg(), 1600));
      break;
    case 'geojson':
      bytes = utf8(geojsonText(avgmGeojson(d, meta)));
      break;
    case 'kml':
      bytes = utf8(avgmKml(d, meta));
      break;
    default:
      throw new HeatmapError('formato', `El mapa de calor no se entrega en formato ${format}.`);
  }
  assertDisclosed(d.disclosed, format, bytes);
  return bytes;
}

export const avgmHeatmapGenerator: ReportGenerator<AvgmHeatmapData> = {
  name: 'heatmap_avgm',
  periodKinds: ['month', 'quarter', 'half'],
  formats: ['pdf', 'png', 'svg', 'geojson', 'kml'],
  params: avgmParams as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(_params, ctx) {
    const group = await loadGroup(ctx.db, ctx.config.stateCode, AVGM_GROUP_SLUG);
    return group ? `${group.name} (${group.members.length} municipios)` : 'Municipios con Alerta de Violencia de Género';
  },
  compute: computeAvgm,
  render: renderAvgm,
  summary: (d) => ({
    incidentes_publicados: d.disclosed.published.incidents,
    hexagonos_publicados: d.disclosed.published.cells,
    hexagonos_suprimidos: d.disclosed.suppressed.cells,
    incidentes_suprimidos: d.disclosed.suppressed.incidents,
    ancho_de_banda_m: d.bandwidth.meters,
  }),
  disclose: discloseHeatmapAvgm,
};
