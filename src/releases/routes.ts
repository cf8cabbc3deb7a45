// HTTP API of the releases: the official accounts, images, the releases with their versions and trail, each step of
// the workflow as its own route (the workflow decides by role and area; the route guards by permission first), and
// (what waits for each person is one of the sources of distribution/queue.ts). Registered by the server: await app.register(releaseRoutes, { db }).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { accessErrorHandler, requireAnyPermission, requirePermission } from '../access/plugin.ts';
import { AREA_LABELS } from '../access/permissions.ts';
import type { SessionUser } from '../access/sessions.ts';
import { CLASSIFICATION_LABELS } from '../reports/catalog.ts';
import { listProducts } from '../reports/products.ts';
import { NETWORKS, NETWORK_CODES, deactivateAccount, listAccounts, registerAccount } from './accounts.ts';
import { BODY_MAX, COMMENTS_MAX, MAX_IMAGES, MAX_PRODUCTS, TITLE_MAX, type ReleaseContent } from './content.ts';
import { ReleaseError } from './errors.ts';
import { IMAGE_MAX_BYTES } from './images.ts';
import {
  createRelease,
  editRelease,
  getRelease,
  getReleaseVersion,
  imageSourceAreas,
  listReleases,
  publishRelease,
  releaseSourceAreas,
  transitionRelease,
  type ReleaseActor,
  type ReleaseDetail,
  type Transition,
} from './store.ts';
import { getImage, storeImage } from './uploads.ts';
import { RELEASE_STATES, SOURCE_AREAS, allowedActions, mayRead, readsEveryRelease, type ReleaseState } from './workflow.ts';

export interface ReleaseRoutesOptions {
  db: Kysely<Database>;
}

const TAGS = ['comunicados'];

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

const contentProperties = {
  title: { type: 'string', maxLength: TITLE_MAX * 2 },
  body: { type: 'string', maxLength: BODY_MAX * 2 },
  sourceArea: { type: ['string', 'null'], maxLength: 20 },
  exception: { type: 'boolean' },
  exceptionReason: { type: ['string', 'null'], maxLength: 4000 },
  targets: {
    type: 'array',
    maxItems: 20,
    items: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string', enum: ['press', 'radio_tv', 'social'] }, accountId: { type: ['integer', 'null'], minimum: 1 } },
    },
  },
  imageIds: { type: 'array', maxItems: MAX_IMAGES * 2, items: { type: 'integer', minimum: 1 } },
  productIds: { type: 'array', maxItems: MAX_PRODUCTS * 2, items: { type: 'integer', minimum: 1 } },
} as const;
const contentRequired = ['title', 'body', 'targets'];

type ContentBody = Partial<ReleaseContent> & Pick<ReleaseContent, 'title' | 'body' | 'targets'>;

const content = (b: ContentBody): ReleaseContent => ({
  title: b.title,
  body: b.body,
  sourceArea: b.sourceArea ?? null,
  exception: b.exception ?? false,
  exceptionReason: b.exceptionReason ?? null,
  targets: b.targets,
  imageIds: b.imageIds ?? [],
  productIds: b.productIds ?? [],
});

const revisionBody = (extra: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['revision', ...required],
  properties: { revision: { type: 'integer', minimum: 1 }, comments: { type: ['string', 'null'], maxLength: COMMENTS_MAX * 2 }, ...extra },
});

function actorOf(req: FastifyRequest): ReleaseActor {
  const u = req.user as SessionUser;
  return { id: u.id, username: u.username, roles: u.roles, area_code: u.area_code, permissions: u.permissions, ip: req.ip };
}

function detailBody(d: ReleaseDetail, user: SessionUser) {
  const { facts, ...rest } = d;
  return { ...rest, allowedActions: allowedActions(facts, user) };
}

const OTHER_AREA = new ReleaseError('comunicado_de_otra_area', 'Este comunicado no se hizo con información de su área: solo lo consultan Comunicación Social, Jurídico, la Dirección General y la dirección del área que la proporcionó.', 403);

function releaseErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ReleaseError) return reply.code(err.status).send({ code: err.code, message: err.message });
  return accessErrorHandler(err, req, reply);
}

