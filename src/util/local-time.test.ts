import { describe, expect, it } from 'vitest';
import { LocalTime, compileWallTimeFormat } from './local-time.ts';

describe('LocalTime', () => {
  const mx = new LocalTime('America/Mexico_City');

  it('converts wall time to instant with the zone offset (no DST since 2022)', () => {
    expect(mx.toInstant(2026, 3, 15, 23, 30)?.toISOString()).toBe('2026-03-16T05:30:00.000Z');
    expect(mx.toInstant(2026, 7, 1, 0, 0)?.toISOString()).toBe('2026-07-01T06:00:00.000Z');
  });

  it('applied daylight saving time before 2023', () => {
    expect(mx.toInstant(2021, 7, 1, 0, 0)?.toISOString()).toBe('2021-07-01T05:00:00.000Z');
  });

  it('rejects impossible calendar dates', () => {
    expect(mx.toInstant(2026, 2, 30)).toBeNull();
    expect(mx.toInstant(2026, 13, 1)).toBeNull();
    expect(mx.toInstant(2026, 1, 1, 24)).toBeNull();
  });

  it('gives the local day and hour of an instant', () => {
    expect(mx.dayAndHour(new Date('2026-04-01T05:59:59Z'))).toEqual({ date: '2026-03-31', hour: 23 });
    expect(mx.dayAndHour(new Date('2026-04-01T06:00:00Z'))).toEqual({ date: '2026-04-01', hour: 0 });
  });

  it('uses the configured zone (Tijuana keeps DST)', () => {
    const tj = new LocalTime('America/Tijuana');
    expect(tj.toInstant(2026, 7, 1, 12)?.toISOString()).toBe('2026-07-01T19:00:00.000Z');
  });
});

describe('compileWallTimeFormat', () => {
  it('parses day-first dates with optional seconds', () => {
    const p = compileWallTimeFormat('dd/MM/yyyy HH:mm[:ss]');
    expect(p('05/03/2026 07:08:09')).toEqual([2026, 3, 5, 7, 8, 9, 0]);
    expect(p('5/3/2026 7:08')).toEqual([2026, 3, 5, 7, 8, 0, 0]);
    expect(p('2026-03-05')).toBeNull();
  });

  it('parses ISO-like local timestamps with fractions', () => {
    const p = compileWallTimeFormat("yyyy-MM-dd'T'HH:mm:ss[.SSS]".replace(/'/g, ''));
    expect(p('2026-03-05T07:08:09.5')).toEqual([2026, 3, 5, 7, 8, 9, 500]);
  });
});
