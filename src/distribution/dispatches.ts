// Dispatches: one product version to one agency through one channel, through the workflow of directive 6.1.4
// (prepared → validated by the producing area's director → approved by the director general, or by a standing
// approval of the agreement → issued with its folio and sent → delivered and acknowledged). Every step is one
// transaction that locks the dispatch row, records who, when and the comment in the dispatch's trail, writes the
// audit entry and tells the next people. A dispatch to an agency without a current agreement covering the report is
// refused with the reason, and the refusal is audited (in a transaction of its own, so that it stays on record).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AREA_LABELS, can, isArea } from '../access/permissions.ts';
import { parsePeriod } from '../analytics/periods.ts';
import { CLASSIFICATION_LABELS } from '../reports/catalog.ts';
import { getProduct, getProductFile, sha256Hex, type Product } from '../reports/products.ts';
import { checkCoverage, requireAgency } from './agencies.ts';
import { audit } from './audit.ts';
import { actorOf, localDay, nowOf, type DistributionContext, type DistributionUser } from './context.ts';
import { renderCoveringDocument, type Annex, type CoveringDocument } from './documents.ts';
import { SmtpError, checkEmailSize, composeEmail, emailRecipients, requireMail, transmit, type EmailRecipient } from './email.ts';
import { DistributionError, notFound } from './errors.ts';
import { cancelFolio, issueFolio } from './folios.ts';
import { CHANNEL_LABELS, STATUS_LABELS } from './labels.ts';
import { encryptWithPassphrase, openpgpAvailable, passphraseProblems } from './openpgp.ts';
import { buildPackage } from './package.ts';
import { agencyAccounts, notifyAll, staffWith } from './recipients.ts';
import { markRequestDelivered } from './requests.ts';
import { getSettings } from './settings.ts';
import type { Channel, DispatchStatus, DocumentKind } from './tables.ts';
import {
  NEEDS_COMMENT,
  authorize,
  availableActions,
  canView,
  isPhysical,
  transition,
  type DispatchAction,
  type DispatchFacts,
} from './workflow.ts';

export const CHANNELS: readonly Channel[] = ['oficio', 'tarjeta', 'sealed_envelope', 'magnetic_media', 'email'];

export interface NewDispatch {
  productId: number;
  agencyId: number;
  channel: Channel;
  contactId?: number | null;
  issuingArea?: string;
  subject?: string;
  body?: string;
  requestId?: number | null;
  /** Magnetic media: encrypt the package with a passphrase given when sending. */
  encrypted?: boolean;
  /** E-mail: the agency's contacts it goes to. */
  emailContactIds?: number[];
}

export interface DispatchChanges {
  channel?: Channel;
  contactId?: number | null;
  issuingArea?: string;
  subject?: string;
  body?: string;
  encrypted?: boolean;
  emailContactIds?: number[];
}

export interface ActionInput {
  comment?: string;
  /** send: the sealed envelope's seal number. */
  sealNumber?: string;
  /** send (physical channels): who carries it. */
  courier?: string;
  /** send (encrypted magnetic media): never stored. */
  passphrase?: string;
  /** deliver / record_receipt: when (default now). */
  at?: string;
  /** record_receipt: who signed the receipt. */
  receivedBy?: string;
}

export interface DispatchSummary {
  id: number;
  status: DispatchStatus;
  status_label: string;
  status_at: Date;
  channel: Channel;
  channel_label: string;
  subject: string;
  agency_id: number;
  agency_name: string;
  agency_short_name: string;
  report_type: string;
  report_name: string;
  period_key: string;
  product_id: number;
  product_version: number;
  source_product_id: number;
  classification: string;
  producing_area: string;
  issuing_area: string;
  folio: string | null;
  folio_status: 'issued' | 'cancelled' | null;
  agreement_number: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  received_at: Date | null;
  received_by: string | null;
  reminders: number;
  request_id: number | null;
  created_at: Date;
  created_by: number | null;
  created_by_name: string | null;
  downloads: number;
}

export interface DispatchEvent {
  id: number;
  at: Date;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  details: Record<string, unknown>;
}

export interface DispatchDetail extends DispatchSummary {
  body: string;
  contact: { id: number; name: string; position: string } | null;
  seal_number: string | null;
  courier: string | null;
  receipt_notes: string | null;
  encrypted: boolean;
  events: DispatchEvent[];
  documents: { kind: DocumentKind; file_name: string; media_type: string; sha256: string; size: number; created_at: Date }[];
  annexes: Annex[];
  download_log: { at: Date; user_name: string; file_name: string }[];
  actions: DispatchAction[];
  standing_approval: boolean;
  /** E-mail: the chosen contacts, and once sent the Message-ID and the server's answer; the last failure if any. */
  email: {
    recipients: { id: number; name: string; position: string; address: string | null }[];
    message_id: string | null;
    accepted: string[];
    rejected: string[];
    send_error: string | null;
    send_error_at: Date | null;
  } | null;
}

function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('dispatches as d')
    .innerJoin('agencies as g', 'g.id', 'd.agency_id')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .innerJoin('report_types as t', 't.code', 'd.report_type')
    .leftJoin('folios as f', 'f.id', 'd.folio_id')
    .leftJoin('agreements as a', 'a.id', 'd.agreement_id')
    .leftJoin('users as c', 'c.id', 'd.created_by')
    .select((eb) => [
      'd.id', 'd.status', 'd.status_at', 'd.channel', 'd.subject', 'd.agency_id', 'g.name as agency_name', 'g.short_name as agency_short_name', 'd.report_type',
      't.name as report_name', 'p.period_key', 'd.product_id', 'p.version as product_version', 'd.source_product_id',
      'p.classification', 'd.producing_area', 'd.issuing_area', 'f.folio', 'f.status as folio_status',
      'a.number as agreement_number', 'd.sent_at', 'd.delivered_at', 'd.received_at', 'd.received_by', 'd.reminders',
      'd.request_id', 'd.created_at', 'd.created_by', 'c.display_name as created_by_name',
      eb.selectFrom('dispatch_downloads as w').select((e) => e.fn.countAll<number>().as('n')).whereRef('w.dispatch_id', '=', 'd.id').as('downloads'),
    ]);
}

