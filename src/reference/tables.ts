// Reference tables that administrators edit: call centers with their coverage, and named groups of municipalities.
import type { Generated } from 'kysely';

export interface CallCentersTable {
  code: string;
  name: string;
  state_code: string;
  active: boolean;
}

export interface CallCenterMunicipalitiesTable {
  center_code: string;
  municipality_code: string;
}

export interface MunicipalityGroupsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: 'metropolitan_area' | 'avgm' | 'region' | 'district' | 'other';
  state_code: string;
  /** Official source of the membership; null when the group ships empty for lack of one. */
  source_citation: string | null;
  source_url: string | null;
  notes: string | null;
  updated_at: Generated<Date>;
}

export interface MunicipalityGroupMembersTable {
  group_id: number;
  municipality_code: string;
}

export interface ReferenceTables {
  call_centers: CallCentersTable;
  call_center_municipalities: CallCenterMunicipalitiesTable;
  municipality_groups: MunicipalityGroupsTable;
  municipality_group_members: MunicipalityGroupMembersTable;
}
