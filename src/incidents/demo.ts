// A deterministic, realistic demo state: a year (or any number of months) of 9-1-1 and 089 incidents for the
// configured state, with daily and weekly cycles, population-weighted places, improper calls, repeat pranksters and
// extortion numbers. The same options always give the same records: every month draws from its own seeded stream
// (so a month does not depend on the range around it) and nothing reads Math.random or the clock.
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { csvField } from '../db/copy.ts';
import { loadCnieCatalogs, type CnieEntry } from '../reference/cnie.ts';
import { loadStateGeography } from '../reference/geography.ts';
import { LocalTime } from '../util/local-time.ts';
import {
  ALREADY_REPORTED_CODE, CATEGORIES, EXTORTION_CODE, EXTORTION_MODALITY_WEIGHTS, HOUR_CURVE, IMPROPER_CODES, IMPROPER_NOTES,
  MINOR_PRANK_CODE, MINOR_PRANK_HOUR, SEASON_CURVE, TIP_AGENCIES, TIP_CODES, TIP_NOTES, VIRTUAL_KIDNAPPING_CODE, WEEK_CURVE,
  tailCategory, tailResponders, victimProfileOf, victimTables, type Category, type Corporation, type VictimTables,
} from './demo-catalog.ts';
import { PhoneBook, fakeName } from './demo-people.ts';
import { PlaceSampler, type DemoPlace } from './demo-places.ts';
import { Random, WeightedTable } from './demo-random.ts';
import type { IncidentRecord } from './normalize.ts';
import { parseProfile } from './profiles.ts';
import { storeBatch, type StoreResult } from './store.ts';
import type { Channel } from './tables.ts';

/** Calls a month at scale 1, whatever the state: benchmarks rely on a predictable volume. */
export const DEMO_CALLS_PER_MONTH = 100_000;
/** 089 anonymous tips as a share of all calls. */
const TIP_SHARE = 0.04;
/** Improper share among the other calls, giving ~75 % improper overall. */
const IMPROPER_SHARE = 0.78;
/** Points in the location pools at scale 1 (pools grow with scale up to this, never below MIN_POOL_TOTAL). */
const POOL_TOTAL = 40_000;
const MIN_POOL_TOTAL = 3_000;
const DEFAULT_BATCH = 5_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface DemoCenter {
  code: string;
  municipalities: string[];
}

export interface DemoOptions {
  stateCode: string;
  timeZone: string;
  months: number;
  /** 1 → ~100,000 calls a month. */
  scale: number;
  seed: number;
  /** Last month generated, 'YYYY-MM' (inclusive); see defaultEndMonth. */
  endMonth: string;
  centers: DemoCenter[];
  batchSize?: number;
}

/** The last complete month before `now` in the state's time zone: the default end of the demo period. */
export function defaultEndMonth(now: Date, timeZone: string): string {
  const { date } = new LocalTime(timeZone).dayAndHour(now);
  return shiftMonth(date.slice(0, 7), -1);
}

/** The months of the period, oldest first: `months` months ending with `endMonth`. */
export function demoMonths(endMonth: string, months: number): string[] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth)) throw new Error(`Mes final no válido: «${endMonth}» (use AAAA-MM).`);
  if (!Number.isInteger(months) || months < 1) throw new Error(`Número de meses no válido: ${months}.`);
  return Array.from({ length: months }, (_, i) => shiftMonth(endMonth, i - months + 1));
}

function shiftMonth(ym: string, delta: number): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Generation

interface PreparedCategory {
  category: Category;
  codes: WeightedTable<number>;
  responders: WeightedTable<Corporation>;
}

/** Everything that does not change from month to month, built once per run. */
interface DemoWorld {
  opts: DemoOptions;
  local: LocalTime;
  v3: ReadonlyMap<number, CnieEntry>;
  places: PlaceSampler;
  phones: PhoneBook;
  /** Answering center by municipality index. */
  centerByIndex: string[];
  /** Category table by weekday × 24 + local hour. */
  categoriesAt: WeightedTable<PreparedCategory>[];
  improperAt: WeightedTable<number>[];
  tips: WeightedTable<number>;
  tipAgencies: WeightedTable<Corporation>;
  tailResponders: Map<number, WeightedTable<Corporation>>;
  modalities: WeightedTable<string>;
  victims: Record<string, VictimTables>;
  channels: WeightedTable<Channel>;
}

