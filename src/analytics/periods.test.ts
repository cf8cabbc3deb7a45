import { describe, expect, it } from 'vitest';
import { LocalTime } from '../util/local-time.ts';
import {
  PeriodError,
  lastClosedPeriod,
  makePeriod,
  monthsOf,
  nextPeriod,
  parsePeriod,
  periodContaining,
  periodDays,
  periodIncludes,
  periodInstants,
  periodOfInstant,
  previousPeriod,
  samePeriodLastYear,
  shortPeriodLabel,
} from './periods.ts';

describe('parsePeriod', () => {
  it('parses each kind with its days and Spanish label', () => {
    expect(parsePeriod('2026-03')).toEqual({
      kind: 'month', key: '2026-03', year: 2026, index: 3,
      firstDay: '2026-03-01', lastDay: '2026-03-31', label: 'marzo de 2026',
    });
    expect(parsePeriod('2026-Q1')).toMatchObject({
      kind: 'quarter', key: '2026-Q1', firstDay: '2026-01-01', lastDay: '2026-03-31', label: '1er trimestre de 2026',
    });
    expect(parsePeriod('2026-Q4')).toMatchObject({ firstDay: '2026-10-01', lastDay: '2026-12-31', label: '4º trimestre de 2026' });
    expect(parsePeriod('2026-H1')).toMatchObject({
      kind: 'half', firstDay: '2026-01-01', lastDay: '2026-06-30', label: '1er semestre de 2026',
    });
    expect(parsePeriod('2026-H2')).toMatchObject({ firstDay: '2026-07-01', lastDay: '2026-12-31', label: '2º semestre de 2026' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', firstDay: '2026-01-01', lastDay: '2026-12-31', label: '2026' });
  });

  it('accepts lower case, one-digit months and the Spanish letters T and S, returning canonical keys', () => {
    expect(parsePeriod('2026-q2').key).toBe('2026-Q2');
    expect(parsePeriod('2026-T3').key).toBe('2026-Q3');
    expect(parsePeriod('2026-s2').key).toBe('2026-H2');
    expect(parsePeriod(' 2026-3 ').key).toBe('2026-03');
  });

  it('explains bad keys in Spanish', () => {
    expect(() => parsePeriod('2026-13')).toThrow(PeriodError);
    expect(() => parsePeriod('2026-13')).toThrow('el mes debe ir de 01 a 12');
    expect(() => parsePeriod('2026-00')).toThrow('el mes debe ir de 01 a 12');
    expect(() => parsePeriod('2026-Q5')).toThrow('el trimestre debe ir de Q1 a Q4');
    expect(() => parsePeriod('2026-Q0')).toThrow('el trimestre debe ir de Q1 a Q4');
    expect(() => parsePeriod('2026-H3')).toThrow('el semestre debe ser H1 o H2');
    expect(() => parsePeriod('marzo')).toThrow('Periodo «marzo» no reconocido: use 2026-03 (mes)');
    expect(() => parsePeriod('26-03')).toThrow(PeriodError);
  });

  it('handles February in leap and common years', () => {
    expect(parsePeriod('2024-02').lastDay).toBe('2024-02-29');
    expect(parsePeriod('2026-02').lastDay).toBe('2026-02-28');
    expect(parsePeriod('2000-02').lastDay).toBe('2000-02-29');
    expect(parsePeriod('2100-02').lastDay).toBe('2100-02-28');
    expect(periodDays(parsePeriod('2024-02'))).toBe(29);
    expect(periodDays(parsePeriod('2024'))).toBe(366);
    expect(periodDays(parsePeriod('2026'))).toBe(365);
    expect(periodDays(parsePeriod('2024-Q1'))).toBe(91);
    expect(periodDays(parsePeriod('2026-Q1'))).toBe(90);
    expect(periodDays(parsePeriod('2026-H2'))).toBe(184);
  });
});

describe('period arithmetic', () => {
  it('steps back across year boundaries', () => {
    expect(previousPeriod(parsePeriod('2026-01')).key).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')).key).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-H1')).key).toBe('2025-H2');
    expect(previousPeriod(parsePeriod('2026')).key).toBe('2025');
    expect(nextPeriod(parsePeriod('2026-12')).key).toBe('2027-01');
    expect(previousPeriod(parsePeriod('2026-Q3')).key).toBe('2026-Q2');
  });

  it('finds the same period a year earlier, including the leap February', () => {
    expect(samePeriodLastYear(parsePeriod('2026-03')).key).toBe('2025-03');
    expect(samePeriodLastYear(parsePeriod('2026-Q2')).key).toBe('2025-Q2');
    const feb = samePeriodLastYear(parsePeriod('2025-02'));
    expect([feb.key, feb.lastDay]).toEqual(['2024-02', '2024-02-29']);
  });

  it('finds the period containing a day and the last closed one', () => {
    expect(periodContaining('month', '2026-03-31').key).toBe('2026-03');
    expect(periodContaining('quarter', '2026-04-01').key).toBe('2026-Q2');
    expect(periodContaining('half', '2026-06-30').key).toBe('2026-H1');
    expect(periodContaining('half', '2026-07-01').key).toBe('2026-H2');
    expect(periodContaining('year', '2026-07-01').key).toBe('2026');
    expect(lastClosedPeriod('month', '2026-04-01').key).toBe('2026-03');
    expect(lastClosedPeriod('month', '2026-03-31').key).toBe('2026-02');
    expect(lastClosedPeriod('quarter', '2026-01-15').key).toBe('2025-Q4');
    expect(lastClosedPeriod('half', '2026-07-01').key).toBe('2026-H1');
    expect(lastClosedPeriod('year', '2026-05-05').key).toBe('2025');
    expect(() => periodContaining('month', '2026-02-30')).toThrow('Fecha «2026-02-30» inválida');
    expect(periodContaining('month', '2024-02-29').key).toBe('2024-02');
  });

  it('lists the months of a period and tests membership', () => {
    expect(monthsOf(parsePeriod('2026-Q2')).map((m) => m.key)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(monthsOf(parsePeriod('2026')).length).toBe(12);
    expect(periodIncludes(parsePeriod('2026-Q1'), '2026-03-31')).toBe(true);
    expect(periodIncludes(parsePeriod('2026-Q1'), '2026-04-01')).toBe(false);
  });

  it('gives short labels for table headers', () => {
    expect(['2026-03', '2025-12', '2026-Q1', '2026-Q2', '2026-H2', '2026'].map((k) => shortPeriodLabel(parsePeriod(k)))).toEqual([
      'mar. 2026', 'dic. 2025', '1er trim. 2026', '2º trim. 2026', '2º sem. 2026', '2026',
    ]);
  });

  it('rejects out-of-range positions', () => {
    expect(() => makePeriod('quarter', 2026, 5)).toThrow(PeriodError);
    expect(() => makePeriod('month', 2026, 0)).toThrow(PeriodError);
  });
});

