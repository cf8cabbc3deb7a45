// Imports a SESNSP open-data file (IDEFC_NM state level or IDM_NM municipal level): read in a stream with the
// incident importer's CSV reader (Latin-1 or UTF-8), recognise the layout by its header, validate each row, and
// store the configured state's rows as differences against what is stored, one transaction per batch. Rows of
// other states are counted and skipped; unreadable rows are kept with their line, text and Spanish reasons.
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { copyRows } from '../db/copy.ts';
import { appendAudit } from '../access/audit.ts';
import { readRecordBatches, type Encoding, type SourceRecord } from '../incidents/reader.ts';
import { inegiMunicipalities, listStates, municipalityNames } from '../reference/index.ts';
import { FingerprintSet } from '../util/key-set.ts';
import { LocalTime } from '../util/local-time.ts';
import { detectLayout, type SesnspLayout } from './layout.ts';
import { storeSesnspBatch } from './store.ts';
import type { SesnspLevel } from './tables.ts';
import { createRowValidator, rowKey, type RejectReason, type SesnspRow } from './validate.ts';

export interface SesnspCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows of other states, skipped. */
  otherState: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface SesnspImportSummary extends SesnspCounts {
  importId: number;
  layout: SesnspLevel | null;
  encoding: Encoding | null;
  /** Rows of the state now in the database (inserted + updated + unchanged). */
  stored: number;
  /** First and last month with figures among the state's rows ('YYYY-MM'). */
  firstMonth: string | null;
  lastMonth: string | null;
}

export interface SesnspImportOptions {
  input: Readable;
  fileName: string;
  encoding?: Encoding | 'auto';
  /** The configured state (ATALAYA_STATE): only its rows are stored. */
  stateCode: string;
  timeZone: string;
  userId?: number | null;
  actor: string;
  ip?: string | null;
  /** Rows per transaction; callers pass importBatchSize(engine). */
  batchSize?: number;
  onStart?: (importId: number) => void;
  onProgress?: (p: SesnspCounts & { importId: number }) => void;
  /** Clock for the "month not over yet" rule; tests pin it. */
  now?: Date;
}

/** An import that cannot go on; the message is Spanish and reaches the user as is. */
export class SesnspImportError extends Error {
  override name = 'SesnspImportError';
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

export async function importSesnsp(db: Kysely<Database>, opts: SesnspImportOptions): Promise<SesnspImportSummary> {
  const today = new LocalTime(opts.timeZone).dayAndHour(opts.now ?? new Date()).date;
  const now = { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
  const states = new Set(listStates().map((s) => s.code));
  const municipalities = new Set([...inegiMunicipalities().keys(), ...municipalityNames().keys()]);

  const run = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('sesnsp_imports')
      .values({ file_name: opts.fileName, state_code: opts.stateCode, status: 'running', user_id: opts.userId ?? null, rejected_by_reason: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: opts.userId ?? null,
      actor: opts.actor,
      ip: opts.ip ?? null,
      action: 'crime_statistics.sesnsp_import.start',
      entity: 'sesnsp_import',
      entityId: r.id,
      details: { file: opts.fileName, state: opts.stateCode },
    });
    return r;
  });
  const importId = Number(run.id);
  opts.onStart?.(importId);

