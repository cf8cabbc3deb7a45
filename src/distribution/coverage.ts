// Pure rules of the collaboration agreements (directive 6.1.4, A.2; directive 2.3.3): whether an agreement is in
// force on a day, whether it is about to expire, and whether any agreement of an agency covers a report at a
// classification level — with the reason, in Spanish, when none does.
import { CLASSIFICATION_NAMES, longDate } from './labels.ts';

export interface AgreementFacts {
  id: number;
  number: string;
  valid_from: string;
  valid_until: string;
  report_types: readonly string[];
  classifications: readonly string[];
  hasDocument: boolean;
  terminated_at: Date | null;
  termination_reason: string | null;
  standing_approval: boolean;
}

export type AgreementState = 'vigente' | 'por_vencer' | 'vencido' | 'no_iniciado' | 'terminado';

export const AGREEMENT_STATE_LABELS: Record<AgreementState, string> = {
  vigente: 'Vigente',
  por_vencer: 'Por vencer',
  vencido: 'Vencido',
  no_iniciado: 'Aún no entra en vigor',
  terminado: 'Terminado',
};

/** Days before the end of an agreement from which it is flagged as about to expire. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 60;

/** Whole days from one local day to another ('2026-01-01' → '2026-01-31' = 30). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/** The state of an agreement on a local day; an agreement runs through its last day inclusive. */
export function agreementState(a: Pick<AgreementFacts, 'valid_from' | 'valid_until' | 'terminated_at'>, today: string, warningDays = DEFAULT_EXPIRY_WARNING_DAYS): AgreementState {
  if (a.terminated_at) return 'terminado';
  if (today < a.valid_from) return 'no_iniciado';
  if (today > a.valid_until) return 'vencido';
  return daysBetween(today, a.valid_until) <= warningDays ? 'por_vencer' : 'vigente';
}

export const isInForce = (state: AgreementState) => state === 'vigente' || state === 'por_vencer';

export interface CoverageRequest {
  agencyName: string;
  reportType: string;
  reportName: string;
  classification: string;
  /** Local day of the state. */
  today: string;
}

export type Coverage =
  | { covered: true; agreement: AgreementFacts }
  | { covered: false; reason: string };

/**
 * Whether one of the agency's agreements covers the report. An agreement covers it when it is in force today, has
 * its signed document on file, lists the report type and the product's classification level. When none does, the
 * reason names the agreement that came closest, so that the person knows what to fix.
 */
export function coverageOf(agreements: readonly AgreementFacts[], req: CoverageRequest): Coverage {
  const prefix = `${req.agencyName} no puede recibir «${req.reportName}»`;
  if (req.classification === 'internal') {
    return { covered: false, reason: `${prefix}: es información de uso interno y no sale del centro.` };
  }
  if (agreements.length === 0) {
    return {
      covered: false,
      reason: `${prefix}: no tiene convenio de colaboración con el centro (directiva 6.1.4: la información se comparte solo con quien tiene convenio).`,
    };
  }
  let best: { stage: number; reason: string } | null = null;
  for (const a of agreements) {
    const [stage, reason] = checkOne(a, req);
    if (reason === null) return { covered: true, agreement: a };
    if (!best || stage > best.stage) best = { stage, reason };
  }
  return { covered: false, reason: `${prefix}: ${best!.reason}` };
}

/** How far the agreement got through the checks, and the reason it stopped (null: it covers). */
function checkOne(a: AgreementFacts, req: CoverageRequest): [number, string | null] {
  const state = agreementState(a, req.today);
  if (state === 'terminado') {
    return [0, `el convenio ${a.number} se dio por terminado (${a.termination_reason ?? 'sin motivo registrado'}).`];
  }
  if (state === 'vencido') return [1, `el convenio ${a.number} venció el ${longDate(a.valid_until)}.`];
  if (state === 'no_iniciado') return [1, `el convenio ${a.number} entra en vigor hasta el ${longDate(a.valid_from)}.`];
  if (!a.hasDocument) return [2, `el convenio ${a.number} no tiene cargado el documento firmado.`];
  if (!a.report_types.includes(req.reportType)) return [3, `el convenio ${a.number} no cubre ese reporte.`];
  if (!a.classifications.includes(req.classification)) {
    return [4, `el convenio ${a.number} no cubre información clasificada como ${CLASSIFICATION_NAMES[req.classification] ?? req.classification}.`];
  }
  return [5, null];
}
