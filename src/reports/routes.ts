// HTTP API of the reports: the catalog with what is built, the schedule's state, generation as a background job,
// jobs, products and their files (downloads audited), and the user's notifications. Registered by the server:
//   await app.register(reportRoutes, { database, config });
// which also starts the job worker and the scheduler in the server process (stopped when the app closes).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { accessErrorHandler, requireAuth, requirePermission } from '../access/plugin.ts';
import { PERMISSION_LABELS, can } from '../access/permissions.ts';
import { appendAudit } from '../access/audit.ts';
import type { Actor } from '../access/users.ts';
import { PERIODICITY_LABELS, ensureReportCatalog, listReportTypes, updateReportSchedule } from './catalog.ts';
import { ReportError, prepareGeneration } from './generate.ts';
import { generatorNamed } from './generators.ts';
import { enqueueJob, getJob } from './jobs.ts';
import { listNotifications, markNotificationRead } from './notifications.ts';
import { getProduct, getProductFile, latestProducts, listProducts, type Product } from './products.ts';
import { GENERATE_REPORT, LATE_AFTER_DAYS, scheduleStatus, startReportWorker, type PeriodicJob, type ReportWorker } from './scheduler.ts';
import { LocalTime } from '../util/local-time.ts';
import type { CnieVersion, ReportFormat } from './types.ts';

export interface ReportRoutesOptions {
  database: { db: Kysely<Database> };
  config: Config;
  /** The worker to wake after enqueuing; by default the plugin starts one (false: none, jobs wait). */
  worker?: ReportWorker | false;
  /** Other domains' periodic jobs for the worker this plugin starts (see PeriodicJob). */
  periodicJobs?: readonly PeriodicJob[];
}

const FORMATS = ['xlsx', 'pdf', 'csv', 'json', 'png', 'svg', 'geojson', 'kml', 'zip'];

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const errorBody = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
} as const;

function actorOf(req: FastifyRequest): Actor {
  return { id: req.user?.id ?? null, username: req.user?.username ?? 'anónimo', ip: req.ip };
}

export function productBody(p: Product) {
  return {
    id: p.id,
    reportType: p.report_type,
    reportName: p.report_name,
    period: p.period_key,
    params: p.params,
    version: p.version,
    replacesId: p.replaces_id,
    cnieVersion: p.cnie_version,
    dataCutAt: p.data_cut_at,
    classification: p.classification,
    generatedBy: p.generated_by,
    generatedByName: p.generated_by_name,
    generatedAt: p.generated_at,
    summary: p.summary,
    derivedFromId: p.derived_from_id,
    files: p.files.map((f) => ({ format: f.format, fileName: f.file_name, mediaType: f.media_type, size: f.size, sha256: f.sha256 })),
  };
}

/** The parameter names a generator's schema declares (for the web form: center, group…). */
function paramKeysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

function reportErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ReportError) return reply.code(err.status).send({ code: err.code, message: err.message });
  return accessErrorHandler(err, req, reply);
}

