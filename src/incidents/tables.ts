// Tables of the incidents domain: the incidents themselves, import runs with their rejected rows, and the
// rollups that reports read instead of raw rows.
import type { ColumnType, Generated } from 'kysely';

/** Inputs a center logs; 9-1-1 and 089 are the two public lines. */
export const CHANNELS = ['911', '089', 'panic_button', 'app', 'radio', 'camera', 'social_media', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CNIE_VERSIONS = ['2', '3'] as const;
export type CnieVersion = (typeof CNIE_VERSIONS)[number];

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IncidentsTable {
  id: Generated<number>;
  center_code: string;
  folio: string;
  channel: Channel;
  received_at: Timestamp;
  dispatched_at: Timestamp | null;
  arrived_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** Day and hour of reception in the state's time zone: rollups and reports cut on them. */
  local_date: string;
  local_hour: number;
  cnie_version: CnieVersion;
  cnie_code: number;
  priority: 'alta' | 'media' | 'baja' | null;
  is_improper: boolean;
  closing_code: string | null;
  municipality_code: string | null;
  locality: string | null;
  latitude: number | null;
  longitude: number | null;
  cell: string | null;
  corporation: string | null;
  unit: string | null;
  related_folios: string[] | null;
  victim_sex: 'mujer' | 'hombre' | 'no_especificado' | null;
  victim_age_group: string | null;
  /** The number a tip or call reports (an extortion or prank number), not the caller's own. */
  reported_phone: string | null;
  extortion_modality: string | null;
  // Restricted fields: personal data that only some roles may read. Never stored for 089 tips.
  caller_phone: string | null;
  caller_name: string | null;
  address: string | null;
  notes: string | null;
  import_id: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ImportRunsTable {
  id: Generated<number>;
  file_name: string;
  profile: string;
  center_code: string | null;
  status: 'running' | 'done' | 'failed';
  user_id: number | null;
  started_at: Generated<Date>;
  /** Touched by every committed batch: a running import whose heartbeat stopped was interrupted. */
  heartbeat_at: Generated<Date>;
  finished_at: Date | null;
  bytes_total: number | null;
  bytes_read: Generated<number>;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  rejected_by_reason: ColumnType<Record<string, number>, string, string>;
  error: string | null;
}

export interface ImportRejectsTable {
  import_id: number;
  line: number;
  raw: string;
  reasons: string[];
}

export interface RollupDailyTable {
  local_date: string;
  center_code: string;
  cnie_version: CnieVersion;
  cnie_code: number;
  /** '' when the incident has no municipality. */
  municipality_code: string;
  channel: Channel;
  is_improper: boolean;
  n: number;
}

export interface RollupCellsTable {
  local_date: string;
  local_hour: number;
  cell: string;
  cnie_version: CnieVersion;
  cnie_code: number;
  n: number;
}

/** rollup_daily summed by local month: what monthly reports read. */
export interface RollupMonthlyTable {
  /** First day of the local month. */
  month: string;
  center_code: string;
  cnie_version: CnieVersion;
  cnie_code: number;
  municipality_code: string;
  channel: Channel;
  is_improper: boolean;
  n: number;
}

export interface RollupServiceTimesTable {
  /** First day of the local month. */
  month: string;
  center_code: string;
  /** '' when the incident has no priority. */
  priority: string;
  is_improper: boolean;
  /** 1 reception→dispatch, 2 dispatch→arrival, 3 reception→close (SERVICE_MEASURES in rollups.ts). */
  measure: number;
  /** Lower bound in seconds of the bucket (serviceTimeBucket in analytics/stats.ts). */
  bucket: number;
  n: number;
}

export interface RollupExtortionTable {
  local_date: string;
  center_code: string;
  municipality_code: string;
  channel: Channel;
  /** '' when the tip records no modality. */
  modality: string;
  /** '' when the tip records no number. */
  reported_phone: string;
  n: number;
}

export interface IncidentTables {
  incidents: IncidentsTable;
  import_runs: ImportRunsTable;
  import_rejects: ImportRejectsTable;
  rollup_daily: RollupDailyTable;
  rollup_monthly: RollupMonthlyTable;
  rollup_cells: RollupCellsTable;
  rollup_service_times: RollupServiceTimesTable;
  rollup_extortion: RollupExtortionTable;
}
