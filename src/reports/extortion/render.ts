// The extortion report as files: a workbook (summary, modalities, municipalities, channels, months, notes) with the
// comparisons beside each figure; a PDF with charts; and the same figures as a long CSV and as JSON.
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { parsePeriod, shortPeriodLabel } from '../../analytics/periods.ts';
import { SUPPRESSED, type ProductMeta, type ReportFormat, type Suppressed } from '../types.ts';
import { addBlock, addTableSheet, newWorkbook, workbookBytes, type Column } from '../render/xlsx.ts';
import { barChart, groupedBarChart, heading, newPdf, paragraph, pdfBytes, table, type PdfColumn } from '../render/pdf.ts';
import { fmtChangePct, fmtCount, fmtInt, fmtSigned } from '../render/format.ts';
import { addDisclosureSheet, disclosureJson, disclosureLines, pdfDisclosureSection } from '../render/disclosure-notes.ts';
import { CHANNEL_LABELS } from '../labels.ts';
import { change, type Change as ComputedChange, type ExtortionData as ComputedData, type ExtortionRow as ComputedRow, type Figures as ComputedFigures } from './compute.ts';
import { NO_MODALITY_LABEL } from './modalities.ts';

/** What the renderers take: computed figures, or a released version's with suppressed ones. */
type ExtortionData = ComputedData<Suppressed>;
type ExtortionRow = ComputedRow<Suppressed>;
type Figures = ComputedFigures<Suppressed>;
type Change = ComputedChange<Suppressed>;

const fmtChange = (x: number | null | Suppressed) => (x === SUPPRESSED ? SUPPRESSED : fmtChangePct(x));
const published = (...values: (number | Suppressed)[]): boolean => values.every((v) => v !== SUPPRESSED);

/** Shown where a percentage change has no base (the compared period had no tips). */
const NOT_APPLICABLE = 'n.a.';
const SERIES_COLORS = ['#1f3b5b', '#8fa9c7', '#c9a227'];

export async function renderExtortion(data: ExtortionData, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return extortionWorkbook(data, meta);
    case 'pdf':
      return extortionPdf(data, meta);
    case 'csv':
      return new TextEncoder().encode(extortionCsv(data, meta));
    case 'json':
      return new TextEncoder().encode(JSON.stringify(meta.disclosure ? { ...data, divulgacion: disclosureJson(meta) } : data, null, 2));
    default:
      throw new Error(`El reporte de extorsión no se produce en formato ${format}.`);
  }
}

/** The notes every file carries: what is counted, how modalities are assigned, what "n.a." means. */
export function methodologyNotes(data: ExtortionData): string[] {
  const other = data.modalities.find((m) => m.code === data.otherCode)?.label ?? data.otherCode;
  const channel = data.scope.channel ? `solo las recibidas por ${CHANNEL_LABELS[data.scope.channel]}` : 'las recibidas por todos los medios de entrada';
  const notes = [
    `Se cuentan las denuncias y llamadas clasificadas como extorsión (claves CNIE 30406 y 30407, o con una modalidad de extorsión registrada), ${channel}.`,
    'Números distintos: teléfonos diferentes reportados en las denuncias; un número reportado varias veces se cuenta una vez, por lo que los números de las filas no suman el total.',
    `«${NO_MODALITY_LABEL}»: denuncias con clave de extorsión sin modalidad registrada.`,
    `${NOT_APPLICABLE}: no aplica; el periodo de comparación no tiene denuncias y no hay variación porcentual desde cero.`,
  ];
  if (data.unlisted.length > 0) {
    notes.push(
      `Modalidades registradas que no están en la lista del reporte, contadas en «${other}»: ` +
        data.unlisted.map((u) => `«${u.value}» (${fmtCount(u.reports[0]!)} en el periodo)`).join(', ') + '.',
    );
  } else {
    notes.push('Todas las modalidades registradas en los periodos del reporte están en su lista.');
  }
  return notes;
}

// ---- XLSX -------------------------------------------------------------------------------------------------------

