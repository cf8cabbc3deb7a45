// The report as files: a workbook (Resumen, 9-1-1 y 089, SESNSP, Metodología), a PDF with charts, and the same
// figures as CSV and JSON. Missing figures say «sin datos» and changes from zero «n.a.»: never a silent zero.
import Papa from 'papaparse';
import type ExcelJS from 'exceljs';
import { SUPPRESSED, type ProductMeta, type ReportFormat, type Suppressed } from '../types.ts';
import { addTableSheet, newWorkbook, workbookBytes, type Column } from '../render/xlsx.ts';
import { barChart, heading, newPdf, paragraph, pdfBytes, table, type Pdf } from '../render/pdf.ts';
import { fitText, groupedBarChart } from '../render/grouped-bar-chart.ts';
import { addDisclosureSheet, disclosureJson, disclosureLines, pdfDisclosureSection } from '../render/disclosure-notes.ts';
import type { Figures as ComputedFigures } from './figures.ts';
import type { MetroData as ComputedData, TypeRow as ComputedRow } from './compute.ts';
import { methodology } from './methodology.ts';

/** What the renderers take: computed figures, or a released version's with suppressed ones. */
type MetroData = ComputedData<Suppressed>;
type TypeRow = ComputedRow<Suppressed>;
type Figures = ComputedFigures<Suppressed>;
type Shown = number | null | Suppressed;

export const NO_DATA = 'sin datos';
export const NOT_APPLICABLE = 'n.a.';

const fmtInt = (n: number) => n.toLocaleString('es-MX');
const fmtRate = (x: number) => x.toLocaleString('es-MX', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fmtCount = (n: Shown) => (n === SUPPRESSED ? SUPPRESSED : n === null ? NO_DATA : fmtInt(n));
const fmtRateOrNull = (x: Shown) => (x === SUPPRESSED ? SUPPRESSED : x === null ? NO_DATA : fmtRate(x));
/** A figure for a chart: suppressed ones are drawn as missing, like figures without data. */
const chartValue = (x: Shown) => (x === SUPPRESSED ? null : x);

/** A change as people read it: «+12.5 %», «−3.0 %», «n.a.» from zero, «sin datos» without a base, «*» suppressed. */
export function changeText(change: Shown, count: Shown, base: Shown): string {
  if (change === SUPPRESSED || count === SUPPRESSED || base === SUPPRESSED) return SUPPRESSED;
  if (count === null || base === null) return NO_DATA;
  if (change === null) return NOT_APPLICABLE;
  const pct = (change * 100).toLocaleString('es-MX', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return change > 0 ? `+${pct} %` : `${pct} %`;
}

export async function renderMetro(data: MetroData, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return metroWorkbook(data, meta);
    case 'pdf':
      return metroPdf(data, meta);
    case 'csv':
      return new TextEncoder().encode(metroCsv(data, meta));
    case 'json':
      return new TextEncoder().encode(JSON.stringify(meta.disclosure ? { ...data, divulgacion: disclosureJson(meta) } : data, null, 2) + '\n');
    default:
      throw new Error(`La incidencia delictiva de municipios conurbados no se produce en formato ${format}.`);
  }
}

// ---------- XLSX

const PCT = '+0.0%;-0.0%;0.0%';
const INT = '#,##0';
const RATE = '#,##0.0';

/** Cell values of a figure: numbers where known, the Spanish words where not. */
function cells(f: Figures) {
  return {
    count: f.count ?? NO_DATA,
    rate: f.rate ?? NO_DATA,
    previous: f.previous ?? NO_DATA,
    changePrevious: f.changePrevious ?? changeText(null, f.count, f.previous),
    lastYear: f.lastYear ?? NO_DATA,
    changeLastYear: f.changeLastYear ?? changeText(null, f.count, f.lastYear),
  };
}

const comparisonColumns = (d: MetroData, prefix: string, countHeader: string): Column[] => [
  { header: countHeader, key: `${prefix}count`, numFmt: INT, width: 13 },
  { header: 'Tasa por 100 mil hab.', key: `${prefix}rate`, numFmt: RATE, width: 12 },
  { header: d.previous.label, key: `${prefix}previous`, numFmt: INT, width: 13 },
  { header: 'Variación vs. periodo anterior', key: `${prefix}changePrevious`, numFmt: PCT, width: 13 },
  { header: d.lastYear.label, key: `${prefix}lastYear`, numFmt: INT, width: 13 },
  { header: 'Variación vs. mismo periodo del año anterior', key: `${prefix}changeLastYear`, numFmt: PCT, width: 15 },
];

const prefixed = (prefix: string, o: Record<string, string | number | null>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [`${prefix}${k}`, v]));

