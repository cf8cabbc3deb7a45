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

// ---- Releases (public and social-media releases, directive 6.1.4)

export type ReleaseState = 'draft' | 'validation' | 'legal_review' | 'dg_approval' | 'approved' | 'published' | 'returned' | 'withdrawn';
export type ReleaseAction = 'edit' | 'submit' | 'approve' | 'return' | 'publish' | 'withdraw';
export type FilterStep = 'validation' | 'legal_review' | 'dg_approval';
export type TargetKind = 'press' | 'radio_tv' | 'social';

export interface OfficialAccount {
  id: number;
  network: string;
  networkLabel: string;
  name: string;
  handle: string;
  url: string;
  active: boolean;
  registeredAt: string;
  deactivatedAt: string | null;
}

export interface NetworkInfo {
  code: string;
  label: string;
  hosts: string[];
}

export interface ReleaseSummary {
  id: number;
  title: string;
  state: ReleaseState;
  stateLabel: string;
  revision: number;
  currentVersion: number;
  sourceArea: string | null;
  sourceAreaName: string | null;
  exception: boolean;
  targets: string[];
  stateSince: string;
  createdBy: string;
  updatedAt: string;
  awaitedParty: string | null;
}

export interface ReleaseTarget {
  position: number;
  kind: TargetKind;
  kindLabel: string;
  account: OfficialAccount | null;
  publication: {
    placedOn: string;
    url: string | null;
    reference: string | null;
    publishedAt: string;
    publishedBy: string;
    recordedAt: string;
  } | null;
}

export interface ReleaseImage {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
}

export interface AttachedProduct {
  id: number;
  reportType: string;
  reportName: string;
  period: string;
  version: number;
  classification: string;
  classificationLabel: string;
  files: { format: string; fileName: string; size: number; sha256: string }[];
}

export interface ReleaseVersion {
  version: number;
  title: string;
  body: string;
  sourceArea: string | null;
  sourceAreaName: string | null;
  exception: boolean;
  exceptionReason: string | null;
  editedBy: string;
  editedAt: string;
  targets: ReleaseTarget[];
  images: ReleaseImage[];
  products: AttachedProduct[];
}

export interface ReleaseEvent {
  id: number;
  version: number;
  action: ReleaseAction | 'create';
  step: FilterStep | null;
  stepLabel: string | null;
  fromState: ReleaseState | null;
  toState: ReleaseState;
  comments: string | null;
  actorId: number;
  actor: string;
  at: string;
  counts: boolean;
}

export interface ReleaseDetail {
  id: number;
  state: ReleaseState;
  stateLabel: string;
  revision: number;
  currentVersion: number;
  stateSince: string;
  createdAt: string;
  createdBy: string;
  awaitedTask: string | null;
  awaitedParty: string | null;
  route: { step: FilterStep; label: string; status: 'done' | 'current' | 'returned' | 'pending'; by: string | null; at: string | null }[];
  content: ReleaseVersion;
  versions: { version: number; title: string; editedBy: string; editedAt: string }[];
  events: ReleaseEvent[];
  allowedActions: ReleaseAction[];
}

export interface AttachableProduct {
  id: number;
  reportName: string;
  period: string;
  version: number;
  classificationLabel: string;
  generatedAt: string;
}

// ---- Distribution (directive 6.1.4) ----

export type DispatchStatus =
  | 'draft' | 'pending_validation' | 'pending_approval' | 'approved' | 'sent' | 'delivered' | 'acknowledged' | 'returned' | 'cancelled';
export type Channel = 'oficio' | 'tarjeta' | 'sealed_envelope' | 'magnetic_media' | 'email';
export type DispatchAction = 'edit' | 'submit' | 'validate' | 'approve' | 'return' | 'send' | 'deliver' | 'record_receipt' | 'acknowledge' | 'cancel';

export interface DistributionCatalog {
  channels: { code: Channel; label: string }[];
  statuses: { code: DispatchStatus; label: string }[];
  agencyKinds: { code: string; label: string }[];
  agreementStates: { code: string; label: string }[];
  requestStatuses: { code: string; label: string }[];
  areas: { code: string; name: string }[];
  actions: { code: DispatchAction; label: string }[];
  encryption: boolean;
  /** The e-mail channel: unavailable (with the reason) when the server has no mail server configured. */
  email: { available: boolean; reason: string | null; sender: string | null; maxBytes: number };
}

export interface AgencyRow {
  id: number;
  name: string;
  short_name: string;
  kind: string;
  kind_label: string;
  municipality_code: string | null;
  address: string | null;
  active: boolean;
  agreements: number;
  current: number;
  expiring: { id: number; number: string; valid_until: string; daysLeft: number }[];
}

export interface AgencyContactInfo {
  id: number;
  name: string;
  position: string;
  email: string | null;
  phone: string | null;
  is_addressee: boolean;
  active: boolean;
}

