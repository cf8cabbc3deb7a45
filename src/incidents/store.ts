// Writes one batch of normalised incidents: new ones by COPY, changed ones by UPDATE, unchanged ones not at all,
// with the rollups adjusted by the same difference, all in the caller's transaction. Idempotent on
// (center, folio): a known incident is compared field by field with the incoming one.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { copyRows } from '../db/copy.ts';
import type { IncidentRecord } from './normalize.ts';
import { serviceTimeBucket } from '../analytics/stats.ts';

/** CNIE codes of telephone and other extortion (the same numbers in catalogs 2.0 and 3). */
export const EXTORTION_CODES: ReadonlySet<number> = new Set([30406, 30407]);

/** Service-time measures of the FESE, by their number in rollup_service_times. */
export const SERVICE_MEASURES = { reception_dispatch: 1, dispatch_arrival: 2, reception_close: 3 } as const;

export const INCIDENT_COLUMNS = [
  'center_code', 'folio', 'channel', 'received_at', 'dispatched_at', 'arrived_at', 'closed_at', 'local_date',
  'local_hour', 'cnie_version', 'cnie_code', 'priority', 'is_improper', 'closing_code', 'municipality_code',
  'locality', 'latitude', 'longitude', 'cell', 'corporation', 'unit', 'related_folios', 'victim_sex',
  'victim_age_group', 'reported_phone', 'extortion_modality', 'caller_phone', 'caller_name', 'address', 'notes',
] as const satisfies readonly (keyof IncidentRecord)[];

/** The fields that place an incident in the rollups. */
type RollupKeys = Pick<
  IncidentRecord,
  | 'local_date' | 'local_hour' | 'center_code' | 'cnie_version' | 'cnie_code' | 'municipality_code' | 'channel' | 'is_improper'
  | 'cell' | 'priority' | 'received_at' | 'dispatched_at' | 'arrived_at' | 'closed_at' | 'extortion_modality' | 'reported_phone'
>;

/** One column's value in a form that compares equal exactly when the stored and the incoming values are the same. */
function comparable(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : Array.isArray(v) ? v.join('\u0001') : v;
}

export function sameIncident(stored: IncidentRecord, incoming: IncidentRecord): boolean {
  for (const c of INCIDENT_COLUMNS) if (comparable(stored[c]) !== comparable(incoming[c])) return false;
  return true;
}

export interface StoreResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export async function storeBatch(trx: Transaction<Database>, rows: IncidentRecord[], importId: number | null): Promise<StoreResult> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  // Serialise writers of the same centers so that the existence check and the write see the same state.
  const centers = [...new Set(rows.map((r) => r.center_code))].sort();
  await sql`SELECT pg_advisory_xact_lock(hashtext('incidents:' || c)) FROM unnest(${centers}::text[]) AS c ORDER BY c`.execute(trx);

  // One index probe per folio: a LATERAL subquery with both key columns bound can only be answered from the unique
  // index, whatever the planner believes about the table's size (with `folio = ANY(...)` it filtered the whole
  // center's rows while statistics still described the table as empty: quadratic in a long import).
  const existing: (IncidentRecord & { id: number })[] = [];
  for (const center of centers) {
    const folios = [...new Set(rows.filter((r) => r.center_code === center).map((r) => r.folio))];
    const found = await sql<IncidentRecord & { id: number }>`
      SELECT i.* FROM unnest(${folios}::text[]) AS f(folio)
      CROSS JOIN LATERAL (SELECT * FROM incidents WHERE center_code = ${center} AND folio = f.folio LIMIT 1) i`.execute(trx);
    existing.push(...found.rows);
  }
  const known = new Map(existing.map((e) => [`${e.center_code}\u0000${e.folio}`, e]));

  const fresh: unknown[][] = [];
  const changed: unknown[][] = [];
  const deltas = new RollupDeltas();
  let unchanged = 0;
  for (const r of rows) {
    const old = known.size ? known.get(`${r.center_code}\u0000${r.folio}`) : undefined;
    if (!old) {
      fresh.push([...INCIDENT_COLUMNS.map((c) => r[c]), importId]);
      deltas.add(r, 1);
    } else if (!sameIncident(old, r)) {
      changed.push([old.id, ...INCIDENT_COLUMNS.map((c) => r[c]), importId]);
      deltas.add(old, -1);
      deltas.add(r, 1);
    } else {
      unchanged++;
    }
  }

  await copyRows(trx, 'incidents', [...INCIDENT_COLUMNS, 'import_id'], fresh);
  if (changed.length) await updateIncidents(trx, changed);
  await deltas.apply(trx);
  return { inserted: fresh.length, updated: changed.length, unchanged };
}

async function updateIncidents(trx: Transaction<Database>, rows: unknown[][]) {
  const cols = ['id', ...INCIDENT_COLUMNS, 'import_id'];
  await sql`CREATE TEMP TABLE IF NOT EXISTS incident_changes (LIKE incidents INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`.execute(trx);
  await copyRows(trx, 'incident_changes', cols, rows);
  const assignments = sql.raw([...INCIDENT_COLUMNS, 'import_id'].map((c) => `"${c}" = c."${c}"`).join(', '));
  await sql`UPDATE incidents i SET ${assignments}, updated_at = now() FROM incident_changes c WHERE i.id = c.id`.execute(trx);
  await sql`DELETE FROM incident_changes`.execute(trx);
}

/** A rollup table: its key columns with their SQL types. */
interface RollupTable {
  name: 'rollup_daily' | 'rollup_cells' | 'rollup_service_times' | 'rollup_extortion';
  keys: readonly (readonly [column: string, type: string])[];
}