/** Appends a bold «Total» row (figures computed by compute, not summed here) below a table sheet. */
function totalRow(ws: ExcelJS.Worksheet, columns: Column[], values: Record<string, string | number | null>) {
  const row = ws.getRow(ws.rowCount + 1);
  row.values = columns.map((c, i) => (i === 0 ? 'Total' : (values[c.key] ?? null)));
  row.font = { bold: true };
  row.border = { top: { style: 'thin' } };
}

function noteRows(ws: ExcelJS.Worksheet, notes: string[]) {
  if (notes.length === 0) return;
  ws.addRow([]);
  for (const n of notes) {
    const r = ws.addRow([n]);
    r.font = { italic: true, color: { argb: 'FF9A3412' } };
  }
}

function typeTable(ws: ExcelJS.Worksheet, title: string, columns: Column[], rows: Record<string, string | number | null>[]) {
  ws.addRow([]);
  const t = ws.addRow([title]);
  t.font = { bold: true };
  const h = ws.addRow(columns.map((c) => c.header));
  h.font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(columns.map((c) => r[c.key] ?? null));
    columns.forEach((c, i) => {
      if (c.numFmt && typeof r[c.key] === 'number') row.getCell(i + 1).numFmt = c.numFmt;
    });
  }
}

async function metroWorkbook(d: MetroData, meta: ProductMeta): Promise<Uint8Array> {
  const wb = newWorkbook(meta);

  const summaryColumns: Column[] = [
    { header: 'Clave', key: 'code', width: 8 },
    { header: 'Municipio', key: 'name', width: 30 },
    { header: `Población ${d.period.populationYear} (CONAPO)`, key: 'population', numFmt: INT, width: 13 },
    { header: '9-1-1 y 089: incidentes de seguridad', key: 'i_count', numFmt: INT, width: 14 },
    { header: '9-1-1', key: 'by911', numFmt: INT, width: 9 },
    { header: '089', key: 'by089', numFmt: INT, width: 9 },
    ...comparisonColumns(d, 'i_', '').slice(1).map((c) => ({ ...c, header: `9-1-1 y 089: ${c.header}` })),
    { header: '9-1-1 y 089: lugar por tasa', key: 'i_rank', width: 9 },
    ...comparisonColumns(d, 's_', 'SESNSP: delitos').map((c, i) => (i === 0 ? c : { ...c, header: `SESNSP: ${c.header}` })),
    { header: 'SESNSP: lugar por tasa', key: 's_rank', width: 9 },
  ];
  const summary = addTableSheet(
    wb,
    'Resumen',
    meta,
    'Incidencia por municipio',
    summaryColumns,
    d.municipalities.map((m) => ({
      code: m.code,
      name: m.name,
      population: m.population ?? NO_DATA,
      ...prefixed('i_', cells(m.incidents)),
      by911: m.incidents.by911,
      by089: m.incidents.by089,
      i_rank: m.incidents.rank ?? '—',
      ...prefixed('s_', cells(m.sesnsp)),
      s_rank: m.sesnsp.rank ?? '—',
    })),
  );
  totalRow(summary, summaryColumns, {
    name: d.group.name,
    population: d.total.population ?? NO_DATA,
    ...prefixed('i_', cells(d.total.incidents)),
    by911: d.total.incidents.by911,
    by089: d.total.incidents.by089,
    ...prefixed('s_', cells(d.total.sesnsp)),
  });
  if (d.sesnsp.state) {
    const s = d.sesnsp.state;
    const row = summary.addRow(
      summaryColumns.map((c) =>
        c.key === 'name' ? `${d.stateName} (total estatal, SESNSP)` : c.key === 'population' ? (s.population ?? NO_DATA) : (prefixed('s_', cells(s.total))[c.key] ?? null),
      ),
    );
    row.font = { italic: true };
  }
  noteRows(summary, d.notes);

  const incidentColumns: Column[] = [
    { header: 'Clave', key: 'code', width: 8 },
    { header: 'Municipio', key: 'name', width: 30 },
    { header: 'Subtipo CNIE', key: 'typeKey', width: 9 },
    { header: 'Tipo de incidente de seguridad', key: 'typeName', width: 48 },
    ...comparisonColumns(d, '', 'Incidentes').map((c) => (['count', 'previous', 'lastYear'].includes(c.key) ? { ...c, total: true } : c)),
  ];
  const typeCells = (r: TypeRow) => ({ code: r.municipalityCode ?? '', name: r.municipalityName, typeKey: r.typeKey, typeName: r.typeName, bien: r.bienJuridico, ...cells(r.figures) });
  const incidents = addTableSheet(wb, '9-1-1 y 089', meta, 'Incidentes de seguridad por municipio y tipo', incidentColumns, d.incidents.byMunicipality.map(typeCells));
  typeTable(incidents, `Total del grupo por tipo de incidente (${d.group.name})`, incidentColumns, d.incidents.byType.map(typeCells));
  typeTable(
    incidents,
    'Total del grupo por clave del CNIE',
    [
      { header: 'Clave CNIE', key: 'code' },
      { header: 'Incidente', key: 'name' },
      { header: 'Subtipo CNIE', key: 'subtype' },
      { header: 'Tipo de incidente de seguridad', key: 'subtypeName' },
      { header: 'Incidentes', key: 'count', numFmt: INT },
      { header: d.previous.label, key: 'previous', numFmt: INT },
      { header: d.lastYear.label, key: 'lastYear', numFmt: INT },
    ],
    d.incidents.byCode.map((c) => ({ ...c, code: c.code || '', count: c.count ?? NO_DATA, previous: c.previous ?? NO_DATA, lastYear: c.lastYear ?? NO_DATA })),
  );

  const sesnspColumns: Column[] = [
    { header: 'Clave', key: 'code', width: 8 },
    { header: 'Municipio', key: 'name', width: 30 },
    { header: 'Bien jurídico afectado', key: 'bien', width: 30 },
    { header: 'Tipo de delito', key: 'typeName', width: 36 },
    ...comparisonColumns(d, '', 'Delitos'),
  ];
  const sesnsp = addTableSheet(wb, 'SESNSP', meta, 'Delitos del fuero común por municipio y tipo (SESNSP)', sesnspColumns, d.sesnsp.municipal.byMunicipality.map(typeCells));
  totalRow(sesnsp, sesnspColumns, { name: d.group.name, ...cells(d.total.sesnsp) });
  if (d.sesnsp.municipal.byType.length) typeTable(sesnsp, `Total del grupo por tipo de delito (${d.group.name})`, sesnspColumns, d.sesnsp.municipal.byType.map(typeCells));
  if (d.sesnsp.state) {
    typeTable(
      sesnsp,
      `${d.stateName}: total estatal por tipo de delito (SESNSP, nivel estatal; no es la suma de los municipios)`,
      sesnspColumns,
      [...d.sesnsp.state.byType.map(typeCells), { code: '', name: d.stateName, bien: '', typeName: 'Total', ...cells(d.sesnsp.state.total) }],
    );
  }
  noteRows(sesnsp, d.notes.filter((n) => n.includes('SESNSP')));

  addTableSheet(
    wb,
    'Metodología',
    meta,
    'Fuentes, definiciones y avisos',
    [
      { header: 'Tema', key: 'topic', width: 32 },
      { header: 'Descripción', key: 'text', width: 120 },
    ],
    methodology(d).map((m) => ({ ...m })),
  ).getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  addDisclosureSheet(wb, meta);
  return workbookBytes(wb);
}

