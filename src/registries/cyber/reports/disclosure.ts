// The disclosure pass of the quarterly cyber statistics to the CNI («ciberincidentes-cni»). The external view is
// built from aggregates only (no folio, reference or victim datum reaches it); this pass suppresses its small counts
// with the general table suppression (analytics/table-suppression.ts), over the sums a reader can check:
//   - every breakdown table (by type, month, channel, platform, sex, age, status, municipality) adds up, column by
//     column, to the period's total of the summary — one shared total per measure, so that two breakdowns cannot be
//     differenced against each other;
//   - the alerts by hotline add up to the alerts received;
//   - an indicator adds up over its months, and, when it counts every victim, over the types it is made of;
//   - sums of money are cells too, tied by the same sums: one is suppressed when fewer than minCount incidents record
//     an amount (forced), and complements protect it like any count.
// Withheld values are null in the view and «*» in the files.
import { CountTables, suppressSmallCounts } from '../../../analytics/table-suppression.ts';
import { RedactionList, derivedWhy, tableMethodology } from '../../../reports/disclosure.ts';
import type { Disclosed, DisclosureRules } from '../../../reports/types.ts';
import type { Cell, CyberReportView, ViewTable } from './view.ts';

/** How a withheld figure is written in the files. */
export const SUPPRESSED_MARK = '*';

/** Tables whose columns add up to the period's totals of the summary. */
const isStateTable = (t: ViewTable) => t.id !== 'Alertas';
const cents = (v: number) => Math.round(v * 100);

export function discloseCyber(view: CyberReportView, rules: DisclosureRules): Disclosed<CyberReportView> {
  const min = rules.minCount;
  const t = new CountTables();
  const smallBasis = (basis: Cell) => basis !== null && basis > 0 && basis < min;
  const put = (id: string, v: Cell, money = false, basis: Cell = null) => {
    if (v === null) return undefined;
    return money ? t.cell(id, cents(v), { force: smallBasis(basis) }) : t.cell(id, v);
  };
  const totalId = (table: ViewTable, measure: string) => (isStateTable(table) ? `total|${measure}` : `${table.id}|${measure}|total`);
  const rowId = (table: ViewTable, measure: string, key: string) => `${table.id}|${measure}|${key}`;
  const summaryId = (key: string) => (key === 'alerts' ? 'Alertas|incidents|total' : `total|${key}`);

  for (const r of view.summary) {
    put(summaryId(r.key), r.value, r.money, r.basis ?? null);
    if (r.key !== 'alerts') put(`previous|${r.key}`, r.previous, r.money, r.previousBasis ?? null);
  }
  for (const table of view.tables) {
    for (const c of table.columns) {
      put(totalId(table, c.key), table.total[c.key] ?? null, c.money, table.total.withAmount ?? null);
      const parts = table.rows.map((r) => put(rowId(table, c.key, r.key), r.values[c.key] ?? null, c.money, r.values.withAmount ?? null)).filter((id): id is string => id !== undefined);
      t.sum(totalId(table, c.key), parts);
    }
  }
  const types = view.tables.find((x) => x.id === 'Tipos');
  for (const i of view.indicators) {
    const id = (m: string) => `indicador|${i.code}|${m}`;
    put(id('incidents'), i.incidents);
    put(id('previous'), i.previous);
    put(id('referred'), i.referred);
    put(id('amountLost'), i.amountLost, true, i.withAmount);
    t.sum(id('incidents'), i.months.map((v, m) => put(id(`month|${m}`), v)).filter((x): x is string => x !== undefined));
    if (types && i.types) {
      for (const m of ['incidents', 'referred', 'amountLost']) {
        if (!types.columns.some((c) => c.key === m)) continue;
        t.sum(id(m), i.types.filter((k) => types.rows.some((r) => r.key === k)).map((k) => rowId(types, m, k)));
      }
    }
  }

  const result = suppressSmallCounts(t.input(), { minCount: min });
  const hidden = (id: string) => result.suppressed.has(id);
  const redactions = new RedactionList();
  const shown = (id: string, v: Cell, where: string, item: string): Cell => {
    if (v === null || !hidden(id)) return v;
    redactions.count(where, item, min, 'Incidentes cibernéticos');
    return null;
  };
  const label = view.period.label;

  const summary = view.summary.map((r) => ({
    ...r,
    value: shown(summaryId(r.key), r.value, `Resumen · ${label}`, r.label),
    previous: r.key === 'alerts' ? r.previous : shown(`previous|${r.key}`, r.previous, `Resumen · ${view.previous.label}`, r.label),
  }));
  const tables = view.tables.map((table) => ({
    ...table,
    rows: table.rows.map((r) => ({
      ...r,
      values: Object.fromEntries(table.columns.map((c) => [c.key, shown(rowId(table, c.key, r.key), r.values[c.key] ?? null, `${table.title} · ${label}`, `${r.label} · ${c.header}`)])),
    })),
    total: Object.fromEntries(table.columns.map((c) => [c.key, shown(totalId(table, c.key), table.total[c.key] ?? null, `${table.title} · ${label}`, `Total · ${c.header}`)])),
  }));
  const indicators = view.indicators.map((i) => {
    const id = (m: string) => `indicador|${i.code}|${m}`;
    const where = `Indicador «${i.label}»`;
    return {
      ...i,
      incidents: shown(id('incidents'), i.incidents, `${where} · ${label}`, 'Incidentes'),
      previous: shown(id('previous'), i.previous, `${where} · ${view.previous.label}`, 'Incidentes'),
      referred: shown(id('referred'), i.referred, `${where} · ${label}`, 'Canalizados a la Fiscalía'),
      amountLost: shown(id('amountLost'), i.amountLost, `${where} · ${label}`, 'Monto perdido'),
      months: i.months.map((v, m) => shown(id(`month|${m}`), v, where, view.months[m]?.label ?? String(m + 1))),
    };
  });
  if (result.suppressed.size > 0) {
    redactions.add({ field: 'count.derived', action: 'suprimido', what: 'Variaciones porcentuales', where: 'Resumen e indicadores', item: 'de las cifras suprimidas', why: derivedWhy });
  }
  return {
    data: { ...view, summary, tables, indicators, minCount: min },
    redactions: redactions.items,
    methodology: [
      ...tableMethodology(rules, result, t.input().cells.length),
      `Un monto perdido se publica solo si lo registran al menos ${min} incidentes; los montos se protegen con las mismas sumas que los conteos.`,
    ],
  };
}
