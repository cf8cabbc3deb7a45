// The coverage analysis as a workbook for the video-surveillance area: summary with the method, municipalities,
// months, the hexagons with incidents and no camera near, and the proposed sites. Written with the report
// renderers, so the same analysis gives the same bytes.
import { addBlock, addTableSheet, newWorkbook, workbookBytes } from '../../reports/render/xlsx.ts';
import type { ProductMeta } from '../../reports/types.ts';
import type { CoverageResult } from './coverage-analysis.ts';

/** Rows of uncovered hexagons written at most (the heaviest first); the summary says how many there are. */
const MAX_CELL_ROWS = 20_000;

export function coverageMeta(r: CoverageResult, stateName: string): ProductMeta {
  return {
    reportCode: 'cobertura-pmi',
    reportName: 'Análisis de cobertura de los Puntos de Monitoreo Inteligente (PMI)',
    periodLabel: r.period.label,
    periodKey: r.period.key,
    stateName,
    classificationLabel: 'Uso interno',
    cnieVersion: '3',
    scopeLabel: `${r.municipality ? r.municipality.name : 'Cobertura estatal'} · ${r.preset.label} · ${r.distanceMeters.toLocaleString('es-MX')} m`,
  };
}

export async function coverageWorkbook(r: CoverageResult, stateName: string): Promise<Uint8Array> {
  const meta = coverageMeta(r, stateName);
  const wb = newWorkbook(meta);
  const share = (x: number | null) => (x === null ? 'n.a.' : x);
  const summary = addTableSheet(
    wb,
    'Resumen',
    meta,
    'Incidentes cerca de un PMI en operación',
    [
      { header: 'Indicador', key: 'label', width: 52 },
      { header: 'Valor', key: 'value', width: 18, numFmt: '#,##0' },
    ],
    [
      { label: 'Incidentes reales con ubicación', value: r.total.incidents },
      { label: `Incidentes a ${r.distanceMeters} m o menos de un PMI en operación`, value: r.total.covered },
      { label: 'Incidentes sin cámara cerca', value: r.total.uncovered },
      { label: 'Hexágonos con incidentes sin cámara cerca', value: r.uncoveredCellCount },
      { label: `PMI en operación al ${r.asOf}`, value: r.workingSites },
      { label: 'Distancia (m)', value: r.distanceMeters },
    ],
  );
  const shareRow = summary.rowCount + 1;
  summary.getCell(shareRow, 1).value = 'Proporción de incidentes cerca de una cámara';
  summary.getCell(shareRow, 2).value = share(r.total.share);
  summary.getCell(shareRow, 2).numFmt = '0.0%';
  addBlock(
    summary,
    shareRow + 2,
    'Parámetros',
    ['Parámetro', 'Valor'],
    [
      ['Periodo', r.period.label],
      ['Incidentes', r.preset.label],
      ['Tipos de cámara', r.kinds.map((k) => k.label).join(', ')],
      ['Ámbito', r.municipality ? `${r.municipality.name} (${r.municipality.code})` : 'Todo el estado'],
    ],
  );
  addBlock(summary, summary.rowCount + 2, 'Método', [], r.notes.map((n) => [n]));

  const pctFmt = (ws: ReturnType<typeof addTableSheet>, col: number) => {
    ws.getColumn(col).numFmt = '0.0%';
  };
  const mun = addTableSheet(
    wb,
    'Municipios',
    meta,
    'Cobertura por municipio',
    [
      { header: 'Clave', key: 'code', width: 9 },
      { header: 'Municipio', key: 'name', width: 36 },
      { header: 'Incidentes', key: 'incidents', numFmt: '#,##0', total: true, width: 12 },
      { header: 'Cerca de un PMI', key: 'covered', numFmt: '#,##0', total: true, width: 14 },
      { header: 'Sin cámara cerca', key: 'uncovered', numFmt: '#,##0', total: true, width: 14 },
      { header: 'Proporción cubierta', key: 'share', width: 12 },
      { header: 'PMI en operación', key: 'workingSites', numFmt: '#,##0', total: true, width: 12 },
    ],
    r.byMunicipality.map((m) => ({ code: m.code, name: m.name, incidents: m.incidents, covered: m.covered, uncovered: m.uncovered, share: share(m.share), workingSites: m.workingSites })),
    { share: share(r.total.share) },
  );
  pctFmt(mun, 6);
  const months = addTableSheet(
    wb,
    'Meses',
    meta,
    'Cobertura por mes',
    [
      { header: 'Mes', key: 'label', width: 22 },
      { header: 'Incidentes', key: 'incidents', numFmt: '#,##0', total: true, width: 12 },
      { header: 'Cerca de un PMI', key: 'covered', numFmt: '#,##0', total: true, width: 14 },
      { header: 'Sin cámara cerca', key: 'uncovered', numFmt: '#,##0', total: true, width: 14 },
      { header: 'Proporción cubierta', key: 'share', width: 12 },
      { header: 'PMI en operación al cierre', key: 'workingSites', numFmt: '#,##0', width: 14 },
    ],
    r.byMonth.map((m) => ({ label: m.label, incidents: m.incidents, covered: m.covered, uncovered: m.uncovered, share: share(m.share), workingSites: m.workingSites })),
    { share: share(r.total.share) },
  );
  pctFmt(months, 5);
  addTableSheet(
    wb,
    'Sin cámara cerca',
    meta,
    `Hexágonos H3 (res. 9) con incidentes y sin PMI en operación a ${r.distanceMeters} m${r.uncoveredCells.length > MAX_CELL_ROWS ? ` (los ${MAX_CELL_ROWS.toLocaleString('es-MX')} con más incidentes)` : ''}`,
    [
      { header: 'Hexágono H3', key: 'cell', width: 18 },
      { header: 'Latitud del centro', key: 'lat', width: 14, numFmt: '0.000000' },
      { header: 'Longitud del centro', key: 'lng', width: 14, numFmt: '0.000000' },
      { header: 'Municipio', key: 'municipality', width: 32 },
      { header: 'Incidentes', key: 'n', numFmt: '#,##0', total: true, width: 12 },
    ],
    r.uncoveredCells.slice(0, MAX_CELL_ROWS).map((c) => ({ cell: c.cell, lat: c.lat, lng: c.lng, municipality: c.municipality, n: c.n })),
  );
  const prop = addTableSheet(
    wb,
    'Sitios propuestos',
    meta,
    'Ubicaciones que cubrirían más incidentes sin cámara cerca (elección voraz)',
    [
      { header: 'Orden', key: 'rank', width: 8 },
      { header: 'Latitud', key: 'lat', width: 12, numFmt: '0.000000' },
      { header: 'Longitud', key: 'lng', width: 12, numFmt: '0.000000' },
      { header: 'Municipio', key: 'municipality', width: 32 },
      { header: 'Incidentes que agrega', key: 'gain', numFmt: '#,##0', total: true, width: 14 },
      { header: 'Acumulado', key: 'cumulative', numFmt: '#,##0', width: 12 },
      { header: 'Proporción cubierta con los propuestos hasta aquí', key: 'shareAfter', width: 18 },
      { header: 'Hexágono H3', key: 'cell', width: 18 },
    ],
    r.proposals.map((p) => ({ rank: p.rank, lat: p.lat, lng: p.lng, municipality: p.municipality, gain: p.gain, cumulative: p.cumulative, shareAfter: share(p.shareAfter), cell: p.cell })),
  );
  pctFmt(prop, 7);
  return workbookBytes(wb);
}
