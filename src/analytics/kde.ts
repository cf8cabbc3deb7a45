// Kernel density surfaces for heat maps. Inputs are weighted points (the centres of H3 cells with their counts,
// never raw incidents), projected to metres with a local equirectangular projection: over a state or a metropolitan
// area (< 500 km) its distance error is far below a bandwidth, and it keeps the kernel a true circle in metres.
// The kernel is the quartic (biweight) one that crime-mapping tools use, so the surface has finite support and a
// stated bandwidth a reader can check.

const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;
const M2_PER_KM2 = 1e6;

export interface WeightedPoint {
  lat: number;
  lng: number;
  weight: number;
}

/** Centre of a local equirectangular projection: x east and y north in metres from it. */
export interface LocalProjection {
  lat0: number;
  lng0: number;
}

export function project(p: LocalProjection, lat: number, lng: number): { x: number; y: number } {
  return { x: EARTH_RADIUS_M * (lng - p.lng0) * DEG * Math.cos(p.lat0 * DEG), y: EARTH_RADIUS_M * (lat - p.lat0) * DEG };
}

export function unproject(p: LocalProjection, x: number, y: number): { lat: number; lng: number } {
  return { lat: p.lat0 + y / EARTH_RADIUS_M / DEG, lng: p.lng0 + x / (EARTH_RADIUS_M * Math.cos(p.lat0 * DEG)) / DEG };
}

function checkPoints(points: readonly WeightedPoint[]): void {
  for (const p of points) {
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng) || !(p.weight >= 0) || !Number.isFinite(p.weight)) {
      throw new RangeError(`Invalid weighted point ${JSON.stringify(p)}`);
    }
  }
}

/** The weight-averaged centre of the points: the natural centre for their projection. */
export function weightedCentre(points: readonly WeightedPoint[]): LocalProjection {
  checkPoints(points);
  let w = 0;
  let lat = 0;
  let lng = 0;
  for (const p of points) {
    w += p.weight;
    lat += p.weight * p.lat;
    lng += p.weight * p.lng;
  }
  if (w === 0) throw new RangeError('No weighted points to centre on');
  return { lat0: lat / w, lng0: lng / w };
}

/** The quartic kernel in 2-D, normalised to integrate to 1 over the disc of radius 1: K(u) = 3/π (1 − u²)². */
export function quarticKernel(u: number): number {
  if (u >= 1) return 0;
  const t = 1 - u * u;
  return (3 / Math.PI) * t * t;
}

export interface DensityGrid {
  kernel: 'quartic';
  bandwidthMeters: number;
  /** Projection of the grid; x and y below are metres east and north of its centre. */
  projection: LocalProjection;
  /** South-west corner of cell (0, 0) in projected metres. */
  origin: { x: number; y: number };
  cellSizeMeters: number;
  cols: number;
  rows: number;
  /** Density in weight per km² at each cell's centre; index = row * cols + col, row 0 is the southernmost. */
  values: Float64Array;
  /** Sum of the input weights; Σ values × cell area (km²) approaches it when the grid covers all support. */
  totalWeight: number;
  maxValue: number;
}

export interface KdeOptions {
  bandwidthMeters: number;
  /** Grid spacing; default a quarter of the bandwidth rounded to 10 m (the surface is smooth at that scale). */
  cellSizeMeters?: number;
  /** Projection centre; default the weighted centre. Fix it (with `bounds`) so grids of several periods align. */
  centre?: LocalProjection;
  /** Area to cover; default the points' bounding box widened by one bandwidth, so no density is cut off. */
  bounds?: { south: number; west: number; north: number; east: number };
  /** Refuse grids larger than this many cells (default 4 million ≈ 32 MB). */
  maxCells?: number;
}

/** Default grid spacing for a bandwidth: a quarter of it, in whole tens of metres. */
export const defaultCellSize = (bandwidthMeters: number): number => Math.max(10, Math.round(bandwidthMeters / 4 / 10) * 10);

