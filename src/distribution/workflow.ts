// Pure rules of a dispatch's workflow (directive 6.1.4, A and «Responsables»): who may do what, and to which state
// each step leads. The producing area's director validates; the director general approves each external dispatch,
// unless the agreement carries the director general's standing approval; only then can it be sent. A returned
// dispatch goes back to its preparer with the reasons. Electronic channels are acknowledged by the recipient in the
// portal; for physical ones the center records the delivery and the signed receipt.
import { can, type Permission } from '../access/permissions.ts';
import type { Channel, DispatchStatus } from './tables.ts';

export type DispatchAction =
  | 'edit'
  | 'submit'
  | 'validate'
  | 'approve'
  | 'return'
  | 'send'
  | 'deliver'
  | 'record_receipt'
  | 'acknowledge'
  | 'cancel';

export const ACTION_LABELS: Record<DispatchAction, string> = {
  edit: 'Editar',
  submit: 'Enviar a validación',
  validate: 'Validar',
  approve: 'Aprobar',
  return: 'Devolver',
  send: 'Emitir y enviar',
  deliver: 'Registrar entrega',
  record_receipt: 'Registrar acuse de recibo',
  acknowledge: 'Acusar de recibido',
  cancel: 'Cancelar',
};

/** Channels that leave the center as a physical object; the others are delivered through the portal. */
export const PHYSICAL_CHANNELS: readonly Channel[] = ['sealed_envelope', 'magnetic_media'];
export const isPhysical = (c: Channel) => PHYSICAL_CHANNELS.includes(c);

/** States in which the recipient has it (or it is on its way) and its acknowledgment is awaited. */
export const AWAITING_ACK: readonly DispatchStatus[] = ['sent', 'delivered'];
/** States visible in the recipients' portal. */
export const IN_PORTAL: readonly DispatchStatus[] = ['sent', 'delivered', 'acknowledged'];

export interface DispatchFacts {
  status: DispatchStatus;
  channel: Channel;
  producing_area: string;
  agency_id: number;
  /** Whether the recipient has downloaded anything from the portal. */
  downloaded: boolean;
}

export interface WorkflowUser {
  area_code: string;
  roles: readonly string[];
  permissions?: readonly string[];
  /** The agency of an external account. */
  agencyId?: number | null;
}

/** The center's staff see the dispatches of their own area's reports; the Dirección General sees all of them. */
export function canView(user: WorkflowUser, d: Pick<DispatchFacts, 'producing_area'>): boolean {
  return can(user, 'distribution.read') && (user.area_code === 'DG' || user.area_code === d.producing_area);
}

const sameArea = (user: WorkflowUser, d: Pick<DispatchFacts, 'producing_area'>) => user.area_code === 'DG' || user.area_code === d.producing_area;

const PERMISSION_REASONS: Record<string, string> = {
  prepare: 'Solo el personal del área que produjo el reporte (o de la Dirección General) con permiso para preparar envíos puede hacerlo.',
  validate: 'Solo la dirección del área que produjo el reporte valida sus envíos.',
  approve: 'Solo la Dirección General aprueba los envíos a otras dependencias.',
  dispatch: 'Solo quien tiene permiso para enviar por los canales oficiales, en el área que produjo el reporte o en la Dirección General, puede hacerlo.',
  receive: 'Solo la dependencia destinataria puede acusar de recibido.',
};

/** Whether the user may take the action on the dispatch (whatever its state): null, or the Spanish reason. */
export function authorize(user: WorkflowUser, action: DispatchAction, d: DispatchFacts): string | null {
  const holds = (p: Permission) => can(user, p);
  switch (action) {
    case 'edit':
    case 'submit':
      return holds('distribution.prepare') && sameArea(user, d) ? null : PERMISSION_REASONS.prepare!;
    case 'validate':
      return holds('distribution.approve') && user.area_code === d.producing_area ? null : PERMISSION_REASONS.validate!;
    case 'approve':
      return holds('distribution.authorize') ? null : PERMISSION_REASONS.approve!;
    case 'return':
      if (d.status === 'pending_approval') return holds('distribution.authorize') ? null : PERMISSION_REASONS.approve!;
      return holds('distribution.approve') && user.area_code === d.producing_area ? null : PERMISSION_REASONS.validate!;
    case 'send':
    case 'deliver':
    case 'record_receipt':
      return holds('distribution.dispatch') && sameArea(user, d) ? null : PERMISSION_REASONS.dispatch!;
    case 'acknowledge':
      return holds('distribution.receive') && user.agencyId != null && user.agencyId === d.agency_id ? null : PERMISSION_REASONS.receive!;
    case 'cancel':
      if (['approved', 'sent', 'delivered'].includes(d.status)) {
        return holds('distribution.dispatch') && sameArea(user, d) ? null : PERMISSION_REASONS.dispatch!;
      }
      return holds('distribution.prepare') && sameArea(user, d) ? null : PERMISSION_REASONS.prepare!;
  }
}

