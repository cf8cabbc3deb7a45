// Incidents, imports and rollups. Rollup keys are NOT NULL (municipality '' when unknown) so that they can be
// primary keys and upserted.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const createIncidents: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE import_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        file_name text NOT NULL,
        profile text NOT NULL,
        center_code text,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        user_id bigint,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        bytes_total bigint,
        bytes_read bigint NOT NULL DEFAULT 0,
        read bigint NOT NULL DEFAULT 0,
        inserted bigint NOT NULL DEFAULT 0,
        updated bigint NOT NULL DEFAULT 0,
        unchanged bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        rejected_by_reason jsonb NOT NULL DEFAULT '{}',
        error text
      )`.execute(db);
    await sql`
      CREATE TABLE import_rejects (
        import_id bigint NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
        line bigint NOT NULL,
        raw text NOT NULL,
        reasons text[] NOT NULL,
        PRIMARY KEY (import_id, line)
      )`.execute(db);
    await sql`
      CREATE TABLE incidents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        center_code text NOT NULL REFERENCES call_centers (code),
        folio text NOT NULL,
        channel text NOT NULL
          CHECK (channel IN ('911', '089', 'panic_button', 'app', 'radio', 'camera', 'social_media', 'other')),
        received_at timestamptz NOT NULL,
        dispatched_at timestamptz,
        arrived_at timestamptz,
        closed_at timestamptz,
        local_date date NOT NULL,
        local_hour smallint NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
        cnie_version text NOT NULL CHECK (cnie_version IN ('2', '3')),
        cnie_code integer NOT NULL,
        priority text CHECK (priority IN ('alta', 'media', 'baja')),
        is_improper boolean NOT NULL,
        closing_code text,
        municipality_code text,
        locality text,
        latitude double precision,
        longitude double precision,
        cell text,
        corporation text,
        unit text,
        related_folios text[],
        victim_sex text CHECK (victim_sex IN ('mujer', 'hombre', 'no_especificado')),
        victim_age_group text,
        reported_phone text,
        extortion_modality text,
        caller_phone text,
        caller_name text,
        address text,
        notes text,
        row_hash text NOT NULL,
        import_id bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (center_code, folio),
        -- An 089 tip is anonymous: the caller's identity can never be stored.
        CONSTRAINT anonymous_089 CHECK (channel <> '089' OR (caller_phone IS NULL AND caller_name IS NULL))
      )`.execute(db);
    await sql`CREATE INDEX incidents_local_date ON incidents (local_date)`.execute(db);
    await sql`
      CREATE TABLE rollup_daily (
        local_date date NOT NULL,
        center_code text NOT NULL,
        cnie_version text NOT NULL,
        cnie_code integer NOT NULL,
        municipality_code text NOT NULL,
        channel text NOT NULL,
        is_improper boolean NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (local_date, center_code, cnie_version, cnie_code, municipality_code, channel, is_improper)
      )`.execute(db);
    await sql`
      CREATE TABLE rollup_cells (
        local_date date NOT NULL,
        local_hour smallint NOT NULL,
        cell text NOT NULL,
        cnie_version text NOT NULL,
        cnie_code integer NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (local_date, cell, cnie_version, cnie_code, local_hour)
      )`.execute(db);
  },
};

/** The same buckets as serviceTimeBucket() in analytics/stats.ts, for the backfill. */
const BUCKET_SQL = (seconds: string) => `
  CASE WHEN ${seconds} < 600 THEN floor(${seconds} / 10) * 10
       WHEN ${seconds} < 3600 THEN floor(${seconds} / 60) * 60
       WHEN ${seconds} < 86400 THEN floor(${seconds} / 600) * 600
       ELSE 86400 END::int`;

const reportRollups: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE rollup_service_times (
        local_date date NOT NULL,
        center_code text NOT NULL,
        priority text NOT NULL,
        is_improper boolean NOT NULL,
        measure smallint NOT NULL CHECK (measure IN (1, 2, 3)),
        bucket integer NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (local_date, center_code, priority, is_improper, measure, bucket)
      )`.execute(db);
    await sql`
      CREATE TABLE rollup_extortion (
        local_date date NOT NULL,
        center_code text NOT NULL,
        municipality_code text NOT NULL,
        channel text NOT NULL,
        modality text NOT NULL,
        reported_phone text NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (local_date, center_code, municipality_code, channel, modality, reported_phone)
      )`.execute(db);
    // Improper calls are never mapped: their cells leave the cell rollup.
    await sql`DELETE FROM rollup_cells`.execute(db);
    await sql`
      INSERT INTO rollup_cells (local_date, local_hour, cell, cnie_version, cnie_code, n)
      SELECT local_date, local_hour, cell, cnie_version, cnie_code, count(*) FROM incidents
      WHERE cell IS NOT NULL AND NOT is_improper GROUP BY 1, 2, 3, 4, 5`.execute(db);
    for (const [measure, from, to] of [
      [1, 'received_at', 'dispatched_at'],
      [2, 'dispatched_at', 'arrived_at'],
      [3, 'received_at', 'closed_at'],
    ] as const) {
      await sql`
        INSERT INTO rollup_service_times (local_date, center_code, priority, is_improper, measure, bucket, n)
        SELECT local_date, center_code, coalesce(priority, ''), is_improper, ${measure},
               ${sql.raw(BUCKET_SQL(`extract(epoch FROM ${to} - ${from})`))}, count(*)
        FROM incidents WHERE ${sql.ref(from)} IS NOT NULL AND ${sql.ref(to)} IS NOT NULL
        GROUP BY 1, 2, 3, 4, 6`.execute(db);
    }
    await sql`
      INSERT INTO rollup_extortion (local_date, center_code, municipality_code, channel, modality, reported_phone, n)
      SELECT local_date, center_code, coalesce(municipality_code, ''), channel, coalesce(extortion_modality, ''),
             coalesce(reported_phone, ''), count(*)
      FROM incidents WHERE extortion_modality IS NOT NULL OR cnie_code IN (30406, 30407)
      GROUP BY 1, 2, 3, 4, 5, 6`.execute(db);
  },
};

