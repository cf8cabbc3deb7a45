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
  /** False when the report needs a permission the user lacks (e.g. the cyber unit's statistics). */
  allowed?: boolean;
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

// ---- Cyber police unit (src/registries/cyber) ----

export interface CyberAccess {
  statistics: boolean;
  cases: boolean;
  grantedUntil: string | null;
  edit: boolean;
  alerts: boolean;
  grant: boolean;
}

export interface CodeLabel {
  code: string;
  label: string;
}

export interface CyberCatalogs {
  types: CodeLabel[];
  channels: CodeLabel[];
  platforms: CodeLabel[];
  indicators: { code: string; label: string; description: string; types: string[]; victimSex: string[] | null }[];
  sexes: CodeLabel[];
  ageGroups: CodeLabel[];
  statuses: CodeLabel[];
  hotlines: { code: string; name: string }[];
  deadlines: Record<'intake' | 'assignment' | 'investigation' | 'referral', { label: string; hours: number; description: string }>;
  referralDestinations: string[];
  discardReasons: CodeLabel[];
  contentKinds: CodeLabel[];
  alertStatuses: CodeLabel[];
}

export interface CyberIncident {
  id: number;
  folio: string;
  intake_channel: string;
  reported_on: string;
  victim_sex: string;
  victim_age_group: string;
  municipality_code: string | null;
  type_code: string;
  platform: string;
  amount_lost: number | null;
  status: string;
  referred: boolean;
  referral_reference: string | null;
  referral_date: string | null;
  source: string;
  created_at: string;
  updated_at: string;
}

export interface CyberIncidentPage {
  total: number;
  page: number;
  pageSize: number;
  items: CyberIncident[];
}

export interface CyberFigures {
  incidents: number;
  women: number;
  referred: number;
  concluded: number;
  amountLost: number;
  withAmount: number;
}

export interface CyberBreakdownRow extends CyberFigures {
  key: string;
  label: string;
}

export interface CyberStatistics {
  period: { key: string; label: string; kind: string; firstDay: string; lastDay: string };
  previous: { key: string; label: string; total: CyberFigures };
  months: { key: string; label: string }[];
  total: CyberFigures;
  indicators: (CyberFigures & { code: string; label: string; description: string; byMonth: number[]; previous: number })[];
  byType: CyberBreakdownRow[];
  byChannel: CyberBreakdownRow[];
  byPlatform: CyberBreakdownRow[];
  bySex: CyberBreakdownRow[];
  byAge: CyberBreakdownRow[];
  byStatus: CyberBreakdownRow[];
  byMunicipality: CyberBreakdownRow[];
  alerts: { received: number; referred: number; discarded: number; openAtEnd: number; overdueAtEnd: number; byHotline: { key: string; label: string; received: number; referred: number }[] };
}

export interface CyberImportSummary {
  importId: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface CyberImportRun {
  id: number;
  file_name: string;
  status: 'running' | 'done' | 'failed';
  started_at: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

export interface CyberAlertRow {
  id: number;
  hotline: string;
  external_reference: string;
  hotline_reported_at: string;
  received_at: string;
  status: string;
  status_since: string;
  pending_step: string | null;
  due_at: string | null;
  intake_late: boolean;
  assigned_to: number | null;
  assigned_to_name: string | null;
  referred_at: string | null;
  discarded_at: string | null;
  content_kind: string | null;
  identifiers: number;
  overdue: boolean;
}

export interface CyberAlertDetail {
  alert: CyberAlertRow & {
    content_urls: string[];
    content_hashes: string[];
    ip_addresses: string[];
    account_identifiers: string[];
    platform: string | null;
    hosting_provider: string | null;
    hosting_country: string | null;
    municipality_code: string | null;
    summary: string | null;
    referral_destination: string | null;
    referral_reference: string | null;
    discard_reason: string | null;
  };
  events: { id: number; at: string; actor: string; from_status: string | null; to_status: string; step: string | null; due_at: string | null; late: boolean; next_step: string | null; next_due_at: string | null; note: string | null }[];
}

export interface CyberGrant {
  id: number;
  user_id: number;
  user_name: string;
  reason: string;
  granted_at: string;
  granted_by_name: string | null;
  expires_at: string;
  revoked_at: string | null;
  revoked_by_name: string | null;
  revoke_reason: string | null;
}

// ---- 9-1-1 call audio archive (src/registries/call-audio) ----

export interface CallRecording {
  id: number;
  incident_id: number;
  center_code: string;
  folio: string;
  sha256: string;
  format: string;
  media_type: string;
  size: number;
  duration_seconds: number | null;
  duration_note: string;
  original_name: string;
  recorded_at: string;
  attached_at: string;
  attached_by: string;
  source: string;
  status: 'stored' | 'purged';
  purged_at: string | null;
  purged_by: string | null;
  purge_reason: string | null;
  on_hold: boolean;
}

export interface CallRecordingDetail {
  recording: CallRecording;
  holds: { id: number; set_at: string; set_by: string; reason: string; reference: string | null; lifted_at: string | null; lifted_by: string | null; lift_reason: string | null }[];
  events: { id: number; at: string; actor: string; action: string; reason: string | null; reference: string | null }[];
}

export interface CallAudioSettings {
  formats: string[];
  maxBytes: number;
  retentionDays: number;
  retentionCutoff: string;
  namePattern: string;
  counts: { stored: number; purged: number; held: number; due: number; due_held: number };
  centers: { code: string; name: string }[];
}

export interface CallAudioIncident {
  incident: { id: number; center_code: string; folio: string; received_at: string; channel: string; cnie_code: number; municipality_code: string | null };
  recordings: CallRecording[];
}
