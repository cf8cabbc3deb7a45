// Report periods of directive 1.2.8 (monthly, quarterly, half-yearly, yearly). Periods are calendar ranges of local
// days; the instants where they start and end come from the state's time zone, because a call at 23:30 local time on
// 31 March belongs to March even though it is already April in UTC.
import type { LocalTime } from '../util/local-time.ts';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

export interface Period {
  kind: PeriodKind;
  /** Canonical key: '2026-03', '2026-Q1', '2026-H1', '2026'. */
  key: string;
  year: number;
  /** Position inside the year: month 1–12, quarter 1–4, half 1–2; 1 for a year. */
  index: number;
  /** First and last local calendar day, inclusive ('YYYY-MM-DD'). */
  firstDay: string;
  lastDay: string;
  /** Spanish label for people: 'marzo de 2026', '1er trimestre de 2026', '1er semestre de 2026', '2026'. */
  label: string;
}

/** A malformed or impossible period key; the message is in Spanish because it reaches the user as is. */
export class PeriodError extends Error {
  override name = 'PeriodError';
}

export const MONTH_NAMES = [
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio',
  'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
] as const;

export const PERIOD_KIND_NAMES: Record<PeriodKind, string> = {
  month: 'mensual',
  quarter: 'trimestral',
  half: 'semestral',
  year: 'anual',
};

const ORDINALS = ['1er', '2º', '3er', '4º'] as const;
const MONTHS_PER: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const DAY_MS = 86_400_000;

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDay = (utcMs: number) => new Date(utcMs).toISOString().slice(0, 10);

/** Builds a period from its kind, year and position (month 1–12, quarter 1–4, half 1–2, 1 for a year). */
export function makePeriod(kind: PeriodKind, year: number, index = 1): Period {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new PeriodError(`Año fuera de rango: ${year} (se admite de ${MIN_YEAR} a ${MAX_YEAR}).`);
  }
  const count = PER_YEAR[kind];
  if (!Number.isInteger(index) || index < 1 || index > count) {
    throw new PeriodError(`Posición de periodo ${PERIOD_KIND_NAMES[kind]} inválida: ${index} (debe ir de 1 a ${count}).`);
  }
  const firstMonth = (index - 1) * MONTHS_PER[kind] + 1;
  const firstDay = `${year}-${pad2(firstMonth)}-01`;
  // Day 0 of the month after the period is its last day; Date.UTC rolls month 13 into January of the next year.
  const lastDay = isoDay(Date.UTC(year, firstMonth - 1 + MONTHS_PER[kind], 0));
  let key: string;
  let label: string;
  switch (kind) {
    case 'month':
      key = `${year}-${pad2(index)}`;
      label = `${MONTH_NAMES[index - 1]} de ${year}`;
      break;
    case 'quarter':
      key = `${year}-Q${index}`;
      label = `${ORDINALS[index - 1]} trimestre de ${year}`;
      break;
    case 'half':
      key = `${year}-H${index}`;
      label = `${ORDINALS[index - 1]} semestre de ${year}`;
      break;
    case 'year':
      key = String(year);
      label = String(year);
      break;
  }
  return { kind, key, year, index, firstDay, lastDay, label };
}

const FORMAT_HELP = 'use 2026-03 (mes), 2026-Q1 (trimestre), 2026-H1 (semestre) o 2026 (año)';

/**
 * Parses a period key. Besides the canonical keys it accepts lower case and the Spanish letters T (trimestre) and
 * S (semestre), so '2026-t1' and '2026-S2' work too; the returned key is always canonical.
 */
export function parsePeriod(text: string): Period {
  const raw = text.trim();
  let m = /^(\d{4})$/.exec(raw);
  if (m) return makePeriod('year', Number(m[1]));
  m = /^(\d{4})-(\d{1,2})$/.exec(raw);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new PeriodError(`Periodo «${raw}» inválido: el mes debe ir de 01 a 12.`);
    return makePeriod('month', Number(m[1]), month);
  }
  m = /^(\d{4})-([QTHS])(\d{1,2})$/i.exec(raw);
  if (m) {
    const letter = m[2]!.toUpperCase();
    const n = Number(m[3]);
    if (letter === 'Q' || letter === 'T') {
      if (n < 1 || n > 4) throw new PeriodError(`Periodo «${raw}» inválido: el trimestre debe ir de Q1 a Q4.`);
      return makePeriod('quarter', Number(m[1]), n);
    }
    if (n < 1 || n > 2) throw new PeriodError(`Periodo «${raw}» inválido: el semestre debe ser H1 o H2.`);
    return makePeriod('half', Number(m[1]), n);
  }
  throw new PeriodError(`Periodo «${raw}» no reconocido: ${FORMAT_HELP}.`);
}