function buildWorld(opts: DemoOptions): DemoWorld {
  if (opts.centers.length === 0) throw new Error('No hay centros de atención para asignar los incidentes de demostración.');
  if (!(opts.scale > 0)) throw new Error(`Escala no válida: ${opts.scale}.`);
  const { v3 } = loadCnieCatalogs();
  const geography = loadStateGeography(opts.stateCode);
  const active = (code: number) => v3.get(code)?.active === true;
  const onlyActive = (codes: readonly (readonly [number, number])[]) => codes.filter(([c]) => active(c));

  const prepared = [...CATEGORIES, tailCategory(v3)].map((category) => ({
    category,
    codes: new WeightedTable(onlyActive(category.codes)),
    responders: new WeightedTable(category.responders),
  }));
  const categoriesAt: WeightedTable<PreparedCategory>[] = [];
  const improperAt: WeightedTable<number>[] = [];
  for (let dow = 0; dow < 7; dow++) {
    for (let hour = 0; hour < 24; hour++) {
      categoriesAt.push(new WeightedTable(prepared.map((p) => [p, p.category.weight * p.category.hour[hour]! * p.category.week[dow]!] as const)));
    }
  }
  for (let hour = 0; hour < 24; hour++) {
    improperAt.push(new WeightedTable(onlyActive(IMPROPER_CODES).map(([c, w]) => [c, c === MINOR_PRANK_CODE ? w * MINOR_PRANK_HOUR[hour]! : w] as const)));
  }

  const centers = [...opts.centers].sort((a, b) => a.code.localeCompare(b.code));
  const centerOf = new Map<string, string>();
  for (const c of centers) for (const m of c.municipalities) centerOf.set(m, c.code);

  return {
    opts,
    local: new LocalTime(opts.timeZone),
    v3,
    places: new PlaceSampler(geography, opts.seed, Math.min(POOL_TOTAL, Math.max(MIN_POOL_TOTAL, Math.round(POOL_TOTAL * opts.scale)))),
    phones: new PhoneBook(opts.stateCode, opts.seed),
    // A municipality no center covers still needs one; the first center answers it.
    centerByIndex: geography.municipalities.map((m) => centerOf.get(m.code) ?? centers[0]!.code),
    categoriesAt,
    improperAt,
    tips: new WeightedTable(onlyActive(TIP_CODES)),
    tipAgencies: new WeightedTable(TIP_AGENCIES),
    tailResponders: new Map(),
    modalities: new WeightedTable(EXTORTION_MODALITY_WEIGHTS),
    victims: victimTables(),
    channels: new WeightedTable<Channel>([['911', 92.5], ['radio', 2], ['camera', 2], ['panic_button', 1.5], ['app', 1.5], ['social_media', 0.5]]),
  };
}

