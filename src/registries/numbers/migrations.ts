// Tables of the phone-number registry (malicious, extortion and improper callers) and of the mitigation of improper
// calls. Sightings come from the incidents (one per incident and kind, refreshed by the sync) or from manual reports;
// status changes and mitigation actions are append-only histories.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const registry: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE phone_numbers (
        phone text PRIMARY KEY CHECK (phone ~ '^([1-9][0-9]{9}|\\+[1-9][0-9]{7,14})$'),
        status text NOT NULL CHECK (status IN ('reportado', 'en_verificacion', 'confirmado', 'descartado')),
        status_since timestamptz NOT NULL,
        status_by bigint,
        status_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`
      CREATE TABLE phone_sightings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        phone text NOT NULL REFERENCES phone_numbers (phone),
        kind text NOT NULL CHECK (kind IN ('extorsion', 'improcedente')),
        source text NOT NULL CHECK (source IN ('incidente', 'reporte_manual')),
        incident_id bigint,
        center_code text,
        channel text,
        modality text,
        seen_at timestamptz NOT NULL,
        local_date date NOT NULL,
        reference text CHECK (length(reference) <= 200),
        reported_by bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, kind),
        CHECK ((source = 'incidente') = (incident_id IS NOT NULL))
      )`.execute(db);
    await sql`CREATE INDEX phone_sightings_phone ON phone_sightings (phone, local_date)`.execute(db);
    await sql`CREATE INDEX phone_sightings_date ON phone_sightings (local_date)`.execute(db);
    await sql`
      CREATE TABLE phone_status_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        phone text NOT NULL REFERENCES phone_numbers (phone),
        at timestamptz NOT NULL,
        actor_id bigint,
        actor text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        reason text NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX phone_status_events_phone ON phone_status_events (phone)`.execute(db);
    await sql`
      CREATE TRIGGER phone_status_events_append_only BEFORE UPDATE OR DELETE ON phone_status_events
      FOR EACH ROW EXECUTE FUNCTION registry_history_append_only()`.execute(db);
    await sql`
      CREATE TABLE phone_submissions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        report_code text NOT NULL,
        period_key text NOT NULL CHECK (period_key ~ '^[0-9]{4}-[0-9]{2}$'),
        product_id bigint NOT NULL,
        sent_at timestamptz NOT NULL,
        oficio_folio text NOT NULL CHECK (length(oficio_folio) BETWEEN 3 AND 80),
        dispatch_id bigint,
        numbers integer NOT NULL CHECK (numbers >= 0),
        recorded_by bigint,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_code, period_key)
      )`.execute(db);
  },
};

const mitigation: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE mitigation_cases (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        phone text NOT NULL REFERENCES phone_numbers (phone),
        center_code text NOT NULL,
        opened_at timestamptz NOT NULL,
        opened_on date NOT NULL,
        threshold_calls integer NOT NULL CHECK (threshold_calls >= 2),
        threshold_days integer NOT NULL CHECK (threshold_days >= 1),
        calls_in_window integer NOT NULL CHECK (calls_in_window >= 0),
        stage text NOT NULL CHECK (stage IN ('abierto', 'aviso', 'segundo_aviso', 'canalizado', 'cerrado')),
        outcome text CHECK (outcome IN ('cesaron', 'canalizado', 'numero_suspendido', 'sin_efecto')),
        closed_at timestamptz,
        CHECK ((stage = 'cerrado') = (outcome IS NOT NULL AND closed_at IS NOT NULL))
      )`.execute(db);
    // One open case per number at a time.
    await sql`CREATE UNIQUE INDEX mitigation_cases_open ON mitigation_cases (phone) WHERE stage <> 'cerrado'`.execute(db);
    await sql`
      CREATE TABLE mitigation_actions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id bigint NOT NULL REFERENCES mitigation_cases (id),
        action text NOT NULL CHECK (action IN ('apertura', 'aviso', 'segundo_aviso', 'canalizacion', 'cierre')),
        acted_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        actor_id bigint,
        actor text NOT NULL,
        destination text CHECK (length(destination) <= 200),
        reference text CHECK (length(reference) <= 120),
        note text CHECK (length(note) <= 500)
      )`.execute(db);
    await sql`CREATE INDEX mitigation_actions_case ON mitigation_actions (case_id)`.execute(db);
    await sql`
      CREATE TRIGGER mitigation_actions_append_only BEFORE UPDATE OR DELETE ON mitigation_actions
      FOR EACH ROW EXECUTE FUNCTION registry_history_append_only()`.execute(db);
  },
};

export const numbersMigrations: Record<string, Migration> = {
  '2026_12_03_260_numbers_registry': registry,
  '2026_12_03_261_numbers_mitigation': mitigation,
};
