// The catalog of report types of directive 1.2.8, kept as data (data/reports/catalog.json) and mirrored into the
// report_types table on start so that products can reference it and administrators can set schedule days.
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PeriodKind } from '../analytics/periods.ts';
import type { Classification, Periodicity } from './tables.ts';

export interface CatalogEntry {
  code: string;
  name: string;
  area: string;
  internal: boolean;
  external: boolean;
  beneficiaries: string[];
  periodicity: Periodicity;
  formats: string[];
  generator: string | null;
  defaultClassification: Classification;
}

export interface ReportType {
  code: string;
  name: string;
  area: string;
  internal: boolean;
  external: boolean;
  beneficiaries: string[];
  periodicity: Periodicity;
  formats: string[];
  generator: string | null;
  default_classification: Classification;
  schedule_day: number;
  active: boolean;
}

export const PERIODICITY_KIND: Record<Exclude<Periodicity, 'on_demand'>, PeriodKind> = {
  monthly: 'month',
  quarterly: 'quarter',
  half_yearly: 'half',
};

export const PERIODICITY_LABELS: Record<Periodicity, string> = {
  monthly: 'mensual',
  quarterly: 'trimestral',
  half_yearly: 'semestral',
  on_demand: 'a solicitud',
};

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  internal: 'Uso interno',
  restricted: 'Reservado: destinatarios con convenio',
  public: 'Versión pública',
};

export function reportCatalog(): { source: string; reportTypes: CatalogEntry[] } {
  return JSON.parse(readFileSync(new URL('../../data/reports/catalog.json', import.meta.url), 'utf8'));
}

/** Inserts new report types and refreshes the catalog's own fields; schedule_day and active stay as edited. */
export async function syncReportCatalog(db: Kysely<Database>): Promise<void> {
  for (const t of reportCatalog().reportTypes) {
    await sql`
      INSERT INTO report_types (code, name, area, internal, external, beneficiaries, periodicity, formats, generator, default_classification)
      VALUES (${t.code}, ${t.name}, ${t.area}, ${t.internal}, ${t.external}, ${t.beneficiaries}::text[], ${t.periodicity},
              ${t.formats}::text[], ${t.generator}, ${t.defaultClassification})
      ON CONFLICT (code) DO UPDATE SET name = excluded.name, area = excluded.area, internal = excluded.internal,
        external = excluded.external, beneficiaries = excluded.beneficiaries, periodicity = excluded.periodicity,
        formats = excluded.formats, generator = excluded.generator, default_classification = excluded.default_classification`.execute(db);
  }
}

const synced = new WeakSet<object>();

/** Syncs the catalog once per database handle (on the first use by the server, the command line or a test). */
export async function ensureReportCatalog(db: Kysely<Database>): Promise<void> {
  if (synced.has(db)) return;
  await syncReportCatalog(db);
  synced.add(db);
}

export async function listReportTypes(db: Kysely<Database>): Promise<ReportType[]> {
  await ensureReportCatalog(db);
  const order = new Map(reportCatalog().reportTypes.map((t, i) => [t.code, i]));
  const rows = await db.selectFrom('report_types').selectAll().execute();
  return rows.sort((a, b) => (order.get(a.code) ?? 999) - (order.get(b.code) ?? 999) || a.code.localeCompare(b.code)) as ReportType[];
}

export async function getReportType(db: Kysely<Database>, code: string): Promise<ReportType | undefined> {
  await ensureReportCatalog(db);
  return (await db.selectFrom('report_types').selectAll().where('code', '=', code).executeTakeFirst()) as ReportType | undefined;
}

/** Administrators set the day of the scheduled generation and switch a type's schedule on or off. */
export async function updateReportSchedule(
  db: Kysely<Database>,
  code: string,
  change: { scheduleDay?: number; active?: boolean },
): Promise<ReportType | undefined> {
  const set: { schedule_day?: number; active?: boolean } = {};
  if (change.scheduleDay !== undefined) set.schedule_day = change.scheduleDay;
  if (change.active !== undefined) set.active = change.active;
  if (Object.keys(set).length > 0) await db.updateTable('report_types').set(set).where('code', '=', code).execute();
  return (await db.selectFrom('report_types').selectAll().where('code', '=', code).executeTakeFirst()) as ReportType | undefined;
}
