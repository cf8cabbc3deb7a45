// Tables of the access domain. The audit log is append-only: triggers refuse UPDATE, DELETE and TRUNCATE, so that
// even a bug or a careless SQL session cannot rewrite history without first disabling them as the table owner.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const usersAndSessions: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE users (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        area_code text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) >= 1),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        must_change_password boolean NOT NULL DEFAULT false,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`.execute(db);
    await sql`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`.execute(db);
    await sql`CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE sessions`.execute(db);
    await sql`DROP TABLE users`.execute(db);
  },
};

const auditLog: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE audit_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id bigint,
        actor text NOT NULL,
        ip text,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )`.execute(db);
    await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id)`.execute(db);
    await sql`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id)`.execute(db);
    await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db);
    await sql`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'la bitácora de auditoría solo admite nuevos registros (% rechazado)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE audit_log`.execute(db);
    await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
  },
};

export const accessMigrations: Record<string, Migration> = {
  '2026_11_22_020_access_01_users_sessions': usersAndSessions,
  '2026_11_22_020_access_02_audit_log': auditLog,
};
