// Tables of the phone-number registry and of the mitigation of improper calls.
import type { ColumnType, Generated } from 'kysely';

export const NUMBER_STATUSES = ['reportado', 'en_verificacion', 'confirmado', 'descartado'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];
export const SIGHTING_KINDS = ['extorsion', 'improcedente'] as const;
export type SightingKind = (typeof SIGHTING_KINDS)[number];
export const CASE_STAGES = ['abierto', 'aviso', 'segundo_aviso', 'canalizado', 'cerrado'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CASE_OUTCOMES = ['cesaron', 'canalizado', 'numero_suspendido', 'sin_efecto'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface PhoneNumbersTable {
  /** 10-digit national number, or +<digits> for a foreign one (normalizePhone). */
  phone: string;
  status: NumberStatus;
  status_since: Timestamp;
  status_by: number | null;
  status_reason: string | null;
  created_at: Generated<Date>;
}

export interface PhoneSightingsTable {
  id: Generated<number>;
  phone: string;
  kind: SightingKind;
  source: 'incidente' | 'reporte_manual';
  incident_id: number | null;
  center_code: string | null;
  channel: string | null;
  /** Extortion modality code of data/reports/extortion-modalities.json, or null. */
  modality: string | null;
  seen_at: Timestamp;
  local_date: string;
  /** A manual report's source document (oficio, carrier notice), never free text about people. */
  reference: string | null;
  reported_by: number | null;
  created_at: Generated<Date>;
}

/** Append-only: every status change of a number with who, when and why. */
export interface PhoneStatusEventsTable {
  id: Generated<number>;
  phone: string;
  at: Timestamp;
  actor_id: number | null;
  actor: string;
  from_status: string | null;
  to_status: string;
  reason: string;
}

export interface PhoneSubmissionsTable {
  id: Generated<number>;
  report_code: string;
  /** 'YYYY-MM'. */
  period_key: string;
  product_id: number;
  sent_at: Timestamp;
  oficio_folio: string;
  /** The distribution dispatch that carried the oficio, when it went through Atalaya. */
  dispatch_id: number | null;
  numbers: number;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

export interface MitigationCasesTable {
  id: Generated<number>;
  phone: string;
  center_code: string;
  opened_at: Timestamp;
  opened_on: string;
  threshold_calls: number;
  threshold_days: number;
  calls_in_window: number;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  closed_at: Timestamp | null;
}

/** Append-only: each staged action of a case with its date and who recorded it. */
export interface MitigationActionsTable {
  id: Generated<number>;
  case_id: number;
  action: 'apertura' | 'aviso' | 'segundo_aviso' | 'canalizacion' | 'cierre';
  acted_on: string;
  recorded_at: Generated<Date>;
  actor_id: number | null;
  actor: string;
  destination: string | null;
  reference: string | null;
  note: string | null;
}

export interface NumbersTables {
  phone_numbers: PhoneNumbersTable;
  phone_sightings: PhoneSightingsTable;
  phone_status_events: PhoneStatusEventsTable;
  phone_submissions: PhoneSubmissionsTable;
  mitigation_cases: MitigationCasesTable;
  mitigation_actions: MitigationActionsTable;
}