/**
 * Cheaper writes: the importer already refuses unknown centers, so the per-row foreign-key trigger only slowed COPY;
 * incidents arrive roughly in time order, so a BRIN index serves period filters at a fraction of a btree's upkeep.
 */
const leanerIncidentIndexes: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE incidents DROP CONSTRAINT IF EXISTS incidents_center_code_fkey`.execute(db);
    await sql`DROP INDEX IF EXISTS incidents_local_date`.execute(db);
    await sql`CREATE INDEX incidents_local_date_brin ON incidents USING brin (local_date)`.execute(db);
  },
};

/** Known incidents are compared field by field on re-import, so no fingerprint of each row is kept. */
const dropRowHash: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE incidents DROP COLUMN IF EXISTS row_hash`.execute(db);
  },
};

/**
 * Monthly rollups for the monthly reports: the FESE reads a month's few thousand keys instead of every day's.
 * Service times are only ever reported by month, so their rollup is kept by month alone. Backfilled in key order
 * so that a month's rows sit together on disk, as later imports (in time order) keep them.
 */
const monthlyRollups: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE rollup_monthly (
        month date NOT NULL,
        center_code text NOT NULL,
        cnie_version text NOT NULL,
        cnie_code integer NOT NULL,
        municipality_code text NOT NULL,
        channel text NOT NULL,
        is_improper boolean NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (month, center_code, cnie_version, cnie_code, municipality_code, channel, is_improper)
      )`.execute(db);
    await sql`
      INSERT INTO rollup_monthly
      SELECT date_trunc('month', local_date::timestamp)::date, center_code, cnie_version, cnie_code, municipality_code, channel, is_improper, sum(n)
      FROM rollup_daily GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
    await sql`ALTER TABLE rollup_service_times RENAME TO rollup_service_times_daily`.execute(db);
    await sql`ALTER INDEX rollup_service_times_pkey RENAME TO rollup_service_times_daily_pkey`.execute(db);
    await sql`
      CREATE TABLE rollup_service_times (
        month date NOT NULL,
        center_code text NOT NULL,
        priority text NOT NULL,
        is_improper boolean NOT NULL,
        measure smallint NOT NULL CHECK (measure IN (1, 2, 3)),
        bucket integer NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (month, center_code, priority, is_improper, measure, bucket)
      )`.execute(db);
    await sql`
      INSERT INTO rollup_service_times
      SELECT date_trunc('month', local_date::timestamp)::date, center_code, priority, is_improper, measure, bucket, sum(n)
      FROM rollup_service_times_daily GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
    await sql`DROP TABLE rollup_service_times_daily`.execute(db);
  },
};

export const incidentMigrations: Record<string, Migration> = {
  '2026_11_22_030_incidents': createIncidents,
  '2026_11_22_031_incidents_report_rollups': reportRollups,
  '2026_11_22_032_incidents_leaner_indexes': leanerIncidentIndexes,
  '2026_12_02_033_incidents_drop_row_hash': dropRowHash,
  '2026_12_02_034_incidents_monthly_rollups': monthlyRollups,
};
