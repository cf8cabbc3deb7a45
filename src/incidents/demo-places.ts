// Where demo incidents happen: a municipality drawn in proportion to its CONAPO population for the year, then a
// point inside it. Points come from a per-municipality pool built once (and lazily) with its own seeded stream, so
// that the expensive steps — point-in-polygon rejection and the H3 cell — run a few thousand times, not per record.
// Reused points are realistic too: the same corners and addresses come up again and again in a real log.
import { latLngToCell } from 'h3-js';
import type { Municipality, StateGeography } from '../reference/geography.ts';
import { POPULATION_FIRST_YEAR, POPULATION_LAST_YEAR, populationOf } from '../reference/population.ts';
import { CELL_RESOLUTION } from './normalize.ts';
import { fakeAddress } from './demo-people.ts';
import { Random, WeightedTable } from './demo-random.ts';

export interface DemoPlace {
  latitude: number;
  longitude: number;
  cell: string;
  address: string;
}

interface Pool {
  places: DemoPlace[];
}

/** Share of points drawn around the municipal centroid (the town) rather than anywhere in the municipality. */
const URBAN_SHARE = 0.65;
/** Year whose population sizes the pools: fixed, so a month's records do not depend on the range generated. */
const POOL_REFERENCE_YEAR = 2025;
const MIN_POOL = 4;
const MAX_ATTEMPTS_PER_POINT = 400;

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

export class PlaceSampler {
  readonly #geography: StateGeography;
  readonly #seed: string | number;
  readonly #pools: (Pool | undefined)[];
  readonly #poolSizes: number[];
  readonly #byYear = new Map<number, WeightedTable<number>>();
  readonly municipalities: readonly Municipality[];

  /** poolTotal: points shared out among the municipalities by population (at least MIN_POOL each). */
  constructor(geography: StateGeography, seed: string | number, poolTotal: number) {
    this.#geography = geography;
    this.#seed = seed;
    this.municipalities = geography.municipalities;
    const weights = populationWeights(geography.municipalities, POOL_REFERENCE_YEAR);
    const total = weights.reduce((s, w) => s + w, 0);
    this.#poolSizes = weights.map((w) => Math.max(MIN_POOL, Math.round((poolTotal * w) / total)));
    this.#pools = new Array<Pool | undefined>(weights.length);
  }

  /** Index (into `municipalities`) of a municipality drawn by its population in `year`. */
  municipalityIndex(year: number, random: Random): number {
    let table = this.#byYear.get(year);
    if (!table) {
      table = new WeightedTable(populationWeights(this.municipalities, year).map((w, i) => [i, w] as const));
      this.#byYear.set(year, table);
    }
    return table.draw(random);
  }

  /** A point of the municipality (5 decimals, locating back into it), or null for a shape too odd to sample. */
  place(index: number, random: Random): DemoPlace | null {
    let pool = this.#pools[index];
    if (!pool) {
      pool = this.#buildPool(index);
      this.#pools[index] = pool;
    }
    const n = pool.places.length;
    return n === 0 ? null : pool.places[Math.floor(random.next() * n)]!;
  }

  #buildPool(index: number): Pool {
    const m = this.municipalities[index]!;
    const random = new Random('demo-places', this.#seed, m.code);
    const size = this.#poolSizes[index]!;
    const places: DemoPlace[] = [];
    for (let i = 0; i < size; i++) {
      const point = this.#samplePoint(m, random);
      if (!point) break; // An unsampleable shape fails on the first point; later points would fail too.
      places.push({ ...point, cell: latLngToCell(point.latitude, point.longitude, CELL_RESOLUTION), address: fakeAddress(random) });
    }
    return { places };
  }

  #samplePoint(m: Municipality, random: Random): { latitude: number; longitude: number } | null {
    const [minLon, minLat, maxLon, maxLat] = m.bbox;
    const [cLon, cLat] = m.centroid;
    // About a town's radius: a tenth of the municipality's extent, at most ~5 km.
    const sLon = Math.min(0.05, (maxLon - minLon) / 10);
    const sLat = Math.min(0.05, (maxLat - minLat) / 10);
    const urban = random.chance(URBAN_SHARE);
    for (let attempt = 0; attempt < MAX_ATTEMPTS_PER_POINT; attempt++) {
      // A centroid outside an odd shape would reject forever: after a few misses, sample the whole box.
      const nearCenter = urban && attempt < 30;
      const lon = round5(nearCenter ? cLon + sLon * random.gaussian() : minLon + (maxLon - minLon) * random.next());
      const lat = round5(nearCenter ? cLat + sLat * random.gaussian() : minLat + (maxLat - minLat) * random.next());
      if (this.#geography.locate(lat, lon) === m.code) return { latitude: lat, longitude: lon };
    }
    return null;
  }
}

/** Population of each municipality in a year (clamped to CONAPO's range). A municipality CONAPO lacks (created
 *  after its projections) stands in with the state's smallest population rather than never appearing. */
function populationWeights(municipalities: readonly Municipality[], year: number): number[] {
  const y = Math.min(POPULATION_LAST_YEAR, Math.max(POPULATION_FIRST_YEAR, year));
  const known = municipalities.map((m) => populationOf(m.code, y) ?? 0);
  const smallest = Math.min(...known.filter((p) => p > 0));
  return known.map((p) => (p > 0 ? p : Number.isFinite(smallest) ? smallest : 1));
}
