// Writes one batch of supply records inside the caller's transaction, idempotent on (database, folio): new records
// are COPYed, changed ones updated, identical ones left alone, and the monthly rollup is moved by exactly the
// difference (the old version of a changed record subtracted, the new one added).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { copyRows } from '../../db/copy.ts';
import type { SupplyRow } from './validate.ts';

/** Delays longer than this many days share one rollup bucket: indicators only ask "within N days", N ≤ 365. */
export const DELAY_CAP = 400;

export interface StoredBatch {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface Stored {
  id: number;
  folio: string;
  category: string;
  municipality_code: string;
  event_date: string;
  event_at: Date | null;
  loaded_at: Date;
  load_date: string;
  delay_days: number;
  present_mask: number;
}

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const keyOf = (r: { category: string; municipality_code: string; load_date: string; present_mask: number; delay_days: number }) =>
  [monthOf(r.load_date), r.category, r.municipality_code, r.present_mask, Math.min(r.delay_days, DELAY_CAP)].join('\u0000');

function same(s: Stored, r: SupplyRow): boolean {
  return (
    s.category === r.category &&
    s.municipality_code === r.municipalityCode &&
    s.event_date === r.eventDate &&
    (s.event_at?.getTime() ?? null) === (r.eventAt?.getTime() ?? null) &&
    s.loaded_at.getTime() === r.loadedAt.getTime() &&
    s.present_mask === r.presentMask
  );
}

const asStored = (r: SupplyRow) => ({
  category: r.category,
  municipality_code: r.municipalityCode,
  load_date: r.loadDate,
  present_mask: r.presentMask,
  delay_days: r.delayDays,
});

export async function storeSupplyBatch(trx: Kysely<Database>, database: string, rows: readonly SupplyRow[], importId: number): Promise<StoredBatch> {
  const result: StoredBatch = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return result;
  // Writers of the same database wait for each other, so that the existence check and the write agree.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`nd_records:${database}`}))`.execute(trx);
  const found = await sql<Stored>`
    SELECT r.id, r.folio, r.category, r.municipality_code, r.event_date, r.event_at, r.loaded_at, r.load_date, r.delay_days, r.present_mask
    FROM unnest(${rows.map((r) => r.folio)}::text[]) AS k(folio)
    CROSS JOIN LATERAL (SELECT * FROM nd_records WHERE database = ${database} AND folio = k.folio LIMIT 1) r`.execute(trx);
  const known = new Map(found.rows.map((s) => [s.folio, s]));

  const delta = new Map<string, number>();
  const move = (key: string, by: number) => delta.set(key, (delta.get(key) ?? 0) + by);
  const inserts: unknown[][] = [];
  const updates: { id: number; r: SupplyRow }[] = [];
  for (const r of rows) {
    const old = known.get(r.folio);
    if (!old) {
      inserts.push([database, r.folio, r.category, r.municipalityCode, r.eventDate, r.eventAt, r.loadedAt, r.loadDate, r.delayDays, r.presentMask, importId]);
      move(keyOf(asStored(r)), 1);
      result.inserted++;
    } else if (!same(old, r)) {
      updates.push({ id: Number(old.id), r });
      move(keyOf(old), -1);
      move(keyOf(asStored(r)), 1);
      result.updated++;
    } else {
      result.unchanged++;
    }
  }

  await copyRows(
    trx,
    'nd_records',
    ['database', 'folio', 'category', 'municipality_code', 'event_date', 'event_at', 'loaded_at', 'load_date', 'delay_days', 'present_mask', 'import_id'],
    inserts,
  );
  if (updates.length) {
    const u = updates;
    await sql`
      UPDATE nd_records AS t SET category = u.category, municipality_code = u.mun, event_date = u.event_date, event_at = u.event_at,
        loaded_at = u.loaded_at, load_date = u.load_date, delay_days = u.delay, present_mask = u.mask, import_id = ${importId}, updated_at = now()
      FROM unnest(${u.map((x) => x.id)}::bigint[], ${u.map((x) => x.r.category)}::text[], ${u.map((x) => x.r.municipalityCode)}::text[],
                  ${u.map((x) => x.r.eventDate)}::date[], ${u.map((x) => x.r.eventAt?.toISOString() ?? null)}::timestamptz[],
                  ${u.map((x) => x.r.loadedAt.toISOString())}::timestamptz[], ${u.map((x) => x.r.loadDate)}::date[],
                  ${u.map((x) => x.r.delayDays)}::int[], ${u.map((x) => x.r.presentMask)}::int[])
        AS u(id, category, mun, event_date, event_at, loaded_at, load_date, delay, mask)
      WHERE t.id = u.id`.execute(trx);
  }
  await applyDelta(trx, database, delta);
  return result;
}

/** Adds (upsert) and subtracts (update, then delete what reached zero) the rollup's changes. */
async function applyDelta(trx: Kysely<Database>, database: string, delta: Map<string, number>) {
  const plus: string[][] = [];
  const minus: string[][] = [];
  for (const [key, n] of delta) {
    if (n === 0) continue;
    (n > 0 ? plus : minus).push([...key.split('\u0000'), String(Math.abs(n))]);
  }
  const columns = (list: string[][]) => ({
    month: list.map((k) => k[0]!),
    category: list.map((k) => k[1]!),
    mun: list.map((k) => k[2]!),
    mask: list.map((k) => Number(k[3])),
    delay: list.map((k) => Number(k[4])),
    n: list.map((k) => Number(k[5])),
  });
  if (plus.length) {
    const c = columns(plus);
    await sql`
      INSERT INTO nd_rollup_monthly AS t (database, month, category, municipality_code, present_mask, delay_days, n)
      SELECT ${database}, month, category, mun, mask, delay, n
      FROM unnest(${c.month}::date[], ${c.category}::text[], ${c.mun}::text[], ${c.mask}::int[], ${c.delay}::int[], ${c.n}::int[])
        AS d(month, category, mun, mask, delay, n)
      ON CONFLICT (database, month, category, municipality_code, present_mask, delay_days) DO UPDATE SET n = t.n + excluded.n`.execute(trx);
  }
  if (minus.length) {
    const c = columns(minus);
    await sql`
      UPDATE nd_rollup_monthly AS t SET n = t.n - d.n
      FROM unnest(${c.month}::date[], ${c.category}::text[], ${c.mun}::text[], ${c.mask}::int[], ${c.delay}::int[], ${c.n}::int[])
        AS d(month, category, mun, mask, delay, n)
      WHERE t.database = ${database} AND t.month = d.month AND t.category = d.category AND t.municipality_code = d.mun
        AND t.present_mask = d.mask AND t.delay_days = d.delay`.execute(trx);
    await sql`DELETE FROM nd_rollup_monthly WHERE database = ${database} AND n = 0`.execute(trx);
  }
}
