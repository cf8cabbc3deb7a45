// Point → municipality lookup for one state. Two layers:
//  1. a flatbush R-tree over polygon bounding boxes plus an exact even-odd point-in-polygon test (the truth);
//  2. a uniform grid that caches that truth: a cell that no polygon edge touches lies wholly inside one municipality
//     (or none), so it stores the answer; a cell that an edge touches keeps the short list of polygons to test exactly.
// The grid turns most lookups into one array read, which is what lets an import locate millions of calls quickly.
import Flatbush from 'flatbush';
import { pointInRings, type BBox } from './point-in-polygon.ts';

/** One polygon (outer ring plus holes) of a municipality; MultiPolygons give several parts with the same owner. */
export interface LocatorPart {
  owner: number;
  rings: Float64Array[];
  bbox: BBox;
}

const NONE = -1;
const UNKNOWN = -2;
const EDGE = -3;
/** About a million cells: 4 MB per state, cells of ~500 m in Oaxaca. */
const DEFAULT_MAX_CELLS = 1 << 20;

export class MunicipalLocator {
  private readonly tree: Flatbush;
  private grid: Grid | undefined;

  constructor(
    private readonly parts: readonly LocatorPart[],
    private readonly bounds: BBox,
    private readonly maxCells = DEFAULT_MAX_CELLS,
  ) {
    this.tree = new Flatbush(Math.max(parts.length, 1));
    for (const p of parts) this.tree.add(p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]);
    if (parts.length === 0) this.tree.add(0, 0, 0, 0);
    this.tree.finish();
  }

  /** Owner index of the polygon containing (x=lon, y=lat), or -1. Exact test only, no grid. */
  locateExact(x: number, y: number): number {
    let best = NONE;
    let bestPart = Infinity;
    for (const i of this.tree.search(x, y, x, y)) {
      const part = this.parts[i];
      // Overlaps between simplified shapes are resolved by the lowest part index, so results are deterministic.
      if (part && i < bestPart && pointInRings(part.rings, x, y)) {
        best = part.owner;
        bestPart = i;
      }
    }
    return best;
  }

  /**
   * Owner index of the polygon nearest to (x=lon, y=lat) within `maxMeters` of its boundary, or -1. Simplified
   * shapes leave slivers between neighbours and cut corners off the coast; a point there belongs to the nearest one.
   */
  nearest(x: number, y: number, maxMeters: number): number {
    const kx = 111_320 * Math.cos((y * Math.PI) / 180); // metres per degree of longitude here
    const ky = 110_574;
    const dx = maxMeters / kx;
    const dy = maxMeters / ky;
    let best = NONE;
    let bestD2 = maxMeters * maxMeters;
    for (const i of this.tree.search(x - dx, y - dy, x + dx, y + dy)) {
      const part = this.parts[i]!;
      for (const ring of part.rings) {
        for (let k = 0; k + 3 < ring.length; k += 2) {
          const d2 = segmentDistance2((ring[k]! - x) * kx, (ring[k + 1]! - y) * ky, (ring[k + 2]! - x) * kx, (ring[k + 3]! - y) * ky);
          if (d2 < bestD2) {
            bestD2 = d2;
            best = part.owner;
          }
        }
      }
    }
    return best;
  }

  /** Owner index of the polygon containing (x=lon, y=lat), or -1. */
  locate(x: number, y: number): number {
    const g = (this.grid ??= this.buildGrid());
    const cx = Math.floor((x - g.x0) * g.invW);
    const cy = Math.floor((y - g.y0) * g.invH);
    if (!(cx >= 0 && cx < g.cols && cy >= 0 && cy < g.rows)) return NONE; // also rejects NaN
    const v = g.cells[cy * g.cols + cx]!;
    if (v >= NONE) return v;
    const list = -v + EDGE;
    const end = g.candidateStart[list + 1]!;
    for (let k = g.candidateStart[list]!; k < end; k++) {
      const part = this.parts[g.candidates[k]!]!;
      const b = part.bbox;
      if (x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && pointInRings(part.rings, x, y)) return part.owner;
    }
    return NONE;
  }

  private buildGrid(): Grid {
    const [minX, minY, maxX, maxY] = this.bounds;
    const spanX = Math.max(maxX - minX, 1e-9);
    const spanY = Math.max(maxY - minY, 1e-9);
    const cols = Math.max(1, Math.round(Math.sqrt((this.maxCells * spanX) / spanY)));
    const rows = Math.max(1, Math.floor(this.maxCells / cols));
    const w = spanX / cols;
    const h = spanY / rows;
    const cells = new Int32Array(cols * rows).fill(UNKNOWN);
    const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) / w)));
    const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) / h)));

    // Mark every cell an edge may touch (the edge's bbox, widened a hair so edges on cell borders mark both sides).
    const epsX = w * 1e-6;
    const epsY = h * 1e-6;
    for (const part of this.parts) {
      for (const ring of part.rings) {
        const n = ring.length;
        let xj = ring[n - 2]!;
        let yj = ring[n - 1]!;
        for (let i = 0; i < n; i += 2) {
          const xi = ring[i]!;
          const yi = ring[i + 1]!;
          const c0 = col(Math.min(xi, xj) - epsX);
          const c1 = col(Math.max(xi, xj) + epsX);
          const r0 = row(Math.min(yi, yj) - epsY);
          const r1 = row(Math.max(yi, yj) + epsY);
          for (let r = r0; r <= r1; r++) cells.fill(EDGE, r * cols + c0, r * cols + c1 + 1);
          xj = xi;
          yj = yi;
        }
      }
    }

    // Cells that no edge touches and that connect to each other share one answer: test one centre per region.
    const stack = new Int32Array(cells.length);
    for (let start = 0; start < cells.length; start++) {
      if (cells[start] !== UNKNOWN) continue;
      const owner = this.locateExact(minX + ((start % cols) + 0.5) * w, minY + (Math.floor(start / cols) + 0.5) * h);
      let top = 0;
      stack[top++] = start;
      cells[start] = owner;
      while (top > 0) {
        const c = stack[--top]!;
        const cc = c % cols;
        // The four neighbours, flooded while they are still unknown.
        for (let k = 0; k < 4; k++) {
          const n = k === 0 ? (cc > 0 ? c - 1 : -1) : k === 1 ? (cc < cols - 1 ? c + 1 : -1) : k === 2 ? c - cols : c + cols;
          if (n < 0 || n >= cells.length || cells[n] !== UNKNOWN) continue;
          cells[n] = owner;
          stack[top++] = n;
        }
      }
    }

    // Edge cells keep the parts whose bbox overlaps the cell, deduplicated by identical lists.
    const starts: number[] = [0];
    const candidates: number[] = [];
    const listIds = new Map<string, number>();
    for (let c = 0; c < cells.length; c++) {
      if (cells[c] !== EDGE) continue;
      const x0 = minX + (c % cols) * w;
      const y0 = minY + Math.floor(c / cols) * h;
      const found = this.tree.search(x0, y0, x0 + w, y0 + h).sort((a, b) => a - b);
      const key = found.join(',');
      let id = listIds.get(key);
      if (id === undefined) {
        id = listIds.size;
        listIds.set(key, id);
        candidates.push(...found);
        starts.push(candidates.length);
      }
      cells[c] = EDGE - id;
    }
    return {
      x0: minX,
      y0: minY,
      invW: 1 / w,
      invH: 1 / h,
      cols,
      rows,
      cells,
      candidateStart: Int32Array.from(starts),
      candidates: Int32Array.from(candidates),
    };
  }
}

interface Grid {
  x0: number;
  y0: number;
  invW: number;
  invH: number;
  cols: number;
  rows: number;
  /** >= 0: owner; -1: outside every polygon; <= -3: edge cell whose candidate list is -(value) - 3. */
  cells: Int32Array;
  candidateStart: Int32Array;
  candidates: Int32Array;
}

/** Squared distance from the origin to the segment (ax, ay)–(bx, by), in the segment's units. */
function segmentDistance2(ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * vx + ay * vy) / len2));
  const px = ax + t * vx;
  const py = ay + t * vy;
  return px * px + py * py;
}
