// The statistics of directive 1.2.8 for the CNI on the information the state supplies to Plataforma México (IPH,
// driver licences, judicial warrants, RNIP, RNSP, stolen and recovered vehicles), monthly or quarterly: a workbook
// (summary, one sheet per database, months, definitions), a PDF with charts and a long CSV. Counts only, from the
// monthly rollup: no record, folio or personal data reaches the product.
import { z } from 'zod';
import Papa from 'papaparse';
import { addBlock, addTableSheet, newWorkbook, workbookBytes } from '../../reports/render/xlsx.ts';
import { barChart, heading, newPdf, paragraph, pdfBytes, table } from '../../reports/render/pdf.ts';
import { groupedBarChart } from '../../reports/render/grouped-bar-chart.ts';
import { fmtChangePct, fmtCount, fmtInt, fmtPct } from '../../reports/render/format.ts';
import { SUPPRESSED, type ProductMeta, type ReportFormat, type ReportGenerator, type Suppressed } from '../../reports/types.ts';
import { discloseSupply } from './disclose.ts';
import { nationalDatabases } from './definitions.ts';
import { indicatorNotes, supplyIndicators, type DatabaseIndicators, type Figures, type SupplyIndicators } from './indicators.ts';

const codes = () => nationalDatabases().map((d) => d.code);

export const supplyParams = z.object({
  databases: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v),
      z.array(z.string().refine((c) => codes().includes(c), { message: `Bases: ${nationalDatabases().map((d) => d.code).join(', ')}.` })),
    )
    .optional(),
});

/** Quarters take the article in Spanish ('en el 1er trimestre', 'frente al 4º trimestre'); months do not. */
const quarterly = (d: SupplyIndicators) => d.period.kind === 'quarter';
const inPeriod = (d: SupplyIndicators) => `${quarterly(d) ? 'en el' : 'en'} ${d.period.label}`;
const against = (d: SupplyIndicators) => `${quarterly(d) ? 'frente al' : 'frente a'} ${d.previous.label}`;
const inPrevious = (d: SupplyIndicators) => `${quarterly(d) ? 'en el' : 'en'} ${d.previous.label}`;

const days = (n: number | null) => (n === null ? 'n/d' : `${fmtInt(n)} ${n === 1 ? 'día' : 'días'}`);
const pct = (x: number | null | Suppressed) => x ?? 'n.a.';
const pctText = (x: number | null | Suppressed) => (x === SUPPRESSED ? x : fmtPct(x));

export async function renderSupply(d: SupplyIndicators, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return supplyWorkbook(d, meta);
    case 'pdf':
      return supplyPdf(d, meta);
    case 'csv':
      return new TextEncoder().encode(supplyCsv(d));
    default:
      throw new Error(`La estadística de Plataforma México no se entrega en formato ${format}.`);
  }
}

const figureColumns = [
  { header: 'Registros cargados', key: 'volume', numFmt: '#,##0', total: true, width: 12 },
  { header: 'Completos', key: 'complete', numFmt: '#,##0', total: true, width: 11 },
  { header: 'Completitud', key: 'completeShare', numFmt: '0.0%', width: 11 },
  { header: 'En plazo', key: 'withinDeadline', numFmt: '#,##0', total: true, width: 10 },
  { header: 'Oportunidad', key: 'timelyShare', numFmt: '0.0%', width: 11 },
  { header: 'Cargados el mismo día', key: 'sameDayShare', numFmt: '0.0%', width: 12 },
  { header: 'Mediana de días a la carga', key: 'medianDelay', numFmt: '#,##0', width: 12 },
  { header: 'Percentil 90 de días', key: 'p90Delay', numFmt: '#,##0', width: 11 },
];
const figureRow = (f: Figures) => ({
  volume: f.volume,
  complete: f.complete,
  completeShare: pct(f.completeShare),
  withinDeadline: f.withinDeadline,
  timelyShare: pct(f.timelyShare),
  sameDayShare: pct(f.sameDayShare),
  medianDelay: f.medianDelay,
  p90Delay: f.p90Delay,
});