/**
 * Kernel density on a regular grid: f(s) = Σ wᵢ/h² · K(dᵢ/h), evaluated at cell centres, in weight per km².
 * Cell centres sit at whole multiples of the cell size from the projection centre, so a point at the centre lies
 * exactly on a cell centre and grids with the same centre and size align across periods.
 */
export function kernelDensity(points: readonly WeightedPoint[], opts: KdeOptions): DensityGrid {
  checkPoints(points);
  const h = opts.bandwidthMeters;
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`El ancho de banda debe ser positivo: ${h}`);
  const s = opts.cellSizeMeters ?? defaultCellSize(h);
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`El tamaño de celda debe ser positivo: ${s}`);
  const projection = opts.centre ?? weightedCentre(points);

  const xs = new Float64Array(points.length);
  const ys = new Float64Array(points.length);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  points.forEach((p, i) => {
    const { x, y } = project(projection, p.lat, p.lng);
    xs[i] = x;
    ys[i] = y;
  });
  if (opts.bounds) {
    const sw = project(projection, opts.bounds.south, opts.bounds.west);
    const ne = project(projection, opts.bounds.north, opts.bounds.east);
    [minX, minY, maxX, maxY] = [sw.x, sw.y, ne.x, ne.y];
  } else {
    for (let i = 0; i < points.length; i++) {
      if (points[i]!.weight === 0) continue;
      minX = Math.min(minX, xs[i]! - h);
      maxX = Math.max(maxX, xs[i]! + h);
      minY = Math.min(minY, ys[i]! - h);
      maxY = Math.max(maxY, ys[i]! + h);
    }
  }
  if (!(maxX >= minX && maxY >= minY)) throw new RangeError('Sin puntos con peso para estimar la densidad');

  // Cell i covers [(i − ½)s, (i + ½)s) and has its centre at i·s.
  const i0 = Math.floor(minX / s + 0.5);
  const j0 = Math.floor(minY / s + 0.5);
  const cols = Math.floor(maxX / s + 0.5) - i0 + 1;
  const rows = Math.floor(maxY / s + 0.5) - j0 + 1;
  const maxCells = opts.maxCells ?? 4_000_000;
  if (cols * rows > maxCells) {
    throw new RangeError(
      `La rejilla tendría ${cols}×${rows} celdas (máximo ${maxCells}): aumente el tamaño de celda o reduzca el área.`,
    );
  }

  const values = new Float64Array(cols * rows);
  const h2 = h * h;
  const scale = (3 / (Math.PI * h2)) * M2_PER_KM2;
  let totalWeight = 0;
  for (let k = 0; k < points.length; k++) {
    const w = points[k]!.weight;
    totalWeight += w;
    if (w === 0) continue;
    const px = xs[k]!;
    const py = ys[k]!;
    const cLo = Math.max(Math.ceil((px - h) / s) - i0, 0);
    const cHi = Math.min(Math.floor((px + h) / s) - i0, cols - 1);
    const rLo = Math.max(Math.ceil((py - h) / s) - j0, 0);
    const rHi = Math.min(Math.floor((py + h) / s) - j0, rows - 1);
    const ws = w * scale;
    for (let r = rLo; r <= rHi; r++) {
      const dy = (r + j0) * s - py;
      const dy2 = dy * dy;
      const base = r * cols;
      for (let c = cLo; c <= cHi; c++) {
        const dx = (c + i0) * s - px;
        const d2 = dx * dx + dy2;
        if (d2 >= h2) continue;
        const t = 1 - d2 / h2;
        values[base + c]! += ws * t * t;
      }
    }
  }
  let maxValue = 0;
  for (const v of values) if (v > maxValue) maxValue = v;
  return {
    kernel: 'quartic',
    bandwidthMeters: h,
    projection,
    origin: { x: (i0 - 0.5) * s, y: (j0 - 0.5) * s },
    cellSizeMeters: s,
    cols,
    rows,
    values,
    totalWeight,
    maxValue,
  };
}

/** The geographic centre of grid cell (col, row). */
export function gridCellCentre(grid: DensityGrid, col: number, row: number): { lat: number; lng: number } {
  return unproject(
    grid.projection,
    grid.origin.x + (col + 0.5) * grid.cellSizeMeters,
    grid.origin.y + (row + 0.5) * grid.cellSizeMeters,
  );
}

