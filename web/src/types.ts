// Shapes of the API answers that the web app reads.

export interface User {
  id: number;
  username: string;
  display_name: string;
  area_code: string;
  area_name: string;
  roles: string[];
  permissions: string[];
  must_change_password: boolean;
}

export interface SessionAnswer {
  user: User;
  csrfToken: string;
}

export interface StateInfo {
  code: string;
  name: string;
  bbox: [number, number, number, number];
  /** IANA zone of the state, when the server sends it. */
  timeZone?: string;
}

export interface CnieEntry {
  version: '2' | '3';
  code: number;
  name: string;
  type: number;
  typeName: string;
  subtype: number;
  subtypeName: string | null;
  priority: string | null;
  active: boolean;
  v2?: number | null;
  v3?: number | null;
}

export interface MunicipalityRef {
  code: string;
  name: string;
  population: number | null;
}

export interface CallCenter {
  code: string;
  name: string;
  active?: boolean;
  municipalities: string[];
}

export interface MunicipalityGroup {
  id: number;
  slug: string;
  name: string;
  kind: string;
  source_citation: string | null;
  source_url: string | null;
  notes: string | null;
  members: string[];
}

export interface IncidentRow {
  id: number;
  center_code: string;
  folio: string;
  channel: string;
  received_at: string;
  dispatched_at: string | null;
  arrived_at: string | null;
  closed_at: string | null;
  local_date: string;
  cnie_version: '2' | '3';
  cnie_code: number;
  priority: string | null;
  is_improper: boolean;
  municipality_code: string | null;
  locality: string | null;
  corporation: string | null;
}

export interface IncidentDetail extends IncidentRow {
  unit?: string | null;
  closing_code?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  related_folios?: string[] | null;
  victim_sex?: string | null;
  victim_age_group?: string | null;
  caller_phone?: string | null;
  caller_name?: string | null;
  address?: string | null;
  notes?: string | null;
}

export interface IncidentPage {
  total: number;
  page: number;
  pageSize: number;
  items: IncidentRow[];
}

export interface ByMunicipality {
  populationYear: number;
  unlocated: number;
  items: { municipality_code: string; count: number; population: number | null; ratePer100k: number | null }[];
}

export interface ImportProfile {
  name: string;
  label: string;
  description: string;
  cnieVersion: string;
}

export interface ImportRun {
  id: number;
  file_name: string;
  profile?: string;
  center_code?: string | null;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  started_at?: string;
  finished_at?: string | null;
  bytes_total: number;
  bytes_read: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejected_by_reason: Record<string, number> | null;
  error: string | null;
}

export interface ManagedUser {
  id: number;
  username: string;
  display_name: string;
  area_code: string;
  roles: string[];
  active: boolean;
  must_change_password: boolean;
  locked_until: string | null;
}

export interface AccessCatalog {
  areas: { code: string; name: string }[];
  roles: { code: string; name: string }[];
}

/** Filters shared by the incidents table and the map. */
export interface IncidentFilters {
  from: string;
  to: string;
  center: string;
  channel: string;
  type: string;
  code: string;
  version: '2' | '3';
  municipality: string;
  improper: '' | 'true' | 'false';
}

// Reports (catalog of directive 1.2.8, products, jobs, schedule, notifications).
export interface ReportTypeInfo {
  code: string;
  name: string;
  area: string;
  internal: boolean;
  external: boolean;
  beneficiaries: string[];
  periodicity: 'monthly' | 'quarterly' | 'half_yearly' | 'on_demand';
  periodicityLabel: string;
  formats: string[];
  built: boolean;
  periodKinds: ('month' | 'quarter' | 'half' | 'year')[];
  paramKeys: string[];
  defaultClassification: 'internal' | 'restricted' | 'public';
  scheduleDay: number;
  active: boolean;
  lastProduct: { id: number; period: string; version: number; generatedAt: string } | null;
}

export interface ProductFile {
  format: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface ProductInfo {
  id: number;
  reportType: string;
  reportName: string;
  period: string;
  params: Record<string, unknown>;
  version: number;
  replacesId: number | null;
  cnieVersion: '2' | '3';
  dataCutAt: string;
  classification: 'internal' | 'restricted' | 'public';
  generatedBy: number | null;
  generatedByName: string | null;
  generatedAt: string;
  summary: Record<string, unknown>;
  /** The product a versión pública or reservada was made from; null for a generation. */
  derivedFromId: number | null;
  files: ProductFile[];
}

export interface JobInfo {
  id: number;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  productId: number | null;
  createdAt: string;
  finishedAt: string | null;
  runAfter: string;
}

export interface ScheduleRow {
  type: string;
  name: string;
  periodicity: ReportTypeInfo['periodicity'];
  scheduleDay: number;
  active: boolean;
  built: boolean;
  period: string;
  periodLabel: string;
  dueDate: string;
  status: 'al día' | 'pendiente' | 'atrasado' | 'fallido';
  productId: number | null;
  jobId: number | null;
  jobStatus: JobInfo['status'] | null;
  lastError: string | null;
  nextPeriod: string;
  nextDueDate: string;
}

export interface NotificationInfo {
  id: number;
  text: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

// Classification and disclosure control (versiones públicas y reservadas).
export type Classification = 'internal' | 'restricted' | 'public';

export interface Redaction {
  field: string;
  action: 'suprimido' | 'eliminado' | 'generalizado';
  what: string;
  where: string;
  item: string;
  why: string;
  legalBasis: string[];
}

export interface ReleaseInfo {
  productId: number;
  audience: 'public' | 'restricted';
  audienceLabel: string;
  agencyId: number | null;
  allowPhones: boolean;
  minCount: number;
  preparedByName: string | null;
  preparedAt: string;
  mark: string;
  methodology: string[];
  redactions: Redaction[];
  legalBasis: { id: string; short: string; citation: string; text: string }[];
  product: ProductInfo | null;
}

export interface ProductDisclosureInfo {
  id: number;
  classification: Classification;
  classificationLabel: string;
  changes: { id: number; from: Classification; to: Classification; reason: string; changedByName: string | null; changedAt: string }[];
  releases: ReleaseInfo[];
}