/** Steps a period by `delta` periods of the same kind (negative goes back). */
export function shiftPeriod(p: Period, delta: number): Period {
  const count = PER_YEAR[p.kind];
  const ordinal = p.year * count + (p.index - 1) + delta;
  return makePeriod(p.kind, Math.floor(ordinal / count), (((ordinal % count) + count) % count) + 1);
}

export const previousPeriod = (p: Period): Period => shiftPeriod(p, -1);
export const nextPeriod = (p: Period): Period => shiftPeriod(p, 1);

/** The same month, quarter, half or year one year earlier: the year-on-year comparison of the reports. */
export const samePeriodLastYear = (p: Period): Period => makePeriod(p.kind, p.year - 1, p.index);

function parseDay(localDate: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new PeriodError(`Fecha «${localDate}» inválida: se espera AAAA-MM-DD.`);
  }
  return { y, m: mo, d };
}

/** The period of the given kind that contains a local calendar day ('YYYY-MM-DD'). */
export function periodContaining(kind: PeriodKind, localDate: string): Period {
  const { y, m } = parseDay(localDate);
  return makePeriod(kind, y, Math.floor((m - 1) / MONTHS_PER[kind]) + 1);
}

/**
 * The latest period of the kind that has fully ended before `todayLocal`: on 2026-04-01 the last closed month is
 * March, on 2026-03-31 it is still February (March has not closed yet).
 */
export const lastClosedPeriod = (kind: PeriodKind, todayLocal: string): Period =>
  previousPeriod(periodContaining(kind, todayLocal));

/** Number of calendar days in the period. */
export function periodDays(p: Period): number {
  return (Date.parse(`${p.lastDay}T00:00:00Z`) - Date.parse(`${p.firstDay}T00:00:00Z`)) / DAY_MS + 1;
}

/** True when the local day lies inside the period (ISO days compare as strings). */
export const periodIncludes = (p: Period, localDate: string): boolean =>
  localDate >= p.firstDay && localDate <= p.lastDay;

/** The local day after `localDate`. */
export function nextDay(localDate: string): string {
  const { y, m, d } = parseDay(localDate);
  return isoDay(Date.UTC(y, m - 1, d + 1));
}

/**
 * The instants where the period starts and ends in the zone, as a half-open range [start, end): `end` is the start
 * of the day after the last day, so queries use `t >= start AND t < end` and lose no sub-second instant.
 */
export function periodInstants(p: Period, zone: LocalTime): { start: Date; end: Date } {
  return { start: zone.startOfDay(p.firstDay), end: zone.startOfDay(nextDay(p.lastDay)) };
}

/** The period of the kind that contains an instant, cut in the zone. */
export const periodOfInstant = (kind: PeriodKind, instant: Date, zone: LocalTime): Period =>
  periodContaining(kind, zone.dayAndHour(instant).date);

/** The months that make up a period, in order (a month gives itself). */
export function monthsOf(p: Period): Period[] {
  const first = (p.index - 1) * MONTHS_PER[p.kind] + 1;
  return Array.from({ length: MONTHS_PER[p.kind] }, (_, i) => makePeriod('month', p.year, first + i));
}

const MONTH_ABBREVIATIONS = ['ene.', 'feb.', 'mar.', 'abr.', 'may.', 'jun.', 'jul.', 'ago.', 'sep.', 'oct.', 'nov.', 'dic.'] as const;

/** A label short enough for a table header: 'mar. 2026', '1er trim. 2026', '2º sem. 2026', '2026'. */
export function shortPeriodLabel(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${MONTH_ABBREVIATIONS[p.index - 1]} ${p.year}`;
    case 'quarter':
      return `${ORDINALS[p.index - 1]} trim. ${p.year}`;
    case 'half':
      return `${ORDINALS[p.index - 1]} sem. ${p.year}`;
    case 'year':
      return String(p.year);
  }
}
