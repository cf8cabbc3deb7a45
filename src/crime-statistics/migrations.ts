// Tables of the crime-statistics domain (declared in tables.ts). Counts are keyed by everything the SESNSP files
// distinguish, so that re-importing a file finds each figure where it left it.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const createSesnsp: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE sesnsp_imports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        file_name text NOT NULL,
        layout text CHECK (layout IN ('state', 'municipal')),
        encoding text,
        state_code text NOT NULL CHECK (state_code ~ '^[0-9]{2}$'),
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        user_id bigint,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        read bigint NOT NULL DEFAULT 0,
        inserted bigint NOT NULL DEFAULT 0,
        updated bigint NOT NULL DEFAULT 0,
        unchanged bigint NOT NULL DEFAULT 0,
        other_state bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        rejected_by_reason jsonb NOT NULL DEFAULT '{}',
        first_month text,
        last_month text,
        error text
      )`.execute(db);
    await sql`
      CREATE TABLE sesnsp_rejects (
        import_id bigint NOT NULL REFERENCES sesnsp_imports (id) ON DELETE CASCADE,
        line bigint NOT NULL,
        raw text NOT NULL,
        reasons text[] NOT NULL,
        PRIMARY KEY (import_id, line)
      )`.execute(db);
    await sql`
      CREATE TABLE sesnsp_counts (
        level text NOT NULL CHECK (level IN ('state', 'municipal')),
        state_code text NOT NULL CHECK (state_code ~ '^[0-9]{2}$'),
        municipality_code text NOT NULL CHECK (municipality_code = '' OR municipality_code ~ '^[0-9]{5}$'),
        year smallint NOT NULL,
        month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
        bien_juridico text NOT NULL,
        tipo text NOT NULL,
        subtipo text NOT NULL,
        modalidad text NOT NULL,
        n integer NOT NULL CHECK (n > 0),
        import_id bigint NOT NULL,
        PRIMARY KEY (level, state_code, year, month, municipality_code, bien_juridico, tipo, subtipo, modalidad)
      )`.execute(db);
    await sql`
      CREATE TABLE sesnsp_coverage (
        level text NOT NULL CHECK (level IN ('state', 'municipal')),
        state_code text NOT NULL,
        municipality_code text NOT NULL,
        year smallint NOT NULL,
        month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
        import_id bigint NOT NULL,
        PRIMARY KEY (level, state_code, year, month, municipality_code)
      )`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE sesnsp_coverage`.execute(db);
    await sql`DROP TABLE sesnsp_counts`.execute(db);
    await sql`DROP TABLE sesnsp_rejects`.execute(db);
    await sql`DROP TABLE sesnsp_imports`.execute(db);
  },
};

export const crimeStatisticsMigrations: Record<string, Migration> = {
  '2026_11_22_050_crime_statistics_sesnsp': createSesnsp,
};
