import { gridDisk, gridDistance, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  bhAdjust,
  erf,
  erfc,
  fillStudyArea,
  getisOrdGiStar,
  neighbourhoods,
  normalCdf,
  twoSidedP,
} from './gistar.ts';

const origin = latLngToCell(20.6597, -103.3496, 9); // Guadalajara

function expectRelative(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe('normal distribution', () => {
  it('computes erf and erfc to about 1e-7', () => {
    // Reference values from mpmath at 30 digits.
    expect(erf(0)).toBeCloseTo(0, 7);
    expectRelative(erf(0.5), 0.5204998778130465, 2e-7);
    expectRelative(erf(1), 0.8427007929497149, 2e-7);
    expectRelative(erf(-1), -0.8427007929497149, 2e-7);
    expectRelative(erf(2), 0.9953222650189527, 2e-7);
    expectRelative(erfc(3), 2.209049699858544e-5, 2e-7);
    expectRelative(erfc(5), 1.5374597944280349e-12, 2e-7); // the tail keeps its relative precision
    expectRelative(erfc(-2), 1.9953222650189528, 2e-7);
  });

  it('gives the familiar critical values', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(twoSidedP(1.6448536269514722)).toBeCloseTo(0.1, 7);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 7);
    expect(twoSidedP(2.5758293035489004)).toBeCloseTo(0.01, 7);
    expect(twoSidedP(0)).toBe(1);
  });
});

describe('Benjamini–Hochberg', () => {
  // The worked example of Benjamini & Hochberg (1995): at q = 0.05 BH rejects 4 hypotheses, Bonferroni only 3.
  const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];

  it('rejects the paper’s four hypotheses', () => {
    expect(benjaminiHochberg(p, 0.05).filter(Boolean).length).toBe(4);
    expect(benjaminiHochberg(p, 0.05).slice(0, 4)).toEqual([true, true, true, true]);
    expect(p.filter((x) => x <= 0.05 / p.length).length).toBe(3);
  });

  it('adjusts like p.adjust(p, "BH"), in the input order', () => {
    const q = bhAdjust(p);
    expect(q[0]).toBeCloseTo(0.0015, 12); // 15·0.0001/1 < 15·0.0004/2 = 0.003
    expect(q[1]).toBeCloseTo(0.003, 12);
    expect(q[3]).toBeCloseTo(0.035625, 12); // 15·0.0095/4
    expect(q[4]).toBeCloseTo(0.0603, 12); // 15·0.0201/5
    expect(q[5]).toBeCloseTo((15 * 0.0298) / 7, 12); // 15·0.0278/6 = 0.0695 > later 15·0.0298/7 ≈ 0.06386
    expect(q[14]).toBe(1);
    const shuffled = [p[9]!, p[0]!, p[4]!];
    const qs = bhAdjust(shuffled); // m = 3: sorted 0.0001, 0.0201, 0.324
    expect(qs[1]).toBeCloseTo(0.0003, 12);
    expect(qs[2]).toBeCloseTo(0.03015, 12);
    expect(qs[0]).toBeCloseTo(0.324, 12);
    expect(bhAdjust([])).toEqual([]);
  });
});