// ---------- PDF

const CURRENT = '#1f3b5b';
const PREVIOUS = '#8aa4c0';
const LAST_YEAR = '#c08a3e';

function summaryText(d: MetroData): string {
  const t = d.total.incidents;
  const s = d.total.sesnsp;
  const pop = d.total.population === null ? 'población no disponible' : `${fmtInt(d.total.population)} habitantes (CONAPO ${d.period.populationYear})`;
  const incidents =
    `9-1-1 y 089: ${fmtCount(t.count)} incidentes de seguridad (${fmtCount(t.by911)} al 9-1-1 y ${fmtCount(t.by089)} al 089), ` +
    `${t.rate === null ? 'sin tasa' : `${fmtRateOrNull(t.rate)} por cada 100 mil habitantes`}; ` +
    `${changeText(t.changePrevious, t.count, t.previous)} respecto de ${d.previous.label} y ${changeText(t.changeLastYear, t.count, t.lastYear)} respecto de ${d.lastYear.label}.`;
  const sesnsp =
    s.count === null
      ? 'SESNSP: sin datos municipales completos para el periodo.'
      : `SESNSP: ${fmtInt(s.count)} delitos del fuero común, ${fmtRateOrNull(s.rate)} por cada 100 mil habitantes; ` +
        `${changeText(s.changePrevious, s.count, s.previous)} respecto de ${d.previous.label} y ${changeText(s.changeLastYear, s.count, s.lastYear)} respecto de ${d.lastYear.label}.`;
  return `${d.group.name}: ${d.municipalities.length} municipios, ${pop}. ${incidents} ${sesnsp}`;
}