function toSummary(r: Record<string, unknown>): DispatchSummary {
  const row = r as unknown as DispatchSummary;
  return {
    ...row,
    downloads: Number(row.downloads ?? 0),
    status_label: STATUS_LABELS[row.status],
    channel_label: CHANNEL_LABELS[row.channel],
  };
}

const facts = (d: { status: DispatchStatus; channel: Channel; producing_area: string; agency_id: number; downloads?: number }): DispatchFacts => ({
  status: d.status,
  channel: d.channel,
  producing_area: d.producing_area,
  agency_id: d.agency_id,
  downloaded: Number(d.downloads ?? 0) > 0,
});

const areaName = (code: string) => (isArea(code) ? AREA_LABELS[code] : code);

// ---- refusals ----------------------------------------------------------------------------------------------------

/** Records a refused attempt in the audit log (committed on its own) and throws the Spanish reason. */
async function refuse(
  ctx: DistributionContext,
  user: DistributionUser,
  code: string,
  reason: string,
  details: Record<string, unknown>,
  status = 409,
): Promise<never> {
  await ctx.db.transaction().execute((trx) => audit(trx, actorOf(user), 'dispatch.refused', 'dispatch', (details.dispatchId as number) ?? null, { code, reason, ...details }));
  throw new DistributionError(code, reason, status);
}

/** The covering agreement, or a refusal (audited). */
async function requireCoverage(ctx: DistributionContext, user: DistributionUser, q: { agencyId: number; reportType: string; classification: string; step: string; dispatchId?: number; productId: number }) {
  const coverage = await checkCoverage(ctx.db, { agencyId: q.agencyId, reportType: q.reportType, classification: q.classification, today: localDay(ctx) });
  if (!coverage.covered) {
    return refuse(ctx, user, 'sin_convenio', coverage.reason, {
      step: q.step,
      dispatchId: q.dispatchId,
      agencyId: q.agencyId,
      agency: coverage.agency.name,
      productId: q.productId,
      reportType: q.reportType,
      classification: q.classification,
    });
  }
  return coverage.agreement;
}

// ---- preparation -------------------------------------------------------------------------------------------------

async function requireProduct(db: Kysely<Database>, id: number): Promise<Product & { area: string }> {
  const product = await getProduct(db, id);
  if (!product) throw new DistributionError('producto_no_encontrado', 'No existe ese producto.', 404);
  const type = await db.selectFrom('report_types').select('area').where('code', '=', product.report_type).executeTakeFirstOrThrow();
  return { ...product, area: type.area };
}

function defaultTexts(product: Product, agreementNumber: string) {
  let period = product.period_key;
  try {
    period = parsePeriod(product.period_key).label;
  } catch {
    // keep the key
  }
  return {
    subject: `Envío de «${product.report_name}», ${period}`.slice(0, 300),
    body: [
      `Por este conducto, en el marco del convenio de colaboración ${agreementNumber}, remito a usted el reporte «${product.report_name}» correspondiente a ${period}, en los archivos que se listan como anexos.`,
      'La información se comparte exclusivamente para los fines del convenio; su resguardo y uso son responsabilidad de la dependencia receptora y no debe difundirse a terceros sin autorización de este centro.',
      'Sin otro particular, reciba un cordial saludo.',
    ].join('\n\n'),
  };
}

function checkIssuingArea(area: string, producingArea: string) {
  if (area !== 'DG' && area !== producingArea) {
    throw new DistributionError('area_emisora_invalida', `El documento lo emite la Dirección General o el área que produjo el reporte (${areaName(producingArea)}).`);
  }
}

async function checkContact(db: Kysely<Database>, agencyId: number, contactId: number | null | undefined) {
  if (contactId == null) return;
  const c = await db.selectFrom('agency_contacts').select(['id', 'active']).where('id', '=', contactId).where('agency_id', '=', agencyId).executeTakeFirst();
  if (!c || !c.active) throw new DistributionError('contacto_invalido', 'El destinatario elegido no es un contacto activo de la dependencia.');
}

function checkTexts(subject: string, body: string) {
  if (subject.trim().length < 3 || subject.length > 300) throw new DistributionError('datos_invalidos', 'Datos inválidos: el asunto debe tener de 3 a 300 caracteres.');
  if (body.trim().length < 3 || body.length > 10000) throw new DistributionError('datos_invalidos', 'Datos inválidos: el cuerpo debe tener de 3 a 10 000 caracteres.');
}

/**
 * E-mail: the chosen contacts, each an active contact of the agency with an address (a refusal is audited); other
 * channels carry none. Runs outside any transaction, so that the refusal can be committed on its own.
 */
async function emailContactsFor(ctx: DistributionContext, user: DistributionUser, channel: Channel, agencyId: number, ids: readonly number[] | undefined, dispatchId?: number): Promise<EmailRecipient[]> {
  if (channel !== 'email') return [];
  requireMail(ctx.config.mail);
  try {
    return await emailRecipients(ctx.db, agencyId, ids ?? []);
  } catch (err) {
    if (err instanceof DistributionError && err.code === 'destinatario_invalido') return refuse(ctx, user, err.code, err.message, { dispatchId, agencyId, contactIds: ids });
    throw err;
  }
}

