// The cyber statistics as files: a workbook (summary with notes, indicators, one sheet per breakdown), a PDF with
// charts, and a long CSV (section, key, label, measure, period, value). Withheld figures are «*» everywhere.
import Papa from 'papaparse';
import type { ProductMeta, ReportFormat } from '../../../reports/types.ts';
import { addBlock, addTableSheet, newWorkbook, workbookBytes, type Column } from '../../../reports/render/xlsx.ts';
import { barChart, groupedBarChart, heading, newPdf, paragraph, pdfBytes, table, type PdfColumn } from '../../../reports/render/pdf.ts';
import { fmtChangePct } from '../../../reports/render/format.ts';
import { SUPPRESSED_MARK } from './disclosure.ts';
import { cellText, type Cell, type CyberReportView, type ViewTable } from './view.ts';

const SERIES = ['#1f3b5b', '#8fa9c7', '#c9a227', '#7a9a5b'];

export async function renderCyberReport(view: CyberReportView, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return workbook(view, meta);
    case 'pdf':
      return pdf(view, meta);
    case 'csv':
      return new TextEncoder().encode(cyberCsv(view));
    default:
      throw new Error(`Las estadísticas de incidentes cibernéticos no se producen en formato ${format}.`);
  }
}

const xlsxValue = (c: Cell): string | number => (c === null ? SUPPRESSED_MARK : c);
const MONEY_FMT = '"$"#,##0.00';

function change(value: Cell, base: Cell): number | string {
  if (value === null || base === null) return SUPPRESSED_MARK;
  return base === 0 ? 'n.a.' : (value - base) / base;
}

/** addTableSheet writes the CNIE catalog version in the scope line; these statistics do not use the catalog. */
function fixScopeLine(ws: import('exceljs').Worksheet, meta: ProductMeta) {
  ws.getCell(3, 1).value = `${meta.stateName} · ${meta.scopeLabel}`;
}

async function workbook(view: CyberReportView, meta: ProductMeta): Promise<Uint8Array> {
  const wb = newWorkbook(meta);
  const summary = addTableSheet(
    wb,
    'Resumen',
    meta,
    'Resumen del periodo',
    [
      { header: 'Indicador', key: 'label', width: 44 },
      { header: view.period.label, key: 'value', width: 18, numFmt: '#,##0' },
      { header: `${view.previous.label} (periodo anterior)`, key: 'previous', width: 22, numFmt: '#,##0' },
      { header: 'Variación %', key: 'change', width: 13, numFmt: '+0.0%;-0.0%;0.0%' },
    ],
    view.summary.map((r) => ({ label: r.label, value: xlsxValue(r.value), previous: r.previous === null && r.key === 'alerts' ? null : xlsxValue(r.previous), change: r.key === 'alerts' ? null : change(r.value, r.previous) })),
  );
  fixScopeLine(summary, meta);
  view.summary.forEach((r, i) => {
    if (r.money) for (const col of [2, 3]) summary.getCell(7 + i, col).numFmt = MONEY_FMT;
  });
  addBlock(summary, summary.rowCount + 3, 'Notas', [], view.notes.map((n) => [n]));

  const ind = addTableSheet(
    wb,
    'Indicadores',
    meta,
    'Indicadores mensuales del Registro Nacional de Incidentes Cibernéticos',
    [
      { header: 'Indicador', key: 'label', width: 40 },
      ...view.months.map((m, i): Column => ({ header: m.label, key: `m${i}`, width: 14, numFmt: '#,##0' })),
      { header: `Total ${view.period.label}`, key: 'incidents', width: 16, numFmt: '#,##0' },
      { header: view.previous.label, key: 'previous', width: 16, numFmt: '#,##0' },
      { header: 'Canalizados a la Fiscalía', key: 'referred', width: 14, numFmt: '#,##0' },
      { header: 'Monto perdido (MXN)', key: 'amountLost', width: 18, numFmt: MONEY_FMT },
    ],
    view.indicators.map((i) => ({
      label: i.label,
      ...Object.fromEntries(i.months.map((c, k) => [`m${k}`, xlsxValue(c)])),
      incidents: xlsxValue(i.incidents),
      previous: xlsxValue(i.previous),
      referred: xlsxValue(i.referred),
      amountLost: xlsxValue(i.amountLost),
    })),
  );
  fixScopeLine(ind, meta);
  addBlock(ind, ind.rowCount + 3, 'Definiciones', ['Indicador', 'Qué cuenta'], view.indicators.map((i) => [i.label, i.description]));

  for (const t of view.tables) {
    const ws = addTableSheet(
      wb,
      t.id,
      meta,
      t.title,
      [{ header: t.keyHeader, key: 'label', width: 40 }, ...t.columns.map((c): Column => ({ header: c.header, key: c.key, width: 18, numFmt: c.money ? MONEY_FMT : '#,##0' }))],
      t.rows.map((r) => ({ label: r.label, ...Object.fromEntries(t.columns.map((c) => [c.key, xlsxValue(r.values[c.key] ?? null)])) })),
      { label: 'Total', ...Object.fromEntries(t.columns.map((c) => [c.key, xlsxValue(t.total[c.key] ?? null)])) },
    );
    fixScopeLine(ws, meta);
    ws.eachRow((row) => row.eachCell((cell) => {
      if (cell.value === SUPPRESSED_MARK || cell.value === 'n.a.') cell.alignment = { horizontal: 'right' };
    }));
  }
  return workbookBytes(wb);
}

