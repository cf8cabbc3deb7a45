// What reports may read of the SESNSP figures: monthly sums by crime type, the months each place has published,
// and the files they came from. Reports reach this domain through these functions, never its tables.
import { sql, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SesnspLevel } from './tables.ts';

/** Months firstMonth…lastMonth of one year (a report period never crosses a year). */
export interface MonthRange {
  year: number;
  firstMonth: number;
  lastMonth: number;
}

export interface SesnspQuery {
  level: SesnspLevel;
  stateCode: string;
  /** Municipal level: the municipalities wanted. Ignored at state level. */
  municipalities?: readonly string[];
  ranges: readonly MonthRange[];
}

export interface SesnspTypeCount {
  /** '' at state level. */
  municipalityCode: string;
  year: number;
  month: number;
  bienJuridico: string;
  tipo: string;
  n: number;
}

export interface SesnspPublishedMonth {
  municipalityCode: string;
  year: number;
  month: number;
  importId: number;
}

function inRanges(ranges: readonly MonthRange[]): Expression<SqlBool> {
  if (ranges.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(
    ranges.map((r) => sql`(year = ${r.year} AND month BETWEEN ${r.firstMonth} AND ${r.lastMonth})`),
    sql` OR `,
  )})`;
}

function placeFilter(q: SesnspQuery): { municipalities: string[] } {
  return { municipalities: q.level === 'state' ? [''] : [...(q.municipalities ?? [])] };
}

/** Crimes per place, month and type of crime (summed over subtypes and modalities). */
export async function sesnspCountsByType(db: Kysely<Database>, q: SesnspQuery): Promise<SesnspTypeCount[]> {
  const { municipalities } = placeFilter(q);
  if (municipalities.length === 0) return [];
  const rows = await db
    .selectFrom('sesnsp_counts')
    .select(['municipality_code', 'year', 'month', 'bien_juridico', 'tipo', sql<number>`sum(n)::int`.as('n')])
    .where('level', '=', q.level)
    .where('state_code', '=', q.stateCode)
    .where('municipality_code', 'in', municipalities)
    .where(inRanges(q.ranges))
    .groupBy(['municipality_code', 'year', 'month', 'bien_juridico', 'tipo'])
    .orderBy('municipality_code')
    .orderBy('year')
    .orderBy('month')
    .orderBy('bien_juridico')
    .orderBy('tipo')
    .execute();
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    year: r.year,
    month: r.month,
    bienJuridico: r.bien_juridico,
    tipo: r.tipo,
    n: Number(r.n),
  }));
}

/** The months of the ranges that each place has published (a published month without counts is a zero). */
export async function sesnspPublishedMonths(db: Kysely<Database>, q: SesnspQuery): Promise<SesnspPublishedMonth[]> {
  const { municipalities } = placeFilter(q);
  if (municipalities.length === 0) return [];
  const rows = await db
    .selectFrom('sesnsp_coverage')
    .select(['municipality_code', 'year', 'month', 'import_id'])
    .where('level', '=', q.level)
    .where('state_code', '=', q.stateCode)
    .where('municipality_code', 'in', municipalities)
    .where(inRanges(q.ranges))
    .orderBy('municipality_code')
    .orderBy('year')
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ municipalityCode: r.municipality_code, year: r.year, month: r.month, importId: Number(r.import_id) }));
}

/** File names of the given imports, by import number. */
export async function sesnspImportFiles(db: Kysely<Database>, importIds: readonly number[]): Promise<Map<number, string>> {
  if (importIds.length === 0) return new Map();
  const rows = await db.selectFrom('sesnsp_imports').select(['id', 'file_name']).where('id', 'in', [...importIds]).execute();
  return new Map(rows.map((r) => [Number(r.id), r.file_name]));
}
