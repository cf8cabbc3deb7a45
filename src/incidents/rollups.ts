// What each rollup counts, written once as SQL over a set of incident rows: the importer adds a batch's new rows
// and subtracts the old versions of corrected ones with the same statements, in the batch's transaction.
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** CNIE codes of telephone and other extortion (the same numbers in catalogs 2.0 and 3). */
export const EXTORTION_CODES: readonly number[] = [30406, 30407];

/** Service-time measures of the FESE, by their number in rollup_service_times. */
export const SERVICE_MEASURES = { reception_dispatch: 1, dispatch_arrival: 2, reception_close: 3 } as const;

/** serviceTimeBucket() of analytics/stats.ts, in SQL, of a duration in seconds. */
const bucketOf = (seconds: string) => `
  CASE WHEN ${seconds} < 600 THEN floor(${seconds} / 10) * 10
       WHEN ${seconds} < 3600 THEN floor(${seconds} / 60) * 60
       WHEN ${seconds} < 86400 THEN floor(${seconds} / 600) * 600
       ELSE 86400 END::int`;

interface Rollup {
  table: 'rollup_daily' | 'rollup_monthly' | 'rollup_cells' | 'rollup_service_times' | 'rollup_extortion';
  /** Key columns of the rollup, in the order of `values`. */
  keys: readonly string[];
  /** The key values, as SQL over the alias `s` of the source rows (and `m` for the service-time measures). */
  values: string;
  /** Extra FROM items and the condition for a row to count. */
  from: string;
  where: string;
}

/**
 * - rollup_daily: every incident, by local day; rollup_monthly: the same by local month;
 * - rollup_cells: located real incidents (improper calls are never mapped);
 * - rollup_service_times: each measured interval (reception→dispatch, dispatch→arrival, reception→close), bucketed;
 * - rollup_extortion: extortion incidents (codes 30406/30407 or a recorded modality).
 */
const ROLLUPS: readonly Rollup[] = [
  {
    table: 'rollup_daily',
    keys: ['local_date', 'center_code', 'cnie_version', 'cnie_code', 'municipality_code', 'channel', 'is_improper'],
    values: `s.local_date, s.center_code, s.cnie_version, s.cnie_code, coalesce(s.municipality_code, ''), s.channel, s.is_improper`,
    from: '',
    where: 'true',
  },
  {
    table: 'rollup_monthly',
    keys: ['month', 'center_code', 'cnie_version', 'cnie_code', 'municipality_code', 'channel', 'is_improper'],
    values: `date_trunc('month', s.local_date::timestamp)::date, s.center_code, s.cnie_version, s.cnie_code, coalesce(s.municipality_code, ''),
             s.channel, s.is_improper`,
    from: '',
    where: 'true',
  },
  {
    table: 'rollup_cells',
    keys: ['local_date', 'local_hour', 'cell', 'cnie_version', 'cnie_code'],
    values: 's.local_date, s.local_hour, s.cell, s.cnie_version, s.cnie_code',
    from: '',
    where: 's.cell IS NOT NULL AND NOT s.is_improper',
  },
  {
    table: 'rollup_service_times',
    keys: ['month', 'center_code', 'priority', 'is_improper', 'measure', 'bucket'],
    values: `date_trunc('month', s.local_date::timestamp)::date, s.center_code, coalesce(s.priority, ''), s.is_improper, m.measure, ${bucketOf('extract(epoch FROM m.duration)')}`,
    from: `CROSS JOIN LATERAL (VALUES
             (${SERVICE_MEASURES.reception_dispatch}, s.dispatched_at - s.received_at),
             (${SERVICE_MEASURES.dispatch_arrival}, s.arrived_at - s.dispatched_at),
             (${SERVICE_MEASURES.reception_close}, s.closed_at - s.received_at)) AS m(measure, duration)`,
    where: 'm.duration IS NOT NULL',
  },
  {
    table: 'rollup_extortion',
    keys: ['local_date', 'center_code', 'municipality_code', 'channel', 'modality', 'reported_phone'],
    values: `s.local_date, s.center_code, coalesce(s.municipality_code, ''), s.channel, coalesce(s.extortion_modality, ''),
             coalesce(s.reported_phone, '')`,
    from: '',
    where: `(s.extortion_modality IS NOT NULL OR s.cnie_code IN (${EXTORTION_CODES.join(', ')}))`,
  },
];

/** Adds the incidents that `source` selects (a FROM item with the incidents' columns) to every rollup. */
export async function addToRollups(trx: Transaction<Database>, source: RawBuilder<unknown>) {
  for (const r of ROLLUPS) {
    const keys = sql.raw(r.keys.join(', '));
    const positions = sql.raw(r.keys.map((_, i) => i + 1).join(', '));
    await sql`
      INSERT INTO ${sql.table(r.table)} AS t (${keys}, n)
      SELECT ${sql.raw(r.values)}, count(*) FROM ${source} AS s ${sql.raw(r.from)} WHERE ${sql.raw(r.where)}
      GROUP BY ${positions}
      ON CONFLICT (${keys}) DO UPDATE SET n = t.n + excluded.n`.execute(trx);
  }
}

/**
 * Subtracts the incidents that `source` selects from every rollup, deleting the rows that reach zero. Not an
 * upsert: PostgreSQL checks `n >= 0` on the proposed row before it looks for the conflict.
 */
export async function subtractFromRollups(trx: Transaction<Database>, source: RawBuilder<unknown>) {
  for (const r of ROLLUPS) {
    const keys = sql.raw(r.keys.join(', '));
    const positions = sql.raw(r.keys.map((_, i) => i + 1).join(', '));
    const match = sql.raw(r.keys.map((k) => `t.${k} = d.${k}`).join(' AND '));
    await sql`
      UPDATE ${sql.table(r.table)} AS t SET n = t.n - d.n
      FROM (SELECT ${sql.raw(r.values)}, count(*) FROM ${source} AS s ${sql.raw(r.from)} WHERE ${sql.raw(r.where)} GROUP BY ${positions})
        AS d (${keys}, n)
      WHERE ${match}`.execute(trx);
    const day = r.keys[0] === 'month' ? sql.raw(`date_trunc('month', s.local_date::timestamp)::date`) : sql.raw('s.local_date');
    await sql`DELETE FROM ${sql.table(r.table)} WHERE n = 0 AND ${sql.raw(r.keys[0]!)} IN (SELECT ${day} FROM ${source} AS s)`.execute(trx);
  }
}
