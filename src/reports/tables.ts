// Tables of the reports domain: the catalog of report types of directive 1.2.8, the immutable products and their
// files, the job queue and the users' notifications.
import type { ColumnType, Generated } from 'kysely';

export type Periodicity = 'monthly' | 'quarterly' | 'half_yearly' | 'on_demand';
export type Classification = 'internal' | 'restricted' | 'public';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

type Json<T> = ColumnType<T, string, string>;

export interface ReportTypesTable {
  code: string;
  name: string;
  area: string;
  internal: boolean;
  external: boolean;
  beneficiaries: string[];
  periodicity: Periodicity;
  formats: string[];
  /** Name of the generator that makes it; null while Atalaya cannot produce it yet. */
  generator: string | null;
  default_classification: Classification;
  /** Day of the month after the period closes on which the scheduled generation is due. */
  schedule_day: Generated<number>;
  active: Generated<boolean>;
}

export interface ProductsTable {
  id: Generated<number>;
  report_type: string;
  period_key: string;
  params: ColumnType<Record<string, unknown>, string, never>;
  /** Canonical JSON of the validated parameters: the same report for the same parameters is one series. */
  params_key: string;
  version: number;
  replaces_id: number | null;
  cnie_version: '2' | '3';
  data_cut_at: Date;
  classification: Classification;
  /** The user who asked for it; null when the scheduler or the command line made it. */
  generated_by: number | null;
  generated_at: Generated<Date>;
  summary: ColumnType<Record<string, unknown>, string, never>;
  /** The product a released version (versión pública or reservada) was made from; null for a generation. */
  derived_from_id: ColumnType<number | null, number | null | undefined, never>;
}

export interface ProductFilesTable {
  product_id: number;
  format: string;
  file_name: string;
  media_type: string;
  sha256: string;
  size: number;
  content: Uint8Array;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** Idempotency key: a job with the same key is enqueued once (scheduled generations). */
  key: string | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<JobStatus>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: Generated<Date>;
  locked_until: Date | null;
  last_error: string | null;
  result: Json<Record<string, unknown> | null> | null;
  requested_by: number | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  text: string;
  link: string | null;
  created_at: Generated<Date>;
  read_at: Date | null;
}

export interface ReportTables {
  report_types: ReportTypesTable;
  products: ProductsTable;
  product_files: ProductFilesTable;
  jobs: JobsTable;
  notifications: NotificationsTable;
}
