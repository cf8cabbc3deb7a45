// HTTP API of the distribution domain: agencies, contacts, external accounts and agreements; dispatches and their
// workflow, documents, pending acknowledgments, the folio book and the register with its exports; analytic requests;
// the settings; each person's queue; and the recipients' portal. Every route checks its permission on the server;
// what depends on the record (the producing area, the recipient agency) is checked by the services, which answer
// «no existe» for records the user may not see. Registered by the server:
//   await app.register(distributionRoutes, { db, config });
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { accessErrorHandler, requireAuth, requirePermission } from '../access/plugin.ts';
import { AREA_CODES, AREA_LABELS, can, type Permission } from '../access/permissions.ts';
import {
  MAX_DOCUMENT_BYTES,
  addContact,
  agencyOfUser,
  agreementsWithState,
  attachAgreementDocument,
  checkCoverage,
  createAgency,
  createAgreement,
  createExternalAccount,
  getAgreementDocument,
  listAgencies,
  listContacts,
  listExternalAccounts,
  requireAgency,
  setContactActive,
  setStandingApproval,
  terminateAgreement,
  updateAgency,
  updateAgreement,
} from './agencies.ts';
import { audit } from './audit.ts';
import { actorOf, localDay, type DistributionContext, type DistributionUser } from './context.ts';
import { AGREEMENT_STATE_LABELS } from './coverage.ts';
import {
  CHANNELS,
  act,
  createDispatch,
  downloadDocument,
  getDispatch,
  listDispatches,
  previewDocument,
  updateDispatch,
  type DispatchFilter,
} from './dispatches.ts';
import { emailAvailability } from './email.ts';
import { DistributionError } from './errors.ts';
import { listFolios } from './folios.ts';
import { AGENCY_KIND_LABELS, CHANNEL_LABELS, REQUEST_STATUS_LABELS, STATUS_LABELS } from './labels.ts';
import { openpgpAvailable } from './openpgp.ts';
import { portalDownload, portalItem, portalItems } from './portal.ts';
import { queueFor } from './queue.ts';
import { auditExport, describeFilter, registerEntries, registerPdf, registerXlsx } from './register.ts';
import { releasePreparer, type ReleasePreparer } from './release.ts';
import { actOnRequest, fileRequest, getRequest, listRequests } from './requests.ts';
import { getSettings, updateSettings } from './settings.ts';
import type { DispatchStatus, DocumentKind, RequestStatus } from './tables.ts';
import { ACTION_LABELS, AWAITING_ACK, type DispatchAction } from './workflow.ts';
import { getProduct } from '../reports/products.ts';

export interface DistributionRoutesOptions {
  db: Kysely<Database>;
  config: Config;
  /** The disclosure pass that gives the version of a product that may leave the center (default: as it is). */
  releasePreparer?: ReleasePreparer;
}

const id = { type: 'integer', minimum: 1 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id } } as const;
const DISPATCH_ACTIONS = Object.keys(ACTION_LABELS).filter((a) => a !== 'edit' && a !== 'acknowledge') as DispatchAction[];
const STATUSES = Object.keys(STATUS_LABELS) as DispatchStatus[];
const INTERNAL_AREAS = AREA_CODES.filter((a) => a !== 'EXT');

function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DistributionError) return reply.code(err.status).send({ code: err.code, message: err.message });
  return accessErrorHandler(err, req, reply);
}

/** Any of the permissions (refused with the first one's message). */
function requireAny(...perms: Permission[]): preHandlerAsyncHookHandler {
  const refuse = requirePermission(perms[0]!);
  return async function (req, reply) {
    if (req.user && perms.some((p) => can(req.user, p))) return requireAuth.call(this, req, reply);
    return refuse.call(this, req, reply);
  };
}

function attachment(reply: FastifyReply, file: { fileName: string; mediaType: string; sha256?: string; content: Uint8Array }) {
  reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'private, no-store');
  if (file.sha256) reply.header('x-content-sha256', file.sha256);
  return reply.send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
}

