// Planning of the scheduled generations with fixed dates: which period is due, when, and what gets enqueued.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../analytics/periods.ts';
import { dueDateOf, lastDuePeriod, nextDuePeriod, planScheduledJobs, scheduleState, type SchedulableType } from './scheduler.ts';

const monthly = { periodicity: 'monthly' as const, schedule_day: 5 };

describe('scheduled generation planning', () => {
  it('puts the due date on the schedule day of the month after the period closes', () => {
    expect(dueDateOf(parsePeriod('2026-03'), 5)).toBe('2026-04-05');
    expect(dueDateOf(parsePeriod('2026-12'), 10)).toBe('2027-01-10');
    expect(dueDateOf(parsePeriod('2026-Q1'), 5)).toBe('2026-04-05');
    expect(dueDateOf(parsePeriod('2026-H2'), 1)).toBe('2027-01-01');
  });

  it('takes the last closed period only once its schedule day has come', () => {
    expect(lastDuePeriod(monthly, '2026-04-04')?.key).toBe('2026-02');
    expect(lastDuePeriod(monthly, '2026-04-05')?.key).toBe('2026-03');
    expect(lastDuePeriod(monthly, '2026-01-31')?.key).toBe('2025-12');
    expect(lastDuePeriod({ periodicity: 'quarterly', schedule_day: 5 }, '2026-04-05')?.key).toBe('2026-Q1');
    expect(lastDuePeriod({ periodicity: 'quarterly', schedule_day: 5 }, '2026-04-04')?.key).toBe('2025-Q4');
    expect(lastDuePeriod({ periodicity: 'half_yearly', schedule_day: 15 }, '2026-07-20')?.key).toBe('2026-H1');
    expect(lastDuePeriod({ periodicity: 'on_demand', schedule_day: 5 }, '2026-07-20')).toBeNull();
    expect(nextDuePeriod(monthly, '2026-04-04')?.key).toBe('2026-03');
  });

  it('plans active, built, periodic types without a product', () => {
    const types: SchedulableType[] = [
      { code: 'fese', ...monthly, active: true, built: true },
      { code: 'trimestral', periodicity: 'quarterly', schedule_day: 5, active: true, built: true },
      { code: 'apagado', ...monthly, active: false, built: true },
      { code: 'sin-generador', ...monthly, active: true, built: false },
      { code: 'a-solicitud', periodicity: 'on_demand', schedule_day: 5, active: true, built: true },
      { code: 'ya-generado', ...monthly, active: true, built: true },
    ];
    const plan = planScheduledJobs(types, '2026-04-06', (type, period) => type === 'ya-generado' && period === '2026-03');
    expect(plan).toEqual([
      { type: 'fese', period: '2026-03' },
      { type: 'trimestral', period: '2026-Q1' },
    ]);
  });

  it('names the state of a due period', () => {
    const base = { todayLocal: '2026-04-06', dueDate: '2026-04-05', hasProduct: false, jobStatus: null };
    expect(scheduleState(base)).toBe('pendiente');
    expect(scheduleState({ ...base, hasProduct: true, jobStatus: 'failed' })).toBe('al día');
    expect(scheduleState({ ...base, jobStatus: 'failed' })).toBe('fallido');
    expect(scheduleState({ ...base, todayLocal: '2026-04-08' })).toBe('pendiente');
    expect(scheduleState({ ...base, todayLocal: '2026-04-09' })).toBe('atrasado');
  });
});
