// Pure rules of the cyber registry: one incident as a person typed it (the form) or as a CSV row wrote it, checked
// and normalised against the unit's catalogs, with a stable reason code and a Spanish message for every problem.
import { looseKey, lookup, AGE_GROUPS, type AgeGroup, type CyberCatalogs, type VictimSex } from './settings.ts';
import { CYBER_STATUSES, type CyberStatus } from './tables.ts';

/** The fields of an incident, as text (the CSV) or as the form sends them. */
export interface CyberIncidentInput {
  folio?: string | null;
  reportedOn?: string | null;
  intakeChannel?: string | null;
  victimSex?: string | null;
  /** An age group ('18-29') or an age in years ('34'). */
  victimAge?: string | number | null;
  /** INEGI code (5 digits, or the 3-digit municipal part) or name; empty when unknown or outside the state. */
  municipality?: string | null;
  type?: string | null;
  platform?: string | null;
  /** MXN; '$12,500.00', '12500', 12500. Empty: no monetary loss recorded. */
  amountLost?: string | number | null;
  status?: string | null;
  /** sí / no; empty: referred when a referral reference is given. */
  referred?: string | boolean | null;
  referralReference?: string | null;
  referralDate?: string | null;
}

/** A valid incident, as stored (without folio when the form leaves it to the server). */
export interface CyberIncidentRow {
  folio: string | null;
  reported_on: string;
  intake_channel: string;
  victim_sex: VictimSex;
  victim_age_group: AgeGroup;
  municipality_code: string | null;
  type_code: string;
  platform: string;
  amount_lost: number | null;
  status: CyberStatus;
  referred: boolean;
  referral_reference: string | null;
  referral_date: string | null;
}

export interface Reason {
  code: string;
  /** The input field it concerns (for the form). */
  field: keyof CyberIncidentInput;
  message: string;
}

export type ValidationResult = { ok: true; row: CyberIncidentRow } | { ok: false; reasons: Reason[] };

export interface ValidationContext {
  catalogs: CyberCatalogs;
  stateCode: string;
  /** The state's municipality codes. */
  municipalityCodes: ReadonlySet<string>;
  /** Municipality code by name, as the incident importer matches names. */
  municipalityByName(name: string): string | undefined;
  /** Today in the state's time zone (YYYY-MM-DD): no date may be later. */
  today: string;
  /** Whether the folio is required (CSV rows) or assigned by the server when empty (the form). */
  requireFolio: boolean;
}

export const STATUS_LABELS: Record<CyberStatus, string> = {
  registrado: 'Registrado',
  en_atencion: 'En atención',
  concluido: 'Concluido',
};

const STATUS_ALIASES: Record<string, CyberStatus> = {
  registrado: 'registrado',
  recibido: 'registrado',
  abierto: 'registrado',
  nuevo: 'registrado',
  en_atencion: 'en_atencion',
  atencion: 'en_atencion',
  en_proceso: 'en_atencion',
  en_seguimiento: 'en_atencion',
  concluido: 'concluido',
  cerrado: 'concluido',
  atendido: 'concluido',
  terminado: 'concluido',
};

const SEX_ALIASES: Record<string, VictimSex> = {
  mujer: 'mujer',
  femenino: 'mujer',
  f: 'mujer',
  hombre: 'hombre',
  masculino: 'hombre',
  h: 'hombre',
  no_especificado: 'no_especificado',
  no_especificada: 'no_especificado',
  ne: 'no_especificado',
  nd: 'no_especificado',
  sin_dato: 'no_especificado',
  se_desconoce: 'no_especificado',
};

const YES = new Set(['si', 's', 'yes', 'true', '1', 'x', 'canalizado']);
const NO = new Set(['no', 'n', 'false', '0', 'no_canalizado']);
const FOLIO = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,59}$/;
const EARLIEST_DAY = '2000-01-01';

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

