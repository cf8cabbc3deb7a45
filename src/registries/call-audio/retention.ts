// The scheduled purge of recordings past their retention period (ATALAYA_AUDIO_RETENTION_DAYS, 365 by default),
// as a periodic job of the report worker: enqueued once per local day, it purges what is due and leaves the legal
// holds alone.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../access/users.ts';
import type { PeriodicJob } from '../../reports/scheduler.ts';
import { LocalTime } from '../../util/local-time.ts';
import { purgeExpired } from './recordings.ts';
import { AudioStore } from './store.ts';

export const PURGE_JOB = 'call_audio_purge';

export function callAudioPurgeJob(
  db: Kysely<Database>,
  config: Pick<Config, 'dataDir' | 'timeZone' | 'audioRetentionDays'>,
  clock: () => Date = () => new Date(),
): PeriodicJob {
  const zone = new LocalTime(config.timeZone);
  const store = AudioStore.forDataDir(config.dataDir);
  return {
    kind: PURGE_JOB,
    keyFor: (now) => `${PURGE_JOB}:${zone.dayAndHour(now).date}`,
    run: async () => ({ ...(await purgeExpired(db, store, SYSTEM_ACTOR, config.audioRetentionDays, clock())), retentionDays: config.audioRetentionDays }),
  };
}
