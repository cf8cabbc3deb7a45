// Tables of the report machinery: the catalog of report types (mirrored from data/reports/catalog.json), the
// immutable products and their files, the job queue that survives restarts, and the users' notifications.
// Products and their files are immutable: a correction is a new version that names the one it replaces.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const createReports: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE report_types (
        code text PRIMARY KEY,
        name text NOT NULL,
        area text NOT NULL,
        internal boolean NOT NULL,
        external boolean NOT NULL,
        beneficiaries text[] NOT NULL,
        periodicity text NOT NULL CHECK (periodicity IN ('monthly', 'quarterly', 'half_yearly', 'on_demand')),
        formats text[] NOT NULL,
        generator text,
        default_classification text NOT NULL CHECK (default_classification IN ('internal', 'restricted', 'public')),
        schedule_day integer NOT NULL DEFAULT 5 CHECK (schedule_day BETWEEN 1 AND 28),
        active boolean NOT NULL DEFAULT true
      )`.execute(db);
    await sql`
      CREATE TABLE products (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        report_type text NOT NULL REFERENCES report_types (code),
        period_key text NOT NULL,
        params jsonb NOT NULL,
        params_key text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        replaces_id bigint REFERENCES products (id),
        cnie_version text NOT NULL CHECK (cnie_version IN ('2', '3')),
        data_cut_at timestamptz NOT NULL,
        classification text NOT NULL CHECK (classification IN ('internal', 'restricted', 'public')),
        generated_by bigint REFERENCES users (id),
        generated_at timestamptz NOT NULL DEFAULT now(),
        summary jsonb NOT NULL DEFAULT '{}',
        UNIQUE (report_type, period_key, params_key, version)
      )`.execute(db);
    await sql`CREATE INDEX products_type_period ON products (report_type, period_key, id DESC)`.execute(db);
    await sql`
      CREATE TABLE product_files (
        product_id bigint NOT NULL REFERENCES products (id),
        format text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size integer NOT NULL CHECK (size >= 0),
        content bytea NOT NULL,
        PRIMARY KEY (product_id, format)
      )`.execute(db);
    await sql`
      CREATE FUNCTION products_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'los productos son inmutables (% rechazado en %): genere una nueva versión', TG_OP, TG_TABLE_NAME;
      END $$`.execute(db);
    for (const table of ['products', 'product_files']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
                FOR EACH ROW EXECUTE FUNCTION products_are_immutable()`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
                FOR EACH STATEMENT EXECUTE FUNCTION products_are_immutable()`.execute(db);
    }
    await sql`
      CREATE TABLE jobs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        key text UNIQUE,
        payload jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
        run_after timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        result jsonb,
        requested_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`.execute(db);
    await sql`CREATE INDEX jobs_queued ON jobs (id) WHERE status = 'queued'`.execute(db);
    await sql`CREATE INDEX jobs_running ON jobs (locked_until) WHERE status = 'running'`.execute(db);
    await sql`
      CREATE TABLE notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        text text NOT NULL,
        link text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`.execute(db);
    await sql`CREATE INDEX notifications_user ON notifications (user_id, id DESC)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE notifications, jobs, product_files, products, report_types`.execute(db);
    await sql`DROP FUNCTION products_are_immutable()`.execute(db);
  },
};

/**
 * A product made from another one by the disclosure pass (a versión pública or reservada) names the product it was
 * made from, as a correction names the one it replaces. Adding a nullable column rewrites no row, so the
 * immutability triggers are not involved.
 */
const productDerivation: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE products ADD COLUMN derived_from_id bigint REFERENCES products (id)`.execute(db);
    await sql`CREATE INDEX products_derived_from ON products (derived_from_id) WHERE derived_from_id IS NOT NULL`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`ALTER TABLE products DROP COLUMN derived_from_id`.execute(db);
  },
};

export const reportMigrations: Record<string, Migration> = {
  '2026_11_22_040_reports_products': createReports,
  '2026_12_02_150_reports_product_derivation': productDerivation,
};