  const counts: SesnspCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, otherState: 0, rejected: 0, rejectedByReason: {} };
  let layout: SesnspLayout | null = null;
  let validate: ReturnType<typeof createRowValidator> | null = null;
  let encoding: Encoding | null = null;
  let firstMonth: string | null = null;
  let lastMonth: string | null = null;
  const seen = new FingerprintSet();

  const classify = (batch: SourceRecord[]) => {
    const good: SesnspRow[] = [];
    const rejects: { record: SourceRecord; reasons: RejectReason[] }[] = [];
    let otherState = 0;
    for (const record of batch) {
      if (record.error || !record.values) {
        rejects.push({ record, reasons: [record.error!] });
        continue;
      }
      if (!validate) {
        // Every record carries the header's names, in the header's order: the first one tells the layout.
        const detected = detectLayout([...record.columns.keys()]);
        if (!detected.ok) throw new SesnspImportError(detected.message);
        layout = detected.layout;
        validate = createRowValidator({ layout, stateCode: opts.stateCode, states, municipalities, now });
      }
      const result = validate(record);
      if (result.kind === 'other_state') otherState++;
      else if (result.kind === 'rejected') rejects.push({ record, reasons: result.reasons });
      else if (!seen.add(rowKey(result.row))) {
        rejects.push({
          record,
          reasons: [{ code: 'fila_duplicada_en_archivo', message: 'El mismo municipio, año y delito (bien jurídico, tipo, subtipo y modalidad) ya apareció antes en este archivo.' }],
        });
      } else {
        good.push(result.row);
      }
    }
    return { good, rejects, otherState };
  };

  const writeBatch = async (good: SesnspRow[], rejects: { record: SourceRecord; reasons: RejectReason[] }[], batchLength: number, otherState: number) => {
    const next: SesnspCounts = { ...counts, rejectedByReason: { ...counts.rejectedByReason } };
    next.read += batchLength;
    next.otherState += otherState;
    next.rejected += rejects.length;
    for (const r of rejects) for (const code of new Set(r.reasons.map((x) => x.code))) next.rejectedByReason[code] = (next.rejectedByReason[code] ?? 0) + 1;
    let first = firstMonth;
    let last = lastMonth;
    for (const row of good) {
      row.months.forEach((v, i) => {
        if (v === null) return;
        const k = monthKey(row.year, i + 1);
        if (first === null || k < first) first = k;
        if (last === null || k > last) last = k;
      });
    }
    // A batch of other states' rows only moves counters: they are written with the next batch that stores something.
    if (good.length > 0 || rejects.length > 0) {
      await db.transaction().execute(async (trx) => {
        const stored = good.length > 0 ? await storeSesnspBatch(trx, layout!.level, opts.stateCode, good, importId) : { inserted: 0, updated: 0, unchanged: 0 };
        next.inserted += stored.inserted;
        next.updated += stored.updated;
        next.unchanged += stored.unchanged;
        await copyRows(
          trx,
          'sesnsp_rejects',
          ['import_id', 'line', 'raw', 'reasons'],
          rejects.map((r) => [importId, r.record.line, r.record.raw, r.reasons.map((x) => `${x.code}: ${x.message}`)]),
        );
        await updateRun(trx, importId, next, { layout: layout?.level ?? null, encoding, first, last });
      });
    }
    Object.assign(counts, next);
    firstMonth = first;
    lastMonth = last;
    opts.onProgress?.({ ...counts, importId });
  };

  try {
    const batches = readRecordBatches(opts.input, {
      format: 'csv',
      encoding: opts.encoding ?? 'auto',
      batchSize: opts.batchSize ?? 250,
      onEncoding: (e) => (encoding = e),
    });
    for await (const batch of batches) {
      const { good, rejects, otherState } = classify(batch);
      await writeBatch(good, rejects, batch.length, otherState);
    }
    if (counts.read === 0) throw new SesnspImportError('El archivo no tiene filas de datos (solo encabezado, o está vacío).');
  } catch (err) {
    const message = (err as Error).message;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('sesnsp_imports').set({ status: 'failed', finished_at: new Date(), error: message }).where('id', '=', importId).execute();
      await appendAudit(trx, {
        actorId: opts.userId ?? null,
        actor: opts.actor,
        ip: opts.ip ?? null,
        action: 'crime_statistics.sesnsp_import.fail',
        entity: 'sesnsp_import',
        entityId: importId,
        details: { error: message, ...counts },
      });
    });
    throw err instanceof SesnspImportError ? err : new SesnspImportError(`La importación se detuvo: ${message}`);
  }

  const level = (layout as SesnspLayout | null)?.level ?? null;
  await db.transaction().execute(async (trx) => {
    await updateRun(trx, importId, counts, { layout: level, encoding, first: firstMonth, last: lastMonth });
    await trx.updateTable('sesnsp_imports').set({ status: 'done', finished_at: new Date() }).where('id', '=', importId).execute();
    await appendAudit(trx, {
      actorId: opts.userId ?? null,
      actor: opts.actor,
      ip: opts.ip ?? null,
      action: 'crime_statistics.sesnsp_import.finish',
      entity: 'sesnsp_import',
      entityId: importId,
      details: { layout: level, ...counts, firstMonth, lastMonth },
    });
  });
  return {
    ...counts,
    importId,
    layout: level,
    encoding,
    stored: counts.inserted + counts.updated + counts.unchanged,
    firstMonth,
    lastMonth,
  };
}

async function updateRun(
  trx: Kysely<Database>,
  importId: number,
  c: SesnspCounts,
  extra: { layout: SesnspLevel | null; encoding: Encoding | null; first: string | null; last: string | null },
) {
  await trx
    .updateTable('sesnsp_imports')
    .set({
      layout: extra.layout,
      encoding: extra.encoding,
      read: c.read,
      inserted: c.inserted,
      updated: c.updated,
      unchanged: c.unchanged,
      other_state: c.otherState,
      rejected: c.rejected,
      rejected_by_reason: JSON.stringify(c.rejectedByReason),
      first_month: extra.first,
      last_month: extra.last,
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', importId)
    .execute();
}
