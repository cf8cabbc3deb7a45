// The monthly submissions of the registry's lists to the CNI: which product went, when and by which oficio. When the
// oficio went through Atalaya's distribution, the submission names its dispatch, whose issued folio must match (read
// only: the dispatch and its folio belong to the distribution domain).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { NumbersError } from './rules.ts';

export const SUBMITTED_REPORTS = { 'numeros-maliciosos': 'numbers.callers', 'numeros-extorsion-cni': 'numbers.read' } as const;
export type SubmittedReport = keyof typeof SUBMITTED_REPORTS;

export interface SubmissionInput {
  reportCode: SubmittedReport;
  productId: number;
  sentAt: string;
  oficioFolio: string;
  dispatchId?: number | null;
}

export async function recordSubmission(db: Kysely<Database>, actor: Actor, input: SubmissionInput, now = new Date()) {
  const folio = input.oficioFolio.trim();
  if (folio.length < 3 || folio.length > 80) throw new NumbersError('folio_requerido', 'Escriba el folio del oficio con el que se envió (de 3 a 80 caracteres).');
  const sentAt = new Date(input.sentAt);
  if (Number.isNaN(sentAt.getTime())) throw new NumbersError('fecha_invalida', 'Indique la fecha y hora del envío.');
  if (sentAt.getTime() > now.getTime() + 60_000) throw new NumbersError('fecha_futura', 'La fecha del envío no puede ser posterior a ahora.');
  const product = await db.selectFrom('products').select(['id', 'report_type', 'period_key', 'summary', 'derived_from_id']).where('id', '=', input.productId).executeTakeFirst();
  if (!product || product.report_type !== input.reportCode) {
    throw new NumbersError('producto_invalido', `El producto ${input.productId} no es un listado «${input.reportCode}».`, 404);
  }
  if (!/^\d{4}-\d{2}$/.test(product.period_key)) throw new NumbersError('producto_invalido', 'El envío al CNI es mensual: elija el producto de un mes.');
  if (input.dispatchId != null) {
    const dispatch = await db
      .selectFrom('dispatches as d')
      .leftJoin('folios as f', 'f.id', 'd.folio_id')
      .select(['d.id', 'd.product_id', 'd.source_product_id', 'd.sent_at', 'f.folio'])
      .where('d.id', '=', input.dispatchId)
      .executeTakeFirst();
    if (!dispatch) throw new NumbersError('envio_no_encontrado', `No existe el envío ${input.dispatchId} en Distribución.`, 404);
    const ids = [Number(dispatch.product_id), Number(dispatch.source_product_id)];
    if (!ids.includes(Number(product.id)) && !ids.includes(Number(product.derived_from_id))) {
      throw new NumbersError('envio_de_otro_producto', `El envío ${input.dispatchId} no lleva el producto ${product.id}.`, 409);
    }
    if (dispatch.folio && dispatch.folio !== folio) {
      throw new NumbersError('folio_distinto', `El envío ${input.dispatchId} salió con el folio ${dispatch.folio}, no con ${folio}.`, 409);
    }
  }
  const summary = product.summary as Record<string, unknown>;
  const numbers = typeof summary.numeros === 'number' ? summary.numeros : 0;
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('phone_submissions').select(['id', 'oficio_folio']).where('report_code', '=', input.reportCode).where('period_key', '=', product.period_key).executeTakeFirst();
    if (taken) throw new NumbersError('ya_enviado', `El listado de ${product.period_key} ya se registró como enviado con el oficio ${taken.oficio_folio}.`, 409);
    const row = await trx
      .insertInto('phone_submissions')
      .values({ report_code: input.reportCode, period_key: product.period_key, product_id: Number(product.id), sent_at: sentAt, oficio_folio: folio, dispatch_id: input.dispatchId ?? null, numbers, recorded_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'numbers.submission',
      entity: 'phone_submission',
      entityId: Number(row.id),
      details: { reportCode: input.reportCode, period: product.period_key, productId: Number(product.id), oficio: folio, dispatchId: input.dispatchId ?? null },
    });
    return { id: Number(row.id), period: product.period_key, numbers };
  });
}

export async function listSubmissions(db: Kysely<Database>, reports: readonly string[]) {
  if (reports.length === 0) return [];
  const rows = await db
    .selectFrom('phone_submissions as s')
    .leftJoin('users as u', 'u.id', 's.recorded_by')
    .select(['s.id', 's.report_code', 's.period_key', 's.product_id', 's.sent_at', 's.oficio_folio', 's.dispatch_id', 's.numbers', 's.recorded_at', 'u.display_name as recorded_by_name'])
    .where('s.report_code', 'in', [...reports])
    .orderBy('s.period_key', 'desc')
    .orderBy('s.report_code')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), product_id: Number(r.product_id), dispatch_id: r.dispatch_id === null ? null : Number(r.dispatch_id) }));
}
