// HTTP API of classification and disclosure control, registered by the server:
//   await app.register(disclosureRoutes, { db, config });
// A product's classification with its history and the versions released from it (with their redactions); the
// director general's change of classification, with its reason; preparing a versión pública or reservada; the
// registry of field classifications.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { accessErrorHandler, requirePermission } from '../../access/plugin.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { CLASSIFICATION_LABELS, ReportError, getProduct, getReportType, listProducts, productBody, type Audience, type Product } from '../../reports/index.ts';
import type { Classification } from '../../reports/tables.ts';
import { CLASSIFICATION_NAMES, reportFields } from './registry.ts';
import { prepareRelease } from './release.ts';
import { AUDIENCE_LABELS, classificationChangeRefusal, MIN_REASON_LENGTH } from './rules.ts';
import { classificationChanges, currentClassifications, recordClassificationChange, releasesFrom, type ReleaseRecord } from './store.ts';

export interface DisclosureRoutesOptions {
  db: Kysely<Database>;
  config: Config;
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const errorBody = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } as const;

function actorOf(req: FastifyRequest): Actor {
  return { id: req.user?.id ?? null, username: req.user?.username ?? 'anónimo', ip: req.ip };
}

function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ReportError) return reply.code(err.status).send({ code: err.code, message: err.message });
  return accessErrorHandler(err, req, reply);
}

function releaseBody(r: ReleaseRecord, product: Product | undefined) {
  return {
    productId: r.productId,
    audience: r.audience,
    audienceLabel: AUDIENCE_LABELS[r.audience],
    agencyId: r.agencyId,
    allowPhones: r.allowPhones,
    minCount: r.rules.minCount,
    preparedBy: r.preparedBy,
    preparedByName: r.preparedByName,
    preparedAt: r.preparedAt,
    mark: r.disclosure.mark,
    methodology: r.disclosure.methodology,
    redactions: r.disclosure.redactions,
    legalBasis: r.disclosure.legalBasis,
    product: product ? productBody(product) : null,
  };
}

export async function disclosureRoutes(app: FastifyInstance, opts: DisclosureRoutesOptions): Promise<void> {
  const { db, config } = opts;
  app.setErrorHandler(errorHandler);

  app.get<{ Querystring: { ids: number[] } }>(
    '/api/disclosure/products',
    {
      preValidation: requirePermission('reports.read'),
      schema: {
        summary: 'Clasificación vigente de cada producto, sus cambios y las versiones públicas y reservadas preparadas de él',
        tags: ['divulgación'],
        querystring: {
          type: 'object',
          required: ['ids'],
          properties: { ids: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: 500 } },
        },
      },
    },
    async (req) => {
      const ids = [...new Set(req.query.ids)];
      const [current, changes, released] = await Promise.all([currentClassifications(db, ids), classificationChanges(db, ids), releasesFrom(db, ids)]);
      const products = new Map((await listProducts(db, { derivedFrom: ids, limit: 500 })).map((p) => [p.id, p]));
      return {
        products: ids
          .filter((id) => current.has(id))
          .map((id) => ({
            id,
            classification: current.get(id)!,
            classificationLabel: CLASSIFICATION_LABELS[current.get(id)!],
            changes: changes.filter((c) => c.productId === id),
            releases: released.filter((r) => r.sourceProductId === id).map((r) => releaseBody(r, products.get(r.productId))),
          })),
      };
    },
  );

  app.post<{ Params: { id: number }; Body: { classification: Classification; reason: string } }>(
    '/api/products/:id/classification',
    {
      preValidation: requirePermission('distribution.classify'),
      schema: {
        summary: 'Cambia la clasificación de un producto (solo la Dirección General), con un motivo que queda registrado',
        tags: ['divulgación'],
        params: idParams,
        body: {
          type: 'object',
          required: ['classification', 'reason'],
          properties: {
            classification: { type: 'string', enum: ['internal', 'restricted', 'public'] },
            reason: { type: 'string', maxLength: 2000 },
          },
        },
        response: { '4xx': errorBody },
      },
    },
    async (req) => {
      const product = await getProduct(db, req.params.id);
      if (!product) throw new ReportError('producto_no_encontrado', 'No existe ese producto.', 404);
      const actor = actorOf(req);
      return db.transaction().execute(async (trx) => {
        // Serialised per product, so that two changes at once each start from the classification the other left.
        await trx.selectFrom('products').select('id').where('id', '=', product.id).forUpdate().executeTakeFirst();
        const from = (await currentClassifications(trx, [product.id])).get(product.id)!;
        const refusal = classificationChangeRefusal({ id: product.id, classification: from, derivedFromId: product.derived_from_id }, req.body.classification, req.body.reason);
        if (refusal) throw new ReportError(refusal.code, refusal.message, refusal.status);
        const to = req.body.classification;
        const changeId = await recordClassificationChange(trx, { productId: product.id, from, to, reason: req.body.reason, changedBy: actor.id });
        await appendAudit(trx, {
          actorId: actor.id,
          actor: actor.username,
          ip: actor.ip,
          action: 'distribution.product.classify',
          entity: 'product',
          entityId: product.id,
          details: { from, to, reason: req.body.reason.trim(), change: changeId },
        });
        return { id: product.id, classification: to, classificationLabel: CLASSIFICATION_LABELS[to], previous: from };
      });
    },
  );

  app.post<{ Params: { id: number }; Body: { audience: Audience; agencyId?: number; allowPhones?: boolean } }>(
    '/api/products/:id/releases',
    {
      preValidation: requirePermission('distribution.prepare'),
      schema: {
        summary: 'Prepara la versión pública o reservada de un producto (o devuelve la ya preparada con los mismos parámetros)',
        tags: ['divulgación'],
        params: idParams,
        body: {
          type: 'object',
          required: ['audience'],
          properties: {
            audience: { type: 'string', enum: ['public', 'restricted'] },
            agencyId: { type: 'integer', minimum: 1 },
            allowPhones: { type: 'boolean' },
          },
        },
        response: { '4xx': errorBody },
      },
    },
    async (req, reply) => {
      const result = await prepareRelease(db, req.params.id, { ...req.body, actor: actorOf(req), config });
      return reply.code(result.reused ? 200 : 201).send(result);
    },
  );

  app.get<{ Params: { code: string } }>(
    '/api/disclosure/fields/:code',
    {
      preValidation: requirePermission('reports.read'),
      schema: {
        summary: 'Los campos que puede llevar un tipo de reporte, con su clasificación (dato personal, reservado, público)',
        tags: ['divulgación'],
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 100 } } },
      },
    },
    async (req) => {
      const type = await getReportType(db, req.params.code);
      if (!type) throw new ReportError('reporte_desconocido', `No existe el tipo de reporte «${req.params.code}».`, 404);
      return {
        code: type.code,
        defaultClassification: type.default_classification,
        minReasonLength: MIN_REASON_LENGTH,
        fields: reportFields(type.code).map((f) => ({ ...f, classificationLabel: CLASSIFICATION_NAMES[f.classification] })),
      };
    },
  );
}
