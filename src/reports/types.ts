// The contract between the report machinery (catalog, products, jobs) and each report's generator.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Period, PeriodKind } from '../analytics/periods.ts';
import type { Permission } from '../access/permissions.ts';
import type { Audience } from '../analytics/disclosure.ts';

export type { Audience } from '../analytics/disclosure.ts';

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
  /** Present on a version that went through the disclosure pass: its mark and the notes every file carries. */
  disclosure?: ProductDisclosure;
}

// ---- Disclosure control (directive 6.1.4, architecture property 4) ----------------------------------------------

/** Printed instead of a count that disclosure control suppressed (and of every figure computed from it). */
export const SUPPRESSED = '*';
export type Suppressed = typeof SUPPRESSED;
/** A count in a product: a number, or SUPPRESSED in a version that went through the disclosure pass. */
export type Count = number | Suppressed;

export const isSuppressed = (v: unknown): v is Suppressed => v === SUPPRESSED;

/** What a generator's disclosure pass applies (data/disclosure/rules.json for the audience). */
export interface DisclosureRules {
  audience: Audience;
  /** Counts with 0 < n < minCount are suppressed, with their complements. */
  minCount: number;
  /** Finest H3 resolution a map may publish; null when the recipient may receive reserved detail. */
  mapResolution: number | null;
  /** Caller phones may stay (a restricted version for an agency whose agreement, like the report, requires them). */
  allowPhones: boolean;
}

/** One thing a disclosure pass took out of a product or changed in it. */
export interface Redaction {
  /** Field of the registry (data/disclosure/fields.json), e.g. 'count', 'incident.extortion_modality_text'. */
  field: string;
  action: 'suprimido' | 'eliminado' | 'generalizado';
  /** What: 'Llamadas', 'Valores de modalidad capturados'. */
  what: string;
  /** Where: the table or section, e.g. 'Consolidado estatal › por municipio'. */
  where: string;
  /** The row or cell within it, e.g. '20001 Abejones'; empty when the whole place is meant. */
  item: string;
  /** Why, in Spanish. Never says whether a suppressed figure was small or a complement. */
  why: string;
}

export interface Disclosed<Data> {
  data: Data;
  redactions: Redaction[];
  /** Spanish sentences stating how the pass protected this product, for its methodology. */
  methodology: string[];
}

/** The disclosure facts every file of a released version prints: its mark, the method, the list and the law. */
export interface ProductDisclosure {
  audience: Audience;
  /** 'Versión pública' or 'Reservado'. */
  mark: string;
  sourceProductId: number;
  sourceVersion: number;
  methodology: string[];
  redactions: (Redaction & { legalBasis: string[] })[];
  /** The articles cited, each once: id, short and full citation, and its text. */
  legalBasis: { id: string; short: string; citation: string; text: string }[];
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
  /**
   * The disclosure pass: the same data with personal data removed, reserved detail removed or generalised as the
   * audience requires, and small counts suppressed with their complements (analytics/table-suppression.ts),
   * together with the list of what was done. Pure: the same data and rules give the same result. A generator
   * without it cannot release its products outside the center.
   */
  disclose?(data: Data, rules: DisclosureRules): Disclosed<Data>;
}
