// Analytic requests of public and private bodies (seed 000: the center «se encuentra abierta a cualquier solicitud
// analítica»), tracked from intake to delivery: filed by the agency in the portal (or registered by the center when
// it arrives on paper), accepted and assigned to an area by the director general, worked on by the area, and
// delivered by a dispatch linked to it; or rejected with the reason, or withdrawn by the agency. Every step keeps
// who, when and the comment, which the agency sees.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { AREA_LABELS, can, isArea } from '../access/permissions.ts';
import { requireAgency } from './agencies.ts';
import { audit } from './audit.ts';
import { actorOf, localDay, nowOf, type DistributionContext, type DistributionUser } from './context.ts';
import { DistributionError, notFound, parseInput } from './errors.ts';
import { nextNumber } from './folios.ts';
import { REQUEST_STATUS_LABELS } from './labels.ts';
import { agencyAccounts, notifyAll, staffWith } from './recipients.ts';
import type { RequestStatus } from './tables.ts';

export type RequestAction = 'accept' | 'start' | 'reject' | 'withdraw' | 'deliver';

/** Pure: the state an action leads to, or null when the state does not admit it. */
export function requestTransition(status: RequestStatus, action: RequestAction): RequestStatus | null {
  switch (action) {
    case 'accept':
      return status === 'received' ? 'accepted' : null;
    case 'start':
      return status === 'accepted' ? 'in_progress' : null;
    case 'deliver':
      return status === 'accepted' || status === 'in_progress' ? 'delivered' : null;
    case 'reject':
    case 'withdraw':
      return ['received', 'accepted', 'in_progress'].includes(status) ? (action === 'reject' ? 'rejected' : 'withdrawn') : null;
  }
}

/** Pure: whether the user may take the action on a request of that agency and assigned area. */
export function mayActOnRequest(user: DistributionUser, action: RequestAction, r: { agency_id: number; assigned_area: string | null }): boolean {
  switch (action) {
    case 'accept':
    case 'reject':
      return can(user, 'distribution.authorize');
    case 'start':
      return can(user, 'distribution.prepare') && (user.area_code === 'DG' || user.area_code === r.assigned_area);
    case 'withdraw':
      return can(user, 'distribution.receive') && user.agencyId != null && user.agencyId === Number(r.agency_id);
    case 'deliver':
      return false; // only a dispatch delivers a request
  }
}

const requestSchema = z.object({
  agencyId: z.number().int().positive().optional(),
  requesterName: z.string().trim().min(3, 'escriba quién solicita').max(200).optional(),
  subject: z.string().trim().min(3, 'escriba el asunto').max(300),
  description: z.string().trim().min(3, 'describa la información que solicita').max(5000),
  purpose: z.string().trim().min(3, 'indique para qué se usará la información').max(2000),
  reportType: z.string().trim().max(100).nullish().transform((v) => (v ? v : null)),
  neededBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use una fecha AAAA-MM-DD').nullish().transform((v) => v ?? null),
});
export type RequestInput = z.input<typeof requestSchema>;

export interface AnalyticRequest {
  id: number;
  number: string;
  agency_id: number;
  agency_name: string;
  requester_name: string;
  subject: string;
  description: string;
  purpose: string;
  report_type: string | null;
  report_name: string | null;
  needed_by: string | null;
  status: RequestStatus;
  status_label: string;
  status_at: Date;
  assigned_area: string | null;
  created_at: Date;
  filed_by: number | null;
}

export interface RequestDetail extends AnalyticRequest {
  events: { at: Date; actor_name: string; action: string; to_status: string; comment: string | null }[];
  dispatches: { id: number; folio: string | null; status: string; sent_at: Date | null }[];
  actions: RequestAction[];
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('analytic_requests as r')
    .innerJoin('agencies as g', 'g.id', 'r.agency_id')
    .leftJoin('report_types as t', 't.code', 'r.report_type')
    .select([
      'r.id', 'r.number', 'r.agency_id', 'g.name as agency_name', 'r.requester_name', 'r.subject', 'r.description', 'r.purpose',
      'r.report_type', 't.name as report_name', 'r.needed_by', 'r.status', 'r.status_at', 'r.assigned_area', 'r.created_at', 'r.filed_by',
    ]);
}

const withLabel = (r: Omit<AnalyticRequest, 'status_label'>): AnalyticRequest => ({ ...r, status_label: REQUEST_STATUS_LABELS[r.status] });

