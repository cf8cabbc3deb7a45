// Hexagonal bins on the H3 grid. Incidents are stored with their resolution-9 cell (≈0.1 km², see
// src/incidents/normalize.ts), so maps, hot spots and disclosure control all aggregate those cells upwards with
// cellToParent instead of touching coordinates again.
import {
  cellArea,
  cellToBoundary,
  cellToLatLng,
  cellToParent,
  getHexagonAreaAvg,
  getHexagonEdgeLengthAvg,
  getResolution,
  gridDisk,
  isValidCell,
  polygonToCells,
} from 'h3-js';

/** A count per H3 cell, the shape every function of the analytics domain takes and returns. */
export interface CellCount {
  cell: string;
  n: number;
}

/** [longitude, latitude], GeoJSON order. */
export type LngLat = [lng: number, lat: number];

export function assertCell(cell: string): void {
  if (!isValidCell(cell)) throw new RangeError(`Invalid H3 cell: ${cell}`);
}

/** The resolution of a cell (throws on an invalid index). */
export function cellResolution(cell: string): number {
  assertCell(cell);
  return getResolution(cell);
}

/**
 * Sums counts into the parent cells at a coarser (or equal) resolution. Duplicate input cells are summed too, so
 * rollup rows per day × hour × code can be passed as they come. Output is sorted by cell for stable files.
 */
export function aggregateToResolution(cells: Iterable<CellCount>, resolution: number): CellCount[] {
  const sums = new Map<string, number>();
  for (const { cell, n } of cells) {
    const res = cellResolution(cell);
    if (res < resolution) throw new RangeError(`Cell ${cell} (resolution ${res}) is coarser than ${resolution}`);
    const parent = res === resolution ? cell : cellToParent(cell, resolution);
    sums.set(parent, (sums.get(parent) ?? 0) + n);
  }
  return [...sums].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([cell, n]) => ({ cell, n }));
}

/** The cell outline as a closed GeoJSON linear ring ([lng, lat], first vertex repeated at the end). */
export function cellPolygon(cell: string): LngLat[] {
  assertCell(cell);
  const ring = cellToBoundary(cell, true) as LngLat[];
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring;
}

/** The cell's centre. */
export function cellCentre(cell: string): { lat: number; lng: number } {
  assertCell(cell);
  const [lat, lng] = cellToLatLng(cell);
  return { lat, lng };
}

/** The cells within k rings of `cell`, the cell itself included (k = 1 gives 7 cells away from pentagons). */
export function cellDisk(cell: string, k = 1): string[] {
  assertCell(cell);
  return gridDisk(cell, k);
}

/** The cells within k rings of `cell`, without the cell itself. */
export const cellNeighbours = (cell: string, k = 1): string[] => cellDisk(cell, k).filter((c) => c !== cell);

/** The exact area of one cell in km² (H3 cells of a resolution differ in area by up to a factor of two). */
export function cellAreaKm2(cell: string): number {
  assertCell(cell);
  return cellArea(cell, 'km2');
}

/** The average area of a cell at a resolution in km² (res 7 ≈ 5.16, res 8 ≈ 0.737, res 9 ≈ 0.105). */
export const averageCellAreaKm2 = (resolution: number): number => getHexagonAreaAvg(resolution, 'km2');

/** The average edge length at a resolution in metres; hexagon centres are √3 edges apart. */
export const averageEdgeMeters = (resolution: number): number => getHexagonEdgeLengthAvg(resolution, 'm');

/**
 * The cells whose centres fall inside a polygon given as GeoJSON rings ([lng, lat], outer ring first, then holes):
 * the full study area of a municipality for Gi*, zero-count cells included.
 */
export function polygonCells(rings: readonly (readonly number[])[][], resolution: number): string[] {
  return polygonToCells(rings as number[][][], resolution, true);
}

/** Cells of a GeoJSON Polygon or MultiPolygon (e.g. a municipality's geometry), deduplicated and sorted. */
export function geometryCells(
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] },
  resolution: number,
): string[] {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out = new Set<string>();
  for (const rings of polys) for (const c of polygonCells(rings, resolution)) out.add(c);
  return [...out].sort();
}

/** A GeoJSON Feature with the cell's hexagon, for GeoJSON/KML exports and map layers. */
export function cellFeature<P extends Record<string, unknown>>(
  cell: string,
  properties: P,
): { type: 'Feature'; geometry: { type: 'Polygon'; coordinates: LngLat[][] }; properties: P & { cell: string } } {
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [cellPolygon(cell)] }, properties: { ...properties, cell } };
}
