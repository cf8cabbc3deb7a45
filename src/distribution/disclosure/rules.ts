// The rules of classification and release, as plain functions: who may receive what (a product's classification
// against the audience of a release), when a release is refused and why, the rules a release applies, its key
// (the same request is prepared once), the legal basis of its redactions, and when a classification may change.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { audienceRule } from '../../analytics/disclosure.ts';
import { CLASSIFICATION_LABELS, canonicalJson, type Audience, type Disclosed, type DisclosureRules, type ProductDisclosure } from '../../reports/index.ts';
import type { Classification } from '../../reports/tables.ts';
import { legalArticles, legalBasisOf, publicVersionBasis, registryText, reportRequiresCallerPhones } from './registry.ts';

/** The mark every file of a released version carries. */
export const RELEASE_MARKS: Record<Audience, string> = { public: 'Versión pública', restricted: 'Reservado' };
export const AUDIENCE_LABELS: Record<Audience, string> = { public: 'versión pública', restricted: 'versión reservada' };

export interface ReleaseRequest {
  audience: Audience;
  /** The agency a restricted version is prepared for (the agencies domain's id). */
  agencyId?: number | null;
  /** Keep callers' phone numbers: only for an agency whose agreement, like the report, requires them. */
  allowPhones?: boolean;
}

/** A refusal with a stable code and a Spanish message; `status` is the HTTP status the routes answer with. */
export interface Refusal {
  code: string;
  message: string;
  status: number;
}

export interface ReleaseSource {
  id: number;
  version: number;
  reportCode: string;
  reportName: string;
  classification: Classification;
  /** Set when the product is itself a released version. */
  derivedFromId: number | null;
  /** The newer version of its series that replaced it, if any. */
  replacedBy: { id: number; version: number } | null;
  /** Whether its generator has a disclosure pass. */
  canDisclose: boolean;
}

/** Why a release cannot be prepared, or null when it can. */
export function releaseRefusal(p: ReleaseSource, req: ReleaseRequest): Refusal | null {
  const refuse = (code: string, message: string, status = 409): Refusal => ({ code, message, status });
  if (req.audience !== 'public' && req.audience !== 'restricted') {
    return refuse('audiencia_invalida', 'La versión debe ser pública (public) o reservada (restricted).', 400);
  }
  if (p.derivedFromId !== null) {
    return refuse(
      'ya_es_version_divulgable',
      `El producto ${p.id} ya es una versión preparada para salir del centro; prepare la nueva versión a partir del producto original ${p.derivedFromId}.`,
    );
  }
  if (p.classification === 'internal') {
    return refuse(
      'producto_de_uso_interno',
      `El producto ${p.id} («${p.reportName}») está clasificado como de uso interno y no puede salir del centro. ` +
        'Solo la Dirección General puede cambiar su clasificación, con un motivo que queda registrado.',
    );
  }
  if (p.replacedBy) {
    return refuse(
      'producto_reemplazado',
      `El producto ${p.id} (versión ${p.version}) fue reemplazado por la versión ${p.replacedBy.version} (producto ${p.replacedBy.id}); prepare la versión vigente.`,
    );
  }
  if (!p.canDisclose) {
    return refuse('sin_control_de_divulgacion', `El reporte «${p.reportName}» todavía no tiene control de divulgación: no puede salir del centro.`);
  }
  if (req.allowPhones) {
    if (req.audience === 'public') {
      return refuse('telefonos_en_version_publica', 'Los teléfonos de quienes llaman son datos personales: nunca van en una versión pública.', 400);
    }
    if (req.agencyId == null) {
      return refuse('telefonos_sin_dependencia', 'Los teléfonos solo se incluyen para una dependencia cuyo convenio los requiera: indique la dependencia.', 400);
    }
    if (!reportRequiresCallerPhones(p.reportCode)) {
      return refuse('telefonos_no_requeridos', `El reporte «${p.reportName}» no requiere teléfonos de quienes llaman: se prepara sin ellos.`, 400);
    }
  }
  return null;
}

