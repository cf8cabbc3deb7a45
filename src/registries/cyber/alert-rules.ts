// Pure rules of the hotline alerts about child sexual abuse material (INHOPE, Child Rescue Coalition):
//  - what an alert may carry: identifiers and metadata only (URLs, hashes, IP addresses, account identifiers, the
//    hotline's classification), never the material. Anything that looks like a file or its content — a data: URI,
//    a blob: or file: URL, a long base64 run, the base64 signature of an image or video, binary bytes — is refused;
//  - the workflow: received → assigned → under investigation → referred (or discarded with a reason), each step with
//    a deadline from the settings (hours), the step it waits for and when that is due.
import { isIP } from 'node:net';
import type { AlertSettings, AlertStep } from './settings.ts';
import type { AlertStatus } from './tables.ts';

export interface AlertInput {
  hotline?: unknown;
  externalReference?: unknown;
  /** When the hotline notified the unit (ISO date and time). */
  hotlineReportedAt?: unknown;
  contentUrls?: unknown;
  /** 'sha256:…', 'sha1:…', 'md5:…' or the bare hexadecimal digest (its length tells the algorithm). */
  contentHashes?: unknown;
  ipAddresses?: unknown;
  accountIdentifiers?: unknown;
  contentKind?: unknown;
  platform?: unknown;
  hostingProvider?: unknown;
  hostingCountry?: unknown;
  municipality?: unknown;
  summary?: unknown;
}

export interface AlertRow {
  hotline: string;
  external_reference: string;
  hotline_reported_at: Date;
  content_urls: string[];
  content_hashes: string[];
  ip_addresses: string[];
  account_identifiers: string[];
  content_kind: string | null;
  platform: string | null;
  hosting_provider: string | null;
  hosting_country: string | null;
  municipality_code: string | null;
  summary: string | null;
}

export interface AlertProblem {
  field: keyof AlertInput;
  code: string;
  message: string;
}

export const CONTENT_KINDS = ['imagenes', 'video', 'imagenes_y_video', 'sitio_web', 'foro_o_grupo', 'transmision_en_vivo', 'otro'] as const;
export const CONTENT_KIND_LABELS: Record<(typeof CONTENT_KINDS)[number], string> = {
  imagenes: 'Imágenes',
  video: 'Video',
  imagenes_y_video: 'Imágenes y video',
  sitio_web: 'Sitio web',
  foro_o_grupo: 'Foro, grupo o canal',
  transmision_en_vivo: 'Transmisión en vivo',
  otro: 'Otro',
};

const HASH_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const LIMITS = { items: 200, url: 2048, identifier: 200, text: 200, summary: 1000 } as const;

/** Signatures of files as base64 text: PNG, JPEG, GIF, WebP/WAV (RIFF), MP4/MOV (ftyp), PDF, ZIP. */
const BASE64_FILE_SIGNATURES = /(iVBORw0KGgo|\/9j\/|R0lGOD[lh]|UklGR|AAAA[A-Za-z0-9+/]{2}ZnR5c|JVBERi0|UEsDB)[A-Za-z0-9+/]{16,}/;
const DATA_URI = /(^|[^a-z0-9])data:[a-z0-9.+-]*\/?[a-z0-9.+-]*(;[a-z0-9.+=-]+)*(;base64)?,/i;
const LONG_BASE64 = /[A-Za-z0-9+/]{120,}={0,2}/;
// Binary bytes: control characters other than tab and line breaks.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Why a text looks like a file or file content rather than an identifier or metadata; null when it does not.
 * `url` relaxes the long-run check (a URL may carry a long token) but not the others.
 */
