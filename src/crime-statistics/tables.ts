// Tables of the crime-statistics domain: the SESNSP's monthly counts of crimes reported to the state prosecutor
// (incidencia delictiva del fuero común), which months each place has published, and the import runs with their
// rejected rows.
import type { ColumnType, Generated } from 'kysely';

/** 'state': the IDEFC_NM layout (one row per state); 'municipal': the IDM_NM layout (one row per municipality). */
export type SesnspLevel = 'state' | 'municipal';

export interface SesnspImportsTable {
  id: Generated<number>;
  file_name: string;
  /** Null until the header has been read (a file without rows never gets one). */
  layout: SesnspLevel | null;
  encoding: string | null;
  /** The configured state: only its rows are stored. */
  state_code: string;
  status: 'running' | 'done' | 'failed';
  user_id: number | null;
  started_at: Generated<Date>;
  heartbeat_at: Generated<Date>;
  finished_at: Date | null;
  read: Generated<number>;
  /** Rows of the state whose figures were new to the database. */
  inserted: Generated<number>;
  /** Rows of the state that corrected stored figures or added newly published months. */
  updated: Generated<number>;
  unchanged: Generated<number>;
  /** Well-formed rows of other states: skipped, not rejected. */
  other_state: Generated<number>;
  rejected: Generated<number>;
  rejected_by_reason: ColumnType<Record<string, number>, string, string>;
  /** First and last month with figures in the state's rows ('YYYY-MM'), null when none. */
  first_month: string | null;
  last_month: string | null;
  error: string | null;
}

export interface SesnspRejectsTable {
  import_id: number;
  line: number;
  raw: string;
  reasons: string[];
}

/**
 * One month of one crime category in one place. Only counts above zero are stored: a month that
 * sesnsp_coverage lists as published for the place and that has no row here is a published zero.
 */
export interface SesnspCountsTable {
  level: SesnspLevel;
  state_code: string;
  /** Five-digit INEGI code; '' at state level; XX999 is the SESNSP's "Otros municipios". */
  municipality_code: string;
  year: number;
  month: number;
  bien_juridico: string;
  tipo: string;
  subtipo: string;
  modalidad: string;
  n: number;
  /** The import that last set this count. */
  import_id: number;
}

/** Months the SESNSP has published for a place (a municipality, or '' for the state-level series). */
export interface SesnspCoverageTable {
  level: SesnspLevel;
  state_code: string;
  municipality_code: string;
  year: number;
  month: number;
  import_id: number;
}

export interface CrimeStatisticsTables {
  sesnsp_imports: SesnspImportsTable;
  sesnsp_rejects: SesnspRejectsTable;
  sesnsp_counts: SesnspCountsTable;
  sesnsp_coverage: SesnspCoverageTable;
}
