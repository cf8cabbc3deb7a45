// Tables of the national-database supply: the records supplied to Plataforma México (key, class, days, and which
// of the layout's fields each carried, never their values), the monthly rollup, and the supply-log imports.
import type { ColumnType, Generated } from 'kysely';

export interface NdImportsTable {
  id: Generated<number>;
  /** Code of the database in data/national-databases/databases.json ('iph', 'licencias', …). */
  database: string;
  file_name: string;
  encoding: string | null;
  status: 'running' | 'done' | 'failed';
  user_id: number | null;
  started_at: Generated<Date>;
  heartbeat_at: Generated<Date>;
  finished_at: Date | null;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  rejected_by_reason: ColumnType<Record<string, number>, string | undefined, string>;
  /** Columns of the file that the layout does not have. */
  ignored_columns: ColumnType<string[], string[] | undefined, string[]>;
  first_load_date: string | null;
  last_load_date: string | null;
  error: string | null;
}

export interface NdRejectsTable {
  import_id: number;
  line: number;
  raw: string;
  reasons: string[];
}

export interface NdRecordsTable {
  id: Generated<number>;
  database: string;
  folio: string;
  /** Code of the database's category column ('' when the log left it empty). */
  category: string;
  municipality_code: string;
  event_date: string;
  event_at: Date | null;
  loaded_at: Date;
  /** Local day of the load: the month the record counts in. */
  load_date: string;
  delay_days: number;
  /** Bit i: the database's column i (after the common ones) had a value. */
  present_mask: number;
  import_id: number;
  updated_at: Generated<Date>;
}

/** Records per load month × category × municipality × fields present × delay in days (capped, see store.ts). */
export interface NdRollupMonthlyTable {
  database: string;
  /** First day of the load month. */
  month: string;
  category: string;
  municipality_code: string;
  present_mask: number;
  delay_days: number;
  n: number;
}

export interface NationalDatabaseTables {
  nd_imports: NdImportsTable;
  nd_rejects: NdRejectsTable;
  nd_records: NdRecordsTable;
  nd_rollup_monthly: NdRollupMonthlyTable;
}
