// Tables of the releases domain. Content versions (with their targets, images and attached products), the trail of
// every step and the publications are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, so that what was
// validated, reviewed, approved and published stays on record as it was. Only the releases row (state, revision,
// current version) and an account's active flag change.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATES = `'draft', 'validation', 'legal_review', 'dg_approval', 'approved', 'published', 'returned', 'withdrawn'`;
const APPEND_ONLY = [
  'release_versions',
  'release_version_targets',
  'release_images',
  'release_version_images',
  'release_version_products',
  'release_events',
  'release_publications',
];

const createReleases: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE release_accounts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        network text NOT NULL CHECK (network IN ('x', 'facebook', 'instagram', 'youtube', 'tiktok')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        handle text NOT NULL CHECK (length(handle) BETWEEN 1 AND 100),
        url text NOT NULL CHECK (url ~ '^https://'),
        active boolean NOT NULL DEFAULT true,
        registered_by bigint REFERENCES users (id),
        registered_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz,
        CHECK (active = (deactivated_at IS NULL))
      )`.execute(db);
    await sql`CREATE UNIQUE INDEX release_accounts_handle ON release_accounts (network, lower(handle))`.execute(db);
    await sql`
      CREATE TABLE releases (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        state text NOT NULL CHECK (state IN (${sql.raw(STATES)})),
        revision integer NOT NULL CHECK (revision >= 1),
        current_version integer NOT NULL CHECK (current_version >= 1),
        state_since timestamptz NOT NULL,
        created_by bigint NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX releases_open ON releases (state_since) WHERE state NOT IN ('published', 'withdrawn')`.execute(db);
    await sql`
      CREATE TABLE release_versions (
        release_id bigint NOT NULL REFERENCES releases (id),
        version integer NOT NULL CHECK (version >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
        source_area text,
        is_exception boolean NOT NULL,
        exception_reason text,
        edited_by bigint NOT NULL REFERENCES users (id),
        edited_at timestamptz NOT NULL,
        PRIMARY KEY (release_id, version),
        CHECK (is_exception OR source_area IS NOT NULL),
        CHECK (is_exception = (exception_reason IS NOT NULL))
      )`.execute(db);
    await sql`
      CREATE TABLE release_version_targets (
        release_id bigint NOT NULL,
        version integer NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        kind text NOT NULL CHECK (kind IN ('press', 'radio_tv', 'social')),
        account_id bigint REFERENCES release_accounts (id),
        PRIMARY KEY (release_id, version, position),
        FOREIGN KEY (release_id, version) REFERENCES release_versions (release_id, version),
        CHECK ((kind = 'social') = (account_id IS NOT NULL))
      )`.execute(db);
    await sql`CREATE UNIQUE INDEX release_version_targets_once ON release_version_targets (release_id, version, kind, coalesce(account_id, 0))`.execute(db);
    await sql`
      CREATE TABLE release_images (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        file_name text NOT NULL,
        media_type text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp')),
        size integer NOT NULL CHECK (size > 0),
        width integer NOT NULL CHECK (width > 0),
        height integer NOT NULL CHECK (height > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        uploaded_by bigint NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`
      CREATE TABLE release_version_images (
        release_id bigint NOT NULL,
        version integer NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        image_id bigint NOT NULL REFERENCES release_images (id),
        PRIMARY KEY (release_id, version, position),
        UNIQUE (release_id, version, image_id),
        FOREIGN KEY (release_id, version) REFERENCES release_versions (release_id, version)
      )`.execute(db);
    await sql`
      CREATE TABLE release_version_products (
        release_id bigint NOT NULL,
        version integer NOT NULL,
        product_id bigint NOT NULL REFERENCES products (id),
        PRIMARY KEY (release_id, version, product_id),
        FOREIGN KEY (release_id, version) REFERENCES release_versions (release_id, version)
      )`.execute(db);
    await sql`
      CREATE TABLE release_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        release_id bigint NOT NULL REFERENCES releases (id),
        version integer NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'edit', 'submit', 'approve', 'return', 'publish', 'withdraw')),
        step text CHECK (step IN ('validation', 'legal_review', 'dg_approval')),
        from_state text CHECK (from_state IN (${sql.raw(STATES)})),
        to_state text NOT NULL CHECK (to_state IN (${sql.raw(STATES)})),
        comments text,
        actor_id bigint NOT NULL REFERENCES users (id),
        at timestamptz NOT NULL,
        FOREIGN KEY (release_id, version) REFERENCES release_versions (release_id, version),
        CHECK ((action IN ('approve', 'return')) = (step IS NOT NULL)),
        CHECK (action <> 'return' OR length(comments) > 0)
      )`.execute(db);
    await sql`CREATE INDEX release_events_release ON release_events (release_id, id)`.execute(db);
    await sql`
      CREATE TABLE release_publications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        release_id bigint NOT NULL,
        version integer NOT NULL,
        position integer NOT NULL,
        placed_on text NOT NULL CHECK (length(placed_on) > 0),
        url text CHECK (url ~ '^https?://'),
        reference text,
        published_at timestamptz NOT NULL,
        published_by bigint NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (release_id, version, position),
        FOREIGN KEY (release_id, version, position) REFERENCES release_version_targets (release_id, version, position),
        CHECK (url IS NOT NULL OR reference IS NOT NULL)
      )`.execute(db);
    await sql`
      CREATE FUNCTION release_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'el historial de los comunicados no se modifica (% rechazado en %)', TG_OP, TG_TABLE_NAME;
      END $$`.execute(db);
    for (const table of APPEND_ONLY) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
                FOR EACH ROW EXECUTE FUNCTION release_history_is_append_only()`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
                FOR EACH STATEMENT EXECUTE FUNCTION release_history_is_append_only()`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE release_publications, release_events, release_version_products, release_version_images, release_images,
              release_version_targets, release_versions, releases, release_accounts`.execute(db);
    await sql`DROP FUNCTION release_history_is_append_only()`.execute(db);
  },
};

export const releaseMigrations: Record<string, Migration> = {
  '2026_12_02_170_releases_tables': createReleases,
};
