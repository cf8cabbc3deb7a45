// HTTP routes of the cyber police unit: the registry (list, detail, form intake and correction, CSV import with its
// rejected rows), the monthly indicators and statistics, the unit's grants of case access, and the hotline alerts
// (queue, intake, detail and workflow). Every route checks its permission on the server; the case routes also
// accept a Director General holding a current grant of the unit. Registered by the server:
//   await app.register(cyberRoutes, { db, config });
import { Readable } from 'node:stream';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import { accessErrorHandler, requireAuth, requirePermission } from '../../access/plugin.ts';
import { PERMISSION_LABELS } from '../../access/permissions.ts';
import type { Actor } from '../../access/users.ts';
import { PeriodError, parsePeriod } from '../../analytics/periods.ts';
import { referenceLookups } from '../../incidents/lookups.ts';
import { mapKey } from '../../incidents/profiles.ts';
import { LocalTime } from '../../util/local-time.ts';
import { cyberAccessOf, grantCaseAccess, listGrants, revokeCaseAccess, MAX_GRANT_DAYS } from './access.ts';
import { CONTENT_KINDS, CONTENT_KIND_LABELS, ALERT_STATUS_LABELS, validateAlertInput, type AlertAction, type AlertInput } from './alert-rules.ts';
import { actOnAlert, alertAssignees, alertQueue, createAlert, viewAlert } from './alerts.ts';
import { CyberImportError, importCyberIncidents } from './import.ts';
import { rejectsCsv } from '../../db/rejects-csv.ts';
import { CyberError, createCyberIncident, getCyberIncident, listCyberIncidents, updateCyberIncident } from './incidents.ts';
import { AGE_GROUPS, AGE_GROUP_LABELS, CyberSettingsError, SEX_LABELS, VICTIM_SEXES, alertSettings, cyberCatalogs } from './settings.ts';
import { computeCyberStatistics } from './statistics.ts';
import { CYBER_STATUSES } from './tables.ts';
import { STATUS_LABELS, validateCyberIncident, type CyberIncidentInput, type ValidationContext } from './validate.ts';

export interface CyberRoutesOptions {
  db: Kysely<Database>;
  config: Config;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
/** An alert is a few identifiers: a body this large is already something else. */
const ALERT_BODY_LIMIT = 64 * 1024;
const IMPORT_FILE_LIMIT = 20 * 1024 * 1024;

const actorOf = (req: FastifyRequest): Actor => ({ id: req.user?.id ?? null, username: req.user?.username ?? 'anónimo', ip: req.ip });

function cyberErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof CyberError) {
    return reply.code(err.status).send({ code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) });
  }
  if (err instanceof CyberImportError || err instanceof CyberSettingsError) return reply.code(400).send({ code: err.code, message: err.message });
  return accessErrorHandler(err, req, reply);
}

const incidentBody = {
  type: 'object',
  properties: {
    reportedOn: { type: 'string', maxLength: 20 },
    intakeChannel: { type: 'string', maxLength: 100 },
    victimSex: { type: 'string', maxLength: 40 },
    victimAge: { anyOf: [{ type: 'string', maxLength: 20 }, { type: 'integer' }] },
    municipality: { anyOf: [{ type: 'string', maxLength: 100 }, { type: 'null' }] },
    type: { type: 'string', maxLength: 100 },
    platform: { type: 'string', maxLength: 100 },
    amountLost: { anyOf: [{ type: 'string', maxLength: 30 }, { type: 'number' }, { type: 'null' }] },
    status: { type: 'string', maxLength: 40 },
    referred: { anyOf: [{ type: 'boolean' }, { type: 'string', maxLength: 10 }, { type: 'null' }] },
    referralReference: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
    referralDate: { anyOf: [{ type: 'string', maxLength: 20 }, { type: 'null' }] },
  },
  additionalProperties: false,
} as const;