/** The rules a release applies, from data/disclosure/rules.json. */
export function disclosureRules(req: ReleaseRequest): DisclosureRules {
  const rule = audienceRule(req.audience);
  return { audience: req.audience, minCount: rule.minCount, mapResolution: rule.mapResolution, allowPhones: req.audience === 'restricted' && req.allowPhones === true };
}

const RULES_TEXT = readFileSync(new URL('../../../data/disclosure/rules.json', import.meta.url), 'utf8');

/**
 * The key of a release: the product, the audience, the agency, the phones, and the text of the rules and the
 * registry. The same request is prepared once; a corrected rule or legal text makes a new version.
 */
export function releaseKey(sourceId: number, req: ReleaseRequest): string {
  const configuration = createHash('sha256').update(RULES_TEXT).update(registryText()).digest('hex');
  const request = {
    source: sourceId,
    audience: req.audience,
    agency: req.audience === 'restricted' ? (req.agencyId ?? null) : null,
    phones: req.audience === 'restricted' && req.allowPhones === true,
    configuration,
  };
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** The series key of released versions in the products table: the source's series, then the audience. */
export function releaseSeriesKey(sourceParamsKey: string, req: ReleaseRequest): string {
  const agency = req.audience === 'restricted' && req.agencyId != null ? `:dependencia-${req.agencyId}` : '';
  const phones = req.audience === 'restricted' && req.allowPhones ? ':telefonos' : '';
  return `${sourceParamsKey}#${req.audience}${agency}${phones}`;
}

/** The facts a released version prints: its mark, its method, each redaction with the articles it rests on. */
export function productDisclosure(
  disclosed: Pick<Disclosed<unknown>, 'redactions' | 'methodology'>,
  ctx: { audience: Audience; sourceId: number; sourceVersion: number; stateCode: string; allowPhones: boolean },
): ProductDisclosure {
  const redactions = disclosed.redactions.map((r) => ({ ...r, legalBasis: legalBasisOf(r.field, ctx.stateCode) }));
  const cited = [...(ctx.audience === 'public' ? publicVersionBasis(ctx.stateCode) : []), ...redactions.flatMap((r) => r.legalBasis)];
  const personal = ctx.allowPhones
    ? 'Datos personales: contiene los teléfonos de quienes llaman que requieren el convenio con la dependencia destinataria y el propio reporte; ningún nombre, domicilio ni nota de los incidentes.'
    : 'Datos personales: no contiene teléfonos, nombres, domicilios ni notas de los incidentes; solo cifras agregadas.';
  return {
    audience: ctx.audience,
    mark: RELEASE_MARKS[ctx.audience],
    sourceProductId: ctx.sourceId,
    sourceVersion: ctx.sourceVersion,
    methodology: [personal, ...disclosed.methodology],
    redactions,
    legalBasis: legalArticles(cited, ctx.stateCode),
  };
}

/** The classification label printed on every page of a released version. */
export const releaseClassificationLabel = (audience: Audience) => CLASSIFICATION_LABELS[audience];

export const MIN_REASON_LENGTH = 10;

/** Why a classification change cannot be made, or null when it can (the permission is checked by the route). */
export function classificationChangeRefusal(
  p: { id: number; classification: Classification; derivedFromId: number | null },
  to: string,
  reason: string,
): Refusal | null {
  if (to !== 'internal' && to !== 'restricted' && to !== 'public') {
    return { code: 'clasificacion_invalida', message: 'La clasificación debe ser de uso interno, reservada o pública.', status: 400 };
  }
  if (p.derivedFromId !== null) {
    return {
      code: 'clasificacion_de_version_divulgable',
      message: `El producto ${p.id} es una versión preparada para salir del centro: su clasificación la fija su preparación. Cambie la del producto original ${p.derivedFromId}.`,
      status: 409,
    };
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    return { code: 'motivo_requerido', message: `Indique el motivo del cambio de clasificación (al menos ${MIN_REASON_LENGTH} caracteres): queda registrado.`, status: 400 };
  }
  if (p.classification === to) {
    return { code: 'clasificacion_sin_cambio', message: `El producto ${p.id} ya está clasificado como ${CLASSIFICATION_LABELS[p.classification].toLowerCase()}.`, status: 409 };
  }
  return null;
}