/** A day written as AAAA-MM-DD or DD/MM/AAAA (also with dashes), as 'YYYY-MM-DD', or null. */
export function parseDay(value: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** An amount in pesos as Mexicans write it ('$12,500.50', '12500', '1 250 MXN'), or null when unreadable. */
export function parseAmount(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
  const cleaned = value.replace(/mxn|m\.n\.|pesos|\$/gi, '').replace(/\s+/g, '');
  if (!/^-?\d{1,3}(,\d{3})*(\.\d{1,2})?$|^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned.replace(/,/g, '')) * 100) / 100;
}

/** The age group of an age in years, or of a group written as such. */
export function ageGroupOf(value: string | number): AgeGroup | null {
  const t = text(value);
  if (t === '') return 'no_especificado';
  const key = looseKey(t);
  if (key === 'no_especificado' || key === 'no_especificada' || key === 'nd' || key === 'ne' || key === 'sin_dato') return 'no_especificado';
  const group = AGE_GROUPS.find((g) => g === t.replace(/\s+/g, '') || looseKey(g) === key);
  if (group) return group;
  if (/^(60|60_y_mas|60_o_mas|mas_de_60)$/.test(key)) return '60+';
  if (!/^\d{1,3}$/.test(t)) return null;
  const age = Number(t);
  if (age > 120) return null;
  if (age <= 11) return '0-11';
  if (age <= 17) return '12-17';
  if (age <= 29) return '18-29';
  if (age <= 44) return '30-44';
  if (age <= 59) return '45-59';
  return '60+';
}

