// The rollups must always equal a GROUP BY over the raw incidents.
import { expect } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

export async function assertRollupsMatchRaw(db: Kysely<Database>) {
  const dailyRaw = await sql<Record<string, unknown>>`
    SELECT local_date, center_code, cnie_version, cnie_code, coalesce(municipality_code, '') AS municipality_code, channel,
           is_improper, count(*)::int AS n
    FROM incidents GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
  const daily = await sql<Record<string, unknown>>`
    SELECT local_date, center_code, cnie_version, cnie_code, municipality_code, channel, is_improper, n
    FROM rollup_daily ORDER BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
  expect(daily.rows).toEqual(dailyRaw.rows);
  const cellsRaw = await sql<Record<string, unknown>>`
    SELECT local_date, local_hour, cell, cnie_version, cnie_code, count(*)::int AS n
    FROM incidents WHERE cell IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`.execute(db);
  const cells = await sql<Record<string, unknown>>`
    SELECT local_date, local_hour, cell, cnie_version, cnie_code, n FROM rollup_cells ORDER BY 1, 2, 3, 4, 5`.execute(db);
  expect(cells.rows).toEqual(cellsRaw.rows);
}