const DAILY: RollupTable = {
  name: 'rollup_daily',
  keys: [['local_date', 'date'], ['center_code', 'text'], ['cnie_version', 'text'], ['cnie_code', 'int'], ['municipality_code', 'text'], ['channel', 'text'], ['is_improper', 'bool']],
};
const CELLS: RollupTable = {
  name: 'rollup_cells',
  keys: [['local_date', 'date'], ['local_hour', 'smallint'], ['cell', 'text'], ['cnie_version', 'text'], ['cnie_code', 'int']],
};
const SERVICE_TIMES: RollupTable = {
  name: 'rollup_service_times',
  keys: [['local_date', 'date'], ['center_code', 'text'], ['priority', 'text'], ['is_improper', 'bool'], ['measure', 'smallint'], ['bucket', 'int']],
};
const EXTORTION: RollupTable = {
  name: 'rollup_extortion',
  keys: [['local_date', 'date'], ['center_code', 'text'], ['municipality_code', 'text'], ['channel', 'text'], ['modality', 'text'], ['reported_phone', 'text']],
};

/**
 * Net change to each rollup row caused by a batch. What each rollup counts:
 * - rollup_daily: every incident;
 * - rollup_cells: located real incidents (improper calls are never mapped);
 * - rollup_service_times: each measured interval (reception→dispatch, dispatch→arrival, reception→close) in
 *   seconds, bucketed by serviceTimeBucket;
 * - rollup_extortion: extortion incidents (codes 30406/30407 or a recorded modality).
 */
class RollupDeltas {
  readonly daily = new Map<string, number>();
  readonly cells = new Map<string, number>();
  readonly serviceTimes = new Map<string, number>();
  readonly extortion = new Map<string, number>();

  add(r: RollupKeys, d: 1 | -1) {
    bump(this.daily, `${r.local_date}|${r.center_code}|${r.cnie_version}|${r.cnie_code}|${r.municipality_code ?? ''}|${r.channel}|${r.is_improper}`, d);
    if (r.cell && !r.is_improper) bump(this.cells, `${r.local_date}|${r.local_hour}|${r.cell}|${r.cnie_version}|${r.cnie_code}`, d);
    const prefix = `${r.local_date}|${r.center_code}|${r.priority ?? ''}|${r.is_improper}`;
    const measure = (m: number, from: Date | null, to: Date | null) => {
      if (from && to) bump(this.serviceTimes, `${prefix}|${m}|${serviceTimeBucket((to.getTime() - from.getTime()) / 1000)}`, d);
    };
    measure(SERVICE_MEASURES.reception_dispatch, r.received_at, r.dispatched_at);
    measure(SERVICE_MEASURES.dispatch_arrival, r.dispatched_at, r.arrived_at);
    measure(SERVICE_MEASURES.reception_close, r.received_at, r.closed_at);
    if (r.extortion_modality || EXTORTION_CODES.has(r.cnie_code)) {
      const k = `${r.local_date}|${r.center_code}|${r.municipality_code ?? ''}|${r.channel}|${r.extortion_modality ?? ''}|${r.reported_phone ?? ''}`;
      bump(this.extortion, k, d);
    }
  }

  async apply(trx: Transaction<Database>) {
    await applyDeltas(trx, DAILY, this.daily);
    await applyDeltas(trx, CELLS, this.cells);
    await applyDeltas(trx, SERVICE_TIMES, this.serviceTimes);
    await applyDeltas(trx, EXTORTION, this.extortion);
  }
}

function bump(map: Map<string, number>, key: string, d: number) {
  map.set(key, (map.get(key) ?? 0) + d);
}

/**
 * Additions are upserted; subtractions (only from corrected incidents) update existing rows and delete the ones
 * that reach zero. They cannot share the upsert: PostgreSQL checks `n >= 0` on the proposed row before it looks
 * for the conflict.
 */
async function applyDeltas(trx: Transaction<Database>, table: RollupTable, deltas: Map<string, number>) {
  const rows = [...deltas].filter(([, n]) => n !== 0).map(([k, n]) => ({ key: k.split('|'), n }));
  const keyCols = sql.raw(table.keys.map(([c]) => c).join(', '));
  const unnest = (subset: typeof rows) =>
    sql.join(table.keys.map(([, type], i) => sql`${subset.map((r) => r.key[i])}::${sql.raw(type)}[]`));
  const added = rows.filter((r) => r.n > 0);
  if (added.length) {
    await sql`
      INSERT INTO ${sql.table(table.name)} AS r (${keyCols}, n)
      SELECT * FROM unnest(${unnest(added)}, ${added.map((r) => r.n)}::int[])
      ON CONFLICT (${keyCols}) DO UPDATE SET n = r.n + excluded.n`.execute(trx);
  }
  const removed = rows.filter((r) => r.n < 0);
  if (removed.length) {
    const match = sql.raw(table.keys.map(([c]) => `r.${c} = d.${c}`).join(' AND '));
    await sql`
      UPDATE ${sql.table(table.name)} r SET n = r.n + d.n
      FROM unnest(${unnest(removed)}, ${removed.map((x) => x.n)}::int[]) AS d(${keyCols}, n)
      WHERE ${match}`.execute(trx);
    await sql`
      DELETE FROM ${sql.table(table.name)} r USING unnest(${unnest(removed)}) AS d(${keyCols})
      WHERE r.n = 0 AND ${match}`.execute(trx);
  }
}