async function defaultContact(db: Kysely<Database>, agencyId: number): Promise<number | null> {
  const c = await db
    .selectFrom('agency_contacts')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .orderBy('is_addressee', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return c ? Number(c.id) : null;
}

/**
 * Prepares a dispatch (a draft): checks that the user may prepare dispatches of the product's area and that a
 * current agreement covers it, asks the release preparer for the version that may leave, and stores the draft.
 */
export async function createDispatch(ctx: DistributionContext, user: DistributionUser, input: NewDispatch): Promise<DispatchDetail> {
  if (!CHANNELS.includes(input.channel)) throw new DistributionError('canal_invalido', 'El canal no es uno de los oficiales: oficio, tarjeta informativa, sobre cerrado, medio magnético o correo institucional.');
  const source = await requireProduct(ctx.db, input.productId);
  const probe: DispatchFacts = { status: 'draft', channel: input.channel, producing_area: source.area, agency_id: input.agencyId, downloaded: false };
  const refused = authorize(user, 'edit', probe);
  if (refused) throw new DistributionError('sin_permiso', refused, 403);
  const agency = await requireAgency(ctx.db, input.agencyId);
  const issuingArea = input.issuingArea ?? 'DG';
  checkIssuingArea(issuingArea, source.area);
  await checkContact(ctx.db, agency.id, input.contactId);
  if (input.encrypted && input.channel !== 'magnetic_media') throw new DistributionError('cifrado_invalido', 'Solo el medio magnético se entrega cifrado.');
  if (input.encrypted && !(await openpgpAvailable())) throw new DistributionError('cifrado_no_disponible', 'El servidor no tiene GnuPG instalado: el paquete no puede cifrarse.', 409);
  const emailContactIds = (await emailContactsFor(ctx, user, input.channel, agency.id, input.emailContactIds)).map((r) => r.contactId);

  const step = 'preparación';
  await requireCoverage(ctx, user, { agencyId: agency.id, reportType: source.report_type, classification: source.classification, step, productId: source.id });
  // The release preparer may build a new version (the disclosure pass); it runs with its own transactions.
  const releasedId = await ctx.release(ctx.db, source.id, { audience: source.classification === 'public' ? 'public' : 'restricted', agencyId: agency.id });
  const released = releasedId === source.id ? source : await requireProduct(ctx.db, releasedId);
  if (released.report_type !== source.report_type) throw new Error('the release preparer returned a product of another report type');
  const agreement = await requireCoverage(ctx, user, { agencyId: agency.id, reportType: released.report_type, classification: released.classification, step, productId: released.id });

  const texts = defaultTexts(released, agreement.number);
  const subject = input.subject?.trim() || texts.subject;
  const body = input.body?.trim() || texts.body;
  checkTexts(subject, body);
  if (input.requestId != null) {
    const req = await ctx.db.selectFrom('analytic_requests').select(['id', 'agency_id', 'status']).where('id', '=', input.requestId).executeTakeFirst();
    if (!req || Number(req.agency_id) !== agency.id) throw new DistributionError('solicitud_invalida', 'La solicitud indicada no es de esa dependencia.');
    if (!['accepted', 'in_progress'].includes(req.status)) throw new DistributionError('solicitud_invalida', 'La solicitud indicada no está aceptada ni en elaboración.');
  }
  const contactId = input.contactId ?? (await defaultContact(ctx.db, agency.id));

  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('dispatches')
      .values({
        source_product_id: source.id,
        product_id: released.id,
        report_type: released.report_type,
        producing_area: source.area,
        agency_id: agency.id,
        contact_id: contactId,
        agreement_id: agreement.id,
        request_id: input.requestId ?? null,
        channel: input.channel,
        issuing_area: issuingArea,
        subject,
        body,
        status: 'draft',
        encrypted: input.encrypted ?? false,
        email_contact_ids: emailContactIds,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dispatchId = Number(row.id);
    await recordEvent(trx, dispatchId, user, 'create', null, 'draft', null, {
      productId: released.id,
      sourceProductId: source.id,
      agencyId: agency.id,
      channel: input.channel,
      agreement: agreement.number,
      ...(emailContactIds.length ? { emailContactIds } : {}),
    });
    await audit(trx, actorOf(user), 'dispatch.create', 'dispatch', dispatchId, {
      productId: released.id,
      sourceProductId: source.id,
      agency: agency.name,
      channel: input.channel,
      agreement: agreement.number,
      issuingArea,
    });
    return dispatchId;
  });
  return getDispatch(ctx, user, id);
}

/** Edits a draft or a returned dispatch: addressee, channel, e-mail addressees, issuing area, texts. */
export async function updateDispatch(ctx: DistributionContext, user: DistributionUser, id: number, changes: DispatchChanges): Promise<DispatchDetail> {
  const pre = await ctx.db.transaction().execute((trx) => lockDispatch(trx, user, id));
  const refusedWhy = authorize(user, 'edit', facts(pre));
  if (refusedWhy) throw new DistributionError('sin_permiso', refusedWhy, 403);
  const nextChannel = changes.channel ?? pre.channel;
  const emailContactIds = changes.emailContactIds !== undefined || nextChannel !== pre.channel
    ? (await emailContactsFor(ctx, user, nextChannel, pre.agency_id, changes.emailContactIds ?? pre.email_contact_ids.map(Number), id)).map((r) => r.contactId)
    : pre.email_contact_ids.map(Number);
  await ctx.db.transaction().execute(async (trx) => {
    const d = await lockDispatch(trx, user, id);
    const refused = authorize(user, 'edit', facts(d));
    if (refused) throw new DistributionError('sin_permiso', refused, 403);
    const t = transition(facts(d), 'edit');
    if ('error' in t) throw new DistributionError('estado_invalido', t.error, 409);
    const channel = changes.channel ?? d.channel;
    if (!CHANNELS.includes(channel)) throw new DistributionError('canal_invalido', 'El canal no es uno de los oficiales.');
    const issuingArea = changes.issuingArea ?? d.issuing_area;
    checkIssuingArea(issuingArea, d.producing_area);
    if (changes.contactId !== undefined) await checkContact(trx, Number(d.agency_id), changes.contactId);
    const encrypted = channel === 'magnetic_media' ? (changes.encrypted ?? d.encrypted) : false;
    if (encrypted && !(await openpgpAvailable())) throw new DistributionError('cifrado_no_disponible', 'El servidor no tiene GnuPG instalado: el paquete no puede cifrarse.', 409);
    const subject = changes.subject?.trim() ?? d.subject;
    const body = changes.body?.trim() ?? d.body;
    checkTexts(subject, body);
    if (channel !== nextChannel) throw new DistributionError('envio_modificado', 'El envío cambió mientras lo editaba; vuelva a cargarlo.', 409);
    const next = {
      channel,
      email_contact_ids: emailContactIds,
      issuing_area: issuingArea,
      contact_id: changes.contactId === undefined ? d.contact_id : changes.contactId,
      subject,
      body,
      encrypted,
    };
    await trx.updateTable('dispatches').set(next).where('id', '=', id).execute();
    const same = (a: unknown, b: unknown) => JSON.stringify(Array.isArray(a) ? a.map(Number) : a) === JSON.stringify(b);
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => !same((d as Record<string, unknown>)[k], v)));
    await recordEvent(trx, id, user, 'edit', d.status, d.status, null, { changed: Object.keys(changed) });
    await audit(trx, actorOf(user), 'dispatch.edit', 'dispatch', id, { changed });
  });
  return getDispatch(ctx, user, id);
}

