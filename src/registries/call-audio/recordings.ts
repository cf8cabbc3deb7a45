// The recordings: attaching a file to an incident (type from the bytes, SHA-256, duration), reading the archive,
// access with a recorded reason (a ticket the audio element streams with), legal holds, and the purge of recordings
// past their retention. Every change writes its custody event and its audit entry in the same transaction.
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import type { IncidentRef } from '../../incidents/folios.ts';
import { AUDIO_MEDIA_TYPES, audioInfo, sniffAudio } from './media.ts';
import { AudioStoreError, type AudioStore } from './store.ts';
import type { CallRecordingsTable, CustodyAction } from './tables.ts';

/** A request that cannot be served; Spanish, for the user. */
export class AudioError extends Error {
  override name = 'AudioError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
/** How long a ticket to play or download lasts. */
export const TICKET_MS = 15 * 60_000;

export type Recording = Selectable<CallRecordingsTable> & { on_hold: boolean };

export interface AttachOutcome {
  status: 'attached' | 'already_attached';
  recording: Recording;
  /** E.g. the file said .mp3 and was a WAV. */
  warnings: string[];
}

const auditOf = (actor: Actor) => ({ actorId: actor.id, actor: actor.username, ip: actor.ip ?? null });

async function custody(
  trx: Kysely<Database>,
  actor: Actor,
  recordingId: number,
  action: CustodyAction,
  e: { reason?: string | null; reference?: string | null; details?: Record<string, unknown>; at?: Date } = {},
): Promise<number> {
  const row = await trx
    .insertInto('call_recording_custody')
    .values({
      recording_id: recordingId,
      at: e.at ?? new Date(),
      actor_id: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action,
      reason: e.reason ?? null,
      reference: e.reference ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const EXTENSIONS: Record<string, string> = { wav: 'wav', wave: 'wav', mp3: 'mp3', ogg: 'ogg', oga: 'ogg', opus: 'ogg' };

/**
 * Stores the bytes and attaches them to the incident. The same file attached again to the same incident is not a
 * second recording. A file that is not WAV, MP3 or OGG by its bytes is refused and nothing is kept of it.
 */
export async function attachRecording(
  db: Kysely<Database>,
  store: AudioStore,
  actor: Actor,
  input: { incident: IncidentRef; data: Readable; originalName: string; source: 'cli' | 'web' | 'demo' },
): Promise<AttachOutcome> {
  const blob = await store.put(input.data, { maxBytes: MAX_RECORDING_BYTES });
  const discard = async () => {
    if (blob.existed) return;
    const used = await db.selectFrom('call_recordings').select('id').where('sha256', '=', blob.sha256).where('status', '=', 'stored').executeTakeFirst();
    if (!used) await store.remove(blob.sha256);
  };
  const format = sniffAudio(blob.head);
  if (!format) {
    await discard();
    throw new AudioError('formato_no_admitido', `«${input.originalName}» no es un audio WAV, MP3 ni OGG (el tipo se reconoce por el contenido del archivo, no por su nombre).`, 415);
  }
  const info = audioInfo(format, blob.head, blob.size);
  if ('error' in info) {
    await discard();
    throw new AudioError('audio_ilegible', `«${input.originalName}»: ${info.error}.`, 422);
  }
  const warnings: string[] = [];
  const ext = input.originalName.split('.').pop()?.toLowerCase() ?? '';
  if (EXTENSIONS[ext] && EXTENSIONS[ext] !== format) warnings.push(`el nombre dice .${ext} pero el contenido es ${format.toUpperCase()}`);
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('call_recordings')
        .select('id')
        .where('incident_id', '=', input.incident.id)
        .where('sha256', '=', blob.sha256)
        .executeTakeFirst();
      if (existing) return { status: 'already_attached' as const, recording: (await getRecording(trx, Number(existing.id)))!, warnings };
      const row = await trx
        .insertInto('call_recordings')
        .values({
          incident_id: input.incident.id,
          center_code: input.incident.center_code,
          folio: input.incident.folio,
          sha256: blob.sha256,
          format,
          media_type: AUDIO_MEDIA_TYPES[format],
          size: blob.size,
          duration_seconds: info.durationSeconds,
          duration_note: info.durationNote,
          sample_rate: info.sampleRate,
          channels: info.channels,
          original_name: input.originalName.slice(0, 255),
          recorded_at: input.incident.received_at,
          attached_by: actor.username,
          source: input.source,
          status: 'stored',
          purged_at: null,
          purged_by: null,
          purge_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await custody(trx, actor, id, 'attach', { details: { sha256: blob.sha256, size: blob.size, format, originalName: input.originalName, source: input.source } });
      await appendAudit(trx, {
        ...auditOf(actor),
        action: 'call_audio.attach',
        entity: 'call_recording',
        entityId: id,
        details: { center: input.incident.center_code, folio: input.incident.folio, sha256: blob.sha256, size: blob.size, format },
      });
      return { status: 'attached' as const, recording: (await getRecording(trx, id))!, warnings };
    });
  } catch (err) {
    await discard();
    throw err;
  }
}

function recordingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('call_recordings as r')
    .selectAll('r')
    .select(sql<boolean>`EXISTS (SELECT 1 FROM call_recording_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL)`.as('on_hold'));
}

const shape = (r: Record<string, unknown>): Recording => ({ ...(r as unknown as Recording), id: Number(r.id), incident_id: Number(r.incident_id), size: Number(r.size) });

export async function getRecording(db: Kysely<Database>, id: number): Promise<Recording | undefined> {
  const r = await recordingQuery(db).where('r.id', '=', id).executeTakeFirst();
  return r ? shape(r) : undefined;
}

export async function recordingsOfIncident(db: Kysely<Database>, incidentId: number): Promise<Recording[]> {
  return (await recordingQuery(db).where('r.incident_id', '=', incidentId).orderBy('r.id').execute()).map(shape);
}

export async function listRecordings(db: Kysely<Database>, f: { center?: string; status?: 'stored' | 'purged'; held?: boolean; limit?: number; beforeId?: number } = {}) {
  let q = recordingQuery(db);
  if (f.center) q = q.where('r.center_code', '=', f.center);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.held !== undefined) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM call_recording_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL)`, '=', f.held);
  if (f.beforeId) q = q.where('r.id', '<', f.beforeId);
  return (await q.orderBy('r.id', 'desc').limit(Math.min(f.limit ?? 50, 500)).execute()).map(shape);
}

/** Holds and custody events of a recording, oldest first. */
export async function custodyOf(db: Kysely<Database>, recordingId: number) {
  const [holds, events] = await Promise.all([
    db.selectFrom('call_recording_holds').selectAll().where('recording_id', '=', recordingId).orderBy('id').execute(),
    db.selectFrom('call_recording_custody').selectAll().where('recording_id', '=', recordingId).orderBy('id').execute(),
  ]);
  return {
    holds: holds.map((h) => ({ ...h, id: Number(h.id), recording_id: Number(h.recording_id) })),
    events: events.map((e) => ({ ...e, id: Number(e.id), recording_id: Number(e.recording_id), actor_id: e.actor_id === null ? null : Number(e.actor_id) })),
  };
}

function checkReason(reason: string, what: string) {
  const r = reason.trim();
  if (r.length < 5) throw new AudioError('motivo_requerido', `Escriba el motivo ${what} (al menos 5 caracteres), por ejemplo el número de solicitud de la Fiscalía.`);
  if (r.length > 500) throw new AudioError('motivo_invalido', 'El motivo es demasiado largo (hasta 500 caracteres).');
  return r;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Records why the user will listen to or download a recording (custody event and audit entry), after checking that
 * the stored file still has its hash, and returns a ticket for the stream route.
 */
export async function requestAccess(
  db: Kysely<Database>,
  store: AudioStore,
  actor: Actor & { id: number },
  recordingId: number,
  req: { purpose: 'play' | 'download'; reason: string; reference?: string | null },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const reason = checkReason(req.reason, req.purpose === 'play' ? 'para escuchar el audio' : 'de la descarga');
  const reference = req.reference?.trim() || null;
  const recording = await getRecording(db, recordingId);
  if (!recording) throw new AudioError('audio_no_encontrado', 'No existe ese audio.', 404);
  if (recording.status === 'purged') throw new AudioError('audio_purgado', 'Ese audio fue purgado al vencer su periodo de conservación; solo queda su registro de custodia.', 410);
  await store.verify(recording.sha256).catch((err: unknown) => {
    if (err instanceof AudioStoreError) throw new AudioError(err.code, err.message, 409);
    throw err;
  });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TICKET_MS);
  await db.transaction().execute(async (trx) => {
    const custodyId = await custody(trx, actor, recordingId, req.purpose, { reason, reference, at: now, details: { sha256: recording.sha256, verified: true } });
    await trx.insertInto('call_recording_tickets').values({ token_hash: tokenHash(token), recording_id: recordingId, user_id: actor.id, purpose: req.purpose, custody_id: custodyId, expires_at: expiresAt }).execute();
    await trx.deleteFrom('call_recording_tickets').where('expires_at', '<', now).execute();
    await appendAudit(trx, {
      ...auditOf(actor),
      action: `call_audio.${req.purpose}`,
      entity: 'call_recording',
      entityId: recordingId,
      details: { reason, reference, sha256: recording.sha256 },
    });
  });
  return { token, expiresAt };
}

/** The recording a ticket opens, for the user who asked for it, while it lasts. */
export async function openTicket(db: Kysely<Database>, token: string, userId: number, now = new Date()) {
  const t = await db.selectFrom('call_recording_tickets').selectAll().where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!t || Number(t.user_id) !== userId || new Date(t.expires_at).getTime() < now.getTime()) {
    throw new AudioError('acceso_vencido', 'El acceso a este audio venció o no es suyo; vuelva a indicar el motivo para escucharlo.', 403);
  }
  const recording = await getRecording(db, Number(t.recording_id));
  if (!recording || recording.status !== 'stored') throw new AudioError('audio_purgado', 'Ese audio ya no está en el archivo.', 410);
  return { recording, purpose: t.purpose };
}

export async function setHold(db: Kysely<Database>, actor: Actor, recordingId: number, req: { reason: string; reference?: string | null }) {
  const reason = checkReason(req.reason, 'de la retención legal');
  const reference = req.reference?.trim() || null;
  return db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('call_recordings').select(['id', 'status']).where('id', '=', recordingId).forUpdate().executeTakeFirst();
    if (!r) throw new AudioError('audio_no_encontrado', 'No existe ese audio.', 404);
    if (r.status === 'purged') throw new AudioError('audio_purgado', 'Ese audio ya fue purgado; no puede retenerse.', 410);
    const active = await trx.selectFrom('call_recording_holds').select('id').where('recording_id', '=', recordingId).where('lifted_at', 'is', null).executeTakeFirst();
    if (active) throw new AudioError('ya_retenido', 'El audio ya está bajo retención legal.', 409);
    const now = new Date();
    const hold = await trx.insertInto('call_recording_holds').values({ recording_id: recordingId, set_at: now, set_by: actor.username, reason, reference }).returning('id').executeTakeFirstOrThrow();
    await custody(trx, actor, recordingId, 'hold_set', { reason, reference, at: now, details: { holdId: Number(hold.id) } });
    await appendAudit(trx, { ...auditOf(actor), action: 'call_audio.hold_set', entity: 'call_recording', entityId: recordingId, details: { holdId: Number(hold.id), reason, reference } });
    return { id: Number(hold.id) };
  });
}

export async function liftHold(db: Kysely<Database>, actor: Actor, holdId: number, req: { reason: string }) {
  const reason = checkReason(req.reason, 'para levantar la retención');
  return db.transaction().execute(async (trx) => {
    const hold = await trx.selectFrom('call_recording_holds').selectAll().where('id', '=', holdId).forUpdate().executeTakeFirst();
    if (!hold) throw new AudioError('retencion_no_encontrada', 'No existe esa retención legal.', 404);
    if (hold.lifted_at) throw new AudioError('ya_levantada', 'Esa retención ya se levantó.', 409);
    const now = new Date();
    await trx.updateTable('call_recording_holds').set({ lifted_at: now, lifted_by: actor.username, lift_reason: reason }).where('id', '=', holdId).execute();
    const recordingId = Number(hold.recording_id);
    await custody(trx, actor, recordingId, 'hold_lift', { reason, at: now, details: { holdId } });
    await appendAudit(trx, { ...auditOf(actor), action: 'call_audio.hold_lift', entity: 'call_recording', entityId: recordingId, details: { holdId, reason } });
  });
}

/** The instant before which a call's recording is past its retention. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

export interface PurgeResult {
  purged: number;
  /** Past retention but kept under a legal hold. */
  held: number;
  filesRemoved: number;
}

/**
 * Purges the recordings whose call is older than the retention period and that no legal hold keeps: the file is
 * deleted once no stored recording uses it, and the row stays as a tombstone (hash, who and when) with its custody
 * event and audit entry. Files of earlier purges that are still on disk (a crash between commit and delete) are
 * removed too.
 */
export async function purgeExpired(db: Kysely<Database>, store: AudioStore, actor: Actor, retentionDays: number, now = new Date()): Promise<PurgeResult> {
  const cutoff = retentionCutoff(now, retentionDays);
  const reason = `periodo de conservación vencido (${retentionDays} días desde la llamada)`;
  const { purged, held, hashes } = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('call_recordings as r')
      .select(['r.id', 'r.sha256', 'r.center_code', 'r.folio'])
      .where('r.status', '=', 'stored')
      .where('r.recorded_at', '<', cutoff)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM call_recording_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL)`)
      .forUpdate()
      .execute();
    const heldRow = await trx
      .selectFrom('call_recordings as r')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('r.status', '=', 'stored')
      .where('r.recorded_at', '<', cutoff)
      .where(sql<boolean>`EXISTS (SELECT 1 FROM call_recording_holds h WHERE h.recording_id = r.id AND h.lifted_at IS NULL)`)
      .executeTakeFirstOrThrow();
    for (const r of due) {
      const id = Number(r.id);
      await trx.updateTable('call_recordings').set({ status: 'purged', purged_at: now, purged_by: actor.username, purge_reason: reason }).where('id', '=', id).execute();
      await trx.deleteFrom('call_recording_tickets').where('recording_id', '=', id).execute();
      await custody(trx, actor, id, 'purge', { reason, at: now, details: { sha256: r.sha256, retentionDays } });
      await appendAudit(trx, { ...auditOf(actor), action: 'call_audio.purge', entity: 'call_recording', entityId: id, details: { sha256: r.sha256, center: r.center_code, folio: r.folio, reason } });
    }
    return { purged: due.length, held: Number(heldRow.n), hashes: [...new Set(due.map((r) => r.sha256))] };
  });
  // After the commit: files no stored recording uses any more (this purge's, and any an interrupted one left).
  const { rows } = await sql<{ sha256: string }>`
    SELECT DISTINCT sha256 FROM call_recordings p WHERE status = 'purged'
      AND NOT EXISTS (SELECT 1 FROM call_recordings s WHERE s.sha256 = p.sha256 AND s.status = 'stored')`.execute(db);
  let filesRemoved = 0;
  for (const sha of new Set([...hashes, ...rows.map((r) => r.sha256)])) {
    const stillUsed = await db.selectFrom('call_recordings').select('id').where('sha256', '=', sha).where('status', '=', 'stored').executeTakeFirst();
    if (!stillUsed && (await store.remove(sha))) filesRemoved++;
  }
  return { purged, held, filesRemoved };
}