async function supplyWorkbook(d: SupplyIndicators, meta: ProductMeta): Promise<Uint8Array> {
  const wb = newWorkbook(meta);
  const summary = addTableSheet(
    wb,
    'Resumen',
    meta,
    'Registros suministrados a Plataforma México por base de datos',
    [
      { header: 'Base de datos', key: 'name', width: 46 },
      ...figureColumns,
      { header: 'Plazo (días)', key: 'deadline', width: 9 },
      { header: `Registros ${d.previous.label}`, key: 'previous', numFmt: '#,##0', total: true, width: 14 },
      { header: 'Variación', key: 'change', numFmt: '+0.0%;-0.0%;0.0%', width: 10 },
    ],
    d.databases.map((x) => ({ name: x.name, ...figureRow(x), deadline: x.deadlineDays, previous: x.previousVolume, change: pct(x.volumeChange) })),
    { completeShare: pct(d.total.volume ? d.total.complete / d.total.volume : null), timelyShare: pct(d.total.volume ? d.total.withinDeadline / d.total.volume : null) },
  );
  addBlock(summary, summary.rowCount + 3, 'Definiciones', [], indicatorNotes().map((n) => [n]));

  for (const x of d.databases) {
    const ws = addTableSheet(
      wb,
      x.shortName,
      meta,
      `${x.name}: registros por ${x.byCategory.length ? 'tipo' : 'clase'}`,
      [
        { header: 'Tipo', key: 'label', width: 34 },
        { header: 'Registros', key: 'volume', numFmt: '#,##0', total: true, width: 12 },
        { header: 'Completitud', key: 'completeShare', numFmt: '0.0%', width: 12 },
        { header: 'Oportunidad', key: 'timelyShare', numFmt: '0.0%', width: 12 },
      ],
      x.byCategory.map((c) => ({ label: c.label, volume: c.volume, completeShare: pct(c.completeShare), timelyShare: pct(c.timelyShare) })),
      // The database's volume, not the sum of the rows: with a kind suppressed, that sum would give it back.
      { volume: x.volume, completeShare: pct(x.completeShare), timelyShare: pct(x.timelyShare) },
    );
    let row = addBlock(ws, ws.rowCount + 3, 'Campos requeridos: registros que los traen', ['Campo', 'Registros', 'Proporción'], x.fields.map((f) => [f.label, f.present, f.share ?? 'n.a.']));
    for (let r = row - x.fields.length - 1; r < row - 1; r++) ws.getCell(r, 3).numFmt = '0.0%';
    row = addBlock(
      ws,
      row + 1,
      'Por mes de carga',
      ['Mes', 'Registros', 'Completitud', 'Oportunidad', 'Mediana de días'],
      x.byMonth.map((m) => [m.label, m.volume, m.completeShare ?? 'n.a.', m.timelyShare ?? 'n.a.', m.medianDelay ?? 'n/d']),
    );
    for (let r = row - x.byMonth.length - 1; r < row - 1; r++) for (const c of [3, 4]) ws.getCell(r, c).numFmt = '0.0%';
    if (x.byMunicipality.length > 0) addBlock(ws, row + 1, 'Por municipio', ['Clave', 'Municipio', 'Registros'], x.byMunicipality.map((m) => [m.code, m.name, m.volume]));
  }
  return workbookBytes(wb);
}

async function supplyPdf(d: SupplyIndicators, meta: ProductMeta): Promise<Uint8Array> {
  const doc = newPdf(meta, 'Estadística de Plataforma México');
  heading(doc, 'Información suministrada a Plataforma México');
  paragraph(
    doc,
    `${d.period.label}: ${fmtInt(d.total.volume)} registros cargados en las bases de datos nacionales ` +
      `(${d.total.previousVolume ? `${fmtChangePct((d.total.volume - d.total.previousVolume) / d.total.previousVolume)} ${against(d)}` : `sin registros ${inPrevious(d)}`}); ` +
      `${fmtPct(d.total.volume ? d.total.complete / d.total.volume : null)} completos y ${fmtPct(d.total.volume ? d.total.withinDeadline / d.total.volume : null)} en plazo.`,
  );
  table(
    doc,
    [
      { header: 'Base de datos', width: 150, value: (r) => String(r.name) },
      { header: 'Registros', width: 55, align: 'right', value: (r) => fmtInt(r.volume as number) },
      { header: 'Variación', width: 50, align: 'right', value: (r) => fmtChangePct(r.volumeChange as number | null) },
      { header: 'Completitud', width: 55, align: 'right', value: (r) => fmtPct(r.completeShare as number | null) },
      { header: 'Oportunidad', width: 55, align: 'right', value: (r) => fmtPct(r.timelyShare as number | null) },
      { header: 'Plazo', width: 40, align: 'right', value: (r) => days(r.deadlineDays as number) },
      { header: 'Mediana', width: 45, align: 'right', value: (r) => days(r.medianDelay as number | null) },
      { header: 'P90', width: 45, align: 'right', value: (r) => days(r.p90Delay as number | null) },
    ],
    d.databases as unknown as Record<string, unknown>[],
  );
  barChart(doc, 'Registros cargados por base de datos', d.databases.map((x) => ({ label: x.shortName, value: x.volume })));
  groupedBarChart(
    doc,
    'Completitud y oportunidad por base de datos (%)',
    [
      { label: 'Completitud', color: '#1f3b5b' },
      { label: 'Oportunidad', color: '#c9a227' },
    ],
    d.databases.map((x) => ({ label: x.shortName, values: [x.completeShare === null ? null : x.completeShare * 100, x.timelyShare === null ? null : x.timelyShare * 100] })),
    { format: (v) => `${v.toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`, missing: 'n.a.' },
  );
  for (const x of d.databases) databasePage(doc, d, x);
  doc.addPage();
  heading(doc, 'Definiciones', 12);
  for (const n of indicatorNotes()) paragraph(doc, n);
  return pdfBytes(doc, meta);
}

