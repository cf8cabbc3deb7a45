// Tables of the cyber police unit's registry: incidents with their daily rollup, CSV imports and their rejected
// rows, the unit's grants of case access, and the international hotlines' alerts with the history of their steps.
import type { ColumnType, Generated } from 'kysely';

export const CYBER_STATUSES = ['registrado', 'en_atencion', 'concluido'] as const;
export type CyberStatus = (typeof CYBER_STATUSES)[number];

export const ALERT_STATUSES = ['recibida', 'asignada', 'en_investigacion', 'canalizada', 'descartada'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CyberIncidentsTable {
  id: Generated<number>;
  /** The unit's case number: assigned by the form (PC-AAAA-NNNNN) or given by an imported file. */
  folio: string;
  intake_channel: string;
  /** Local day the unit registered the report; months and quarters are cut on it. */
  reported_on: string;
  victim_sex: string;
  victim_age_group: string;
  /** INEGI code of the victim's municipality; null when unknown or outside the state. */
  municipality_code: string | null;
  type_code: string;
  platform: string;
  /** Amount lost in MXN; null when the incident records no monetary loss. */
  amount_lost: number | null;
  status: CyberStatus;
  referred: boolean;
  /** The referral to the prosecutor's office: its oficio or investigation file number, and its day. */
  referral_reference: string | null;
  referral_date: string | null;
  source: 'formulario' | 'csv' | 'demo';
  import_id: number | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CyberRollupDailyTable {
  reported_on: string;
  type_code: string;
  /** '' when the incident has no municipality. */
  municipality_code: string;
  victim_sex: string;
  victim_age_group: string;
  intake_channel: string;
  platform: string;
  status: string;
  referred: boolean;
  n: number;
  amount_lost: number;
  /** Incidents that record an amount (zero included). */
  with_amount: number;
}

export interface CyberFolioCountersTable {
  year: number;
  last: number;
}

export interface CyberImportsTable {
  id: Generated<number>;
  file_name: string;
  status: 'running' | 'done' | 'failed';
  user_id: number | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  rejected_by_reason: ColumnType<Record<string, number>, string, string>;
  error: string | null;
}

export interface CyberImportRejectsTable {
  import_id: number;
  line: number;
  raw: string;
  reasons: string[];
}

export interface CyberAccessGrantsTable {
  id: Generated<number>;
  user_id: number;
  permission: string;
  reason: string;
  granted_by: number | null;
  granted_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Date | null;
  revoked_by: number | null;
  revoke_reason: string | null;
}

export interface CyberAlertsTable {
  id: Generated<number>;
  hotline: string;
  /** The hotline's own identifier of the report. */
  external_reference: string;
  hotline_reported_at: Timestamp;
  received_at: Timestamp;
  /** Identifiers and metadata only: never the material itself. */
  content_urls: string[];
  /** 'algorithm:hex', e.g. 'sha256:…'. */
  content_hashes: string[];
  ip_addresses: string[];
  account_identifiers: string[];
  content_kind: string | null;
  platform: string | null;
  hosting_provider: string | null;
  hosting_country: string | null;
  municipality_code: string | null;
  summary: string | null;
  status: AlertStatus;
  status_since: Timestamp;
  /** The step the alert waits for and when it is due; null once referred or discarded. */
  pending_step: string | null;
  due_at: Timestamp | null;
  intake_late: boolean;
  assigned_to: number | null;
  assigned_at: Timestamp | null;
  investigation_started_at: Timestamp | null;
  referred_at: Timestamp | null;
  referral_destination: string | null;
  referral_reference: string | null;
  discarded_at: Timestamp | null;
  discard_reason: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Append-only: every step of an alert with who, when, its deadline and whether it was met. */
export interface CyberAlertEventsTable {
  id: Generated<number>;
  alert_id: number;
  at: Timestamp;
  actor_id: number | null;
  actor: string;
  from_status: string | null;
  to_status: string;
  /** The step this event completed (intake, assignment, investigation, referral) or null (discard, reassignment). */
  step: string | null;
  /** The deadline of that step, and whether it was missed. */
  due_at: Timestamp | null;
  late: boolean;
  /** The step the alert waits for after this event, and its deadline; null once referred or discarded. */
  next_step: string | null;
  next_due_at: Timestamp | null;
  note: string | null;
}

export interface CyberTables {
  cyber_incidents: CyberIncidentsTable;
  cyber_rollup_daily: CyberRollupDailyTable;
  cyber_folio_counters: CyberFolioCountersTable;
  cyber_imports: CyberImportsTable;
  cyber_import_rejects: CyberImportRejectsTable;
  cyber_access_grants: CyberAccessGrantsTable;
  cyber_alerts: CyberAlertsTable;
  cyber_alert_events: CyberAlertEventsTable;
}
