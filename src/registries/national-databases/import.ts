// Imports a supply log of one national database: the CSV is read as a stream with the incident importer's reader
// (Latin-1 or UTF-8, bounded memory), the header checked against the database's layout, each row validated, and the
// records stored a batch per transaction as the difference against what is stored — repeating a file changes
// nothing, a corrected row updates its record. Rejected rows are kept with their line, text and Spanish reasons.
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { copyRows } from '../../db/copy.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { readRecordBatches, type Encoding, type SourceRecord } from '../../incidents/reader.ts';
import { loadStateGeography } from '../../reference/index.ts';
import { FingerprintSet } from '../../util/key-set.ts';
import { LocalTime } from '../../util/local-time.ts';
import { COMMON_COLUMNS, databaseNamed, layoutOf, nationalDatabases } from './definitions.ts';
import { storeSupplyBatch } from './store.ts';
import { createRowValidator, type Reason, type SupplyRow } from './validate.ts';

export interface SupplyCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface SupplyImportSummary extends SupplyCounts {
  importId: number;
  database: string;
  encoding: Encoding | null;
  ignoredColumns: string[];
  /** First and last day of load among the stored rows. */
  firstLoadDate: string | null;
  lastLoadDate: string | null;
}

export interface SupplyImportOptions {
  database: string;
  input: Readable;
  fileName: string;
  encoding?: Encoding | 'auto';
  stateCode: string;
  timeZone: string;
  actor: Actor;
  /** Rows per transaction; callers pass importBatchSize(engine). */
  batchSize?: number;
  now?: Date;
}

/** An import that cannot go on; the message is Spanish and reaches the user as is. */
export class SupplyImportError extends Error {
  override name = 'SupplyImportError';
}

export async function importSupplyLog(db: Kysely<Database>, opts: SupplyImportOptions): Promise<SupplyImportSummary> {
  const def = databaseNamed(opts.database);
  if (!def) {
    throw new SupplyImportError(`No existe la base «${opts.database}»; las bases son: ${nationalDatabases().map((d) => d.code).join(', ')}.`);
  }
  const { actor } = opts;
  const zone = new LocalTime(opts.timeZone);
  const today = zone.dayAndHour(opts.now ?? new Date()).date;
  const geography = loadStateGeography(opts.stateCode);
  const validate = createRowValidator(def, {
    zone,
    today,
    stateCode: opts.stateCode,
    municipalities: new Map(geography.municipalities.map((m) => [m.code, m.name])),
  });

  const run = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('nd_imports')
      .values({ database: def.code, file_name: opts.fileName, status: 'running', user_id: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'national_db.import.start',
      entity: 'nd_import',
      entityId: r.id,
      details: { database: def.code, file: opts.fileName },
    });
    return r;
  });
  const importId = Number(run.id);
  const counts: SupplyCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectedByReason: {} };
  let encoding: Encoding | null = null;
  let ignored: string[] = [];
  let headerChecked = false;
  let first: string | null = null;
  let last: string | null = null;
  const seen = new FingerprintSet();

  const checkHeader = (record: SourceRecord) => {
    const columns = [...record.columns.keys()];
    const missing = COMMON_COLUMNS.filter((c) => !record.columns.has(c));
    if (missing.length) {
      throw new SupplyImportError(
        `Al archivo le faltan las columnas ${missing.join(', ')}. Una bitácora de ${def.name} lleva las columnas: ${layoutOf(def).join(', ')} (ver data/national-databases/README.md).`,
      );
    }
    const layout = new Set(layoutOf(def));
    ignored = columns.filter((c) => !layout.has(c));
    headerChecked = true;
  };

  try {
    for await (const batch of readRecordBatches(opts.input, { format: 'csv', encoding: opts.encoding ?? 'auto', batchSize: opts.batchSize ?? 250, onEncoding: (e) => (encoding = e) })) {
      const good: SupplyRow[] = [];
      const rejects: { record: SourceRecord; reasons: Reason[] }[] = [];
      for (const record of batch) {
        if (!headerChecked) checkHeader(record);
        if (record.error || !record.values) {
          rejects.push({ record, reasons: [record.error!] });
          continue;
        }
        const result = validate(record);
        if (!result.ok) rejects.push({ record, reasons: result.reasons });
        else if (!seen.add(result.row.folio)) {
          rejects.push({ record, reasons: [{ code: 'folio_repetido', message: `El folio ${result.row.folio} ya apareció antes en este archivo.` }] });
        } else {
          good.push(result.row);
          if (first === null || result.row.loadDate < first) first = result.row.loadDate;
          if (last === null || result.row.loadDate > last) last = result.row.loadDate;
        }
      }
      await db.transaction().execute(async (trx) => {
        const stored = await storeSupplyBatch(trx, def.code, good, importId);
        await copyRows(
          trx,
          'nd_rejects',
          ['import_id', 'line', 'raw', 'reasons'],
          rejects.map((r) => [importId, r.record.line, r.record.raw, r.reasons.map((x) => `${x.code}: ${x.message}`)]),
        );
        counts.read += batch.length;
        counts.inserted += stored.inserted;
        counts.updated += stored.updated;
        counts.unchanged += stored.unchanged;
        counts.rejected += rejects.length;
        for (const r of rejects) for (const code of new Set(r.reasons.map((x) => x.code))) counts.rejectedByReason[code] = (counts.rejectedByReason[code] ?? 0) + 1;
        await progress(trx, importId, counts, { encoding, ignored, first, last });
      });
    }
    if (counts.read === 0) throw new SupplyImportError('El archivo no tiene registros (está vacío o solo tiene encabezado).');
  } catch (err) {
    const message = (err as Error).message;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('nd_imports').set({ status: 'failed', finished_at: new Date(), error: message }).where('id', '=', importId).execute();
      await appendAudit(trx, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip ?? null,
        action: 'national_db.import.fail',
        entity: 'nd_import',
        entityId: importId,
        details: { database: def.code, error: message, ...counts },
      });
    });
    throw err instanceof SupplyImportError ? err : new SupplyImportError(`La importación se detuvo: ${message}`);
  }

  await db.transaction().execute(async (trx) => {
    await trx.updateTable('nd_imports').set({ status: 'done', finished_at: new Date() }).where('id', '=', importId).execute();
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'national_db.import.finish',
      entity: 'nd_import',
      entityId: importId,
      details: { database: def.code, ...counts, ignoredColumns: ignored, firstLoadDate: first, lastLoadDate: last },
    });
  });
  return { ...counts, importId, database: def.code, encoding, ignoredColumns: ignored, firstLoadDate: first, lastLoadDate: last };
}

async function progress(
  trx: Kysely<Database>,
  importId: number,
  c: SupplyCounts,
  extra: { encoding: Encoding | null; ignored: string[]; first: string | null; last: string | null },
) {
  await trx
    .updateTable('nd_imports')
    .set({
      encoding: extra.encoding,
      read: c.read,
      inserted: c.inserted,
      updated: c.updated,
      unchanged: c.unchanged,
      rejected: c.rejected,
      rejected_by_reason: JSON.stringify(c.rejectedByReason),
      ignored_columns: extra.ignored,
      first_load_date: extra.first,
      last_load_date: extra.last,
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', importId)
    .execute();
}
