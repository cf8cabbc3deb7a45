// The chain-of-custody package of a set of recordings (for a prosecutor's request, a court, an internal review):
// a ZIP with the audio files as stored, SHA256SUMS (checkable with `sha256sum -c SHA256SUMS`), manifiesto.json, and
// the custody record — every attach, access, transfer, hold and purge with who, when and why, this export included —
// as cadena-de-custodia.json and cadena-de-custodia.pdf. Each file is checked against its hash before it goes in; a
// purged recording appears with its tombstone and no file. The export is itself a custody event of each recording,
// and the package's own SHA-256 goes to the audit log.
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { heading, newPdf, paragraph, pdfBytes, table } from '../../reports/render/pdf.ts';
import type { ProductMeta } from '../../reports/types.ts';
import { AudioError, custodyOf, getRecording, type Recording } from './recordings.ts';
import type { AudioStore } from './store.ts';

export interface CustodyPackage {
  fileName: string;
  content: Uint8Array;
  sha256: string;
  files: { path: string; sha256: string; size: number }[];
}

export interface PackageRequest {
  recordingIds: number[];
  reason: string;
  reference?: string | null;
  /** Who receives it (an agency, a prosecutor's office). */
  recipient?: string | null;
}

const ACTION_LABELS: Record<string, string> = {
  attach: 'Anexado',
  play: 'Reproducción',
  download: 'Descarga',
  export: 'Entrega en paquete de custodia',
  hold_set: 'Retención legal',
  hold_lift: 'Levantamiento de retención',
  purge: 'Purga por retención vencida',
};

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const fileNameOf = (r: Recording) => `audios/${r.center_code}_${r.folio.replace(/[^A-Za-z0-9.-]+/g, '~')}_${r.id}.${r.format}`;

export async function buildCustodyPackage(
  db: Kysely<Database>,
  store: AudioStore,
  actor: Actor,
  req: PackageRequest,
  opts: { stateName: string; timeZone: string },
): Promise<CustodyPackage> {
  const reason = req.reason.trim();
  if (reason.length < 5) throw new AudioError('motivo_requerido', 'Escriba el motivo de la entrega (al menos 5 caracteres), por ejemplo el número de solicitud de la Fiscalía.');
  const ids = [...new Set(req.recordingIds)];
  if (ids.length === 0) throw new AudioError('sin_audios', 'Elija al menos un audio para el paquete.');
  if (ids.length > 500) throw new AudioError('demasiados_audios', 'Un paquete admite hasta 500 audios.');
  const recordings: Recording[] = [];
  for (const id of ids) {
    const r = await getRecording(db, id);
    if (!r) throw new AudioError('audio_no_encontrado', `No existe el audio ${id}.`, 404);
    recordings.push(r);
  }
  // Read and check every file first: a damaged or missing file stops the export before anything is recorded.
  const contents = new Map<number, Uint8Array>();
  for (const r of recordings) {
    if (r.status !== 'stored') continue;
    let bytes: Uint8Array;
    try {
      bytes = await store.readAll(r.sha256);
    } catch {
      throw new AudioError('archivo_faltante', `No se encuentra el archivo del audio ${r.id} (${r.folio}); no se generó el paquete.`, 409);
    }
    if (sha(bytes) !== r.sha256) throw new AudioError('integridad', `El archivo del audio ${r.id} (${r.folio}) no corresponde a su huella; no se generó el paquete.`, 409);
    contents.set(r.id, bytes);
  }
  const files = recordings.filter((r) => contents.has(r.id)).map((r) => ({ path: fileNameOf(r), sha256: r.sha256, size: r.size }));
  const sums = files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
  const sumsSha = sha(new TextEncoder().encode(sums));
  const now = new Date();
  const reference = req.reference?.trim() || null;
  const recipient = req.recipient?.trim() || null;

  return db.transaction().execute(async (trx) => {
    for (const r of recordings) {
      await trx
        .insertInto('call_recording_custody')
        .values({
          recording_id: r.id, at: now, actor_id: actor.id, actor: actor.username, ip: actor.ip ?? null, action: 'export', reason, reference,
          details: JSON.stringify({ recipient, included: contents.has(r.id), manifestSha256: sumsSha, recordings: ids.length }),
        })
        .execute();
    }
    const record = [];
    for (const r of recordings) {
      const { holds, events } = await custodyOf(trx, r.id);
      record.push({
        recordingId: r.id,
        incident: { center: r.center_code, folio: r.folio, receivedAt: new Date(r.recorded_at).toISOString() },
        file: contents.has(r.id) ? fileNameOf(r) : null,
        sha256: r.sha256,
        format: r.format,
        size: r.size,
        durationSeconds: r.duration_seconds,
        durationNote: r.duration_note,
        originalName: r.original_name,
        status: r.status === 'stored' ? 'guardado' : 'purgado',
        attached: { at: new Date(r.attached_at).toISOString(), by: r.attached_by, source: r.source },
        purged: r.status === 'purged' ? { at: new Date(r.purged_at!).toISOString(), by: r.purged_by, reason: r.purge_reason } : null,
        holds: holds.map((h) => ({ setAt: new Date(h.set_at).toISOString(), setBy: h.set_by, reason: h.reason, reference: h.reference, liftedAt: h.lifted_at ? new Date(h.lifted_at).toISOString() : null, liftedBy: h.lifted_by, liftReason: h.lift_reason })),
        events: events.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, ip: e.ip, action: e.action, label: ACTION_LABELS[e.action] ?? e.action, reason: e.reason, reference: e.reference, details: e.details })),
      });
    }
    const pkg = {
      package: { createdAt: now.toISOString(), createdBy: actor.username, reason, reference, recipient, recordings: ids.length, files: files.length, sha256sumsSha256: sumsSha },
      recordings: record,
    };
    const manifest = { createdAt: now.toISOString(), algorithm: 'SHA-256', files, tombstones: recordings.filter((r) => !contents.has(r.id)).map((r) => ({ recordingId: r.id, sha256: r.sha256, status: 'purgado' })) };
    const pdf = await custodyPdf(pkg, opts, now);
    const zip: Zippable = {};
    for (const r of recordings) if (contents.has(r.id)) zip[fileNameOf(r)] = [contents.get(r.id)!, { level: 0, mtime: now }];
    zip['SHA256SUMS'] = [new TextEncoder().encode(sums), { level: 6, mtime: now }];
    zip['manifiesto.json'] = [new TextEncoder().encode(JSON.stringify(manifest, null, 2)), { level: 6, mtime: now }];
    zip['cadena-de-custodia.json'] = [new TextEncoder().encode(JSON.stringify(pkg, null, 2)), { level: 6, mtime: now }];
    zip['cadena-de-custodia.pdf'] = [pdf, { level: 0, mtime: now }];
    const content = zipSync(zip);
    const packageSha = sha(content);
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'call_audio.export',
      entity: 'call_recording',
      entityId: ids.length === 1 ? ids[0]! : null,
      details: { recordings: ids, reason, reference, recipient, packageSha256: packageSha, sha256sumsSha256: sumsSha },
    });
    const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return { fileName: `cadena-custodia-audios_${stamp}.zip`, content, sha256: packageSha, files };
  });
}

