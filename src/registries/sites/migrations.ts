// Tables of the site registries (declared in tables.ts): camera sites (PMI) and REPUVE highway arches in one table,
// told apart by `registry`; every status a site has had, with the day it took effect, so that a map or a coverage
// figure of a past period uses the cameras that worked then; and the import runs with their rejected rows.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const STATUSES = `('operando', 'falla', 'mantenimiento', 'baja')`;

const createSites: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE sites (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        registry text NOT NULL CHECK (registry IN ('pmi', 'repuve')),
        code text NOT NULL CHECK (code <> ''),
        name text NOT NULL CHECK (name <> ''),
        address text,
        latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        municipality_code text NOT NULL CHECK (municipality_code ~ '^[0-9]{5}$'),
        status text NOT NULL CHECK (status IN ${sql.raw(STATUSES)}),
        cameras jsonb NOT NULL DEFAULT '{}',
        road text,
        km numeric(8, 3),
        direction text,
        installed_on date,
        last_maintenance_on date,
        notes text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (registry, code),
        CHECK (registry <> 'repuve' OR (road IS NOT NULL AND km IS NOT NULL AND direction IS NOT NULL))
      )`.execute(db);
    await sql`
      CREATE TABLE site_imports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        registry text NOT NULL CHECK (registry IN ('pmi', 'repuve')),
        file_name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'geojson', 'kml')),
        encoding text,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        user_id bigint,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        read integer NOT NULL DEFAULT 0,
        inserted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        rejected_by_reason jsonb NOT NULL DEFAULT '{}',
        error text
      )`.execute(db);
    await sql`
      CREATE TABLE site_import_rejects (
        import_id bigint NOT NULL REFERENCES site_imports (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        line integer NOT NULL,
        raw text NOT NULL,
        reasons text[] NOT NULL,
        PRIMARY KEY (import_id, seq)
      )`.execute(db);
    await sql`
      CREATE TABLE site_status_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        site_id bigint NOT NULL REFERENCES sites (id),
        status text NOT NULL CHECK (status IN ${sql.raw(STATUSES)}),
        effective_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        user_id bigint,
        actor text NOT NULL,
        source text NOT NULL CHECK (source IN ('alta', 'edicion', 'importacion')),
        import_id bigint REFERENCES site_imports (id)
      )`.execute(db);
    await sql`CREATE INDEX site_status_changes_site ON site_status_changes (site_id, effective_on, id)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE site_status_changes, site_import_rejects, site_imports, sites`.execute(db);
  },
};

export const sitesMigrations: Record<string, Migration> = {
  '2026_12_02_220_sites_registries': createSites,
};