export async function releaseRoutes(app: FastifyInstance, opts: ReleaseRoutesOptions): Promise<void> {
  const { db } = opts;
  const read = requirePermission('releases.read');
  const draft = requirePermission('releases.draft');
  const manageAccounts = requirePermission('releases.accounts');
  const review = requireAnyPermission(['distribution.approve', 'distribution.legal_review']);
  app.setErrorHandler(releaseErrorHandler);

  /** Refuses a release that the person may not read (an area's director reads only their area's releases). */
  async function mustRead(req: FastifyRequest, id: number) {
    const areas = await releaseSourceAreas(db, id);
    if (areas.length === 0) throw new ReleaseError('comunicado_no_encontrado', 'No existe ese comunicado.', 404);
    if (!mayRead(req.user!, areas)) throw OTHER_AREA;
  }

  async function detail(req: FastifyRequest, id: number) {
    await mustRead(req, id);
    const d = await getRelease(db, id);
    if (!d) throw new ReleaseError('comunicado_no_encontrado', 'No existe ese comunicado.', 404);
    return detailBody(d, req.user!);
  }

  // ---- Official accounts

  app.get<{ Querystring: { all?: boolean } }>(
    '/api/releases/accounts',
    {
      preValidation: requireAnyPermission(['releases.read', 'releases.accounts']),
      schema: { summary: 'Cuentas oficiales de redes sociales registradas', tags: TAGS, querystring: { type: 'object', properties: { all: { type: 'boolean' } } } },
    },
    async (req) => ({
      accounts: await listAccounts(db, { activeOnly: !req.query.all }),
      networks: NETWORK_CODES.map((code) => ({ code, label: NETWORKS[code].label, hosts: NETWORKS[code].hosts })),
    }),
  );

  app.post<{ Body: { network: string; name: string; handle: string; url: string } }>(
    '/api/releases/accounts',
    {
      preValidation: manageAccounts,
      schema: {
        summary: 'Registra una cuenta oficial de red social',
        tags: TAGS,
        body: {
          type: 'object',
          required: ['network', 'name', 'handle', 'url'],
          properties: {
            network: { type: 'string', maxLength: 40 },
            name: { type: 'string', maxLength: 400 },
            handle: { type: 'string', maxLength: 200 },
            url: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (req, reply) => {
      const account = await registerAccount(db, actorOf(req), req.body);
      return reply.code(201).send({ account });
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/releases/accounts/:id/deactivate',
    { preValidation: manageAccounts, schema: { summary: 'Da de baja una cuenta oficial', tags: TAGS, params: idParams } },
    async (req) => ({ account: await deactivateAccount(db, actorOf(req), req.params.id) }),
  );

  // ---- Images and what a draft may use

  app.post(
    '/api/releases/images',
    { preValidation: draft, schema: { summary: 'Sube una imagen (multipart, un archivo PNG, JPEG o WebP de hasta 5 MB)', tags: TAGS, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      if (!req.isMultipart()) throw new ReleaseError('falta_archivo', 'Adjunte la imagen como archivo (multipart/form-data).');
      const part = await req.file({ limits: { fileSize: IMAGE_MAX_BYTES } });
      if (!part) throw new ReleaseError('falta_archivo', 'Adjunte la imagen.');
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new ReleaseError('imagen_muy_grande', `La imagen «${part.filename}» pesa más de ${IMAGE_MAX_BYTES / 1024 / 1024} MB.`, 413);
        }
        throw err;
      }
      const image = await storeImage(db, actorOf(req), part.filename, bytes);
      return reply.code(201).send({ image });
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/releases/images/:id',
    { preValidation: read, schema: { summary: 'Una imagen de un comunicado', tags: TAGS, params: idParams } },
    async (req, reply) => {
      const image = await getImage(db, req.params.id);
      if (!image) throw new ReleaseError('imagen_no_encontrada', 'No existe esa imagen.', 404);
      if (!readsEveryRelease(req.user!) && !mayRead(req.user!, await imageSourceAreas(db, req.params.id))) throw OTHER_AREA;
      return reply
        .header('content-type', image.mediaType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('x-content-sha256', image.sha256)
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(Buffer.from(image.content.buffer, image.content.byteOffset, image.content.byteLength));
    },
  );

  app.get(
    '/api/releases/editor-options',
    { preValidation: draft, schema: { summary: 'Lo que se puede elegir al redactar: áreas que proporcionan información, cuentas oficiales activas y productos públicos', tags: TAGS } },
    async () => ({
      sourceAreas: SOURCE_AREAS.map((code) => ({ code, name: AREA_LABELS[code] })),
      accounts: await listAccounts(db, { activeOnly: true }),
      products: (await listProducts(db, { classification: 'public', limit: 200 })).map((p) => ({
        id: p.id,
        reportName: p.report_name,
        period: p.period_key,
        version: p.version,
        classificationLabel: CLASSIFICATION_LABELS[p.classification],
        generatedAt: p.generated_at,
      })),
    }),
  );

  // ---- Releases

  app.get<{ Querystring: { state?: ReleaseState; open?: boolean; limit?: number } }>(
    '/api/releases',
    {
      preValidation: read,
      schema: {
        summary: 'Comunicados, del más recientemente cambiado al más antiguo',
        tags: TAGS,
        querystring: {
          type: 'object',
          properties: { state: { type: 'string', enum: [...RELEASE_STATES] }, open: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 500 } },
        },
      },
    },
    async (req) => ({ releases: await listReleases(db, { ...req.query, ...(readsEveryRelease(req.user!) ? {} : { sourceArea: req.user!.area_code }) }) }),
  );

  app.post<{ Body: ContentBody }>(
    '/api/releases',
    { preValidation: draft, schema: { summary: 'Redacta un comunicado nuevo (versión 1, en redacción)', tags: TAGS, body: { type: 'object', required: contentRequired, properties: contentProperties } } },
    async (req, reply) => {
      const id = await createRelease(db, actorOf(req), content(req.body));
      return reply.code(201).send(await detail(req, id));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/releases/:id',
    { preValidation: read, schema: { summary: 'Un comunicado: su versión vigente, su ruta de filtros, sus versiones y su historial', tags: TAGS, params: idParams } },
    async (req) => detail(req, req.params.id),
  );

  app.get<{ Params: { id: number; version: number } }>(
    '/api/releases/:id/versions/:version',
    {
      preValidation: read,
      schema: {
        summary: 'El contenido de una versión de un comunicado',
        tags: TAGS,
        params: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'integer', minimum: 1 }, version: { type: 'integer', minimum: 1 } } },
      },
    },
    async (req) => {
      await mustRead(req, req.params.id);
      const v = await getReleaseVersion(db, req.params.id, req.params.version);
      if (!v) throw new ReleaseError('version_no_encontrada', 'El comunicado no tiene esa versión.', 404);
      return v;
    },
  );

  app.put<{ Params: { id: number }; Body: ContentBody & { revision: number; comments?: string | null } }>(
    '/api/releases/:id',
    {
      preValidation: draft,
      schema: {
        summary: 'Corrige el contenido: una versión nueva que vuelve a redacción y pasa de nuevo por todos los filtros',
        tags: TAGS,
        params: idParams,
        body: { ...revisionBody(contentProperties, contentRequired) },
      },
    },
    async (req) => {
      await editRelease(db, actorOf(req), req.params.id, req.body.revision, content(req.body), { comments: req.body.comments });
      return detail(req, req.params.id);
    },
  );

  const step = (path: string, action: Transition, guard: typeof read, summary: string, requiredComments: boolean) =>
    app.post<{ Params: { id: number }; Body: { revision: number; comments?: string | null } }>(
      `/api/releases/:id/${path}`,
      { preValidation: guard, schema: { summary, tags: TAGS, params: idParams, body: revisionBody({}, requiredComments ? ['comments'] : []) } },
      async (req) => {
        await transitionRelease(db, actorOf(req), req.params.id, { action, revision: req.body.revision, comments: req.body.comments });
        return detail(req, req.params.id);
      },
    );
  step('submit', 'submit', draft, 'Envía el comunicado a su primer filtro (validación del área, o Jurídico si es excepción)', false);
  step('approve', 'approve', review, 'Aprueba en el filtro en que está el comunicado (validación, revisión jurídica o Dirección General)', false);
  step('return', 'return', review, 'Devuelve el comunicado a Comunicación Social con observaciones', true);
  step('withdraw', 'withdraw', draft, 'Retira el comunicado antes de publicarlo, con su motivo', true);

  app.post<{ Params: { id: number }; Body: { revision: number; position: number; url?: string | null; medium?: string | null; reference?: string | null; publishedAt?: string | null } }>(
    '/api/releases/:id/publish',
    {
      preValidation: requirePermission('distribution.publish'),
      schema: {
        summary: 'Registra la publicación de la versión aprobada en uno de sus destinos: dónde, cuándo, quién y su dirección',
        tags: TAGS,
        params: idParams,
        body: {
          type: 'object',
          required: ['revision', 'position'],
          properties: {
            revision: { type: 'integer', minimum: 1 },
            position: { type: 'integer', minimum: 1 },
            url: { type: ['string', 'null'], maxLength: 2000 },
            medium: { type: ['string', 'null'], maxLength: 500 },
            reference: { type: ['string', 'null'], maxLength: 500 },
            publishedAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
      },
    },
    async (req) => {
      const b = req.body;
      await publishRelease(db, actorOf(req), req.params.id, {
        revision: b.revision,
        position: b.position,
        url: b.url,
        medium: b.medium,
        reference: b.reference,
        publishedAt: b.publishedAt ? new Date(b.publishedAt) : null,
      });
      return detail(req, req.params.id);
    },
  );
}
