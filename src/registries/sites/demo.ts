// Demonstration registries, loaded on first start: camera sites (PMI) in the state's main cities and REPUVE arches
// on its federal highways, clearly marked as demonstration data, each located in a real municipality. A city's
// cameras stand where its incidents concentrate, as a center installs them: among the busiest hexagons of the
// demonstration incidents of the municipality (which the incident demo gathers around the municipal centroid), or
// around the town centre when there are no incidents yet, so the coverage analysis has something to measure. Sites were
// installed over the past years (some during the demo year) and some failed or went into maintenance on known days,
// so the maps of past months and the coverage analysis show the registry changing. Deterministic: same seed, same
// sites. Written through the registry's own functions, so every site and change is in the audit log.
import { cellToLatLng } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../access/users.ts';
import { Random } from '../../incidents/demo-random.ts';
import { loadStateGeography, populationOf, type StateGeography } from '../../reference/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { normalizeCameras, type Cameras, type Registry, type SiteInput, type SiteStatus } from './rules.ts';
import { createSite, updateSite, type WriteContext } from './store.ts';

interface City {
  code: string;
  prefix: string;
  lat: number;
  lng: number;
  sites: number;
  /** Spread of the sites around the centre, km. */
  km: number;
}

/** Oaxaca's main cities (centres of the towns, not of the municipalities). */
const OAXACA_CITIES: City[] = [
  { code: '20067', prefix: 'OAX', lat: 17.0654, lng: -96.7236, sites: 48, km: 2.4 },
  { code: '20385', prefix: 'XOX', lat: 17.0264, lng: -96.7336, sites: 8, km: 1.1 },
  { code: '20390', prefix: 'SLC', lat: 17.066, lng: -96.686, sites: 6, km: 0.8 },
  { code: '20184', prefix: 'TUX', lat: 18.0883, lng: -96.1236, sites: 12, km: 1.5 },
  { code: '20079', prefix: 'SCZ', lat: 16.17, lng: -95.195, sites: 10, km: 1.4 },
  { code: '20043', prefix: 'JUC', lat: 16.4333, lng: -95.0194, sites: 10, km: 1.3 },
  { code: '20039', prefix: 'HUA', lat: 17.8044, lng: -97.7761, sites: 9, km: 1.2 },
  { code: '20515', prefix: 'TEH', lat: 16.3233, lng: -95.2414, sites: 7, km: 1 },
  { code: '20413', prefix: 'HTL', lat: 15.7694, lng: -96.1336, sites: 7, km: 1.1 },
  { code: '20318', prefix: 'PES', lat: 15.8614, lng: -97.0725, sites: 7, km: 1.1 },
  { code: '20397', prefix: 'TLX', lat: 17.27, lng: -97.68, sites: 4, km: 0.7 },
  { code: '20057', prefix: 'MRO', lat: 16.8797, lng: -95.0392, sites: 4, km: 0.7 },
  { code: '20059', prefix: 'MIA', lat: 16.33, lng: -96.595, sites: 3, km: 0.6 },
];

interface Arch {
  code: string;
  road: string;
  km: number;
  direction: string;
  lat: number;
  lng: number;
}

