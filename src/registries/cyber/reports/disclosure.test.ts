import { describe, expect, it } from 'vitest';
import type { DisclosureRules } from '../../../reports/types.ts';
import { discloseCyber } from './disclosure.ts';
import type { CyberReportView, ViewTable } from './view.ts';

const rules: DisclosureRules = { audience: 'restricted', minCount: 5, mapResolution: null, allowPhones: false };

function table(id: string, rows: [string, number][], total: number): ViewTable {
  return {
    id,
    title: id,
    keyHeader: id,
    columns: [{ key: 'incidents', header: 'Incidentes', short: 'Incidentes' }],
    rows: rows.map(([key, n]) => ({ key, label: key, values: { incidents: n } })),
    total: { incidents: total },
  };
}

function view(tables: ViewTable[], total: number, indicators: CyberReportView['indicators'] = []): CyberReportView {
  return {
    kind: 'external',
    period: { key: '2025-Q4', label: '4.º trimestre de 2025', kind: 'quarter', firstDay: '2025-10-01', lastDay: '2025-12-31' },
    previous: { key: '2025-Q3', label: '3.er trimestre de 2025' },
    months: [],
    summary: [{ key: 'incidents', label: 'Incidentes registrados', value: total, previous: 40 }],
    indicators,
    tables,
    notes: [],
    minCount: null,
  };
}

const cell = (v: CyberReportView, id: string, key: string) => v.tables.find((t) => t.id === id)!.rows.find((r) => r.key === key)!.values.incidents;

describe('disclosure pass of the cyber statistics to the CNI', () => {
  it('withholds a small count and a complement, so that the total does not give it back', () => {
    const out = discloseCyber(view([table('Tipos', [['fraude', 40], ['amenazas', 3], ['sextorsion', 12], ['otros', 0]], 55)], 55), rules);
    expect(cell(out.data, 'Tipos', 'amenazas')).toBeNull();
    expect(cell(out.data, 'Tipos', 'sextorsion')).toBeNull();
    expect(cell(out.data, 'Tipos', 'otros')).toBe(0);
    expect(out.data.summary[0]!.value).toBe(55);
    expect(out.data.minCount).toBe(5);
    expect(out.redactions.filter((r) => r.field === 'count')).toHaveLength(2);
  });

  it('does not leak a type through an indicator made of types, which a per-table rule would', () => {
    // Per table, withholding «amenazas» (3) and the next smallest («sextorsion», 12) looks safe; but the indicator
    // «amenazas + fraude» is 43 and fraude is 40: a reader gets amenazas = 3 back.
    const indicator = { code: 'monetizables', label: 'Monetizables', description: '', incidents: 43, previous: 20, women: null, referred: null, amountLost: null, withAmount: null, months: [], types: ['fraude', 'amenazas'] };
    const out = discloseCyber(view([table('Tipos', [['fraude', 40], ['amenazas', 3], ['sextorsion', 12]], 55)], 55, [indicator]), rules);
    const fraude = cell(out.data, 'Tipos', 'fraude');
    const published = out.data.indicators[0]!.incidents;
    expect(cell(out.data, 'Tipos', 'amenazas')).toBeNull();
    expect(fraude === null || published === null).toBe(true);
  });

  it('withholds a sum of money that rests on fewer incidents than the minimum, and protects it in its total', () => {
    const money: ViewTable = {
      id: 'Tipos',
      title: 'Tipos',
      keyHeader: 'Tipo',
      columns: [
        { key: 'incidents', header: 'Incidentes', short: 'Incidentes' },
        { key: 'amountLost', header: 'Monto', short: 'Monto', money: true },
      ],
      rows: [
        { key: 'fraude', label: 'fraude', values: { incidents: 30, amountLost: 150_000.5, withAmount: 20 } },
        { key: 'phishing', label: 'phishing', values: { incidents: 25, amountLost: 9_000, withAmount: 2 } },
      ],
      total: { incidents: 55, amountLost: 159_000.5, withAmount: 22 },
    };
    const out = discloseCyber(view([money], 55), rules);
    const rows = out.data.tables[0]!.rows;
    expect(rows[1]!.values.amountLost).toBeNull();
    expect(rows[0]!.values.amountLost === null || out.data.tables[0]!.total.amountLost === null).toBe(true);
    expect(rows[0]!.values.incidents).toBe(30);
    // The basis of a sum of money is not published.
    expect(rows.every((r) => !('withAmount' in r.values))).toBe(true);
  });
});