/** Yields the demo's incidents in batches, in order of reception. */
export function* generateDemo(opts: DemoOptions): Generator<IncidentRecord[]> {
  const world = buildWorld(opts);
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  let batch: IncidentRecord[] = [];
  // Records are pushed hour by hour straight into the batch: a generator step per record would cost more than
  // making the record.
  for (const month of demoMonths(opts.endMonth, opts.months)) {
    const plan = planMonth(world, month);
    for (const slot of plan.slots) {
      const n = plan.state.random.poisson(plan.perWeight * slot.weight);
      if (n === 0) continue;
      // Whole seconds within the hour, sorted, so that records come out in order of reception.
      const seconds = new Int32Array(n);
      for (let i = 0; i < n; i++) seconds[i] = Math.floor(plan.state.random.next() * 3600);
      seconds.sort();
      for (let i = 0; i < n; i++) {
        batch.push(makeIncident(world, plan.state, slot, slot.start + seconds[i]! * 1000));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** State of one month's generation: its random stream, folio counters and recent folios per center. */
interface MonthState {
  random: Random;
  year: number;
  folioPrefix: string;
  sequences: Map<string, number>;
  recentFolios: Map<string, string[]>;
}

interface HourSlot {
  start: number;
  date: string;
  hour: number;
  dow: number;
  weight: number;
  /** False when the zone's offset is not a whole number of hours: then each record gets its own day and hour. */
  wholeHour: boolean;
}

/** The month's hours with their expected share of calls, and a fresh stream seeded by the month alone. */
function planMonth(world: DemoWorld, month: string): { slots: HourSlot[]; perWeight: number; state: MonthState } {
  const { opts, local } = world;
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const start = local.startOfDay(`${month}-01`).getTime();
  const end = local.startOfDay(`${shiftMonth(month, 1)}-01`).getTime();
  const slots = hourSlots(local, start, end);
  const totalWeight = slots.reduce((s, x) => s + x.weight, 0);
  const expected = DEMO_CALLS_PER_MONTH * opts.scale * SEASON_CURVE[monthNumber - 1]! * ((end - start) / HOUR / 24 / 30.44);
  return {
    slots,
    perWeight: expected / totalWeight,
    state: {
      random: new Random('demo-month', opts.seed, opts.stateCode, opts.scale, month),
      year,
      folioPrefix: `${year}-${month.slice(5)}`,
      sequences: new Map(),
      recentFolios: new Map(),
    },
  };
}

function hourSlots(local: LocalTime, start: number, end: number): HourSlot[] {
  const slots: HourSlot[] = [];
  for (let t = start; t < end; t += HOUR) {
    const { date, hour } = local.dayAndHour(new Date(t));
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    slots.push({ start: t, date, hour, dow, weight: HOUR_CURVE[hour]! * WEEK_CURVE[dow]!, wholeHour: local.offsetAt(t) % HOUR === 0 });
  }
  return slots;
}

function makeIncident(world: DemoWorld, state: MonthState, slot: HourSlot, receivedMs: number): IncidentRecord {
  const { random } = state;
  const index = world.places.municipalityIndex(state.year, random);
  const center = world.centerByIndex[index]!;
  const u = random.next();
  const kind = u < TIP_SHARE ? 'tip' : random.chance(IMPROPER_SHARE) ? 'improper' : 'real';
  // Many improper calls come with no usable location (a hung-up landline, a silent call without AML).
  const place = kind === 'improper' && random.chance(0.4) ? null : world.places.place(index, random);
  const { date, hour } = slot.wholeHour ? slot : world.local.dayAndHour(new Date(receivedMs));

  const record: IncidentRecord = {
    center_code: center,
    folio: nextFolio(state, center),
    channel: '911',
    received_at: new Date(receivedMs),
    dispatched_at: null,
    arrived_at: null,
    closed_at: null,
    local_date: date,
    local_hour: hour,
    cnie_version: '3',
    cnie_code: 0,
    priority: null,
    is_improper: false,
    closing_code: null,
    municipality_code: world.places.municipalities[index]!.code,
    locality: null,
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    cell: place?.cell ?? null,
    corporation: null,
    unit: null,
    related_folios: null,
    victim_sex: null,
    victim_age_group: null,
    reported_phone: null,
    extortion_modality: null,
    caller_phone: null,
    caller_name: null,
    address: null,
    notes: null,
  };
  if (kind === 'improper') fillImproper(world, random, record, slot.hour, receivedMs);
  else if (kind === 'tip') fillTip(world, random, record, place, receivedMs);
  else fillReal(world, state, record, slot, place, receivedMs);
  return record;
}

function nextFolio(state: MonthState, center: string): string {
  const n = (state.sequences.get(center) ?? 0) + 1;
  state.sequences.set(center, n);
  // 1e6 + n, minus its leading 1, pads to six digits without padStart (this runs for every record).
  return `${center}-${state.folioPrefix}-${n < 1_000_000 ? String(1_000_000 + n).slice(1) : String(n)}`;
}

/** Prank, silent and hung-up calls: counted, never dispatched, closed within a minute or two. */
function fillImproper(world: DemoWorld, random: Random, r: IncidentRecord, hour: number, receivedMs: number) {
  const code = world.improperAt[hour]!.draw(random);
  r.cnie_code = code;
  r.priority = world.v3.get(code)!.priority;
  r.is_improper = true;
  r.closing_code = 'improcedente';
  r.closed_at = new Date(receivedMs + random.int(15, 120) * 1000);
  r.caller_phone = random.chance(0.22) ? world.phones.pranksters.draw(random) : random.chance(0.95) ? world.phones.caller(random) : null;
  r.notes = IMPROPER_NOTES[code] ?? null;
}

/** 089 tips: anonymous (no caller identity ever), forwarded to an agency rather than dispatched. */
function fillTip(world: DemoWorld, random: Random, r: IncidentRecord, place: DemoPlace | null, receivedMs: number) {
  const code = world.tips.draw(random);
  r.channel = '089';
  r.cnie_code = code;
  r.priority = world.v3.get(code)!.priority;
  r.corporation = world.tipAgencies.draw(random).name;
  r.closing_code = 'canalizado';
  r.closed_at = new Date(receivedMs + wholeSeconds(random.lognormal(15, 0.5)));
  r.address = place && random.chance(0.7) ? place.address : null;
  r.notes = random.pick(TIP_NOTES);
  fillExtortion(world, random, r);
  fillVictim(world, random, r);
}

function fillReal(world: DemoWorld, state: MonthState, r: IncidentRecord, slot: HourSlot, place: DemoPlace | null, receivedMs: number) {
  const { random } = state;
  const prepared = world.categoriesAt[slot.dow * 24 + slot.hour]!.draw(random);
  const { category } = prepared;
  const code = prepared.codes.draw(random);
  const entry = world.v3.get(code)!;
  r.cnie_code = code;
  r.priority = entry.priority;
  r.channel = world.channels.draw(random);
  r.address = place?.address ?? null;
  r.notes = random.pick(category.notes);
  fillCaller(world, random, r);
  fillExtortion(world, random, r);
  fillVictim(world, random, r);

  if (random.chance(category.dispatch)) {
    const responders = category.key === 'tail' ? tailTable(world, code) : prepared.responders;
    const corporation = responders.draw(random);
    r.corporation = corporation.name;
    r.unit = `${corporation.unitPrefix}-${String(random.int(1, corporation.units)).padStart(3, '0')}`;
    fillResponseTimes(random, r, receivedMs, category.key === 'medical');
  } else {
    r.closed_at = new Date(receivedMs + wholeSeconds(random.lognormal(6, 0.5)));
    r.closing_code = entry.type === 6 ? 'informacion_proporcionada' : 'canalizado';
  }
  fillRelated(state, r, code, category.key);
}

function tailTable(world: DemoWorld, code: number): WeightedTable<Corporation> {
  const type = Math.floor(code / 10000);
  let table = world.tailResponders.get(type);
  if (!table) {
    table = new WeightedTable(tailResponders(code));
    world.tailResponders.set(type, table);
  }
  return table;
}

/** Minutes to milliseconds in whole seconds, the resolution of call-center logs. */
function wholeSeconds(minutes: number): number {
  return Math.round(minutes * 60) * 1000;
}

// Minutes (median, log-sigma) from reception to dispatch, dispatch to arrival, arrival to closing.
const RESPONSE = {
  alta: { dispatch: [2, 0.45], arrive: [12, 0.4], close: [30, 0.6] },
  media: { dispatch: [5, 0.5], arrive: [20, 0.45], close: [35, 0.6] },
  baja: { dispatch: [12, 0.6], arrive: [35, 0.5], close: [25, 0.6] },
} as const;

function fillResponseTimes(random: Random, r: IncidentRecord, receivedMs: number, medical: boolean) {
  const times = RESPONSE[r.priority ?? 'baja'];
  const dispatched = receivedMs + Math.max(20_000, wholeSeconds(random.lognormal(times.dispatch[0], times.dispatch[1])));
  r.dispatched_at = new Date(dispatched);
  if (random.chance(0.05)) {
    // Cancelled on the way (the caller called off, another unit took it): no arrival.
    r.closed_at = new Date(dispatched + wholeSeconds(random.lognormal(10, 0.5)));
    r.closing_code = 'cancelado';
    return;
  }
  const arrived = dispatched + Math.max(60_000, wholeSeconds(random.lognormal(times.arrive[0], times.arrive[1])));
  r.arrived_at = new Date(arrived);
  r.closed_at = new Date(arrived + wholeSeconds(random.lognormal(times.close[0], times.close[1])));
  const u = random.next();
  r.closing_code = medical && u < 0.45 ? 'traslado_hospital' : u < 0.8 ? 'atendido' : u < 0.95 ? 'sin_novedad' : 'falsa_alarma';
}

/** Who calls: people give a number and usually a name; cameras and radio carry no caller. */
function fillCaller(world: DemoWorld, random: Random, r: IncidentRecord) {
  if (r.channel === 'camera' || r.channel === 'radio') return;
  if (r.channel !== 'social_media' && random.chance(0.95)) r.caller_phone = world.phones.caller(random);
  if (random.chance(0.85)) r.caller_name = fakeName(random);
}

function fillExtortion(world: DemoWorld, random: Random, r: IncidentRecord) {
  if (r.cnie_code === EXTORTION_CODE) {
    r.extortion_modality = world.modalities.draw(random);
    r.reported_phone = world.phones.extortioners.draw(random);
  } else if (r.cnie_code === VIRTUAL_KIDNAPPING_CODE) {
    r.extortion_modality = 'secuestro_virtual';
    r.reported_phone = world.phones.extortioners.draw(random);
  } else if (r.cnie_code === 30406) {
    r.extortion_modality = random.chance(0.75) ? 'amenaza_cobro_de_piso' : random.chance(0.6) ? 'cobranza_ilegal' : 'otra';
  }
}

function fillVictim(world: DemoWorld, random: Random, r: IncidentRecord) {
  const profile = victimProfileOf(r.cnie_code);
  if (profile === null || !random.chance(0.9)) return;
  const tables = world.victims[profile]!;
  r.victim_sex = tables.sex.draw(random);
  r.victim_age_group = tables.age.draw(random);
}

/** Repeat calls about one event name the folio first opened for it. */
function fillRelated(state: MonthState, r: IncidentRecord, code: number, categoryKey: string) {
  let recent = state.recentFolios.get(r.center_code);
  if (!recent) {
    recent = [];
    state.recentFolios.set(r.center_code, recent);
  }
  const repeat = code === ALREADY_REPORTED_CODE || ((categoryKey === 'traffic' || categoryKey === 'serious_crime') && state.random.chance(0.06));
  if (repeat && recent.length > 0) r.related_folios = [recent[Math.floor(state.random.next() * recent.length)]!];
  else if (code !== ALREADY_REPORTED_CODE) {
    recent.push(r.folio);
    if (recent.length > 20) recent.shift();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Database

/** The state's active call centers with the municipalities each covers, ordered by code. */
export async function loadDemoCenters(db: Kysely<Database>, stateCode: string): Promise<DemoCenter[]> {
  const rows = await db
    .selectFrom('call_centers as c')
    .leftJoin('call_center_municipalities as m', 'm.center_code', 'c.code')
    .select(['c.code', 'm.municipality_code'])
    .where('c.state_code', '=', stateCode)
    .where('c.active', '=', true)
    .orderBy('c.code')
    .orderBy('m.municipality_code')
    .execute();
  const centers = new Map<string, DemoCenter>();
  for (const row of rows) {
    let center = centers.get(row.code);
    if (!center) centers.set(row.code, (center = { code: row.code, municipalities: [] }));
    if (row.municipality_code) center.municipalities.push(row.municipality_code);
  }
  return [...centers.values()];
}

export interface DemoProgress extends StoreResult {
  /** Records written so far. */
  records: number;
  /** Local date of the last record written. */
  lastDate: string;
}

export type LoadDemoOptions = Omit<DemoOptions, 'centers'> & {
  /** Defaults to the state's centers in the database. */
  centers?: DemoCenter[];
  onProgress?: (p: DemoProgress) => void;
};

export interface LoadDemoResult extends StoreResult {
  months: number;
  /** First and last local day of the period generated. */
  firstDate: string;
  lastDate: string;
}

/** Generates the demo and stores it, one transaction per batch. Running it again with the same options adds nothing. */
export async function loadDemo(db: Kysely<Database>, opts: LoadDemoOptions): Promise<LoadDemoResult> {
  const centers = opts.centers ?? (await loadDemoCenters(db, opts.stateCode));
  if (centers.length === 0) {
    throw new Error(`No hay centros de atención registrados para la entidad ${opts.stateCode}; cargue primero los datos de referencia.`);
  }
  const totals: StoreResult = { inserted: 0, updated: 0, unchanged: 0 };
  let records = 0;
  for (const batch of generateDemo({ ...opts, centers })) {
    const r = await db.transaction().execute((trx) => storeBatch(trx, batch, null));
    totals.inserted += r.inserted;
    totals.updated += r.updated;
    totals.unchanged += r.unchanged;
    records += batch.length;
    opts.onProgress?.({ ...totals, records, lastDate: batch.at(-1)!.local_date });
  }
  return { ...totals, ...demoPeriod(opts) };
}

function demoPeriod(opts: Pick<DemoOptions, 'endMonth' | 'months'>): { months: number; firstDate: string; lastDate: string } {
  const months = demoMonths(opts.endMonth, opts.months);
  const after = shiftMonth(months.at(-1)!, 1);
  const lastDay = new Date(Date.UTC(Number(after.slice(0, 4)), Number(after.slice(5)) - 1, 0)).toISOString().slice(0, 10);
  return { months: months.length, firstDate: `${months[0]}-01`, lastDate: lastDay };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV in the native layout

const NATIVE_PROFILE = new URL('../../data/import-profiles/atalaya.json', import.meta.url);

/** Writes the demo as a CSV in the native import layout (data/import-profiles/atalaya.json); returns the row count. */
export async function writeDemoCsv(path: string, opts: DemoOptions): Promise<number> {
  const json = JSON.parse(readFileSync(NATIVE_PROFILE, 'utf8')) as { fields: Record<string, { column?: string }> };
  const profile = parseProfile(json, 'atalaya.json');
  // Column order as written in the profile file (the parsed profile regroups its fields).
  const columns = Object.entries(json.fields).flatMap(([field, spec]) =>
    spec.column ? [{ field: field as keyof IncidentRecord, column: spec.column }] : [],
  );
  const local = new LocalTime(opts.timeZone);
  const format = (field: keyof IncidentRecord, v: IncidentRecord[keyof IncidentRecord]): string => {
    if (v === null) return '';
    if (v instanceof Date) return isoWithOffset(v, local);
    if (Array.isArray(v)) return csvField(v.join(profile.listSeparator));
    if (field === 'is_improper') return v ? 'si' : 'no';
    return csvField(v);
  };

  const out = createWriteStream(path, { encoding: 'utf8' });
  const closed = once(out, 'close');
  let rows = 0;
  try {
    out.write(`${columns.map((c) => csvField(c.column)).join(',')}\n`);
    for (const batch of generateDemo(opts)) {
      let chunk = '';
      for (const r of batch) chunk += `${columns.map((c) => format(c.field, r[c.field])).join(',')}\n`;
      rows += batch.length;
      // Respect back-pressure so that memory stays bounded whatever the size of the demo.
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await closed;
  }
  return rows;
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-03-05T14:03:22-06:00. */
function isoWithOffset(d: Date, local: LocalTime): string {
  const offset = local.offsetAt(d.getTime());
  const wall = new Date(d.getTime() + offset).toISOString().slice(0, 19);
  const abs = Math.abs(offset) / MINUTE;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
