// Camera coverage on the H3 grid, pure. Incidents are known by their resolution-9 cell (rollup_cells), so an
// incident is "near a camera" when its cell's centre lies within the chosen distance of a working camera site.
// The approximation is bounded: a point of a hexagon is at most one edge from its centre, and res-9 edges measure
// 188–221 m over Mexico (201 m on average, h3-js 4), so a figure for distance d counts every incident within
// d − 225 m and none beyond d + 225 m. The sites that would cover most uncovered incidents are chosen greedily over
// candidate locations (the centres of the uncovered cells): the greedy choice is the standard approximation of
// maximal coverage, within 1 − 1/e of the best set of that size.
import { cellToLatLng, getHexagonEdgeLengthAvg, greatCircleDistance, gridDisk, latLngToCell } from 'h3-js';

export const COVERAGE_RESOLUTION = 9;
/** Average edge (= circumradius) of a res-9 hexagon, ≈ 201 m. */
export const CELL_EDGE_METERS = getHexagonEdgeLengthAvg(COVERAGE_RESOLUTION, 'm');
/** The longest res-9 edge over Mexico's latitudes is 221 m: no point of a cell is farther from its centre. */
export const CELL_RADIUS_BOUND_METERS = 225;
/**
 * The shortest res-9 edge over Mexico is 188 m; the centres of the cells k rings away are at least 1.5 edges × k
 * apart, so k = ⌈d / (1.5 × 180 m)⌉ + 1 rings hold every centre within d of a point.
 */
const MIN_EDGE_METERS = 180;

export function ringsFor(distanceMeters: number): number {
  return Math.ceil(distanceMeters / (1.5 * MIN_EDGE_METERS)) + 1;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface WeightedCell {
  cell: string;
  n: number;
}

const centres = new Map<string, [number, number]>();
function centreOf(cell: string): [number, number] {
  let c = centres.get(cell);
  if (!c) {
    c = cellToLatLng(cell) as [number, number];
    if (centres.size > 2_000_000) centres.clear();
    centres.set(cell, c);
  }
  return c;
}

/**
 * The res-9 cells around a point whose centre is within `distanceMeters` of it; with `keep`, only the cells it
 * accepts (checked before the distance: most cells of a disk hold no incident).
 */
export function cellsNear(point: LatLng, distanceMeters: number, keep?: (cell: string) => boolean): string[] {
  const origin = latLngToCell(point.lat, point.lng, COVERAGE_RESOLUTION);
  const here: [number, number] = [point.lat, point.lng];
  return gridDisk(origin, ringsFor(distanceMeters)).filter((c) => (!keep || keep(c)) && greatCircleDistance(centreOf(c), here, 'm') <= distanceMeters);
}

/** The cells (among those `keep` accepts, when given) whose centre lies within `distanceMeters` of any of the points. */
export function coveredCells(points: readonly LatLng[], distanceMeters: number, keep?: (cell: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (const p of points) for (const c of cellsNear(p, distanceMeters, keep)) out.add(c);
  return out;
}

export interface Proposal {
  rank: number;
  /** The candidate cell whose centre is the proposed location. */
  cell: string;
  lat: number;
  lng: number;
  /** Uncovered incidents the site would add. */
  gain: number;
  /** Uncovered incidents covered by this site and the ones ranked before it. */
  cumulative: number;
}

/** A max-heap of candidates by (gain desc, cell asc), for the lazy greedy below. */
class CandidateHeap {
  readonly #items: { cell: string; gain: number }[] = [];
  get size() {
    return this.#items.length;
  }
  #before(a: { cell: string; gain: number }, b: { cell: string; gain: number }) {
    return a.gain > b.gain || (a.gain === b.gain && a.cell < b.cell);
  }
  push(item: { cell: string; gain: number }) {
    const h = this.#items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  peek() {
    return this.#items[0];
  }
  pop() {
    const h = this.#items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.#before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Lets the event loop run: the analysis runs on the server's thread, and the HTTP requests must keep being answered. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const SLICE = 250;

/**
 * Up to `budget` new sites, each at the centre of an uncovered cell, chosen one at a time to cover the most
 * uncovered incidents not yet covered by the sites chosen before it (lazy greedy: a candidate's gain can only
 * shrink, so a re-evaluated top candidate that still leads is the best). Candidates are the `maxCandidates` cells
 * with most uncovered incidents; ties go to the smaller cell index, so the choice is reproducible.
 */
export async function greedySites(uncovered: readonly WeightedCell[], distanceMeters: number, budget: number, maxCandidates = 10_000): Promise<Proposal[]> {
  const weight = new Map<string, number>();
  for (const c of uncovered) if (c.n > 0) weight.set(c.cell, (weight.get(c.cell) ?? 0) + c.n);
  const candidates = [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxCandidates)
    .map(([cell]) => cell);
  const reach = new Map<string, string[]>();
  const reachOf = (cell: string) => {
    let r = reach.get(cell);
    if (!r) {
      const [lat, lng] = centreOf(cell);
      r = cellsNear({ lat, lng }, distanceMeters, (c) => weight.has(c));
      reach.set(cell, r);
    }
    return r;
  };
  const taken = new Set<string>();
  const gainOf = (cell: string) => reachOf(cell).reduce((s, c) => s + (taken.has(c) ? 0 : weight.get(c)!), 0);
  const heap = new CandidateHeap();
  for (const [i, cell] of candidates.entries()) {
    if (i > 0 && i % SLICE === 0) await breathe();
    heap.push({ cell, gain: gainOf(cell) });
  }
  const out: Proposal[] = [];
  let cumulative = 0;
  while (out.length < budget && heap.size > 0) {
    const top = heap.pop()!;
    const gain = gainOf(top.cell);
    const next = heap.peek();
    if (next && (gain < next.gain || (gain === next.gain && next.cell < top.cell))) {
      heap.push({ cell: top.cell, gain });
      continue;
    }
    if (gain <= 0) break;
    for (const c of reachOf(top.cell)) taken.add(c);
    cumulative += gain;
    const [lat, lng] = centreOf(top.cell);
    out.push({ rank: out.length + 1, cell: top.cell, lat: round6(lat), lng: round6(lng), gain, cumulative });
  }
  return out;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
