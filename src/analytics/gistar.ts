// Hot-spot analysis: Getis-Ord Gi* on H3 hexagons with binary contiguity weights, two-sided normal p-values and a
// Benjamini–Hochberg correction for the thousands of simultaneous tests a map makes (without it, 5% of the cells of
// a random map would come out "significant"). Same statistic and bins as ArcGIS Hot Spot Analysis with FDR.
import { cellToLocalIj, gridDisk, isPentagon } from 'h3-js';
import { cellResolution, type CellCount } from './hexgrid.ts';

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (erfcc): fractional error below 1.2e-7 for every x, so tail
 * p-values such as 1e-12 keep their relative precision (1 − erf(x) would cancel to zero).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
          t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export const erf = (x: number): number => 1 - erfc(x);

/** Standard normal cumulative distribution Φ(z). */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** Two-sided p-value of a z-score: P(|Z| ≥ |z|) = erfc(|z|/√2). */
export const twoSidedP = (z: number): number => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));

/**
 * Benjamini–Hochberg adjusted p-values (R's p.adjust(p, 'BH')), in the input order: q₍ᵢ₎ = min over j ≥ i of
 * m·p₍ⱼ₎/j, capped at 1. A test is rejected at false-discovery rate α exactly when its adjusted p-value ≤ α.
 */
export function bhAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1]!;
    running = Math.min(running, (m * p) / rank);
    out[i] = running;
  }
  return out;
}

/** Which hypotheses the Benjamini–Hochberg step-up procedure rejects at false-discovery rate α. */
export const benjaminiHochberg = (pValues: readonly number[], alpha = 0.05): boolean[] =>
  bhAdjust(pValues).map((q) => q <= alpha);

export type HotSpotClass = 'hot' | 'cold' | 'not-significant';
export type Confidence = 90 | 95 | 99;

export interface GiStarCell {
  cell: string;
  /** The cell's own count. */
  n: number;
  /** Number of cells in its neighbourhood inside the study area, itself included (Σ wᵢⱼ). */
  neighbourhood: number;
  /** Sum of the counts of that neighbourhood (Σ wᵢⱼ xⱼ). */
  neighbourhoodCount: number;
  z: number;
  /** Two-sided p-value before correction. */
  p: number;
  /** Benjamini–Hochberg adjusted p-value. */
  q: number;
  class: HotSpotClass;
  /** Highest of 99/95/90 % whose FDR level (0.01/0.05/0.10) the cell passes, when significant at α; else null. */
  confidence: Confidence | null;
  /** ArcGIS-style bin: ±3 (99 %), ±2 (95 %), ±1 (90 %), 0 not significant; positive for hot spots. */
  bin: -3 | -2 | -1 | 0 | 1 | 2 | 3;
}

export interface GiStarResult {
  cells: GiStarCell[];
  /** Number of cells of the study area, their mean count and (population) standard deviation. */
  cellCount: number;
  mean: number;
  sd: number;
  k: number;
  alpha: number;
  resolution: number;
  hot: number;
  cold: number;
  /** Spanish sentence for the report's methodology note. */
  description: string;
}

export interface GiStarOptions {
  /** Neighbourhood radius in rings of hexagons (default 1: the cell and its 6 neighbours). */
  k?: number;
  /** False-discovery rate for calling a cell a hot or cold spot, at most 0.10 (default 0.05). */
  alpha?: number;
}

const LEVELS: readonly [Confidence, number][] = [[99, 0.01], [95, 0.05], [90, 0.1]];

/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), the form ArcGIS uses:
 *   z_i = (Σⱼ wᵢⱼ xⱼ − X̄ Σⱼ wᵢⱼ) / (S √((n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1)))
 * with X̄ and S = √(Σ xⱼ²/n − X̄²) over all n cells of the study area, and wᵢⱼ = 1 when j is i or lies within k
 * rings of it (and inside the study area), else 0. The caller passes every cell of the area, zero counts included:
 * leaving them out would compare busy cells only with busy cells. Duplicate cells are summed.
 * Cells whose statistic is undefined (S = 0, or a neighbourhood that is the whole area) get z = 0, p = 1.
 */
