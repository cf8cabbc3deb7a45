// One generation: validate the request against the catalog and the generator, compute the figures once, render
// every format, and store the result as a new immutable version of its series.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../access/users.ts';
import { PERIOD_KIND_NAMES, PeriodError, parsePeriod, type Period } from '../analytics/periods.ts';
import { stateName } from '../reference/geography.ts';
import { CLASSIFICATION_LABELS, getReportType, type ReportType } from './catalog.ts';
import { generatorNamed } from './generators.ts';
import { canonicalJson, storeProduct, type Product } from './products.ts';
import type { CnieVersion, ProductMeta, ReportFormat, ReportGenerator } from './types.ts';

export { getProductFile } from './products.ts';

/** A request that cannot be served; `message` is Spanish and reaches the user as is. */
export class ReportError extends Error {
  override name = 'ReportError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface GenerateRequest {
  /** Report type code of the catalog, e.g. 'fese'. */
  type: string;
  /** Period key: '2026-03', '2026-Q1', '2026-H1'. */
  period: string;
  params?: Record<string, unknown>;
  cnieVersion?: CnieVersion;
  /** A subset of the type's formats; all of them when left out. */
  formats?: ReportFormat[];
  /** The user who asked; null for the scheduler and the command line. */
  userId: number | null;
  actor: Actor;
}

export interface PreparedGeneration {
  reportType: ReportType;
  generator: ReportGenerator<any>;
  period: Period;
  params: Record<string, unknown>;
  paramsKey: string;
  cnieVersion: CnieVersion;
  formats: ReportFormat[];
}

const PERIOD_KIND_PLURAL: Record<string, string> = { month: 'mes', quarter: 'trimestre', half: 'semestre', year: 'año' };

/** Checks everything that can be checked before computing; throws ReportError with a Spanish message. */
export async function prepareGeneration(
  db: Kysely<Database>,
  req: Omit<GenerateRequest, 'userId' | 'actor'>,
): Promise<PreparedGeneration> {
  const reportType = await getReportType(db, req.type);
  if (!reportType) throw new ReportError('reporte_desconocido', `No existe el tipo de reporte «${req.type}».`, 404);
  const generator = await generatorNamed(reportType.generator);
  if (!generator) {
    throw new ReportError('reporte_no_disponible', `El reporte «${reportType.name}» aún no está disponible en Atalaya.`, 409);
  }
  let period: Period;
  try {
    period = parsePeriod(req.period);
  } catch (err) {
    if (err instanceof PeriodError) throw new ReportError('periodo_invalido', err.message);
    throw err;
  }
  if (!generator.periodKinds.includes(period.kind)) {
    const allowed = generator.periodKinds.map((k) => PERIOD_KIND_PLURAL[k] ?? k).join(', ');
    throw new ReportError(
      'periodo_no_admitido',
      `El reporte «${reportType.name}» no se genera por periodo ${PERIOD_KIND_NAMES[period.kind]}; se admite por: ${allowed}.`,
    );
  }
  const parsed = generator.params.safeParse(req.params ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new ReportError('parametros_invalidos', `Parámetros inválidos: ${detail}.`);
  }
  const params = JSON.parse(JSON.stringify(parsed.data)) as Record<string, unknown>;
  const cnieVersion = req.cnieVersion ?? '3';
  if (cnieVersion !== '2' && cnieVersion !== '3') {
    throw new ReportError('catalogo_invalido', 'La versión del catálogo CNIE debe ser 2 (2.0) o 3.');
  }
  const available = reportType.formats.filter((f) => (generator.formats as readonly string[]).includes(f)) as ReportFormat[];
  let formats = available;
  if (req.formats && req.formats.length > 0) {
    const unknown = req.formats.filter((f) => !available.includes(f));
    if (unknown.length > 0) {
      throw new ReportError(
        'formato_no_admitido',
        `El reporte «${reportType.name}» no se entrega en ${unknown.join(', ')}; formatos disponibles: ${available.join(', ')}.`,
      );
    }
    formats = available.filter((f) => req.formats!.includes(f));
  }
  // The catalog version is part of the series: a product in CNIE 2.0 is not a correction of one in CNIE 3.
  const paramsKey = paramsKeyOf(params, cnieVersion);
  return { reportType, generator, period, params, paramsKey, cnieVersion, formats };
}

/** The key of a series (products.params_key): the validated parameters and the catalog version, canonical. */
export function paramsKeyOf(validatedParams: Record<string, unknown>, cnieVersion: CnieVersion): string {
  return canonicalJson({ ...validatedParams, cnieVersion });
}

export function fileBase(type: string, period: string, params: Record<string, unknown>, cnieVersion: CnieVersion): string {
  const parts = [type, period];
  for (const key of ['center', 'group', 'municipality', 'channel']) {
    const v = params[key];
    if (typeof v === 'string' && v) parts.push(v);
  }
  if (cnieVersion === '2') parts.push('cnie2');
  return parts.join('_').replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** The facts every file of a generation prints (with the report type's default classification). */
export async function productMeta(db: Kysely<Database>, config: Config, prep: PreparedGeneration): Promise<ProductMeta> {
  return {
    reportCode: prep.reportType.code,
    reportName: prep.reportType.name,
    periodLabel: prep.period.label,
    periodKey: prep.period.key,
    stateName: stateName(config.stateCode) ?? config.stateCode,
    classificationLabel: CLASSIFICATION_LABELS[prep.reportType.default_classification],
    cnieVersion: prep.cnieVersion,
    scopeLabel: await prep.generator.scopeLabel(prep.params, { db, config }),
  };
}

/** Computes, renders and stores a new version of the product; returns it with its files. */
export async function generateProduct(db: Kysely<Database>, config: Config, req: GenerateRequest): Promise<Product> {
  const prep = await prepareGeneration(db, req);
  const { reportType, generator, period, params, cnieVersion } = prep;
  const dataCutAt = new Date();
  const meta = await productMeta(db, config, prep);
  const data = await generator.compute({ db, config, period, params, cnieVersion });
  const files: { format: ReportFormat; content: Uint8Array }[] = [];
  for (const format of prep.formats) files.push({ format, content: await generator.render(data, format, meta) });
  return storeProduct(db, {
    reportType: reportType.code,
    periodKey: period.key,
    params,
    paramsKey: prep.paramsKey,
    cnieVersion,
    dataCutAt,
    classification: reportType.default_classification,
    userId: req.userId,
    actor: req.actor,
    summary: generator.summary(data),
    fileBase: fileBase(reportType.code, period.key, params, cnieVersion),
    files,
  });
}
