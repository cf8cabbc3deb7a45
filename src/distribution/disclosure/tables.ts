// Tables of classification and disclosure control: the changes of a product's classification (the director
// general's, each with its reason) and the released versions (versiones públicas and reservadas) with what their
// disclosure pass did. Both are append-only, like the products they describe.
import type { ColumnType, Generated } from 'kysely';
import type { Classification } from '../../reports/tables.ts';
import type { Audience, DisclosureRules, ProductDisclosure } from '../../reports/index.ts';

type Json<T> = ColumnType<T, string, never>;

export interface ProductClassificationChangesTable {
  id: Generated<number>;
  product_id: number;
  from_classification: Classification;
  to_classification: Classification;
  reason: string;
  changed_by: number | null;
  changed_at: Generated<Date>;
}

export interface ProductReleasesTable {
  /** The released version: a product of its own, with its files and their SHA-256. */
  product_id: number;
  /** The product it was made from. */
  source_product_id: number;
  audience: Audience;
  /** The agency a restricted version was prepared for (the agencies domain's id). */
  agency_id: number | null;
  allow_phones: boolean;
  /** The same request (product, audience, agency, phones, rules and registry) is prepared once. */
  request_key: string;
  rules: Json<DisclosureRules>;
  disclosure: Json<ProductDisclosure>;
  prepared_by: number | null;
  prepared_at: Generated<Date>;
}

export interface DisclosureTables {
  product_classification_changes: ProductClassificationChangesTable;
  product_releases: ProductReleasesTable;
}
