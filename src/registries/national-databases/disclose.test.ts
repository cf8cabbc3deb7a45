import { describe, expect, it } from 'vitest';
import type { DisclosureRules } from '../../reports/types.ts';
import { discloseSupply } from './disclose.ts';
import type { DatabaseIndicators, SupplyIndicators } from './indicators.ts';

const rules: DisclosureRules = { audience: 'restricted', minCount: 3, mapResolution: null, allowPhones: false };
const figures = { complete: 0, completeShare: null, withinDeadline: 0, timelyShare: null, sameDay: 0, sameDayShare: null, medianDelay: null, p90Delay: null };

function database(code: string, kinds: [string, number][]): DatabaseIndicators {
  const volume = kinds.reduce((s, [, n]) => s + n, 0);
  return {
    code,
    name: code,
    shortName: code,
    deadlineDays: 5,
    requiredFields: [],
    ...figures,
    volume,
    previousVolume: 0,
    volumeChange: null,
    byCategory: kinds.map(([k, n]) => ({ code: k, label: k, volume: n, completeShare: 1, timelyShare: 1 })),
    fields: [],
    byMonth: [],
    byMunicipality: [{ code: '20067', name: 'Oaxaca de Juárez', volume }],
  };
}

const supply = (...databases: DatabaseIndicators[]): SupplyIndicators => ({
  period: { key: '2026-03', label: 'marzo de 2026', firstDay: '2026-03-01', lastDay: '2026-03-31', kind: 'month' },
  previous: { key: '2026-02', label: 'febrero de 2026' },
  databases,
  total: { volume: databases.reduce((s, d) => s + d.volume, 0), previousVolume: 0, complete: 0, withinDeadline: 0 },
});

describe('disclosure pass of the Plataforma México statistics', () => {
  it('withdraws the municipalities and suppresses a small kind with a complement, keeping the database volume', () => {
    const out = discloseSupply(supply(database('mandamientos', [['aprehension', 40], ['reaprehension', 1], ['comparecencia', 7]])), rules);
    const x = out.data.databases[0]!;
    expect(x.byMunicipality).toEqual([]);
    expect(x.volume).toBe(48);
    expect(x.byCategory.map((c) => c.volume)).toEqual([40, '*', '*']);
    expect(x.byCategory[1]!.completeShare).toBe('*');
    expect(out.redactions.map((r) => r.field)).toEqual(['national_db.municipality', 'count', 'count', 'count.derived']);
  });

  it('suppresses the whole breakdown when no complement could protect a small kind', () => {
    const x = discloseSupply(supply(database('rnip', [['ingreso', 2], ['egreso', 0]])), rules).data.databases[0]!;
    expect(x.byCategory.map((c) => c.volume)).toEqual(['*', '*']);
  });
});
