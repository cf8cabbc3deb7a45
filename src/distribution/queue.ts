// One obvious queue per person: everything that waits for the current user, oldest first, each item with its kind,
// title, age and the page where it is handled. Each domain contributes a source (a function that reads its own
// tables); this file holds the distribution sources, and a new domain adds its own to QUEUE_SOURCES.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { can } from '../access/permissions.ts';
import { LocalTime } from '../util/local-time.ts';
import { agreementsWithState } from './agencies.ts';
import { getSettings } from './settings.ts';
import { releaseQueueItems } from '../releases/queue.ts';
import type { WorkflowUser } from './workflow.ts';

export interface QueueUser extends WorkflowUser {
  id: number;
  permissions: readonly string[];
}

export interface QueueContext {
  db: Kysely<Database>;
  config: Pick<Config, 'stateCode' | 'timeZone'>;
  now: Date;
}

export interface QueueItem {
  /** Stable code, e.g. 'dispatch.validate'. */
  kind: string;
  /** What to do, in Spanish. */
  title: string;
  detail: string | null;
  /** Since when it waits. */
  since: Date;
  ageDays: number;
  /** Page of the web app where it is handled. */
  link: string;
}

export type QueueSource = (ctx: QueueContext, user: QueueUser) => Promise<Omit<QueueItem, 'ageDays'>[]>;

const DAY_MS = 86_400_000;

function dispatchRows(db: Kysely<Database>) {
  return db
    .selectFrom('dispatches as d')
    .innerJoin('agencies as g', 'g.id', 'd.agency_id')
    .leftJoin('folios as f', 'f.id', 'd.folio_id')
    .select(['d.id', 'd.subject', 'd.status', 'd.status_at', 'd.sent_at', 'd.channel', 'd.producing_area', 'd.created_by', 'g.short_name', 'f.folio']);
}

/** Dispatches waiting for validation, approval, sending, correction or acknowledgment. */
const dispatchSource: QueueSource = async ({ db, config, now }, user) => {
  if (user.agencyId != null || !can(user, 'distribution.read')) return [];
  const out: Omit<QueueItem, 'ageDays'>[] = [];
  const ownArea = user.area_code !== 'DG';
  if (can(user, 'distribution.approve')) {
    const rows = await dispatchRows(db).where('d.status', '=', 'pending_validation').where('d.producing_area', '=', user.area_code).execute();
    for (const r of rows) out.push({ kind: 'dispatch.validate', title: `Validar el envío: ${r.subject}`, detail: `Para ${r.short_name}`, since: r.status_at, link: `/envios?id=${r.id}` });
  }
  if (can(user, 'distribution.authorize')) {
    const rows = await dispatchRows(db).where('d.status', '=', 'pending_approval').execute();
    for (const r of rows) out.push({ kind: 'dispatch.approve', title: `Aprobar el envío: ${r.subject}`, detail: `Para ${r.short_name}`, since: r.status_at, link: `/envios?id=${r.id}` });
  }
  if (can(user, 'distribution.dispatch')) {
    const rows = await dispatchRows(db)
      .where('d.status', '=', 'approved')
      .$if(ownArea, (q) => q.where('d.producing_area', '=', user.area_code))
      .execute();
    for (const r of rows) out.push({ kind: 'dispatch.send', title: `Emitir y enviar: ${r.subject}`, detail: `Para ${r.short_name}`, since: r.status_at, link: `/envios?id=${r.id}` });
    const { ackReminderDays } = await getSettings(db, config.stateCode);
    const pending = await dispatchRows(db)
      .where('d.status', 'in', ['sent', 'delivered'])
      .where('d.sent_at', '<', new Date(now.getTime() - ackReminderDays * DAY_MS))
      .$if(ownArea, (q) => q.where('d.producing_area', '=', user.area_code))
      .execute();
    for (const r of pending) {
      out.push({ kind: 'dispatch.acknowledgment', title: `Acuse pendiente de ${r.folio ?? ''}: ${r.subject}`, detail: `De ${r.short_name}`, since: r.sent_at!, link: `/acuses` });
    }
  }
  if (can(user, 'distribution.prepare')) {
    const rows = await dispatchRows(db).where('d.status', '=', 'returned').where('d.created_by', '=', user.id).execute();
    for (const r of rows) out.push({ kind: 'dispatch.returned', title: `Corregir el envío devuelto: ${r.subject}`, detail: `Para ${r.short_name}`, since: r.status_at, link: `/envios?id=${r.id}` });
  }
  return out;
};