/** Arches on Oaxaca's federal highways, near the towns they pass. */
const OAXACA_ARCHES: Arch[] = [
  { code: 'ARCO-135D-01', road: 'Autopista 135D Cuacnopalan–Oaxaca', km: 215.3, direction: 'Ambos sentidos', lat: 17.295, lng: -96.905 },
  { code: 'ARCO-190-01', road: 'Federal 190 Oaxaca–Tehuantepec', km: 12.4, direction: 'Hacia Oaxaca', lat: 17.046, lng: -96.636 },
  { code: 'ARCO-190-02', road: 'Federal 190 Oaxaca–Tehuantepec', km: 31, direction: 'Ambos sentidos', lat: 16.955, lng: -96.476 },
  { code: 'ARCO-190-03', road: 'Federal 190 Oaxaca–Tehuantepec', km: 242.6, direction: 'Hacia Salina Cruz', lat: 16.325, lng: -95.255 },
  { code: 'ARCO-190-04', road: 'Federal 190 Huajuapan–Oaxaca', km: 98.2, direction: 'Hacia Oaxaca', lat: 17.457, lng: -97.224 },
  { code: 'ARCO-175-01', road: 'Federal 175 Oaxaca–Tuxtepec', km: 61.5, direction: 'Ambos sentidos', lat: 17.33, lng: -96.487 },
  { code: 'ARCO-175-02', road: 'Federal 175 Oaxaca–Tuxtepec', km: 212.8, direction: 'Hacia Tuxtepec', lat: 18.07, lng: -96.14 },
  { code: 'ARCO-175-03', road: 'Federal 175 Oaxaca–Puerto Ángel', km: 98.7, direction: 'Ambos sentidos', lat: 16.34, lng: -96.59 },
  { code: 'ARCO-200-01', road: 'Federal 200 Acapulco–Salina Cruz', km: 8.5, direction: 'Ambos sentidos', lat: 16.345, lng: -98.06 },
  { code: 'ARCO-200-02', road: 'Federal 200 Acapulco–Salina Cruz', km: 141.2, direction: 'Hacia Pinotepa', lat: 15.87, lng: -97.085 },
  { code: 'ARCO-200-03', road: 'Federal 200 Acapulco–Salina Cruz', km: 258.4, direction: 'Ambos sentidos', lat: 15.78, lng: -96.15 },
  { code: 'ARCO-185-01', road: 'Federal 185 Transístmica Salina Cruz–Coatzacoalcos', km: 103.6, direction: 'Ambos sentidos', lat: 16.88, lng: -95.045 },
  { code: 'ARCO-185-02', road: 'Federal 185 Transístmica Salina Cruz–Coatzacoalcos', km: 37.1, direction: 'Hacia Salina Cruz', lat: 16.45, lng: -95.03 },
  { code: 'ARCO-131-01', road: 'Federal 131 Oaxaca–Puerto Escondido', km: 72.9, direction: 'Ambos sentidos', lat: 16.52, lng: -96.98 },
  { code: 'ARCO-125-01', road: 'Federal 125 Huajuapan–Pinotepa', km: 5.2, direction: 'Hacia Huajuapan', lat: 17.79, lng: -97.78 },
];