/** The columns of a breakdown: current reports and numbers, then reports and change against each comparison. */
function breakdownColumns(data: ExtortionData, first: Column[]): Column[] {
  const cols: Column[] = [
    ...first,
    { header: `Denuncias ${data.period.label}`, key: 'reports', numFmt: '#,##0', total: true, width: 14 },
    { header: `Números distintos ${data.period.label}`, key: 'numbers', numFmt: '#,##0', width: 14 },
  ];
  data.comparisons.forEach((c, i) => {
    cols.push(
      { header: `Denuncias ${c.period.label} (${c.label.toLowerCase()})`, key: `reports${i}`, numFmt: '#,##0', total: true, width: 16 },
      { header: `Variación vs. ${c.period.label}`, key: `abs${i}`, numFmt: '+#,##0;-#,##0;0', width: 13 },
      { header: `Variación % vs. ${c.period.label}`, key: `pct${i}`, numFmt: '+0.0%;-0.0%;0.0%', width: 13 },
    );
  });
  return cols;
}

const pctCell = (c: Change) => c.percent ?? NOT_APPLICABLE;

function breakdownRow(r: ExtortionRow, first: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...first, reports: r.current.reports, numbers: r.current.numbers };
  r.compared.forEach((f, i) => {
    out[`reports${i}`] = f.reports;
    out[`abs${i}`] = r.changes[i]!.reports.absolute;
    out[`pct${i}`] = pctCell(r.changes[i]!.reports);
  });
  return out;
}

/** "n.a." sits in number columns: align it with the numbers. */
function alignNotApplicable(ws: ExcelJS.Worksheet) {
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value === NOT_APPLICABLE) cell.alignment = { horizontal: 'right' };
    }),
  );
}

function breakdownSheet(wb: ExcelJS.Workbook, data: ExtortionData, meta: ProductMeta, name: string, title: string, first: Column[], rows: { row: ExtortionRow; first: Record<string, string> }[]) {
  const totalFirst = Object.fromEntries(first.map((c, i) => [c.key, i === 0 ? 'Total' : '']));
  const ws = addTableSheet(wb, name, meta, title, breakdownColumns(data, first), rows.map((r) => breakdownRow(r.row, r.first)), breakdownRow(data.total, totalFirst));
  alignNotApplicable(ws);
  return ws;
}

async function extortionWorkbook(data: ExtortionData, meta: ProductMeta): Promise<Uint8Array> {
  const wb = newWorkbook(meta);
  const summary = addTableSheet(
    wb,
    'Resumen',
    meta,
    'Denuncias de extorsión, números telefónicos y variación',
    [
      { header: 'Indicador', key: 'label', width: 40 },
      { header: data.period.label, key: 'current', numFmt: '#,##0', width: 16 },
      ...data.comparisons.flatMap((c, i): Column[] => [
        { header: `${c.period.label} (${c.label.toLowerCase()})`, key: `v${i}`, numFmt: '#,##0', width: 18 },
        { header: `Variación vs. ${c.period.label}`, key: `abs${i}`, numFmt: '+#,##0;-#,##0;0', width: 13 },
        { header: `Variación % vs. ${c.period.label}`, key: `pct${i}`, numFmt: '+0.0%;-0.0%;0.0%', width: 13 },
      ]),
    ],
    (
      [
        ['Denuncias de extorsión', (f: Figures) => f.reports],
        ['Números telefónicos distintos', (f: Figures) => f.numbers],
        ['Denuncias con número registrado', (f: Figures) => f.withNumber],
      ] as const
    ).map(([label, pick]) => {
      const out: Record<string, string | number> = { label, current: pick(data.total.current) };
      data.total.compared.forEach((f, i) => {
        const c = change(pick(data.total.current), pick(f));
        out[`v${i}`] = pick(f);
        out[`abs${i}`] = c.absolute;
        out[`pct${i}`] = pctCell(c);
      });
      return out;
    }),
  );
  addBlock(summary, summary.rowCount + 3, 'Notas', [], methodologyNotes(data).map((n) => [n]));
  alignNotApplicable(summary);

  breakdownSheet(wb, data, meta, 'Modalidades', 'Denuncias por modalidad de extorsión', [{ header: 'Modalidad', key: 'label', width: 40 }],
    data.byModality.map((r) => ({ row: r, first: { label: r.label } })));
  breakdownSheet(wb, data, meta, 'Municipios', 'Denuncias por municipio', [{ header: 'Clave', key: 'code', width: 9 }, { header: 'Municipio', key: 'label', width: 36 }],
    data.byMunicipality.map((r) => ({ row: r, first: { code: r.key, label: r.label } })));
  breakdownSheet(wb, data, meta, 'Medios de entrada', 'Denuncias por medio de entrada', [{ header: 'Medio de entrada', key: 'label', width: 26 }],
    data.byChannel.map((r) => ({ row: r, first: { label: r.label } })));

  if (data.byMonth.length > 0) {
    const ws = addTableSheet(
      wb,
      'Meses',
      meta,
      'Denuncias por mes contra el mismo mes del año anterior',
      [
        { header: 'Mes', key: 'label', width: 22 },
        { header: 'Denuncias', key: 'reports', numFmt: '#,##0', total: true, width: 12 },
        { header: 'Números distintos', key: 'numbers', numFmt: '#,##0', width: 12 },
        { header: 'Denuncias del mismo mes del año anterior', key: 'yearAgo', numFmt: '#,##0', total: true, width: 18 },
        { header: 'Variación', key: 'abs', numFmt: '+#,##0;-#,##0;0', width: 12 },
        { header: 'Variación %', key: 'pct', numFmt: '+0.0%;-0.0%;0.0%', width: 12 },
      ],
      data.byMonth.map((m) => ({ label: m.label, reports: m.current.reports, numbers: m.current.numbers, yearAgo: m.yearAgo.reports, abs: m.change.absolute, pct: pctCell(m.change) })),
      yearTotals(data),
    );
    alignNotApplicable(ws);
  }

  const list = addTableSheet(wb, 'Catálogo de modalidades', meta, 'Modalidades de extorsión del reporte', [
    { header: 'Código', key: 'code', width: 30 },
    { header: 'Modalidad', key: 'label', width: 40 },
  ], data.modalities.map((m) => ({ code: m.code, label: m.label })));
  addBlock(
    list,
    list.rowCount + 3,
    `Modalidades registradas fuera de la lista (contadas en «${data.modalities.find((m) => m.code === data.otherCode)?.label ?? data.otherCode}»)`,
    ['Valor registrado', ...[data.period, ...data.comparisons.map((c) => c.period)].map((p) => `Denuncias ${p.label}`)],
    data.unlisted.length > 0 ? data.unlisted.map((u) => [u.value, ...u.reports]) : [['Ninguna']],
  );
  addDisclosureSheet(wb, meta);
  return workbookBytes(wb);
}

