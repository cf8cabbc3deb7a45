// The import pipeline: read (streaming) → map by profile → validate → locate → store + rollups, one transaction
// per batch. Killing the process loses at most the batch in flight, and running the same file again completes it:
// rows already stored come back as unchanged.
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Engine } from '../db/connection.ts';
import { copyRows } from '../db/copy.ts';
import { appendAudit } from '../access/audit.ts';
import { FingerprintSet } from '../util/key-set.ts';
import { createNormalizer, type IncidentRecord, type RejectReason } from './normalize.ts';
import type { ImportProfile } from './profiles.ts';
import { readRecordBatches, type Encoding, type FileFormat, type SourceRecord } from './reader.ts';
import { referenceLookups } from './lookups.ts';
import { storeBatch } from './store.ts';

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface ImportProgress extends ImportCounts {
  importId: number;
  bytesRead: number;
  bytesTotal: number | null;
}

export interface ImportSummary extends ImportCounts {
  importId: number;
  encoding: Encoding | null;
}

export interface ImportOptions {
  input: Readable;
  fileName: string;
  bytesTotal?: number | null;
  format: FileFormat;
  encoding?: Encoding | 'auto';
  profile: ImportProfile;
  /** Every row goes to this call center (the --center option). */
  center?: string;
  stateCode: string;
  timeZone: string;
  userId?: number | null;
  actor: string;
  ip?: string | null;
  /** Rows per transaction; callers pass importBatchSize(engine). */
  batchSize?: number;
  /** Called once the run is recorded, with its number. */
  onStart?: (importId: number) => void;
  onProgress?: (p: ImportProgress) => void;
  /** Clock for the "future date" rule; tests pin it. */
  now?: Date;
}

export class ImportError extends Error {}

/**
 * Rows per transaction. On the embedded database a transaction holds the only connection, so a batch must commit
 * within a few tens of milliseconds for the server to keep answering while an import runs; a PostgreSQL server
 * serves other sessions meanwhile, and larger batches cost less per row.
 */
export function importBatchSize(engine: Engine): number {
  return engine === 'pglite' ? 250 : 2000;
}
/** Rows validated between two yields to the event loop, so that a batch's transaction never waits on validation. */
const CLASSIFY_SLICE = 250;