export interface AgreementInfo {
  id: number;
  number: string;
  title: string;
  signed_on: string;
  valid_from: string;
  valid_until: string;
  report_types: string[];
  classifications: string[];
  hasDocument: boolean;
  document: { id: number; file_name: string; sha256: string; size: number; uploaded_at: string } | null;
  standing_approval: boolean;
  standing_by_name: string | null;
  standing_at: string | null;
  standing_comment: string | null;
  terminated_at: string | null;
  termination_reason: string | null;
  parties: { id: number; name: string; short_name: string }[];
  state: string;
  state_label: string;
  daysLeft: number;
}

export interface AgencyDetail {
  agency: AgencyRow;
  contacts: AgencyContactInfo[];
  accounts: { id: number; username: string; display_name: string; active: boolean }[];
  agreements: AgreementInfo[];
}

export interface DispatchSummaryInfo {
  id: number;
  status: DispatchStatus;
  status_label: string;
  status_at: string;
  channel: Channel;
  channel_label: string;
  subject: string;
  agency_id: number;
  agency_name: string;
  report_type: string;
  report_name: string;
  period_key: string;
  product_id: number;
  product_version: number;
  classification: string;
  producing_area: string;
  issuing_area: string;
  folio: string | null;
  folio_status: 'issued' | 'cancelled' | null;
  agreement_number: string | null;
  sent_at: string | null;
  delivered_at: string | null;
  received_at: string | null;
  received_by: string | null;
  reminders: number;
  request_id: number | null;
  created_at: string;
  created_by_name: string | null;
  downloads: number;
  ageDays?: number;
}

export interface DispatchEventInfo {
  id: number;
  at: string;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  details: Record<string, unknown>;
}

export interface DispatchDetailInfo extends DispatchSummaryInfo {
  body: string;
  contact: { id: number; name: string; position: string } | null;
  seal_number: string | null;
  courier: string | null;
  receipt_notes: string | null;
  encrypted: boolean;
  events: DispatchEventInfo[];
  documents: { kind: 'oficio' | 'tarjeta' | 'package' | 'message'; file_name: string; sha256: string; size: number; created_at: string }[];
  annexes: { fileName: string; sha256: string; size: number }[];
  download_log: { at: string; user_name: string; file_name: string }[];
  actions: DispatchAction[];
  standing_approval: boolean;
  email: {
    recipients: { id: number; name: string; position: string; address: string | null }[];
    message_id: string | null;
    accepted: string[];
    rejected: string[];
    send_error: string | null;
    send_error_at: string | null;
  } | null;
}

export interface RegisterEntryInfo extends DispatchSummaryInfo {
  trail: DispatchEventInfo[];
}

export interface QueueItemInfo {
  kind: string;
  title: string;
  detail: string | null;
  since: string;
  ageDays: number;
  link: string;
}

export interface FolioInfo {
  id: number;
  folio: string;
  area_code: string;
  year: number;
  number: number;
  kind: 'oficio' | 'tarjeta';
  dispatch_id: number;
  issued_at: string;
  issued_by_name: string | null;
  status: 'issued' | 'cancelled';
  cancel_reason: string | null;
  cancelled_at: string | null;
  cancelled_by_name: string | null;
}

export interface AnalyticRequestInfo {
  id: number;
  number: string;
  agency_id: number;
  agency_name: string;
  requester_name: string;
  subject: string;
  description: string;
  purpose: string;
  report_type: string | null;
  report_name: string | null;
  needed_by: string | null;
  status: string;
  status_label: string;
  status_at: string;
  assigned_area: string | null;
  created_at: string;
}

export interface AnalyticRequestDetail extends AnalyticRequestInfo {
  events: { at: string; actor_name: string; action: string; to_status: string; comment: string | null }[];
  dispatches: { id: number; folio: string | null; status: string; sent_at: string | null }[];
  actions: ('accept' | 'start' | 'reject' | 'withdraw')[];
}

export interface DistributionSettingsInfo {
  folioPattern: string;
  letterhead: { institution: string; center: string; place: string };
  signatories: Record<string, { name: string; position: string }>;
  expiryWarningDays: number;
  ackReminderDays: number;
}

