// The Spanish words of the domain, shared by the rules, the documents, the exports and the routes.
import type { AgencyKind, Channel, DispatchStatus, RequestStatus } from './tables.ts';

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  federal: 'Federal',
  state: 'Estatal',
  municipal: 'Municipal',
  civil: 'Organización civil',
  private: 'Privada',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  oficio: 'Oficio',
  tarjeta: 'Tarjeta informativa',
  sealed_envelope: 'Sobre cerrado',
  magnetic_media: 'Medio magnético',
  email: 'Correo institucional',
};

export const STATUS_LABELS: Record<DispatchStatus, string> = {
  draft: 'Borrador',
  pending_validation: 'En validación del área',
  pending_approval: 'En aprobación de la Dirección General',
  approved: 'Aprobado, por enviar',
  sent: 'Enviado, sin acuse',
  delivered: 'Entregado, sin acuse',
  acknowledged: 'Acusado',
  returned: 'Devuelto',
  cancelled: 'Cancelado',
};

/** Short forms for narrow columns (the register's PDF). */
export const SHORT_STATUS_LABELS: Record<DispatchStatus, string> = {
  draft: 'Borrador',
  pending_validation: 'En validación',
  pending_approval: 'En aprobación',
  approved: 'Aprobado',
  sent: 'Enviado',
  delivered: 'Entregado',
  acknowledged: 'Acusado',
  returned: 'Devuelto',
  cancelled: 'Cancelado',
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  received: 'Recibida',
  accepted: 'Aceptada y asignada',
  in_progress: 'En elaboración',
  delivered: 'Entregada',
  rejected: 'Rechazada',
  withdrawn: 'Retirada por la dependencia',
};

/** The steps of a dispatch's trail, as the register names them. */
export const EVENT_LABELS: Record<string, string> = {
  create: 'Preparación',
  edit: 'Edición',
  submit: 'Envío a validación',
  validate: 'Validación del área',
  approve: 'Aprobación de la Dirección General',
  return: 'Devolución',
  send: 'Emisión y envío',
  send_failed: 'Envío por correo fallido',
  deliver: 'Entrega',
  record_receipt: 'Acuse de recibo registrado',
  acknowledge: 'Acuse de recibido en el portal',
  cancel: 'Cancelación',
  reminder: 'Recordatorio de acuse',
};

export const CLASSIFICATION_NAMES: Record<string, string> = {
  internal: 'uso interno',
  restricted: 'reservada (destinatarios con convenio)',
  public: 'pública',
};

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** '2026-12-02' → '2 de diciembre de 2026'. */
export function longDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return day;
  return `${d} de ${MONTHS[m - 1]} de ${y}`;
}

/** '2026-12-02' → '02/12/2026'. */
export function shortDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
