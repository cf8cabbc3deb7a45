// What classification and disclosure control persist, and how it is read back: a product's classification (its
// own, or the latest change the director general recorded), the history of those changes, and the released
// versions made from each product.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Classification } from '../../reports/tables.ts';
import type { Audience, DisclosureRules, ProductDisclosure } from '../../reports/index.ts';

export interface ClassificationChange {
  id: number;
  productId: number;
  from: Classification;
  to: Classification;
  reason: string;
  changedBy: number | null;
  changedByName: string | null;
  changedAt: Date;
}

export interface ReleaseRecord {
  productId: number;
  sourceProductId: number;
  audience: Audience;
  agencyId: number | null;
  allowPhones: boolean;
  requestKey: string;
  rules: DisclosureRules;
  disclosure: ProductDisclosure;
  preparedBy: number | null;
  preparedByName: string | null;
  preparedAt: Date;
}

/** Every classification change of these products, newest first. */
export async function classificationChanges(db: Kysely<Database>, productIds: number[]): Promise<ClassificationChange[]> {
  if (productIds.length === 0) return [];
  const rows = await db
    .selectFrom('product_classification_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.id', 'c.product_id', 'c.from_classification', 'c.to_classification', 'c.reason', 'c.changed_by', 'u.display_name', 'c.changed_at'])
    .where('c.product_id', 'in', productIds)
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    productId: Number(r.product_id),
    from: r.from_classification,
    to: r.to_classification,
    reason: r.reason,
    changedBy: r.changed_by === null ? null : Number(r.changed_by),
    changedByName: r.display_name,
    changedAt: r.changed_at,
  }));
}

/** The classification each product has now: the last change recorded, or the one it was generated with. */
export async function currentClassifications(db: Kysely<Database>, productIds: number[]): Promise<Map<number, Classification>> {
  const out = new Map<number, Classification>();
  if (productIds.length === 0) return out;
  const own = await db.selectFrom('products').select(['id', 'classification']).where('id', 'in', productIds).execute();
  for (const p of own) out.set(Number(p.id), p.classification);
  for (const c of [...(await classificationChanges(db, productIds))].reverse()) out.set(c.productId, c.to);
  return out;
}

export async function recordClassificationChange(
  db: Kysely<Database>,
  change: { productId: number; from: Classification; to: Classification; reason: string; changedBy: number | null },
): Promise<number> {
  const row = await db
    .insertInto('product_classification_changes')
    .values({ product_id: change.productId, from_classification: change.from, to_classification: change.to, reason: change.reason.trim(), changed_by: change.changedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

function releaseOf(r: {
  product_id: number;
  source_product_id: number;
  audience: Audience;
  agency_id: number | null;
  allow_phones: boolean;
  request_key: string;
  rules: DisclosureRules;
  disclosure: ProductDisclosure;
  prepared_by: number | null;
  display_name: string | null;
  prepared_at: Date;
}): ReleaseRecord {
  return {
    productId: Number(r.product_id),
    sourceProductId: Number(r.source_product_id),
    audience: r.audience,
    agencyId: r.agency_id === null ? null : Number(r.agency_id),
    allowPhones: r.allow_phones,
    requestKey: r.request_key,
    rules: r.rules,
    disclosure: r.disclosure,
    preparedBy: r.prepared_by === null ? null : Number(r.prepared_by),
    preparedByName: r.display_name,
    preparedAt: r.prepared_at,
  };
}

function releases(db: Kysely<Database>) {
  return db
    .selectFrom('product_releases as r')
    .leftJoin('users as u', 'u.id', 'r.prepared_by')
    .select(['r.product_id', 'r.source_product_id', 'r.audience', 'r.agency_id', 'r.allow_phones', 'r.request_key', 'r.rules', 'r.disclosure', 'r.prepared_by', 'u.display_name', 'r.prepared_at']);
}

export async function releaseByKey(db: Kysely<Database>, requestKey: string): Promise<ReleaseRecord | undefined> {
  const r = await releases(db).where('r.request_key', '=', requestKey).executeTakeFirst();
  return r ? releaseOf(r) : undefined;
}

/** The release record of a released version, by its product id. */
export async function releaseOfProduct(db: Kysely<Database>, productId: number): Promise<ReleaseRecord | undefined> {
  const r = await releases(db).where('r.product_id', '=', productId).executeTakeFirst();
  return r ? releaseOf(r) : undefined;
}

/** The versions released from these products, newest first. */
export async function releasesFrom(db: Kysely<Database>, sourceIds: number[]): Promise<ReleaseRecord[]> {
  if (sourceIds.length === 0) return [];
  return (await releases(db).where('r.source_product_id', 'in', sourceIds).orderBy('r.product_id', 'desc').execute()).map(releaseOf);
}

export async function recordRelease(
  db: Kysely<Database>,
  r: Omit<ReleaseRecord, 'preparedAt' | 'preparedByName'>,
): Promise<void> {
  await db
    .insertInto('product_releases')
    .values({
      product_id: r.productId,
      source_product_id: r.sourceProductId,
      audience: r.audience,
      agency_id: r.agencyId,
      allow_phones: r.allowPhones,
      request_key: r.requestKey,
      rules: JSON.stringify(r.rules),
      disclosure: JSON.stringify(r.disclosure),
      prepared_by: r.preparedBy,
    })
    .execute();
}

/** The newest version of a product's series, when it is not the product itself. */
export async function replacementOf(db: Kysely<Database>, productId: number): Promise<{ id: number; version: number } | null> {
  const row = await db
    .selectFrom('products as p')
    .innerJoin('products as n', (j) => j.onRef('n.report_type', '=', 'p.report_type').onRef('n.period_key', '=', 'p.period_key').onRef('n.params_key', '=', 'p.params_key'))
    .select(['n.id', 'n.version'])
    .where('p.id', '=', productId)
    .whereRef('n.version', '>', 'p.version')
    .orderBy('n.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), version: row.version } : null;
}
