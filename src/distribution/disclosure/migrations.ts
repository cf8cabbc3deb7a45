// Tables of classification and disclosure control (see tables.ts). Rows are never updated or deleted: a new
// classification is a new change, a corrected release a new version.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const CLASSES = sql.raw(`('internal', 'restricted', 'public')`);

const createDisclosure: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE product_classification_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        product_id bigint NOT NULL REFERENCES products (id),
        from_classification text NOT NULL CHECK (from_classification IN ${CLASSES}),
        to_classification text NOT NULL CHECK (to_classification IN ${CLASSES}),
        reason text NOT NULL CHECK (length(btrim(reason)) >= 10),
        changed_by bigint REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_classification <> to_classification)
      )`.execute(db);
    await sql`CREATE INDEX product_classification_changes_product ON product_classification_changes (product_id, id DESC)`.execute(db);
    await sql`
      CREATE TABLE product_releases (
        product_id bigint PRIMARY KEY REFERENCES products (id),
        source_product_id bigint NOT NULL REFERENCES products (id),
        audience text NOT NULL CHECK (audience IN ('restricted', 'public')),
        agency_id bigint,
        allow_phones boolean NOT NULL DEFAULT false CHECK (NOT allow_phones OR audience = 'restricted'),
        request_key text NOT NULL UNIQUE,
        rules jsonb NOT NULL,
        disclosure jsonb NOT NULL,
        prepared_by bigint REFERENCES users (id),
        prepared_at timestamptz NOT NULL DEFAULT now(),
        CHECK (product_id <> source_product_id)
      )`.execute(db);
    await sql`CREATE INDEX product_releases_source ON product_releases (source_product_id, product_id DESC)`.execute(db);
    await sql`
      CREATE FUNCTION disclosure_records_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'los registros de clasificación y divulgación no se modifican (% rechazado en %)', TG_OP, TG_TABLE_NAME;
      END $$`.execute(db);
    for (const table of ['product_classification_changes', 'product_releases']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
                FOR EACH ROW EXECUTE FUNCTION disclosure_records_are_immutable()`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
                FOR EACH STATEMENT EXECUTE FUNCTION disclosure_records_are_immutable()`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE product_releases, product_classification_changes`.execute(db);
    await sql`DROP FUNCTION disclosure_records_are_immutable()`.execute(db);
  },
};

export const disclosureMigrations: Record<string, Migration> = {
  '2026_12_02_151_disclosure_classification_and_releases': createDisclosure,
};
