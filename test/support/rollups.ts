// The rollups must always equal a GROUP BY over the raw incidents (with the same definitions as store.ts).
import { expect } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

const BUCKET = (seconds: string) =>
  sql.raw(`CASE WHEN ${seconds} < 600 THEN floor(${seconds} / 10) * 10 WHEN ${seconds} < 3600 THEN floor(${seconds} / 60) * 60
            WHEN ${seconds} < 86400 THEN floor(${seconds} / 600) * 600 ELSE 86400 END::int`);

export async function assertRollupsMatchRaw(db: Kysely<Database>) {
  const pairs = [
    [
      sql`SELECT local_date, center_code, cnie_version, cnie_code, coalesce(municipality_code, '') AS municipality_code, channel,
                 is_improper, count(*)::int AS n FROM incidents GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
      sql`SELECT local_date, center_code, cnie_version, cnie_code, municipality_code, channel, is_improper, n
          FROM rollup_daily ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    ],
    [
      sql`SELECT date_trunc('month', local_date::timestamp)::date AS month, center_code, cnie_version, cnie_code,
                 coalesce(municipality_code, '') AS municipality_code, channel, is_improper, count(*)::int AS n
          FROM incidents GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
      sql`SELECT month, center_code, cnie_version, cnie_code, municipality_code, channel, is_improper, n
          FROM rollup_monthly ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    ],
    [
      sql`SELECT local_date, local_hour, cell, cnie_version, cnie_code, count(*)::int AS n
          FROM incidents WHERE cell IS NOT NULL AND NOT is_improper GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      sql`SELECT local_date, local_hour, cell, cnie_version, cnie_code, n FROM rollup_cells ORDER BY 1, 2, 3, 4, 5`,
    ],
    [
      sql`SELECT month, center_code, priority, is_improper, measure, bucket, count(*)::int AS n FROM (
            SELECT date_trunc('month', local_date::timestamp)::date AS month, center_code, coalesce(priority, '') AS priority, is_improper, 1 AS measure,
                   ${BUCKET('extract(epoch FROM dispatched_at - received_at)')} AS bucket FROM incidents WHERE dispatched_at IS NOT NULL
            UNION ALL
            SELECT date_trunc('month', local_date::timestamp)::date, center_code, coalesce(priority, ''), is_improper, 2,
                   ${BUCKET('extract(epoch FROM arrived_at - dispatched_at)')} FROM incidents WHERE dispatched_at IS NOT NULL AND arrived_at IS NOT NULL
            UNION ALL
            SELECT date_trunc('month', local_date::timestamp)::date, center_code, coalesce(priority, ''), is_improper, 3,
                   ${BUCKET('extract(epoch FROM closed_at - received_at)')} FROM incidents WHERE closed_at IS NOT NULL
          ) t GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      sql`SELECT month, center_code, priority, is_improper, measure::int AS measure, bucket, n FROM rollup_service_times ORDER BY 1, 2, 3, 4, 5, 6`,
    ],
    [
      sql`SELECT local_date, center_code, coalesce(municipality_code, '') AS municipality_code, channel,
                 coalesce(extortion_modality, '') AS modality, coalesce(reported_phone, '') AS reported_phone, count(*)::int AS n
          FROM incidents WHERE extortion_modality IS NOT NULL OR cnie_code IN (30406, 30407)
          GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      sql`SELECT local_date, center_code, municipality_code, channel, modality, reported_phone, n FROM rollup_extortion ORDER BY 1, 2, 3, 4, 5, 6`,
    ],
  ] as const;
  for (const [raw, rollup] of pairs) {
    const expected = await raw.execute(db);
    const actual = await rollup.execute(db);
    expect(actual.rows).toEqual(expected.rows);
  }
}
