// Exact point-in-polygon over flat coordinate arrays, and the planar measures the geography index needs.
// Coordinates are [lon, lat] pairs stored as x0,y0,x1,y1,… in a Float64Array (closed or not: the last edge is implied).

/** Even-odd test against every ring of one polygon (outer ring and holes alike), so holes fall out naturally. */
export function pointInRings(rings: readonly Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    let xj = ring[n - 2]!;
    let yj = ring[n - 1]!;
    for (let i = 0; i < n; i += 2) {
      const xi = ring[i]!;
      const yi = ring[i + 1]!;
      // Half-open rule on y: a vertex exactly at y counts for one edge only.
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      xj = xi;
      yj = yi;
    }
  }
  return inside;
}

/** Signed area (shoelace) and area-weighted centroid sums of one ring. */
export function ringMoments(ring: Float64Array): { area: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const n = ring.length;
  let xj = ring[n - 2]!;
  let yj = ring[n - 1]!;
  for (let i = 0; i < n; i += 2) {
    const xi = ring[i]!;
    const yi = ring[i + 1]!;
    const cross = xj * yi - xi * yj;
    a += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
    xj = xi;
    yj = yi;
  }
  return { area: a / 2, cx, cy };
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export function ringsBBox(rings: readonly Float64Array[]): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i]!;
      const y = ring[i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

export function unionBBox(boxes: readonly BBox[]): BBox {
  const out: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    out[0] = Math.min(out[0], b[0]);
    out[1] = Math.min(out[1], b[1]);
    out[2] = Math.max(out[2], b[2]);
    out[3] = Math.max(out[3], b[3]);
  }
  return out;
}