/** Analytic requests to take on (director general) or to work on (the assigned area). */
const requestSource: QueueSource = async ({ db }, user) => {
  if (user.agencyId != null) return [];
  const out: Omit<QueueItem, 'ageDays'>[] = [];
  const base = () =>
    db.selectFrom('analytic_requests as r').innerJoin('agencies as g', 'g.id', 'r.agency_id').select(['r.id', 'r.number', 'r.subject', 'r.status_at', 'g.short_name']);
  if (can(user, 'distribution.authorize')) {
    for (const r of await base().where('r.status', '=', 'received').execute()) {
      out.push({ kind: 'request.intake', title: `Atender la solicitud ${r.number}: ${r.subject}`, detail: `De ${r.short_name}`, since: r.status_at, link: `/solicitudes?id=${r.id}` });
    }
  }
  if (can(user, 'distribution.prepare')) {
    for (const r of await base().where('r.status', 'in', ['accepted', 'in_progress']).where('r.assigned_area', '=', user.area_code).execute()) {
      out.push({ kind: 'request.assigned', title: `Elaborar lo que pide la solicitud ${r.number}: ${r.subject}`, detail: `De ${r.short_name}`, since: r.status_at, link: `/solicitudes?id=${r.id}` });
    }
  }
  return out;
};

/** Agreements about to expire, for the people who manage them. */
const agreementSource: QueueSource = async ({ db, config, now }, user) => {
  if (user.agencyId != null || !can(user, 'agencies.manage')) return [];
  const today = new LocalTime(config.timeZone).dayAndHour(now).date;
  const { expiryWarningDays } = await getSettings(db, config.stateCode);
  return (await agreementsWithState(db, today, expiryWarningDays))
    .filter((a) => a.state === 'por_vencer')
    .map((a) => ({
      kind: 'agreement.expiring',
      title: `Renovar el convenio ${a.number}: vence en ${a.daysLeft} ${a.daysLeft === 1 ? 'día' : 'días'}`,
      detail: a.parties.map((p) => p.short_name).join(', '),
      // It waits from the day the warning window opened.
      since: new Date(Date.parse(`${a.valid_until}T12:00:00Z`) - expiryWarningDays * DAY_MS),
      link: `/dependencias?convenio=${a.id}`,
    }));
};

/** For an agency's account: what was sent to it and awaits its acknowledgment. */
const portalSource: QueueSource = async ({ db }, user) => {
  if (user.agencyId == null || !can(user, 'distribution.receive')) return [];
  const rows = await dispatchRows(db).where('d.agency_id', '=', user.agencyId).where('d.status', '=', 'sent').where('d.channel', 'in', ['oficio', 'tarjeta']).execute();
  return rows.map((r) => ({ kind: 'portal.acknowledge', title: `Acusar de recibido ${r.folio ?? ''}: ${r.subject}`, detail: null, since: r.sent_at!, link: '/portal' }));
};

/** Public and social-media releases waiting for this person's filter (the releases domain decides who). */
const releaseSource: QueueSource = async ({ db }, user) => {
  if (user.agencyId != null) return [];
  return (await releaseQueueItems(db, user)).map((r) => ({ kind: r.kind, title: r.title, detail: null, since: r.waitingSince, link: r.link }));
};

export const QUEUE_SOURCES: QueueSource[] = [dispatchSource, requestSource, agreementSource, portalSource, releaseSource];

/** What waits for the user, oldest first. */
export async function queueFor(ctx: QueueContext, user: QueueUser, sources: readonly QueueSource[] = QUEUE_SOURCES): Promise<QueueItem[]> {
  const items = (await Promise.all(sources.map((s) => s(ctx, user)))).flat();
  return items
    .map((i) => ({ ...i, ageDays: Math.max(0, Math.floor((ctx.now.getTime() - new Date(i.since).getTime()) / DAY_MS)) }))
    .sort((a, b) => new Date(a.since).getTime() - new Date(b.since).getTime());
}
