// The FESE as files: a workbook with the consolidated sheet, one sheet per CALLE and the catalog sheet; a PDF
// summary with charts; and the same figures as CSV and JSON.
import Papa from 'papaparse';
import { SUPPRESSED, type Count, type ProductMeta, type ReportFormat, type Suppressed } from '../types.ts';
import { addBlock, addTableSheet, newWorkbook, workbookBytes, type Column } from '../render/xlsx.ts';
import { barChart, heading, newPdf, paragraph, pdfBytes, table } from '../render/pdf.ts';
import { countValue, fmtCount, fmtPct } from '../render/format.ts';
import { addDisclosureSheet, disclosureJson, disclosureLines, pdfDisclosureSection } from '../render/disclosure-notes.ts';
import type { FeseData as ComputedFese, FeseSection as ComputedSection } from './compute.ts';

/** What the renderers take: computed figures, or a released version's with suppressed ones. */
type FeseData = ComputedFese<Suppressed>;
type FeseSection = ComputedSection<Suppressed>;

const fmtDuration = (s: number | null | Suppressed) => {
  if (s === SUPPRESSED) return SUPPRESSED;
  if (s === null) return 'n/d';
  const m = Math.floor(s / 60);
  const sec = Math.round(s - m * 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min ${String(sec).padStart(2, '0')} s`;
};

export async function renderFese(data: FeseData, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return feseWorkbook(data, meta);
    case 'pdf':
      return fesePdf(data, meta);
    case 'csv':
      return new TextEncoder().encode(feseCsv(data, meta));
    case 'json':
      return new TextEncoder().encode(JSON.stringify(meta.disclosure ? { ...data, divulgacion: disclosureJson(meta) } : data, null, 2));
    default:
      throw new Error(`El FESE no se produce en formato ${format}.`);
  }
}

const INCIDENT_COLUMNS: Column[] = [
  { header: 'Código', key: 'code', width: 9 },
  { header: 'Incidente', key: 'name', width: 50 },
  { header: 'Tipo', key: 'type', width: 18 },
  { header: 'Subtipo', key: 'subtype', width: 30 },
  { header: 'Llamadas', key: 'count', numFmt: '#,##0', total: true, width: 12 },
  { header: 'Nota', key: 'note', width: 40 },
];

/** Excel allows 31 characters: a long center name drops its parenthesis («CALLE Oaxaca (Centro Estatal…)»). */
const sheetName = (name: string) => (name.length > 31 ? name.replace(/\s*\(.*\)\s*$/, '') : name).slice(0, 31);

async function feseWorkbook(data: FeseData, meta: ProductMeta): Promise<Uint8Array> {
  const wb = newWorkbook(meta);
  for (const s of [data.consolidated, ...(data.centers.length > 1 ? data.centers : [])]) {
    // The totals row prints the section's total, not a sum of the rows (which leaves out suppressed cells).
    const ws = addTableSheet(wb, s === data.consolidated ? 'Consolidado' : sheetName(s.name), meta, `${s.name}: incidentes por código CNIE`, INCIDENT_COLUMNS, s.incidents.map((r) => ({ code: r.code || '', name: r.name, type: r.type, subtype: r.subtype, count: r.count, note: r.note })), { count: s.total });
    let row = ws.rowCount + 3;
    const block = (title: string, headers: string[], rows: (string | number | null)[][]) => {
      row = addBlock(ws, row, title, headers, rows);
    };
    block('Llamadas procedentes e improcedentes', ['Clase', 'Llamadas'], [
      ['Procedentes (reales)', s.real],
      ['Improcedentes', s.improper],
      ['Total', s.total],
    ]);
    block('Improcedentes por tipo', ['Código', 'Tipo de llamada improcedente', 'Llamadas'], s.improperByKind.map((k) => [k.code || '', k.name, k.count]));
    block('Por medio de entrada', ['Medio', 'Llamadas'], [...s.byChannel.map((c) => [c.label, c.count]), ['Total', s.total]]);
    block('Por municipio', ['Clave', 'Municipio', 'Llamadas'], [...s.byMunicipality.map((m) => [m.code, m.name, m.count]), ['', 'Total', s.total]]);
    block(
      'Tiempos de atención de llamadas procedentes (segundos)',
      ['Prioridad', 'Intervalo', 'Medidos', 'Mediana', 'Percentil 90', 'Meta (menos de)', 'Dentro de meta'],
      s.serviceTimes.map((t) => [t.priority, t.measure, t.measured, round(t.medianSeconds), round(t.p90Seconds), t.targetSeconds, t.withinTarget]),
    );
    // The share column is a fraction: show it as a percentage.
    ws.getColumn(7).numFmt = '0.0%';
  }
  const catalog = addTableSheet(
    wb,
    'Catálogo',
    meta,
    `Catálogo CNIE ${data.cnieVersion === '2' ? '2.0' : '3'} usado en este reporte`,
    INCIDENT_COLUMNS.slice(0, 4),
    data.consolidated.incidents.filter((r) => r.code).map((r) => ({ code: r.code, name: r.name, type: r.type, subtype: r.subtype })),
  );
  catalog.addRow([]);
  catalog.addRow([
    data.unmapped.length
      ? `Claves registradas en la otra versión sin equivalencia (se cuentan en «Sin equivalencia»): ${data.unmapped.map((u) => `${u.version === '2' ? '2.0' : '3'}:${u.code} (${u.count})`).join(', ')}`
      : 'Todas las claves registradas tienen equivalencia en esta versión del catálogo.',
  ]);
  addDisclosureSheet(wb, meta);
  return workbookBytes(wb);
}

function round(x: number | null | Suppressed): number | null | Suppressed {
  return typeof x === 'number' ? Math.round(x) : x;
}

/** A share of two counts, or the mark when either was suppressed. */
function share(part: Count, whole: Count): number | null | Suppressed {
  const p = countValue(part);
  const w = countValue(whole);
  if (p === null || w === null) return SUPPRESSED;
  return w ? p / w : null;
}

const fmtShare = (x: number | null | Suppressed) => (x === SUPPRESSED ? SUPPRESSED : fmtPct(x));

/** Bars of the published figures only; the title says when suppressed ones were left out. */
function bars<T>(title: string, rows: T[], label: (r: T) => string, value: (r: T) => number | null | Suppressed) {
  const shown = rows.filter((r) => typeof value(r) === 'number');
  return {
    title: shown.length < rows.length ? `${title} (sin las cifras suprimidas «${SUPPRESSED}»)` : title,
    bars: shown.map((r) => ({ label: label(r), value: value(r) as number })),
  };
}

async function fesePdf(data: FeseData, meta: ProductMeta): Promise<Uint8Array> {
  const doc = newPdf(meta, 'FESE');
  const s = data.consolidated;
  heading(doc, `Formato Estadístico de los Servicios de Emergencia · ${data.period.label}`);
  paragraph(
    doc,
    `${s.name}: ${fmtCount(s.total)} llamadas; ${fmtCount(s.real)} procedentes y ${fmtCount(s.improper)} improcedentes ` +
      `(${fmtShare(share(s.improper, s.total))}). Catálogo CNIE ${data.cnieVersion === '2' ? '2.0' : '3'}.`,
  );
  const chart = (c: ReturnType<typeof bars>, opts?: Parameters<typeof barChart>[3]) => barChart(doc, c.title, c.bars, opts);
  chart(bars('Llamadas por medio de entrada', s.byChannel, (c) => c.label, (c) => c.count));
  if (data.centers.length > 1) {
    chart(bars('Llamadas por centro de atención', data.centers, (c) => c.name, (c) => c.total));
    chart(
      bars('Proporción de llamadas improcedentes por centro', data.centers, (c) => c.name, (c) => {
        const x = share(c.improper, c.total);
        return x === null ? 0 : x;
      }),
      { format: (v) => fmtPct(v), color: '#b45309' },
    );
  }
  const published = (r: { count: Count }): r is { count: number } => typeof r.count === 'number';
  barChart(
    doc,
    'Los 15 incidentes procedentes más frecuentes',
    s.incidents
      .filter((r) => !r.improper && published(r))
      .sort((a, b) => (b.count as number) - (a.count as number))
      .slice(0, 15)
      .map((r) => ({ label: `${r.code || ''} ${r.name}`, value: r.count as number })),
  );
  heading(doc, 'Tiempos de atención de llamadas procedentes', 12);
  table(
    doc,
    [
      { header: 'Prioridad', width: 70, value: (r) => String(r.priority) },
      { header: 'Intervalo', width: 120, value: (r) => String(r.measure) },
      { header: 'Medidos', width: 60, align: 'right', value: (r) => fmtCount(r.measured as Count) },
      { header: 'Mediana', width: 75, align: 'right', value: (r) => fmtDuration(r.medianSeconds as number | null | Suppressed) },
      { header: 'Percentil 90', width: 75, align: 'right', value: (r) => fmtDuration(r.p90Seconds as number | null | Suppressed) },
      { header: 'Dentro de meta', width: 80, align: 'right', value: (r) => fmtShare(r.withinTarget as number | null | Suppressed) },
    ],
    s.serviceTimes as unknown as Record<string, unknown>[],
  );
  paragraph(doc, 'Una llamada está dentro de la meta cuando el intervalo es menor que la meta de su prioridad.');
  heading(doc, 'Municipios con más llamadas', 12);
  table(
    doc,
    [
      { header: 'Clave', width: 60, value: (r) => String(r.code) },
      { header: 'Municipio', width: 280, value: (r) => String(r.name) },
      { header: 'Llamadas', width: 80, align: 'right', value: (r) => fmtCount(r.count as Count) },
    ],
    s.byMunicipality.slice(0, 25),
  );
  pdfDisclosureSection(doc, meta);
  return pdfBytes(doc, meta);
}

/**
 * One long table: center, section, key, label, value (UTF-8 with BOM so that Excel reads the accents). A released
 * version ends with its disclosure notes as rows of the section «divulgacion».
 */
export function feseCsv(data: FeseData, meta?: ProductMeta): string {
  const lines: (string | number)[][] = [];
  const add = (center: string, section: string, key: string | number, label: string, value: number | null | Suppressed) =>
    lines.push([center, section, key, label, value ?? '']);
  for (const s of [data.consolidated, ...(data.centers.length > 1 ? data.centers : [])]) {
    add(s.code, 'total', '', 'Llamadas', s.total);
    add(s.code, 'clase', 'procedentes', 'Procedentes', s.real);
    add(s.code, 'clase', 'improcedentes', 'Improcedentes', s.improper);
    for (const r of s.incidents) add(s.code, 'incidente', r.code || '', r.name, r.count);
    for (const k of s.improperByKind) add(s.code, 'improcedente', k.code || '', k.name, k.count);
    for (const c of s.byChannel) add(s.code, 'medio', c.channel, c.label, c.count);
    for (const m of s.byMunicipality) add(s.code, 'municipio', m.code, m.name, m.count);
    for (const t of s.serviceTimes) {
      add(s.code, 'tiempo_mediana_s', t.priority, t.measure, round(t.medianSeconds));
      add(s.code, 'tiempo_p90_s', t.priority, t.measure, round(t.p90Seconds));
      if (t.withinTarget !== null) add(s.code, 'dentro_de_meta', t.priority, t.measure, typeof t.withinTarget === 'number' ? Math.round(t.withinTarget * 10000) / 10000 : t.withinTarget);
    }
  }
  disclosureLines(meta ?? ({} as ProductMeta)).forEach((line, i) => add('', 'divulgacion', i + 1, line, null));
  return '\uFEFF' + Papa.unparse({ fields: ['centro', 'seccion', 'clave', 'descripcion', 'valor'], data: lines }, { newline: '\n' }) + '\n';
}

export function sectionSummary(s: FeseSection) {
  const x = share(s.improper, s.total);
  return { total: s.total, real: s.real, improper: s.improper, improperShare: typeof x === 'number' ? Math.round(x * 1000) / 1000 : x === null ? 0 : x };
}
