// Imports a site registry file (CSV, GeoJSON or KML): each record is validated like a form, located in its
// municipality, and written as the difference against the registry — a new code creates a site, a known one is
// updated only where the file says something else, an identical one is left alone — so importing the same file
// twice changes nothing. Rejected records are kept with their line, their text and Spanish reasons. The writes
// happen in one transaction: a failure leaves the registry as it was (the run stays recorded as failed).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { copyRows, csvField } from '../../db/copy.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import type { Encoding } from '../../incidents/reader.ts';
import { loadStateGeography } from '../../reference/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { readSiteRecords, SiteFileError, type SiteFileFormat, type SiteRecord } from './formats.ts';
import { LAYOUTS, REGISTRY_LABELS, validateSite, type Reason, type Registry, type SiteInput } from './rules.ts';
import { createSite, updateSite, type WriteContext } from './store.ts';

export interface SiteImportSummary {
  importId: number;
  registry: Registry;
  format: SiteFileFormat;
  encoding: Encoding | null;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** Columns of the file that the layout does not have (ignored). */
  ignoredColumns: string[];
}

export interface SiteImportOptions {
  registry: Registry;
  format: SiteFileFormat;
  bytes: Uint8Array;
  fileName: string;
  encoding?: Encoding | 'auto';
  stateCode: string;
  timeZone: string;
  actor: Actor;
  /** Clock for "dates after today"; tests pin it. */
  now?: Date;
}

/** An import that cannot go on; the message is Spanish and reaches the user as is. */
export class SiteImportError extends Error {
  override name = 'SiteImportError';
}

/** Serialises writers of one registry ("SITES" in ASCII, plus the registry's number). */
const lockKey = (registry: Registry) => 0x5349544553 * 4 + (registry === 'pmi' ? 1 : 2);

export async function importSites(db: Kysely<Database>, opts: SiteImportOptions): Promise<SiteImportSummary> {
  const { registry, actor } = opts;
  const today = new LocalTime(opts.timeZone).dayAndHour(opts.now ?? new Date()).date;
  const geography = loadStateGeography(opts.stateCode);
  const run = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('site_imports')
      .values({ registry, file_name: opts.fileName, format: opts.format, status: 'running', user_id: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'sites.import.start',
      entity: 'site_import',
      entityId: r.id,
      details: { registry, file: opts.fileName, format: opts.format },
    });
    return r;
  });
  const importId = Number(run.id);
  const summary: SiteImportSummary = {
    importId,
    registry,
    format: opts.format,
    encoding: null,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejectedByReason: {},
    ignoredColumns: [],
  };

  try {
    const { records, encoding } = await readSiteRecords(opts.bytes, opts.format, opts.encoding ?? 'auto');
    summary.encoding = encoding;
    summary.read = records.length;
    if (records.length === 0) throw new SiteImportError('El archivo no tiene sitios (está vacío o solo tiene encabezado).');
    const layout = new Set(LAYOUTS[registry]);
    const ignored = new Set<string>();
    const good: { record: SiteRecord; site: SiteInput; municipalityCode: string; present: ReadonlySet<string> }[] = [];
    const rejects: { record: SiteRecord; reasons: Reason[] }[] = [];
    const seen = new Map<string, number>();
    const ctx = { registry, locate: (lat: number, lon: number) => geography.locate(lat, lon), stateName: geography.stateName, today };
    for (const record of records) {
      if (!record.fields) {
        rejects.push({ record, reasons: [record.error!] });
        continue;
      }
      for (const k of record.fields.keys()) if (!layout.has(k)) ignored.add(k);
      const fields = record.fields;
      const result = validateSite((c) => fields.get(c), ctx);
      if (!result.ok) {
        rejects.push({ record, reasons: result.reasons });
        continue;
      }
      const first = seen.get(result.site.code);
      if (first !== undefined) {
        rejects.push({ record, reasons: [{ code: 'clave_repetida', message: `La clave ${result.site.code} ya apareció en este archivo (línea ${first}).` }] });
        continue;
      }
      seen.set(result.site.code, record.line);
      good.push({ record, site: result.site, municipalityCode: result.municipalityCode, present: result.present });
    }
    summary.ignoredColumns = [...ignored].sort();
    summary.rejected = rejects.length;
    for (const r of rejects) for (const code of new Set(r.reasons.map((x) => x.code))) summary.rejectedByReason[code] = (summary.rejectedByReason[code] ?? 0) + 1;

    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${lockKey(registry)}::bigint)`.execute(trx);
      const codes = good.map((g) => g.site.code);
      const existing = codes.length
        ? await trx.selectFrom('sites').selectAll().where('registry', '=', registry).where('code', 'in', codes).execute()
        : [];
      const byCode = new Map(existing.map((e) => [e.code, e]));
      const write: WriteContext = { actor, source: 'importacion', importId, today };
      for (const g of good) {
        const old = byCode.get(g.site.code);
        if (!old) {
          await createSite(trx, registry, g.site, g.municipalityCode, write);
          summary.inserted++;
        } else if (await updateSite(trx, old, g.site, g.municipalityCode, g.present, write)) {
          summary.updated++;
        } else {
          summary.unchanged++;
        }
      }
      await copyRows(
        trx,
        'site_import_rejects',
        ['import_id', 'seq', 'line', 'raw', 'reasons'],
        rejects.map((r, i) => [importId, i + 1, r.record.line, r.record.raw, r.reasons.map((x) => `${x.code}: ${x.message}`)]),
      );
      await trx
        .updateTable('site_imports')
        .set({
          status: 'done',
          finished_at: new Date(),
          encoding,
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          rejected_by_reason: JSON.stringify(summary.rejectedByReason),
        })
        .where('id', '=', importId)
        .execute();
      const { importId: _id, ...counts } = summary;
      await appendAudit(trx, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip ?? null,
        action: 'sites.import.finish',
        entity: 'site_import',
        entityId: importId,
        details: counts,
      });
    });
  } catch (err) {
    const message = (err as Error).message;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('site_imports').set({ status: 'failed', finished_at: new Date(), error: message }).where('id', '=', importId).execute();
      await appendAudit(trx, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip ?? null,
        action: 'sites.import.fail',
        entity: 'site_import',
        entityId: importId,
        details: { registry, error: message },
      });
    });
    if (err instanceof SiteImportError) throw err;
    if (err instanceof SiteFileError) throw new SiteImportError(err.message);
    throw new SiteImportError(`La importación del registro de ${REGISTRY_LABELS[registry].name} se detuvo: ${message}`);
  }
  return summary;
}

/** Rejected records of an import as CSV, for whoever fixes and re-imports them. */
export async function siteRejectsCsv(db: Kysely<Database>, importId: number): Promise<string> {
  const rows = await db.selectFrom('site_import_rejects').select(['line', 'reasons', 'raw']).where('import_id', '=', importId).orderBy('seq').execute();
  return `\uFEFFlinea,motivos,contenido_original\n${rows.map((r) => `${r.line},${csvField(r.reasons.join(' | '))},${csvField(r.raw)}\n`).join('')}`;
}
