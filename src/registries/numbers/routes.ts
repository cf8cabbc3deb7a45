// HTTP routes of the phone-number registry: the list and the detail of each number (callers' numbers of improper
// calls only for numbers.callers), manual reports, the status workflow, the sync from the incidents, the mitigation
// cases with their staged actions, the indicators per center and the monthly submissions to the CNI. Registered by
// the server: await app.register(numbersRoutes, { db, config });
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import { accessErrorHandler, requirePermission } from '../../access/plugin.ts';
import { can, PERMISSION_LABELS } from '../../access/permissions.ts';
import type { Actor } from '../../access/users.ts';
import { extortionModalities } from '../../reports/extortion/modalities.ts';
import { LocalTime } from '../../util/local-time.ts';
import { listCases, mitigationIndicators, recordAction, runDaily } from './mitigation.ts';
import { changeStatus, listNumbers, numberDetail, reportNumber, type ManualReport } from './registry.ts';
import { ACTION_LABELS, KIND_LABELS, NumbersError, OUTCOME_LABELS, STAGE_LABELS, STATUS_LABELS, allowedTransitions, addDays, nextActions, type ActionInput } from './rules.ts';
import { mitigationSettings, saveThresholds, type Threshold } from './settings.ts';
import { SUBMITTED_REPORTS, listSubmissions, recordSubmission, type SubmissionInput } from './submissions.ts';
import { CASE_OUTCOMES, NUMBER_STATUSES, SIGHTING_KINDS, type NumberStatus } from './tables.ts';

export interface NumbersRoutesOptions {
  db: Kysely<Database>;
  config: Config;
}

const actorOf = (req: FastifyRequest): Actor => ({ id: req.user?.id ?? null, username: req.user?.username ?? 'anónimo', ip: req.ip });
const PHONE = '^(\\+?[0-9]{8,15})$';

function numbersErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof NumbersError) {
    const fields = (err as NumbersError & { fields?: Record<string, string[]> }).fields;
    return reply.code(err.status).send({ code: err.code, message: err.message, ...(fields ? { fields } : {}) });
  }
  return accessErrorHandler(err, req, reply);
}