// ---- the workflow ------------------------------------------------------------------------------------------------

type LockedDispatch = Awaited<ReturnType<typeof lockDispatch>>;

/** The dispatch row, locked until the transaction ends; 404 when the user may not see it. */
async function lockDispatch(trx: Kysely<Database>, user: DistributionUser, id: number) {
  const d = await trx.selectFrom('dispatches').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!d || !visibleTo(user, d)) throw notFound('ese envío');
  const downloads = await trx
    .selectFrom('dispatch_downloads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dispatch_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...d, id: Number(d.id), agency_id: Number(d.agency_id), downloads: Number(downloads.n) };
}

/** Staff of the producing area (or of DG) see a dispatch; an agency's account sees what was sent to it. */
function visibleTo(user: DistributionUser, d: { producing_area: string; agency_id: number; status: DispatchStatus }): boolean {
  if (user.agencyId != null) return Number(d.agency_id) === user.agencyId && ['sent', 'delivered', 'acknowledged'].includes(d.status);
  return canView(user, d);
}

async function recordEvent(
  trx: Kysely<Database>,
  dispatchId: number,
  user: DistributionUser | { id: null; display_name: string },
  action: string,
  from: string | null,
  to: string,
  comment: string | null,
  details: Record<string, unknown> = {},
) {
  await trx
    .insertInto('dispatch_events')
    .values({ dispatch_id: dispatchId, actor_id: user.id, actor_name: user.display_name, action, from_status: from, to_status: to, comment, details: JSON.stringify(details) })
    .execute();
}

async function standingApprovalOf(db: Kysely<Database>, agreementId: number | null) {
  if (agreementId === null) return null;
  const a = await db
    .selectFrom('agreements as a')
    .leftJoin('users as u', 'u.id', 'a.standing_by')
    .select(['a.standing_approval', 'a.standing_at', 'a.standing_comment', 'u.display_name', 'a.number'])
    .where('a.id', '=', agreementId)
    .executeTakeFirst();
  return a?.standing_approval ? a : null;
}

const link = (id: number) => `/envios?id=${id}`;

/**
 * Takes one step of the workflow. The order of the checks is fixed: the user must see the dispatch (404), hold the
 * step's permission in the right area (403), the dispatch must be in a state that admits the step (409), the
 * comment and the channel's data must be given (400), and the agreement must still cover it (409, audited).
 */
export async function act(ctx: DistributionContext, user: DistributionUser, id: number, action: DispatchAction, input: ActionInput = {}): Promise<DispatchDetail> {
  if (action === 'edit') throw new DistributionError('accion_invalida', 'Use la edición del envío.');
  // Checks that need no lock, so that a refusal can be audited outside the step's transaction.
  const pre = await ctx.db.transaction().execute((trx) => lockDispatch(trx, user, id));
  const refusedWhy = authorize(user, action, facts(pre));
  if (refusedWhy) throw new DistributionError('sin_permiso', refusedWhy, 403);
  const comment = input.comment?.trim() || null;
  if (NEEDS_COMMENT.includes(action) && (!comment || comment.length < 3)) {
    throw new DistributionError('comentario_requerido', action === 'return' ? 'Escriba los motivos de la devolución.' : 'Escriba el motivo de la cancelación.');
  }
  const product = await requireProduct(ctx.db, pre.product_id);
  if (['submit', 'validate', 'approve', 'send'].includes(action)) {
    await requireCoverage(ctx, user, {
      agencyId: pre.agency_id,
      reportType: pre.report_type,
      classification: product.classification,
      step: action,
      dispatchId: id,
      productId: product.id,
    });
  }
  const settings = await getSettings(ctx.db, ctx.config.stateCode);
  if (action === 'send') await checkSendInput(pre, input, settings.signatories);
  // E-mail: the addresses are read again now (a contact may have left since the dispatch was prepared).
  const email = action === 'send' && pre.channel === 'email'
    ? { smtp: requireMail(ctx.config.mail), to: await emailContactsFor(ctx, user, 'email', pre.agency_id, pre.email_contact_ids.map(Number), id) }
    : null;

  try {
    await takeStep(ctx, user, id, action, input, comment, product, settings, email);
  } catch (err) {
    if (err instanceof SmtpError) {
      await recordSendFailure(ctx, user, id, err.message, email!.to);
      throw new DistributionError('correo_fallido', `El servidor de correo no aceptó el envío: ${err.message}. El envío sigue aprobado y sin folio; puede reintentarlo.`, 502);
    }
    if (err instanceof DistributionError && err.code === 'correo_demasiado_grande') await refuse(ctx, user, err.code, err.message, { dispatchId: id, step: action });
    throw err;
  }
  return getDispatch(ctx, user, id);
}