export interface SitesDemoOptions {
  stateCode: string;
  timeZone: string;
  seed?: number;
  /** Last month of the demonstration ('YYYY-MM'), as the incidents demo: changes fall in the year before. */
  endMonth: string;
  now?: Date;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const minDay = (a: string, b: string) => (a < b ? a : b);

/** Cities of another state: its most populous municipalities, around their centroids. */
function citiesOf(geography: StateGeography): City[] {
  if (geography.stateCode === '20') return OAXACA_CITIES;
  const year = 2025;
  return [...geography.municipalities]
    .sort((a, b) => (populationOf(b.code, year) ?? 0) - (populationOf(a.code, year) ?? 0))
    .slice(0, 10)
    .map((m, i) => ({ code: m.code, prefix: `M${String(i + 1).padStart(2, '0')}`, lat: m.centroid[1], lng: m.centroid[0], sites: i === 0 ? 30 : 8, km: i === 0 ? 2 : 1 }));
}

function archesOf(geography: StateGeography): Arch[] {
  if (geography.stateCode === '20') return OAXACA_ARCHES;
  return geography.municipalities.slice(0, 8).map((m, i) => ({
    code: `ARCO-${String(i + 1).padStart(2, '0')}`,
    road: 'Carretera federal (demostración)',
    km: 10 + i * 17.5,
    direction: 'Ambos sentidos',
    lat: m.centroid[1],
    lng: m.centroid[0],
  }));
}

/** Loads the demonstration registries that are still empty; returns how many sites it created. */
export async function seedSitesDemo(db: Kysely<Database>, opts: SitesDemoOptions): Promise<{ pmi: number; repuve: number }> {
  const geography = loadStateGeography(opts.stateCode);
  const today = new LocalTime(opts.timeZone).dayAndHour(opts.now ?? new Date()).date;
  const [y, m] = opts.endMonth.split('-').map(Number) as [number, number];
  const yearStart = `${m === 12 ? y : y - 1}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  const yearEnd = minDay(new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10), today);
  const span = Math.max(1, Math.round((Date.parse(yearEnd) - Date.parse(yearStart)) / 86_400_000));
  const random = new Random('sites-demo', opts.seed ?? 42, opts.stateCode);
  const ctx: WriteContext = { actor: SYSTEM_ACTOR, source: 'alta', today };
  const result = { pmi: 0, repuve: 0 };

  const empty = async (registry: Registry) => !(await db.selectFrom('sites').select('id').where('registry', '=', registry).limit(1).executeTakeFirst());

  type Plan = { input: SiteInput; municipality: string; later: { status: SiteStatus; on: string }[] };
  const timeline = (): Pick<Plan, 'later'> & { installedOn: string } => {
    // Most sites predate the demo year; three in ten were installed during it.
    const installedOn = random.chance(0.3) ? addDays(yearStart, random.int(0, span - 1)) : addDays(yearStart, -random.int(60, 5 * 365));
    const later: { status: SiteStatus; on: string }[] = [];
    const start = installedOn > yearStart ? installedOn : yearStart;
    const room = Math.round((Date.parse(yearEnd) - Date.parse(start)) / 86_400_000);
    const x = random.next();
    if (room > 20 && x < 0.22) {
      const failed = addDays(start, random.int(5, room - 5));
      later.push({ status: 'falla', on: failed });
      const back = addDays(failed, random.int(6, 70));
      if (back <= today && random.chance(0.7)) later.push({ status: 'operando', on: back });
    } else if (room > 20 && x < 0.3) {
      later.push({ status: 'mantenimiento', on: addDays(yearEnd, -random.int(0, Math.min(20, room - 1))) });
    } else if (room > 40 && x < 0.34) {
      later.push({ status: 'baja', on: addDays(start, random.int(20, room - 1)) });
    }
    return { installedOn: minDay(installedOn, today), later: later.filter((l) => l.on <= today) };
  };
  const write = async (registry: Registry, plans: Plan[]) => {
    await db.transaction().execute(async (trx) => {
      for (const p of plans) {
        let row = await createSite(trx, registry, p.input, p.municipality, ctx);
        for (const change of p.later) {
          const next = await updateSite(trx, row, { ...p.input, status: change.status, statusSince: change.on }, p.municipality, new Set(['estatus']), {
            ...ctx,
            source: 'edicion',
          });
          if (next) row = next.row;
        }
      }
    });
  };

  if (await empty('pmi')) {
    const plans: Plan[] = [];
    const busiest = await busiestCells(db, geography, yearStart, yearEnd);
    for (const city of citiesOf(geography)) {
      const spots = pickSpots(busiest.get(city.code) ?? [], city, geography, random);
      spots.forEach(([lat, lng], i) => {
        const made = i + 1;
        const cameras: Cameras = normalizeCameras({
          fija: random.int(1, 3),
          ptz: random.chance(0.6) ? random.int(1, 2) : 0,
          lpr: random.chance(0.25) ? random.int(1, 2) : 0,
          panoramica: random.chance(0.15) ? 1 : 0,
        });
        const t = timeline();
        const maintained = addDays(today, -random.int(5, 200));
        const n = String(made).padStart(3, '0');
        plans.push({
          municipality: city.code,
          later: t.later,
          input: {
            code: `PMI-${city.prefix}-${n}`,
            name: `PMI de demostración ${city.prefix}-${n}`,
            address: null,
            latitude: lat,
            longitude: lng,
            status: 'operando',
            statusSince: t.installedOn,
            installedOn: t.installedOn,
            lastMaintenanceOn: maintained < t.installedOn ? t.installedOn : maintained,
            notes: 'Sitio de demostración: datos ficticios.',
            cameras,
            road: null,
            km: null,
            direction: null,
          },
        });
      });
    }
    await write('pmi', plans);
    result.pmi = plans.length;
  }

  if (await empty('repuve')) {
    const plans: Plan[] = [];
    for (const a of archesOf(geography)) {
      const municipality = geography.locate(a.lat, a.lng);
      if (!municipality) continue;
      const t = timeline();
      plans.push({
        municipality,
        later: t.later,
        input: {
          code: a.code,
          name: `Arco de demostración ${a.code}`,
          address: null,
          latitude: a.lat,
          longitude: a.lng,
          status: 'operando',
          statusSince: t.installedOn,
          installedOn: t.installedOn,
          lastMaintenanceOn: null,
          notes: 'Arco de demostración: datos ficticios.',
          cameras: null,
          road: a.road,
          km: a.km,
          direction: a.direction,
        },
      });
    }
    await write('repuve', plans);
    result.repuve = plans.length;
  }
  return result;
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** Real incidents per res-9 cell over the demo year, by the municipality of the cell's centre, busiest first. */
async function busiestCells(db: Kysely<Database>, geography: StateGeography, from: string, to: string): Promise<Map<string, { cell: string; n: number }[]>> {
  const r = await sql<{ cells: string | null }>`
    SELECT string_agg(cell || ' ' || n, ',') AS cells FROM (
      SELECT cell, sum(n)::int AS n FROM rollup_cells WHERE local_date BETWEEN ${from} AND ${to} GROUP BY 1
    ) t`.execute(db);
  const out = new Map<string, { cell: string; n: number }[]>();
  for (const item of r.rows[0]?.cells?.split(',') ?? []) {
    const [cell, n] = item.split(' ') as [string, string];
    const [lat, lng] = cellToLatLng(cell);
    const code = geography.locate(lat, lng);
    if (!code) continue;
    const list = out.get(code) ?? [];
    list.push({ cell, n: Number(n) });
    out.set(code, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.n - a.n || (a.cell < b.cell ? -1 : 1));
  return out;
}

/**
 * Where a city's cameras go: distinct hexagons drawn by their incidents among the busiest of the municipality, a
 * point a few tens of metres from the centre of each; around the town centre when the municipality has too few.
 */
function pickSpots(cells: { cell: string; n: number }[], city: City, geography: StateGeography, random: Random): [number, number][] {
  const spots: [number, number][] = [];
  const jitter = (lat: number, lng: number, km: number): [number, number] => {
    const r = km * Math.sqrt(random.next());
    const a = random.next() * 2 * Math.PI;
    return [round5(lat + (r / 111.32) * Math.sin(a)), round5(lng + (r / (111.32 * Math.cos((lat * Math.PI) / 180))) * Math.cos(a))];
  };
  const pool = cells.slice(0, city.sites * 4);
  if (pool.length >= city.sites) {
    while (spots.length < city.sites && pool.length > 0) {
      let x = random.next() * pool.reduce((s, c) => s + c.n, 0);
      const i = Math.max(0, pool.findIndex((c) => (x -= c.n) < 0));
      const [c] = pool.splice(i, 1);
      const [lat, lng] = cellToLatLng(c!.cell);
      const p = jitter(lat, lng, 0.06);
      if (geography.locate(p[0], p[1]) === city.code) spots.push(p);
    }
    return spots;
  }
  for (let attempt = 0; spots.length < city.sites && attempt < city.sites * 40; attempt++) {
    const p = jitter(city.lat, city.lng, city.km);
    if (geography.locate(p[0], p[1]) === city.code) spots.push(p);
  }
  return spots;
}