/** barChart's labels are 164 points wide at 8 points: cut longer ones instead of letting them wrap over the next bar. */
function chartLabel(doc: Pdf, text: string): string {
  doc.font('Helvetica').fontSize(8);
  return fitText(doc, text, 160);
}

/** Starts a new page when fewer than `points` remain, so that a heading is never left alone at the bottom. */
function ensureSpace(doc: Pdf, points: number) {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function notice(doc: Pdf, text: string) {
  doc.font('Helvetica-Oblique').fontSize(9).fillColor('#9a3412').text(text, doc.page.margins.left).moveDown(0.2);
  doc.font('Helvetica').fillColor('black');
}

type RankRow = { rank: string; name: string; population: string; count: string; rate: string; prev: string; ly: string };

function rankingTable(doc: Pdf, rows: RankRow[], countHeader: string) {
  table(
    doc,
    [
      { header: 'Lugar', width: 34, align: 'right', value: (r) => String(r.rank) },
      { header: 'Municipio', width: 150, value: (r) => String(r.name) },
      { header: 'Población', width: 62, align: 'right', value: (r) => String(r.population) },
      { header: countHeader, width: 60, align: 'right', value: (r) => String(r.count) },
      { header: 'Tasa 100 mil', width: 58, align: 'right', value: (r) => String(r.rate) },
      { header: 'Var. anterior', width: 74, align: 'right', value: (r) => String(r.prev) },
      { header: 'Var. año anterior', width: 74, align: 'right', value: (r) => String(r.ly) },
    ],
    rows,
  );
}

/** By rank; municipalities without one (no data, or suppressed) last, by name. */
const byRank = <T extends { rank: Shown }>(a: { name: string; x: T }, b: { name: string; x: T }) =>
  (typeof a.x.rank === 'number' ? a.x.rank : Infinity) - (typeof b.x.rank === 'number' ? b.x.rank : Infinity) || a.name.localeCompare(b.name, 'es');

async function metroPdf(d: MetroData, meta: ProductMeta): Promise<Uint8Array> {
  const doc = newPdf(meta, 'Incidencia delictiva de municipios conurbados');
  heading(doc, `Incidencia delictiva · ${d.group.name} · ${d.period.label}`);
  paragraph(doc, summaryText(d));
  for (const n of d.notes) notice(doc, n);

  const compareSeries = [
    { label: d.period.label, color: CURRENT },
    { label: d.previous.label, color: PREVIOUS },
    { label: d.lastYear.label, color: LAST_YEAR },
  ];
  // ---- 9-1-1 and 089
  heading(doc, 'Incidentes de seguridad recibidos por 9-1-1 y 089', 12);
  const incidentOrder = d.municipalities.map((m) => ({ name: m.name, x: m.incidents, m })).sort(byRank);
  barChart(
    doc,
    'Incidentes de seguridad por cada 100 mil habitantes',
    incidentOrder.filter((o) => typeof o.x.rate === 'number').map((o) => ({ label: chartLabel(doc, o.name), value: o.x.rate as number })),
    { format: fmtRate },
  );
  groupedBarChart(
    doc,
    'Incidentes de seguridad por municipio',
    compareSeries,
    incidentOrder.map((o) => ({ label: o.name, values: [o.x.count, o.x.previous, o.x.lastYear].map(chartValue) })),
  );
  ensureSpace(doc, 60);
  heading(doc, 'Clasificación de municipios por tasa (9-1-1 y 089)', 11);
  rankingTable(
    doc,
    incidentOrder.map((o) => ({
      rank: o.x.rank === null ? '—' : String(o.x.rank),
      name: o.name,
      population: o.m.population === null ? NO_DATA : fmtInt(o.m.population),
      count: fmtCount(o.x.count),
      rate: fmtRateOrNull(o.x.rate),
      prev: changeText(o.x.changePrevious, o.x.count, o.x.previous),
      ly: changeText(o.x.changeLastYear, o.x.count, o.x.lastYear),
    })),
    'Incidentes',
  );
  const sortValue = (x: Shown) => (typeof x === 'number' ? x : -1);
  groupedBarChart(
    doc,
    `Incidentes de seguridad del grupo por tipo (subtipo CNIE ${d.cnieVersion === '2' ? '2.0' : '3'})`,
    compareSeries,
    [...d.incidents.byType]
      .sort((a, b) => sortValue(b.figures.count) - sortValue(a.figures.count) || a.typeKey.localeCompare(b.typeKey))
      .map((r) => ({ label: `${r.typeKey} ${r.typeName}`, values: [r.figures.count, r.figures.previous, r.figures.lastYear].map(chartValue) })),
    { labelWidth: 250 },
  );

  // ---- SESNSP
  ensureSpace(doc, 160);
  heading(doc, 'Delitos del fuero común registrados por el SESNSP', 12);
  if (d.sesnsp.municipal.availability.current === 'missing') {
    notice(doc, `No hay cifras municipales del SESNSP para ${d.period.label}.`);
  } else {
    const order = d.municipalities.map((m) => ({ name: m.name, x: m.sesnsp, m })).sort(byRank);
    barChart(
      doc,
      'Delitos por cada 100 mil habitantes',
      order.filter((o) => o.x.rate !== null).map((o) => ({ label: chartLabel(doc, o.name), value: o.x.rate! })),
      { format: fmtRate, color: '#7c2d12' },
    );
    groupedBarChart(doc, 'Delitos por municipio', compareSeries, order.map((o) => ({ label: o.name, values: [o.x.count, o.x.previous, o.x.lastYear] })));
    ensureSpace(doc, 60);
    heading(doc, 'Clasificación de municipios por tasa (SESNSP)', 11);
    rankingTable(
      doc,
      order.map((o) => ({
        rank: o.x.rank === null ? '—' : String(o.x.rank),
        name: o.name,
        population: o.m.population === null ? NO_DATA : fmtInt(o.m.population),
        count: fmtCount(o.x.count),
        rate: fmtRateOrNull(o.x.rate),
        prev: changeText(o.x.changePrevious, o.x.count, o.x.previous),
        ly: changeText(o.x.changeLastYear, o.x.count, o.x.lastYear),
      })),
      'Delitos',
    );
    const types = d.sesnsp.municipal.byType.filter((r) => r.figures.count !== null && r.figures.count > 0);
    if (types.length) {
      groupedBarChart(
        doc,
        'Los 10 tipos de delito más frecuentes en el grupo',
        compareSeries,
        [...types]
          .sort((a, b) => b.figures.count! - a.figures.count! || a.typeName.localeCompare(b.typeName, 'es'))
          .slice(0, 10)
          .map((r) => ({ label: r.typeName, values: [r.figures.count, r.figures.previous, r.figures.lastYear] })),
        { labelWidth: 200 },
      );
    }
  }
  if (d.sesnsp.state) {
    const s = d.sesnsp.state;
    ensureSpace(doc, 100);
    heading(doc, `${d.stateName}: total estatal (SESNSP, nivel estatal)`, 11);
    paragraph(
      doc,
      `${fmtCount(s.total.count)} delitos del fuero común en la entidad, ${fmtRateOrNull(s.total.rate)} por cada 100 mil habitantes; ` +
        `${changeText(s.total.changePrevious, s.total.count, s.total.previous)} respecto de ${d.previous.label} y ` +
        `${changeText(s.total.changeLastYear, s.total.count, s.total.lastYear)} respecto de ${d.lastYear.label}. No es la suma de los municipios.`,
    );
    table(
      doc,
      [
        { header: 'Tipo de delito', width: 200, value: (r) => String(r.typeName) },
        { header: 'Delitos', width: 60, align: 'right', value: (r) => fmtCount((r.figures as Figures).count) },
        { header: 'Tasa 100 mil', width: 60, align: 'right', value: (r) => fmtRateOrNull((r.figures as Figures).rate) },
        { header: 'Var. anterior', width: 96, align: 'right', value: (r) => changeText((r.figures as Figures).changePrevious, (r.figures as Figures).count, (r.figures as Figures).previous) },
        { header: 'Var. año anterior', width: 96, align: 'right', value: (r) => changeText((r.figures as Figures).changeLastYear, (r.figures as Figures).count, (r.figures as Figures).lastYear) },
      ],
      [...s.byType].sort((a, b) => (b.figures.count ?? 0) - (a.figures.count ?? 0) || a.typeName.localeCompare(b.typeName, 'es')).slice(0, 20) as unknown as Record<string, unknown>[],
    );
  }

  // ---- Methodology
  doc.addPage();
  heading(doc, 'Metodología', 12);
  for (const m of methodology(d)) {
    doc.font('Helvetica-Bold').fontSize(9).fillColor('black').text(m.topic, doc.page.margins.left);
    doc.font('Helvetica').fontSize(9).text(m.text, { align: 'justify' }).moveDown(0.4);
  }
  pdfDisclosureSection(doc, meta);
  return pdfBytes(doc, meta);
}

// ---------- CSV

const CSV_FIELDS = [
  'fuente', 'nivel', 'clave_municipio', 'municipio', 'clave_tipo', 'tipo', 'bien_juridico', 'periodo', 'poblacion', 'conteo', 'tasa_100mil',
  'periodo_anterior', 'conteo_anterior', 'variacion_anterior', 'mismo_periodo_anio_anterior', 'conteo_anio_anterior', 'variacion_anio_anterior', 'lugar',
];

/**
 * One row per source × place × crime type (type «Total» for a place's total), UTF-8 with BOM so that Excel reads the
 * accents. Empty cells are figures the source has not published; «n.a.» marks a change from zero.
 */
export function metroCsv(d: MetroData, meta?: ProductMeta): string {
  const lines: (string | number)[][] = [];
  const change = (c: Shown, count: Shown, base: Shown) => (c !== null ? c : changeText(null, count, base) === NOT_APPLICABLE ? NOT_APPLICABLE : '');
  const add = (source: string, level: string, code: string, name: string, typeKey: string, typeName: string, bien: string, population: number | null, f: Figures, rank: Shown) =>
    lines.push([
      source, level, code, name, typeKey, typeName, bien, d.period.key, population ?? '', f.count ?? '', f.rate ?? '',
      d.previous.key, f.previous ?? '', change(f.changePrevious, f.count, f.previous),
      d.lastYear.key, f.lastYear ?? '', change(f.changeLastYear, f.count, f.lastYear), rank ?? '',
    ]);
  const popOf = new Map(d.municipalities.map((m) => [m.code, m.population]));
  for (const m of d.municipalities) add('9-1-1 y 089', 'municipio', m.code, m.name, '', 'Total', '', m.population, m.incidents, m.incidents.rank);
  for (const r of d.incidents.byMunicipality) add('9-1-1 y 089', 'municipio', r.municipalityCode!, r.municipalityName, r.typeKey, r.typeName, '', popOf.get(r.municipalityCode!) ?? null, r.figures, null);
  add('9-1-1 y 089', 'grupo', '', d.group.name, '', 'Total', '', d.total.population, d.total.incidents, null);
  for (const r of d.incidents.byType) add('9-1-1 y 089', 'grupo', '', d.group.name, r.typeKey, r.typeName, '', d.total.population, r.figures, null);
  for (const m of d.municipalities) add('SESNSP', 'municipio', m.code, m.name, '', 'Total', '', m.population, m.sesnsp, m.sesnsp.rank);
  for (const r of d.sesnsp.municipal.byMunicipality) add('SESNSP', 'municipio', r.municipalityCode!, r.municipalityName, '', r.typeName, r.bienJuridico ?? '', popOf.get(r.municipalityCode!) ?? null, r.figures, null);
  add('SESNSP', 'grupo', '', d.group.name, '', 'Total', '', d.total.population, d.total.sesnsp, null);
  for (const r of d.sesnsp.municipal.byType) add('SESNSP', 'grupo', '', d.group.name, '', r.typeName, r.bienJuridico ?? '', d.total.population, r.figures, null);
  if (d.sesnsp.state) {
    const s = d.sesnsp.state;
    add('SESNSP', 'entidad', d.stateCode, d.stateName, '', 'Total', '', s.population, s.total, null);
    for (const r of s.byType) add('SESNSP', 'entidad', d.stateCode, d.stateName, '', r.typeName, r.bienJuridico ?? '', s.population, r.figures, null);
  }
  disclosureLines(meta ?? ({} as ProductMeta)).forEach((line, i) => lines.push(['divulgacion', '', '', '', String(i + 1), line, '', '', '', '', '', '', '', '', '', '', '', '']));
  return '\uFEFF' + Papa.unparse({ fields: CSV_FIELDS, data: lines }, { newline: '\n' }) + '\n';
}

export function metroSummary(d: MetroData): Record<string, number | string> {
  return {
    municipios: d.municipalities.length,
    incidentes_seguridad: d.total.incidents.count ?? NO_DATA,
    tasa_incidentes_100mil: d.total.incidents.rate ?? NO_DATA,
    delitos_sesnsp: d.total.sesnsp.count ?? NO_DATA,
    tasa_delitos_100mil: d.total.sesnsp.rate ?? NO_DATA,
  };
}
