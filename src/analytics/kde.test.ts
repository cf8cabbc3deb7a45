import { describe, expect, it } from 'vitest';
import {
  chooseBandwidth,
  densityAt,
  gridCellCentre,
  gridIntegral,
  kernelDensity,
  project,
  quarticKernel,
  roundBandwidth,
  unproject,
  type WeightedPoint,
} from './kde.ts';

const centre = { lat: 17.0732, lng: -96.7266 }; // Oaxaca de Juárez

describe('quartic kernel', () => {
  it('integrates to one over the unit disc', () => {
    // ∫₀¹ K(r) 2πr dr by the midpoint rule.
    const steps = 10_000;
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      const r = (i + 0.5) / steps;
      sum += quarticKernel(r) * 2 * Math.PI * r / steps;
    }
    expect(sum).toBeCloseTo(1, 6);
    expect(quarticKernel(0)).toBeCloseTo(3 / Math.PI, 12);
    expect(quarticKernel(1)).toBe(0);
  });
});

describe('kernelDensity', () => {
  const h = 1_000;
  const grid = kernelDensity([{ ...centre, weight: 7 }], { bandwidthMeters: h, cellSizeMeters: 50 });
  const at = (col: number, row: number) => grid.values[row * grid.cols + col]!;
  const mid = { col: (grid.cols - 1) / 2, row: (grid.rows - 1) / 2 };

  it('puts 3/(π h²) × weight per m² at a single point, in weight per km²', () => {
    expect(grid.cols % 2).toBe(1);
    expect(grid.rows).toBe(grid.cols);
    const expected = (3 / (Math.PI * h * h)) * 7 * 1e6; // ≈ 6.685 per km²
    expect(at(mid.col, mid.row)).toBeCloseTo(expected, 10);
    expect(grid.maxValue).toBeCloseTo(expected, 10);
    expect(densityAt(grid, centre.lat, centre.lng)).toBeCloseTo(expected, 10);
    const c = gridCellCentre(grid, mid.col, mid.row);
    expect(c.lat).toBeCloseTo(centre.lat, 9);
    expect(c.lng).toBeCloseTo(centre.lng, 9);
  });

  it('follows the kernel profile and is symmetric', () => {
    // 500 m east: u = 0.5, K = 3/π × 0.75².
    const expected = (3 / (Math.PI * h * h)) * 7 * 1e6 * 0.75 ** 2;
    expect(at(mid.col + 10, mid.row)).toBeCloseTo(expected, 10);
    for (let d = 1; d <= 20; d++) {
      const v = at(mid.col + d, mid.row);
      expect(at(mid.col - d, mid.row)).toBeCloseTo(v, 10);
      expect(at(mid.col, mid.row + d)).toBeCloseTo(v, 10);
      expect(at(mid.col, mid.row - d)).toBeCloseTo(v, 10);
      expect(at(mid.col + d, mid.row + d)).toBeCloseTo(at(mid.col - d, mid.row - d), 10);
    }
    expect(at(mid.col + 20, mid.row)).toBe(0); // exactly one bandwidth away
  });

  it('integrates to the total weight', () => {
    expect(grid.totalWeight).toBe(7);
    expect(gridIntegral(grid)).toBeCloseTo(7, 2);
    const coarse = kernelDensity([{ ...centre, weight: 7 }], { bandwidthMeters: h });
    expect(coarse.cellSizeMeters).toBe(250);
    expect(gridIntegral(coarse)).toBeGreaterThan(6.5);
    expect(gridIntegral(coarse)).toBeLessThan(7.5);
  });

  it('adds the kernels of several points', () => {
    const east = unproject({ lat0: centre.lat, lng0: centre.lng }, 600, 0);
    const points: WeightedPoint[] = [{ ...centre, weight: 2 }, { ...east, weight: 3 }];
    const g = kernelDensity(points, { bandwidthMeters: h, cellSizeMeters: 100, centre: { lat0: centre.lat, lng0: centre.lng } });
    const k = (d: number) => (3 / (Math.PI * h * h)) * 1e6 * (1 - (d * d) / (h * h)) ** 2;
    expect(densityAt(g, centre.lat, centre.lng)).toBeCloseTo(2 * k(0) + 3 * k(600), 8);
    expect(densityAt(g, east.lat, east.lng)).toBeCloseTo(2 * k(600) + 3 * k(0), 8);
    expect(gridIntegral(g)).toBeCloseTo(5, 1);
  });

  it('covers given bounds and refuses huge grids', () => {
    const bounds = { south: 16.9, west: -96.9, north: 17.2, east: -96.6 };
    const g = kernelDensity([{ ...centre, weight: 1 }], { bandwidthMeters: 1_000, cellSizeMeters: 500, bounds });
    const sw = gridCellCentre(g, 0, 0);
    expect(sw.lat).toBeLessThan(16.9 + 0.005);
    expect(sw.lng).toBeLessThan(-96.9 + 0.005);
    expect(() => kernelDensity([{ ...centre, weight: 1 }], { bandwidthMeters: 1_000, cellSizeMeters: 1, bounds }))
      .toThrow('aumente el tamaño de celda');
    expect(() => kernelDensity([{ ...centre, weight: 1 }], { bandwidthMeters: 0 })).toThrow(RangeError);
  });
});

describe('chooseBandwidth', () => {
  it('applies the spatial Silverman rule and rounds it', () => {
    // Four unit points on a circle of 2 km and one at the centre: SD = √(4·2000²/5), Dm = 2000 m, n = 5.
    const p = { lat0: centre.lat, lng0: centre.lng };
    const points: WeightedPoint[] = [
      { ...centre, weight: 1 },
      ...[[2000, 0], [-2000, 0], [0, 2000], [0, -2000]].map(([x, y]) => ({ ...unproject(p, x!, y!), weight: 1 })),
    ];
    const sd = Math.sqrt((4 * 2000 ** 2) / 5);
    const raw = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * 2000) * 5 ** -0.2;
    const choice = chooseBandwidth(points);
    expect(choice.standardDistanceMeters).toBeCloseTo(sd, 3);
    expect(choice.medianDistanceMeters).toBeCloseTo(2000, 3);
    expect(choice.rawMeters).toBeCloseTo(raw, 3); // ≈ 1 134 m
    expect(choice.meters).toBe(1_150);
    expect(choice.description).toContain('ancho de banda de 1,150 m');
  });

  it('keeps to its limits', () => {
    expect(chooseBandwidth([{ ...centre, weight: 40 }]).meters).toBe(500);
    expect(chooseBandwidth([{ ...centre, weight: 40 }]).description).toContain('mínimo admitido');
    expect(roundBandwidth(1_234)).toBe(1_250);
    expect(roundBandwidth(5_449)).toBe(5_400);
    expect(roundBandwidth(12_300)).toBe(12_500);
  });
});

describe('local projection', () => {
  it('round-trips and measures distances like the haversine formula nearby', () => {
    const p = { lat0: centre.lat, lng0: centre.lng };
    const { x, y } = project(p, 17.1, -96.7);
    const back = unproject(p, x, y);
    expect(back.lat).toBeCloseTo(17.1, 12);
    expect(back.lng).toBeCloseTo(-96.7, 12);
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    const a = Math.sin(((17.1 - centre.lat) * rad) / 2) ** 2 +
      Math.cos(centre.lat * rad) * Math.cos(17.1 * rad) * Math.sin(((-96.7 - centre.lng) * rad) / 2) ** 2;
    const haversine = 2 * R * Math.asin(Math.sqrt(a));
    expect(Math.abs(Math.hypot(x, y) - haversine) / haversine).toBeLessThan(1e-3);
  });
});
