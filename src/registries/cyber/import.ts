// Bulk import of cyber incidents from a CSV file (UTF-8 or Latin-1, comma-separated, one incident per row, the
// columns of CSV_COLUMNS in any order): read in a stream with the incident importer's reader, each row validated
// against the unit's catalogs, stored per batch in one transaction (new folios inserted, known ones updated when a
// field changed, the rollup adjusted by the difference), every rejected row kept with its line, text and reasons.
// Idempotent on the folio: importing the same file twice changes nothing.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { copyRows } from '../../db/copy.ts';
import { readRecordBatches, valueOf, type Encoding, type SourceRecord } from '../../incidents/reader.ts';
import { FingerprintSet } from '../../util/key-set.ts';
import { adjustCyberRollup } from './incidents.ts';
import { mapCsvHeader, validateCyberIncident, type CyberIncidentInput, type CyberIncidentRow, type ValidationContext } from './validate.ts';

export interface CyberImportSummary {
  importId: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface CyberImportOptions {
  input: Readable;
  fileName: string;
  encoding?: Encoding | 'auto';
  actor: Actor;
  context: Omit<ValidationContext, 'requireFolio'>;
  batchSize?: number;
}

/** A file that cannot be imported at all (no rows, missing columns); Spanish, for the user. */
export class CyberImportError extends Error {
  override name = 'CyberImportError';
  readonly code = 'importacion_invalida';
}

type Reject = { record: SourceRecord; reasons: { code: string; message: string }[] };

const FIELDS = [
  'reported_on', 'intake_channel', 'victim_sex', 'victim_age_group', 'municipality_code', 'type_code', 'platform',
  'amount_lost', 'status', 'referred', 'referral_reference', 'referral_date',
] as const;

export async function importCyberIncidents(db: Kysely<Database>, opts: CyberImportOptions): Promise<CyberImportSummary> {
  const { actor } = opts;
  const audit = { actorId: actor.id, actor: actor.username, ip: actor.ip ?? null };
  const run = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('cyber_imports')
      .values({ file_name: opts.fileName, status: 'running', user_id: actor.id, rejected_by_reason: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { ...audit, action: 'cyber.import.start', entity: 'cyber_import', entityId: r.id, details: { file: opts.fileName } });
    return r;
  });
  const importId = Number(run.id);
  const counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejectedByReason: {} as Record<string, number> };
  const seen = new FingerprintSet(1024);
  const context: ValidationContext = { ...opts.context, requireFolio: true };
  let columns: ReturnType<typeof mapCsvHeader>['columns'] | null = null;

  const classify = (batch: SourceRecord[]) => {
    const good: { record: SourceRecord; row: CyberIncidentRow & { folio: string } }[] = [];
    const rejects: Reject[] = [];
    for (const record of batch) {
      if (record.error || !record.values) {
        rejects.push({ record, reasons: [record.error ?? { code: 'fila_ilegible', message: 'Fila ilegible.' }] });
        continue;
      }
      if (!columns) {
        const mapped = mapCsvHeader([...record.columns.keys()]);
        if (mapped.missing.length > 0) {
          throw new CyberImportError(`Al archivo le faltan columnas obligatorias: ${mapped.missing.join(', ')}. Columnas esperadas: folio, fecha, medio_entrada, sexo_victima, edad_victima, municipio, tipo, plataforma, monto_perdido, estatus, canalizado_fiscalia, referencia_canalizacion, fecha_canalizacion.`);
        }
        columns = mapped.columns;
      }
      const input: CyberIncidentInput = {};
      for (const [field, column] of Object.entries(columns) as [keyof CyberIncidentInput, string][]) {
        (input as Record<string, string | undefined>)[field] = valueOf(record, column);
      }
      const result = validateCyberIncident(input, context);
      if (!result.ok) rejects.push({ record, reasons: result.reasons });
      else if (!seen.add(result.row.folio!)) {
        rejects.push({ record, reasons: [{ code: 'folio_duplicado_en_archivo', message: `El folio ${result.row.folio} ya apareció antes en este archivo.` }] });
      } else good.push({ record, row: result.row as CyberIncidentRow & { folio: string } });
    }
    return { good, rejects };
  };

  const store = async (trx: Kysely<Database>, good: { row: CyberIncidentRow & { folio: string } }[]) => {
    const out = { inserted: 0, updated: 0, unchanged: 0 };
    if (good.length === 0) return out;
    const existing = await trx
      .selectFrom('cyber_incidents')
      .selectAll()
      .where('folio', 'in', good.map((g) => g.row.folio))
      .forUpdate()
      .execute();
    const byFolio = new Map(existing.map((e) => [e.folio, e]));
    const fresh: (CyberIncidentRow & { folio: string })[] = [];
    const changed: { id: number; row: CyberIncidentRow }[] = [];
    for (const { row } of good) {
      const before = byFolio.get(row.folio);
      if (!before) fresh.push(row);
      else if (FIELDS.some((f) => String(before[f] ?? '') !== String(row[f] ?? ''))) changed.push({ id: Number(before.id), row });
      else out.unchanged++;
    }
    if (fresh.length > 0) {
      const ids = await trx
        .insertInto('cyber_incidents')
        .values(fresh.map((row) => ({ ...row, source: 'csv' as const, import_id: importId, created_by: actor.id, updated_by: actor.id })))
        .returning('id')
        .execute();
      await adjustCyberRollup(trx, ids.map((r) => Number(r.id)), 1);
      out.inserted = fresh.length;
    }
    if (changed.length > 0) {
      const ids = changed.map((c) => c.id);
      await adjustCyberRollup(trx, ids, -1);
      for (const c of changed) {
        const { folio: _folio, ...fields } = c.row;
        await trx.updateTable('cyber_incidents').set({ ...fields, import_id: importId, updated_by: actor.id, updated_at: new Date() }).where('id', '=', c.id).execute();
      }
      await adjustCyberRollup(trx, ids, 1);
      out.updated = changed.length;
    }
    return out;
  };

  try {
    for await (const batch of readRecordBatches(opts.input, { format: 'csv', encoding: opts.encoding ?? 'auto', batchSize: opts.batchSize ?? 500 })) {
      const { good, rejects } = classify(batch);
      await db.transaction().execute(async (trx) => {
        const stored = await store(trx, good);
        await copyRows(
          trx,
          'cyber_import_rejects',
          ['import_id', 'line', 'raw', 'reasons'],
          rejects.map((r) => [importId, r.record.line, r.record.raw, r.reasons.map((x) => `${x.code}: ${x.message}`)]),
        );
        const next = { ...counts, rejectedByReason: { ...counts.rejectedByReason } };
        next.read += batch.length;
        next.inserted += stored.inserted;
        next.updated += stored.updated;
        next.unchanged += stored.unchanged;
        next.rejected += rejects.length;
        for (const r of rejects) for (const code of new Set(r.reasons.map((x) => x.code))) next.rejectedByReason[code] = (next.rejectedByReason[code] ?? 0) + 1;
        await trx
          .updateTable('cyber_imports')
          .set({ ...withoutReasons(next), rejected_by_reason: JSON.stringify(next.rejectedByReason) })
          .where('id', '=', importId)
          .execute();
        Object.assign(counts, next);
      });
    }
    if (counts.read === 0) throw new CyberImportError('El archivo no tiene filas de datos (solo encabezado, o está vacío).');
  } catch (err) {
    const message = (err as Error).message;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('cyber_imports').set({ status: 'failed', finished_at: new Date(), error: message }).where('id', '=', importId).execute();
      await appendAudit(trx, { ...audit, action: 'cyber.import.fail', entity: 'cyber_import', entityId: importId, details: { error: message, ...counts } });
    });
    throw err instanceof CyberImportError ? err : new CyberImportError(`La importación se detuvo: ${message}`);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('cyber_imports').set({ status: 'done', finished_at: new Date() }).where('id', '=', importId).execute();
    await appendAudit(trx, { ...audit, action: 'cyber.import.finish', entity: 'cyber_import', entityId: importId, details: { ...counts } });
  });
  return { importId, ...counts };
}

function withoutReasons(c: { read: number; inserted: number; updated: number; unchanged: number; rejected: number }) {
  return { read: c.read, inserted: c.inserted, updated: c.updated, unchanged: c.unchanged, rejected: c.rejected };
}