/**
 * Totals of the monthly sheet: the period's tips and distinct numbers and the same period a year before (the
 * months add up to them), with the change. Given, not summed: a released version's rows may carry marks.
 */
function yearTotals(data: ExtortionData): Record<string, string | number> {
  const yearAgoIndex = Math.max(0, data.comparisons.findIndex((c) => c.role === 'year_ago'));
  const reports = data.total.current.reports;
  const yearAgo = data.total.compared[yearAgoIndex]!.reports;
  const c = change(reports, yearAgo);
  return { label: 'Total', reports, numbers: data.total.current.numbers, yearAgo, abs: c.absolute, pct: pctCell(c) };
}

// ---- PDF --------------------------------------------------------------------------------------------------------

/** Quarters and halves take the article: 'del 1er trimestre de 2026', 'en el …'; months and years do not. */
const takesArticle = (data: ExtortionData) => data.period.kind === 'quarter' || data.period.kind === 'half';
const ofPeriod = (data: ExtortionData, label: string) => `${takesArticle(data) ? 'del' : 'de'} ${label}`;
const inPeriod = (data: ExtortionData, label: string) => `${takesArticle(data) ? 'en el' : 'en'} ${label}`;

function comparisonSentence(data: ExtortionData): string {
  return data.comparisons
    .map((c, i) => {
      const ch = data.total.changes[i]!.reports;
      const base = data.total.compared[i]!.reports;
      if (ch.absolute === SUPPRESSED || ch.percent === SUPPRESSED || base === SUPPRESSED) return `frente a ${c.period.label}, cifra suprimida («${SUPPRESSED}»)`;
      return ch.percent === null
        ? `${inPeriod(data, c.period.label)} no hubo denuncias`
        : `${fmtSigned(ch.absolute)} (${fmtChangePct(ch.percent)}) frente a las ${fmtInt(base)} ${ofPeriod(data, c.period.label)}`;
    })
    .join(' y ');
}