/** A failed e-mail attempt: nothing was sent nor issued (its transaction rolled back); the error stays on record. */
async function recordSendFailure(ctx: DistributionContext, user: DistributionUser, id: number, error: string, to: EmailRecipient[]) {
  await ctx.db.transaction().execute(async (trx) => {
    const d = await lockDispatch(trx, user, id);
    await trx.updateTable('dispatches').set({ send_error: error, send_error_at: nowOf(ctx) }).where('id', '=', id).execute();
    const details = { error, recipients: to.map((r) => r.address) };
    await recordEvent(trx, id, user, 'send_failed', d.status, d.status, null, details);
    await audit(trx, actorOf(user), 'dispatch.send_failed', 'dispatch', id, details);
  });
}

type Settings = Awaited<ReturnType<typeof getSettings>>;
type EmailSend = { smtp: ReturnType<typeof requireMail>; to: EmailRecipient[] } | null;

/** The step itself, in one transaction that locks the dispatch row. */
async function takeStep(ctx: DistributionContext, user: DistributionUser, id: number, action: DispatchAction, input: ActionInput, comment: string | null, product: Product, settings: Settings, email: EmailSend) {
  await ctx.db.transaction().execute(async (trx) => {
    const d = await lockDispatch(trx, user, id);
    const standing = action === 'validate' ? await standingApprovalOf(trx, d.agreement_id === null ? null : Number(d.agreement_id)) : null;
    const t = transition(facts(d), action, { standingApproval: standing !== null });
    if ('error' in t) throw new DistributionError('estado_invalido', t.error, 409);
    const now = nowOf(ctx);
    const set: Record<string, unknown> = { status: t.to, status_at: now };
    const details: Record<string, unknown> = {};
    let notice: { to: (number | null)[]; text: string; link: string } | null = null;
    const name = `«${d.subject}» para ${(await requireAgency(trx, d.agency_id)).short_name}`;

    switch (action) {
      case 'submit':
        notice = { to: await validatorsOf(trx, d.producing_area), text: `Envío por validar: ${name}.`, link: link(id) };
        break;
      case 'validate':
        if (standing) {
          details.standingApproval = { agreement: standing.number, by: standing.display_name, at: standing.standing_at, comment: standing.standing_comment };
          notice = { to: [d.created_by, ...(await sendersOf(trx, d.producing_area))], text: `Envío aprobado por la autorización permanente del convenio ${standing.number}, listo para enviarse: ${name}.`, link: link(id) };
        } else {
          notice = { to: await staffWith(trx, 'distribution.authorize'), text: `Envío por aprobar (Dirección General): ${name}.`, link: link(id) };
        }
        break;
      case 'approve':
        notice = { to: [d.created_by, ...(await sendersOf(trx, d.producing_area))], text: `Envío aprobado por la Dirección General, listo para enviarse: ${name}.`, link: link(id) };
        break;
      case 'return':
        notice = { to: [d.created_by], text: `Envío devuelto: ${name}. Motivos: ${comment}`, link: link(id) };
        break;
      case 'send': {
        const issued = await issue(ctx, trx, user, d, product, input, settings, now, email);
        Object.assign(set, issued.set);
        Object.assign(details, issued.details);
        if (!isPhysical(d.channel)) {
          notice = { to: await agencyAccounts(trx, d.agency_id), text: `Recibió ${CHANNEL_LABELS[d.channel].toLowerCase()} ${issued.folio}: «${d.subject}». Descárguelo y acuse de recibido.`, link: '/portal' };
        }
        if (d.request_id !== null) await markRequestDelivered(trx, user, Number(d.request_id), id, issued.folio);
        break;
      }
      case 'deliver': {
        const at = when(input.at, now);
        set.delivered_at = at;
        if (input.courier?.trim()) set.courier = input.courier.trim().slice(0, 200);
        details.deliveredAt = at.toISOString();
        break;
      }
      case 'record_receipt': {
        const by = input.receivedBy?.trim();
        if (!by || by.length < 3) throw new DistributionError('datos_invalidos', 'Escriba el nombre de quien firmó el acuse de recibo.');
        const at = when(input.at, now);
        if (d.sent_at && at < d.sent_at) throw new DistributionError('datos_invalidos', 'La fecha del acuse es anterior al envío.');
        set.received_at = at;
        set.received_by = by.slice(0, 200);
        set.receipt_notes = comment;
        if (!d.delivered_at) set.delivered_at = at;
        details.receivedAt = at.toISOString();
        details.receivedBy = by;
        notice = { to: [d.sent_by, d.created_by], text: `Se registró el acuse de recibo de ${name}.`, link: link(id) };
        break;
      }
      case 'acknowledge':
        set.received_at = now;
        set.received_by = user.display_name;
        set.acknowledged_by = user.id;
        notice = { to: [d.sent_by, d.created_by], text: `${(await requireAgency(trx, d.agency_id)).short_name} acusó de recibido ${name}.`, link: link(id) };
        break;
      case 'cancel':
        if (d.folio_id !== null) {
          await cancelFolio(trx, Number(d.folio_id), comment!, user.id);
          details.folioCancelled = true;
        }
        notice = d.status === 'sent' && !isPhysical(d.channel) ? { to: await agencyAccounts(trx, d.agency_id), text: `El centro canceló el envío «${d.subject}»: ${comment}`, link: '/portal' } : null;
        break;
    }
    await trx.updateTable('dispatches').set(set).where('id', '=', id).execute();
    await recordEvent(trx, id, user, action, d.status, t.to, comment, details);
    await audit(trx, actorOf(user), `dispatch.${action}`, 'dispatch', id, { from: d.status, to: t.to, comment, ...details });
    if (notice) await notifyAll(trx, notice.to, notice.text, notice.link, user.id);
  });
}

