// A horizontal bar chart with several series per category (e.g. this period, the previous one and the same period a
// year before, side by side per municipality), with a legend; drawn with pdfkit like barChart in pdf.ts.
import type { Pdf } from './pdf.ts';

export interface Series {
  label: string;
  color: string;
}

export interface GroupedCategory {
  label: string;
  /** One value per series; null draws no bar and prints the `missing` text. */
  values: (number | null)[];
}

/** The text cut with «…» so that it fits `width` points in the current font (pdfkit wraps rather than cuts). */
export function fitText(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

export function groupedBarChart(
  doc: Pdf,
  title: string,
  series: readonly Series[],
  categories: readonly GroupedCategory[],
  opts: { format?: (v: number) => string; missing?: string; labelWidth?: number } = {},
) {
  const fmt = opts.format ?? ((v: number) => v.toLocaleString('es-MX'));
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const labelWidth = opts.labelWidth ?? 150;
  const chartWidth = usable - labelWidth - 60;
  const barHeight = 7;
  const groupGap = 6;
  const legendHeight = 16;
  const groupHeight = series.length * (barHeight + 1) + groupGap;
  const needed = 20 + legendHeight + categories.length * groupHeight;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(title, left);
  let y = doc.y + 4;
  let x = left;
  for (const s of series) {
    doc.save().rect(x, y + 1, 9, 7).fill(s.color).restore();
    doc.font('Helvetica').fontSize(8).fillColor('black').text(s.label, x + 12, y, { lineBreak: false });
    x += 12 + doc.widthOfString(s.label) + 14;
  }
  y += legendHeight;
  const max = Math.max(1, ...categories.flatMap((c) => c.values.filter((v): v is number => v !== null)));
  for (const c of categories) {
    const top = y;
    doc.font('Helvetica').fontSize(8).fillColor('black');
    doc.text(fitText(doc, c.label, labelWidth - 8), left, top + (groupHeight - groupGap) / 2 - 4, { lineBreak: false });
    series.forEach((s, i) => {
      const v = c.values[i] ?? null;
      const by = top + i * (barHeight + 1);
      const w = v === null ? 0 : Math.max(1, (v / max) * chartWidth);
      if (v !== null) doc.save().rect(left + labelWidth, by, w, barHeight).fill(s.color).restore();
      doc.fillColor('#333').fontSize(6.5).text(v === null ? (opts.missing ?? 'sin datos') : fmt(v), left + labelWidth + w + 3, by, { lineBreak: false });
    });
    y += groupHeight;
  }
  doc.x = left;
  doc.y = y + 4;
}