type PackageRecord = {
  package: { createdAt: string; createdBy: string; reason: string; reference: string | null; recipient: string | null; recordings: number; files: number; sha256sumsSha256: string };
  recordings: { recordingId: number; incident: { center: string; folio: string; receivedAt: string }; sha256: string; format: string; size: number; durationSeconds: number | null; status: string; events: { at: string; actor: string; label: string; reason: string | null; reference: string | null }[] }[];
};

async function custodyPdf(pkg: PackageRecord, opts: { stateName: string; timeZone: string }, now: Date): Promise<Uint8Array> {
  const when = new Intl.DateTimeFormat('es-MX', { timeZone: opts.timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const meta: ProductMeta = {
    reportCode: 'audios-911',
    reportName: 'Audios de llamadas recibidas en el servicio de llamadas de emergencia 9-1-1: cadena de custodia',
    periodLabel: when.format(now),
    periodKey: now.toISOString().slice(0, 10),
    stateName: opts.stateName,
    classificationLabel: 'Uso interno',
    cnieVersion: '3',
    scopeLabel: `${pkg.package.recordings} audio(s)`,
  };
  const doc = newPdf(meta, 'Cadena de custodia');
  heading(doc, 'Registro de cadena de custodia de audios 9-1-1');
  paragraph(doc, `Entrega preparada por ${pkg.package.createdBy} el ${when.format(now)}. Motivo: ${pkg.package.reason}.` +
    (pkg.package.reference ? ` Referencia: ${pkg.package.reference}.` : '') + (pkg.package.recipient ? ` Destinatario: ${pkg.package.recipient}.` : ''));
  paragraph(doc, `El paquete contiene ${pkg.package.files} archivo(s) de audio; el archivo SHA256SUMS lista la huella SHA-256 de cada uno ` +
    `(compruébelas con «sha256sum -c SHA256SUMS»). Huella de SHA256SUMS: ${pkg.package.sha256sumsSha256}.`);
  for (const r of pkg.recordings) {
    heading(doc, `Audio ${r.recordingId} · ${r.incident.center} ${r.incident.folio}`, 12);
    paragraph(doc, `Llamada recibida el ${when.format(new Date(r.incident.receivedAt))}. ${r.format.toUpperCase()}, ${r.size.toLocaleString('es-MX')} bytes` +
      `${r.durationSeconds === null ? ', duración no determinada' : `, ${r.durationSeconds.toLocaleString('es-MX')} s`}. Estado: ${r.status}.`);
    doc.font('Courier').fontSize(8).text(`SHA-256: ${r.sha256}`).font('Helvetica').fontSize(10).moveDown(0.3);
    table(
      doc,
      [
        { header: 'Fecha y hora', width: 120, value: (e) => when.format(new Date(String(e.at))) },
        { header: 'Quién', width: 80, value: (e) => String(e.actor) },
        { header: 'Acción', width: 120, value: (e) => String(e.label) },
        { header: 'Motivo y referencia', width: 192, value: (e) => [e.reason, e.reference].filter(Boolean).join(' · ') },
      ],
      r.events as unknown as Record<string, unknown>[],
    );
  }
  return pdfBytes(doc, meta);
}