function when(text: string | undefined, now: Date): Date {
  if (!text) return now;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new DistributionError('datos_invalidos', 'La fecha no es válida.');
  if (d.getTime() > now.getTime() + 5 * 60_000) throw new DistributionError('datos_invalidos', 'La fecha no puede ser futura.');
  return d;
}

async function validatorsOf(db: Kysely<Database>, area: string) {
  const ids = await staffWith(db, 'distribution.approve', [area]);
  const rows = ids.length ? await db.selectFrom('users').select(['id', 'roles']).where('id', 'in', ids).execute() : [];
  return rows.filter((r) => r.roles.includes('area_director') || r.roles.includes('director_general')).map((r) => Number(r.id));
}

const sendersOf = (db: Kysely<Database>, area: string) => staffWith(db, 'distribution.dispatch', [area]);

async function checkSendInput(d: LockedDispatch, input: ActionInput, signatories: Partial<Record<string, { name: string; position: string }>>) {
  if (!signatories[d.issuing_area]) {
    throw new DistributionError('sin_firmante', `Registre en la configuración de distribución el nombre y cargo de quien firma por ${areaName(d.issuing_area)} antes de emitir el documento.`, 409);
  }
  if (d.channel === 'sealed_envelope' && !input.sealNumber?.trim()) throw new DistributionError('datos_invalidos', 'Escriba el número de sello del sobre cerrado.');
  if (isPhysical(d.channel) && !input.courier?.trim()) throw new DistributionError('datos_invalidos', 'Escriba quién lleva el envío (mensajería o persona).');
  if (d.channel === 'magnetic_media' && d.encrypted) {
    const problems = passphraseProblems(input.passphrase ?? '');
    if (problems.length) throw new DistributionError('frase_invalida', problems.join(' '));
    if (!(await openpgpAvailable())) throw new DistributionError('cifrado_no_disponible', 'El servidor no tiene GnuPG instalado: el paquete no puede cifrarse.', 409);
  }
}

/** Issues the folio and the covering document (and the package), inside the send step's transaction. */
async function issue(
  ctx: DistributionContext,
  trx: Kysely<Database>,
  user: DistributionUser,
  d: LockedDispatch,
  product: Product,
  input: ActionInput,
  settings: Settings,
  now: Date,
  email: EmailSend,
) {
  const day = localDay(ctx, now);
  const kind = d.channel === 'tarjeta' ? 'tarjeta' : 'oficio';
  const folio = await issueFolio(trx, { pattern: settings.folioPattern, area: d.issuing_area, year: Number(day.slice(0, 4)), kind, dispatchId: d.id, issuedBy: user.id });
  const annexFiles = await productFiles(trx, product);
  const agency = await requireAgency(trx, d.agency_id);
  const sealNumber = input.sealNumber?.trim().slice(0, 100) || null;
  const courier = input.courier?.trim().slice(0, 200) || null;
  const safeFolio = folio.folio.replace(/[^A-Za-z0-9._-]+/g, '-');
  const details: Record<string, unknown> = { folio: folio.folio };
  let deliveryNote: string | null = null;
  let pkg: { fileName: string; media: string; bytes: Uint8Array } | null = null;
  if (d.channel === 'sealed_envelope') {
    deliveryNote = `Los anexos se entregan impresos en sobre cerrado con sello núm. ${sealNumber}, por conducto de ${courier}.`;
    details.sealNumber = sealNumber;
  }
  if (d.channel === 'magnetic_media') {
    const built = buildPackage({ folio: folio.folio, date: day, agencyName: agency.name, subject: d.subject, files: annexFiles });
    const bytes = d.encrypted ? await encryptWithPassphrase(built.zip, input.passphrase!) : built.zip;
    pkg = {
      fileName: `paquete_${safeFolio}.zip${d.encrypted ? '.gpg' : ''}`,
      media: d.encrypted ? 'application/pgp-encrypted' : 'application/zip',
      bytes,
    };
    const sha = sha256Hex(bytes);
    deliveryNote = [
      `Los anexos se entregan en medio magnético, por conducto de ${courier}, en el archivo ${pkg.fileName} con huella SHA-256 ${sha}.`,
      d.encrypted
        ? 'El archivo está cifrado (OpenPGP, AES-256) con una frase de paso que se comunica por separado; ábralo con GnuPG o Gpg4win. Dentro, el archivo MANIFIESTO-SHA256.txt permite verificar cada anexo.'
        : 'Dentro, el archivo MANIFIESTO-SHA256.txt permite verificar cada anexo.',
    ].join(' ');
    details.package = { fileName: pkg.fileName, sha256: sha, encrypted: d.encrypted, manifest: built.entries };
  }
  if (email) {
    deliveryNote = `Este oficio y sus anexos se remiten por correo electrónico institucional a ${email.to.map((r) => r.address).join(', ')}; el cuerpo del correo repite la huella SHA-256 de cada archivo adjunto.`;
  }
  const letter = await documentOf(trx, settings, d, product, folio.folio, day, annexFiles, deliveryNote);
  const document = await renderCoveringDocument(letter);
  const docName = `${kind}_${safeFolio}.pdf`;
  await storeDocument(trx, d.id, kind, docName, 'application/pdf', document);
  if (pkg) await storeDocument(trx, d.id, 'package', pkg.fileName, pkg.media, pkg.bytes);
  details.document = { fileName: docName, sha256: sha256Hex(document) };
  const set: Record<string, unknown> = { folio_id: folio.id, sent_at: now, sent_by: user.id, seal_number: sealNumber, courier };
  if (email) {
    const attachments = [{ fileName: docName, mediaType: 'application/pdf', content: document }, ...annexFiles.map((f) => ({ fileName: f.fileName, mediaType: f.mediaType, content: f.content }))];
    const message = await composeEmail({ from: email.smtp.from, to: email.to, folio: folio.folio, letter, attachments, date: now });
    checkEmailSize(message.raw.byteLength, ctx.config.mail.maxBytes);
    // The last step before the record of the send: if the server refuses, the transaction (and the folio) rolls back.
    const answer = await transmit(email.smtp, { from: email.smtp.from.address, to: email.to.map((r) => r.address) }, message.raw);
    await storeDocument(trx, d.id, 'message', `correo_${safeFolio}.eml`, 'message/rfc822', message.raw);
    Object.assign(set, { message_id: message.messageId, email_accepted: answer.accepted, email_rejected: answer.rejected, send_error: null, send_error_at: null });
    details.email = {
      messageId: message.messageId,
      from: email.smtp.from.address,
      recipients: email.to.map((r) => r.address),
      accepted: answer.accepted,
      rejected: answer.rejected,
      server: email.smtp.host,
      size: message.raw.byteLength,
      sha256: sha256Hex(message.raw),
      attachments: message.attachments,
    };
  }
  return { folio: folio.folio, details, set };
}