const csv = (v: unknown) => (typeof v === 'string' && v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export async function distributionRoutes(app: FastifyInstance, opts: DistributionRoutesOptions): Promise<void> {
  const { db, config } = opts;
  const ctx: DistributionContext = { db, config, release: opts.releasePreparer ?? releasePreparer };
  app.setErrorHandler(errorHandler);

  /** The caller as the services see them, with the agency of an external account. */
  const userOf = async (req: FastifyRequest): Promise<DistributionUser> => {
    const u = req.user!;
    const agencyId = u.area_code === 'EXT' ? await agencyOfUser(db, u.id) : null;
    return { id: u.id, username: u.username, display_name: u.display_name, area_code: u.area_code, roles: u.roles, permissions: u.permissions, agencyId, ip: req.ip };
  };

  const read = requirePermission('distribution.read');
  const prepare = requirePermission('distribution.prepare');
  const manage = requirePermission('agencies.manage');
  const authorizeDg = requirePermission('distribution.authorize');
  const receive = requirePermission('distribution.receive');
  const readAgencies = requireAny('distribution.read', 'agencies.manage');

  // ---- catalog of words --------------------------------------------------------------------------------------

  app.get('/api/distribution/catalog', { preValidation: requireAuth, schema: { tags: ['distribución'], summary: 'Palabras del dominio: canales, estados, tipos de dependencia, áreas' } }, async () => ({
    channels: CHANNELS.map((c) => ({ code: c, label: CHANNEL_LABELS[c] })),
    statuses: STATUSES.map((s) => ({ code: s, label: STATUS_LABELS[s] })),
    agencyKinds: Object.entries(AGENCY_KIND_LABELS).map(([code, label]) => ({ code, label })),
    agreementStates: Object.entries(AGREEMENT_STATE_LABELS).map(([code, label]) => ({ code, label })),
    requestStatuses: Object.entries(REQUEST_STATUS_LABELS).map(([code, label]) => ({ code, label })),
    areas: INTERNAL_AREAS.map((code) => ({ code, name: AREA_LABELS[code] })),
    actions: Object.entries(ACTION_LABELS).map(([code, label]) => ({ code, label })),
    encryption: await openpgpAvailable(),
    email: emailAvailability(config.mail),
  }));

  // ---- agencies ----------------------------------------------------------------------------------------------

  app.get('/api/agencies', { preValidation: readAgencies, schema: { tags: ['distribución'], summary: 'Dependencias con el estado de sus convenios' } }, async () => {
    const settings = await getSettings(db, config.stateCode);
    const agreements = await agreementsWithState(db, localDay(ctx), settings.expiryWarningDays);
    const agencies = await listAgencies(db);
    return {
      agencies: agencies.map((a) => {
        const own = agreements.filter((g) => g.parties.some((p) => p.id === a.id));
        const current = own.filter((g) => g.state === 'vigente' || g.state === 'por_vencer');
        return {
          ...a,
          kind_label: AGENCY_KIND_LABELS[a.kind],
          agreements: own.length,
          current: current.length,
          expiring: own.filter((g) => g.state === 'por_vencer').map((g) => ({ id: g.id, number: g.number, valid_until: g.valid_until, daysLeft: g.daysLeft })),
        };
      }),
    };
  });

  app.post<{ Body: Record<string, unknown> }>('/api/agencies', { preValidation: manage, schema: { tags: ['distribución'], summary: 'Registra una dependencia', body: { type: 'object' } } }, async (req, reply) => {
    reply.code(201);
    return { agency: await createAgency(db, actorOf(await userOf(req)), req.body as never) };
  });

  app.get<{ Params: { id: number } }>('/api/agencies/:id', { preValidation: readAgencies, schema: { tags: ['distribución'], params: idParams } }, async (req) => {
    const agency = await requireAgency(db, req.params.id);
    const settings = await getSettings(db, config.stateCode);
    return {
      agency: { ...agency, kind_label: AGENCY_KIND_LABELS[agency.kind] },
      contacts: await listContacts(db, agency.id),
      // Account names are for the people who manage them.
      accounts: can(req.user, 'agencies.manage') ? await listExternalAccounts(db, agency.id) : [],
      agreements: (await agreementsWithState(db, localDay(ctx), settings.expiryWarningDays, agency.id)).map(agreementBody),
    };
  });

  app.put<{ Params: { id: number }; Body: Record<string, unknown> }>('/api/agencies/:id', { preValidation: manage, schema: { tags: ['distribución'], params: idParams, body: { type: 'object' } } }, async (req) => ({
    agency: await updateAgency(db, actorOf(await userOf(req)), req.params.id, req.body as never),
  }));

  app.post<{ Params: { id: number }; Body: Record<string, unknown> }>('/api/agencies/:id/contacts', { preValidation: manage, schema: { tags: ['distribución'], params: idParams, body: { type: 'object' } } }, async (req, reply) => {
    reply.code(201);
    return { contact: await addContact(db, actorOf(await userOf(req)), req.params.id, req.body as never) };
  });

  app.post<{ Params: { id: number; contactId: number }; Body: { active: boolean } }>(
    '/api/agencies/:id/contacts/:contactId/active',
    {
      preValidation: manage,
      schema: {
        tags: ['distribución'],
        params: { type: 'object', required: ['id', 'contactId'], properties: { id, contactId: id } },
        body: { type: 'object', required: ['active'], properties: { active: { type: 'boolean' } } },
      },
    },
    async (req) => {
      await setContactActive(db, actorOf(await userOf(req)), req.params.id, req.params.contactId, req.body.active);
      return { ok: true };
    },
  );

  app.post<{ Params: { id: number }; Body: { username: string; displayName: string } }>(
    '/api/agencies/:id/accounts',
    {
      preValidation: manage,
      schema: {
        tags: ['distribución'],
        summary: 'Crea una cuenta del portal para una persona de la dependencia; responde la contraseña temporal',
        params: idParams,
        body: {
          type: 'object',
          required: ['username', 'displayName'],
          properties: { username: { type: 'string', minLength: 3, maxLength: 64 }, displayName: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    async (req, reply) => {
      const { user, password } = await createExternalAccount(db, actorOf(await userOf(req)), req.params.id, req.body);
      reply.code(201);
      return { account: { id: user.id, username: user.username, display_name: user.display_name, active: user.active }, generatedPassword: password };
    },
  );

  // ---- agreements --------------------------------------------------------------------------------------------

  const agreementBody = (a: Awaited<ReturnType<typeof agreementsWithState>>[number]) => ({ ...a, state_label: AGREEMENT_STATE_LABELS[a.state] });

  app.get<{ Querystring: { agencyId?: number } }>(
    '/api/agreements',
    { preValidation: readAgencies, schema: { tags: ['distribución'], summary: 'Convenios con su estado: vigente, por vencer, vencido…', querystring: { type: 'object', properties: { agencyId: id } } } },
    async (req) => {
      const settings = await getSettings(db, config.stateCode);
      return { warningDays: settings.expiryWarningDays, agreements: (await agreementsWithState(db, localDay(ctx), settings.expiryWarningDays, req.query.agencyId)).map(agreementBody) };
    },
  );

  app.post<{ Body: Record<string, unknown> }>('/api/agreements', { preValidation: manage, schema: { tags: ['distribución'], summary: 'Registra un convenio de colaboración', body: { type: 'object' } } }, async (req, reply) => {
    reply.code(201);
    return { agreement: await createAgreement(db, actorOf(await userOf(req)), req.body as never) };
  });

  app.put<{ Params: { id: number }; Body: Record<string, unknown> }>('/api/agreements/:id', { preValidation: manage, schema: { tags: ['distribución'], params: idParams, body: { type: 'object' } } }, async (req) => ({
    agreement: await updateAgreement(db, actorOf(await userOf(req)), req.params.id, req.body as never),
  }));

  app.post<{ Params: { id: number } }>(
    '/api/agreements/:id/document',
    { preValidation: manage, schema: { tags: ['distribución'], summary: 'Sube el documento firmado del convenio (PDF o imagen; multipart)', params: idParams, consumes: ['multipart/form-data'] } },
    async (req) => {
      if (!req.isMultipart()) throw new DistributionError('falta_archivo', 'Adjunte el documento firmado del convenio.');
      const part = await req.file({ limits: { fileSize: MAX_DOCUMENT_BYTES } });
      if (!part) throw new DistributionError('falta_archivo', 'Adjunte el documento firmado del convenio.');
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch {
        throw new DistributionError('documento_grande', 'El documento del convenio excede 20 MB.', 413);
      }
      return { agreement: await attachAgreementDocument(db, actorOf(await userOf(req)), req.params.id, { fileName: part.filename, content: new Uint8Array(content) }) };
    },
  );

  app.get<{ Params: { id: number } }>('/api/agreements/:id/document', { preValidation: readAgencies, schema: { tags: ['distribución'], params: idParams } }, async (req, reply) => {
    const doc = await getAgreementDocument(db, req.params.id);
    await db.transaction().execute(async (trx) => audit(trx, actorOf(await userOf(req)), 'agreement.document.download', 'agreement', req.params.id, { sha256: doc.sha256 }));
    return attachment(reply, { fileName: doc.file_name, mediaType: doc.media_type, sha256: doc.sha256, content: doc.content });
  });

  app.post<{ Params: { id: number }; Body: { grant: boolean; comment: string } }>(
    '/api/agreements/:id/standing-approval',
    {
      preValidation: authorizeDg,
      schema: {
        tags: ['distribución'],
        summary: 'La Dirección General otorga o retira la autorización permanente de los envíos del convenio',
        params: idParams,
        body: { type: 'object', required: ['grant', 'comment'], properties: { grant: { type: 'boolean' }, comment: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req) => ({ agreement: await setStandingApproval(db, actorOf(await userOf(req)), req.params.id, req.body.grant, req.body.comment) }),
  );

  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    '/api/agreements/:id/terminate',
    { preValidation: manage, schema: { tags: ['distribución'], params: idParams, body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 2000 } } } } },
    async (req) => ({ agreement: await terminateAgreement(db, actorOf(await userOf(req)), req.params.id, req.body.reason) }),
  );

  app.get<{ Querystring: { agencyId: number; productId: number } }>(
    '/api/distribution/coverage',
    {
      preValidation: prepare,
      schema: {
        tags: ['distribución'],
        summary: '¿Puede la dependencia recibir el producto? Con el convenio que lo cubre o el motivo',
        querystring: { type: 'object', required: ['agencyId', 'productId'], properties: { agencyId: id, productId: id } },
      },
    },
    async (req) => {
      const product = await getProduct(db, req.query.productId);
      if (!product) throw new DistributionError('producto_no_encontrado', 'No existe ese producto.', 404);
      const c = await checkCoverage(db, { agencyId: req.query.agencyId, reportType: product.report_type, classification: product.classification, today: localDay(ctx) });
      return c.covered ? { covered: true, agreement: { id: c.agreement.id, number: c.agreement.number, standingApproval: c.agreement.standing_approval } } : { covered: false, reason: c.reason };
    },
  );

  // ---- dispatches --------------------------------------------------------------------------------------------

  const filterSchema = {
    type: 'object',
    properties: {
      status: { type: 'string', maxLength: 300 },
      agencyId: id,
      reportType: { type: 'string', maxLength: 100 },
      channel: { type: 'string', enum: [...CHANNELS] },
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      acknowledged: { type: 'boolean' },
      folio: { type: 'string', maxLength: 100 },
    },
  } as const;
  type FilterQuery = { status?: string; agencyId?: number; reportType?: string; channel?: DispatchFilter['channel']; from?: string; to?: string; acknowledged?: boolean; folio?: string };
  const filterOf = (q: FilterQuery): DispatchFilter => {
    const status = csv(q.status);
    if (status?.some((s) => !STATUSES.includes(s as DispatchStatus))) throw new DistributionError('datos_invalidos', 'Datos inválidos: estado desconocido.');
    return { status: status as DispatchStatus[] | undefined, agencyId: q.agencyId, reportType: q.reportType, channel: q.channel, from: q.from, to: q.to, acknowledged: q.acknowledged, folio: q.folio };
  };

  app.get<{ Querystring: FilterQuery }>('/api/dispatches', { preValidation: read, schema: { tags: ['distribución'], summary: 'Envíos que puede ver (los de su área; la Dirección General, todos)', querystring: filterSchema } }, async (req) => ({
    dispatches: await listDispatches(ctx, await userOf(req), filterOf(req.query)),
  }));

  app.post<{ Body: Record<string, unknown> }>(
    '/api/dispatches',
    {
      preValidation: prepare,
      schema: {
        tags: ['distribución'],
        summary: 'Prepara un envío (borrador): un producto a una dependencia por un canal',
        body: {
          type: 'object',
          required: ['productId', 'agencyId', 'channel'],
          properties: {
            productId: id,
            agencyId: id,
            channel: { type: 'string', enum: [...CHANNELS] },
            contactId: { type: ['integer', 'null'], minimum: 1 },
            issuingArea: { type: 'string', enum: INTERNAL_AREAS },
            subject: { type: 'string', maxLength: 300 },
            body: { type: 'string', maxLength: 10000 },
            requestId: { type: ['integer', 'null'], minimum: 1 },
            encrypted: { type: 'boolean' },
            emailContactIds: { type: 'array', maxItems: 20, items: id },
          },
        },
      },
    },
    async (req, reply) => {
      const dispatch = await createDispatch(ctx, await userOf(req), req.body as never);
      reply.code(201);
      return { dispatch };
    },
  );

  app.get<{ Params: { id: number } }>('/api/dispatches/:id', { preValidation: read, schema: { tags: ['distribución'], params: idParams } }, async (req) => ({
    dispatch: await getDispatch(ctx, await userOf(req), req.params.id),
  }));

  app.put<{ Params: { id: number }; Body: Record<string, unknown> }>(
    '/api/dispatches/:id',
    {
      preValidation: prepare,
      schema: {
        tags: ['distribución'],
        params: idParams,
        body: {
          type: 'object',
          properties: {
            channel: { type: 'string', enum: [...CHANNELS] },
            contactId: { type: ['integer', 'null'], minimum: 1 },
            issuingArea: { type: 'string', enum: INTERNAL_AREAS },
            subject: { type: 'string', maxLength: 300 },
            body: { type: 'string', maxLength: 10000 },
            encrypted: { type: 'boolean' },
            emailContactIds: { type: 'array', maxItems: 20, items: id },
          },
        },
      },
    },
    async (req) => ({ dispatch: await updateDispatch(ctx, await userOf(req), req.params.id, req.body as never) }),
  );

  app.post<{ Params: { id: number; action: DispatchAction }; Body: Record<string, string> | undefined }>(
    '/api/dispatches/:id/actions/:action',
    {
      preValidation: read,
      schema: {
        tags: ['distribución'],
        summary: 'Un paso del trámite: enviar a validación, validar, aprobar, devolver, emitir, registrar entrega o acuse, cancelar',
        params: { type: 'object', required: ['id', 'action'], properties: { id, action: { type: 'string', enum: DISPATCH_ACTIONS } } },
        body: {
          type: ['object', 'null'],
          properties: {
            comment: { type: 'string', maxLength: 2000 },
            sealNumber: { type: 'string', maxLength: 100 },
            courier: { type: 'string', maxLength: 200 },
            passphrase: { type: 'string', maxLength: 256 },
            at: { type: 'string', maxLength: 40 },
            receivedBy: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (req) => ({ dispatch: await act(ctx, await userOf(req), req.params.id, req.params.action, req.body ?? {}) }),
  );

  app.get<{ Params: { id: number } }>('/api/dispatches/:id/preview', { preValidation: read, schema: { tags: ['distribución'], summary: 'Vista previa del documento (borrador, sin folio)', params: idParams } }, async (req, reply) => {
    const pdf = await previewDocument(ctx, await userOf(req), req.params.id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="borrador_envio_${req.params.id}.pdf"`).header('cache-control', 'private, no-store').send(Buffer.from(pdf));
  });

  app.get<{ Params: { id: number; kind: DocumentKind } }>(
    '/api/dispatches/:id/documents/:kind',
    { preValidation: read, schema: { tags: ['distribución'], params: { type: 'object', required: ['id', 'kind'], properties: { id, kind: { type: 'string', enum: ['oficio', 'tarjeta', 'package', 'message'] } } } } },
    async (req, reply) => {
      const doc = await downloadDocument(ctx, await userOf(req), req.params.id, req.params.kind);
      return attachment(reply, { fileName: doc.file_name, mediaType: doc.media_type, sha256: doc.sha256, content: doc.content });
    },
  );

  app.get('/api/distribution/pending-acknowledgments', { preValidation: read, schema: { tags: ['distribución'], summary: 'Envíos sin acuse, con su antigüedad' } }, async (req) => {
    const now = Date.now();
    const rows = await listDispatches(ctx, await userOf(req), { status: [...AWAITING_ACK] });
    return {
      dispatches: rows
        .map((r) => ({ ...r, ageDays: Math.floor((now - new Date(r.sent_at!).getTime()) / 86_400_000) }))
        .sort((a, b) => b.ageDays - a.ageDays),
    };
  });

  app.get<{ Querystring: { area?: string; year?: number } }>(
    '/api/folios',
    {
      preValidation: read,
      schema: {
        tags: ['distribución'],
        summary: 'Libro de folios: emitidos y cancelados, con su motivo',
        querystring: { type: 'object', properties: { area: { type: 'string', enum: INTERNAL_AREAS }, year: { type: 'integer', minimum: 2000, maximum: 2100 } } },
      },
    },
    async (req) => {
      // The Dirección General sees every folio; an area, its own and those of the dispatches of its reports.
      const scope = req.user!.area_code === 'DG' ? undefined : req.user!.area_code;
      return { folios: await listFolios(db, { area: req.query.area, year: req.query.year, visibleToArea: scope }) };
    },
  );

  // ---- register ----------------------------------------------------------------------------------------------

  app.get<{ Querystring: FilterQuery }>('/api/distribution/register', { preValidation: read, schema: { tags: ['distribución'], summary: 'Registro de distribución con el trámite de cada envío', querystring: filterSchema } }, async (req) => ({
    entries: await registerEntries(ctx, await userOf(req), filterOf(req.query)),
  }));

  app.get<{ Params: { format: 'xlsx' | 'pdf' }; Querystring: FilterQuery }>(
    '/api/distribution/register/export/:format',
    {
      preValidation: read,
      schema: { tags: ['distribución'], summary: 'Exporta el registro de distribución a XLSX o PDF', params: { type: 'object', required: ['format'], properties: { format: { type: 'string', enum: ['xlsx', 'pdf'] } } }, querystring: filterSchema },
    },
    async (req, reply) => {
      const user = await userOf(req);
      const filter = filterOf(req.query);
      const entries = await registerEntries(ctx, user, filter);
      const label = describeFilter(filter);
      const bytes = req.params.format === 'xlsx' ? await registerXlsx(ctx, entries, label) : await registerPdf(ctx, entries, label);
      await auditExport(ctx, actorOf(user), req.params.format, filter, entries.length);
      return attachment(reply, {
        fileName: `registro-distribucion_${localDay(ctx)}.${req.params.format}`,
        mediaType: req.params.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
        content: bytes,
      });
    },
  );

  // ---- settings ----------------------------------------------------------------------------------------------

  app.get('/api/distribution/settings', { preValidation: readAgencies, schema: { tags: ['distribución'] } }, async () => ({ settings: await getSettings(db, config.stateCode) }));

  app.put<{ Body: Record<string, unknown> }>('/api/distribution/settings', { preValidation: manage, schema: { tags: ['distribución'], summary: 'Patrón de folio, membrete, firmantes y plazos', body: { type: 'object' } } }, async (req) => ({
    settings: await updateSettings(db, actorOf(await userOf(req)), config.stateCode, req.body as never),
  }));

  // ---- the queue ---------------------------------------------------------------------------------------------

  app.get('/api/queue', { preValidation: requireAuth, schema: { tags: ['distribución'], summary: 'Lo que espera a la persona, lo más antiguo primero' } }, async (req) => {
    const user = await userOf(req);
    return { items: await queueFor({ db, config, now: new Date() }, { ...user, permissions: user.permissions }) };
  });

  // ---- analytic requests (center side) -----------------------------------------------------------------------

  app.get<{ Querystring: { status?: string } }>('/api/requests', { preValidation: read, schema: { tags: ['distribución'], querystring: { type: 'object', properties: { status: { type: 'string', maxLength: 200 } } } } }, async (req) => ({
    requests: await listRequests(ctx, await userOf(req), { status: csv(req.query.status) as RequestStatus[] | undefined }),
  }));

  app.post<{ Body: Record<string, unknown> }>('/api/requests', { preValidation: prepare, schema: { tags: ['distribución'], summary: 'Registra una solicitud recibida por escrito', body: { type: 'object' } } }, async (req, reply) => {
    reply.code(201);
    return { request: await fileRequest(ctx, await userOf(req), req.body as never) };
  });

  app.get<{ Params: { id: number } }>('/api/requests/:id', { preValidation: read, schema: { tags: ['distribución'], params: idParams } }, async (req) => ({
    request: await getRequest(ctx, await userOf(req), req.params.id),
  }));

  app.post<{ Params: { id: number; action: 'accept' | 'start' | 'reject' }; Body: { comment?: string; area?: string } | undefined }>(
    '/api/requests/:id/actions/:action',
    {
      preValidation: read,
      schema: {
        tags: ['distribución'],
        params: { type: 'object', required: ['id', 'action'], properties: { id, action: { type: 'string', enum: ['accept', 'start', 'reject'] } } },
        body: { type: ['object', 'null'], properties: { comment: { type: 'string', maxLength: 2000 }, area: { type: 'string', enum: INTERNAL_AREAS } } },
      },
    },
    async (req) => ({ request: await actOnRequest(ctx, await userOf(req), req.params.id, req.params.action, req.body ?? {}) }),
  );

  // ---- the recipients' portal --------------------------------------------------------------------------------

  app.get('/api/portal/me', { preValidation: receive, schema: { tags: ['portal'] } }, async (req) => {
    const user = await userOf(req);
    if (user.agencyId == null) throw new DistributionError('sin_dependencia', 'Su cuenta no está vinculada a ninguna dependencia; comuníquese con el centro.', 403);
    const agency = await requireAgency(db, user.agencyId);
    return { agency: { id: agency.id, name: agency.name, short_name: agency.short_name } };
  });

  app.get('/api/portal/items', { preValidation: receive, schema: { tags: ['portal'], summary: 'Lo que el centro envió a su dependencia' } }, async (req) => portalItems(ctx, await userOf(req)));

  app.get<{ Params: { id: number } }>('/api/portal/items/:id', { preValidation: receive, schema: { tags: ['portal'], params: idParams } }, async (req) => ({
    item: await portalItem(ctx, await userOf(req), req.params.id),
  }));

  app.get<{ Params: { id: number; name: string } }>(
    '/api/portal/items/:id/files/:name',
    { preValidation: receive, schema: { tags: ['portal'], summary: 'Descarga un archivo (queda en la bitácora)', params: { type: 'object', required: ['id', 'name'], properties: { id, name: { type: 'string', minLength: 1, maxLength: 300 } } } } },
    async (req, reply) => {
      const file = await portalDownload(ctx, await userOf(req), req.params.id, req.params.name);
      return attachment(reply, { fileName: file.fileName, mediaType: file.mediaType, sha256: file.sha256, content: file.content });
    },
  );

  app.post<{ Params: { id: number } }>('/api/portal/items/:id/acknowledge', { preValidation: receive, schema: { tags: ['portal'], summary: 'Acusa de recibido', params: idParams } }, async (req) => {
    const user = await userOf(req);
    await act(ctx, user, req.params.id, 'acknowledge');
    return { item: await portalItem(ctx, user, req.params.id) };
  });

  app.get('/api/portal/requests', { preValidation: receive, schema: { tags: ['portal'] } }, async (req) => ({ requests: await listRequests(ctx, await userOf(req)) }));

  app.post<{ Body: Record<string, unknown> }>('/api/portal/requests', { preValidation: receive, schema: { tags: ['portal'], summary: 'Presenta una solicitud de información analítica', body: { type: 'object' } } }, async (req, reply) => {
    const { agencyId: _ignored, requesterName: _name, ...body } = req.body;
    reply.code(201);
    return { request: await fileRequest(ctx, await userOf(req), body as never) };
  });

  app.get<{ Params: { id: number } }>('/api/portal/requests/:id', { preValidation: receive, schema: { tags: ['portal'], params: idParams } }, async (req) => ({
    request: await getRequest(ctx, await userOf(req), req.params.id),
  }));

  app.post<{ Params: { id: number }; Body: { comment?: string } | undefined }>(
    '/api/portal/requests/:id/withdraw',
    { preValidation: receive, schema: { tags: ['portal'], params: idParams, body: { type: ['object', 'null'], properties: { comment: { type: 'string', maxLength: 2000 } } } } },
    async (req) => ({ request: await actOnRequest(ctx, await userOf(req), req.params.id, 'withdraw', req.body ?? {}) }),
  );
}