export interface PortalItemInfo {
  id: number;
  folio: string | null;
  subject: string;
  body: string;
  channel: Channel;
  channel_label: string;
  status: DispatchStatus;
  status_label: string;
  report_name: string;
  period_key: string;
  sent_at: string | null;
  received_at: string | null;
  received_by: string | null;
  electronic: boolean;
  files: { name: string; kind: 'document' | 'annex'; sha256: string; size: number }[];
  downloaded: boolean;
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

// Camera sites (PMI) and REPUVE arches (registries/sites).
export type SiteStatus = 'operando' | 'falla' | 'mantenimiento' | 'baja';

export interface SitesCatalog {
  registries: { code: 'pmi' | 'repuve'; name: string; area: string; editable: boolean; columns: string[] }[];
  statuses: { code: SiteStatus; label: string; color: string }[];
  cameraKinds: { code: string; label: string; column: string }[];
  formats: string[];
}

export interface SiteInfo {
  id: number;
  registry: 'pmi' | 'repuve';
  code: string;
  name: string;
  address: string | null;
  latitude: number;
  longitude: number;
  municipalityCode: string;
  municipality: string;
  status: SiteStatus;
  cameras: Record<string, number>;
  cameraTotal: number;
  road: string | null;
  km: number | null;
  direction: string | null;
  installedOn: string | null;
  lastMaintenanceOn: string | null;
  notes: string | null;
  version: number;
  updatedAt: string;
}

export interface SiteDetailAnswer {
  site: SiteInfo;
  history: { status: SiteStatus; effectiveOn: string; recordedAt: string; actor: string; source: string }[];
}

export interface SiteImportSummary {
  importId: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface CoverageFigures {
  incidents: number;
  covered: number;
  uncovered: number;
  share: number | null;
}

export interface CoverageAnswer {
  period: { key: string; label: string; firstDay: string; lastDay: string };
  distanceMeters: number;
  preset: { id: string; label: string };
  municipality: { code: string; name: string } | null;
  asOf: string;
  workingSites: number;
  total: CoverageFigures;
  byMunicipality: (CoverageFigures & { code: string; name: string; workingSites: number })[];
  byMonth: (CoverageFigures & { key: string; label: string; workingSites: number })[];
  uncoveredCells: { cell: string; lat: number; lng: number; municipality: string; n: number }[];
  uncoveredCellCount: number;
  proposals: { rank: number; cell: string; lat: number; lng: number; gain: number; cumulative: number; municipality: string; shareAfter: number | null }[];
  notes: string[];
}

// Supply of the national databases (registries/national-databases).
export interface SupplyFigures {
  volume: number;
  complete: number;
  completeShare: number | null;
  withinDeadline: number;
  timelyShare: number | null;
  medianDelay: number | null;
  p90Delay: number | null;
}

export interface SupplyDatabase extends SupplyFigures {
  code: string;
  name: string;
  shortName: string;
  deadlineDays: number;
  previousVolume: number;
  volumeChange: number | null;
  byCategory: { code: string; label: string; volume: number; completeShare: number | null; timelyShare: number | null }[];
  fields: { name: string; label: string; present: number; share: number | null }[];
  byMonth: (SupplyFigures & { key: string; label: string })[];
}

export interface SupplyAnswer {
  period: { key: string; label: string; kind: string };
  previous: { key: string; label: string };
  databases: SupplyDatabase[];
  total: { volume: number; previousVolume: number; complete: number; withinDeadline: number };
  notes: string[];
}

export interface SupplyDefinitions {
  databases: {
    code: string;
    name: string;
    shortName: string;
    eventLabel: string;
    deadlineDays: number;
    columns: { name: string; label: string; kind: string; mandatory: boolean; required?: boolean; values?: string[] }[];
  }[];
  notes: string[];
}

export interface SupplyImportRun {
  id: number;
  database: string;
  file_name: string;
  status: string;
  started_at: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  finished_at: string | null;
  first_load_date: string | null;
  last_load_date: string | null;
  error: string | null;
}

// ---- Phone-number registry (src/registries/numbers) ----

export interface NumbersCatalogs {
  statuses: CodeLabel[];
  kinds: CodeLabel[];
  modalities: CodeLabel[];
  centers: { code: string; name: string }[];
  threshold: { calls: number; days: number };
  centerThresholds: Record<string, { calls: number; days: number }>;
  referralDestinations: string[];
  stages: CodeLabel[];
  actions: CodeLabel[];
  outcomes: CodeLabel[];
  access: { callers: boolean; edit: boolean; verify: boolean };
}

export interface RegistryNumber {
  phone: string;
  status: string;
  status_since: string;
  first_seen: string;
  last_seen: string;
  extortion: number;
  improper: number;
  centers: string[];
  modalities: string[];
  open_case: number | null;
}

export interface NumberList {
  total: number;
  page: number;
  pageSize: number;
  numbers: RegistryNumber[];
}

export interface NumberDetail {
  number: { phone: string; status: string; status_since: string; status_reason: string | null };
  sightings: { id: number; kind: string; source: string; incident_id: number | null; center_code: string | null; channel: string | null; modality: string | null; seen_at: string; reference: string | null }[];
  events: { id: number; at: string; actor: string; from_status: string | null; to_status: string; reason: string }[];
  cases: { id: number; stage: string; opened_on: string; outcome: string | null }[];
  transitions: string[];
}

export interface MitigationCase {
  id: number;
  phone: string;
  center_code: string;
  opened_on: string;
  threshold_calls: number;
  threshold_days: number;
  calls_in_window: number;
  improper_calls: number;
  stage: string;
  outcome: string | null;
  next: string[];
  actions: { id: number; action: string; acted_on: string; actor: string; destination: string | null; reference: string | null; note: string | null }[];
}

export interface MitigationIndicators {
  from: string;
  to: string;
  months: { center: string; month: string; calls: number; improper: number; share: number | null; repeatCallers: number; casesOpened: number }[];
  outcomes: { center: string; stage: string; outcome: string | null; cases: number }[];
}

export interface NumberSubmissions {
  submissions: { id: number; report_code: string; period_key: string; product_id: number; sent_at: string; oficio_folio: string; dispatch_id: number | null; numbers: number; recorded_by_name: string | null }[];
  products: { id: number; report_type: string; period_key: string; version: number; generated_at: string }[];
}
