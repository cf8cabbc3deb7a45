import { cellToParent, getResolution, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  aggregateToResolution,
  averageCellAreaKm2,
  cellAreaKm2,
  cellCentre,
  cellDisk,
  cellFeature,
  cellNeighbours,
  cellPolygon,
  geometryCells,
} from './hexgrid.ts';

// Zócalo of Mexico City and a point ~3 km away.
const zocalo = latLngToCell(19.4326, -99.1332, 9);
const other = latLngToCell(19.4125, -99.1602, 9);

describe('hexgrid', () => {
  it('aggregates resolution-9 cells to their parents, summing duplicates', () => {
    const sibling = cellNeighbours(zocalo).find((c) => cellToParent(c, 7) === cellToParent(zocalo, 7))!;
    const out = aggregateToResolution(
      [
        { cell: zocalo, n: 3 },
        { cell: sibling, n: 2 },
        { cell: zocalo, n: 1 },
        { cell: other, n: 5 },
      ],
      7,
    );
    const byCell = new Map(out.map((c) => [c.cell, c.n]));
    expect(byCell.get(cellToParent(zocalo, 7))).toBe(cellToParent(other, 7) === cellToParent(zocalo, 7) ? 11 : 6);
    expect(out.reduce((s, c) => s + c.n, 0)).toBe(11);
    expect(out.every((c) => getResolution(c.cell) === 7)).toBe(true);
    expect(out.map((c) => c.cell)).toEqual([...out.map((c) => c.cell)].sort());
    expect(aggregateToResolution([{ cell: zocalo, n: 2 }], 9)).toEqual([{ cell: zocalo, n: 2 }]);
    expect(() => aggregateToResolution([{ cell: cellToParent(zocalo, 7), n: 1 }], 9)).toThrow(RangeError);
    expect(() => aggregateToResolution([{ cell: 'nope', n: 1 }], 7)).toThrow('Invalid H3 cell');
  });

  it('gives a closed GeoJSON ring in [lng, lat] order around the centre', () => {
    const ring = cellPolygon(zocalo);
    expect(ring.length).toBe(7);
    expect(ring[0]).toEqual(ring[6]);
    const c = cellCentre(zocalo);
    expect(c.lat).toBeCloseTo(19.4326, 2);
    expect(c.lng).toBeCloseTo(-99.1332, 2);
    for (const [lng, lat] of ring) {
      expect(Math.abs(lng - c.lng)).toBeLessThan(0.005);
      expect(Math.abs(lat - c.lat)).toBeLessThan(0.005);
    }
    const f = cellFeature(zocalo, { n: 4 });
    expect(f.geometry.coordinates[0]).toEqual(ring);
    expect(f.properties).toEqual({ n: 4, cell: zocalo });
  });

  it('lists neighbours and areas', () => {
    expect(cellDisk(zocalo, 1)).toHaveLength(7);
    expect(cellDisk(zocalo, 2)).toHaveLength(19);
    expect(cellNeighbours(zocalo)).toHaveLength(6);
    expect(cellNeighbours(zocalo)).not.toContain(zocalo);
    expect(cellAreaKm2(zocalo)).toBeGreaterThan(0.09);
    expect(cellAreaKm2(zocalo)).toBeLessThan(0.13);
    expect(averageCellAreaKm2(7)).toBeCloseTo(5.16, 2);
  });

  it('fills a polygon with the cells of the study area', () => {
    // A square of about 1.1 km × 1.0 km holds roughly 11 cells of 0.105 km².
    const square = [[[-99.14, 19.43], [-99.13, 19.43], [-99.13, 19.44], [-99.14, 19.44], [-99.14, 19.43]]];
    const cells = geometryCells({ type: 'Polygon', coordinates: square }, 9);
    expect(cells.length).toBeGreaterThan(6);
    expect(cells.length).toBeLessThan(16);
    expect(geometryCells({ type: 'MultiPolygon', coordinates: [square, square] }, 9)).toEqual(cells);
  });
});
