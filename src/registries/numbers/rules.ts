// Pure rules of the phone-number registry: which numbers it accepts, the status workflow (reported → under
// verification → confirmed or discarded, with who and why), what the monthly lists carry, and the staged actions of a
// mitigation case. No I/O, so that a test needs no database.
import { normalizePhone } from '../../incidents/phone.ts';
import type { CaseOutcome, CaseStage, NumberStatus } from './tables.ts';

/** A refused request; the message is Spanish and reaches the user as is. */
export class NumbersError extends Error {
  override name = 'NumbersError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const STATUS_LABELS: Record<NumberStatus, string> = {
  reportado: 'Reportado',
  en_verificacion: 'En verificación',
  confirmado: 'Confirmado',
  descartado: 'Descartado',
};

export const KIND_LABELS = { extorsion: 'Extorsión', improcedente: 'Llamada improcedente' } as const;

/**
 * The registry's form of a typed or imported number: the 10 national digits (with or without +52, 52 1 and the
 * legacy 044/045/01 prefixes), or +<digits> for a foreign one. Unknown or withheld numbers are refused too: a
 * registry entry needs a number.
 */
export function registryPhone(input: string): { ok: true; phone: string } | { ok: false; reason: string } {
  const r = normalizePhone(input);
  if (!r.ok) return { ok: false, reason: `Número inválido: ${r.reason}.` };
  if (r.phone === null) return { ok: false, reason: `«${input.trim()}» no es un número: escriba los 10 dígitos del número reportado.` };
  return { ok: true, phone: r.phone };
}

/** Where each status may go, and whether the step needs the verifier (the CEE director). */
const TRANSITIONS: Record<NumberStatus, Partial<Record<NumberStatus, 'edit' | 'verify'>>> = {
  reportado: { en_verificacion: 'edit', descartado: 'verify' },
  en_verificacion: { confirmado: 'verify', descartado: 'verify' },
  confirmado: { en_verificacion: 'verify' },
  descartado: { en_verificacion: 'verify' },
};

export function allowedTransitions(from: NumberStatus, canVerify: boolean): NumberStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [NumberStatus, 'edit' | 'verify'][]).filter(([, need]) => need === 'edit' || canVerify).map(([to]) => to);
}

/** Checks a status change; returns the trimmed reason. */
export function checkTransition(from: NumberStatus, to: NumberStatus, reason: string, canVerify: boolean): string {
  const need = TRANSITIONS[from][to];
  if (!need) throw new NumbersError('cambio_no_permitido', `Un número ${STATUS_LABELS[from].toLowerCase()} no puede pasar a ${STATUS_LABELS[to].toLowerCase()}.`, 409);
  if (need === 'verify' && !canVerify) {
    throw new NumbersError('sin_permiso', 'Solo la dirección del Centro Estatal de Emergencias confirma, descarta o reabre un número.', 403);
  }
  const why = reason.trim();
  if (why.length < 5) throw new NumbersError('motivo_requerido', 'Escriba el motivo del cambio de estatus (al menos 5 caracteres).');
  if (why.length > 500) throw new NumbersError('motivo_invalido', 'El motivo es demasiado largo (hasta 500 caracteres).');
  return why;
}

/** A discarded number comes back (as reported) only with new evidence: a sighting after the discard. */
export function reopensOnSighting(status: NumberStatus, statusSince: Date, seenAt: Date): boolean {
  return status === 'descartado' && seenAt.getTime() > statusSince.getTime();
}

/**
 * Whether a number goes on a month's list: never while discarded; a confirmed number carries across months; any
 * other one when it was seen in the month.
 */
export function onMonthlyList(status: NumberStatus, seenInMonth: boolean): boolean {
  if (status === 'descartado') return false;
  return status === 'confirmado' || seenInMonth;
}

// ---- Mitigation of improper calls ---------------------------------------------------------------------------

export type CaseAction = 'aviso' | 'segundo_aviso' | 'canalizacion' | 'cierre';

export const STAGE_LABELS: Record<CaseStage, string> = {
  abierto: 'Abierto',
  aviso: 'Primer aviso',
  segundo_aviso: 'Segundo aviso',
  canalizado: 'Canalizado',
  cerrado: 'Cerrado',
};
export const ACTION_LABELS: Record<CaseAction | 'apertura', string> = {
  apertura: 'Apertura por umbral',
  aviso: 'Primer aviso',
  segundo_aviso: 'Segundo aviso',
  canalizacion: 'Canalización al concesionario o a la autoridad',
  cierre: 'Cierre',
};
export const OUTCOME_LABELS: Record<CaseOutcome, string> = {
  cesaron: 'Cesaron las llamadas',
  canalizado: 'Atendido por el concesionario o la autoridad',
  numero_suspendido: 'Número suspendido',
  sin_efecto: 'Sin efecto',
};

/** The stages in order: each action moves a case one step; closing is possible from any open stage. */
const NEXT: Record<CaseStage, Partial<Record<CaseAction, CaseStage>>> = {
  abierto: { aviso: 'aviso', cierre: 'cerrado' },
  aviso: { segundo_aviso: 'segundo_aviso', cierre: 'cerrado' },
  segundo_aviso: { canalizacion: 'canalizado', cierre: 'cerrado' },
  canalizado: { cierre: 'cerrado' },
  cerrado: {},
};

export const nextActions = (stage: CaseStage): CaseAction[] => Object.keys(NEXT[stage]) as CaseAction[];

export interface ActionInput {
  action: CaseAction;
  actedOn: string;
  destination?: string | null;
  reference?: string | null;
  note?: string | null;
  outcome?: CaseOutcome | null;
}

/** Checks a staged action against the case; returns the stage it leads to. */
export function checkAction(stage: CaseStage, openedOn: string, lastActedOn: string, input: ActionInput, today: string): CaseStage {
  const next = NEXT[stage][input.action];
  if (!next) {
    const allowed = nextActions(stage).map((a) => ACTION_LABELS[a].toLowerCase());
    throw new NumbersError(
      'accion_fuera_de_orden',
      stage === 'cerrado' ? 'El caso ya está cerrado.' : `Un caso en «${STAGE_LABELS[stage]}» sigue con: ${allowed.join(' o ')}.`,
      409,
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.actedOn) || Number.isNaN(Date.parse(`${input.actedOn}T12:00:00Z`))) {
    throw new NumbersError('fecha_invalida', 'Indique la fecha de la acción (AAAA-MM-DD).');
  }
  if (input.actedOn > today) throw new NumbersError('fecha_futura', 'La fecha de la acción no puede ser posterior a hoy.');
  if (input.actedOn < openedOn || input.actedOn < lastActedOn) {
    throw new NumbersError('fecha_anterior', `La fecha de la acción no puede ser anterior a la última acción del caso (${lastActedOn > openedOn ? lastActedOn : openedOn}).`);
  }
  if (input.action === 'canalizacion' && !input.destination?.trim()) {
    throw new NumbersError('destino_requerido', 'Indique a quién se canaliza: el concesionario de telefonía o la autoridad competente.');
  }
  if (input.action === 'cierre' && !input.outcome) throw new NumbersError('resultado_requerido', 'Indique el resultado con el que se cierra el caso.');
  return next;
}

/** Whether a number's improper calls reach the threshold: `dates` are the local days of its calls. */
export function reachesThreshold(dates: readonly string[], threshold: { calls: number; days: number }, today: string): boolean {
  const from = addDays(today, -(threshold.days - 1));
  return dates.filter((d) => d >= from && d <= today).length >= threshold.calls;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