async function productFiles(db: Kysely<Database>, product: Product) {
  const out: { fileName: string; mediaType: string; content: Uint8Array }[] = [];
  for (const f of product.files) {
    const file = await getProductFile(db, product.id, f.format);
    if (file) out.push({ fileName: file.file_name, mediaType: file.media_type, content: file.content });
  }
  return out;
}

async function storeDocument(trx: Kysely<Database>, dispatchId: number, kind: DocumentKind, fileName: string, media: string, bytes: Uint8Array) {
  await trx
    .insertInto('dispatch_documents')
    .values({
      dispatch_id: dispatchId,
      kind,
      file_name: fileName,
      media_type: media,
      sha256: sha256Hex(bytes),
      size: bytes.byteLength,
      content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    })
    .execute();
}

async function documentOf(
  db: Kysely<Database>,
  settings: Awaited<ReturnType<typeof getSettings>>,
  d: Pick<LockedDispatch, 'channel' | 'issuing_area' | 'agency_id' | 'contact_id' | 'subject' | 'body'>,
  product: Product,
  folio: string | null,
  day: string,
  annexFiles: { fileName: string; content: Uint8Array }[] | null,
  deliveryNote: string | null,
): Promise<CoveringDocument> {
  const agency = await requireAgency(db, d.agency_id);
  const contact = d.contact_id === null
    ? undefined
    : await db.selectFrom('agency_contacts').select(['name', 'position']).where('id', '=', d.contact_id).executeTakeFirst();
  const annexes: Annex[] = annexFiles
    ? annexFiles.map((f) => ({ fileName: f.fileName, sha256: sha256Hex(f.content), size: f.content.byteLength }))
    : product.files.map((f) => ({ fileName: f.file_name, sha256: f.sha256, size: f.size }));
  return {
    kind: d.channel === 'tarjeta' ? 'tarjeta' : 'oficio',
    letterhead: settings.letterhead,
    areaName: areaName(d.issuing_area),
    folio,
    date: day,
    addressee: contact ? { name: contact.name, position: contact.position, agency: agency.name } : { name: `Titular de ${agency.short_name}`, position: '', agency: agency.name },
    subject: d.subject,
    body: d.body,
    annexes,
    deliveryNote,
    signatory: settings.signatories[d.issuing_area] ?? null,
    classificationLabel: CLASSIFICATION_LABELS[product.classification],
  };
}

/** The covering document as it would be issued today, marked as a draft and without folio. */
export async function previewDocument(ctx: DistributionContext, user: DistributionUser, id: number): Promise<Uint8Array> {
  const d = await ctx.db.transaction().execute((trx) => lockDispatch(trx, user, id));
  if (user.agencyId != null) throw notFound('ese envío');
  const product = await requireProduct(ctx.db, d.product_id);
  const settings = await getSettings(ctx.db, ctx.config.stateCode);
  return renderCoveringDocument(await documentOf(ctx.db, settings, d, product, null, localDay(ctx), null, null));
}

// ---- reading -----------------------------------------------------------------------------------------------------

export interface DispatchFilter {
  status?: DispatchStatus[];
  agencyId?: number;
  reportType?: string;
  channel?: Channel;
  /** Local days, inclusive, on the sending date (or creation for unsent ones). */
  from?: string;
  to?: string;
  acknowledged?: boolean;
  folio?: string;
  limit?: number;
}