/** The density of the grid cell that holds a location (0 outside the grid). */
export function densityAt(grid: DensityGrid, lat: number, lng: number): number {
  const { x, y } = project(grid.projection, lat, lng);
  const col = Math.floor((x - grid.origin.x) / grid.cellSizeMeters);
  const row = Math.floor((y - grid.origin.y) / grid.cellSizeMeters);
  if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) return 0;
  return grid.values[row * grid.cols + col]!;
}

/** Σ density × cell area: the weight the grid holds (≈ totalWeight when the grid covers the kernels' support). */
export function gridIntegral(grid: DensityGrid): number {
  let sum = 0;
  for (const v of grid.values) sum += v;
  return (sum * grid.cellSizeMeters * grid.cellSizeMeters) / M2_PER_KM2;
}

export interface BandwidthChoice {
  /** The bandwidth to use, rounded and clamped. */
  meters: number;
  /** The rule's value before rounding and clamping. */
  rawMeters: number;
  /** Standard distance and weighted median distance from the mean centre, and n = Σ weights. */
  standardDistanceMeters: number;
  medianDistanceMeters: number;
  n: number;
  /** Spanish sentence for the report's methodology note. */
  description: string;
}

export interface BandwidthOptions {
  /** Lower limit (default 500 m: res-9 cell centres are ~300 m apart, a smaller kernel draws single cells). */
  minMeters?: number;
  /** Upper limit (default 20 km). */
  maxMeters?: number;
}

/** Rounds to a figure a reader can state: 50 m steps below 2 km, 100 m below 10 km, 500 m above. */
export function roundBandwidth(meters: number): number {
  const step = meters < 2_000 ? 50 : meters < 10_000 ? 100 : 500;
  return Math.max(step, Math.round(meters / step) * step);
}

const fmt = new Intl.NumberFormat('es-MX', { maximumFractionDigits: 0 });

/**
 * A default bandwidth by the spatial variant of Silverman's rule of thumb (the one ArcGIS Kernel Density uses):
 * h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−1/5), where SD is the weighted standard distance from the mean centre, Dm
 * the weighted median distance from it and n the total weight. Dm keeps a few far outliers from widening the kernel.
 */
export function chooseBandwidth(points: readonly WeightedPoint[], opts: BandwidthOptions = {}): BandwidthChoice {
  const min = opts.minMeters ?? 500;
  const max = opts.maxMeters ?? 20_000;
  const centre = weightedCentre(points);
  const items = points
    .filter((p) => p.weight > 0)
    .map((p) => {
      const { x, y } = project(centre, p.lat, p.lng);
      return { d: Math.hypot(x, y), w: p.weight };
    });
  const n = items.reduce((s, p) => s + p.w, 0);
  const sd = Math.sqrt(items.reduce((s, p) => s + p.w * p.d * p.d, 0) / n);
  items.sort((a, b) => a.d - b.d);
  let cumulative = 0;
  let median = 0;
  for (const p of items) {
    cumulative += p.w;
    median = p.d;
    if (cumulative >= n / 2) break;
  }
  const raw = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * median) * Math.pow(n, -0.2);
  const rounded = roundBandwidth(raw);
  const meters = Math.min(max, Math.max(min, rounded));
  let clamped = '';
  if (rounded < min) clamped = ` (el mínimo admitido; la regla da menos)`;
  else if (rounded > max) clamped = ` (el máximo admitido; la regla da más)`;
  const description =
    `Densidad kernel cuártica con ancho de banda de ${fmt.format(meters)} m${clamped}, ` +
    `elegido por la regla de Silverman para datos espaciales (0.9 · mín(DE, √(1/ln 2) · Dm) · n^−1/5 = ` +
    `${fmt.format(raw)} m; DE = ${fmt.format(sd)} m, Dm = ${fmt.format(median)} m, n = ${fmt.format(n)}). ` +
    'Valores en incidentes por km².';
  return { meters, rawMeters: raw, standardDistanceMeters: sd, medianDistanceMeters: median, n, description };
}
