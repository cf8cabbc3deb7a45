// Demonstration recordings: a handful of short synthetic WAV files (a ringing tone, generated here in code, so no
// audio is kept in the repository) attached to demo incidents of the last days of the demo, one under a legal hold.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../access/users.ts';
import { incidentRef } from '../../incidents/folios.ts';
import { attachRecording, setHold } from './recordings.ts';
import { AudioStore } from './store.ts';
import { toneWav } from './tone.ts';

export async function seedCallAudioDemo(db: Kysely<Database>, opts: { dataDir: string; count?: number }): Promise<number> {
  const any = await db.selectFrom('call_recordings').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const store = AudioStore.forDataDir(opts.dataDir);
  // The latest real 9-1-1 calls of the demo (improper ones carry no useful audio).
  const rows = await db
    .selectFrom('incidents')
    .select('id')
    .where('channel', '=', '911')
    .where('is_improper', '=', false)
    .orderBy('received_at', 'desc')
    .limit(opts.count ?? 6)
    .execute();
  let n = 0;
  for (const [i, row] of rows.entries()) {
    const incident = (await incidentRef(db, Number(row.id)))!;
    const wav = toneWav({ seconds: 3 + i, frequency: 400 + 40 * i });
    const { recording } = await attachRecording(db, store, SYSTEM_ACTOR, {
      incident,
      data: Readable.from([Buffer.from(wav)]),
      originalName: `${incident.center_code}_${incident.folio}.wav`,
      source: 'demo',
    });
    if (i === 0) await setHold(db, SYSTEM_ACTOR, recording.id, { reason: 'Demostración: solicitud de la Fiscalía en trámite', reference: 'DEMO-FGE-SOL-0001' });
    n++;
  }
  return n;
}