export async function reportRoutes(app: FastifyInstance, opts: ReportRoutesOptions): Promise<void> {
  const { db } = opts.database;
  const { config } = opts;
  const read = requirePermission('reports.read');
  const generate = requirePermission('reports.generate');
  // The catalog of data/reports/catalog.json reaches the table on start (new types, renamed ones, new generators).
  await ensureReportCatalog(db);
  const worker = opts.worker === undefined ? startReportWorker(opts.database, config, { log: (m) => app.log.warn(m), periodic: opts.periodicJobs }) : opts.worker;
  if (opts.worker === undefined && worker) app.addHook('onClose', async () => worker.stop());
  app.setErrorHandler(reportErrorHandler);

  /** Report types whose generator asks for a permission the user lacks: neither generated nor seen by them. */
  async function hiddenTypes(req: FastifyRequest): Promise<Map<string, string>> {
    const hidden = new Map<string, string>();
    for (const t of await listReportTypes(db)) {
      const perm = (await generatorNamed(t.generator))?.permission;
      if (perm && !can(req.user, perm)) hidden.set(t.code, PERMISSION_LABELS[perm]);
    }
    return hidden;
  }
  async function assertVisible(req: FastifyRequest, type: string) {
    const label = (await hiddenTypes(req)).get(type);
    if (label) throw new ReportError('sin_permiso', `No tiene permiso para ${label}.`, 403);
  }

  app.get(
    '/api/reports/types',
    { preValidation: read, schema: { summary: 'Catálogo de reportes de la directiva 1.2.8, con los disponibles y su último producto', tags: ['reportes'] } },
    async (req) => {
      const types = await listReportTypes(db);
      const latest = await latestProducts(db);
      const hidden = await hiddenTypes(req);
      const out = [];
      for (const t of types) {
        const generator = await generatorNamed(t.generator);
        const allowed = !hidden.has(t.code);
        const last = allowed ? latest.get(t.code) : undefined;
        out.push({
          code: t.code,
          name: t.name,
          area: t.area,
          internal: t.internal,
          external: t.external,
          beneficiaries: t.beneficiaries,
          periodicity: t.periodicity,
          periodicityLabel: PERIODICITY_LABELS[t.periodicity],
          formats: t.formats,
          built: generator !== undefined,
          allowed,
          periodKinds: generator ? [...generator.periodKinds] : [],
          paramKeys: generator ? paramKeysOf(generator.params) : [],
          defaultClassification: t.default_classification,
          scheduleDay: t.schedule_day,
          active: t.active,
          lastProduct: last ? { id: last.id, period: last.period_key, version: last.version, generatedAt: last.generated_at } : null,
        });
      }
      return { types: out };
    },
  );

  app.patch<{ Params: { code: string }; Body: { scheduleDay?: number; active?: boolean } }>(
    '/api/reports/types/:code',
    {
      preValidation: requirePermission('reference.edit'),
      schema: {
        summary: 'Día del mes de la generación programada y activación de un tipo de reporte',
        tags: ['reportes'],
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 100 } } },
        body: {
          type: 'object',
          properties: { scheduleDay: { type: 'integer', minimum: 1, maximum: 28 }, active: { type: 'boolean' } },
        },
      },
    },
    async (req) => {
      const before = (await listReportTypes(db)).find((t) => t.code === req.params.code);
      if (!before) throw new ReportError('reporte_desconocido', `No existe el tipo de reporte «${req.params.code}».`, 404);
      const updated = await db.transaction().execute(async (trx) => {
        const t = await updateReportSchedule(trx, req.params.code, req.body);
        const actor = actorOf(req);
        await appendAudit(trx, {
          actorId: actor.id,
          actor: actor.username,
          ip: actor.ip,
          action: 'reports.type.update',
          entity: 'report_type',
          entityId: req.params.code,
          details: { before: { scheduleDay: before.schedule_day, active: before.active }, change: req.body },
        });
        return t!;
      });
      return { code: updated.code, scheduleDay: updated.schedule_day, active: updated.active };
    },
  );

  app.get(
    '/api/reports/schedule',
    { preValidation: read, schema: { summary: 'Estado de la generación programada por tipo de reporte: al día, pendiente, atrasado o fallido', tags: ['reportes'] } },
    async () => {
      const now = new Date();
      return {
        today: new LocalTime(config.timeZone).dayAndHour(now).date,
        lateAfterDays: LATE_AFTER_DAYS,
        rows: await scheduleStatus(db, config, now),
      };
    },
  );

  app.post<{ Body: { type: string; period: string; params?: Record<string, unknown>; cnieVersion?: CnieVersion; formats?: ReportFormat[] } }>(
    '/api/reports/generate',
    {
      preValidation: generate,
      schema: {
        summary: 'Genera una nueva versión de un reporte en segundo plano; responde con el trabajo',
        tags: ['reportes'],
        body: {
          type: 'object',
          required: ['type', 'period'],
          properties: {
            type: { type: 'string', minLength: 1, maxLength: 100 },
            period: { type: 'string', minLength: 4, maxLength: 10, description: '2026-03, 2026-Q1 o 2026-H1' },
            params: { type: 'object', additionalProperties: true, description: 'parámetros del reporte, p. ej. center o group' },
            cnieVersion: { type: 'string', enum: ['2', '3'] },
            formats: { type: 'array', items: { type: 'string', enum: FORMATS }, uniqueItems: true },
          },
        },
        response: { 202: { type: 'object', properties: { jobId: { type: 'integer' } } }, '4xx': errorBody },
      },
    },
    async (req, reply) => {
      const b = req.body;
      // Everything that can be refused is refused now, with its message, not later in the job.
      await assertVisible(req, b.type);
      const prep = await prepareGeneration(db, { type: b.type, period: b.period, params: b.params, cnieVersion: b.cnieVersion, formats: b.formats });
      const job = await enqueueJob(db, {
        kind: GENERATE_REPORT,
        requestedBy: req.user!.id,
        payload: {
          type: prep.reportType.code,
          period: prep.period.key,
          params: prep.params,
          cnieVersion: prep.cnieVersion,
          ...(b.formats ? { formats: prep.formats } : {}),
          actor: actorOf(req),
        },
      });
      if (worker) worker.wake();
      return reply.code(202).send({ jobId: job.id });
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/jobs/:id',
    { preValidation: read, schema: { summary: 'Estado de un trabajo en segundo plano', tags: ['reportes'], params: idParams } },
    async (req) => {
      const job = await getJob(db, req.params.id);
      if (!job) throw new ReportError('trabajo_no_encontrado', 'No existe ese trabajo.', 404);
      return {
        id: job.id,
        kind: job.kind,
        status: job.status,
        attempts: job.attempts,
        maxAttempts: job.max_attempts,
        lastError: job.last_error,
        productId: typeof job.result?.productId === 'number' ? job.result.productId : null,
        createdAt: job.created_at,
        finishedAt: job.finished_at,
        runAfter: job.run_after,
      };
    },
  );

  app.get<{ Querystring: { type?: string; period?: string; limit?: number; derived?: 'exclude' | 'only' } }>(
    '/api/products',
    {
      preValidation: read,
      schema: {
        summary: 'Productos generados, del más reciente al más antiguo',
        tags: ['reportes'],
        querystring: {
          type: 'object',
          properties: {
            type: { type: 'string', maxLength: 100 },
            period: { type: 'string', maxLength: 10 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            derived: { type: 'string', enum: ['exclude', 'only'], description: 'sin (exclude) o solo (only) las versiones públicas y reservadas' },
          },
        },
      },
    },
    async (req) => {
      const hidden = await hiddenTypes(req);
      return { products: (await listProducts(db, req.query)).filter((p) => !hidden.has(p.report_type)).map(productBody) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/products/:id',
    { preValidation: read, schema: { summary: 'Un producto con sus archivos', tags: ['reportes'], params: idParams } },
    async (req) => {
      const product = await getProduct(db, req.params.id);
      if (!product) throw new ReportError('producto_no_encontrado', 'No existe ese producto.', 404);
      await assertVisible(req, product.report_type);
      return productBody(product);
    },
  );

  app.get<{ Params: { id: number; format: string } }>(
    '/api/products/:id/files/:format',
    {
      preValidation: read,
      schema: {
        summary: 'Descarga un archivo de un producto (queda en la bitácora)',
        tags: ['reportes'],
        params: {
          type: 'object',
          required: ['id', 'format'],
          properties: { id: { type: 'integer', minimum: 1 }, format: { type: 'string', enum: FORMATS } },
        },
      },
    },
    async (req, reply) => {
      const owner = await getProduct(db, req.params.id);
      if (owner) await assertVisible(req, owner.report_type);
      const file = await getProductFile(db, req.params.id, req.params.format);
      if (!file) throw new ReportError('archivo_no_encontrado', 'El producto no tiene un archivo en ese formato.', 404);
      const actor = actorOf(req);
      await appendAudit(db, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip,
        action: 'reports.product.download',
        entity: 'product',
        entityId: req.params.id,
        details: { format: file.format, sha256: file.sha256 },
      });
      return reply
        .header('content-type', file.media_type)
        .header('content-disposition', `attachment; filename="${file.file_name.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
        .header('x-content-sha256', file.sha256)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/notifications',
    {
      preValidation: requireAuth,
      schema: {
        summary: 'Mis avisos, los no leídos primero',
        tags: ['avisos'],
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200 } } },
      },
    },
    async (req) => listNotifications(db, req.user!.id, req.query.limit),
  );

  app.post<{ Params: { id: number } }>(
    '/api/notifications/:id/read',
    { preValidation: requireAuth, schema: { summary: 'Marca un aviso como leído', tags: ['avisos'], params: idParams } },
    async (req) => {
      const ok = await markNotificationRead(db, req.user!.id, req.params.id);
      if (!ok) throw new ReportError('aviso_no_encontrado', 'No existe ese aviso.', 404);
      return { ok: true };
    },
  );
}
