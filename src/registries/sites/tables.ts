// Tables of the site registries: camera sites (registry 'pmi', of the video-surveillance area) and REPUVE highway
// arches (registry 'repuve'), their status history and their import runs.
import type { ColumnType, Generated } from 'kysely';
import type { Cameras, Registry, SiteStatus } from './rules.ts';

export interface SitesTable {
  id: Generated<number>;
  registry: Registry;
  /** The area's own key of the site ('PMI-OAX-014', 'ARCO-190-012'), upper case; unique per registry. */
  code: string;
  name: string;
  address: string | null;
  latitude: number;
  longitude: number;
  /** Five-digit INEGI code, from the point (point-in-polygon), never typed. */
  municipality_code: string;
  /** The status now: that of the latest change in site_status_changes. */
  status: SiteStatus;
  /** PMI: cameras per kind ({} for arches). */
  cameras: ColumnType<Cameras, string | undefined, string>;
  /** REPUVE: road, kilometre post and the direction of traffic the arch reads. */
  road: string | null;
  km: number | null;
  direction: string | null;
  installed_on: string | null;
  last_maintenance_on: string | null;
  notes: string | null;
  /** Incremented by every change: a form saved over a newer version is refused. */
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SiteStatusChangesTable {
  id: Generated<number>;
  site_id: number;
  status: SiteStatus;
  /** Local day from which the status holds. */
  effective_on: string;
  recorded_at: Generated<Date>;
  user_id: number | null;
  actor: string;
  source: 'alta' | 'edicion' | 'importacion';
  import_id: number | null;
}

export interface SiteImportsTable {
  id: Generated<number>;
  registry: Registry;
  file_name: string;
  format: 'csv' | 'geojson' | 'kml';
  encoding: string | null;
  status: 'running' | 'done' | 'failed';
  user_id: number | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  rejected_by_reason: ColumnType<Record<string, number>, string | undefined, string>;
  error: string | null;
}

export interface SiteImportRejectsTable {
  import_id: number;
  /** Order in the file (two KML placemarks may share a line). */
  seq: number;
  /** CSV: line; GeoJSON: feature number; KML: line where the Placemark starts. */
  line: number;
  raw: string;
  reasons: string[];
}

export interface SitesTables {
  sites: SitesTable;
  site_status_changes: SiteStatusChangesTable;
  site_imports: SiteImportsTable;
  site_import_rejects: SiteImportRejectsTable;
}