export function getisOrdGiStar(input: readonly CellCount[], opts: GiStarOptions = {}): GiStarResult {
  const k = opts.k ?? 1;
  const alpha = opts.alpha ?? 0.05;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  // Above 0.10 a significant cell would have no confidence bin to go in.
  if (!(alpha > 0 && alpha <= 0.1)) throw new RangeError(`alpha must be within (0, 0.10], got ${alpha}`);

  const counts = new Map<string, number>();
  let resolution = -1;
  for (const { cell, n } of input) {
    const res = cellResolution(cell);
    if (resolution === -1) resolution = res;
    else if (res !== resolution) throw new RangeError(`Mixed H3 resolutions ${resolution} and ${res}`);
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`Invalid count ${n} for cell ${cell}`);
    counts.set(cell, (counts.get(cell) ?? 0) + n);
  }
  const cells = [...counts.keys()];
  const nCells = cells.length;
  let sum = 0;
  for (const x of counts.values()) sum += x;
  const mean = nCells > 0 ? sum / nCells : 0;
  // Two passes: Σx²/n − X̄² loses its digits to cancellation when counts are large and alike.
  let squares = 0;
  for (const x of counts.values()) squares += (x - mean) ** 2;
  const sd = nCells > 0 ? Math.sqrt(squares / nCells) : 0;

  const values = cells.map((c) => counts.get(c)!);
  const neighbours = neighbourhoods(cells, k);
  const partial = cells.map((cell, i) => {
    const members = neighbours[i]!;
    const w = members.length;
    let wx = 0;
    for (const j of members) wx += values[j]!;
    // Binary weights: Σ w² = Σ w.
    const varianceTerm = (nCells * w - w * w) / (nCells - 1);
    const z = sd > 0 && varianceTerm > 0 ? (wx - mean * w) / (sd * Math.sqrt(varianceTerm)) : 0;
    return { cell, n: counts.get(cell)!, neighbourhood: w, neighbourhoodCount: wx, z, p: twoSidedP(z) };
  });

  const qs = bhAdjust(partial.map((c) => c.p));
  let hot = 0;
  let cold = 0;
  const out: GiStarCell[] = partial.map((c, i) => {
    const q = qs[i]!;
    const significant = q <= alpha && c.z !== 0;
    const confidence = significant ? (LEVELS.find(([, level]) => q <= level)?.[0] ?? null) : null;
    const sign = c.z > 0 ? 1 : -1;
    const magnitude = confidence === 99 ? 3 : confidence === 95 ? 2 : confidence === 90 ? 1 : 0;
    const cls: HotSpotClass = confidence === null ? 'not-significant' : sign > 0 ? 'hot' : 'cold';
    if (cls === 'hot') hot++;
    if (cls === 'cold') cold++;
    return { ...c, q, class: cls, confidence, bin: (magnitude === 0 ? 0 : sign * magnitude) as GiStarCell['bin'] };
  });
  out.sort((a, b) => b.z - a.z || (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));

  const description = nCells === 0 ? 'Sin celdas en el área de estudio.' :
    `Puntos calientes por el estadístico Gi* de Getis-Ord sobre ${nCells.toLocaleString('es-MX')} hexágonos H3 ` +
    `de resolución ${resolution}, con vecindad de ${k} ${k === 1 ? 'anillo' : 'anillos'} (la celda y sus vecinas) ` +
    `y corrección por pruebas múltiples de Benjamini-Hochberg (tasa de falsos descubrimientos ${alpha * 100} %): ` +
    `${hot} ${hot === 1 ? 'celda caliente' : 'celdas calientes'} y ${cold} ${cold === 1 ? 'celda fría' : 'celdas frías'}.`;
  return { cells: out, cellCount: nCells, mean, sd, k, alpha, resolution, hot, cold, description };
}

/**
 * For each cell, the indexes of the cells of the list within k rings of it (itself included). Local IJ coordinates
 * anchored at the first cell turn this into arithmetic (one h3 call per cell instead of a gridDisk per cell, about 2×
 * faster); H3 computes gridDistance the same way. Where IJ coordinates are not defined (pentagons, or an area spanning
 * an icosahedron edge that h3 cannot unfold) it falls back to gridDisk.
 */
export function neighbourhoods(cells: readonly string[], k: number, useLocalIj = true): number[][] {
  const index = new Map<string, number>();
  cells.forEach((c, i) => index.set(c, i));
  const ij = useLocalIj ? localIj(cells) : null;
  if (!ij) {
    return cells.map((cell) => {
      const out: number[] = [];
      for (const c of gridDisk(cell, k)) {
        const j = index.get(c);
        if (j !== undefined) out.push(j); // cells outside the study area have no weight
      }
      return out.sort((a, b) => a - b);
    });
  }
  // Pack (i, j) into one safe integer key; offsets keep both parts non-negative.
  const OFFSET = 2 ** 24;
  const key = (i: number, j: number) => (i + OFFSET) * 2 ** 25 + (j + OFFSET);
  const byIj = new Map<number, number>();
  for (let n = 0; n < cells.length; n++) byIj.set(key(ij.i[n]!, ij.j[n]!), n);
  return cells.map((_, n) => {
    const out: number[] = [];
    for (let di = -k; di <= k; di++) {
      for (let dj = -k; dj <= k; dj++) {
        // Hex distance in H3's IJ axes, whose six neighbours are (±1, 0), (0, ±1), ±(1, 1).
        if (Math.max(Math.abs(di), Math.abs(dj), Math.abs(di - dj)) > k) continue;
        const m = byIj.get(key(ij.i[n]! + di, ij.j[n]! + dj));
        if (m !== undefined) out.push(m);
      }
    }
    return out.sort((a, b) => a - b);
  });
}

function localIj(cells: readonly string[]): { i: Int32Array; j: Int32Array } | null {
  if (cells.length === 0) return { i: new Int32Array(0), j: new Int32Array(0) };
  const anchor = cells[0]!;
  const i = new Int32Array(cells.length);
  const j = new Int32Array(cells.length);
  try {
    for (let n = 0; n < cells.length; n++) {
      if (isPentagon(cells[n]!)) return null;
      const c = cellToLocalIj(anchor, cells[n]!);
      i[n] = c.i;
      j[n] = c.j;
    }
  } catch {
    return null;
  }
  return { i, j };
}

/**
 * Gives every cell of the study area its count (0 when absent), the input Gi* needs. Counts in cells outside the
 * area are returned apart so the caller can report them instead of losing them silently.
 */
export function fillStudyArea(
  areaCells: Iterable<string>,
  counts: Iterable<CellCount>,
): { cells: CellCount[]; outside: CellCount[] } {
  const filled = new Map<string, number>();
  for (const cell of areaCells) filled.set(cell, 0);
  const outside = new Map<string, number>();
  for (const { cell, n } of counts) {
    if (filled.has(cell)) filled.set(cell, filled.get(cell)! + n);
    else outside.set(cell, (outside.get(cell) ?? 0) + n);
  }
  const toList = (m: Map<string, number>) => [...m].map(([cell, n]) => ({ cell, n }));
  return { cells: toList(filled), outside: toList(outside) };
}