export type Transition = { to: DispatchStatus } | { error: string };

const STATE_ERROR = (action: DispatchAction, status: DispatchStatus) =>
  `No se puede «${ACTION_LABELS[action].toLowerCase()}» un envío en estado «${STATE_NAMES[status]}».`;

const STATE_NAMES: Record<DispatchStatus, string> = {
  draft: 'borrador',
  pending_validation: 'en validación',
  pending_approval: 'en aprobación',
  approved: 'aprobado',
  sent: 'enviado',
  delivered: 'entregado',
  acknowledged: 'acusado',
  returned: 'devuelto',
  cancelled: 'cancelado',
};

/**
 * The state an action leads to from the dispatch's state, or why it cannot be taken. `standingApproval`: the
 * covering agreement carries the director general's standing approval, so that validation leads straight to
 * «approved».
 */
export function transition(d: DispatchFacts, action: DispatchAction, opts: { standingApproval?: boolean } = {}): Transition {
  const s = d.status;
  const physical = isPhysical(d.channel);
  const fail = (message = STATE_ERROR(action, s)): Transition => ({ error: message });
  switch (action) {
    case 'edit':
      return s === 'draft' || s === 'returned' ? { to: s } : fail('Solo se edita un envío en borrador o devuelto; una vez en validación, debe devolverse primero.');
    case 'submit':
      return s === 'draft' || s === 'returned' ? { to: 'pending_validation' } : fail();
    case 'validate':
      if (s !== 'pending_validation') return fail();
      return { to: opts.standingApproval ? 'approved' : 'pending_approval' };
    case 'approve':
      return s === 'pending_approval' ? { to: 'approved' } : fail();
    case 'return':
      return s === 'pending_validation' || s === 'pending_approval' ? { to: 'returned' } : fail();
    case 'send':
      return s === 'approved' ? { to: 'sent' } : fail(s === 'pending_approval' || s === 'pending_validation' ? 'El envío aún no tiene todas sus aprobaciones.' : undefined);
    case 'deliver':
      if (!physical) return fail('La entrega se registra solo en los canales físicos (sobre cerrado, medio magnético).');
      return s === 'sent' ? { to: 'delivered' } : fail();
    case 'record_receipt':
      if (!physical) return fail('En los canales electrónicos el acuse lo da la dependencia en el portal.');
      return s === 'sent' || s === 'delivered' ? { to: 'acknowledged' } : fail();
    case 'acknowledge':
      if (physical) return fail('El acuse de un envío físico lo registra el centro con el acuse firmado.');
      return s === 'sent' ? { to: 'acknowledged' } : fail();
    case 'cancel':
      if (['draft', 'returned', 'pending_validation', 'pending_approval', 'approved'].includes(s)) return { to: 'cancelled' };
      if (s === 'sent' && physical) return { to: 'cancelled' };
      // An e-mail is in the recipients' mailboxes once sent: there is nothing left to stop.
      if (s === 'sent' && d.channel === 'email') return fail('El correo ya llegó al servidor de sus destinatarios: ya no puede cancelarse.');
      if (s === 'sent' && !d.downloaded) return { to: 'cancelled' };
      if (s === 'sent') return fail('La dependencia ya descargó el envío: ya no puede cancelarse.');
      if (s === 'delivered') return fail('El envío ya fue entregado: ya no puede cancelarse.');
      return fail();
  }
}

/** Actions that need a comment: the reasons for returning or cancelling. */
export const NEEDS_COMMENT: readonly DispatchAction[] = ['return', 'cancel'];

/** What the user can do now with the dispatch, for the buttons of the page. */
export function availableActions(user: WorkflowUser, d: DispatchFacts, opts: { standingApproval?: boolean } = {}): DispatchAction[] {
  const all: DispatchAction[] = ['edit', 'submit', 'validate', 'approve', 'return', 'send', 'deliver', 'record_receipt', 'acknowledge', 'cancel'];
  return all.filter((a) => authorize(user, a, d) === null && 'to' in transition(d, a, opts));
}
