// Tables of the distribution domain (directive 6.1.4): agencies with their contacts and external accounts,
// collaboration agreements with their signed documents, folios, dispatches through official channels with their
// approval trail, documents and downloads, the analytic requests of the agencies, and the domain's settings.
import type { ColumnType, Generated } from 'kysely';

export type AgencyKind = 'federal' | 'state' | 'municipal' | 'civil' | 'private';
/** Classification levels an agreement may cover: internal products never leave the center. */
export type CoveredClassification = 'restricted' | 'public';
export type Channel = 'oficio' | 'tarjeta' | 'sealed_envelope' | 'magnetic_media' | 'email';
export type DispatchStatus =
  | 'draft'
  | 'pending_validation'
  | 'pending_approval'
  | 'approved'
  | 'sent'
  | 'delivered'
  | 'acknowledged'
  | 'returned'
  | 'cancelled';
/** The covering document, the magnetic-media package, or the e-mail message as it was sent (RFC 5322). */
export type DocumentKind = 'oficio' | 'tarjeta' | 'package' | 'message';
export type RequestStatus = 'received' | 'accepted' | 'in_progress' | 'delivered' | 'rejected' | 'withdrawn';

type Json<T> = ColumnType<T, string, string>;

export interface AgenciesTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  kind: AgencyKind;
  /** INEGI code of the municipality, for municipal agencies. */
  municipality_code: string | null;
  address: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AgencyContactsTable {
  id: Generated<number>;
  agency_id: number;
  name: string;
  position: string;
  email: string | null;
  phone: string | null;
  /** The head of the agency, to whom oficios are addressed by default. */
  is_addressee: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

/** Which agency an external user account belongs to (one agency per account). */
export interface AgencyUsersTable {
  user_id: number;
  agency_id: number;
  created_at: Generated<Date>;
}

export interface AgreementsTable {
  id: Generated<number>;
  number: string;
  title: string;
  signed_on: string;
  valid_from: string;
  valid_until: string;
  report_types: string[];
  classifications: CoveredClassification[];
  /** The latest signed document; earlier ones stay in agreement_documents. */
  document_id: number | null;
  /** Standing approval of the director general: dispatches under this agreement need no approval each. */
  standing_approval: Generated<boolean>;
  standing_by: number | null;
  standing_at: Date | null;
  standing_comment: string | null;
  terminated_at: Date | null;
  terminated_by: number | null;
  termination_reason: string | null;
  /** When the people who manage agreements were told it is about to expire. */
  expiry_notified_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AgreementPartiesTable {
  agreement_id: number;
  agency_id: number;
}

/** Immutable: the signed document of an agreement as uploaded, with its SHA-256. */
export interface AgreementDocumentsTable {
  id: Generated<number>;
  agreement_id: number;
  file_name: string;
  media_type: string;
  sha256: string;
  size: number;
  content: Uint8Array;
  uploaded_by: number | null;
  uploaded_at: Generated<Date>;
}

/** Last number used per series (an area's folios, the analytic requests) and year. */
export interface FolioCountersTable {
  series: string;
  year: number;
  last_number: number;
}

/** Every folio ever issued; never deleted, a cancelled one keeps its reason. */
export interface FoliosTable {
  id: Generated<number>;
  area_code: string;
  year: number;
  number: number;
  folio: string;
  kind: 'oficio' | 'tarjeta';
  dispatch_id: number;
  issued_by: number | null;
  issued_at: Generated<Date>;
  status: Generated<'issued' | 'cancelled'>;
  cancel_reason: string | null;
  cancelled_by: number | null;
  cancelled_at: Date | null;
}

export interface DispatchesTable {
  id: Generated<number>;
  /** The product the preparer chose. */
  source_product_id: number;
  /** The version that leaves the center: what the release preparer (disclosure pass) returned. */
  product_id: number;
  report_type: string;
  /** Area that produced the report (its director validates). */
  producing_area: string;
  agency_id: number;
  contact_id: number | null;
  /** The agreement that covered the dispatch at its last check. */
  agreement_id: number | null;
  request_id: number | null;
  channel: Channel;
  /** Area whose folio series and signatory the covering document uses. */
  issuing_area: string;
  subject: string;
  body: string;
  status: DispatchStatus;
  status_at: Generated<Date>;
  /** Magnetic media: the package is encrypted with a passphrase given when sending (never stored). */
  encrypted: Generated<boolean>;
  seal_number: string | null;
  courier: string | null;
  folio_id: number | null;
  sent_at: Date | null;
  sent_by: number | null;
  delivered_at: Date | null;
  received_at: Date | null;
  /** Who signed the receipt (physical channels) or the portal user's name. */
  received_by: string | null;
  receipt_notes: string | null;
  acknowledged_by: number | null;
  last_reminder_at: Date | null;
  reminders: Generated<number>;
  /** E-mail: the agency's contacts it goes to (their addresses are read when sending). */
  email_contact_ids: ColumnType<(number | string)[], number[] | undefined, number[]>;
  /** E-mail: the Message-ID of the message sent. */
  message_id: string | null;
  /** E-mail: the addresses the server accepted and rejected. */
  email_accepted: ColumnType<string[], string[] | undefined, string[]>;
  email_rejected: ColumnType<string[], string[] | undefined, string[]>;
  /** E-mail: why the last attempt failed (cleared when a retry succeeds). */
  send_error: string | null;
  send_error_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface DispatchEventsTable {
  id: Generated<number>;
  dispatch_id: number;
  at: Generated<Date>;
  actor_id: number | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  details: Json<Record<string, unknown>>;
}

/** Immutable: the covering document (with its folio), the magnetic-media package or the e-mail message of a dispatch. */
export interface DispatchDocumentsTable {
  id: Generated<number>;
  dispatch_id: number;
  kind: DocumentKind;
  file_name: string;
  media_type: string;
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: Generated<Date>;
}

export interface DispatchDownloadsTable {
  id: Generated<number>;
  dispatch_id: number;
  user_id: number;
  file_name: string;
  sha256: string;
  at: Generated<Date>;
  ip: string | null;
}

export interface AnalyticRequestsTable {
  id: Generated<number>;
  number: string;
  agency_id: number;
  /** Who filed it: the agency's portal account, or the staff member who registered a request received on paper. */
  filed_by: number | null;
  requester_name: string;
  subject: string;
  description: string;
  purpose: string;
  report_type: string | null;
  needed_by: string | null;
  status: RequestStatus;
  status_at: Generated<Date>;
  assigned_area: string | null;
  created_at: Generated<Date>;
}

export interface AnalyticRequestEventsTable {
  id: Generated<number>;
  request_id: number;
  at: Generated<Date>;
  actor_id: number | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
}

/** Settings of the domain (folio pattern, letterhead, signatories, thresholds), one JSON value per key. */
export interface DistributionSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface DistributionTables {
  agencies: AgenciesTable;
  agency_contacts: AgencyContactsTable;
  agency_users: AgencyUsersTable;
  agreements: AgreementsTable;
  agreement_parties: AgreementPartiesTable;
  agreement_documents: AgreementDocumentsTable;
  folio_counters: FolioCountersTable;
  folios: FoliosTable;
  dispatches: DispatchesTable;
  dispatch_events: DispatchEventsTable;
  dispatch_documents: DispatchDocumentsTable;
  dispatch_downloads: DispatchDownloadsTable;
  analytic_requests: AnalyticRequestsTable;
  analytic_request_events: AnalyticRequestEventsTable;
  distribution_settings: DistributionSettingsTable;
}