function pdfBreakdownColumns(data: ExtortionData, first: PdfColumn[]): PdfColumn[] {
  const cols: PdfColumn[] = [
    ...first,
    { header: 'Denuncias', width: 52, align: 'right', value: (r) => fmtCount((r.row as ExtortionRow).current.reports) },
    { header: 'Números', width: 46, align: 'right', value: (r) => fmtCount((r.row as ExtortionRow).current.numbers) },
  ];
  data.comparisons.forEach((c, i) => {
    cols.push(
      { header: shortPeriodLabel(parsePeriod(c.period.key)), width: 66, align: 'right', value: (r) => fmtCount((r.row as ExtortionRow).compared[i]!.reports) },
      { header: 'Var. %', width: 44, align: 'right', value: (r) => fmtChange((r.row as ExtortionRow).changes[i]!.reports.percent) },
    );
  });
  return cols;
}

/** Says what the columns of the breakdown tables hold, since their headers are short. */
function tableCaption(data: ExtortionData): string {
  const others = data.comparisons.map((c) => `${ofPeriod(data, c.period.label)} (${c.label.toLowerCase()})`).join(' y ');
  return `Denuncias y números distintos ${ofPeriod(data, data.period.label)}; denuncias ${others}, con su variación porcentual.`;
}

async function extortionPdf(data: ExtortionData, meta: ProductMeta): Promise<Uint8Array> {
  const doc = newPdf(meta, 'Extorsión 089');
  const t = data.total;
  heading(doc, `Incidencia de llamadas de extorsión · ${data.period.label}`);
  paragraph(
    doc,
    `${meta.scopeLabel}: ${fmtCount(t.current.reports)} denuncias de extorsión, que reportan ${fmtCount(t.current.numbers)} números ` +
      `telefónicos distintos (${fmtCount(t.current.withNumber)} denuncias con número registrado). Variación: ${comparisonSentence(data)}.`,
  );
  const periods = [data.period, ...data.comparisons.map((c) => c.period)];
  const series = periods.map((p, i) => ({ name: p.label, color: SERIES_COLORS[i]! }));
  groupedBarChart(doc, ...groups('Denuncias por modalidad', data.byModality.map((r) => ({ label: r.label, values: [r.current.reports, ...r.compared.map((f) => f.reports)] }))).withSeries(series));

  const rowsOf = (rows: ExtortionRow[]) => rows.map((row) => ({ row }));
  const labelColumn = (header: string, width: number): PdfColumn => ({ header, width, value: (r) => (r.row as ExtortionRow).label });
  heading(doc, 'Denuncias por modalidad', 12);
  paragraph(doc, tableCaption(data));
  table(doc, pdfBreakdownColumns(data, [labelColumn('Modalidad', 180)]), rowsOf(data.byModality), { totals: { row: t } });

  heading(doc, 'Números telefónicos distintos', 12);
  table(
    doc,
    [
      { header: 'Periodo', width: 190, value: (r) => String(r.label) },
      { header: 'Números distintos', width: 90, align: 'right', value: (r) => fmtCount(r.numbers as number | Suppressed) },
      { header: 'Denuncias con número', width: 100, align: 'right', value: (r) => fmtCount(r.withNumber as number | Suppressed) },
      { header: 'Var. % de números', width: 90, align: 'right', value: (r) => (r.pct === undefined ? '' : fmtChange(r.pct as number | null | Suppressed)) },
    ],
    periods.map((p, i) => {
      const f = i === 0 ? t.current : t.compared[i - 1]!;
      return { label: p.label, numbers: f.numbers, withNumber: f.withNumber, pct: i === 0 ? undefined : t.changes[i - 1]!.numbers.percent };
    }),
  );

  const channels = data.byChannel.filter((r) => published(r.current.reports));
  barChart(
    doc,
    channels.length < data.byChannel.length ? `Denuncias por medio de entrada (sin las cifras suprimidas «${SUPPRESSED}»)` : 'Denuncias por medio de entrada',
    channels.map((r) => ({ label: r.label, value: r.current.reports as number })),
  );
  heading(doc, 'Denuncias por medio de entrada', 12);
  table(doc, pdfBreakdownColumns(data, [labelColumn('Medio de entrada', 180)]), rowsOf(data.byChannel), { totals: { row: t } });

  if (data.byMonth.length > 0) {
    groupedBarChart(
      doc,
      ...groups('Denuncias por mes contra el mismo mes del año anterior', data.byMonth.map((m) => ({ label: m.label, values: [m.current.reports, m.yearAgo.reports] }))).withSeries([
        { name: data.period.label, color: SERIES_COLORS[0]! },
        { name: data.comparisons.find((c) => c.role === 'year_ago')?.period.label ?? data.comparisons[0]!.period.label, color: SERIES_COLORS[2]! },
      ]),
    );
  }

  const top = data.byMunicipality.filter((r) => typeof r.current.reports === 'number' && r.current.reports > 0).slice(0, 15);
  barChart(doc, 'Los 15 municipios con más denuncias', top.map((r) => ({ label: r.label, value: r.current.reports as number })));
  heading(doc, 'Denuncias por municipio', 12);
  const listed = data.byMunicipality.slice(0, 30);
  table(
    doc,
    pdfBreakdownColumns(data, [
      { header: 'Clave', width: 40, value: (r) => (r.row as ExtortionRow).key },
      labelColumn('Municipio', 140),
    ]),
    rowsOf(listed),
    { totals: { row: { ...t, key: '' } } },
  );
  if (data.byMunicipality.length > listed.length) {
    paragraph(doc, `Se muestran los ${listed.length} municipios con más denuncias de ${data.byMunicipality.length}; la lista completa está en el archivo XLSX.`);
  }

  heading(doc, 'Notas', 12);
  for (const n of methodologyNotes(data)) paragraph(doc, n);
  pdfDisclosureSection(doc, meta);
  return pdfBytes(doc, meta);
}

