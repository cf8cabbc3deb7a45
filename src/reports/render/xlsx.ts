// XLSX workbooks laid out as a statistician expects: a title block, a frozen header row, number formats and a
// totals row; written deterministically.
import ExcelJS from 'exceljs';
import type { ProductMeta } from '../types.ts';
import { FIXED_DOCUMENT_DATE, normalizeZip } from './deterministic.ts';

export interface Column {
  header: string;
  key: string;
  width?: number;
  /** Excel number format, e.g. '#,##0', '0.0%', '0.0'. */
  numFmt?: string;
  /** Summed in the totals row. */
  total?: boolean;
}

export function newWorkbook(meta: ProductMeta): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Atalaya';
  wb.lastModifiedBy = 'Atalaya';
  wb.created = FIXED_DOCUMENT_DATE;
  wb.modified = FIXED_DOCUMENT_DATE;
  wb.title = `${meta.reportName} · ${meta.periodLabel}`;
  wb.subject = meta.scopeLabel;
  return wb;
}

/**
 * Adds a sheet with the product's title block (report, period, scope, classification), a frozen header row, one
 * row per record and, when any column is summed, a totals row ("Total") below them. `totals` gives values that are
 * not sums (a distinct count, a percentage): they take the place of the column's sum or blank.
 */
export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  meta: ProductMeta,
  title: string,
  columns: Column[],
  rows: Record<string, string | number | null>[],
  totals?: Record<string, string | number | null>,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name.slice(0, 31));
  const titleLines = [
    meta.reportName,
    `${title} · ${meta.periodLabel}`,
    `${meta.stateName} · ${meta.scopeLabel} · Catálogo CNIE ${meta.cnieVersion === '2' ? '2.0' : '3'}`,
    meta.classificationLabel,
  ];
  titleLines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.font = { bold: i < 2, size: i === 0 ? 12 : 10, italic: i === 3 };
  });
  const headerRow = titleLines.length + 2;
  ws.getRow(headerRow).values = columns.map((c) => c.header);
  ws.getRow(headerRow).font = { bold: true };
  ws.getRow(headerRow).alignment = { vertical: 'middle', wrapText: true };
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? Math.max(10, Math.min(60, c.header.length + 2));
    if (c.numFmt) col.numFmt = c.numFmt;
    ws.getCell(headerRow, i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  });
  rows.forEach((r, i) => {
    ws.getRow(headerRow + 1 + i).values = columns.map((c) => r[c.key] ?? null);
  });
  if (columns.some((c) => c.total) || totals) {
    const totalRow = ws.getRow(headerRow + 1 + rows.length);
    totalRow.values = columns.map((c, i) =>
      totals && c.key in totals
        ? (totals[c.key] ?? null)
        : i === 0
          ? 'Total'
          : c.total
            ? rows.reduce((sum, r) => sum + (Number(r[c.key]) || 0), 0)
            : null,
    );
    totalRow.font = { bold: true };
    totalRow.border = { top: { style: 'thin' } };
  }
  ws.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 1 }];
  return ws;
}

export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await wb.xlsx.writeBuffer();
  return normalizeZip(new Uint8Array(buffer as ArrayBuffer));
}

/**
 * Writes a small titled table (bold title, bold header, rows) below a sheet's main table, starting at `row`;
 * numbers get `numFmt`. Returns the next free row, leaving one blank row after the block.
 */
export function addBlock(
  ws: ExcelJS.Worksheet,
  row: number,
  title: string,
  headers: string[],
  rows: (string | number | null)[][],
  numFmt = '#,##0',
): number {
  ws.getCell(row, 1).value = title;
  ws.getCell(row, 1).font = { bold: true };
  row++;
  ws.getRow(row).values = headers;
  ws.getRow(row).font = { bold: true };
  row++;
  for (const r of rows) {
    ws.getRow(row).values = r;
    r.forEach((v, i) => {
      if (typeof v === 'number') ws.getCell(row, i + 1).numFmt = numFmt;
    });
    row++;
  }
  return row + 1;
}
