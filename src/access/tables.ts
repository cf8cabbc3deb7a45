// Tables of the access domain: users with their area and roles, server-side sessions, and the audit log.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

export interface UsersTable {
  id: GeneratedAlways<number>;
  /** Lowercase, unique. */
  username: string;
  display_name: string;
  area_code: string;
  roles: string[];
  password_hash: string;
  active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself only lives in the browser's cookie. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/** Append-only and hash-chained; write it only through appendAudit (audit.ts). */
export interface AuditLogTable {
  seq: GeneratedAlways<number>;
  /** Inserted as the ISO text (millisecond precision) that the hash covers. */
  at: ColumnType<Date, string, never>;
  actor_id: number | null;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AccessTables {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