/** Checks one incident; every problem is reported, not only the first. */
export function validateCyberIncident(input: CyberIncidentInput, ctx: ValidationContext): ValidationResult {
  const reasons: Reason[] = [];
  const fail = (field: keyof CyberIncidentInput, code: string, message: string) => reasons.push({ code, field, message });
  const { catalogs } = ctx;

  const folio = text(input.folio);
  if (folio === '') {
    if (ctx.requireFolio) fail('folio', 'folio_faltante', 'Falta el folio del incidente.');
  } else if (!FOLIO.test(folio)) {
    fail('folio', 'folio_invalido', `El folio «${folio}» no es válido: use letras, números, «/», «.», «_» o «-» (hasta 60 caracteres, sin espacios).`);
  }

  const dayText = text(input.reportedOn);
  const reportedOn = dayText === '' ? null : parseDay(dayText);
  if (dayText === '') fail('reportedOn', 'fecha_faltante', 'Falta la fecha de registro.');
  else if (!reportedOn) fail('reportedOn', 'fecha_invalida', `La fecha «${dayText}» no es válida: use AAAA-MM-DD o DD/MM/AAAA.`);
  else if (reportedOn > ctx.today) fail('reportedOn', 'fecha_futura', `La fecha ${reportedOn} es posterior a hoy.`);
  else if (reportedOn < EARLIEST_DAY) fail('reportedOn', 'fecha_invalida', `La fecha ${reportedOn} es anterior a 2000.`);

  const channelText = text(input.intakeChannel);
  const channel = channelText === '' ? undefined : lookup(catalogs.channels, channelText);
  if (channelText === '') fail('intakeChannel', 'medio_faltante', 'Falta el medio de entrada de la denuncia.');
  else if (!channel) {
    fail('intakeChannel', 'medio_desconocido', `El medio de entrada «${channelText}» no está en el catálogo (${catalogs.channels.entries.map((e) => e.label).join(', ')}).`);
  }

  const sexText = text(input.victimSex);
  const sex: VictimSex | undefined = sexText === '' ? 'no_especificado' : SEX_ALIASES[looseKey(sexText)];
  if (!sex) {
    const hint = looseKey(sexText) === 'm' ? ' («M» es ambigua: escriba mujer o hombre)' : '';
    fail('victimSex', 'sexo_invalido', `El sexo de la víctima «${sexText}» no es válido${hint}; use mujer, hombre o no especificado.`);
  }

  const age = ageGroupOf(input.victimAge ?? '');
  if (!age) fail('victimAge', 'edad_invalida', `La edad «${text(input.victimAge)}» no es válida: escriba la edad en años (0 a 120) o un grupo (${AGE_GROUPS.slice(0, -1).join(', ')}).`);

  const munText = text(input.municipality);
  let municipality: string | null = null;
  if (munText !== '') {
    const digits = /^\d{1,5}$/.test(munText) ? (munText.length <= 3 ? `${ctx.stateCode}${munText.padStart(3, '0')}` : munText.padStart(5, '0')) : null;
    const found = digits ?? ctx.municipalityByName(munText);
    if (found && ctx.municipalityCodes.has(found)) municipality = found;
    else if (digits && digits.slice(0, 2) !== ctx.stateCode) {
      fail('municipality', 'municipio_fuera_del_estado', `El municipio ${digits} no pertenece al estado; deje el campo vacío si la víctima reside fuera de él.`);
    } else fail('municipality', 'municipio_desconocido', `El municipio «${munText}» no existe en el estado.`);
  }

  const typeText = text(input.type);
  const type = typeText === '' ? undefined : lookup(catalogs.types, typeText);
  if (typeText === '') fail('type', 'tipo_faltante', 'Falta el tipo de incidente.');
  else if (!type) fail('type', 'tipo_desconocido', `El tipo de incidente «${typeText}» no está en el catálogo.`);

  const platformText = text(input.platform);
  const platform = platformText === '' ? undefined : lookup(catalogs.platforms, platformText);
  if (platformText === '') fail('platform', 'plataforma_faltante', 'Falta la plataforma o medio donde ocurrió el incidente.');
  else if (!platform) {
    const other = catalogs.platforms.entries.find((p) => p.code === catalogs.otherPlatform)?.label ?? catalogs.otherPlatform;
    fail('platform', 'plataforma_desconocida', `La plataforma «${platformText}» no está en el catálogo; use «${other}» si no aparece.`);
  }

  const amountText = typeof input.amountLost === 'number' ? input.amountLost : text(input.amountLost);
  let amount: number | null = null;
  if (amountText !== '') {
    amount = parseAmount(amountText);
    if (amount === null) fail('amountLost', 'monto_invalido', `El monto «${amountText}» no es una cantidad en pesos (por ejemplo 12500 o $12,500.00).`);
    else if (amount < 0) fail('amountLost', 'monto_invalido', 'El monto perdido no puede ser negativo.');
    else if (amount > 99_999_999_999) fail('amountLost', 'monto_invalido', 'El monto perdido es demasiado grande.');
  }

  const statusText = text(input.status);
  const status: CyberStatus | undefined = statusText === '' ? 'registrado' : STATUS_ALIASES[looseKey(statusText)];
  if (!status) fail('status', 'estatus_desconocido', `El estatus «${statusText}» no es válido: use ${CYBER_STATUSES.map((s) => STATUS_LABELS[s].toLowerCase()).join(', ')}.`);

  const reference = text(input.referralReference);
  const referralDayText = text(input.referralDate);
  let referred: boolean | undefined;
  if (typeof input.referred === 'boolean') referred = input.referred;
  else {
    const r = looseKey(text(input.referred));
    referred = r === '' ? reference !== '' || referralDayText !== '' : YES.has(r) ? true : NO.has(r) ? false : undefined;
    if (referred === undefined) fail('referred', 'canalizacion_invalida', `«${text(input.referred)}» no es sí ni no (canalización a la Fiscalía).`);
  }
  let referralDate: string | null = null;
  if (referred) {
    if (reference === '') fail('referralReference', 'referencia_faltante', 'Una canalización a la Fiscalía necesita su referencia (número de oficio o de carpeta de investigación).');
    else if (reference.length > 100) fail('referralReference', 'referencia_invalida', 'La referencia de la canalización es demasiado larga (hasta 100 caracteres).');
    referralDate = referralDayText === '' ? null : parseDay(referralDayText);
    if (referralDayText === '') fail('referralDate', 'fecha_canalizacion_faltante', 'Falta la fecha de la canalización a la Fiscalía.');
    else if (!referralDate) fail('referralDate', 'fecha_canalizacion_invalida', `La fecha de canalización «${referralDayText}» no es válida.`);
    else if (referralDate > ctx.today) fail('referralDate', 'fecha_canalizacion_invalida', `La fecha de canalización ${referralDate} es posterior a hoy.`);
    else if (reportedOn && referralDate < reportedOn) fail('referralDate', 'fecha_canalizacion_invalida', 'La canalización no puede ser anterior al registro del incidente.');
  } else if (referred === false && (reference !== '' || referralDayText !== '')) {
    fail('referred', 'canalizacion_incongruente', 'Se indicó que no se canalizó a la Fiscalía, pero hay referencia o fecha de canalización.');
  }

  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    row: {
      folio: folio === '' ? null : folio,
      reported_on: reportedOn!,
      intake_channel: channel!,
      victim_sex: sex!,
      victim_age_group: age!,
      municipality_code: municipality,
      type_code: type!,
      platform: platform!,
      amount_lost: amount,
      status: status!,
      referred: referred!,
      referral_reference: referred ? reference : null,
      referral_date: referred ? referralDate : null,
    },
  };
}

