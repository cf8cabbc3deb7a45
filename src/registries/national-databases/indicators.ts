// Indicators of the supply to the national databases, per database and month of load, from the monthly rollup and
// the definitions in data/national-databases/databases.json (read when computed, so a changed definition applies
// to every month at once):
//   volume: records loaded in the period, by class (category) and municipality, against the previous period;
//   timeliness: calendar days from the event to the load — the share within the database's deadline, the share
//     loaded the same day, median and 90th percentile;
//   completeness: the share of records that carry every required field, and each required field's own share.
import { sql, type Kysely } from 'kysely';
import type { Count, Suppressed } from '../../reports/types.ts';
import type { Database } from '../../db/schema.ts';
import { MONTH_NAMES, shiftPeriod, type Period } from '../../analytics/periods.ts';
import { municipalityName } from '../../reference/index.ts';
import { categoryLabel, fieldBit, nationalDatabases, requiredMask, type DatabaseDefinition } from './definitions.ts';
import { DELAY_CAP } from './store.ts';

export interface RollupRow {
  database: string;
  month: string;
  category: string;
  municipality_code: string;
  present_mask: number;
  delay_days: number;
  n: number;
}

export interface Figures {
  volume: number;
  complete: number;
  /** complete / volume; null without records. */
  completeShare: number | null;
  withinDeadline: number;
  timelyShare: number | null;
  sameDay: number;
  sameDayShare: number | null;
  /** Days from event to load; null without records. */
  medianDelay: number | null;
  p90Delay: number | null;
}

export interface DatabaseIndicators extends Figures {
  code: string;
  name: string;
  shortName: string;
  deadlineDays: number;
  requiredFields: { name: string; label: string }[];
  previousVolume: number;
  /** Relative change of the volume against the previous period; null when that had none. */
  volumeChange: number | null;
  /** By kind of record; in a version that left the center, a small kind's figures may be suppressed. */
  byCategory: { code: string; label: string; volume: Count; completeShare: number | null | Suppressed; timelyShare: number | null | Suppressed }[];
  fields: { name: string; label: string; present: number; share: number | null }[];
  byMonth: ({ key: string; label: string } & Figures)[];
  /** Empty in a version that left the center. */
  byMunicipality: { code: string; name: string; volume: number }[];
}

export interface SupplyIndicators {
  period: { key: string; label: string; firstDay: string; lastDay: string; kind: Period['kind'] };
  previous: { key: string; label: string };
  databases: DatabaseIndicators[];
  total: { volume: number; previousVolume: number; complete: number; withinDeadline: number };
}

const share = (a: number, b: number) => (b > 0 ? a / b : null);

/** The smallest delay d such that at least q of the records took d days or less (from the day histogram). */
function quantile(hist: Map<number, number>, total: number, q: number): number | null {
  if (total === 0) return null;
  const target = q * total;
  let acc = 0;
  for (const d of [...hist.keys()].sort((a, b) => a - b)) {
    acc += hist.get(d)!;
    if (acc >= target) return d;
  }
  return DELAY_CAP;
}

export function figuresOf(def: DatabaseDefinition, rows: readonly RollupRow[]): Figures {
  const need = requiredMask(def);
  const hist = new Map<number, number>();
  let volume = 0;
  let complete = 0;
  let within = 0;
  let sameDay = 0;
  for (const r of rows) {
    volume += r.n;
    if ((r.present_mask & need) === need) complete += r.n;
    if (r.delay_days <= def.indicators.deadlineDays) within += r.n;
    if (r.delay_days === 0) sameDay += r.n;
    hist.set(r.delay_days, (hist.get(r.delay_days) ?? 0) + r.n);
  }
  return {
    volume,
    complete,
    completeShare: share(complete, volume),
    withinDeadline: within,
    timelyShare: share(within, volume),
    sameDay,
    sameDayShare: share(sameDay, volume),
    medianDelay: quantile(hist, volume, 0.5),
    p90Delay: quantile(hist, volume, 0.9),
  };
}