export async function importIncidents(db: Kysely<Database>, opts: ImportOptions): Promise<ImportSummary> {
  const centers = new Set((await db.selectFrom('call_centers').select('code').execute()).map((c) => c.code));
  if (opts.center && !centers.has(opts.center)) {
    throw new ImportError(`El centro «${opts.center}» no está registrado. Centros: ${[...centers].join(', ')}.`);
  }
  const { catalogs, geography } = referenceLookups(opts.stateCode);
  const normalize = createNormalizer({
    profile: opts.profile,
    catalogs,
    geography,
    centers,
    forcedCenter: opts.center,
    timeZone: opts.timeZone,
    now: opts.now ?? new Date(),
  });

  const run = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('import_runs')
      .values({
        file_name: opts.fileName,
        profile: opts.profile.name,
        center_code: opts.center ?? null,
        status: 'running',
        user_id: opts.userId ?? null,
        bytes_total: opts.bytesTotal ?? null,
        rejected_by_reason: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: opts.userId ?? null,
      actor: opts.actor,
      ip: opts.ip ?? null,
      action: 'incidents.import.start',
      entity: 'import_run',
      entityId: r.id,
      details: { file: opts.fileName, profile: opts.profile.name, center: opts.center ?? null },
    });
    return r;
  });
  const importId = run.id;
  opts.onStart?.(importId);

  const counts: ImportCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectedByReason: {} };
  const seen = new FingerprintSet();
  let bytesRead = 0;
  let encoding: Encoding | null = null;

  const classify = async (batch: SourceRecord[]) => {
    const good: IncidentRecord[] = [];
    const rejects: { record: SourceRecord; reasons: RejectReason[] }[] = [];
    for (let i = 0; i < batch.length; i++) {
      if (i > 0 && i % CLASSIFY_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const record = batch[i]!;
      if (record.error || !record.values) {
        rejects.push({ record, reasons: [record.error!] });
        continue;
      }
      const result = normalize(record);
      if (!result.ok) {
        rejects.push({ record, reasons: result.reasons });
      } else if (!seen.add(`${result.incident.center_code}\u0000${result.incident.folio}`)) {
        rejects.push({
          record,
          reasons: [{ code: 'folio_duplicado_en_archivo', message: `El folio ${result.incident.folio} ya apareció antes en este archivo.` }],
        });
      } else {
        good.push(result.incident);
      }
    }
    return { good, rejects };
  };

  /** One transaction: the incidents, the rejected rows and the run's counters of one batch. */
  const writeBatch = async (
    good: IncidentRecord[],
    rejects: { record: SourceRecord; reasons: RejectReason[] }[],
    batchLength: number,
    bytesAtBatch: number,
  ) => {
    const next = await db.transaction().execute(async (trx) => {
      const stored = await storeBatch(trx, good, importId);
      await copyRows(
        trx,
        'import_rejects',
        ['import_id', 'line', 'raw', 'reasons'],
        rejects.map((r) => [importId, r.record.line, r.record.raw, r.reasons.map((x) => `${x.code}: ${x.message}`)]),
      );
      const byReason = { ...counts.rejectedByReason };
      for (const r of rejects) for (const code of new Set(r.reasons.map((x) => x.code))) byReason[code] = (byReason[code] ?? 0) + 1;
      const totals: ImportCounts = {
        read: counts.read + batchLength,
        inserted: counts.inserted + stored.inserted,
        updated: counts.updated + stored.updated,
        unchanged: counts.unchanged + stored.unchanged,
        rejected: counts.rejected + rejects.length,
        rejectedByReason: byReason,
      };
      await trx
        .updateTable('import_runs')
        .set({
          bytes_read: bytesAtBatch,
          read: totals.read,
          inserted: totals.inserted,
          updated: totals.updated,
          unchanged: totals.unchanged,
          rejected: totals.rejected,
          rejected_by_reason: JSON.stringify(totals.rejectedByReason),
          heartbeat_at: sql`now()`,
        })
        .where('id', '=', importId)
        .execute();
      return totals;
    });
    Object.assign(counts, next);
    opts.onProgress?.({ ...counts, importId, bytesRead: bytesAtBatch, bytesTotal: opts.bytesTotal ?? null });
  };
  try {
    const batches = readRecordBatches(opts.input, {
      format: opts.format,
      encoding: opts.encoding ?? 'auto',
      delimiter: opts.profile.delimiter,
      batchSize: opts.batchSize ?? importBatchSize('pglite'),
      onBytes: (b) => (bytesRead = b),
      onEncoding: (e) => (encoding = e),
    });
    // Batch N is written while batch N+1 is read and validated: the database and the parser overlap.
    let pending: Promise<void> = Promise.resolve();
    for await (const batch of batches) {
      const { good, rejects } = await classify(batch);
      const bytesAtBatch = bytesRead;
      await pending;
      pending = writeBatch(good, rejects, batch.length, bytesAtBatch);
      pending.catch(() => {}); // observed by the next await; this only keeps Node from calling it unhandled
    }
    await pending;
  } catch (err) {
    const message = (err as Error).message;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('import_runs')
        .set({ status: 'failed', finished_at: new Date(), error: message })
        .where('id', '=', importId)
        .execute();
      await appendAudit(trx, {
        actorId: opts.userId ?? null,
        actor: opts.actor,
        ip: opts.ip ?? null,
        action: 'incidents.import.fail',
        entity: 'import_run',
        entityId: importId,
        details: { error: message, ...counts },
      });
    });
    throw err instanceof ImportError ? err : new ImportError(`La importación se detuvo: ${message}`);
  }

  await db.transaction().execute(async (trx) => {
    await trx.updateTable('import_runs').set({ status: 'done', finished_at: new Date() }).where('id', '=', importId).execute();
    await appendAudit(trx, {
      actorId: opts.userId ?? null,
      actor: opts.actor,
      ip: opts.ip ?? null,
      action: 'incidents.import.finish',
      entity: 'import_run',
      entityId: importId,
      details: { ...counts },
    });
  });
  return { ...counts, importId, encoding };
}
