// Hotline alerts in the database: intake, each step of the workflow with its event (who, when, deadline, whether it
// was met) and its audit entry in one transaction, the unit's queue sorted by due date, and every view of an alert
// — the queue included — written to the audit log.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import { can, permissionsOf } from '../../access/permissions.ts';
import type { Actor } from '../../access/users.ts';
import { isUniqueViolation } from '../../access/errors.ts';
import { embeddedContentProblem, intakeState, transition, type AlertAction, type AlertRow } from './alert-rules.ts';
import { CyberError } from './incidents.ts';
import type { AlertSettings } from './settings.ts';

const audit = (actor: Actor) => ({ actorId: actor.id, actor: actor.username, ip: actor.ip ?? null });

export async function createAlert(db: Kysely<Database>, actor: Actor, row: AlertRow, settings: AlertSettings, now = new Date()) {
  const state = intakeState(row.hotline_reported_at, now, settings);
  try {
    return await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('cyber_alerts')
        .values({
          ...row,
          received_at: now,
          status: state.status,
          status_since: now,
          pending_step: state.pending_step,
          due_at: state.due_at,
          intake_late: state.intake_late,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      await trx
        .insertInto('cyber_alert_events')
        .values({
          alert_id: id, at: now, actor_id: actor.id, actor: actor.username, from_status: null, to_status: 'recibida',
          step: 'intake', due_at: state.intake_due, late: state.intake_late, next_step: state.pending_step, next_due_at: state.due_at, note: null,
        })
        .execute();
      await appendAudit(trx, {
        ...audit(actor),
        action: 'cyber.alert.create',
        entity: 'cyber_alert',
        entityId: id,
        details: { hotline: row.hotline, reference: row.external_reference, urls: row.content_urls.length, hashes: row.content_hashes.length, intakeLate: state.intake_late },
      });
      return { id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new CyberError('alerta_duplicada', `La alerta ${row.external_reference} de ${row.hotline} ya está registrada.`, 409);
    }
    throw err;
  }
}

/** Applies one step of the workflow; the actor must belong to the unit (checked by the route) and, to act on an
 *  assigned alert, be its assignee or the unit's director. */
export async function actOnAlert(
  db: Kysely<Database>,
  actor: Actor & { permissions: readonly string[] },
  id: number,
  action: AlertAction,
  settings: AlertSettings,
  now = new Date(),
) {
  for (const text of action.kind === 'refer' ? [action.destination, action.reference] : action.kind === 'discard' ? [action.note ?? ''] : []) {
    const problem = embeddedContentProblem(text);
    if (problem) throw new CyberError('contenido_no_admitido', `El texto ${problem}. Las alertas solo guardan identificadores y metadatos.`);
    if (text.length > 500) throw new CyberError('texto_demasiado_largo', 'El texto es demasiado largo (hasta 500 caracteres).');
  }
  return db.transaction().execute(async (trx) => {
    const alert = await trx.selectFrom('cyber_alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!alert) throw new CyberError('alerta_no_encontrada', 'No existe esa alerta.', 404);
    const director = actor.permissions.includes('cyber.grant');
    if (alert.assigned_to !== null && Number(alert.assigned_to) !== actor.id && !director && action.kind !== 'assign') {
      throw new CyberError('no_asignada', 'Esta alerta está asignada a otra persona; solo ella o la dirección de la unidad pueden avanzarla.', 403);
    }
    if (action.kind === 'assign') {
      const assignee = await trx.selectFrom('users').select(['id', 'display_name', 'area_code', 'roles', 'active']).where('id', '=', action.assigneeId).executeTakeFirst();
      if (!assignee || !assignee.active || !can({ ...assignee, permissions: permissionsOf(assignee) }, 'cyber.alerts')) {
        throw new CyberError('asignacion_invalida', 'Solo puede asignarse a una persona activa de la Unidad de Policía Cibernética.');
      }
      if (alert.assigned_to !== null && Number(alert.assigned_to) !== actor.id && !director) {
        throw new CyberError('no_asignada', 'Solo la persona asignada o la dirección de la unidad pueden reasignar la alerta.', 403);
      }
    }
    const result = transition(
      { status: alert.status, pending_step: alert.pending_step, due_at: alert.due_at ? new Date(alert.due_at) : null, assigned_to: alert.assigned_to === null ? null : Number(alert.assigned_to) },
      action,
      settings,
      now,
    );
    if (!result.ok) throw new CyberError('paso_invalido', result.message, 409);
    const t = result.t;
    const set: Record<string, unknown> = { status: t.to, pending_step: t.pending_step, due_at: t.due_at, updated_at: now };
    if (t.to !== alert.status) set.status_since = now;
    if (action.kind === 'assign') Object.assign(set, { assigned_to: action.assigneeId, assigned_at: now });
    if (action.kind === 'start') set.investigation_started_at = now;
    if (action.kind === 'refer') Object.assign(set, { referred_at: now, referral_destination: action.destination.trim(), referral_reference: action.reference.trim() });
    if (action.kind === 'discard') Object.assign(set, { discarded_at: now, discard_reason: action.reason });
    await trx.updateTable('cyber_alerts').set(set).where('id', '=', id).execute();
    const assigneeName = action.kind === 'assign' ? (await trx.selectFrom('users').select('display_name').where('id', '=', action.assigneeId).executeTakeFirst())?.display_name : undefined;
    const note =
      action.kind === 'assign' ? `Asignada a ${assigneeName ?? `la cuenta ${action.assigneeId}`}` :
      action.kind === 'refer' ? `${action.destination.trim()} · ${action.reference.trim()}` :
      action.kind === 'discard' ? [action.reason, action.note?.trim()].filter(Boolean).join(' · ') : null;
    await trx
      .insertInto('cyber_alert_events')
      .values({
        alert_id: id, at: now, actor_id: actor.id, actor: actor.username, from_status: alert.status, to_status: t.to,
        step: t.step, due_at: t.step ? alert.due_at : null, late: t.late, next_step: t.pending_step, next_due_at: t.due_at, note,
      })
      .execute();
    await appendAudit(trx, {
      ...audit(actor),
      action: `cyber.alert.${action.kind}`,
      entity: 'cyber_alert',
      entityId: id,
      details: { from: alert.status, to: t.to, step: t.step, late: t.late, ...(action.kind === 'assign' ? { assignee: action.assigneeId } : {}) },
    });
    return { id, status: t.to, late: t.late };
  });
}

/** One alert with its history and the people involved; the view is audited. */
export async function viewAlert(db: Kysely<Database>, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const alert = await trx
      .selectFrom('cyber_alerts as a')
      .leftJoin('users as u', 'u.id', 'a.assigned_to')
      .selectAll('a')
      .select('u.display_name as assigned_to_name')
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!alert) throw new CyberError('alerta_no_encontrada', 'No existe esa alerta.', 404);
    const events = await trx.selectFrom('cyber_alert_events').selectAll().where('alert_id', '=', id).orderBy('id').execute();
    await appendAudit(trx, { ...audit(actor), action: 'cyber.alert.view', entity: 'cyber_alert', entityId: id, details: { hotline: alert.hotline, reference: alert.external_reference } });
    return {
      alert: { ...alert, id: Number(alert.id), assigned_to: alert.assigned_to === null ? null : Number(alert.assigned_to) },
      events: events.map((e) => ({ ...e, id: Number(e.id), alert_id: Number(e.alert_id) })),
    };
  });
}