function pdfTable(doc: ReturnType<typeof newPdf>, t: ViewTable) {
  const width = Math.max(70, Math.floor(310 / t.columns.length));
  const columns: PdfColumn[] = [
    { header: t.keyHeader, width: 200, value: (r) => String(r.label) },
    ...t.columns.map((c): PdfColumn => ({ header: c.short, width, align: 'right', value: (r) => cellText((r.values as Record<string, Cell>)[c.key] ?? null, c.money) })),
  ];
  table(doc, columns, t.rows, { totals: { label: 'Total', values: t.total } });
}

async function pdf(view: CyberReportView, meta: ProductMeta): Promise<Uint8Array> {
  const doc = newPdf(meta, view.kind === 'external' ? 'Estadística de incidentes cibernéticos (CNI)' : 'Estadística de incidentes cibernéticos');
  heading(doc, `Incidentes cibernéticos · ${view.period.label}`);
  const total = view.summary.find((r) => r.key === 'incidents')!;
  const women = view.summary.find((r) => r.key === 'women')!;
  const referred = view.summary.find((r) => r.key === 'referred')!;
  paragraph(
    doc,
    `${meta.scopeLabel}: ${cellText(total.value)} incidentes cibernéticos registrados (${view.previous.label}: ${cellText(total.previous)}; ` +
      `variación ${total.value === null || total.previous === null ? SUPPRESSED_MARK : fmtChangePct(total.previous === 0 ? null : (total.value - total.previous) / total.previous)}), ` +
      `${cellText(women.value)} con víctima mujer y ${cellText(referred.value)} canalizados a la Fiscalía.`,
  );
  table(
    doc,
    [
      { header: 'Indicador', width: 260, value: (r) => String(r.label) },
      { header: view.period.label, width: 120, align: 'right', value: (r) => cellText(r.value as Cell, Boolean(r.money)) },
      { header: view.previous.label, width: 120, align: 'right', value: (r) => (r.key === 'alerts' ? '' : cellText(r.previous as Cell, Boolean(r.money))) },
    ],
    view.summary as unknown as Record<string, unknown>[],
  );

  heading(doc, 'Indicadores mensuales', 12);
  for (const i of view.indicators) paragraph(doc, `${i.label}: ${cellText(i.incidents)} incidentes (${view.previous.label}: ${cellText(i.previous)}). ${i.description}`);
  if (view.months.length > 1) {
    groupedBarChart(
      doc,
      'Indicadores por mes',
      view.months.map((m, k) => ({ name: m.label, color: SERIES[k % SERIES.length]! })),
      view.indicators.map((i) => ({ label: i.label, values: i.months.map((c) => c ?? 0) })),
    );
  } else {
    barChart(doc, 'Indicadores del mes', view.indicators.map((i) => ({ label: i.label, value: i.incidents ?? 0 })));
  }
  table(
    doc,
    [
      { header: 'Indicador', width: 200, value: (r) => String(r.label) },
      ...view.months.map((m, k): PdfColumn => ({ header: m.label.replace(/ de \d{4}$/, ''), width: Math.floor(210 / view.months.length), align: 'right', value: (r) => cellText((r.months as Cell[])[k] ?? null) })),
      { header: 'Total', width: 50, align: 'right', value: (r) => cellText(r.incidents as Cell) },
      { header: 'Monto (MXN)', width: 70, align: 'right', value: (r) => cellText(r.amountLost as Cell, true) },
    ],
    view.indicators as unknown as Record<string, unknown>[],
  );
  if (view.months.length > 1 && view.indicators.some((i) => i.months.includes(null))) {
    paragraph(doc, `Las barras de cifras reservadas («${SUPPRESSED_MARK}») se dibujan en cero.`);
  }

  for (const t of view.tables) {
    if (t.rows.length === 0) continue;
    if (t.chart) {
      const bars = t.rows.filter((r) => (r.values[t.chart!] ?? 0) !== 0).slice(0, 15);
      if (bars.length > 0) barChart(doc, t.title, bars.map((r) => ({ label: r.label, value: r.values[t.chart!] ?? 0 })));
    }
    heading(doc, t.title, 12);
    pdfTable(doc, t.id === 'Municipios' ? { ...t, rows: t.rows.slice(0, 40) } : t);
    if (t.id === 'Municipios' && t.rows.length > 40) paragraph(doc, `Se muestran los 40 municipios con más incidentes de ${t.rows.length}; la lista completa está en el libro XLSX y en el CSV.`);
  }
  heading(doc, 'Notas', 12);
  for (const n of view.notes) paragraph(doc, n);
  return pdfBytes(doc, meta);
}

