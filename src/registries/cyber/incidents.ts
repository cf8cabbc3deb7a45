// The registry's writes and reads: incidents filed through the form or corrected, each written with its audit entry
// and the daily rollup adjusted in the same transaction (the rollup is what indicators and reports read); the
// case list and one case for the unit.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import type { CyberIncidentRow } from './validate.ts';
import type { CyberIncidentsTable, CyberStatus } from './tables.ts';

/** A request that cannot be served; the message is Spanish and reaches the user as is. */
export class CyberError extends Error {
  override name = 'CyberError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Field problems for a form: field → messages. */
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export type StoredIncident = Omit<CyberIncidentsTable, 'id' | 'created_at' | 'updated_at'> & { id: number; created_at: Date; updated_at: Date };

/** The dimensions the rollup keeps, in its primary key's order. */
const DIMENSIONS = sql`reported_on, type_code, coalesce(municipality_code, ''), victim_sex, victim_age_group, intake_channel, platform, status, referred`;

/**
 * Adds (+1) or removes (−1) the given incidents, as they are now in the table, from the daily rollup. Call it with −1
 * before changing rows and +1 after, in the same transaction.
 */
export async function adjustCyberRollup(trx: Kysely<Database>, ids: readonly number[], sign: 1 | -1): Promise<void> {
  if (ids.length === 0) return;
  if (sign > 0) {
    await sql`
      INSERT INTO cyber_rollup_daily AS r
        (reported_on, type_code, municipality_code, victim_sex, victim_age_group, intake_channel, platform, status, referred, n, amount_lost, with_amount)
      SELECT ${DIMENSIONS}, count(*), coalesce(sum(amount_lost), 0), count(amount_lost)
      FROM cyber_incidents WHERE id = ANY(${[...ids]}::bigint[])
      GROUP BY ${DIMENSIONS}
      ON CONFLICT (reported_on, type_code, municipality_code, victim_sex, victim_age_group, intake_channel, platform, status, referred)
      DO UPDATE SET n = r.n + excluded.n, amount_lost = r.amount_lost + excluded.amount_lost, with_amount = r.with_amount + excluded.with_amount`.execute(trx);
    return;
  }
  // Removing is an UPDATE of rows that must exist (an INSERT of negative counts would trip the n >= 0 check).
  await sql`
    UPDATE cyber_rollup_daily AS r
    SET n = r.n - d.n, amount_lost = r.amount_lost - d.amount, with_amount = r.with_amount - d.w
    FROM (SELECT reported_on, type_code, coalesce(municipality_code, '') AS municipality_code, victim_sex, victim_age_group,
                 intake_channel, platform, status, referred,
                 count(*)::int AS n, coalesce(sum(amount_lost), 0) AS amount, count(amount_lost)::int AS w
          FROM cyber_incidents WHERE id = ANY(${[...ids]}::bigint[]) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9) AS d
    WHERE r.reported_on = d.reported_on AND r.type_code = d.type_code AND r.municipality_code = d.municipality_code
      AND r.victim_sex = d.victim_sex AND r.victim_age_group = d.victim_age_group AND r.intake_channel = d.intake_channel
      AND r.platform = d.platform AND r.status = d.status AND r.referred = d.referred`.execute(trx);
  await trx.deleteFrom('cyber_rollup_daily').where('n', '=', 0).execute();
}

/** The next form folio of the year: PC-2026-00001, PC-2026-00002, … (a counter row per year, race-free). */
export async function nextFolio(trx: Kysely<Database>, year: number): Promise<string> {
  const { rows } = await sql<{ last: number }>`
    INSERT INTO cyber_folio_counters AS c (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = c.last + 1
    RETURNING last`.execute(trx);
  return `PC-${year}-${String(rows[0]!.last).padStart(5, '0')}`;
}

const auditOf = (actor: Actor) => ({ actorId: actor.id, actor: actor.username, ip: actor.ip ?? null });

/** The fields people may change, and that the audit entry lists when they change. */
const FIELDS = [
  'reported_on', 'intake_channel', 'victim_sex', 'victim_age_group', 'municipality_code', 'type_code', 'platform',
  'amount_lost', 'status', 'referred', 'referral_reference', 'referral_date',
] as const;

/** Files an incident from the form: folio assigned by the server, rollup and audit in the same transaction. */
export async function createCyberIncident(db: Kysely<Database>, actor: Actor, row: CyberIncidentRow): Promise<StoredIncident> {
  const id = await db.transaction().execute(async (trx) => {
    const folio = row.folio ?? (await nextFolio(trx, Number(row.reported_on.slice(0, 4))));
    const exists = await trx.selectFrom('cyber_incidents').select('id').where('folio', '=', folio).executeTakeFirst();
    if (exists) throw new CyberError('folio_duplicado', `Ya existe un incidente con el folio ${folio}.`, 409);
    const inserted = await trx
      .insertInto('cyber_incidents')
      .values({ ...row, folio, source: 'formulario', import_id: null, created_by: actor.id, updated_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const newId = Number(inserted.id);
    await adjustCyberRollup(trx, [newId], 1);
    await appendAudit(trx, {
      ...auditOf(actor),
      action: 'cyber.incident.create',
      entity: 'cyber_incident',
      entityId: newId,
      details: { folio, type: row.type_code, reportedOn: row.reported_on, referred: row.referred },
    });
    return newId;
  });
  return (await getCyberIncident(db, id))!;
}

/** Replaces the editable fields of an incident (its folio stays); the audit entry names each change. */
export async function updateCyberIncident(db: Kysely<Database>, actor: Actor, id: number, row: CyberIncidentRow): Promise<StoredIncident> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('cyber_incidents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new CyberError('incidente_no_encontrado', 'No existe ese incidente cibernético.', 404);
    const changes: Record<string, { antes: unknown; ahora: unknown }> = {};
    for (const f of FIELDS) {
      if (String(before[f] ?? '') !== String(row[f] ?? '')) changes[f] = { antes: before[f], ahora: row[f] };
    }
    if (Object.keys(changes).length === 0) return;
    await adjustCyberRollup(trx, [id], -1);
    const { folio: _folio, ...fields } = row;
    await trx.updateTable('cyber_incidents').set({ ...fields, updated_by: actor.id, updated_at: new Date() }).where('id', '=', id).execute();
    await adjustCyberRollup(trx, [id], 1);
    await appendAudit(trx, { ...auditOf(actor), action: 'cyber.incident.update', entity: 'cyber_incident', entityId: id, details: { folio: before.folio, changes } });
  });
  return (await getCyberIncident(db, id))!;
}

export async function getCyberIncident(db: Kysely<Database>, id: number): Promise<StoredIncident | undefined> {
  const row = await db.selectFrom('cyber_incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ({ ...row, id: Number(row.id) } as StoredIncident) : undefined;
}

export interface CyberIncidentFilter {
  from?: string;
  to?: string;
  type?: string;
  status?: CyberStatus;
  referred?: boolean;
  municipality?: string;
  /** Part of a folio or of a referral reference. */
  q?: string;
  page?: number;
  pageSize?: number;
}

/** The cases, newest first, a page at a time. */
export async function listCyberIncidents(db: Kysely<Database>, f: CyberIncidentFilter = {}) {
  let q = db.selectFrom('cyber_incidents');
  if (f.from) q = q.where('reported_on', '>=', f.from);
  if (f.to) q = q.where('reported_on', '<=', f.to);
  if (f.type) q = q.where('type_code', '=', f.type);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.referred !== undefined) q = q.where('referred', '=', f.referred);
  if (f.municipality) q = q.where('municipality_code', '=', f.municipality);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('folio', 'ilike', like), eb('referral_reference', 'ilike', like)]));
  }
  const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const [items, total] = await Promise.all([
    q.selectAll().orderBy('reported_on', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), page, pageSize, items: items.map((r) => ({ ...r, id: Number(r.id) })) };
}
