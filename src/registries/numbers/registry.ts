// The registry of numbers: its sync from the incidents, manual reports, the status workflow and the queries of the
// list and the detail. The incidents give two kinds of sighting:
//   extorsion     the number an extortion tip or call reports (089 tips are anonymous: only the reported number is
//                 kept, never a caller), with its modality classified against data/reports/extortion-modalities.json;
//   improcedente  an improper 9-1-1 call from a number already in the registry (repeat callers enter it when they
//                 reach the mitigation threshold, see mitigation.ts), so that the registry does not copy every caller.
// The sync reads the incidents (read only) and is idempotent: a corrected incident updates its sighting, one that no
// longer qualifies loses it. A discarded number returns to «reportado» when it is seen after the discard.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { EXTORTION_CODES } from '../../incidents/rollups.ts';
import { classifyModality, extortionModalities } from '../../reports/extortion/modalities.ts';
import { LocalTime } from '../../util/local-time.ts';
import { NumbersError, checkTransition, registryPhone } from './rules.ts';
import type { NumberStatus, SightingKind } from './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;
const CHUNK = 500;

const audit = (db: Db, actor: Actor, action: string, entityId: string | number | null, details: Record<string, unknown>) =>
  appendAudit(db as Kysely<Database>, { actorId: actor.id, actor: actor.username, ip: actor.ip ?? null, action, entity: 'phone_number', entityId, details });

/** Adds the numbers not yet in the registry as «reportado», each with its first status event. Returns those added. */
export async function ensureNumbers(db: Transaction<Database>, actor: Actor, phones: readonly string[], reason: string, at = new Date()): Promise<string[]> {
  const added: string[] = [];
  const unique = [...new Set(phones)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .insertInto('phone_numbers')
      .values(unique.slice(i, i + CHUNK).map((phone) => ({ phone, status: 'reportado' as const, status_since: at, status_by: actor.id, status_reason: reason })))
      .onConflict((oc) => oc.column('phone').doNothing())
      .returning('phone')
      .execute();
    added.push(...rows.map((r) => r.phone));
  }
  for (let i = 0; i < added.length; i += CHUNK) {
    await db
      .insertInto('phone_status_events')
      .values(added.slice(i, i + CHUNK).map((phone) => ({ phone, at, actor_id: actor.id, actor: actor.username, from_status: null, to_status: 'reportado', reason })))
      .execute();
  }
  return added;
}

export interface SyncSummary {
  added: number;
  extortionSightings: number;
  /** Improper-call sightings added or corrected by this run. */
  improperSightings: number;
  removed: number;
  reopened: number;
}