/**
 * The unit's queue: open alerts by due date (the most urgent first), each marked overdue when its deadline has
 * passed, then the latest closed ones. Listing is a view of each alert shown: one audit entry names them.
 */
export async function alertQueue(db: Kysely<Database>, actor: Actor, opts: { closedLimit?: number; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const columns = [
      'a.id', 'a.hotline', 'a.external_reference', 'a.hotline_reported_at', 'a.received_at', 'a.status', 'a.status_since',
      'a.pending_step', 'a.due_at', 'a.intake_late', 'a.assigned_to', 'u.display_name as assigned_to_name', 'a.referred_at',
      'a.discarded_at', 'a.content_kind',
    ] as const;
    const open = await trx
      .selectFrom('cyber_alerts as a')
      .leftJoin('users as u', 'u.id', 'a.assigned_to')
      .select(columns)
      .select(sql<number>`cardinality(a.content_urls) + cardinality(a.content_hashes)`.as('identifiers'))
      .where('a.due_at', 'is not', null)
      .orderBy('a.due_at')
      .orderBy('a.id')
      .execute();
    const closed = await trx
      .selectFrom('cyber_alerts as a')
      .leftJoin('users as u', 'u.id', 'a.assigned_to')
      .select(columns)
      .select(sql<number>`cardinality(a.content_urls) + cardinality(a.content_hashes)`.as('identifiers'))
      .where('a.due_at', 'is', null)
      .orderBy(sql`coalesce(a.referred_at, a.discarded_at)`, 'desc')
      .limit(opts.closedLimit ?? 20)
      .execute();
    const shape = (r: (typeof open)[number]) => ({
      ...r,
      id: Number(r.id),
      assigned_to: r.assigned_to === null ? null : Number(r.assigned_to),
      identifiers: Number(r.identifiers),
      overdue: r.due_at !== null && new Date(r.due_at).getTime() < now.getTime(),
    });
    const shown = [...open, ...closed].map((r) => Number(r.id));
    if (shown.length > 0) {
      await appendAudit(trx, { ...audit(actor), action: 'cyber.alert.list', entity: 'cyber_alert', entityId: null, details: { shown } });
    }
    return { now, open: open.map(shape), closed: closed.map(shape) };
  });
}

/** People of the unit to whom an alert may be assigned. */
export async function alertAssignees(db: Kysely<Database>) {
  const users = await db.selectFrom('users').select(['id', 'display_name', 'area_code', 'roles']).where('active', '=', true).where('area_code', '=', 'CIBER').orderBy('display_name').execute();
  return users.filter((u) => permissionsOf(u).includes('cyber.alerts')).map((u) => ({ id: Number(u.id), name: u.display_name }));
}
