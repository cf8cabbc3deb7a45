// HTTP routes of the call audio archive: find an incident's recordings by center and folio, upload one, ask to play
// or download it (the reason is required and recorded; the answer is a short-lived URL the audio element streams from,
// with byte ranges), legal holds, the chain-of-custody package and the retention status. Registered by the server:
//   await app.register(callAudioRoutes, { db, config });
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { accessErrorHandler, requireAuth, requirePermission } from '../../access/plugin.ts';
import type { Actor } from '../../access/users.ts';
import { incidentRef, incidentsByFolio } from '../../incidents/folios.ts';
import { stateName } from '../../reference/geography.ts';
import { buildCustodyPackage } from './custody.ts';
import { AUDIO_FORMATS } from './media.ts';
import { AudioError, MAX_RECORDING_BYTES, attachRecording, custodyOf, getRecording, liftHold, listRecordings, openTicket, recordingsOfIncident, requestAccess, retentionCutoff, setHold } from './recordings.ts';
import { AudioStore, AudioStoreError } from './store.ts';

export interface CallAudioRoutesOptions {
  db: Kysely<Database>;
  config: Config;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const actorOf = (req: FastifyRequest): Actor & { id: number } => ({ id: req.user!.id, username: req.user!.username, ip: req.ip });

function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AudioError) return reply.code(err.status).send({ code: err.code, message: err.message });
  if (err instanceof AudioStoreError) return reply.code(err.code === 'archivo_muy_grande' ? 413 : 409).send({ code: err.code, message: err.message });
  return accessErrorHandler(err, req, reply);
}

