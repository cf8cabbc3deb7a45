// Products: the stored, immutable result of a generation (its parameters, the data cut, the files and their
// SHA-256). Reading them, and storing a new version in one transaction with its audit entry.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import type { Actor } from '../access/users.ts';
import { MEDIA_TYPES, type CnieVersion, type ReportFormat } from './types.ts';
import type { Classification } from './tables.ts';

export interface ProductFileInfo {
  format: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
}

export interface Product {
  id: number;
  report_type: string;
  report_name: string;
  period_key: string;
  params: Record<string, unknown>;
  version: number;
  replaces_id: number | null;
  cnie_version: CnieVersion;
  data_cut_at: Date;
  classification: Classification;
  generated_by: number | null;
  generated_by_name: string | null;
  generated_at: Date;
  summary: Record<string, unknown>;
  /** The product a released version was made from; null for a generation. */
  derived_from_id: number | null;
  files: ProductFileInfo[];
}

export interface StoredFile extends ProductFileInfo {
  content: Uint8Array;
}

/** JSON with object keys sorted at every level (undefined members dropped): equal parameters, equal text. */
export function canonicalJson(value: unknown): string {
  const plain: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  const walk = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`;
    const obj = v as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${walk(obj[k])}`).join(',')}}`;
  };
  return walk(plain);
}

/** Order in which a product's files are listed: documents first, then data, then maps. */
const FORMAT_ORDER = ['xlsx', 'pdf', 'csv', 'json', 'png', 'svg', 'geojson', 'kml', 'zip'];

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('products as p')
    .innerJoin('report_types as t', 't.code', 'p.report_type')
    .leftJoin('users as u', 'u.id', 'p.generated_by')
    .select([
      'p.id', 'p.report_type', 't.name as report_name', 'p.period_key', 'p.params', 'p.version', 'p.replaces_id',
      'p.cnie_version', 'p.data_cut_at', 'p.classification', 'p.generated_by', 'u.display_name as generated_by_name',
      'p.generated_at', 'p.summary', 'p.derived_from_id',
    ]);
}

async function withFiles(db: Kysely<Database>, rows: Omit<Product, 'files'>[]): Promise<Product[]> {
  if (rows.length === 0) return [];
  const files = await db
    .selectFrom('product_files')
    .select(['product_id', 'format', 'file_name', 'media_type', 'size', 'sha256'])
    .where('product_id', 'in', rows.map((r) => r.id))
    .orderBy('product_id')
    .orderBy('format')
    .execute();
  const byProduct = new Map<number, ProductFileInfo[]>();
  for (const f of files) {
    const { product_id, ...info } = f;
    const id = Number(product_id);
    byProduct.set(id, [...(byProduct.get(id) ?? []), info]);
  }
  const rank = (f: ProductFileInfo) => (FORMAT_ORDER.indexOf(f.format) + 100) % 100;
  return rows.map((r) => ({ ...r, files: (byProduct.get(Number(r.id)) ?? []).sort((a, b) => rank(a) - rank(b)) }));
}

export async function listProducts(
  db: Kysely<Database>,
  filter: { type?: string; period?: string; classification?: Classification; limit?: number; derived?: 'exclude' | 'only'; derivedFrom?: number[] } = {},
): Promise<Product[]> {
  let q = baseQuery(db);
  if (filter.type) q = q.where('p.report_type', '=', filter.type);
  if (filter.classification) q = q.where('p.classification', '=', filter.classification);
  if (filter.period) q = q.where('p.period_key', '=', filter.period);
  if (filter.derived === 'exclude') q = q.where('p.derived_from_id', 'is', null);
  if (filter.derived === 'only') q = q.where('p.derived_from_id', 'is not', null);
  if (filter.derivedFrom) q = filter.derivedFrom.length ? q.where('p.derived_from_id', 'in', filter.derivedFrom) : q.where(sql<boolean>`false`);
  const rows = await q.orderBy('p.id', 'desc').limit(filter.limit ?? 100).execute();
  return withFiles(db, rows as Omit<Product, 'files'>[]);
}

export async function getProduct(db: Kysely<Database>, id: number): Promise<Product | undefined> {
  const row = await baseQuery(db).where('p.id', '=', id).executeTakeFirst();
  return row ? (await withFiles(db, [row as Omit<Product, 'files'>]))[0] : undefined;
}

/** One file of a product, with its bytes. */
export async function getProductFile(db: Kysely<Database>, id: number, format: string): Promise<StoredFile | undefined> {
  const row = await db
    .selectFrom('product_files')
    .select(['format', 'file_name', 'media_type', 'size', 'sha256', 'content'])
    .where('product_id', '=', id)
    .where('format', '=', format)
    .executeTakeFirst();
  return row ? { ...row, content: new Uint8Array(row.content) } : undefined;
}

/** The latest product of each report type (for the catalog page). */
export async function latestProducts(db: Kysely<Database>): Promise<Map<string, Product>> {
  const ids = await db
    .selectFrom('products')
    .select((eb) => ['report_type', eb.fn.max('id').as('id')])
    .groupBy('report_type')
    .execute();
  const out = new Map<string, Product>();
  if (ids.length === 0) return out;
  const rows = await baseQuery(db).where('p.id', 'in', ids.map((r) => Number(r.id))).execute();
  for (const p of await withFiles(db, rows as Omit<Product, 'files'>[])) out.set(p.report_type, p);
  return out;
}

export interface NewProduct {
  reportType: string;
  periodKey: string;
  params: Record<string, unknown>;
  paramsKey: string;
  cnieVersion: CnieVersion;
  dataCutAt: Date;
  classification: Classification;
  userId: number | null;
  actor: Actor;
  summary: Record<string, unknown>;
  /** Base of the file names, e.g. 'fese_2026-03_OAX'; the version and extension are appended. */
  fileBase: string;
  files: { format: ReportFormat; content: Uint8Array }[];
  /** The product a released version is made from. */
  derivedFromId?: number;
}

/**
 * Stores a new version of the series (type, period, parameters): version = last + 1, naming the last as the one it
 * replaces; files with their SHA-256; an audit entry; all in one transaction — the caller's, when given one (so that
 * what it records about the product commits with it), else its own.
 */
export async function storeProduct(db: Kysely<Database>, p: NewProduct): Promise<Product> {
  const write = async (trx: Kysely<Database>) => {
    const series = `${p.reportType}|${p.periodKey}|${p.paramsKey}`;
    await sql`SELECT pg_advisory_xact_lock(hashtext(${series}))::text AS locked`.execute(trx);
    const previous = await trx
      .selectFrom('products')
      .select(['id', 'version'])
      .where('report_type', '=', p.reportType)
      .where('period_key', '=', p.periodKey)
      .where('params_key', '=', p.paramsKey)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const version = (previous?.version ?? 0) + 1;
    const inserted = await trx
      .insertInto('products')
      .values({
        report_type: p.reportType,
        period_key: p.periodKey,
        params: JSON.stringify(p.params),
        params_key: p.paramsKey,
        version,
        replaces_id: previous ? Number(previous.id) : null,
        cnie_version: p.cnieVersion,
        data_cut_at: p.dataCutAt,
        classification: p.classification,
        generated_by: p.userId,
        summary: JSON.stringify(p.summary),
        derived_from_id: p.derivedFromId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const productId = Number(inserted.id);
    const files = p.files.map((f) => ({
      product_id: productId,
      format: f.format,
      file_name: `${p.fileBase}_v${version}.${f.format}`,
      media_type: MEDIA_TYPES[f.format],
      sha256: sha256Hex(f.content),
      size: f.content.byteLength,
      content: Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength),
    }));
    for (const f of files) await trx.insertInto('product_files').values(f).execute();
    await appendAudit(trx, {
      actorId: p.actor.id,
      actor: p.actor.username,
      ip: p.actor.ip ?? null,
      action: 'reports.product.generate',
      entity: 'product',
      entityId: productId,
      details: {
        reportType: p.reportType,
        period: p.periodKey,
        params: p.params,
        cnieVersion: p.cnieVersion,
        version,
        replaces: previous ? Number(previous.id) : null,
        ...(p.derivedFromId ? { derivedFrom: p.derivedFromId } : {}),
        files: files.map((f) => ({ format: f.format, sha256: f.sha256, size: f.size })),
      },
    });
    return productId;
  };
  const id = db.isTransaction ? await write(db) : await db.transaction().execute(write);
  return (await getProduct(db, id))!;
}