describe('Getis-Ord Gi*', () => {
  it('matches a hand computation on a 19-hexagon area', () => {
    // Centre 10, first ring 1 each, second ring 0: n = 19, Σx = 16, Σx² = 106.
    const area = gridDisk(origin, 2);
    const counts = area.map((cell) => {
      const d = gridDistance(origin, cell);
      return { cell, n: d === 0 ? 10 : d === 1 ? 1 : 0 };
    });
    const result = getisOrdGiStar(counts, { k: 1 });
    const n = 19;
    const mean = 16 / 19;
    const S = Math.sqrt(106 / n - mean ** 2);
    const zOf = (W: number, wx: number) => (wx - mean * W) / (S * Math.sqrt((n * W - W * W) / (n - 1)));
    expect(result.cellCount).toBe(19);
    expect(result.mean).toBeCloseTo(mean, 12);
    expect(result.sd).toBeCloseTo(S, 12);

    const byCell = new Map(result.cells.map((c) => [c.cell, c]));
    const centre = byCell.get(origin)!;
    expect([centre.neighbourhood, centre.neighbourhoodCount]).toEqual([7, 16]);
    expect(centre.z).toBeCloseTo(zOf(7, 16), 10); // ≈ 2.1198
    expect(centre.z).toBeCloseTo(2.1197683470024926, 10);
    // A first-ring cell: itself 1, the centre 10, two first-ring neighbours 1 each, three second-ring zeros.
    const ring1 = result.cells.filter((c) => gridDistance(origin, c.cell) === 1);
    for (const c of ring1) {
      expect([c.neighbourhood, c.neighbourhoodCount]).toEqual([7, 13]);
      expect(c.z).toBeCloseTo(zOf(7, 13), 10); // ≈ 1.4905
    }
    // Second ring: corners touch one first-ring cell and have 3 neighbours outside (W = 4); edges touch two (W = 5).
    const ring2 = result.cells.filter((c) => gridDistance(origin, c.cell) === 2);
    expect(ring2.filter((c) => c.neighbourhood === 4).every((c) => Math.abs(c.z - zOf(4, 1)) < 1e-10)).toBe(true);
    expect(ring2.filter((c) => c.neighbourhood === 5).every((c) => Math.abs(c.z - zOf(5, 2)) < 1e-10)).toBe(true);
    expect(ring2.filter((c) => c.neighbourhood === 4).length).toBe(6);

    // p ≈ 0.034 for the centre is below 0.05 uncorrected, but not after BH across 19 tests: q = 19·p/1 > 0.05.
    expect(centre.p).toBeCloseTo(twoSidedP(zOf(7, 16)), 12);
    expect(centre.p).toBeLessThan(0.05);
    // Its adjusted p-value is min over ranks j ≥ 1 of 19·p₍ⱼ₎/j, reached at rank 7 by the six tied first-ring cells.
    expect(centre.q).toBeCloseTo((19 * twoSidedP(zOf(7, 13))) / 7, 12);
    expect(centre.q).toBeGreaterThan(0.05);
    expect(centre.class).toBe('not-significant');
    expect(centre.bin).toBe(0);
    // Sorted by z, hottest first.
    expect(result.cells[0]!.cell).toBe(origin);
    expect(result.cells.map((c) => c.z)).toEqual([...result.cells.map((c) => c.z)].sort((a, b) => b - a));
  });

  it('finds a significant hot spot and ranks it with its counts', () => {
    // 127 cells (6 rings); a cluster of 7 cells with 20 incidents each, a background of 1 every third cell.
    const area = gridDisk(origin, 6);
    const cluster = new Set(gridDisk(origin, 1));
    const counts = area.map((cell, i) => ({ cell, n: cluster.has(cell) ? 20 : i % 3 === 0 ? 1 : 0 }));
    const result = getisOrdGiStar(counts);
    const top = result.cells[0]!;
    expect(top.cell).toBe(origin);
    expect(top.n).toBe(20);
    expect(top.neighbourhoodCount).toBe(140);
    expect(top.class).toBe('hot');
    expect(top.confidence).toBe(99);
    expect(top.bin).toBe(3);
    expect(top.q).toBeLessThanOrEqual(0.01);
    expect(result.hot).toBeGreaterThanOrEqual(7);
    expect(result.cells.filter((c) => c.class === 'hot').every((c) => gridDistance(origin, c.cell) <= 2)).toBe(true);
    expect(result.cold).toBe(0);
    expect(result.description).toContain('Benjamini-Hochberg');
  });

  it('matches a hand computation on 7 hexagons, where the centre is undefined', () => {
    // Centre 10 and a ring of 1s, k = 1: n = 7, X̄ = 16/7, S = √(106/7 − (16/7)²).
    const seven = gridDisk(origin, 1).map((cell) => ({ cell, n: cell === origin ? 10 : 1 }));
    const result = getisOrdGiStar(seven);
    const S = Math.sqrt(106 / 7 - (16 / 7) ** 2);
    // A ring cell sees itself, the centre and its two ring neighbours: W = 4, Σwx = 13.
    const zRing = (13 - (16 / 7) * 4) / (S * Math.sqrt((7 * 4 - 4 * 4) / 6));
    expect(zRing).toBeCloseTo(Math.sqrt(3) / 2, 12);
    for (const c of result.cells.filter((c) => c.cell !== origin)) {
      expect([c.neighbourhood, c.neighbourhoodCount]).toEqual([4, 13]);
      expect(c.z).toBeCloseTo(zRing, 12);
    }
    // The centre's neighbourhood is the whole area: n·W − W² = 49 − 49 = 0, so z is undefined and reported as 0.
    const centre = result.cells.find((c) => c.cell === origin)!;
    expect([centre.neighbourhood, centre.z, centre.p, centre.class]).toEqual([7, 0, 1, 'not-significant']);
    expect(result.cells.at(-1)!.cell).toBe(origin);
  });

  it('gives z = 0 when every cell has the same count', () => {
    const flat = gridDisk(origin, 3).map((cell) => ({ cell, n: 4 }));
    const result = getisOrdGiStar(flat);
    expect(result.sd).toBe(0);
    expect(result.cells.every((c) => c.z === 0 && c.p === 1 && c.class === 'not-significant')).toBe(true);
  });

  it('validates its input and sums duplicate cells', () => {
    expect(() => getisOrdGiStar([{ cell: origin, n: 1 }], { k: 0 })).toThrow(RangeError);
    expect(() => getisOrdGiStar([{ cell: origin, n: 1 }], { alpha: 0.2 })).toThrow(RangeError);
    expect(() => getisOrdGiStar([{ cell: origin, n: -1 }])).toThrow(RangeError);
    const coarse = latLngToCell(20.6597, -103.3496, 7);
    expect(() => getisOrdGiStar([{ cell: origin, n: 1 }, { cell: coarse, n: 1 }])).toThrow('Mixed H3 resolutions');
    const r = getisOrdGiStar([{ cell: origin, n: 1 }, { cell: origin, n: 2 }]);
    expect(r.cells).toHaveLength(1);
    expect(r.cells[0]!.n).toBe(3);
  });

  it('finds the same neighbourhoods through local IJ coordinates as through gridDisk', () => {
    // An irregular area with holes: every third cell of a 10-ring disk is missing.
    const area = gridDisk(origin, 10).filter((_, i) => i % 3 !== 0);
    for (const k of [1, 2, 3]) {
      const fast = neighbourhoods(area, k);
      expect(fast).toEqual(neighbourhoods(area, k, false));
      expect(fast.some((m) => m.length < 3 * k * (k + 1) + 1)).toBe(true);
    }
    // A wide area (Chihuahua to Yucatán, resolution 5) still agrees.
    const wide = gridDisk(latLngToCell(23, -100, 5), 60);
    expect(neighbourhoods(wide, 1)).toEqual(neighbourhoods(wide, 1, false));
  });

  it('fills the study area with zeros and keeps what falls outside', () => {
    const area = gridDisk(origin, 1);
    const far = latLngToCell(20.7, -103.3, 9);
    const { cells, outside } = fillStudyArea(area, [{ cell: origin, n: 5 }, { cell: far, n: 2 }, { cell: origin, n: 1 }]);
    expect(cells).toHaveLength(7);
    expect(cells.find((c) => c.cell === origin)!.n).toBe(6);
    expect(cells.reduce((s, c) => s + c.n, 0)).toBe(6);
    expect(outside).toEqual([{ cell: far, n: 2 }]);
  });
});
