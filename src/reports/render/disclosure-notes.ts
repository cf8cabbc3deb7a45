// The notes a released version (versión pública or reservada) carries in every file: its mark, how the disclosure
// pass protected it, each redaction (what, where, why) and the articles of law it rests on. Shared by the
// renderers of every report so that the section reads the same everywhere.
import type ExcelJS from 'exceljs';
import type { ProductDisclosure, ProductMeta } from '../types.ts';
import { SUPPRESSED } from '../types.ts';
import { heading, paragraph, type Pdf } from './pdf.ts';

export interface RedactionGroup {
  action: string;
  what: string;
  where: string;
  why: string;
  items: string[];
  legalBasis: string[];
}

/** Redactions grouped by what, where and why, with their items in order; the groups in order of first mention. */
export function redactionGroups(d: ProductDisclosure): RedactionGroup[] {
  const groups = new Map<string, RedactionGroup>();
  for (const r of d.redactions) {
    const key = JSON.stringify([r.action, r.what, r.where, r.why]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { action: r.action, what: r.what, where: r.where, why: r.why, items: [], legalBasis: r.legalBasis }));
    if (r.item) g.items.push(r.item);
  }
  return [...groups.values()];
}

/** The legend of the mark that replaces a suppressed figure. */
export function suppressedLegend(minCount: number): string {
  return (
    `«${SUPPRESSED}»: cifra suprimida por el control de divulgación: conteos mayores que cero y menores que ${minCount}, ` +
    'las cifras complementarias que permitirían deducirlos de los totales, y las cifras calculadas a partir de unas u otras.'
  );
}

const citationsOf = (d: ProductDisclosure, ids: string[]) => ids.map((id) => d.legalBasis.find((b) => b.id === id)?.short ?? id).join('; ');

const ACTION_LABELS: Record<string, string> = { suprimido: 'Suprimido', eliminado: 'Eliminado', generalizado: 'Generalizado' };

/** One sentence per redaction group, for text formats. */
export function redactionSentence(d: ProductDisclosure, g: RedactionGroup): string {
  const items = g.items.length > 0 ? ` (${g.items.length}): ${g.items.join('; ')}` : '';
  return `${ACTION_LABELS[g.action] ?? g.action}: ${g.what}, en ${g.where}${items}. Motivo: ${g.why} Fundamento: ${citationsOf(d, g.legalBasis)}.`;
}

/** Every line of the notes, in reading order: mark, origin, method, redactions, law. */
export function disclosureLines(meta: ProductMeta): string[] {
  const d = meta.disclosure;
  if (!d) return [];
  const groups = redactionGroups(d);
  return [
    `${d.mark}. Elaborada a partir del producto ${d.sourceProductId} (versión ${d.sourceVersion}) mediante el control de divulgación.`,
    ...d.methodology,
    groups.length === 0 ? 'No fue necesario eliminar ni suprimir ninguna cifra.' : `Redacciones (${d.redactions.length}):`,
    ...groups.map((g) => redactionSentence(d, g)),
    'Fundamento legal:',
    ...d.legalBasis.map((b) => `${b.short}: ${b.citation}. ${b.text}`),
  ];
}

/** A sheet named after the mark with the notes and one row per redaction. */
export function addDisclosureSheet(wb: ExcelJS.Workbook, meta: ProductMeta): void {
  const d = meta.disclosure;
  if (!d) return;
  const ws = wb.addWorksheet(d.mark.slice(0, 31));
  ws.getColumn(1).width = 26;
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 40;
  ws.getColumn(4).width = 70;
  ws.getColumn(5).width = 70;
  const title = ws.addRow([`${d.mark} · ${meta.reportName} · ${meta.periodLabel}`]);
  title.font = { bold: true, size: 12 };
  ws.addRow([`Elaborada a partir del producto ${d.sourceProductId} (versión ${d.sourceVersion}) mediante el control de divulgación.`]);
  for (const line of d.methodology) ws.addRow([line]).getCell(1).alignment = { wrapText: false };
  ws.addRow([]);
  const header = ws.addRow(['Acción', 'Qué', 'Dónde', 'Elemento', 'Motivo y fundamento']);
  header.font = { bold: true };
  for (const r of d.redactions) ws.addRow([r.action, r.what, r.where, r.item, `${r.why} Fundamento: ${citationsOf(d, r.legalBasis)}.`]);
  if (d.redactions.length === 0) ws.addRow(['—', 'No fue necesario eliminar ni suprimir ninguna cifra.']);
  ws.addRow([]);
  ws.addRow(['Fundamento legal']).font = { bold: true };
  for (const b of d.legalBasis) ws.addRow([b.short, b.citation, b.text]);
}

/** The notes as the last section of a PDF, on a page of its own. */
export function pdfDisclosureSection(doc: Pdf, meta: ProductMeta): void {
  const d = meta.disclosure;
  if (!d) return;
  doc.addPage();
  heading(doc, `${d.mark}: notas del control de divulgación`, 12);
  const [origin, ...rest] = disclosureLines(meta);
  paragraph(doc, origin!);
  for (const line of rest) {
    if (line === 'Fundamento legal:' || /^Redacciones \(\d+\):$/.test(line)) heading(doc, line.replace(/:$/, ''), 10);
    else paragraph(doc, line);
  }
}

/** The notes as plain JSON for the JSON and GeoJSON files. */
export function disclosureJson(meta: ProductMeta): Record<string, unknown> | undefined {
  const d = meta.disclosure;
  if (!d) return undefined;
  return {
    marca: d.mark,
    producto_de_origen: d.sourceProductId,
    version_de_origen: d.sourceVersion,
    metodologia: d.methodology,
    redacciones: d.redactions.map((r) => ({ accion: r.action, que: r.what, donde: r.where, elemento: r.item, motivo: r.why, fundamento: r.legalBasis })),
    fundamento_legal: d.legalBasis.map((b) => ({ clave: b.id, abreviatura: b.short, cita: b.citation, texto: b.text })),
  };
}
