// The recipients' portal: an agency's account sees only what was dispatched to its agency and is still covered by
// a current agreement; it downloads the covering document and the annexes (each download audited and kept in the
// dispatch's record) and acknowledges receipt. Anything else — another agency's item, an unsent one, an id guessed —
// answers «no existe», exactly as a missing one does.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { can } from '../access/permissions.ts';
import { getProduct, getProductFile } from '../reports/products.ts';
import { listAgreements, requireAgency } from './agencies.ts';
import { audit } from './audit.ts';
import { actorOf, localDay, type DistributionContext, type DistributionUser } from './context.ts';
import { coverageOf } from './coverage.ts';
import { DistributionError, notFound } from './errors.ts';
import { CHANNEL_LABELS } from './labels.ts';
import type { Channel, DispatchStatus } from './tables.ts';
import { IN_PORTAL, isPhysical } from './workflow.ts';

export interface PortalFile {
  name: string;
  kind: 'document' | 'annex';
  sha256: string;
  size: number;
}

export interface PortalItem {
  id: number;
  folio: string | null;
  subject: string;
  body: string;
  channel: Channel;
  channel_label: string;
  status: DispatchStatus;
  status_label: string;
  report_name: string;
  period_key: string;
  sent_at: Date | null;
  received_at: Date | null;
  received_by: string | null;
  /** Physical channels carry the files on paper or media; the portal only records them. */
  electronic: boolean;
  files: PortalFile[];
  downloaded: boolean;
}

function requireAgencyUser(user: DistributionUser): number {
  if (!can(user, 'distribution.receive') || user.agencyId == null) {
    throw new DistributionError('sin_permiso', 'No tiene permiso para recibir y acusar productos dirigidos a su dependencia.', 403);
  }
  return user.agencyId;
}

async function agencyItems(ctx: DistributionContext, agencyId: number) {
  const agency = await requireAgency(ctx.db, agencyId);
  const rows = await ctx.db
    .selectFrom('dispatches as d')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .innerJoin('report_types as t', 't.code', 'd.report_type')
    .leftJoin('folios as f', 'f.id', 'd.folio_id')
    .select([
      'd.id', 'f.folio', 'd.subject', 'd.body', 'd.channel', 'd.status', 't.name as report_name', 'p.period_key', 'd.sent_at',
      'd.received_at', 'd.received_by', 'd.product_id', 'd.report_type', 'p.classification',
    ])
    .where('d.agency_id', '=', agencyId)
    .where('d.status', 'in', [...IN_PORTAL])
    .orderBy('d.sent_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
  const agreements = agency.active ? await listAgreements(ctx.db, agencyId) : [];
  const today = localDay(ctx);
  const covered = (r: (typeof rows)[number]) =>
    coverageOf(agreements, { agencyName: agency.name, reportType: r.report_type, reportName: r.report_name, classification: r.classification, today }).covered;
  return { visible: rows.filter(covered), hidden: rows.length - rows.filter(covered).length };
}

async function filesOf(db: Kysely<Database>, dispatchId: number, productId: number, channel: Channel): Promise<PortalFile[]> {
  if (isPhysical(channel)) return [];
  const docs = await db.selectFrom('dispatch_documents').select(['file_name', 'sha256', 'size']).where('dispatch_id', '=', dispatchId).where('kind', 'in', ['oficio', 'tarjeta']).execute();
  const product = await getProduct(db, productId);
  return [
    ...docs.map((d) => ({ name: d.file_name, kind: 'document' as const, sha256: d.sha256, size: d.size })),
    ...(product?.files ?? []).map((f) => ({ name: f.file_name, kind: 'annex' as const, sha256: f.sha256, size: f.size })),
  ];
}

/** What the agency received, newest first; `hidden` counts items whose agreement is no longer in force. */
export async function portalItems(ctx: DistributionContext, user: DistributionUser): Promise<{ items: PortalItem[]; hidden: number }> {
  const agencyId = requireAgencyUser(user);
  const { visible, hidden } = await agencyItems(ctx, agencyId);
  const downloaded = new Set(
    (await ctx.db.selectFrom('dispatch_downloads').select('dispatch_id').where('dispatch_id', 'in', visible.length ? visible.map((r) => r.id) : [0]).execute()).map((r) => Number(r.dispatch_id)),
  );
  const items: PortalItem[] = [];
  for (const r of visible) {
    items.push({
      id: Number(r.id),
      folio: r.folio,
      subject: r.subject,
      body: r.body,
      channel: r.channel,
      channel_label: CHANNEL_LABELS[r.channel],
      status: r.status,
      status_label: r.status === 'acknowledged' ? 'Acusado' : isPhysical(r.channel) ? 'Entrega física' : 'Por acusar',
      report_name: r.report_name,
      period_key: r.period_key,
      sent_at: r.sent_at,
      received_at: r.received_at,
      received_by: r.received_by,
      electronic: !isPhysical(r.channel),
      files: await filesOf(ctx.db, Number(r.id), Number(r.product_id), r.channel),
      downloaded: downloaded.has(Number(r.id)),
    });
  }
  return { items, hidden };
}

export async function portalItem(ctx: DistributionContext, user: DistributionUser, id: number): Promise<PortalItem> {
  const { items } = await portalItems(ctx, user);
  const item = items.find((i) => i.id === id);
  if (!item) throw notFound('ese envío');
  return item;
}

/** One file of an item, recorded in the dispatch's downloads and the audit log in one transaction. */
export async function portalDownload(ctx: DistributionContext, user: DistributionUser, id: number, fileName: string) {
  const item = await portalItem(ctx, user, id);
  const file = item.files.find((f) => f.name === fileName);
  if (!file) throw notFound('ese archivo en el envío');
  let content: Uint8Array;
  let mediaType: string;
  if (file.kind === 'document') {
    const doc = await ctx.db.selectFrom('dispatch_documents').select(['content', 'media_type']).where('dispatch_id', '=', id).where('file_name', '=', fileName).executeTakeFirstOrThrow();
    content = new Uint8Array(doc.content);
    mediaType = doc.media_type;
  } else {
    const d = await ctx.db.selectFrom('dispatches').select('product_id').where('id', '=', id).executeTakeFirstOrThrow();
    const product = (await getProduct(ctx.db, Number(d.product_id)))!;
    const info = product.files.find((f) => f.file_name === fileName)!;
    const stored = (await getProductFile(ctx.db, product.id, info.format))!;
    content = stored.content;
    mediaType = stored.media_type;
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('dispatch_downloads').values({ dispatch_id: id, user_id: user.id, file_name: fileName, sha256: file.sha256, ip: user.ip ?? null }).execute();
    await audit(trx, actorOf(user), 'portal.download', 'dispatch', id, { fileName, sha256: file.sha256, agencyId: user.agencyId });
  });
  return { fileName, mediaType, sha256: file.sha256, content };
}
