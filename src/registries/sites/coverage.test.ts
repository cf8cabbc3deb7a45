import { describe, expect, it } from 'vitest';
import { cellToLatLng, greatCircleDistance, gridDisk, latLngToCell } from 'h3-js';
import { CELL_EDGE_METERS, cellsNear, coveredCells, greedySites, ringsFor } from './coverage.ts';

describe('camera coverage on the H3 grid', () => {
  it('finds every cell whose centre is within the distance, and no other', () => {
    const p = { lat: 17.06, lng: -96.725 };
    for (const d of [100, 300, 1000]) {
      const near = new Set(cellsNear(p, d));
      // Brute force over a disk twice as wide as the rings the function uses.
      const origin = latLngToCell(p.lat, p.lng, 9);
      for (const c of gridDisk(origin, 2 * ringsFor(d))) {
        expect(near.has(c), `${c} at ${d} m`).toBe(greatCircleDistance(cellToLatLng(c), [p.lat, p.lng], 'm') <= d);
      }
    }
    expect(Math.round(CELL_EDGE_METERS)).toBe(201);
  });

  it('chooses greedily the sites that cover most uncovered incidents', async () => {
    const a = latLngToCell(17.06, -96.725, 9);
    const [neighbour] = gridDisk(a, 1).filter((c) => c !== a);
    const far = latLngToCell(17.2, -96.6, 9);
    const lone = latLngToCell(16.9, -96.8, 9);
    const uncovered = [
      { cell: a, n: 4 },
      { cell: neighbour!, n: 3 },
      { cell: far, n: 5 },
      { cell: lone, n: 1 },
    ];
    // At 400 m a site on one of the two neighbouring cells covers both (7) and beats the heaviest single cell (5).
    const picks = await greedySites(uncovered, 400, 3);
    expect(picks.map((p) => [p.gain, p.cumulative])).toEqual([[7, 7], [5, 12], [1, 13]]);
    expect([a, neighbour]).toContain(picks[0]!.cell);
    expect((await greedySites(uncovered, 100, 1)).map((p) => p.cell)).toEqual([far]);
    expect(coveredCells([{ lat: 17.06, lng: -96.725 }], 100)).toEqual(new Set([a]));
  });
});
