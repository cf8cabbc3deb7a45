// Preparing a product to leave the center: the figures of the product are computed again from the rollups, checked
// to be the very figures of the product (one of its files is rendered again and must have its SHA-256), passed
// through the generator's disclosure pass, rendered with the release's mark and notes, and stored as an immutable
// product of its own that names the product it comes from, with the redaction list beside it. The same request
// is prepared once: asking again returns the version already prepared.
import { sql, type Kysely } from 'kysely';
import { loadConfig, type Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import { SYSTEM_ACTOR, type Actor } from '../../access/users.ts';
import {
  ReportError,
  fileBase,
  generatorNamed,
  getProduct,
  getProductFile,
  prepareGeneration,
  productMeta,
  sha256Hex,
  storeProduct,
  type ProductMeta,
  type ReportFormat,
} from '../../reports/index.ts';
import { AUDIENCE_LABELS, disclosureRules, productDisclosure, releaseClassificationLabel, releaseKey, releaseRefusal, releaseSeriesKey, type ReleaseRequest } from './rules.ts';
import { currentClassifications, recordRelease, releaseByKey, replacementOf } from './store.ts';

export interface PrepareOptions extends ReleaseRequest {
  /** Who asks (for the product's author and the audit log); the system when left out. */
  actor?: Actor;
  config?: Config;
}

/** A release refused, with a stable code and a Spanish message (the routes answer with `status`). */
export class ReleaseError extends ReportError {
  override name = 'ReleaseError';
}

/** Formats whose rendering is cheap, in the order they are tried to check that the figures have not changed. */
const CHECK_FORMATS: ReportFormat[] = ['json', 'csv', 'geojson', 'kml', 'svg', 'xlsx', 'pdf'];

/**
 * Returns the id of the product version to send for `productId` to `audience`: a versión pública, or a versión
 * reservada (for `agencyId`, with callers' phones only if `allowPhones` and the report requires them). Refuses an
 * internal product, a superseded one, one whose data changed since it was generated, and a report without a
 * disclosure pass, each with a Spanish message.
 */
export async function prepareForRelease(db: Kysely<Database>, productId: number, opts: PrepareOptions): Promise<number> {
  return (await prepareRelease(db, productId, opts)).productId;
}

/** As prepareForRelease, also saying whether an earlier preparation was reused. */
export async function prepareRelease(db: Kysely<Database>, productId: number, opts: PrepareOptions): Promise<{ productId: number; reused: boolean }> {
  const config = opts.config ?? loadConfig();
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const req: ReleaseRequest = { audience: opts.audience, agencyId: opts.agencyId ?? null, allowPhones: opts.allowPhones === true };
  const source = await getProduct(db, productId);
  if (!source) throw new ReleaseError('producto_no_encontrado', `No existe el producto ${productId}.`, 404);
  const prep = await prepareGeneration(db, { type: source.report_type, period: source.period_key, params: source.params, cnieVersion: source.cnie_version });
  const generator = await generatorNamed(prep.reportType.generator);
  const classification = (await currentClassifications(db, [source.id])).get(source.id)!;
  const refusal = releaseRefusal(
    {
      id: source.id,
      version: source.version,
      reportCode: source.report_type,
      reportName: source.report_name,
      classification,
      derivedFromId: source.derived_from_id,
      replacedBy: await replacementOf(db, source.id),
      canDisclose: typeof generator?.disclose === 'function',
    },
    req,
  );
  if (refusal) throw new ReleaseError(refusal.code, refusal.message, refusal.status);

  const key = releaseKey(source.id, req);
  const earlier = await releaseByKey(db, key);
  if (earlier) return { productId: earlier.productId, reused: true };

  // The figures again, and proof that they are the product's.
  const meta = await productMeta(db, config, prep);
  const data = await prep.generator.compute({ db, config, period: prep.period, params: prep.params, cnieVersion: prep.cnieVersion });
  const formats = source.files.map((f) => f.format as ReportFormat);
  const probe = CHECK_FORMATS.find((f) => formats.includes(f)) ?? formats[0]!;
  const stored = await getProductFile(db, source.id, probe);
  const again = await prep.generator.render(data, probe, meta);
  if (!stored || sha256Hex(again) !== stored.sha256) {
    throw new ReleaseError(
      'datos_cambiaron',
      `Las cifras de ${prep.period.label} cambiaron desde que se generó el producto ${source.id} (versión ${source.version}): ` +
        'genere una nueva versión del reporte y prepare la versión para salir del centro a partir de ella.',
      409,
    );
  }

  const rules = disclosureRules(req);
  const disclosed = prep.generator.disclose!(data, rules);
  const disclosure = productDisclosure(disclosed, { audience: req.audience, sourceId: source.id, sourceVersion: source.version, stateCode: config.stateCode, allowPhones: rules.allowPhones });
  const releaseMeta: ProductMeta = { ...meta, classificationLabel: releaseClassificationLabel(req.audience), disclosure };
  const files: { format: ReportFormat; content: Uint8Array }[] = [];
  for (const format of formats) files.push({ format, content: await prep.generator.render(disclosed.data, format, releaseMeta) });

  return db.transaction().execute(async (trx) => {
    // One preparation per request even when two arrive together: the second waits and finds the first.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`release:${key}`}))::text AS locked`.execute(trx);
    const raced = await releaseByKey(trx, key);
    if (raced) return { productId: raced.productId, reused: true };
    const product = await storeProduct(trx, {
      reportType: source.report_type,
      periodKey: source.period_key,
      params: source.params,
      paramsKey: releaseSeriesKey(prep.paramsKey, req),
      cnieVersion: source.cnie_version,
      dataCutAt: source.data_cut_at,
      classification: req.audience,
      userId: actor.id,
      actor,
      summary: { ...prep.generator.summary(disclosed.data), redacciones: disclosure.redactions.length },
      fileBase: `${fileBase(source.report_type, source.period_key, source.params, source.cnie_version)}_${req.audience === 'public' ? 'version-publica' : 'reservado'}`,
      files,
      derivedFromId: source.id,
    });
    await recordRelease(trx, {
      productId: product.id,
      sourceProductId: source.id,
      audience: req.audience,
      agencyId: req.audience === 'restricted' ? (req.agencyId ?? null) : null,
      allowPhones: rules.allowPhones,
      requestKey: key,
      rules,
      disclosure,
      preparedBy: actor.id,
    });
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'distribution.release.prepare',
      entity: 'product',
      entityId: product.id,
      details: {
        source: source.id,
        audience: req.audience,
        agencyId: req.audience === 'restricted' ? (req.agencyId ?? null) : null,
        allowPhones: rules.allowPhones,
        minCount: rules.minCount,
        redactions: disclosure.redactions.length,
        label: AUDIENCE_LABELS[req.audience],
        files: product.files.map((f) => ({ format: f.format, sha256: f.sha256 })),
      },
    });
    return { productId: product.id, reused: false };
  });
}