describe('periods in the state time zone', () => {
  const mx = new LocalTime('America/Mexico_City');

  it('cuts months at local midnight (UTC-6 since 2022)', () => {
    const march = parsePeriod('2026-03');
    const { start, end } = periodInstants(march, mx);
    expect(start.toISOString()).toBe('2026-03-01T06:00:00.000Z');
    expect(end.toISOString()).toBe('2026-04-01T06:00:00.000Z');
    // Already April in UTC, still the evening of 31 March in Mexico City.
    expect(periodOfInstant('month', new Date('2026-04-01T05:30:00Z'), mx).key).toBe('2026-03');
    expect(periodOfInstant('month', new Date('2026-04-01T06:00:00Z'), mx).key).toBe('2026-04');
    expect(periodOfInstant('quarter', new Date('2026-04-01T05:59:59.999Z'), mx).key).toBe('2026-Q1');
  });

  it('follows daylight saving time in zones that keep it', () => {
    const tj = new LocalTime('America/Tijuana');
    const { start, end } = periodInstants(parsePeriod('2026-H1'), tj);
    expect(start.toISOString()).toBe('2026-01-01T08:00:00.000Z'); // PST, UTC-8
    expect(end.toISOString()).toBe('2026-07-01T07:00:00.000Z'); // PDT, UTC-7
  });
});
