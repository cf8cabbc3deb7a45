// Tables of the 9-1-1 call audio archive: recordings attached to incidents (a purged one stays as a tombstone with
// its hash and who purged it when), legal holds, the append-only custody record of every access and transfer, and
// the short-lived tickets that let an audio element stream a recording once its reason has been recorded.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface CallRecordingsTable {
  id: Generated<number>;
  incident_id: number;
  center_code: string;
  folio: string;
  sha256: string;
  format: 'wav' | 'mp3' | 'ogg';
  media_type: string;
  size: number;
  /** Seconds; null when the format's duration cannot be read (see media.ts). */
  duration_seconds: number | null;
  duration_note: string;
  sample_rate: number | null;
  channels: number | null;
  original_name: string;
  /** When the call was received (the incident's reception): retention counts from it. */
  recorded_at: Timestamp;
  attached_at: Generated<Date>;
  attached_by: string;
  source: 'cli' | 'web' | 'demo';
  status: 'stored' | 'purged';
  purged_at: Date | null;
  purged_by: string | null;
  purge_reason: string | null;
}

export interface CallRecordingHoldsTable {
  id: Generated<number>;
  recording_id: number;
  set_at: Timestamp;
  set_by: string;
  reason: string;
  reference: string | null;
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export type CustodyAction = 'attach' | 'play' | 'download' | 'export' | 'hold_set' | 'hold_lift' | 'purge';

/** Append-only: a trigger refuses UPDATE and DELETE. */
export interface CallRecordingCustodyTable {
  id: Generated<number>;
  recording_id: number;
  at: Timestamp;
  actor_id: number | null;
  actor: string;
  ip: string | null;
  action: CustodyAction;
  reason: string | null;
  /** A prosecutor's request number, an oficio… */
  reference: string | null;
  details: Json<Record<string, unknown>>;
}

export interface CallRecordingTicketsTable {
  /** SHA-256 of the token; the token itself only travels in the URL given to the user. */
  token_hash: string;
  recording_id: number;
  user_id: number;
  purpose: 'play' | 'download';
  custody_id: number;
  expires_at: Timestamp;
}

export interface CallAudioTables {
  call_recordings: CallRecordingsTable;
  call_recording_holds: CallRecordingHoldsTable;
  call_recording_custody: CallRecordingCustodyTable;
  call_recording_tickets: CallRecordingTicketsTable;
}