const monthKeys = (p: Period) => {
  const out: string[] = [];
  for (let y = Number(p.firstDay.slice(0, 4)), m = Number(p.firstDay.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}-01` <= p.lastDay; m === 12 ? (y++, (m = 1)) : m++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
};

export async function rollupRows(db: Kysely<Database>, from: string, to: string): Promise<RollupRow[]> {
  const r = await sql<RollupRow>`
    SELECT database, to_char(month, 'YYYY-MM') AS month, category, municipality_code, present_mask, delay_days, n
    FROM nd_rollup_monthly WHERE month BETWEEN ${`${from.slice(0, 7)}-01`}::date AND ${`${to.slice(0, 7)}-01`}::date`.execute(db);
  return r.rows.map((x) => ({ ...x, n: Number(x.n), present_mask: Number(x.present_mask), delay_days: Number(x.delay_days) }));
}

export async function supplyIndicators(db: Kysely<Database>, period: Period, only?: readonly string[]): Promise<SupplyIndicators> {
  const previous = shiftPeriod(period, -1);
  const rows = await rollupRows(db, period.firstDay, period.lastDay);
  const before = await rollupRows(db, previous.firstDay, previous.lastDay);
  const defs = nationalDatabases().filter((d) => !only?.length || only.includes(d.code));
  const months = monthKeys(period);
  const databases = defs.map((def): DatabaseIndicators => {
    const mine = rows.filter((r) => r.database === def.code);
    const f = figuresOf(def, mine);
    const previousVolume = before.filter((r) => r.database === def.code).reduce((s, r) => s + r.n, 0);
    const category = def.columns.find((c) => c.name === def.category)!;
    const categories = [...(category.values ?? []).map((v) => v.code), ...(mine.some((r) => r.category === '') ? [''] : [])];
    const municipalities = new Map<string, number>();
    for (const r of mine) municipalities.set(r.municipality_code, (municipalities.get(r.municipality_code) ?? 0) + r.n);
    return {
      code: def.code,
      name: def.name,
      shortName: def.shortName,
      deadlineDays: def.indicators.deadlineDays,
      requiredFields: def.indicators.requiredFields.map((n) => ({ name: n, label: def.columns.find((c) => c.name === n)!.label })),
      ...f,
      previousVolume,
      volumeChange: previousVolume > 0 ? (f.volume - previousVolume) / previousVolume : null,
      byCategory: categories.map((code) => {
        const cf = figuresOf(def, mine.filter((r) => r.category === code));
        return { code, label: categoryLabel(def, code), volume: cf.volume, completeShare: cf.completeShare, timelyShare: cf.timelyShare };
      }),
      fields: def.indicators.requiredFields.map((name) => {
        const bit = fieldBit(def, name);
        const present = mine.reduce((s, r) => s + ((r.present_mask & bit) !== 0 ? r.n : 0), 0);
        return { name, label: def.columns.find((c) => c.name === name)!.label, present, share: share(present, f.volume) };
      }),
      byMonth: months.map((key) => ({ key, label: `${MONTH_NAMES[Number(key.slice(5, 7)) - 1]} de ${key.slice(0, 4)}`, ...figuresOf(def, mine.filter((r) => r.month === key)) })),
      byMunicipality: [...municipalities.entries()]
        .map(([code, volume]) => ({ code, name: code ? (municipalityName(code) ?? code) : 'Sin municipio', volume }))
        .sort((a, b) => b.volume - a.volume || a.code.localeCompare(b.code)),
    };
  });
  return {
    period: { key: period.key, label: period.label, firstDay: period.firstDay, lastDay: period.lastDay, kind: period.kind },
    previous: { key: previous.key, label: previous.label },
    databases,
    total: {
      volume: databases.reduce((s, d) => s + d.volume, 0),
      previousVolume: databases.reduce((s, d) => s + d.previousVolume, 0),
      complete: databases.reduce((s, d) => s + d.complete, 0),
      withinDeadline: databases.reduce((s, d) => s + d.withinDeadline, 0),
    },
  };
}

/** The definitions the figures follow, printed with them. */
export function indicatorNotes(): string[] {
  return [
    'Volumen: registros cargados en Plataforma México en el periodo (por la fecha de carga de la bitácora de suministro), comparado con el periodo anterior.',
    'Oportunidad: días naturales entre la fecha del evento (el hecho, la expedición, la emisión o el movimiento) y la fecha de carga; «en plazo» cuando no exceden el plazo de cada base.',
    'Completitud: proporción de registros que traen todos los campos requeridos de su base; los campos sí/no cuentan como presentes cuando dicen «sí».',
    `Plazos y campos requeridos (data/national-databases/databases.json): ${nationalDatabases()
      .map((d) => `${d.shortName}, ${d.indicators.deadlineDays} ${d.indicators.deadlineDays === 1 ? 'día' : 'días'} y ${d.indicators.requiredFields.length} campos`)
      .join('; ')}.`,
    'Las filas rechazadas de las bitácoras (fechas inválidas, carga anterior al evento, valores no reconocidos, folios repetidos) no se cuentan; se conservan con su motivo para su corrección.',
  ];
}
