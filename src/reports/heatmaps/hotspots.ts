// Hot spots on a fixed study area, fast enough for a month of a whole state: the area's hexagons and their
// neighbourhood graph depend only on the municipalities and the resolution, so they are built once per process and
// kept (Oaxaca at resolution 8: ~115,000 hexagons, ~2 s to build), and each report only fills in the counts.
// The statistic, p-values, Benjamini–Hochberg correction and bins are exactly those of analytics/gistar.ts
// (getisOrdGiStar), which the tests check cell by cell; this version works on typed arrays and materialises only
// the significant cells.
import { cellToLatLng, cellToParent } from 'h3-js';
import { neighbourhoods, twoSidedP, type Confidence, type GiStarCell, type HotSpotClass } from '../../analytics/gistar.ts';
import { geometryCells, type CellCount } from '../../analytics/hexgrid.ts';
import { loadStateGeography } from '../../reference/geography.ts';

export interface StudyArea {
  stateCode: string;
  /** Municipalities of the area, sorted; all of the state's when the report did not choose. */
  municipalities: string[];
  resolution: number;
  k: number;
  cells: string[];
  index: Map<string, number>;
  /** Neighbourhood graph in compressed rows: the neighbours of cell i are nbr[start[i] .. start[i + 1]). */
  start: Int32Array;
  nbr: Int32Array;
}

const areas = new Map<string, StudyArea>();
const MAX_AREAS = 16;

/** The hexagons whose centres fall inside the municipalities, with their k-ring neighbourhoods (cached). */
export function studyArea(stateCode: string, municipalities: readonly string[] | null, resolution: number, k = 1): StudyArea {
  const geography = loadStateGeography(stateCode);
  const chosen = municipalities && municipalities.length > 0 ? [...new Set(municipalities)].sort() : geography.municipalities.map((m) => m.code);
  const key = `${stateCode}|${resolution}|${k}|${chosen.join(',')}`;
  const hit = areas.get(key);
  if (hit) return hit;
  const wanted = new Set(chosen);
  const set = new Set<string>();
  for (const f of geography.featureCollection().features) {
    if (!wanted.has(f.properties.code)) continue;
    for (const c of geometryCells(f.geometry, resolution)) set.add(c);
  }
  const cells = [...set].sort();
  const lists = neighbourhoods(cells, k);
  const start = new Int32Array(cells.length + 1);
  let total = 0;
  lists.forEach((l, i) => {
    start[i] = total;
    total += l.length;
  });
  start[cells.length] = total;
  const nbr = new Int32Array(total);
  lists.forEach((l, i) => nbr.set(l, start[i]!));
  const area: StudyArea = { stateCode, municipalities: chosen, resolution, k, cells, index: new Map(cells.map((c, i) => [c, i])), start, nbr };
  if (areas.size >= MAX_AREAS) areas.delete(areas.keys().next().value!);
  areas.set(key, area);
  return area;
}

// Parents of stored resolution-9 cells: the same few tens of thousands of cells come back month after month.
const parents = new Map<string, string>();
const MAX_PARENTS = 2_000_000;

/** cellToParent with a process-wide cache (the stored cells are always resolution 9). */
export function parentOf(cell: string, resolution: number): string {
  if (resolution === 9) return cell;
  const key = `${resolution}:${cell}`;
  let p = parents.get(key);
  if (p === undefined) {
    p = cellToParent(cell, resolution);
    if (parents.size >= MAX_PARENTS) parents.clear();
    parents.set(key, p);
  }
  return p;
}

const centres = new Map<string, { lat: number; lng: number }>();

/** The centre of a cell, cached for the process (the same stored cells come back in every report and request). */
export function centreOf(cell: string): { lat: number; lng: number } {
  let c = centres.get(cell);
  if (c === undefined) {
    const [lat, lng] = cellToLatLng(cell);
    c = { lat, lng };
    if (centres.size >= MAX_PARENTS) centres.clear();
    centres.set(cell, c);
  }
  return c;
}

/** Sums resolution-9 counts into their parents at `resolution`, sorted by cell. */
export function toResolution(cells: readonly CellCount[], resolution: number): CellCount[] {
  const sums = new Map<string, number>();
  for (const { cell, n } of cells) {
    const p = parentOf(cell, resolution);
    sums.set(p, (sums.get(p) ?? 0) + n);
  }
  return [...sums].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([cell, n]) => ({ cell, n }));
}

export interface HotSpotResult {
  resolution: number;
  k: number;
  alpha: number;
  cellCount: number;
  mean: number;
  sd: number;
  /** Significant cells only (hot and cold), by z descending then cell: the order of getisOrdGiStar. */
  significant: GiStarCell[];
  hot: number;
  cold: number;
  /** Incidents in the counts that fall outside the study area (the coast, a neighbouring state). */
  outside: { cells: number; incidents: number };
  /** Incidents inside the study area. */
  inside: number;
  description: string;
}

