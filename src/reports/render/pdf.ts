// PDF documents with the institutional header, a classification footer, tables and simple bar charts, drawn with
// pdfkit and stamped with fixed dates so that they are reproducible.
import PDFDocument from 'pdfkit';
import type { ProductMeta } from '../types.ts';
import { FIXED_DOCUMENT_DATE } from './deterministic.ts';

export type Pdf = PDFKit.PDFDocument;

const MARGIN = 50;
const ACCENT = '#1f3b5b';

/** A letter-size document whose every page carries the header and the classification footer. */
export function newPdf(meta: ProductMeta, title: string): Pdf {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 90, bottom: 60, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `${title} · ${meta.periodLabel}`,
      Author: 'Atalaya',
      Creator: 'Atalaya',
      Producer: 'Atalaya',
      Subject: meta.reportName,
      CreationDate: FIXED_DOCUMENT_DATE,
      ModDate: FIXED_DOCUMENT_DATE,
    },
  });
  doc.font('Helvetica');
  return doc;
}

/** Draws headers and footers on every buffered page and returns the bytes. */
export function pdfBytes(doc: Pdf, meta: ProductMeta): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const width = doc.page.width;
    // The footer sits inside the bottom margin; with the margin in place pdfkit would start a new page for it.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.rect(0, 0, width, 60).fill(ACCENT);
    doc.fillColor('white').font('Helvetica-Bold').fontSize(11).text(`${meta.stateName} · Centro de Control, Comando y Comunicación C4`, MARGIN, 18, { width: width - 2 * MARGIN, lineBreak: false });
    doc.font('Helvetica').fontSize(9).text(meta.reportName, MARGIN, 34, { width: width - 2 * MARGIN, height: 22, ellipsis: true });
    doc.fillColor('#555').fontSize(8);
    const footerY = doc.page.height - 40;
    doc.text(`${meta.classificationLabel} · ${meta.periodLabel} · ${meta.scopeLabel}`, MARGIN, footerY, { width: width - 2 * MARGIN - 60, lineBreak: false });
    doc.text(`Página ${i - range.start + 1} de ${range.count}`, width - MARGIN - 60, footerY, { width: 60, align: 'right', lineBreak: false });
    doc.restore();
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return done;
}

export function heading(doc: Pdf, text: string, size = 14) {
  doc.moveDown(0.5).fillColor(ACCENT).font('Helvetica-Bold').fontSize(size).text(text, MARGIN).font('Helvetica').fillColor('black').fontSize(10);
}

export function paragraph(doc: Pdf, text: string) {
  doc.font('Helvetica').fontSize(10).fillColor('black').text(text, MARGIN, undefined, { align: 'left' }).moveDown(0.3);
}

export interface PdfColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
  value: (row: Record<string, unknown>) => string;
}

/** A simple table that breaks across pages, repeating its header. */
export function table(doc: Pdf, columns: PdfColumn[], rows: Record<string, unknown>[], opts: { totals?: Record<string, unknown> } = {}) {
  const rowHeight = 14;
  const bottom = () => doc.page.height - doc.page.margins.bottom - rowHeight;
  const drawRow = (values: string[], bold: boolean, shade: boolean) => {
    if (doc.y > bottom()) doc.addPage();
    const y = doc.y;
    if (shade) doc.save().rect(MARGIN, y - 2, columns.reduce((s, c) => s + c.width, 0), rowHeight).fill('#eef2f7').restore();
    let x = MARGIN;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8).fillColor('black');
    columns.forEach((c, i) => {
      // A height of one line makes pdfkit cut a long value with an ellipsis instead of wrapping it over the next row.
      doc.text(values[i] ?? '', x + 2, y, { width: c.width - 4, height: rowHeight - 4, align: c.align ?? 'left', ellipsis: true });
      x += c.width;
    });
    doc.x = MARGIN;
    doc.y = y + rowHeight;
  };
  drawRow(columns.map((c) => c.header), true, true);
  for (const r of rows) {
    if (doc.y > bottom()) {
      doc.addPage();
      drawRow(columns.map((c) => c.header), true, true);
    }
    drawRow(columns.map((c) => c.value(r)), false, false);
  }
  if (opts.totals) drawRow(columns.map((c) => c.value(opts.totals!)), true, true);
  doc.moveDown(0.5);
}

/** Horizontal bar chart of labelled values, with the value (or a bar's own `text`) printed at the end of each bar. */
export function barChart(doc: Pdf, title: string, bars: { label: string; value: number; text?: string }[], opts: { format?: (v: number) => string; color?: string } = {}) {
  const fmt = opts.format ?? ((v: number) => v.toLocaleString('es-MX'));
  const labelWidth = 170;
  const chartWidth = doc.page.width - 2 * MARGIN - labelWidth - 60;
  const barHeight = 12;
  const needed = 20 + bars.length * (barHeight + 4);
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(title, MARGIN);
  const max = Math.max(1, ...bars.map((b) => b.value));
  let y = doc.y + 4;
  for (const b of bars) {
    doc.font('Helvetica').fontSize(8).fillColor('black').text(b.label, MARGIN, y + 2, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    const w = Math.max(1, (b.value / max) * chartWidth);
    doc.save().rect(MARGIN + labelWidth, y, w, barHeight).fill(opts.color ?? ACCENT).restore();
    doc.fillColor('black').text(b.text ?? fmt(b.value), MARGIN + labelWidth + w + 4, y + 2, { lineBreak: false });
    y += barHeight + 4;
  }
  doc.x = MARGIN;
  doc.y = y + 6;
}

/**
 * Horizontal bar chart with one bar per series in each category (e.g. this period against the ones it is compared
 * with), a legend above it and the value printed at the end of each bar.
 */
export function groupedBarChart(
  doc: Pdf,
  title: string,
  series: { name: string; color: string }[],
  categories: { label: string; values: number[] }[],
  opts: { format?: (v: number) => string } = {},
) {
  const fmt = opts.format ?? ((v: number) => v.toLocaleString('es-MX'));
  const labelWidth = 170;
  const chartWidth = doc.page.width - 2 * MARGIN - labelWidth - 60;
  const barHeight = 7;
  const groupGap = 6;
  const needed = 34 + categories.length * (series.length * barHeight + groupGap);
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(title, MARGIN);
  let x = MARGIN;
  const legendY = doc.y + 3;
  doc.font('Helvetica').fontSize(8);
  for (const s of series) {
    doc.save().rect(x, legendY, 8, 8).fill(s.color).restore();
    doc.fillColor('black').text(s.name, x + 11, legendY, { lineBreak: false });
    x += 11 + doc.widthOfString(s.name) + 14;
  }
  const max = Math.max(1, ...categories.flatMap((c) => c.values));
  let y = legendY + 16;
  for (const c of categories) {
    const groupHeight = series.length * barHeight;
    doc.font('Helvetica').fontSize(8).fillColor('black').text(c.label, MARGIN, y + groupHeight / 2 - 4, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    c.values.forEach((v, i) => {
      const w = Math.max(1, (v / max) * chartWidth);
      const by = y + i * barHeight;
      doc.save().rect(MARGIN + labelWidth, by, w, barHeight - 1).fill(series[i]?.color ?? ACCENT).restore();
      doc.font('Helvetica').fontSize(6.5).fillColor('black').text(fmt(v), MARGIN + labelWidth + w + 3, by, { lineBreak: false });
    });
    y += groupHeight + groupGap;
  }
  doc.x = MARGIN;
  doc.y = y + 6;
}