/** An agency sees its own requests; the center's staff, those assigned to their area and those they registered. */
function visible(user: DistributionUser, r: { agency_id: number; assigned_area: string | null; filed_by: number | null }) {
  if (user.agencyId != null) return can(user, 'distribution.receive') && Number(r.agency_id) === user.agencyId;
  return can(user, 'distribution.read') && (user.area_code === 'DG' || user.area_code === r.assigned_area || r.filed_by === user.id);
}

/** Files a request: an agency's account for its own agency, or the center's staff for one received on paper. */
export async function fileRequest(ctx: DistributionContext, user: DistributionUser, input: RequestInput): Promise<RequestDetail> {
  const r = parseInput(requestSchema, input);
  const external = user.agencyId != null;
  if (external ? !can(user, 'distribution.receive') : !can(user, 'distribution.prepare')) {
    throw new DistributionError('sin_permiso', 'No tiene permiso para registrar solicitudes de información.', 403);
  }
  const agencyId = external ? user.agencyId! : r.agencyId;
  if (!agencyId) throw new DistributionError('datos_invalidos', 'Datos inválidos: indique la dependencia que solicita.');
  if (!external && !r.requesterName) throw new DistributionError('datos_invalidos', 'Datos inválidos: indique quién firma la solicitud.');
  const agency = await requireAgency(ctx.db, agencyId);
  if (r.reportType) {
    const t = await ctx.db.selectFrom('report_types').select('code').where('code', '=', r.reportType).executeTakeFirst();
    if (!t) throw new DistributionError('datos_invalidos', `Datos inválidos: no existe el tipo de reporte «${r.reportType}».`);
  }
  const year = Number(localDay(ctx).slice(0, 4));
  const id = await ctx.db.transaction().execute(async (trx) => {
    const n = await nextNumber(trx, 'solicitudes', year);
    const number = `SOL-${String(n).padStart(4, '0')}/${year}`;
    const row = await trx
      .insertInto('analytic_requests')
      .values({
        number,
        agency_id: agency.id,
        filed_by: user.id,
        requester_name: external ? user.display_name : r.requesterName!,
        subject: r.subject,
        description: r.description,
        purpose: r.purpose,
        report_type: r.reportType,
        needed_by: r.neededBy,
        status: 'received',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const requestId = Number(row.id);
    await event(trx, requestId, user, 'file', null, 'received', null);
    await audit(trx, actorOf(user), 'request.file', 'analytic_request', requestId, { number, agency: agency.name, subject: r.subject, viaPortal: external });
    await notifyAll(trx, await staffWith(trx, 'distribution.authorize'), `Nueva solicitud de información ${number} de ${agency.short_name}: «${r.subject}».`, `/solicitudes?id=${requestId}`, user.id);
    return requestId;
  });
  return getRequest(ctx, user, id);
}

async function event(trx: Kysely<Database>, requestId: number, user: { id: number | null; display_name: string }, action: string, from: string | null, to: string, comment: string | null) {
  await trx
    .insertInto('analytic_request_events')
    .values({ request_id: requestId, actor_id: user.id, actor_name: user.display_name, action, from_status: from, to_status: to, comment })
    .execute();
}

/** Accepts (assigning an area), starts, rejects or withdraws a request. */
export async function actOnRequest(
  ctx: DistributionContext,
  user: DistributionUser,
  id: number,
  action: Exclude<RequestAction, 'deliver'>,
  input: { comment?: string; area?: string } = {},
): Promise<RequestDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('analytic_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r || !visible(user, r)) throw notFound('esa solicitud');
    if (!mayActOnRequest(user, action, r)) throw new DistributionError('sin_permiso', 'No tiene permiso para ese paso de la solicitud.', 403);
    const to = requestTransition(r.status, action);
    if (!to) throw new DistributionError('estado_invalido', `La solicitud está «${REQUEST_STATUS_LABELS[r.status].toLowerCase()}»: no admite ese paso.`, 409);
    const comment = input.comment?.trim() || null;
    if (action === 'reject' && (!comment || comment.length < 3)) throw new DistributionError('comentario_requerido', 'Escriba el motivo del rechazo; la dependencia lo verá.');
    const set: Record<string, unknown> = { status: to, status_at: nowOf(ctx) };
    if (action === 'accept') {
      if (!input.area || !isArea(input.area) || input.area === 'EXT') throw new DistributionError('datos_invalidos', 'Indique el área del centro que atenderá la solicitud.');
      set.assigned_area = input.area;
    }
    await trx.updateTable('analytic_requests').set(set).where('id', '=', id).execute();
    await event(trx, id, user, action, r.status, to, action === 'accept' ? [`Asignada a ${AREA_LABELS[input.area as keyof typeof AREA_LABELS]}.`, comment].filter(Boolean).join(' ') : comment);
    await audit(trx, actorOf(user), `request.${action}`, 'analytic_request', id, { number: r.number, from: r.status, to, comment, area: input.area ?? null });
    const agencyNotice = `Su solicitud ${r.number} «${r.subject}» está ahora: ${REQUEST_STATUS_LABELS[to].toLowerCase()}.${comment ? ` ${comment}` : ''}`;
    if (action !== 'withdraw') await notifyAll(trx, await agencyAccounts(trx, Number(r.agency_id)), agencyNotice, '/portal/solicitudes', user.id);
    if (action === 'accept') {
      await notifyAll(trx, await staffWith(trx, 'distribution.prepare', [input.area!]), `Solicitud ${r.number} asignada a su área: «${r.subject}».`, `/solicitudes?id=${id}`, user.id);
    }
    if (action === 'withdraw') {
      await notifyAll(trx, await staffWith(trx, 'distribution.authorize'), `La dependencia retiró la solicitud ${r.number}.`, `/solicitudes?id=${id}`, user.id);
    }
  });
  return getRequest(ctx, user, id);
}