const LEVELS: readonly [Confidence, number][] = [[99, 0.01], [95, 0.05], [90, 0.1]];

/**
 * Getis-Ord Gi* of the counts (stored resolution-9 cells, or cells at the area's resolution; summed to it) over every hexagon of the study area,
 * zero counts included, with Benjamini–Hochberg adjusted p-values. Identical results to getisOrdGiStar.
 */
export function hotSpots(area: StudyArea, counts: readonly CellCount[], alpha = 0.05): HotSpotResult {
  if (!(alpha > 0 && alpha <= 0.1)) throw new RangeError(`alpha must be within (0, 0.10], got ${alpha}`);
  const m = area.cells.length;
  const x = new Float64Array(m);
  let outsideIncidents = 0;
  const outside = new Set<string>();
  for (const { cell, n } of counts) {
    const parent = parentOf(cell, area.resolution);
    const i = area.index.get(parent);
    if (i === undefined) {
      outside.add(parent);
      outsideIncidents += n;
    } else x[i]! += n;
  }
  const outsideCells = outside.size;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += x[i]!;
  const mean = m > 0 ? sum / m : 0;
  let squares = 0;
  for (let i = 0; i < m; i++) squares += (x[i]! - mean) ** 2;
  const sd = m > 0 ? Math.sqrt(squares / m) : 0;

  const z = new Float64Array(m);
  const p = new Float64Array(m);
  const wxs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = area.start[i]!;
    const b = area.start[i + 1]!;
    const w = b - a;
    let wx = 0;
    for (let j = a; j < b; j++) wx += x[area.nbr[j]!]!;
    wxs[i] = wx;
    const varianceTerm = (m * w - w * w) / (m - 1);
    const zi = sd > 0 && varianceTerm > 0 ? (wx - mean * w) / (sd * Math.sqrt(varianceTerm)) : 0;
    z[i] = zi;
    p[i] = twoSidedP(zi);
  }

  // Benjamini–Hochberg: q₍ᵢ₎ = min over j ≥ i of m·p₍ⱼ₎/j. Tied p-values share the q of the last of their run, as
  // the running minimum from the top gives them; so q(p) = adjusted[last rank whose p ≤ p].
  const sorted = Float64Array.from(p).sort();
  const adjusted = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    running = Math.min(running, (m * sorted[rank - 1]!) / rank);
    adjusted[rank - 1] = running;
  }
  const qOf = (pi: number): number => {
    let lo = 0;
    let hi = m; // first index with sorted[idx] > pi
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= pi) lo = mid + 1;
      else hi = mid;
    }
    return adjusted[lo - 1]!;
  };

  const significant: GiStarCell[] = [];
  let hot = 0;
  let cold = 0;
  for (let i = 0; i < m; i++) {
    if (!(p[i]! <= alpha) || z[i] === 0) continue; // q ≥ p, so a cell with p > α cannot be significant
    const q = qOf(p[i]!);
    if (!(q <= alpha)) continue;
    const confidence = LEVELS.find(([, level]) => q <= level)?.[0] ?? null;
    if (confidence === null) continue;
    const sign = z[i]! > 0 ? 1 : -1;
    const magnitude = confidence === 99 ? 3 : confidence === 95 ? 2 : 1;
    const cls: HotSpotClass = sign > 0 ? 'hot' : 'cold';
    if (cls === 'hot') hot++;
    else cold++;
    significant.push({
      cell: area.cells[i]!,
      n: x[i]!,
      neighbourhood: area.start[i + 1]! - area.start[i]!,
      neighbourhoodCount: wxs[i]!,
      z: z[i]!,
      p: p[i]!,
      q,
      class: cls,
      confidence,
      bin: (sign * magnitude) as GiStarCell['bin'],
    });
  }
  significant.sort((a, b) => b.z - a.z || (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
  const k = area.k;
  const description =
    m === 0
      ? 'Sin celdas en el área de estudio.'
      : `Puntos calientes por el estadístico Gi* de Getis-Ord sobre ${m.toLocaleString('es-MX')} hexágonos H3 ` +
        `de resolución ${area.resolution}, con vecindad de ${k} ${k === 1 ? 'anillo' : 'anillos'} (la celda y sus vecinas) ` +
        `y corrección por pruebas múltiples de Benjamini-Hochberg (tasa de falsos descubrimientos ${Math.round(alpha * 100)} %): ` +
        `${hot} ${hot === 1 ? 'celda caliente' : 'celdas calientes'} y ${cold} ${cold === 1 ? 'celda fría' : 'celdas frías'}.`;
  return {
    resolution: area.resolution,
    k,
    alpha,
    cellCount: m,
    mean,
    sd,
    significant,
    hot,
    cold,
    outside: { cells: outsideCells, incidents: outsideIncidents },
    inside: sum,
    description,
  };
}
