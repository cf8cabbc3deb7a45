// Tables of the cyber police unit. Codes of types, channels and platforms are checked against the catalogs in the
// application (the catalogs are data and may grow); statuses and sexes are fixed and checked here too.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const incidents: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE cyber_imports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        file_name text NOT NULL,
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
      CREATE TABLE cyber_import_rejects (
        import_id bigint NOT NULL REFERENCES cyber_imports (id) ON DELETE CASCADE,
        line integer NOT NULL,
        raw text NOT NULL,
        reasons text[] NOT NULL,
        PRIMARY KEY (import_id, line)
      )`.execute(db);
    await sql`
      CREATE TABLE cyber_incidents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        folio text NOT NULL UNIQUE CHECK (length(folio) BETWEEN 1 AND 60),
        intake_channel text NOT NULL,
        reported_on date NOT NULL,
        victim_sex text NOT NULL CHECK (victim_sex IN ('mujer', 'hombre', 'no_especificado')),
        victim_age_group text NOT NULL
          CHECK (victim_age_group IN ('0-11', '12-17', '18-29', '30-44', '45-59', '60+', 'no_especificado')),
        municipality_code text CHECK (municipality_code ~ '^[0-9]{5}$'),
        type_code text NOT NULL,
        platform text NOT NULL,
        amount_lost numeric(14, 2) CHECK (amount_lost >= 0),
        status text NOT NULL CHECK (status IN ('registrado', 'en_atencion', 'concluido')),
        referred boolean NOT NULL DEFAULT false,
        referral_reference text,
        referral_date date,
        source text NOT NULL CHECK (source IN ('formulario', 'csv', 'demo')),
        import_id bigint REFERENCES cyber_imports (id),
        created_by bigint,
        updated_by bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- A referral always names its oficio or file number and its day; without a referral there is neither.
        CONSTRAINT cyber_referral_complete CHECK (
          (referred AND referral_reference IS NOT NULL AND referral_date IS NOT NULL)
          OR (NOT referred AND referral_reference IS NULL AND referral_date IS NULL))
      )`.execute(db);
    await sql`CREATE INDEX cyber_incidents_reported_on ON cyber_incidents (reported_on)`.execute(db);
    await sql`
      CREATE TABLE cyber_rollup_daily (
        reported_on date NOT NULL,
        type_code text NOT NULL,
        municipality_code text NOT NULL,
        victim_sex text NOT NULL,
        victim_age_group text NOT NULL,
        intake_channel text NOT NULL,
        platform text NOT NULL,
        status text NOT NULL,
        referred boolean NOT NULL,
        n integer NOT NULL CHECK (n >= 0),
        amount_lost numeric(16, 2) NOT NULL,
        with_amount integer NOT NULL CHECK (with_amount >= 0),
        PRIMARY KEY (reported_on, type_code, municipality_code, victim_sex, victim_age_group, intake_channel, platform, status, referred)
      )`.execute(db);
    await sql`CREATE TABLE cyber_folio_counters (year integer PRIMARY KEY, last integer NOT NULL)`.execute(db);
    await sql`
      CREATE TABLE cyber_access_grants (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id),
        permission text NOT NULL CHECK (permission IN ('cyber.read')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
        granted_by bigint REFERENCES users (id),
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by bigint REFERENCES users (id),
        revoke_reason text,
        CHECK (expires_at > granted_at)
      )`.execute(db);
    await sql`CREATE INDEX cyber_access_grants_user ON cyber_access_grants (user_id)`.execute(db);
  },
};

const alerts: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE cyber_alerts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        hotline text NOT NULL,
        external_reference text NOT NULL CHECK (length(external_reference) BETWEEN 1 AND 120),
        hotline_reported_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        content_urls text[] NOT NULL DEFAULT '{}',
        content_hashes text[] NOT NULL DEFAULT '{}',
        ip_addresses text[] NOT NULL DEFAULT '{}',
        account_identifiers text[] NOT NULL DEFAULT '{}',
        content_kind text,
        platform text,
        hosting_provider text,
        hosting_country text,
        municipality_code text CHECK (municipality_code ~ '^[0-9]{5}$'),
        summary text CHECK (length(summary) <= 1000),
        status text NOT NULL CHECK (status IN ('recibida', 'asignada', 'en_investigacion', 'canalizada', 'descartada')),
        status_since timestamptz NOT NULL,
        pending_step text CHECK (pending_step IN ('assignment', 'investigation', 'referral')),
        due_at timestamptz,
        intake_late boolean NOT NULL,
        assigned_to bigint REFERENCES users (id),
        assigned_at timestamptz,
        investigation_started_at timestamptz,
        referred_at timestamptz,
        referral_destination text,
        referral_reference text,
        discarded_at timestamptz,
        discard_reason text,
        created_by bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (hotline, external_reference),
        -- An alert carries identifiers of the material, never the material: at least one URL or hash.
        CHECK (cardinality(content_urls) + cardinality(content_hashes) > 0),
        CHECK ((status IN ('canalizada', 'descartada')) = (pending_step IS NULL)),
        CHECK ((pending_step IS NULL) = (due_at IS NULL))
      )`.execute(db);
    await sql`CREATE INDEX cyber_alerts_due ON cyber_alerts (due_at) WHERE due_at IS NOT NULL`.execute(db);
    await sql`
      CREATE TABLE cyber_alert_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id bigint NOT NULL REFERENCES cyber_alerts (id),
        at timestamptz NOT NULL,
        actor_id bigint,
        actor text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        step text,
        due_at timestamptz,
        late boolean NOT NULL,
        next_step text,
        next_due_at timestamptz,
        note text
      )`.execute(db);
    await sql`CREATE INDEX cyber_alert_events_alert ON cyber_alert_events (alert_id)`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION registry_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'este historial solo admite nuevos registros (% rechazado en %)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER cyber_alert_events_append_only BEFORE UPDATE OR DELETE ON cyber_alert_events
      FOR EACH ROW EXECUTE FUNCTION registry_history_append_only()`.execute(db);
  },
};

export const cyberMigrations: Record<string, Migration> = {
  '2026_12_02_240_cyber_incidents': incidents,
  '2026_12_02_241_cyber_alerts': alerts,
};