/** A dispatch linked to the request was sent: the request is delivered (inside the send step's transaction). */
export async function markRequestDelivered(trx: Kysely<Database>, user: DistributionUser, requestId: number, dispatchId: number, folio: string) {
  const r = await trx.selectFrom('analytic_requests').select(['id', 'number', 'status']).where('id', '=', requestId).forUpdate().executeTakeFirst();
  if (!r) return;
  const to = requestTransition(r.status, 'deliver');
  if (!to) return; // already delivered by an earlier dispatch, or closed
  await trx.updateTable('analytic_requests').set({ status: to, status_at: new Date() }).where('id', '=', requestId).execute();
  await event(trx, requestId, user, 'deliver', r.status, to, `Entregada con ${folio}.`);
  await audit(trx, actorOf(user), 'request.deliver', 'analytic_request', requestId, { number: r.number, dispatchId, folio });
}

export async function listRequests(ctx: DistributionContext, user: DistributionUser, f: { status?: RequestStatus[] } = {}): Promise<AnalyticRequest[]> {
  let q = baseQuery(ctx.db).orderBy('r.id', 'desc').limit(1000);
  if (user.agencyId != null) {
    if (!can(user, 'distribution.receive')) throw new DistributionError('sin_permiso', 'No tiene permiso para consultar solicitudes.', 403);
    q = q.where('r.agency_id', '=', user.agencyId);
  } else {
    if (!can(user, 'distribution.read')) throw new DistributionError('sin_permiso', 'No tiene permiso para consultar solicitudes.', 403);
    if (user.area_code !== 'DG') q = q.where((eb) => eb.or([eb('r.assigned_area', '=', user.area_code), eb('r.filed_by', '=', user.id)]));
  }
  if (f.status?.length) q = q.where('r.status', 'in', f.status);
  return (await q.execute()).map(withLabel);
}

export async function getRequest(ctx: DistributionContext, user: DistributionUser, id: number): Promise<RequestDetail> {
  const r = await baseQuery(ctx.db).where('r.id', '=', id).executeTakeFirst();
  if (!r || !visible(user, r)) throw notFound('esa solicitud');
  const events = await ctx.db
    .selectFrom('analytic_request_events')
    .select(['at', 'actor_name', 'action', 'to_status', 'comment'])
    .where('request_id', '=', id)
    .orderBy('id')
    .execute();
  let dq = ctx.db
    .selectFrom('dispatches as d')
    .leftJoin('folios as f', 'f.id', 'd.folio_id')
    .select(['d.id', 'f.folio', 'd.status', 'd.sent_at'])
    .where('d.request_id', '=', id)
    .orderBy('d.id');
  if (user.agencyId != null) dq = dq.where('d.status', 'in', ['sent', 'delivered', 'acknowledged']);
  const dispatches = (await dq.execute()).map((d) => ({ ...d, id: Number(d.id) }));
  const actions = (['accept', 'start', 'reject', 'withdraw'] as const).filter((a) => mayActOnRequest(user, a, r) && requestTransition(r.status, a) !== null);
  return { ...withLabel(r), events, dispatches, actions };
}
