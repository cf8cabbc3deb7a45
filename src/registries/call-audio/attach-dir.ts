// Bulk attach of a folder of recordings (`atalaya audio attach DIR [--center CODE]`): each file's name gives its
// center and folio (names.ts), the incident is looked up, and the file attached; the report lists every file with
// what happened to it, the unmatched ones with the reason.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../access/users.ts';
import { incidentsByFolio } from '../../incidents/folios.ts';
import { parseRecordingName } from './names.ts';
import { AudioError, attachRecording } from './recordings.ts';
import type { AudioStore } from './store.ts';

export type FileOutcome = 'anexado' | 'ya_anexado' | 'sin_coincidencia' | 'rechazado';

export interface FolderReport {
  files: { file: string; outcome: FileOutcome; center: string | null; folio: string | null; recordingId: number | null; detail: string }[];
  counts: Record<FileOutcome, number>;
}

export async function attachFolder(db: Kysely<Database>, store: AudioStore, actor: Actor, dir: string, opts: { center?: string } = {}): Promise<FolderReport> {
  const centers = new Set((await db.selectFrom('call_centers').select('code').execute()).map((c) => c.code.toUpperCase()));
  if (opts.center && !centers.has(opts.center.toUpperCase())) throw new AudioError('centro_desconocido', `El centro «${opts.center}» no está registrado (${[...centers].join(', ')}).`);
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const report: FolderReport = { files: [], counts: { anexado: 0, ya_anexado: 0, sin_coincidencia: 0, rechazado: 0 } };
  const add = (r: FolderReport['files'][number]) => {
    report.files.push(r);
    report.counts[r.outcome]++;
  };
  for (const file of names) {
    const parsed = parseRecordingName(file, { center: opts.center, centers });
    if ('error' in parsed) {
      add({ file, outcome: 'sin_coincidencia', center: null, folio: null, recordingId: null, detail: parsed.error });
      continue;
    }
    const incident = (await incidentsByFolio(db, parsed.center, [parsed.folio])).get(parsed.folio);
    if (!incident) {
      add({ file, outcome: 'sin_coincidencia', center: parsed.center, folio: parsed.folio, recordingId: null, detail: `no hay un incidente con el folio ${parsed.folio} en el centro ${parsed.center}` });
      continue;
    }
    try {
      const r = await attachRecording(db, store, actor, { incident, data: createReadStream(join(dir, file)), originalName: file, source: 'cli' });
      add({
        file,
        outcome: r.status === 'attached' ? 'anexado' : 'ya_anexado',
        center: parsed.center,
        folio: parsed.folio,
        recordingId: r.recording.id,
        detail: [r.recording.duration_seconds === null ? r.recording.duration_note : `${r.recording.duration_seconds} s`, ...r.warnings].join('; '),
      });
    } catch (err) {
      if (!(err instanceof AudioError)) throw err;
      add({ file, outcome: 'rechazado', center: parsed.center, folio: parsed.folio, recordingId: null, detail: err.message });
    }
  }
  return report;
}
