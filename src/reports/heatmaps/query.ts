// What the heat maps read: the cell rollup (local day × local hour × H3 resolution-9 cell × CNIE code, real
// incidents only), never the raw incidents, so a month costs the same whatever the number of calls. The named
// municipality groups are read here too: the reference domain exports no function for their members yet.
import { cellToLatLng } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CellCount } from '../../analytics/hexgrid.ts';
import { loadStateGeography } from '../../reference/geography.ts';
import type { CodeSelection } from './codes.ts';

export interface CellFilter {
  /** First and last local day, inclusive ('YYYY-MM-DD'). */
  from: string;
  to: string;
  selection: CodeSelection;
  /** Local hours from–to, inclusive; from > to wraps past midnight (22 → 4). Both absent: the whole day. */
  hourFrom?: number;
  hourTo?: number;
}

function where(f: CellFilter) {
  const parts = [
    sql`local_date >= ${f.from}`,
    sql`local_date <= ${f.to}`,
    sql`((cnie_version = '3' AND cnie_code = ANY(${f.selection.v3}::int[])) OR (cnie_version = '2' AND cnie_code = ANY(${f.selection.v2}::int[])))`,
  ];
  const a = f.hourFrom ?? 0;
  const b = f.hourTo ?? 23;
  if (!(a === 0 && b === 23)) {
    parts.push(a <= b ? sql`local_hour BETWEEN ${a} AND ${b}` : sql`(local_hour >= ${a} OR local_hour <= ${b})`);
  }
  return sql.join(parts, sql` AND `);
}

// Rows cross from the database thread one message each, which costs more than the aggregation itself on PGlite
// (24,000 cells: ~300 ms as rows, ~80 ms as one string). So the per-cell counts come back as a single text value
// "cell n,cell n,…", grouped with the "C" collation (H3 indexes are ASCII; a linguistic sort is wasted work).
const parseCells = (text: string | null): CellCount[] => {
  if (!text) return [];
  const out = text.split(',').map((item) => {
    const space = item.indexOf(' ');
    return { cell: item.slice(0, space), n: Number(item.slice(space + 1)) };
  });
  return out.sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
};

/** Incidents per stored resolution-9 cell, sorted by cell. */
export async function cellCounts(db: Kysely<Database>, f: CellFilter): Promise<CellCount[]> {
  const r = await sql<{ cells: string | null }>`
    SELECT string_agg(cell || ' ' || n, ',') AS cells FROM (
      SELECT cell COLLATE "C" AS cell, sum(n)::int AS n FROM rollup_cells WHERE ${where(f)} GROUP BY 1
    ) t`.execute(db);
  return parseCells(r.rows[0]?.cells ?? null);
}

/**
 * The per-cell counts and the time profile in one pass over the rollup (grouping sets), for reports over the whole
 * state.
 */
export async function cellsAndProfile(db: Kysely<Database>, f: CellFilter): Promise<{ cells: CellCount[]; profile: TimeProfile }> {
  const r = await sql<{ cells: string | null; profile: string | null }>`
    SELECT string_agg(cell || ' ' || n, ',') FILTER (WHERE g = 3) AS cells,
           string_agg(d || ' ' || h || ' ' || n, ',') FILTER (WHERE g = 4) AS profile
    FROM (
      SELECT cell, d, h, sum(n)::int AS n, GROUPING(cell, d, h) AS g FROM (
        SELECT cell COLLATE "C" AS cell, local_date::text AS d, local_hour AS h, n FROM rollup_cells WHERE ${where(f)}
      ) r
      GROUP BY GROUPING SETS ((cell), (d, h))
    ) t`.execute(db);
  const byHour = Array<number>(24).fill(0);
  const byWeekday = Array<number>(7).fill(0);
  let total = 0;
  const text = r.rows[0]?.profile;
  if (text) {
    for (const item of text.split(',')) {
      const [d, h, n] = item.split(' ') as [string, string, string];
      byHour[Number(h)]! += Number(n);
      byWeekday[weekdayMondayFirst(d)]! += Number(n);
      total += Number(n);
    }
  }
  return { cells: parseCells(r.rows[0]?.cells ?? null), profile: { byHour, byWeekday, total } };
}

export interface TimeProfile {
  /** Incidents per local hour 0–23. */
  byHour: number[];
  /** Incidents per weekday, Monday first (lunes … domingo). */
  byWeekday: number[];
  total: number;
}

const weekdayMondayFirst = (localDate: string) => (new Date(`${localDate}T00:00:00Z`).getUTCDay() + 6) % 7;

/**
 * Incidents by hour of day and day of week. With `keep`, only the cells it accepts count (a group of
 * municipalities); the rollup is then read per cell.
 */
export async function timeProfile(db: Kysely<Database>, f: CellFilter, keep?: (cell: string) => boolean): Promise<TimeProfile> {
  const byHour = Array<number>(24).fill(0);
  const byWeekday = Array<number>(7).fill(0);
  let total = 0;
  const rows = keep
    ? (
        await sql<{ d: string; h: number; cell: string; n: number }>`
          SELECT local_date::text AS d, local_hour AS h, cell, sum(n)::int AS n FROM rollup_cells WHERE ${where(f)}
          GROUP BY 1, 2, 3`.execute(db)
      ).rows.filter((r) => keep(r.cell))
    : (
        await sql<{ d: string; h: number; n: number }>`
          SELECT local_date::text AS d, local_hour AS h, sum(n)::int AS n FROM rollup_cells WHERE ${where(f)}
          GROUP BY 1, 2`.execute(db)
      ).rows;
  for (const r of rows) {
    const n = Number(r.n);
    byHour[Number(r.h)]! += n;
    byWeekday[weekdayMondayFirst(r.d)]! += n;
    total += n;
  }
  return { byHour, byWeekday, total };
}

// Municipality of a stored cell, by its centre (with the same snapping as incidents): cached per process.
const cellMunicipality = new Map<string, string | null>();

export function municipalityOfCell(stateCode: string, cell: string): string | null {
  const key = `${stateCode}:${cell}`;
  let m = cellMunicipality.get(key);
  if (m === undefined) {
    const [lat, lng] = cellToLatLng(cell);
    m = loadStateGeography(stateCode).locate(lat, lng);
    if (cellMunicipality.size > 1_000_000) cellMunicipality.clear();
    cellMunicipality.set(key, m);
  }
  return m;
}

export interface MunicipalityGroup {
  id: number;
  slug: string;
  name: string;
  sourceCitation: string | null;
  sourceUrl: string | null;
  /** Member municipality codes, sorted. */
  members: string[];
}

/** A named group of the state's municipalities with its members; undefined when the group does not exist. */
export async function loadGroup(db: Kysely<Database>, stateCode: string, slug: string): Promise<MunicipalityGroup | undefined> {
  const group = await db
    .selectFrom('municipality_groups')
    .select(['id', 'slug', 'name', 'source_citation', 'source_url'])
    .where('state_code', '=', stateCode)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!group) return undefined;
  const members = await db
    .selectFrom('municipality_group_members')
    .select('municipality_code')
    .where('group_id', '=', group.id)
    .orderBy('municipality_code')
    .execute();
  return {
    id: group.id,
    slug: group.slug,
    name: group.name,
    sourceCitation: group.source_citation,
    sourceUrl: group.source_url,
    members: members.map((m) => m.municipality_code),
  };
}