/** The dispatches the user may see, newest first. */
export async function listDispatches(ctx: DistributionContext, user: DistributionUser, f: DispatchFilter = {}): Promise<DispatchSummary[]> {
  if (!can(user, 'distribution.read')) throw new DistributionError('sin_permiso', 'No tiene permiso para consultar productos y envíos.', 403);
  let q = summaryQuery(ctx.db).orderBy('d.id', 'desc').limit(Math.min(f.limit ?? 500, 5000));
  if (user.area_code !== 'DG') q = q.where('d.producing_area', '=', user.area_code);
  if (f.status?.length) q = q.where('d.status', 'in', f.status);
  if (f.agencyId) q = q.where('d.agency_id', '=', f.agencyId);
  if (f.reportType) q = q.where('d.report_type', '=', f.reportType);
  if (f.channel) q = q.where('d.channel', '=', f.channel);
  if (f.acknowledged !== undefined) q = f.acknowledged ? q.where('d.status', '=', 'acknowledged') : q.where('d.status', 'in', ['sent', 'delivered']);
  if (f.folio) q = q.where('f.folio', 'ilike', `%${f.folio.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const tz = ctx.config.timeZone;
  if (f.from) q = q.where(sql<boolean>`(coalesce(d.sent_at, d.created_at) AT TIME ZONE ${tz})::date >= ${f.from}::date`);
  if (f.to) q = q.where(sql<boolean>`(coalesce(d.sent_at, d.created_at) AT TIME ZONE ${tz})::date <= ${f.to}::date`);
  return (await q.execute()).map(toSummary);
}

export async function listEvents(db: Kysely<Database>, dispatchIds: number[]): Promise<Map<number, DispatchEvent[]>> {
  const out = new Map<number, DispatchEvent[]>();
  if (dispatchIds.length === 0) return out;
  const rows = await db
    .selectFrom('dispatch_events')
    .select(['id', 'dispatch_id', 'at', 'actor_name', 'action', 'from_status', 'to_status', 'comment', 'details'])
    .where('dispatch_id', 'in', dispatchIds)
    .orderBy('id')
    .execute();
  for (const { dispatch_id, ...e } of rows) {
    const k = Number(dispatch_id);
    out.set(k, [...(out.get(k) ?? []), { ...e, id: Number(e.id) }]);
  }
  return out;
}

export async function getDispatch(ctx: DistributionContext, user: DistributionUser, id: number): Promise<DispatchDetail> {
  const row = await summaryQuery(ctx.db)
    .select(['d.body', 'd.contact_id', 'd.seal_number', 'd.courier', 'd.receipt_notes', 'd.encrypted', 'd.agreement_id', 'd.email_contact_ids', 'd.message_id', 'd.email_accepted', 'd.email_rejected', 'd.send_error', 'd.send_error_at'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!row || !visibleTo(user, row)) throw notFound('ese envío');
  const summary = toSummary(row);
  const contact = row.contact_id === null
    ? null
    : ((await ctx.db.selectFrom('agency_contacts').select(['id', 'name', 'position']).where('id', '=', row.contact_id).executeTakeFirst()) ?? null);
  const documents = await ctx.db
    .selectFrom('dispatch_documents')
    .select(['kind', 'file_name', 'media_type', 'sha256', 'size', 'created_at'])
    .where('dispatch_id', '=', id)
    .orderBy('id')
    .execute();
  const product = await requireProduct(ctx.db, summary.product_id);
  const downloadLog = await ctx.db
    .selectFrom('dispatch_downloads as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['w.at', 'u.display_name as user_name', 'w.file_name'])
    .where('w.dispatch_id', '=', id)
    .orderBy('w.id')
    .execute();
  const standing = await standingApprovalOf(ctx.db, row.agreement_id === null ? null : Number(row.agreement_id));
  const emailIds = row.email_contact_ids.map(Number);
  const emailContacts = emailIds.length
    ? await ctx.db.selectFrom('agency_contacts').select(['id', 'name', 'position', 'email']).where('id', 'in', emailIds).execute()
    : [];
  return {
    ...summary,
    body: row.body,
    contact: contact ? { ...contact, id: Number(contact.id) } : null,
    seal_number: row.seal_number,
    courier: row.courier,
    receipt_notes: row.receipt_notes,
    encrypted: row.encrypted,
    events: (await listEvents(ctx.db, [id])).get(id) ?? [],
    documents,
    annexes: product.files.map((f) => ({ fileName: f.file_name, sha256: f.sha256, size: f.size })),
    download_log: downloadLog,
    actions: availableActions(user, facts(summary), { standingApproval: standing !== null }),
    standing_approval: standing !== null,
    email: row.channel === 'email'
      ? {
          recipients: emailIds.map((cid) => emailContacts.find((c) => Number(c.id) === cid)).filter((c) => c !== undefined).map((c) => ({ id: Number(c.id), name: c.name, position: c.position, address: c.email })),
          message_id: row.message_id,
          accepted: row.email_accepted,
          rejected: row.email_rejected,
          send_error: row.send_error,
          send_error_at: row.send_error_at,
        }
      : null,
  };
}

/** A stored document of a dispatch (covering document or package), for the center's staff; the download is audited. */
export async function downloadDocument(ctx: DistributionContext, user: DistributionUser, id: number, kind: DocumentKind) {
  const d = await getDispatch(ctx, user, id);
  if (user.agencyId != null) throw notFound('ese envío');
  const doc = await ctx.db
    .selectFrom('dispatch_documents')
    .select(['file_name', 'media_type', 'sha256', 'size', 'content'])
    .where('dispatch_id', '=', d.id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (!doc) throw notFound('ese documento del envío');
  await ctx.db.transaction().execute((trx) => audit(trx, actorOf(user), 'dispatch.document.download', 'dispatch', id, { kind, fileName: doc.file_name, sha256: doc.sha256 }));
  return { ...doc, content: new Uint8Array(doc.content) };
}
