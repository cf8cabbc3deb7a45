// Mexican phone numbers to their 10-digit national form. Since 2019 every Mexican number has 10 digits; older
// dialling prefixes (044/045 for mobiles, 01 for long distance, 521 for mobiles from abroad) still appear in logs.
export type PhoneResult =
  | { ok: true; phone: string | null }
  | { ok: false; reason: string };

/** Values that call-center systems write when the number is unknown or withheld. */
const UNKNOWN = new Set(['', '0', 'NA', 'N/A', 'ND', 'S/N', 'SN', 'SIN NUMERO', 'SIN NÚMERO', 'PRIVADO', 'DESCONOCIDO', 'ANONIMO', 'ANÓNIMO', 'NULL']);

export function normalizePhone(input: string | null | undefined): PhoneResult {
  const raw = (input ?? '').trim();
  if (UNKNOWN.has(raw.toUpperCase())) return { ok: true, phone: null };
  if (!/^[+\d\s().-]+$/.test(raw)) return { ok: false, reason: `contiene caracteres que no son dígitos: «${raw}»` };
  const international = raw.startsWith('+') || raw.startsWith('00');
  let digits = raw.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (international || digits.length > 10) {
    if (digits.startsWith('521') && digits.length === 13) return { ok: true, phone: digits.slice(3) };
    if (digits.startsWith('52') && digits.length === 12) return { ok: true, phone: digits.slice(2) };
    if (international && !digits.startsWith('52') && digits.length >= 8 && digits.length <= 15) {
      return { ok: true, phone: `+${digits}` };
    }
    if ((digits.startsWith('044') || digits.startsWith('045')) && digits.length === 13) {
      return { ok: true, phone: digits.slice(3) };
    }
    if (digits.startsWith('01') && digits.length === 12) return { ok: true, phone: digits.slice(2) };
  }
  if (digits.length === 10) {
    if (digits.startsWith('0')) return { ok: false, reason: `un número nacional no empieza con 0: «${raw}»` };
    return { ok: true, phone: digits };
  }
  if (digits.length < 10) return { ok: false, reason: `tiene ${digits.length} dígitos; un número mexicano tiene 10: «${raw}»` };
  return { ok: false, reason: `no es un número mexicano de 10 dígitos: «${raw}»` };
}
