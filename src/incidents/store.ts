// Writes one batch of normalised incidents: new ones inserted, changed ones updated, unchanged ones not at all,
// with the rollups adjusted by the same difference, all in the caller's transaction. Idempotent on
// (center, folio): a known incident is compared field by field with the incoming one.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { copyCsv, csvField } from '../db/copy.ts';
import type { IncidentRecord } from './normalize.ts';
import { addToRollups, subtractFromRollups } from './rollups.ts';

export const INCIDENT_COLUMNS = [
  'center_code', 'folio', 'channel', 'received_at', 'dispatched_at', 'arrived_at', 'closed_at', 'local_date',
  'local_hour', 'cnie_version', 'cnie_code', 'priority', 'is_improper', 'closing_code', 'municipality_code',
  'locality', 'latitude', 'longitude', 'cell', 'corporation', 'unit', 'related_folios', 'victim_sex',
  'victim_age_group', 'reported_phone', 'extortion_modality', 'caller_phone', 'caller_name', 'address', 'notes',
] as const satisfies readonly (keyof IncidentRecord)[];

/** One column's value in a form that compares equal exactly when the stored and the incoming values are the same. */
function comparable(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : Array.isArray(v) ? v.join('\u0001') : v;
}

/** The incident's columns as CSV fields, each followed by a comma. */
function csvLine(r: IncidentRecord): string {
  let line = '';
  for (const c of INCIDENT_COLUMNS) line += `${csvField(r[c])},`;
  return line;
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

  // One index probe per row: a LATERAL subquery with both key columns bound can only be answered from the unique
  // index, whatever the planner believes about the table's size (with `folio = ANY(...)` it filtered the whole
  // center's rows while statistics still described the table as empty: quadratic in a long import).
  const found = await sql<IncidentRecord & { id: number }>`
    SELECT i.* FROM unnest(${rows.map((r) => r.center_code)}::text[], ${rows.map((r) => r.folio)}::text[]) AS k(center_code, folio)
    CROSS JOIN LATERAL (SELECT * FROM incidents WHERE center_code = k.center_code AND folio = k.folio LIMIT 1) i`.execute(trx);
  const existing = found.rows;
  const known = new Map(existing.map((e) => [`${e.center_code}\u0000${e.folio}`, e]));

  // The batch's new rows and the new versions of changed ones (with their id) go to `incoming`, the old versions of
  // changed ones to `outgoing`; the statements below take it from there.
  let incoming = '';
  let outgoing = '';
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  for (const r of rows) {
    const old = known.size ? known.get(`${r.center_code}\u0000${r.folio}`) : undefined;
    if (!old) {
      incoming += `,${csvLine(r)}${csvField(importId)}\n`;
      inserted++;
    } else if (!sameIncident(old, r)) {
      incoming += `${old.id},${csvLine(r)}${csvField(importId)}\n`;
      outgoing += `${csvLine(old).slice(0, -1)}\n`;
      updated++;
    } else {
      unchanged++;
    }
  }
  if (incoming === '') return { inserted: 0, updated: 0, unchanged };

  const columns = ['id', ...INCIDENT_COLUMNS, 'import_id'];
  await sql`CREATE TEMP TABLE IF NOT EXISTS incoming ON COMMIT DELETE ROWS AS SELECT * FROM incidents WITH NO DATA`.execute(trx);
  await copyCsv(trx, 'incoming', columns, incoming);
  if (updated) {
    await sql`CREATE TEMP TABLE IF NOT EXISTS outgoing ON COMMIT DELETE ROWS AS SELECT * FROM incidents WITH NO DATA`.execute(trx);
    await copyCsv(trx, 'outgoing', INCIDENT_COLUMNS, outgoing);
    await subtractFromRollups(trx, sql`outgoing`);
    const assignments = sql.raw([...INCIDENT_COLUMNS, 'import_id'].map((c) => `"${c}" = c."${c}"`).join(', '));
    await sql`UPDATE incidents i SET ${assignments}, updated_at = now() FROM incoming c WHERE i.id = c.id`.execute(trx);
  }
  const insertColumns = sql.raw([...INCIDENT_COLUMNS, 'import_id'].join(', '));
  if (inserted) await sql`INSERT INTO incidents (${insertColumns}) SELECT ${insertColumns} FROM incoming WHERE id IS NULL`.execute(trx);
  await addToRollups(trx, sql`incoming`);
  return { inserted, updated, unchanged };
}
