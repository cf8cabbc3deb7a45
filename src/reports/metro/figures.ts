// The arithmetic of the report: rates per 100,000 inhabitants, percent changes and rankings. Pure.
import type { Suppressed } from '../types.ts';

/**
 * A count with its comparisons. Null means «no data» (the source has not published the period), never zero. S is
 * the mark of a suppressed figure: never in the figures computed here, Suppressed in a released version.
 */
export interface Figures<S extends Suppressed = never> {
  count: number | null | S;
  previous: number | null | S;
  lastYear: number | null | S;
  /** Per 100,000 inhabitants of the period's year (CONAPO), two decimals; null without count or population. */
  rate: number | null | S;
  ratePrevious: number | null | S;
  rateLastYear: number | null | S;
  /** (count − base) / base, four decimals; null when either is missing or the base is zero («n.a.»). */
  changePrevious: number | null | S;
  changeLastYear: number | null | S;
}

export interface Populations {
  current: number | null;
  previous: number | null;
  lastYear: number | null;
}

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

export function ratePer100k(count: number | null, population: number | null): number | null {
  return count === null || !population ? null : round((count * 100_000) / population, 2);
}

export function percentChange(current: number | null, base: number | null): number | null {
  return current === null || base === null || base === 0 ? null : round((current - base) / base, 4);
}

export function figures(count: number | null, previous: number | null, lastYear: number | null, pop: Populations): Figures {
  return {
    count,
    previous,
    lastYear,
    rate: ratePer100k(count, pop.current),
    ratePrevious: ratePer100k(previous, pop.previous),
    rateLastYear: ratePer100k(lastYear, pop.lastYear),
    changePrevious: percentChange(count, previous),
    changeLastYear: percentChange(count, lastYear),
  };
}

/** Adds numbers where all are known; null as soon as one is missing (a partial sum would pass for a total). */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  let s = 0;
  for (const v of values) {
    if (v === null) return null;
    s += v;
  }
  return s;
}

/**
 * Ranks by rate, highest first (1 = highest); equal rates share a rank (1, 2, 2, 4). Items without a rate get null.
 * Returned in the input order.
 */
export function rankByRate(rates: readonly (number | null)[]): (number | null)[] {
  const known = rates.filter((r): r is number => r !== null);
  return rates.map((r) => (r === null ? null : 1 + known.filter((k) => k > r).length));
}
