// Reading times: the fast path for `…T…±HH:MM` / `…Z` must agree with the general ISO reader, and both refuse
// impossible calendar dates.
import { describe, expect, it } from 'vitest';
import { createNormalizer } from './normalize.ts';
import { referenceLookups } from './lookups.ts';
import { parseProfile } from './profiles.ts';

const profile = parseProfile(
  {
    name: 'prueba',
    label: 'Prueba',
    fields: { folio: { column: 'folio' }, center_code: { value: 'OAX' }, received_at: { column: 'recibido', formats: ['iso'] }, cnie_code: { value: '30503' } },
  },
  'prueba',
);
const { catalogs, geography } = referenceLookups('20');
const normalize = createNormalizer({
  profile,
  catalogs,
  geography,
  centers: new Set(['OAX']),
  timeZone: 'America/Mexico_City',
  now: new Date('2030-01-01T00:00:00Z'),
});
const columns = new Map([['folio', 0], ['recibido', 1]]);
const received = (text: string) => {
  const r = normalize({ values: ['F-1', text], columns });
  return r.ok ? r.incident.received_at.toISOString() : r.reasons.map((x) => x.code).join(',');
};

describe('ISO times', () => {
  it('reads offsets, Z and milliseconds', () => {
    expect(received('2026-03-01T13:05:09-06:00')).toBe('2026-03-01T19:05:09.000Z');
    expect(received('2026-03-01T13:05:09+05:30')).toBe('2026-03-01T07:35:09.000Z');
    expect(received('2026-03-01T13:05:09Z')).toBe('2026-03-01T13:05:09.000Z');
    expect(received('2026-03-01T13:05:09.123Z')).toBe('2026-03-01T13:05:09.123Z');
    expect(received('2026-03-01T13:05:09.5Z')).toBe('2026-03-01T13:05:09.500Z');
    expect(received('2026-03-01T13:05:09.123456-06:00')).toBe('2026-03-01T19:05:09.123Z');
  });

  it('reads wall times without offset in the state zone', () => {
    expect(received('2026-03-01 13:05:09')).toBe('2026-03-01T19:05:09.000Z');
    expect(received('2026-03-01')).toBe('2026-03-01T06:00:00.000Z');
  });

  it('refuses impossible dates and times with or without offset', () => {
    expect(received('2026-02-29T10:00:00-06:00')).toBe('fecha_invalida');
    expect(received('2024-02-29T10:00:00-06:00')).toBe('2024-02-29T16:00:00.000Z');
    expect(received('2026-04-31T10:00:00Z')).toBe('fecha_invalida');
    expect(received('2026-03-01T24:00:00Z')).toBe('fecha_invalida');
    expect(received('2026-13-01T10:00:00-06:00')).toBe('fecha_invalida');
    expect(received('2026-03-01T1a:00:00-06:00')).toBe('fecha_invalida');
    expect(received('2026-02-30 10:00')).toBe('fecha_invalida');
  });
});