export async function cyberRoutes(app: FastifyInstance, opts: CyberRoutesOptions): Promise<void> {
  const { db, config } = opts;
  app.setErrorHandler(cyberErrorHandler);

  const catalogs = () => cyberCatalogs(config.dataDir);
  const settings = () => alertSettings(config.dataDir);
  const lookups = referenceLookups(config.stateCode);
  const zone = new LocalTime(config.timeZone);
  const validationContext = (): Omit<ValidationContext, 'requireFolio'> => ({
    catalogs: catalogs(),
    stateCode: config.stateCode,
    municipalityCodes: lookups.geography.municipalityCodes,
    municipalityByName: (name) => lookups.geography.municipalityByName.get(mapKey(name)),
    today: zone.dayAndHour(new Date()).date,
  });

  /** Case details: the unit by role, or a Director General with a current grant. */
  const requireCases: preHandlerAsyncHookHandler = async (req, reply) => {
    await requireAuth.call(app, req, reply);
    if (reply.sent) return;
    const access = await cyberAccessOf(db, req.user);
    if (!access.cases) return reply.code(403).send({ code: 'sin_permiso', message: `No tiene permiso para ${PERMISSION_LABELS['cyber.read']}.` });
  };
  /** Any part of the section: statistics, cases or alerts. */
  const requireSection: preHandlerAsyncHookHandler = async (req, reply) => {
    await requireAuth.call(app, req, reply);
    if (reply.sent) return;
    const a = await cyberAccessOf(db, req.user);
    if (!a.statistics && !a.cases && !a.alerts) {
      return reply.code(403).send({ code: 'sin_permiso', message: 'No tiene permiso para consultar la información de la Unidad de Policía Cibernética.' });
    }
  };
  const edit = requirePermission('cyber.edit');
  const alerts = requirePermission('cyber.alerts');

  app.get('/api/cyber/access', { preHandler: requireSection, schema: { summary: 'Qué puede consultar el usuario de la Unidad de Policía Cibernética', tags: ['ciber'] } }, async (req) =>
    cyberAccessOf(db, req.user),
  );

  app.get('/api/cyber/catalogs', { preHandler: requireSection, schema: { summary: 'Catálogos de la unidad: tipos, medios, plataformas, indicadores, alertas', tags: ['ciber'] } }, async () => {
    const c = catalogs();
    const a = settings();
    return {
      types: c.types.entries,
      channels: c.channels.entries,
      platforms: c.platforms.entries,
      indicators: c.indicators,
      sexes: VICTIM_SEXES.map((code) => ({ code, label: SEX_LABELS[code] })),
      ageGroups: AGE_GROUPS.map((code) => ({ code, label: AGE_GROUP_LABELS[code] })),
      statuses: CYBER_STATUSES.map((code) => ({ code, label: STATUS_LABELS[code] })),
      hotlines: a.hotlines,
      deadlines: a.deadlines,
      referralDestinations: a.referralDestinations,
      discardReasons: a.discardReasons,
      contentKinds: CONTENT_KINDS.map((code) => ({ code, label: CONTENT_KIND_LABELS[code] })),
      alertStatuses: Object.entries(ALERT_STATUS_LABELS).map(([code, label]) => ({ code, label })),
    };
  });

  // ---- Registry ---------------------------------------------------------------------------------------------

  app.get<{ Querystring: { from?: string; to?: string; type?: string; status?: (typeof CYBER_STATUSES)[number]; referred?: boolean; municipality?: string; q?: string; page?: number; pageSize?: number } }>(
    '/api/cyber/incidents',
    {
      preHandler: requireCases,
      schema: {
        summary: 'Incidentes cibernéticos registrados, del más reciente al más antiguo',
        tags: ['ciber'],
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            type: { type: 'string', maxLength: 60 },
            status: { type: 'string', enum: [...CYBER_STATUSES] },
            referred: { type: 'boolean' },
            municipality: { type: 'string', pattern: '^\\d{5}$' },
            q: { type: 'string', maxLength: 60 },
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
      },
    },
    async (req) => listCyberIncidents(db, req.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/cyber/incidents/:id',
    { preHandler: requireCases, schema: { summary: 'Un incidente cibernético (la consulta queda en la bitácora)', tags: ['ciber'], params: idParams } },
    async (req) => {
      const incident = await getCyberIncident(db, req.params.id);
      if (!incident) throw new CyberError('incidente_no_encontrado', 'No existe ese incidente cibernético.', 404);
      const actor = actorOf(req);
      const access = await cyberAccessOf(db, req.user);
      await appendAudit(db, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip,
        action: 'cyber.incident.view',
        entity: 'cyber_incident',
        entityId: incident.id,
        details: { folio: incident.folio, byGrant: access.grantedUntil !== null },
      });
      return { incident };
    },
  );

  const validated = (body: CyberIncidentInput) => {
    const result = validateCyberIncident(body, { ...validationContext(), requireFolio: false });
    if (!result.ok) {
      const fields: Record<string, string[]> = {};
      for (const r of result.reasons) (fields[r.field] ??= []).push(r.message);
      throw new CyberError('datos_invalidos', `Revise los datos: ${result.reasons.map((r) => r.message).join(' ')}`, 400, fields);
    }
    return result.row;
  };

  app.post<{ Body: CyberIncidentInput }>(
    '/api/cyber/incidents',
    { preHandler: edit, schema: { summary: 'Registra un incidente cibernético (folio asignado por el sistema)', tags: ['ciber'], body: incidentBody } },
    async (req, reply) => {
      const incident = await createCyberIncident(db, actorOf(req), validated(req.body));
      return reply.code(201).send({ incident });
    },
  );

  app.put<{ Params: { id: number }; Body: CyberIncidentInput }>(
    '/api/cyber/incidents/:id',
    { preHandler: edit, schema: { summary: 'Corrige o da seguimiento a un incidente cibernético', tags: ['ciber'], params: idParams, body: incidentBody } },
    async (req) => ({ incident: await updateCyberIncident(db, actorOf(req), req.params.id, validated(req.body)) }),
  );

  app.post(
    '/api/cyber/imports',
    { preHandler: edit, schema: { summary: 'Importa incidentes cibernéticos de un archivo CSV (multipart, campo «file»)', tags: ['ciber'], consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const file = await req.file({ limits: { fileSize: IMPORT_FILE_LIMIT } });
      if (!file) return reply.code(400).send({ code: 'falta_archivo', message: 'Adjunte el archivo CSV a importar.' });
      const uploads = join(config.dataDir, 'uploads');
      await mkdir(uploads, { recursive: true });
      const path = join(uploads, `ciber-${randomUUID()}`);
      try {
        await pipeline(file.file, createWriteStream(path));
        if (file.file.truncated) return reply.code(413).send({ code: 'archivo_muy_grande', message: 'El archivo excede 20 MB.' });
        const encodingField = file.fields.encoding;
        const encoding = encodingField && 'value' in encodingField && (encodingField.value === 'latin1' || encodingField.value === 'utf-8') ? encodingField.value : 'auto';
        const summary = await importCyberIncidents(db, { input: createReadStream(path), fileName: file.filename, encoding, actor: actorOf(req), context: validationContext() });
        return summary;
      } finally {
        await rm(path, { force: true });
      }
    },
  );

  app.get('/api/cyber/imports', { preHandler: edit, schema: { summary: 'Importaciones recientes de incidentes cibernéticos', tags: ['ciber'] } }, async () =>
    db.selectFrom('cyber_imports').selectAll().orderBy('id', 'desc').limit(30).execute(),
  );

  app.get<{ Params: { id: number } }>(
    '/api/cyber/imports/:id/rejects.csv',
    { preHandler: edit, schema: { summary: 'Filas rechazadas de una importación (CSV)', tags: ['ciber'], params: idParams } },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="ciber-rechazadas-${req.params.id}.csv"`)
        .send(Readable.from(rejectsCsv(db, 'cyber_import_rejects', req.params.id))),
  );

  // ---- Indicators and statistics ----------------------------------------------------------------------------

  app.get<{ Querystring: { period: string } }>(
    '/api/cyber/indicators',
    {
      preHandler: requirePermission('cyber.statistics'),
      schema: {
        summary: 'Indicadores y estadística del periodo (cifras agregadas, sin detalle de casos)',
        tags: ['ciber'],
        querystring: { type: 'object', required: ['period'], properties: { period: { type: 'string', maxLength: 10 } } },
      },
    },
    async (req) => {
      let period;
      try {
        period = parsePeriod(req.query.period);
      } catch (err) {
        if (err instanceof PeriodError) throw new CyberError('periodo_invalido', err.message);
        throw err;
      }
      return computeCyberStatistics(db, period, { catalogs: catalogs(), timeZone: config.timeZone, hotlines: settings().hotlines });
    },
  );

  // ---- Grants of case access --------------------------------------------------------------------------------

  const grant = requirePermission('cyber.grant');
  app.get('/api/cyber/grants', { preHandler: grant, schema: { summary: 'Autorizaciones de acceso al detalle de los casos', tags: ['ciber'] } }, async () => ({
    maxDays: MAX_GRANT_DAYS,
    ...(await listGrants(db)),
  }));

  app.post<{ Body: { userId: number; reason: string; expiresOn: string } }>(
    '/api/cyber/grants',
    {
      preHandler: grant,
      schema: {
        summary: 'Autoriza temporalmente a la Dirección General a consultar el detalle de los casos',
        tags: ['ciber'],
        body: {
          type: 'object',
          required: ['userId', 'reason', 'expiresOn'],
          properties: { userId: { type: 'integer', minimum: 1 }, reason: { type: 'string', maxLength: 500 }, expiresOn: { type: 'string', format: 'date' } },
        },
      },
    },
    async (req, reply) => {
      // Valid through the whole last day, in the state's time zone.
      const next = new Date(`${req.body.expiresOn}T12:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      const expiresAt = zone.startOfDay(next.toISOString().slice(0, 10));
      return reply.code(201).send(await grantCaseAccess(db, actorOf(req), { userId: req.body.userId, reason: req.body.reason, expiresAt }));
    },
  );

  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    '/api/cyber/grants/:id/revoke',
    {
      preHandler: grant,
      schema: { summary: 'Revoca una autorización', tags: ['ciber'], params: idParams, body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 500 } } } },
    },
    async (req) => {
      await revokeCaseAccess(db, actorOf(req), req.params.id, req.body.reason);
      return { ok: true };
    },
  );

  // ---- Hotline alerts ---------------------------------------------------------------------------------------

  await app.register(async (scope) => {
    scope.setErrorHandler(cyberErrorHandler);
    // Alerts never take files: a multipart or other non-JSON body is refused before it is read.
    scope.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'POST') return;
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/json\b/i.test(type)) {
        return reply.code(415).send({
          code: 'archivo_no_admitido',
          message: 'Las alertas no admiten archivos ni otros contenidos: envíe solo identificadores y metadatos (direcciones, huellas, cuentas).',
        });
      }
    });

    scope.get('/api/cyber/alerts', { preHandler: alerts, schema: { summary: 'Bandeja de alertas por fecha límite (consulta registrada en la bitácora)', tags: ['ciber'] } }, async (req) =>
      alertQueue(db, actorOf(req)),
    );

    scope.get('/api/cyber/alerts/assignees', { preHandler: alerts, schema: { summary: 'Personas de la unidad a quienes puede asignarse una alerta', tags: ['ciber'] } }, async () =>
      alertAssignees(db),
    );

    scope.post<{ Body: AlertInput }>(
      '/api/cyber/alerts',
      { preHandler: alerts, bodyLimit: ALERT_BODY_LIMIT, schema: { summary: 'Registra una alerta de una línea internacional (solo identificadores y metadatos)', tags: ['ciber'], body: { type: 'object' } } },
      async (req, reply) => {
        const result = validateAlertInput(req.body ?? {}, { settings: settings(), municipalityCodes: lookups.geography.municipalityCodes, now: new Date() });
        if (!result.ok) {
          const fields: Record<string, string[]> = {};
          for (const p of result.problems) (fields[p.field] ??= []).push(p.message);
          const refused = result.problems.find((p) => p.code === 'contenido_no_admitido' || p.code === 'archivo_no_admitido');
          throw new CyberError(refused ? refused.code : 'datos_invalidos', `Revise los datos: ${result.problems.map((p) => p.message).join(' ')}`, refused ? 422 : 400, fields);
        }
        return reply.code(201).send(await createAlert(db, actorOf(req), result.row, settings()));
      },
    );

    scope.get<{ Params: { id: number } }>(
      '/api/cyber/alerts/:id',
      { preHandler: alerts, schema: { summary: 'Una alerta con su historial (consulta registrada en la bitácora)', tags: ['ciber'], params: idParams } },
      async (req) => viewAlert(db, actorOf(req), req.params.id),
    );

    scope.post<{ Params: { id: number }; Body: { kind: AlertAction['kind']; assigneeId?: number; destination?: string; reference?: string; reason?: string; note?: string } }>(
      '/api/cyber/alerts/:id/actions',
      {
        preHandler: alerts,
        bodyLimit: ALERT_BODY_LIMIT,
        schema: {
          summary: 'Avanza una alerta: asignar, iniciar investigación, canalizar o descartar',
          tags: ['ciber'],
          params: idParams,
          body: {
            type: 'object',
            required: ['kind'],
            properties: {
              kind: { type: 'string', enum: ['assign', 'start', 'refer', 'discard'] },
              assigneeId: { type: 'integer', minimum: 1 },
              destination: { type: 'string', maxLength: 500 },
              reference: { type: 'string', maxLength: 500 },
              reason: { type: 'string', maxLength: 60 },
              note: { type: 'string', maxLength: 500 },
            },
          },
        },
      },
      async (req) => {
        const b = req.body;
        let action: AlertAction;
        if (b.kind === 'assign') {
          if (!b.assigneeId) throw new CyberError('datos_invalidos', 'Indique a quién se asigna la alerta.');
          action = { kind: 'assign', assigneeId: b.assigneeId };
        } else if (b.kind === 'start') action = { kind: 'start' };
        else if (b.kind === 'refer') action = { kind: 'refer', destination: b.destination ?? '', reference: b.reference ?? '' };
        else action = { kind: 'discard', reason: b.reason ?? '', note: b.note };
        return actOnAlert(db, { ...actorOf(req), permissions: req.user!.permissions }, req.params.id, action, settings());
      },
    );
  });
}
