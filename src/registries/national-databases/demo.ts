// Demonstration supply logs: a year of monthly logs for each national database, as the areas would send them
// (CSV in the documented layout, a few rows with the mistakes real logs have), imported through the same importer
// on first start. Deterministic: the same seed gives the same logs. Values are fictitious and marked as such.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import type { Database } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../access/users.ts';
import { Random, WeightedTable } from '../../incidents/demo-random.ts';
import { loadStateGeography, populationOf } from '../../reference/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { layoutOf, nationalDatabases, type DatabaseDefinition } from './definitions.ts';
import { importSupplyLog } from './import.ts';

interface Profile {
  prefix: string;
  perMonth: number;
  /** Share loaded the same day, and the median delay of the others (days). */
  sameDay: number;
  medianDelay: number;
  /** Whether the log gives the event's time. */
  eventTime: boolean;
  categories: Record<string, number>;
  /** Probability that a field is empty, by column (default 3 %). */
  missing?: Record<string, number>;
}

const PROFILES: Record<string, Profile> = {
  iph: { prefix: 'IPH', perMonth: 900, sameDay: 0.58, medianDelay: 1.5, eventTime: true, categories: { hecho_delictivo: 0.42, infraccion_administrativa: 0.58 }, missing: { cuip_primer_respondiente: 0.07, latitud: 0.09, longitud: 0.09, detenidos: 0.5 } },
  licencias: { prefix: 'LIC', perMonth: 1400, sameDay: 0.35, medianDelay: 3, eventTime: false, categories: { expedicion: 0.3, renovacion: 0.6, reposicion: 0.1 }, missing: { huella: 0.05, firma: 0.02 } },
  mandamientos: { prefix: 'MJ', perMonth: 110, sameDay: 0.2, medianDelay: 4, eventTime: false, categories: { aprehension: 0.55, reaprehension: 0.08, comparecencia: 0.22, cancelacion: 0.15 }, missing: { causa_penal: 0.04, municipio: 0.2 } },
  rnip: { prefix: 'RNIP', perMonth: 160, sameDay: 0.4, medianDelay: 2, eventTime: true, categories: { ingreso: 0.48, egreso: 0.42, traslado: 0.1 }, missing: { huellas: 0.08, fotografia: 0.04 } },
  rnsp: { prefix: 'RNSP', perMonth: 90, sameDay: 0.15, medianDelay: 6, eventTime: false, categories: { alta: 0.35, baja: 0.25, actualizacion: 0.4 }, missing: { evaluacion_control_confianza: 0.12 } },
  vehiculos: { prefix: 'VRR', perMonth: 260, sameDay: 0.62, medianDelay: 1, eventTime: true, categories: { robo: 0.64, recuperacion: 0.36 }, missing: { placa: 0.06, niv: 0.04 } },
};

