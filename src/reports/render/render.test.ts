import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { ProductMeta } from '../types.ts';
import { addTableSheet, newWorkbook, workbookBytes } from './xlsx.ts';
import { barChart, heading, newPdf, pdfBytes, table } from './pdf.ts';

const meta: ProductMeta = {
  reportCode: 'prueba',
  reportName: 'Reporte de prueba',
  periodLabel: 'marzo de 2026',
  periodKey: '2026-03',
  stateName: 'Oaxaca',
  classificationLabel: 'Uso interno',
  cnieVersion: '3',
  scopeLabel: 'Consolidado estatal',
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function xlsx() {
  const wb = newWorkbook(meta);
  addTableSheet(wb, 'Datos', meta, 'Incidentes', [{ header: 'Municipio', key: 'm' }, { header: 'Incidentes', key: 'n', numFmt: '#,##0', total: true }], [
    { m: 'Oaxaca de Juárez', n: 1200 },
    { m: 'Santa Lucía del Camino', n: 300 },
  ]);
  return workbookBytes(wb);
}

async function pdf() {
  const doc = newPdf(meta, 'Prueba');
  heading(doc, 'Resumen');
  table(doc, [{ header: 'Municipio', width: 200, value: (r) => String(r.m) }, { header: 'Incidentes', width: 80, align: 'right', value: (r) => String(r.n) }], [{ m: 'Oaxaca de Juárez', n: 1200 }], { totals: { m: 'Total', n: 1200 } });
  barChart(doc, 'Incidentes por municipio', [{ label: 'Oaxaca de Juárez', value: 1200 }, { label: 'Santa Lucía del Camino', value: 300 }]);
  return pdfBytes(doc, meta);
}

describe('renderers', () => {
  it('write byte-identical XLSX for the same content, with the totals row', async () => {
    const [a, b] = [await xlsx(), await xlsx()];
    expect(sha(a)).toBe(sha(b));
    const sheet = new TextDecoder().decode(unzipSync(a)['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<pane');
    expect(sheet).toMatch(/<c r="B9"[^>]*><v>1500<\/v>/);
  });

  it('write byte-identical PDFs for the same content', async () => {
    const [a, b] = [await pdf(), await pdf()];
    expect(sha(a)).toBe(sha(b));
    expect(new TextDecoder('latin1').decode(a.slice(0, 8))).toBe('%PDF-1.3');
  });

  it('put the header and footer on each page without adding blank pages', async () => {
    const text = new TextDecoder('latin1').decode(await pdf());
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
  });
});
