// The contract between the report machinery (catalog, products, jobs) and each report's generator.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Period, PeriodKind } from '../analytics/periods.ts';
import type { Permission } from '../access/permissions.ts';

export type CnieVersion = '2' | '3';
export type ReportFormat = 'xlsx' | 'pdf' | 'csv' | 'json' | 'png' | 'svg' | 'geojson' | 'kml' | 'zip';

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  svg: 'image/svg+xml',
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
  zip: 'application/zip',
};

/** What a generator needs to compute its figures. It reads rollups, never raw incidents. */
export interface ReportContext {
  db: Kysely<Database>;
  config: Config;
  period: Period;
  /** Parameters already validated by the generator's schema. */
  params: Record<string, unknown>;
  /** Catalog version the report is expressed in. */
  cnieVersion: CnieVersion;
}

/** Fixed facts printed on every file of a product. Nothing here may depend on the clock: the same data and
 *  parameters must give byte-identical files. */
export interface ProductMeta {
  reportCode: string;
  reportName: string;
  periodLabel: string;
  periodKey: string;
  stateName: string;
  /** 'Uso interno', 'Reservado: destinatarios con convenio', 'Versión pública'. */
  classificationLabel: string;
  cnieVersion: CnieVersion;
  /** Human summary of the parameters, e.g. 'CALLE Costa' or 'Zona metropolitana de Oaxaca'. */
  scopeLabel: string;
}

export interface RenderedFile {
  format: ReportFormat;
  fileName: string;
  content: Uint8Array;
}

export interface ReportGenerator<Data = unknown> {
  /** Matches `generator` in data/reports/catalog.json. */
  name: string;
  periodKinds: readonly PeriodKind[];
  formats: readonly ReportFormat[];
  /**
   * A permission needed, besides reports.generate and reports.read, to generate this report and to see its products
   * (e.g. cyber.statistics: the cyber unit's statistics are for the unit and the Director General only).
   */
  permission?: Permission;
  /** Validates and defaults the parameters (a zod object schema); its Spanish messages reach the user. */
  params: z.ZodType<Record<string, unknown>>;
  /** Human label of the parameters for the file headers. */
  scopeLabel(params: Record<string, unknown>, ctx: Pick<ReportContext, 'db' | 'config'>): Promise<string>;
  compute(ctx: ReportContext): Promise<Data>;
  render(data: Data, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array>;
  /** A few headline figures stored with the product for lists and notifications. */
  summary(data: Data): Record<string, number | string>;
}