/** Brings the registry up to date with the incidents, in one transaction. */
export async function syncFromIncidents(db: Kysely<Database>, actor: Actor): Promise<SyncSummary> {
  const modalities = extortionModalities();
  return db.transaction().execute(async (trx) => {
    const extortion = await trx
      .selectFrom('incidents')
      .select(['id', 'reported_phone', 'center_code', 'channel', 'extortion_modality', 'received_at', 'local_date'])
      .where('reported_phone', 'is not', null)
      .where((eb) => eb.or([eb('cnie_code', 'in', [...EXTORTION_CODES]), eb('extortion_modality', 'is not', null)]))
      .execute();
    const added = await ensureNumbers(trx, actor, extortion.map((r) => r.reported_phone!), 'Reportado en denuncias o llamadas de extorsión');
    for (let i = 0; i < extortion.length; i += CHUNK) {
      await trx
        .insertInto('phone_sightings')
        .values(
          extortion.slice(i, i + CHUNK).map((r) => ({
            phone: r.reported_phone!,
            kind: 'extorsion' as const,
            source: 'incidente' as const,
            incident_id: Number(r.id),
            center_code: r.center_code,
            channel: r.channel,
            modality: r.extortion_modality ? classifyModality(r.extortion_modality, modalities).code : null,
            seen_at: r.received_at,
            local_date: r.local_date,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['incident_id', 'kind']).doUpdateSet((eb) => ({
            phone: eb.ref('excluded.phone'),
            center_code: eb.ref('excluded.center_code'),
            channel: eb.ref('excluded.channel'),
            modality: eb.ref('excluded.modality'),
            seen_at: eb.ref('excluded.seen_at'),
            local_date: eb.ref('excluded.local_date'),
          })),
        )
        .execute();
    }
    const improper = await sql<{ n: number }>`
      WITH up AS (
        INSERT INTO phone_sightings (phone, kind, source, incident_id, center_code, channel, seen_at, local_date)
        SELECT i.caller_phone, 'improcedente', 'incidente', i.id, i.center_code, i.channel, i.received_at, i.local_date
          FROM incidents i JOIN phone_numbers n ON n.phone = i.caller_phone
         WHERE i.is_improper AND i.caller_phone IS NOT NULL
        ON CONFLICT (incident_id, kind) DO UPDATE
          SET phone = excluded.phone, center_code = excluded.center_code, channel = excluded.channel,
              seen_at = excluded.seen_at, local_date = excluded.local_date
        -- Most runs change nothing: writing only what differs keeps a daily run from rewriting every row.
          WHERE (phone_sightings.phone, phone_sightings.center_code, phone_sightings.channel, phone_sightings.seen_at)
                IS DISTINCT FROM (excluded.phone, excluded.center_code, excluded.channel, excluded.seen_at)
        RETURNING 1)
      SELECT count(*)::int AS n FROM up`.execute(trx);
    const removed = await sql<{ n: number }>`
      WITH gone AS (
        DELETE FROM phone_sightings s
         WHERE s.source = 'incidente' AND NOT EXISTS (
           SELECT 1 FROM incidents i WHERE i.id = s.incident_id AND (
             (s.kind = 'extorsion' AND i.reported_phone = s.phone
               AND (i.cnie_code IN (${sql.join([...EXTORTION_CODES])}) OR i.extortion_modality IS NOT NULL))
             OR (s.kind = 'improcedente' AND i.is_improper AND i.caller_phone = s.phone)))
        RETURNING 1)
      SELECT count(*)::int AS n FROM gone`.execute(trx);
    const reopened = await reopenWithNewEvidence(trx, actor);
    const summary: SyncSummary = {
      added: added.length,
      extortionSightings: extortion.length,
      improperSightings: Number(improper.rows[0]?.n ?? 0),
      removed: Number(removed.rows[0]?.n ?? 0),
      reopened,
    };
    await audit(trx, actor, 'numbers.sync', null, { ...summary });
    return summary;
  });
}

/** Discarded numbers seen after their discard go back to «reportado», with the sighting as the reason. */
async function reopenWithNewEvidence(trx: Transaction<Database>, actor: Actor): Promise<number> {
  const rows = await trx
    .selectFrom('phone_numbers as n')
    .innerJoin('phone_sightings as s', 's.phone', 'n.phone')
    .select(['n.phone', (eb) => eb.fn.max('s.seen_at').as('seen_at')])
    .where('n.status', '=', 'descartado')
    .whereRef('s.seen_at', '>', 'n.status_since')
    .groupBy('n.phone')
    .execute();
  const now = new Date();
  for (const r of rows) {
    const reason = `Nueva evidencia: visto de nuevo el ${new Date(r.seen_at as Date).toISOString().slice(0, 10)}, después de descartarse.`;
    await trx.updateTable('phone_numbers').set({ status: 'reportado', status_since: now, status_by: actor.id, status_reason: reason }).where('phone', '=', r.phone).execute();
    await trx.insertInto('phone_status_events').values({ phone: r.phone, at: now, actor_id: actor.id, actor: actor.username, from_status: 'descartado', to_status: 'reportado', reason }).execute();
  }
  return rows.length;
}

export interface ManualReport {
  phone: string;
  kind: SightingKind;
  seenOn: string;
  centerCode?: string | null;
  modality?: string | null;
  reference?: string | null;
}

export interface ManualContext {
  timeZone: string;
  centerCodes: ReadonlySet<string>;
  modalityCodes: ReadonlySet<string>;
}

/** Checks a manual report; every problem is listed, in Spanish, by field. */
export function validateManualReport(input: ManualReport, ctx: ManualContext, today: string): { ok: true; phone: string } | { ok: false; reasons: { field: string; message: string }[] } {
  const reasons: { field: string; message: string }[] = [];
  const phone = registryPhone(input.phone ?? '');
  if (!phone.ok) reasons.push({ field: 'phone', message: phone.reason });
  if (input.kind !== 'extorsion' && input.kind !== 'improcedente') reasons.push({ field: 'kind', message: 'Elija el tipo: extorsión o llamada improcedente.' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.seenOn ?? '') || Number.isNaN(Date.parse(`${input.seenOn}T12:00:00Z`))) {
    reasons.push({ field: 'seenOn', message: 'Indique la fecha en que se recibió el número (AAAA-MM-DD).' });
  } else if (input.seenOn > today) reasons.push({ field: 'seenOn', message: 'La fecha no puede ser posterior a hoy.' });
  if (input.centerCode && !ctx.centerCodes.has(input.centerCode)) reasons.push({ field: 'centerCode', message: `El centro «${input.centerCode}» no existe.` });
  if (input.modality && !ctx.modalityCodes.has(input.modality)) reasons.push({ field: 'modality', message: `La modalidad «${input.modality}» no está en la lista de modalidades de extorsión.` });
  if (input.modality && input.kind !== 'extorsion') reasons.push({ field: 'modality', message: 'Solo un reporte de extorsión lleva modalidad.' });
  if ((input.reference ?? '').length > 200) reasons.push({ field: 'reference', message: 'La referencia es demasiado larga (hasta 200 caracteres).' });
  return reasons.length || !phone.ok ? { ok: false, reasons } : { ok: true, phone: phone.phone };
}

/** Records a manual report: the number enters the registry (if new) and gets a sighting. */
export async function reportNumber(db: Kysely<Database>, actor: Actor, input: ManualReport, ctx: ManualContext, now = new Date()) {
  const zone = new LocalTime(ctx.timeZone);
  const checked = validateManualReport(input, ctx, zone.dayAndHour(now).date);
  if (!checked.ok) {
    const err = new NumbersError('datos_invalidos', `Revise los datos: ${checked.reasons.map((r) => r.message).join(' ')}`) as NumbersError & { fields?: Record<string, string[]> };
    err.fields = {};
    for (const r of checked.reasons) (err.fields[r.field] ??= []).push(r.message);
    throw err;
  }
  const phone = checked.phone;
  return db.transaction().execute(async (trx) => {
    const added = await ensureNumbers(trx, actor, [phone], 'Reporte manual', now);
    const seenAt = zone.startOfDay(input.seenOn);
    const row = await trx
      .insertInto('phone_sightings')
      .values({
        phone,
        kind: input.kind,
        source: 'reporte_manual',
        center_code: input.centerCode || null,
        modality: input.modality || null,
        seen_at: new Date(seenAt.getTime() + 12 * 3600_000),
        local_date: input.seenOn,
        reference: input.reference?.trim() || null,
        reported_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await reopenWithNewEvidence(trx, actor);
    await audit(trx, actor, 'numbers.report', phone, { kind: input.kind, seenOn: input.seenOn, sightingId: Number(row.id), newNumber: added.length > 0 });
    return { phone, created: added.length > 0 };
  });
}

/** Moves a number along the workflow, with who and why. */
export async function changeStatus(db: Kysely<Database>, actor: Actor, phone: string, to: NumberStatus, reason: string, canVerify: boolean) {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('phone_numbers').select(['status']).where('phone', '=', phone).forUpdate().executeTakeFirst();
    if (!current) throw new NumbersError('numero_no_encontrado', 'Ese número no está en el registro.', 404);
    const why = checkTransition(current.status, to, reason, canVerify);
    const at = new Date();
    await trx.updateTable('phone_numbers').set({ status: to, status_since: at, status_by: actor.id, status_reason: why }).where('phone', '=', phone).execute();
    await trx.insertInto('phone_status_events').values({ phone, at, actor_id: actor.id, actor: actor.username, from_status: current.status, to_status: to, reason: why }).execute();
    await audit(trx, actor, 'numbers.status', phone, { from: current.status, to, reason: why });
    return { phone, status: to };
  });
}

export interface ListFilter {
  q?: string;
  status?: NumberStatus;
  kind?: SightingKind;
  page?: number;
  pageSize?: number;
}

/**
 * The registry, most recently seen first: per number its first and last sighting, counts by kind, centers and
 * modalities. Without `callers`, numbers seen only as improper callers (personal data) are left out and their
 * improper calls are not counted.
 */
export async function listNumbers(db: Kysely<Database>, f: ListFilter, callers: boolean) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const kindFilter = callers ? sql`true` : sql`s.kind = 'extorsion'`;
  const digits = (f.q ?? '').replace(/\D/g, '');
  const { rows } = await sql<{
    phone: string; status: NumberStatus; status_since: Date; first_seen: Date; last_seen: Date; extortion: number; improper: number;
    centers: string[]; modalities: string[]; open_case: number | null; total: number;
  }>`
    SELECT n.phone, n.status, n.status_since, min(s.seen_at) AS first_seen, max(s.seen_at) AS last_seen,
           count(*) FILTER (WHERE s.kind = 'extorsion')::int AS extortion,
           count(*) FILTER (WHERE s.kind = 'improcedente')::int AS improper,
           array_remove(array_agg(DISTINCT s.center_code), NULL) AS centers,
           array_remove(array_agg(DISTINCT s.modality), NULL) AS modalities,
           (SELECT c.id FROM mitigation_cases c WHERE c.phone = n.phone AND c.stage <> 'cerrado')::int AS open_case,
           count(*) OVER ()::int AS total
      FROM phone_numbers n JOIN phone_sightings s ON s.phone = n.phone AND ${kindFilter}
     WHERE ${f.status ? sql`n.status = ${f.status}` : sql`true`}
       AND ${digits ? sql`n.phone LIKE ${`%${digits}%`}` : sql`true`}
     GROUP BY n.phone, n.status, n.status_since
    HAVING ${f.kind ? sql`count(*) FILTER (WHERE s.kind = ${f.kind}) > 0` : sql`true`}
     ORDER BY max(s.seen_at) DESC, n.phone
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    page,
    pageSize,
    numbers: rows.map(({ total: _total, ...r }) => ({ ...r, open_case: r.open_case === null ? null : Number(r.open_case) })),
  };
}

/** One number with its sightings, status history and mitigation cases. Null when absent or not visible. */
export async function numberDetail(db: Kysely<Database>, phone: string, callers: boolean) {
  const number = await db.selectFrom('phone_numbers').selectAll().where('phone', '=', phone).executeTakeFirst();
  if (!number) return null;
  let sightings = db
    .selectFrom('phone_sightings')
    .select(['id', 'kind', 'source', 'incident_id', 'center_code', 'channel', 'modality', 'seen_at', 'local_date', 'reference'])
    .where('phone', '=', phone);
  if (!callers) sightings = sightings.where('kind', '=', 'extorsion');
  const rows = await sightings.orderBy('seen_at', 'desc').limit(500).execute();
  if (rows.length === 0) return null;
  const events = await db.selectFrom('phone_status_events').select(['id', 'at', 'actor', 'from_status', 'to_status', 'reason']).where('phone', '=', phone).orderBy('id').execute();
  const cases = callers ? await db.selectFrom('mitigation_cases').selectAll().where('phone', '=', phone).orderBy('id', 'desc').execute() : [];
  return {
    number,
    sightings: rows.map((r) => ({ ...r, id: Number(r.id), incident_id: r.incident_id === null ? null : Number(r.incident_id) })),
    events: events.map((e) => ({ ...e, id: Number(e.id) })),
    cases: cases.map((c) => ({ ...c, id: Number(c.id) })),
  };
}