/** The figures in long form: one line per section, key, measure and period. */
export function cyberCsv(view: CyberReportView): string {
  const lines: (string | number)[][] = [];
  const v = (c: Cell) => (c === null ? SUPPRESSED_MARK : c);
  for (const r of view.summary) {
    lines.push(['resumen', r.key, r.label, r.key, view.period.key, v(r.value)]);
    if (r.key !== 'alerts') lines.push(['resumen', r.key, r.label, r.key, view.previous.key, v(r.previous)]);
  }
  for (const i of view.indicators) {
    i.months.forEach((c, k) => lines.push(['indicador', i.code, i.label, 'incidentes', view.months[k]!.key, v(c)]));
    lines.push(['indicador', i.code, i.label, 'incidentes', view.period.key, v(i.incidents)]);
    lines.push(['indicador', i.code, i.label, 'incidentes', view.previous.key, v(i.previous)]);
    lines.push(['indicador', i.code, i.label, 'canalizados', view.period.key, v(i.referred)]);
    lines.push(['indicador', i.code, i.label, 'monto_perdido_mxn', view.period.key, v(i.amountLost)]);
  }
  for (const t of view.tables) {
    for (const r of t.rows) for (const c of t.columns) lines.push([sectionKey(t.id), r.key, r.label, sectionKey(c.header), view.period.key, v(r.values[c.key] ?? null)]);
    for (const c of t.columns) lines.push([sectionKey(t.id), 'total', 'Total', sectionKey(c.header), view.period.key, v(t.total[c.key] ?? null)]);
  }
  return '\uFEFF' + Papa.unparse({ fields: ['seccion', 'clave', 'descripcion', 'medida', 'periodo', 'valor'], data: lines }, { newline: '\n' }) + '\n';
}

const sectionKey = (text: string) =>
  text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
