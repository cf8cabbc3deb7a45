// Tables of the national-database supply (declared in tables.ts): one row per record the state supplied to a
// national database (its key, class, days and which fields it carried), the monthly rollup the indicators read,
// and the import runs of the supply logs with their rejected rows.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const createSupply: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE nd_imports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        database text NOT NULL,
        file_name text NOT NULL,
        encoding text,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        user_id bigint,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        read integer NOT NULL DEFAULT 0,
        inserted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        rejected_by_reason jsonb NOT NULL DEFAULT '{}',
        ignored_columns text[] NOT NULL DEFAULT '{}',
        first_load_date date,
        last_load_date date,
        error text
      )`.execute(db);
    await sql`
      CREATE TABLE nd_rejects (
        import_id bigint NOT NULL REFERENCES nd_imports (id) ON DELETE CASCADE,
        line integer NOT NULL,
        raw text NOT NULL,
        reasons text[] NOT NULL,
        PRIMARY KEY (import_id, line)
      )`.execute(db);
    await sql`
      CREATE TABLE nd_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        database text NOT NULL,
        folio text NOT NULL,
        category text NOT NULL,
        municipality_code text NOT NULL CHECK (municipality_code = '' OR municipality_code ~ '^[0-9]{5}$'),
        event_date date NOT NULL,
        event_at timestamptz,
        loaded_at timestamptz NOT NULL,
        load_date date NOT NULL,
        delay_days integer NOT NULL CHECK (delay_days >= 0),
        present_mask integer NOT NULL,
        import_id bigint NOT NULL REFERENCES nd_imports (id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (database, folio)
      )`.execute(db);
    await sql`CREATE INDEX nd_records_load ON nd_records (database, load_date)`.execute(db);
    await sql`
      CREATE TABLE nd_rollup_monthly (
        database text NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        category text NOT NULL,
        municipality_code text NOT NULL,
        present_mask integer NOT NULL,
        delay_days integer NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        PRIMARY KEY (database, month, category, municipality_code, present_mask, delay_days)
      )`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE nd_rollup_monthly, nd_records, nd_rejects, nd_imports`.execute(db);
  },
};

export const nationalDatabaseMigrations: Record<string, Migration> = {
  '2026_12_02_230_national_databases_supply': createSupply,
};