function databasePage(doc: ReturnType<typeof newPdf>, d: SupplyIndicators, x: DatabaseIndicators) {
  doc.addPage();
  heading(doc, x.name, 13);
  paragraph(
    doc,
    `${fmtInt(x.volume)} registros cargados ${inPeriod(d)}; ${fmtPct(x.completeShare)} completos, ${fmtPct(x.timelyShare)} cargados en el plazo de ${days(x.deadlineDays)} ` +
      `(mediana ${days(x.medianDelay)}, percentil 90 ${days(x.p90Delay)}).`,
  );
  table(
    doc,
    [
      { header: 'Tipo', width: 200, value: (r) => String(r.label) },
      { header: 'Registros', width: 70, align: 'right', value: (r) => fmtCount(r.volume as number | Suppressed) },
      { header: 'Completitud', width: 70, align: 'right', value: (r) => pctText(r.completeShare as number | null | Suppressed) },
      { header: 'Oportunidad', width: 70, align: 'right', value: (r) => pctText(r.timelyShare as number | null | Suppressed) },
    ],
    x.byCategory as unknown as Record<string, unknown>[],
  );
  barChart(doc, 'Registros que traen cada campo requerido (%)', x.fields.map((f) => ({ label: f.label, value: f.share === null ? 0 : Math.round(f.share * 1000) / 10 })), {
    format: (v) => `${v.toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`,
  });
  if (x.byMonth.length > 1) barChart(doc, 'Registros por mes de carga', x.byMonth.map((m) => ({ label: m.label, value: m.volume })));
}

/** One line per database, indicator and breakdown, for whoever loads the figures elsewhere. */
export function supplyCsv(d: SupplyIndicators): string {
  const rows: (string | number)[][] = [];
  const num = (v: number | null | Suppressed) => (v === null ? '' : v === SUPPRESSED ? v : Math.round(v * 1e6) / 1e6);
  for (const x of d.databases) {
    const base = [d.period.key, x.code, x.name];
    const add = (breakdown: string, value: string, f: Figures) =>
      rows.push([...base, breakdown, value, f.volume, f.complete, num(f.completeShare), f.withinDeadline, num(f.timelyShare), num(f.medianDelay), num(f.p90Delay)]);
    add('total', '', x);
    for (const m of x.byMonth) add('mes', m.key, m);
    for (const c of x.byCategory) rows.push([...base, 'tipo', c.label, c.volume, '', num(c.completeShare), '', num(c.timelyShare), '', '']);
    for (const f of x.fields) rows.push([...base, 'campo', f.name, f.present, '', num(f.share), '', '', '', '']);
  }
  return `\uFEFF${Papa.unparse({
    fields: ['periodo', 'base', 'nombre_base', 'desglose', 'valor', 'registros', 'completos', 'completitud', 'en_plazo', 'oportunidad', 'mediana_dias', 'p90_dias'],
    data: rows,
  }, { newline: '\n' })}\n`;
}

export const supplyGenerator: ReportGenerator<SupplyIndicators> = {
  name: 'national_databases',
  permission: 'national_db.read',
  periodKinds: ['month', 'quarter'],
  formats: ['xlsx', 'pdf', 'csv'],
  params: supplyParams as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(raw) {
    const list = supplyParams.parse(raw).databases;
    return list?.length ? nationalDatabases().filter((d) => list.includes(d.code)).map((d) => d.shortName).join(', ') : 'Todas las bases de datos';
  },
  compute: (ctx) => supplyIndicators(ctx.db, ctx.period, supplyParams.parse(ctx.params).databases),
  render: renderSupply,
  disclose: discloseSupply,
  summary: (d) => ({
    registros: d.total.volume,
    completos: d.total.complete,
    en_plazo: d.total.withinDeadline,
    ...Object.fromEntries(d.databases.map((x) => [x.code, x.volume])),
  }),
};