/** CSV columns (as the header writes them, compared loosely) for each field; the first name is the documented one. */
export const CSV_COLUMNS: Record<keyof CyberIncidentInput, string[]> = {
  folio: ['folio', 'numero_de_folio', 'folio_ciber'],
  reportedOn: ['fecha', 'fecha_registro', 'fecha_de_registro', 'fecha_denuncia', 'fecha_de_la_denuncia'],
  intakeChannel: ['medio_entrada', 'medio_de_entrada', 'canal', 'canal_de_entrada', 'via_de_recepcion'],
  victimSex: ['sexo_victima', 'sexo_de_la_victima', 'sexo'],
  victimAge: ['edad_victima', 'edad_de_la_victima', 'grupo_edad', 'grupo_de_edad', 'edad'],
  municipality: ['municipio', 'clave_municipio', 'municipio_victima', 'municipio_de_la_victima'],
  type: ['tipo', 'tipo_incidente', 'tipo_de_incidente', 'conducta'],
  platform: ['plataforma', 'red_social', 'medio_digital'],
  amountLost: ['monto_perdido', 'monto', 'monto_mxn', 'perdida_economica'],
  status: ['estatus', 'estado', 'situacion'],
  referred: ['canalizado_fiscalia', 'canalizado', 'canalizacion_fiscalia', 'canalizado_a_fiscalia'],
  referralReference: ['referencia_canalizacion', 'oficio_canalizacion', 'numero_de_oficio', 'carpeta_de_investigacion'],
  referralDate: ['fecha_canalizacion', 'fecha_de_canalizacion'],
};

/** Columns a file must have. */
export const REQUIRED_CSV_FIELDS: readonly (keyof CyberIncidentInput)[] = ['folio', 'reportedOn', 'intakeChannel', 'type', 'platform'];

/** Which header column feeds each field; the fields without a column are left out. */
export function mapCsvHeader(header: readonly string[]): { columns: Partial<Record<keyof CyberIncidentInput, string>>; missing: string[] } {
  const byKey = new Map(header.map((h) => [looseKey(h), h]));
  const columns: Partial<Record<keyof CyberIncidentInput, string>> = {};
  for (const [field, names] of Object.entries(CSV_COLUMNS) as [keyof CyberIncidentInput, string[]][]) {
    const found = names.map((n) => byKey.get(n)).find((h) => h !== undefined);
    if (found !== undefined) columns[field] = found;
  }
  const missing = REQUIRED_CSV_FIELDS.filter((f) => !columns[f]).map((f) => CSV_COLUMNS[f][0]!);
  return { columns, missing };
}
