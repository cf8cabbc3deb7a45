// Tables of the releases domain: the official accounts, the releases with every version of their content (targets,
// images, attached products), the trail of every step, and the publications. Versions, trail and publications are
// append-only (triggers in migrations.ts); the releases row holds the current state and the concurrency revision.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { ReleaseAction, ReleaseState } from './workflow.ts';

export type Network = 'x' | 'facebook' | 'instagram' | 'youtube' | 'tiktok';
export type TargetKind = 'press' | 'radio_tv' | 'social';

export interface ReleaseAccountsTable {
  id: GeneratedAlways<number>;
  network: Network;
  name: string;
  handle: string;
  url: string;
  active: Generated<boolean>;
  registered_by: number | null;
  registered_at: Generated<Date>;
  deactivated_at: Date | null;
}

export interface ReleasesTable {
  id: GeneratedAlways<number>;
  state: ReleaseState;
  /** Bumped by every change; an action names the revision it was decided on, or it is refused. */
  revision: number;
  current_version: number;
  /** When the release entered its current state: the age of what waits in someone's queue. */
  state_since: Date;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface ReleaseVersionsTable {
  release_id: number;
  version: number;
  title: string;
  body: string;
  source_area: string | null;
  is_exception: boolean;
  exception_reason: string | null;
  edited_by: number;
  edited_at: Date;
}

export interface ReleaseVersionTargetsTable {
  release_id: number;
  version: number;
  position: number;
  kind: TargetKind;
  account_id: number | null;
}

export interface ReleaseImagesTable {
  id: GeneratedAlways<number>;
  file_name: string;
  media_type: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: number;
  uploaded_at: Generated<Date>;
}

export interface ReleaseVersionImagesTable {
  release_id: number;
  version: number;
  position: number;
  image_id: number;
}

export interface ReleaseVersionProductsTable {
  release_id: number;
  version: number;
  product_id: number;
}

export interface ReleaseEventsTable {
  id: GeneratedAlways<number>;
  release_id: number;
  version: number;
  action: ReleaseAction | 'create';
  /** The filter that approved or returned it (validation, legal_review, dg_approval). */
  step: string | null;
  from_state: ReleaseState | null;
  to_state: ReleaseState;
  comments: string | null;
  actor_id: number;
  at: Date;
}

export interface ReleasePublicationsTable {
  id: GeneratedAlways<number>;
  release_id: number;
  version: number;
  position: number;
  /** Where it went, as people read it: the account («C4 Oaxaca (@C4Oaxaca)») or the media outlets. */
  placed_on: string;
  url: string | null;
  reference: string | null;
  published_at: Date;
  published_by: number;
  recorded_at: ColumnType<Date, never, never>;
}

export interface ReleaseTables {
  release_accounts: ReleaseAccountsTable;
  releases: ReleasesTable;
  release_versions: ReleaseVersionsTable;
  release_version_targets: ReleaseVersionTargetsTable;
  release_images: ReleaseImagesTable;
  release_version_images: ReleaseVersionImagesTable;
  release_version_products: ReleaseVersionProductsTable;
  release_events: ReleaseEventsTable;
  release_publications: ReleasePublicationsTable;
}