/** Chart categories whose every figure is published; the title says when some were left out. */
function groups(title: string, categories: { label: string; values: (number | Suppressed)[] }[]) {
  const shown = categories.filter((c) => published(...c.values));
  const fullTitle = shown.length < categories.length ? `${title} (sin las cifras suprimidas «${SUPPRESSED}»)` : title;
  return {
    withSeries: (series: { name: string; color: string }[]) =>
      [fullTitle, series, shown.map((c) => ({ label: c.label, values: c.values as number[] }))] as const,
  };
}

// ---- CSV --------------------------------------------------------------------------------------------------------

/**
 * One long table: section, key, label, period, tips, distinct numbers, tips with a number (UTF-8 with BOM). A
 * released version ends with its disclosure notes as rows of the section «divulgacion».
 */
export function extortionCsv(data: ExtortionData, meta?: ProductMeta): string {
  const periods = [data.period, ...data.comparisons.map((c) => c.period)];
  const lines: (string | number)[][] = [];
  const add = (section: string, r: ExtortionRow) => {
    [r.current, ...r.compared].forEach((f, i) => lines.push([section, r.key, r.label, periods[i]!.key, f.reports, f.numbers, f.withNumber]));
  };
  add('total', data.total);
  for (const r of data.byModality) add('modalidad', r);
  for (const r of data.byMunicipality) add('municipio', r);
  for (const r of data.byChannel) add('medio', r);
  for (const m of data.byMonth) {
    lines.push(['mes', m.key, m.label, m.key, m.current.reports, m.current.numbers, m.current.withNumber]);
    lines.push(['mes', m.key, m.label, m.yearAgoKey, m.yearAgo.reports, m.yearAgo.numbers, m.yearAgo.withNumber]);
  }
  for (const u of data.unlisted) {
    u.reports.forEach((n, i) => lines.push(['modalidad_fuera_de_lista', u.value, `Contada en «${data.otherCode}»`, periods[i]!.key, n, '', '']));
  }
  disclosureLines(meta ?? ({} as ProductMeta)).forEach((line, i) => lines.push(['divulgacion', i + 1, line, '', '', '', '']));
  return (
    '\uFEFF' +
    Papa.unparse(
      { fields: ['seccion', 'clave', 'descripcion', 'periodo', 'denuncias', 'numeros_distintos', 'denuncias_con_numero'], data: lines },
      { newline: '\n' },
    ) +
    '\n'
  );
}

export function extortionSummary(data: ExtortionData): Record<string, number | string> {
  // A yearly report has one comparison, the previous year, which is also the same period a year earlier.
  const yearAgo = Math.max(0, data.comparisons.findIndex((c) => c.role === 'year_ago'));
  return {
    total: data.total.current.reports,
    phoneNumbers: data.total.current.numbers,
    previousTotal: data.total.compared[0]?.reports ?? 0,
    yearAgoTotal: data.total.compared[yearAgo]?.reports ?? 0,
  };
}