const INSTITUTIONS = ['Policía Estatal', 'Policía Vial Estatal', 'Policía Municipal de Oaxaca de Juárez', 'Policía Municipal de Salina Cruz', 'Policía Municipal de Juchitán de Zaragoza', 'Policía Auxiliar Bancaria, Industrial y Comercial'];
const PRISONS = ['Centro Penitenciario de Tanivet', 'Centro Penitenciario de Villa de Etla', 'Centro Penitenciario de Tehuantepec', 'Centro Penitenciario de Cuicatlán', 'Centro Penitenciario de Miahuatlán'];
const COURTS = ['Juzgado de Control de Oaxaca de Juárez', 'Juzgado de Control de Tlacolula', 'Juzgado de Control del Istmo', 'Juzgado de Control de la Costa', 'Juzgado de Control de la Mixteca'];
const CRIMES = ['Robo', 'Lesiones', 'Homicidio', 'Violencia familiar', 'Despojo', 'Extorsión', 'Abuso sexual', 'Narcomenudeo'];
const BRANDS = ['Nissan', 'Chevrolet', 'Volkswagen', 'Toyota', 'Ford', 'Honda', 'Italika', 'Kia'];
const RANKS = ['Policía', 'Policía Tercero', 'Policía Segundo', 'Policía Primero', 'Suboficial', 'Oficial'];
const LICENCES = ['A', 'B', 'C', 'D', 'E', 'Motociclista'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const digits = (r: Random, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');
const letters = (r: Random, n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + r.int(0, 25))).join('');

export interface SupplyLogOptions {
  month: string;
  rows: number;
  random: Random;
  zone: LocalTime;
  municipalities: WeightedTable<string>;
  /** Share of rows with a mistake a real log would have (a bad date, an unknown value, a repeated folio). */
  errorRate: number;
  /** The last moment a load may have: logs of the month in progress stop today. */
  until: Date;
}

/** A fictitious supply log of one database for one month, as CSV text in the documented layout. */
export function demoSupplyLog(def: DatabaseDefinition, opts: SupplyLogOptions): string {
  const p = PROFILES[def.code] ?? { prefix: def.code.toUpperCase(), perMonth: 100, sameDay: 0.4, medianDelay: 2, eventTime: false, categories: {} };
  const r = opts.random;
  const [y, m] = opts.month.split('-').map(Number) as [number, number];
  const start = opts.zone.toInstant(y, m, 1)!.getTime();
  const end = Math.min(opts.zone.toInstant(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1)!.getTime(), opts.until.getTime());
  const category = def.columns.find((c) => c.name === def.category)!;
  const categories = new WeightedTable((category.values ?? []).map((v) => [v.code, p.categories[v.code] ?? 1] as const));
  const fmt = (t: Date, time: boolean) => {
    const l = new Date(t.getTime() + opts.zone.offsetAt(t.getTime()));
    const day = `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1, 2)}-${pad(l.getUTCDate(), 2)}`;
    return time ? `${day} ${pad(l.getUTCHours(), 2)}:${pad(l.getUTCMinutes(), 2)}` : day;
  };
  const rows: string[][] = [];
  if (end <= start) return Papa.unparse({ fields: layoutOf(def), data: [] }, { newline: '\n' });
  for (let i = 0; i < opts.rows; i++) {
    const loaded = new Date(start + r.next() * (end - start));
    const delay = r.chance(p.sameDay) ? 0 : Math.max(1, Math.round(r.lognormal(p.medianDelay, 0.9)));
    const event = new Date(loaded.getTime() - delay * 86_400_000 - r.int(0, 8 * 3600) * 1000);
    const values: Record<string, string> = {
      folio: `${p.prefix}-${opts.month.replace('-', '')}-${pad(i + 1, 5)}`,
      fecha_evento: fmt(event, p.eventTime),
      fecha_carga: fmt(loaded, true),
    };
    for (const c of def.columns) {
      if (r.chance(p.missing?.[c.name] ?? 0.03)) {
        values[c.name] = c.kind === 'flag' ? 'no' : '';
        continue;
      }
      values[c.name] = demoValue(def, c.name, c.kind, r, opts.municipalities, categories);
    }
    if (r.chance(opts.errorRate)) {
      const mistake = r.int(0, 3);
      if (mistake === 0) values.fecha_evento = 'sin fecha';
      else if (mistake === 1) values[def.category] = 'otro';
      else if (mistake === 2 && rows.length > 0) values.folio = rows[rows.length - 1]![0]!;
      else values.fecha_evento = fmt(new Date(loaded.getTime() + 3 * 86_400_000), p.eventTime);
    }
    rows.push(layoutOf(def).map((c) => values[c] ?? ''));
  }
  return `${Papa.unparse({ fields: layoutOf(def), data: rows }, { newline: '\n' })}\n`;
}

function demoValue(def: DatabaseDefinition, name: string, kind: string, r: Random, municipalities: WeightedTable<string>, categories: WeightedTable<string>): string {
  if (name === def.category) return categories.draw(r);
  if (kind === 'municipality') return municipalities.draw(r);
  if (kind === 'flag') return 'sí';
  switch (name) {
    case 'institucion':
      return def.code === 'rnsp' ? r.pick(INSTITUTIONS.slice(0, 4)) : r.pick(INSTITUTIONS);
    case 'cuip':
    case 'cuip_primer_respondiente':
      return `DEMO${digits(r, 10)}`;
    case 'detenidos':
      return String(r.chance(0.7) ? 1 : r.int(2, 4));
    case 'latitud':
      return (16 + r.next() * 2).toFixed(5);
    case 'longitud':
      return (-98 + r.next() * 3).toFixed(5);
    case 'tipo_licencia':
      return r.pick(LICENCES);
    case 'curp':
      return `XEXX${digits(r, 6)}${r.chance(0.5) ? 'H' : 'M'}OC${letters(r, 3)}${digits(r, 2)}`;
    case 'juzgado':
      return r.pick(COURTS);
    case 'causa_penal':
      return `${r.int(1, 900)}/${r.int(2018, 2026)}`;
    case 'delito':
      return r.pick(CRIMES);
    case 'centro_penitenciario':
      return r.pick(PRISONS);
    case 'situacion_juridica':
      return r.chance(0.6) ? 'Procesado' : 'Sentenciado';
    case 'puesto':
      return r.pick(RANKS);
    case 'carpeta_investigacion':
      return `FGEO/${r.int(1, 30)}/${r.int(100, 9999)}/${r.int(2024, 2026)}`;
    case 'niv':
      return `3DEMO${letters(r, 4)}${digits(r, 8)}`;
    case 'placa':
      return `${letters(r, 3)}-${digits(r, 3)}-${letters(r, 1)}`;
    case 'marca':
      return r.pick(BRANDS);
    default:
      return `DEMO-${digits(r, 6)}`;
  }
}

export interface SupplyDemoOptions {
  stateCode: string;
  timeZone: string;
  /** Last month ('YYYY-MM') of the demonstration year, as the incidents demo. */
  endMonth: string;
  months?: number;
  seed?: number;
  /** 1 gives about 2,900 records a month across the databases. */
  scale?: number;
  batchSize?: number;
  now?: Date;
}

/** Loads a year of demonstration supply logs when no log was ever imported; returns the records stored. */
export async function seedSupplyDemo(db: Kysely<Database>, opts: SupplyDemoOptions): Promise<number> {
  if (await db.selectFrom('nd_imports').select('id').limit(1).executeTakeFirst()) return 0;
  const zone = new LocalTime(opts.timeZone);
  const geography = loadStateGeography(opts.stateCode);
  const municipalities = new WeightedTable(geography.municipalities.map((m) => [m.code, populationOf(m.code, 2025) ?? 1] as const));
  const months: string[] = [];
  const [ey, em] = opts.endMonth.split('-').map(Number) as [number, number];
  for (let i = (opts.months ?? 12) - 1; i >= 0; i--) {
    const t = ey * 12 + (em - 1) - i;
    months.push(`${Math.floor(t / 12)}-${pad((t % 12) + 1, 2)}`);
  }
  let stored = 0;
  for (const def of nationalDatabases()) {
    const profile = PROFILES[def.code];
    for (const [k, month] of months.entries()) {
      const random = new Random('supply-demo', opts.seed ?? 42, def.code, month);
      const seasonal = 1 + 0.08 * Math.sin((k / 12) * 2 * Math.PI) + 0.05 * random.gaussian();
      const text = demoSupplyLog(def, {
        month,
        rows: Math.max(5, Math.round((profile?.perMonth ?? 100) * (opts.scale ?? 1) * seasonal)),
        random,
        zone,
        municipalities,
        errorRate: 0.004,
        until: opts.now ?? new Date(),
      });
      const s = await importSupplyLog(db, {
        database: def.code,
        input: Readable.from([text]),
        fileName: `demostracion-${def.code}-${month}.csv`,
        stateCode: opts.stateCode,
        timeZone: opts.timeZone,
        actor: SYSTEM_ACTOR,
        batchSize: opts.batchSize,
        now: opts.now,
      }).catch((err: Error) => {
        // The month in progress may have no loads yet: an empty log is not an error of the demo.
        if (/no tiene registros/.test(err.message)) return null;
        throw err;
      });
      stored += s ? s.inserted + s.updated : 0;
    }
  }
  return stored;
}
