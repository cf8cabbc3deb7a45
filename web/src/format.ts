// Numbers, dates and durations as people in Mexico read them, with times in the state's time zone.

const LOCALE = 'es-MX';
let timeZone = 'America/Mexico_City';

export function setTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: tz });
    timeZone = tz;
  } catch {
    // Keep the default: an unknown zone must not break every date on the page.
  }
}

export function getTimeZone(): string {
  return timeZone;
}

const numberFormat = new Intl.NumberFormat(LOCALE);
const rateFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function fmtNumber(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : numberFormat.format(n);
}

export function fmtRate(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : rateFormat.format(n);
}

function dateTimeFormat(opts: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(LOCALE, { timeZone, ...opts });
}

/** Date and time of an instant in the state's zone, e.g. "10/03/2026, 08:15". */
export function fmtDateTime(value: string | Date | null | undefined, withSeconds = false): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '—';
  return dateTimeFormat({
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(d);
}

/** A calendar day 'YYYY-MM-DD' (already local to the state), e.g. "10 de marzo de 2026". */
export function fmtLocalDate(day: string | null | undefined, style: 'long' | 'short' = 'long'): string {
  if (!day) return '—';
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return day;
  const date = new Date(Date.UTC(y, m - 1, d, 12));
  return new Intl.DateTimeFormat(LOCALE, {
    timeZone: 'UTC',
    ...(style === 'long' ? { day: 'numeric', month: 'long', year: 'numeric' } : { day: '2-digit', month: '2-digit', year: 'numeric' }),
  }).format(date);
}

/** Elapsed time between two instants, e.g. "12 min 05 s", "2 h 05 min"; null when either is missing. */
export function fmtDuration(from: string | null | undefined, to: string | null | undefined): string | null {
  if (!from || !to) return null;
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (Number.isNaN(ms)) return null;
  const negative = ms < 0;
  let sec = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(sec / 86400);
  sec -= days * 86400;
  const hours = Math.floor(sec / 3600);
  sec -= hours * 3600;
  const minutes = Math.floor(sec / 60);
  sec -= minutes * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  let text: string;
  if (days > 0) text = `${days} d ${hours} h`;
  else if (hours > 0) text = `${hours} h ${pad(minutes)} min`;
  else if (minutes > 0) text = `${minutes} min ${pad(sec)} s`;
  else text = `${sec} s`;
  return negative ? `−${text}` : text;
}

/** Today's date 'YYYY-MM-DD' in the state's zone. */
export function todayLocal(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** First and last day of the last complete month in the state's zone. */
export function lastCompleteMonth(now = new Date()): { from: string; to: string } {
  const [y, m] = todayLocal(now).split('-').map(Number) as [number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(lastDay).padStart(2, '0')}` };
}

/** Lower-case text without accents, for searching names as people type them. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** A file size in B, KB or MB. */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${fmtNumber(n)} B`;
  if (n < 1024 * 1024) return `${new Intl.NumberFormat('es-MX', { maximumFractionDigits: 1 }).format(n / 1024)} KB`;
  return `${new Intl.NumberFormat('es-MX', { maximumFractionDigits: 1 }).format(n / 1024 / 1024)} MB`;
}

/** The first characters of a SHA-256, for tables (the full hash goes in a tooltip). */
export const shortSha = (sha: string) => `${sha.slice(0, 12)}…`;