export async function numbersRoutes(app: FastifyInstance, opts: NumbersRoutesOptions): Promise<void> {
  const { db, config } = opts;
  app.setErrorHandler(numbersErrorHandler);
  const zone = new LocalTime(config.timeZone);
  const read = requirePermission('numbers.read');
  const callers = requirePermission('numbers.callers');
  const edit = requirePermission('numbers.edit');
  const seesCallers = (req: FastifyRequest) => can(req.user, 'numbers.callers');
  const centers = async () => db.selectFrom('call_centers').select(['code', 'name']).orderBy('code').execute();

  app.get('/api/numbers/catalogs', { preHandler: read, schema: { summary: 'Estatus, tipos, modalidades, centros y umbrales del registro de números', tags: ['numeros'] } }, async (req) => {
    const s = mitigationSettings(config.dataDir);
    return {
      statuses: NUMBER_STATUSES.map((code) => ({ code, label: STATUS_LABELS[code] })),
      kinds: SIGHTING_KINDS.filter((k) => k === 'extorsion' || seesCallers(req)).map((code) => ({ code, label: KIND_LABELS[code] })),
      modalities: extortionModalities().modalities,
      centers: await centers(),
      threshold: s.threshold,
      centerThresholds: s.centerThresholds,
      referralDestinations: s.referralDestinations,
      stages: Object.entries(STAGE_LABELS).map(([code, label]) => ({ code, label })),
      actions: Object.entries(ACTION_LABELS).map(([code, label]) => ({ code, label })),
      outcomes: CASE_OUTCOMES.map((code) => ({ code, label: OUTCOME_LABELS[code] })),
      access: { callers: seesCallers(req), edit: can(req.user, 'numbers.edit'), verify: can(req.user, 'numbers.verify') },
    };
  });

  app.get<{ Querystring: { q?: string; status?: NumberStatus; kind?: 'extorsion' | 'improcedente'; page?: number; pageSize?: number } }>(
    '/api/numbers',
    {
      preHandler: read,
      schema: {
        summary: 'Números del registro, del visto más recientemente al más antiguo',
        tags: ['numeros'],
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 20 },
            status: { type: 'string', enum: [...NUMBER_STATUSES] },
            kind: { type: 'string', enum: [...SIGHTING_KINDS] },
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
      },
    },
    async (req, reply) => {
      if (req.query.kind === 'improcedente' && !seesCallers(req)) {
        return reply.code(403).send({ code: 'sin_permiso', message: `No tiene permiso para ${PERMISSION_LABELS['numbers.callers']}.` });
      }
      return listNumbers(db, req.query, seesCallers(req));
    },
  );

  app.get<{ Params: { phone: string } }>(
    '/api/numbers/:phone',
    { preHandler: read, schema: { summary: 'Un número: avistamientos, historial de estatus y casos (la consulta queda en la bitácora)', tags: ['numeros'], params: { type: 'object', properties: { phone: { type: 'string', pattern: PHONE } } } } },
    async (req) => {
      const detail = await numberDetail(db, req.params.phone, seesCallers(req));
      if (!detail) throw new NumbersError('numero_no_encontrado', 'Ese número no está en el registro.', 404);
      const actor = actorOf(req);
      await appendAudit(db, { actorId: actor.id, actor: actor.username, ip: actor.ip, action: 'numbers.view', entity: 'phone_number', entityId: req.params.phone, details: {} });
      return { ...detail, transitions: can(req.user, 'numbers.edit') ? allowedTransitions(detail.number.status, can(req.user, 'numbers.verify')) : [] };
    },
  );

  app.post<{ Body: ManualReport }>(
    '/api/numbers/reports',
    {
      preHandler: edit,
      schema: {
        summary: 'Reporte manual de un número (entra al registro como «reportado» si es nuevo)',
        tags: ['numeros'],
        body: {
          type: 'object',
          required: ['phone', 'kind', 'seenOn'],
          properties: {
            phone: { type: 'string', maxLength: 40 },
            kind: { type: 'string', maxLength: 20 },
            seenOn: { type: 'string', maxLength: 20 },
            centerCode: { anyOf: [{ type: 'string', maxLength: 20 }, { type: 'null' }] },
            modality: { anyOf: [{ type: 'string', maxLength: 60 }, { type: 'null' }] },
            reference: { anyOf: [{ type: 'string', maxLength: 300 }, { type: 'null' }] },
          },
          additionalProperties: false,
        },
      },
    },
    async (req, reply) => {
      if (req.body.kind === 'improcedente' && !seesCallers(req)) {
        return reply.code(403).send({ code: 'sin_permiso', message: `No tiene permiso para ${PERMISSION_LABELS['numbers.callers']}.` });
      }
      const ctx = {
        timeZone: config.timeZone,
        centerCodes: new Set((await centers()).map((c) => c.code)),
        modalityCodes: new Set(extortionModalities().modalities.map((m) => m.code)),
      };
      return reply.code(201).send(await reportNumber(db, actorOf(req), req.body, ctx));
    },
  );

  app.post<{ Params: { phone: string }; Body: { to: NumberStatus; reason: string } }>(
    '/api/numbers/:phone/status',
    {
      preHandler: edit,
      schema: {
        summary: 'Cambia el estatus de un número (verificación, confirmación o descarte), con su motivo',
        tags: ['numeros'],
        params: { type: 'object', properties: { phone: { type: 'string', pattern: PHONE } } },
        body: { type: 'object', required: ['to', 'reason'], properties: { to: { type: 'string', enum: [...NUMBER_STATUSES] }, reason: { type: 'string', maxLength: 600 } }, additionalProperties: false },
      },
    },
    async (req) => {
      if (!(await numberDetail(db, req.params.phone, seesCallers(req)))) throw new NumbersError('numero_no_encontrado', 'Ese número no está en el registro.', 404);
      return changeStatus(db, actorOf(req), req.params.phone, req.body.to, req.body.reason, can(req.user, 'numbers.verify'));
    },
  );

  app.post('/api/numbers/sync', { preHandler: [edit, callers], schema: { summary: 'Actualiza el registro desde los incidentes y abre los casos que alcanzan el umbral', tags: ['numeros'] } }, async () =>
    runDaily(db, config),
  );

  // ---- Mitigation of improper calls ----------------------------------------------------------------------------

  app.get<{ Querystring: { open?: boolean; center?: string } }>(
    '/api/numbers/cases',
    {
      preHandler: callers,
      schema: { summary: 'Casos de mitigación de llamadas improcedentes con sus acciones', tags: ['numeros'], querystring: { type: 'object', properties: { open: { type: 'boolean' }, center: { type: 'string', maxLength: 20 } } } },
    },
    async (req) => (await listCases(db, req.query)).map((c) => ({ ...c, next: nextActions(c.stage) })),
  );

  app.post<{ Params: { id: number }; Body: ActionInput }>(
    '/api/numbers/cases/:id/actions',
    {
      preHandler: [edit, callers],
      schema: {
        summary: 'Registra una acción del caso: aviso, segundo aviso, canalización o cierre',
        tags: ['numeros'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        body: {
          type: 'object',
          required: ['action', 'actedOn'],
          properties: {
            action: { type: 'string', enum: ['aviso', 'segundo_aviso', 'canalizacion', 'cierre'] },
            actedOn: { type: 'string', maxLength: 20 },
            destination: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
            reference: { anyOf: [{ type: 'string', maxLength: 120 }, { type: 'null' }] },
            note: { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'null' }] },
            outcome: { anyOf: [{ type: 'string', enum: [...CASE_OUTCOMES] }, { type: 'null' }] },
          },
          additionalProperties: false,
        },
      },
    },
    async (req) => recordAction(db, actorOf(req), req.params.id, req.body, config.timeZone),
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/numbers/indicators',
    {
      preHandler: callers,
      schema: {
        summary: 'Indicadores por centro y mes: proporción de llamadas improcedentes, llamantes reincidentes, casos y su resultado',
        tags: ['numeros'],
        querystring: { type: 'object', properties: { from: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, to: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } } },
      },
    },
    async (req) => {
      const today = zone.dayAndHour(new Date()).date;
      const to = req.query.to ?? today.slice(0, 7);
      const from = req.query.from ?? addDays(`${to}-01`, -330).slice(0, 7);
      if (from > to) throw new NumbersError('periodo_invalido', 'El mes inicial es posterior al final.');
      if (Number(to.slice(0, 4)) * 12 + Number(to.slice(5)) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5))) > 23) {
        throw new NumbersError('periodo_invalido', 'Consulte a lo más 24 meses a la vez.');
      }
      return { from, to, ...(await mitigationIndicators(db, from, to)) };
    },
  );

  const threshold = {
    type: 'object',
    required: ['calls', 'days'],
    properties: { calls: { type: 'integer' }, days: { type: 'integer' } },
    additionalProperties: false,
  } as const;
  app.put<{ Body: { threshold: Threshold; centerThresholds?: Record<string, Threshold> } }>(
    '/api/numbers/settings',
    {
      preHandler: requirePermission('numbers.verify'),
      schema: {
        summary: 'Cambia el umbral de llamadas improcedentes que abre un caso (general y por centro)',
        tags: ['numeros'],
        body: { type: 'object', required: ['threshold'], properties: { threshold, centerThresholds: { type: 'object', additionalProperties: threshold } }, additionalProperties: false },
      },
    },
    async (req) => {
      const known = new Set((await centers()).map((c) => c.code));
      const unknown = Object.keys(req.body.centerThresholds ?? {}).filter((c) => !known.has(c));
      if (unknown.length) throw new NumbersError('centro_desconocido', `No existen los centros: ${unknown.join(', ')}.`);
      const { before, after } = saveThresholds(config.dataDir, { threshold: req.body.threshold, centerThresholds: req.body.centerThresholds ?? {} });
      const actor = actorOf(req);
      await appendAudit(db, {
        actorId: actor.id, actor: actor.username, ip: actor.ip, action: 'numbers.settings', entity: 'numbers_settings', entityId: null,
        details: { before: { threshold: before.threshold, centerThresholds: before.centerThresholds }, after: { threshold: after.threshold, centerThresholds: after.centerThresholds } },
      });
      return { threshold: after.threshold, centerThresholds: after.centerThresholds };
    },
  );

  // ---- Submissions to the CNI ----------------------------------------------------------------------------------

  const visibleReports = (req: FastifyRequest) => (Object.keys(SUBMITTED_REPORTS) as (keyof typeof SUBMITTED_REPORTS)[]).filter((r) => can(req.user, SUBMITTED_REPORTS[r]));

  app.get('/api/numbers/submissions', { preHandler: read, schema: { summary: 'Envíos mensuales de los listados al CNI', tags: ['numeros'] } }, async (req) => {
    const reports = visibleReports(req);
    const products = await db
      .selectFrom('products')
      .select(['id', 'report_type', 'period_key', 'version', 'generated_at', 'summary'])
      .where('report_type', 'in', reports.length ? reports : ['-'])
      .where('derived_from_id', 'is', null)
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    return { submissions: await listSubmissions(db, reports), products: products.map((p) => ({ ...p, id: Number(p.id) })) };
  });

  app.post<{ Body: SubmissionInput }>(
    '/api/numbers/submissions',
    {
      preHandler: edit,
      schema: {
        summary: 'Registra el envío mensual de un listado al CNI: producto, fecha y oficio',
        tags: ['numeros'],
        body: {
          type: 'object',
          required: ['reportCode', 'productId', 'sentAt', 'oficioFolio'],
          properties: {
            reportCode: { type: 'string', enum: Object.keys(SUBMITTED_REPORTS) },
            productId: { type: 'integer', minimum: 1 },
            sentAt: { type: 'string', maxLength: 40 },
            oficioFolio: { type: 'string', maxLength: 100 },
            dispatchId: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
          },
          additionalProperties: false,
        },
      },
    },
    async (req, reply) => {
      if (!can(req.user, SUBMITTED_REPORTS[req.body.reportCode])) {
        return reply.code(403).send({ code: 'sin_permiso', message: `No tiene permiso para ${PERMISSION_LABELS[SUBMITTED_REPORTS[req.body.reportCode]]}.` });
      }
      return reply.code(201).send(await recordSubmission(db, actorOf(req), req.body));
    },
  );
}
