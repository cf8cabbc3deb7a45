// Tables of the call audio archive. The files live in the data folder (store.ts); the database keeps their
// SHA-256, the custody record and the holds. A recording row is never deleted: a purge turns it into a tombstone.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const archive: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE call_recordings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL,
        center_code text NOT NULL,
        folio text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        format text NOT NULL CHECK (format IN ('wav', 'mp3', 'ogg')),
        media_type text NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        duration_seconds numeric(10, 3),
        duration_note text NOT NULL,
        sample_rate integer,
        channels smallint,
        original_name text NOT NULL,
        recorded_at timestamptz NOT NULL,
        attached_at timestamptz NOT NULL DEFAULT now(),
        attached_by text NOT NULL,
        source text NOT NULL CHECK (source IN ('cli', 'web', 'demo')),
        status text NOT NULL DEFAULT 'stored' CHECK (status IN ('stored', 'purged')),
        purged_at timestamptz,
        purged_by text,
        purge_reason text,
        UNIQUE (incident_id, sha256),
        CHECK ((status = 'purged') = (purged_at IS NOT NULL AND purged_by IS NOT NULL))
      )`.execute(db);
    await sql`CREATE INDEX call_recordings_incident ON call_recordings (incident_id)`.execute(db);
    await sql`CREATE INDEX call_recordings_center_folio ON call_recordings (center_code, folio)`.execute(db);
    await sql`CREATE INDEX call_recordings_stored ON call_recordings (recorded_at) WHERE status = 'stored'`.execute(db);
    await sql`
      CREATE TABLE call_recording_holds (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        recording_id bigint NOT NULL REFERENCES call_recordings (id),
        set_at timestamptz NOT NULL,
        set_by text NOT NULL,
        reason text NOT NULL CHECK (length(reason) >= 5),
        reference text,
        lifted_at timestamptz,
        lifted_by text,
        lift_reason text,
        CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
      )`.execute(db);
    await sql`CREATE INDEX call_recording_holds_active ON call_recording_holds (recording_id) WHERE lifted_at IS NULL`.execute(db);
    await sql`
      CREATE TABLE call_recording_custody (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        recording_id bigint NOT NULL REFERENCES call_recordings (id),
        at timestamptz NOT NULL,
        actor_id bigint,
        actor text NOT NULL,
        ip text,
        action text NOT NULL CHECK (action IN ('attach', 'play', 'download', 'export', 'hold_set', 'hold_lift', 'purge')),
        reason text,
        reference text,
        details jsonb NOT NULL DEFAULT '{}',
        -- Listening, downloading and handing over always say why.
        CHECK (action NOT IN ('play', 'download', 'export', 'hold_set', 'hold_lift') OR length(reason) >= 5)
      )`.execute(db);
    await sql`CREATE INDEX call_recording_custody_recording ON call_recording_custody (recording_id)`.execute(db);
    await sql`
      CREATE OR REPLACE FUNCTION registry_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'este historial solo admite nuevos registros (% rechazado en %)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER call_recording_custody_append_only BEFORE UPDATE OR DELETE ON call_recording_custody
      FOR EACH ROW EXECUTE FUNCTION registry_history_append_only()`.execute(db);
    await sql`
      CREATE TABLE call_recording_tickets (
        token_hash text PRIMARY KEY,
        recording_id bigint NOT NULL REFERENCES call_recordings (id),
        user_id bigint NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('play', 'download')),
        custody_id bigint NOT NULL REFERENCES call_recording_custody (id),
        expires_at timestamptz NOT NULL
      )`.execute(db);
  },
};

export const callAudioMigrations: Record<string, Migration> = {
  '2026_12_02_250_call_audio_archive': archive,
};