export function embeddedContentProblem(value: string, kind: 'url' | 'text' = 'text'): string | null {
  if (CONTROL.test(value)) return 'contiene bytes binarios: solo se admite texto';
  if (DATA_URI.test(value)) return 'contiene un URI «data:», es decir, un archivo incrustado';
  if (/^\s*(blob|file|filesystem):/i.test(value)) return 'es una referencia a un archivo local o del navegador, no una dirección de internet';
  if (BASE64_FILE_SIGNATURES.test(value)) return 'contiene el inicio de un archivo codificado en base64 (imagen, video o documento)';
  if (kind === 'text' && LONG_BASE64.test(value)) return 'contiene un bloque largo codificado (base64), como el de un archivo';
  return null;
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** Checks the intake form (or API body) of an alert; every problem is reported. */
export function validateAlertInput(input: AlertInput, ctx: { settings: AlertSettings; municipalityCodes: ReadonlySet<string>; now: Date }): { ok: true; row: AlertRow } | { ok: false; problems: AlertProblem[] } {
  const problems: AlertProblem[] = [];
  const fail = (field: keyof AlertInput, code: string, message: string) => problems.push({ field, code, message });

  const str = (field: keyof AlertInput, max: number, label: string, required = false): string | null => {
    const v = input[field];
    if (v === undefined || v === null || (isText(v) && v.trim() === '')) {
      if (required) fail(field, 'campo_requerido', `Falta ${label}.`);
      return null;
    }
    if (!isText(v)) {
      fail(field, 'archivo_no_admitido', `${label} debe ser texto; las alertas no admiten archivos.`);
      return null;
    }
    const t = v.trim();
    const embedded = embeddedContentProblem(t);
    if (embedded) fail(field, 'contenido_no_admitido', `${capitalize(label)} ${embedded}. Registre solo identificadores y metadatos, nunca el material.`);
    else if (t.length > max) fail(field, 'texto_demasiado_largo', `${capitalize(label)} es demasiado largo (hasta ${max} caracteres).`);
    return t;
  };
  const list = (field: keyof AlertInput, label: string): string[] => {
    const v = input[field];
    if (v === undefined || v === null || v === '') return [];
    const items = Array.isArray(v) ? v : isText(v) ? v.split(/\r?\n/) : null;
    if (!items) {
      fail(field, 'archivo_no_admitido', `${capitalize(label)}: se espera una lista de textos; las alertas no admiten archivos.`);
      return [];
    }
    const out: string[] = [];
    for (const item of items) {
      if (!isText(item)) {
        fail(field, 'archivo_no_admitido', `${capitalize(label)}: cada elemento debe ser texto; las alertas no admiten archivos.`);
        continue;
      }
      const t = item.trim();
      if (t !== '' && !out.includes(t)) out.push(t);
    }
    if (out.length > LIMITS.items) fail(field, 'demasiados_elementos', `${capitalize(label)}: a lo más ${LIMITS.items} elementos por alerta.`);
    return out;
  };

  const hotline = str('hotline', 20, 'la línea internacional que alerta', true);
  if (hotline && !ctx.settings.hotlines.some((h) => h.code === hotline)) {
    fail('hotline', 'linea_desconocida', `La línea «${hotline}» no está configurada (${ctx.settings.hotlines.map((h) => h.code).join(', ')}).`);
  }
  const reference = str('externalReference', 120, 'la referencia de la línea internacional', true);
  if (reference && !/^[A-Za-z0-9][A-Za-z0-9 ._:/#-]*$/.test(reference)) {
    fail('externalReference', 'referencia_invalida', 'La referencia de la línea internacional solo admite letras, números, espacios y . _ : / # -.');
  }
  const reportedText = str('hotlineReportedAt', 40, 'la fecha y hora de la notificación', true);
  let reportedAt: Date | null = null;
  if (reportedText) {
    reportedAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(reportedText) ? new Date(reportedText) : null;
    if (!reportedAt || Number.isNaN(reportedAt.getTime())) {
      fail('hotlineReportedAt', 'fecha_invalida', 'La fecha y hora de la notificación no es válida (AAAA-MM-DDTHH:MM).');
      reportedAt = null;
    } else if (reportedAt.getTime() > ctx.now.getTime() + 5 * 60_000) {
      fail('hotlineReportedAt', 'fecha_futura', 'La notificación no puede ser posterior a este momento.');
    }
  }

  const urls = list('contentUrls', 'direcciones del contenido');
  for (const [i, u] of urls.entries()) {
    const embedded = embeddedContentProblem(u, 'url');
    if (embedded) {
      // What was refused is not repeated back: it may be the material itself.
      fail('contentUrls', 'contenido_no_admitido', `La dirección número ${i + 1} ${embedded}. Registre la URL donde está publicado, nunca el material.`);
      continue;
    }
    let parsed: URL | null;
    try {
      parsed = new URL(u);
    } catch {
      parsed = null;
    }
    if (!parsed || !['http:', 'https:', 'ftp:'].includes(parsed.protocol)) {
      fail('contentUrls', 'url_invalida', `«${u.slice(0, 80)}» no es una dirección http, https o ftp.`);
    } else if (u.length > LIMITS.url) fail('contentUrls', 'url_invalida', `Una dirección excede ${LIMITS.url} caracteres.`);
  }

  const hashes: string[] = [];
  for (const h of list('contentHashes', 'huellas del contenido')) {
    const m = /^(?:(md5|sha1|sha256|sha512)\s*:\s*)?([0-9a-fA-F]+)$/i.exec(h);
    const algo = m?.[1]?.toLowerCase() ?? Object.keys(HASH_LENGTHS).find((a) => HASH_LENGTHS[a] === m?.[2]?.length);
    if (!m || !algo || HASH_LENGTHS[algo] !== m[2]!.length) {
      fail('contentHashes', 'huella_invalida', `«${h.slice(0, 80)}» no es una huella MD5, SHA-1, SHA-256 o SHA-512 en hexadecimal (p. ej. sha256:…).`);
    } else hashes.push(`${algo}:${m[2]!.toLowerCase()}`);
  }
  if (urls.length + hashes.length === 0 && !problems.some((p) => p.field === 'contentUrls' || p.field === 'contentHashes')) {
    fail('contentUrls', 'identificador_requerido', 'Registre al menos una dirección (URL) o una huella (hash) del contenido alertado.');
  }

  const ips = list('ipAddresses', 'direcciones IP');
  for (const ip of ips) if (isIP(ip) === 0) fail('ipAddresses', 'ip_invalida', `«${ip.slice(0, 60)}» no es una dirección IPv4 o IPv6.`);
  const accounts = list('accountIdentifiers', 'identificadores de cuentas');
  for (const a of accounts) {
    const embedded = embeddedContentProblem(a);
    if (embedded) fail('accountIdentifiers', 'contenido_no_admitido', `Un identificador de cuenta ${embedded}.`);
    else if (a.length > LIMITS.identifier) fail('accountIdentifiers', 'texto_demasiado_largo', `Un identificador de cuenta excede ${LIMITS.identifier} caracteres.`);
  }

  const kind = str('contentKind', 40, 'el tipo de contenido');
  if (kind && !(CONTENT_KINDS as readonly string[]).includes(kind)) fail('contentKind', 'tipo_contenido_invalido', `El tipo de contenido «${kind}» no es válido.`);
  const platform = str('platform', LIMITS.text, 'la plataforma');
  const provider = str('hostingProvider', LIMITS.text, 'el proveedor de alojamiento');
  const country = str('hostingCountry', 60, 'el país de alojamiento');
  const municipality = str('municipality', 5, 'el municipio');
  if (municipality && !ctx.municipalityCodes.has(municipality)) fail('municipality', 'municipio_desconocido', `El municipio ${municipality} no es del estado.`);
  const summary = str('summary', LIMITS.summary, 'la nota');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    row: {
      hotline: hotline!,
      external_reference: reference!,
      hotline_reported_at: reportedAt!,
      content_urls: urls,
      content_hashes: hashes,
      ip_addresses: ips,
      account_identifiers: accounts,
      content_kind: kind,
      platform,
      hosting_provider: provider,
      hosting_country: country,
      municipality_code: municipality,
      summary,
    },
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  recibida: 'Recibida',
  asignada: 'Asignada',
  en_investigacion: 'En investigación',
  canalizada: 'Canalizada',
  descartada: 'Descartada',
};

/** The step an alert in each open status waits for. */
export const PENDING_STEP: Partial<Record<AlertStatus, AlertStep>> = {
  recibida: 'assignment',
  asignada: 'investigation',
  en_investigacion: 'referral',
};

const HOUR = 3_600_000;

export function dueAfter(step: AlertStep, from: Date, settings: AlertSettings): Date {
  return new Date(from.getTime() + settings.deadlines[step].hours * HOUR);
}

/** The state of a newly received alert: waiting for assignment; whether it was registered after its deadline. */
export function intakeState(hotlineReportedAt: Date, receivedAt: Date, settings: AlertSettings) {
  const intakeDue = dueAfter('intake', hotlineReportedAt, settings);
  return {
    status: 'recibida' as const,
    pending_step: 'assignment' as const,
    due_at: dueAfter('assignment', receivedAt, settings),
    intake_due: intakeDue,
    intake_late: receivedAt.getTime() > intakeDue.getTime(),
  };
}

export type AlertAction =
  | { kind: 'assign'; assigneeId: number }
  | { kind: 'start' }
  | { kind: 'refer'; destination: string; reference: string }
  | { kind: 'discard'; reason: string; note?: string };

export interface AlertState {
  status: AlertStatus;
  pending_step: string | null;
  due_at: Date | null;
  assigned_to: number | null;
}

export interface Transition {
  to: AlertStatus;
  /** The step this action completes (null for a reassignment or a discard). */
  step: AlertStep | null;
  /** Whether the completed step missed its deadline. */
  late: boolean;
  pending_step: AlertStep | null;
  due_at: Date | null;
}

/** What an action does to an alert now, or a Spanish refusal. Pure. */
export function transition(state: AlertState, action: AlertAction, settings: AlertSettings, now: Date): { ok: true; t: Transition } | { ok: false; message: string } {
  const late = state.due_at !== null && now.getTime() > state.due_at.getTime();
  const closed = state.status === 'canalizada' || state.status === 'descartada';
  if (closed) return { ok: false, message: `La alerta ya está ${ALERT_STATUS_LABELS[state.status].toLowerCase()}; no admite más cambios.` };
  switch (action.kind) {
    case 'assign':
      if (state.status === 'recibida') {
        return { ok: true, t: { to: 'asignada', step: 'assignment', late, pending_step: 'investigation', due_at: dueAfter('investigation', now, settings) } };
      }
      if (state.assigned_to === action.assigneeId) return { ok: false, message: 'La alerta ya está asignada a esa persona.' };
      // A reassignment keeps the step the alert waits for and its deadline.
      return { ok: true, t: { to: state.status, step: null, late: false, pending_step: state.pending_step as AlertStep, due_at: state.due_at } };
    case 'start':
      if (state.status !== 'asignada') return { ok: false, message: 'Solo una alerta asignada puede pasar a investigación.' };
      return { ok: true, t: { to: 'en_investigacion', step: 'investigation', late, pending_step: 'referral', due_at: dueAfter('referral', now, settings) } };
    case 'refer':
      if (state.status !== 'en_investigacion') return { ok: false, message: 'Solo una alerta en investigación puede canalizarse.' };
      if (action.destination.trim() === '') return { ok: false, message: 'Indique la autoridad a la que se canaliza la alerta.' };
      if (action.reference.trim().length < 3) return { ok: false, message: 'Indique la referencia de la canalización (número de oficio o de denuncia).' };
      return { ok: true, t: { to: 'canalizada', step: 'referral', late, pending_step: null, due_at: null } };
    case 'discard':
      if (!settings.discardReasons.some((r) => r.code === action.reason)) return { ok: false, message: 'Elija un motivo de descarte del catálogo.' };
      return { ok: true, t: { to: 'descartada', step: null, late: false, pending_step: null, due_at: null } };
  }
}