/** The first range of a Range header (bytes=a-b, bytes=a-, bytes=-n), or null when absent or unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)(?:,|$)/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

export async function callAudioRoutes(app: FastifyInstance, opts: CallAudioRoutesOptions): Promise<void> {
  const { db, config } = opts;
  const store = AudioStore.forDataDir(config.dataDir);
  app.setErrorHandler(errorHandler);
  const read = requirePermission('audio.read');
  const play = requirePermission('audio.play');
  const attach = requirePermission('audio.attach');
  const custodyPerm = requirePermission('audio.custody');

  const withCustody = async (recordingId: number) => {
    const r = await getRecording(db, recordingId);
    if (!r) throw new AudioError('audio_no_encontrado', 'No existe ese audio.', 404);
    return { recording: r, ...(await custodyOf(db, recordingId)) };
  };

  app.get('/api/call-audio/settings', { preHandler: read, schema: { summary: 'Formatos, periodo de conservación y patrón de nombres del archivo de audios', tags: ['audios'] } }, async () => {
    const cutoff = retentionCutoff(new Date(), config.audioRetentionDays);
    const { rows } = await sql<{ stored: number; purged: number; held: number; due: number; due_held: number }>`
      SELECT count(*) FILTER (WHERE status = 'stored')::int AS stored,
             count(*) FILTER (WHERE status = 'purged')::int AS purged,
             count(*) FILTER (WHERE status = 'stored' AND EXISTS (SELECT 1 FROM call_recording_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL))::int AS held,
             count(*) FILTER (WHERE status = 'stored' AND recorded_at < ${cutoff})::int AS due,
             count(*) FILTER (WHERE status = 'stored' AND recorded_at < ${cutoff} AND EXISTS (SELECT 1 FROM call_recording_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL))::int AS due_held
      FROM call_recordings r`.execute(db);
    // The centers to search by, for people of the archive who do not read the reference catalogs (legal reviewers).
    const centers = await db.selectFrom('call_centers').select(['code', 'name']).where('state_code', '=', config.stateCode).orderBy('code').execute();
    return { formats: AUDIO_FORMATS, maxBytes: MAX_RECORDING_BYTES, retentionDays: config.audioRetentionDays, retentionCutoff: cutoff, namePattern: 'CENTRO_FOLIO[_N].ext', counts: rows[0], centers };
  });

  app.get<{ Querystring: { center: string; folio: string } }>(
    '/api/call-audio/incidents',
    {
      preHandler: read,
      schema: {
        summary: 'Un incidente por centro y folio, con sus audios',
        tags: ['audios'],
        querystring: { type: 'object', required: ['center', 'folio'], properties: { center: { type: 'string', maxLength: 20 }, folio: { type: 'string', minLength: 1, maxLength: 80 } } },
      },
    },
    async (req) => {
      const incident = (await incidentsByFolio(db, req.query.center, [req.query.folio.trim()])).get(req.query.folio.trim());
      if (!incident) throw new AudioError('incidente_no_encontrado', `No hay un incidente con el folio ${req.query.folio} en el centro ${req.query.center}.`, 404);
      return { incident, recordings: await recordingsOfIncident(db, incident.id) };
    },
  );

  app.get<{ Querystring: { center?: string; status?: 'stored' | 'purged'; held?: boolean; beforeId?: number; limit?: number } }>(
    '/api/call-audio/recordings',
    {
      preHandler: read,
      schema: {
        summary: 'Audios del archivo, los más recientes primero (los purgados quedan como registro)',
        tags: ['audios'],
        querystring: {
          type: 'object',
          properties: {
            center: { type: 'string', maxLength: 20 },
            status: { type: 'string', enum: ['stored', 'purged'] },
            held: { type: 'boolean' },
            beforeId: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
        },
      },
    },
    async (req) => ({ recordings: await listRecordings(db, req.query) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/call-audio/recordings/:id',
    { preHandler: read, schema: { summary: 'Un audio con sus retenciones y su registro de custodia', tags: ['audios'], params: idParams } },
    async (req) => withCustody(req.params.id),
  );

  app.post<{ Params: { id: number } }>(
    '/api/call-audio/incidents/:id/recordings',
    { preHandler: attach, schema: { summary: 'Anexa un audio (WAV, MP3 u OGG; multipart, campo «file») a un incidente', tags: ['audios'], params: idParams, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const incident = await incidentRef(db, req.params.id);
      if (!incident) throw new AudioError('incidente_no_encontrado', 'No existe ese incidente.', 404);
      const file = await req.file({ limits: { fileSize: MAX_RECORDING_BYTES } });
      if (!file) throw new AudioError('falta_archivo', 'Adjunte el archivo de audio.');
      const outcome = await attachRecording(db, store, actorOf(req), { incident, data: file.file, originalName: file.filename, source: 'web' });
      return reply.code(outcome.status === 'attached' ? 201 : 200).send(outcome);
    },
  );

  app.post<{ Params: { id: number }; Body: { purpose: 'play' | 'download'; reason: string; reference?: string } }>(
    '/api/call-audio/recordings/:id/access',
    {
      preHandler: play,
      schema: {
        summary: 'Registra el motivo para escuchar o descargar un audio y entrega la dirección para hacerlo (15 minutos)',
        tags: ['audios'],
        params: idParams,
        body: {
          type: 'object',
          required: ['purpose', 'reason'],
          properties: { purpose: { type: 'string', enum: ['play', 'download'] }, reason: { type: 'string', maxLength: 500 }, reference: { type: 'string', maxLength: 120 } },
        },
      },
    },
    async (req) => {
      const { token, expiresAt } = await requestAccess(db, store, actorOf(req), req.params.id, req.body);
      return { url: `/api/call-audio/stream/${token}`, expiresAt };
    },
  );

  app.get<{ Params: { token: string } }>(
    '/api/call-audio/stream/:token',
    {
      preHandler: requireAuth,
      schema: { summary: 'El audio de un acceso registrado (admite rangos de bytes para el reproductor)', tags: ['audios'], params: { type: 'object', required: ['token'], properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } } } },
    },
    async (req, reply) => {
      const { recording, purpose } = await openTicket(db, req.params.token, req.user!.id);
      const size = await store.size(recording.sha256);
      const range = parseRange(req.headers.range, size);
      reply
        .header('content-type', recording.media_type)
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256', recording.sha256);
      if (purpose === 'download') {
        const name = `${recording.center_code}_${recording.folio}_${recording.id}.${recording.format}`.replace(/[^A-Za-z0-9._-]+/g, '-');
        reply.header('content-disposition', `attachment; filename="${name}"`);
      }
      if (range === 'invalid') return reply.code(416).header('content-range', `bytes */${size}`).send();
      if (range) {
        return reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', String(range.end - range.start + 1))
          .send(store.read(recording.sha256, range));
      }
      return reply.header('content-length', String(size)).send(store.read(recording.sha256));
    },
  );

  app.post<{ Params: { id: number }; Body: { reason: string; reference?: string } }>(
    '/api/call-audio/recordings/:id/hold',
    {
      preHandler: custodyPerm,
      schema: { summary: 'Pone un audio bajo retención legal (no se purga mientras dure)', tags: ['audios'], params: idParams, body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 500 }, reference: { type: 'string', maxLength: 120 } } } },
    },
    async (req, reply) => reply.code(201).send(await setHold(db, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    '/api/call-audio/holds/:id/lift',
    {
      preHandler: custodyPerm,
      schema: { summary: 'Levanta una retención legal', tags: ['audios'], params: idParams, body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 500 } } } },
    },
    async (req) => {
      await liftHold(db, actorOf(req), req.params.id, req.body);
      return { ok: true };
    },
  );

  app.post<{ Body: { recordingIds: number[]; reason: string; reference?: string; recipient?: string } }>(
    '/api/call-audio/custody-packages',
    {
      preHandler: custodyPerm,
      schema: {
        summary: 'Paquete de cadena de custodia (ZIP: audios, SHA256SUMS, registro de custodia en JSON y PDF)',
        tags: ['audios'],
        body: {
          type: 'object',
          required: ['recordingIds', 'reason'],
          properties: {
            recordingIds: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'integer', minimum: 1 } },
            reason: { type: 'string', maxLength: 500 },
            reference: { type: 'string', maxLength: 120 },
            recipient: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (req, reply) => {
      const pkg = await buildCustodyPackage(db, store, actorOf(req), req.body, { stateName: stateName(config.stateCode) ?? config.stateCode, timeZone: config.timeZone });
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${pkg.fileName}"`)
        .header('x-content-sha256', pkg.sha256)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pkg.content));
    },
  );
}
