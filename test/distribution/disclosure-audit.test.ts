// The attacker of test/support/disclosure-audit.ts must find what a naive suppression leaks, or the integration
// tests that rely on it to find nothing would prove nothing; and it must find nothing in what the suppression
// of src/analytics/table-suppression.ts publishes for the same tables.
import { describe, expect, it } from 'vitest';
import { CountTables, suppressSmallCounts } from '../../src/analytics/table-suppression.ts';
import { PublishedTables, recoverSuppressed } from '../support/disclosure-audit.ts';

/** A table with margins, shown with `hidden` cells as the mark; also returned as suppression input. */
function table(values: number[][], hidden: Set<string>, extra?: (t: PublishedTables, c: CountTables) => void) {
  const shown = new PublishedTables();
  const counts = new CountTables();
  const both = (id: string, v: number) => {
    counts.cell(id, v);
    shown.figure(id, hidden.has(id) ? '*' : v);
  };
  const sum = (total: string, parts: string[]) => {
    counts.sum(total, parts);
    shown.sum(total, parts);
  };
  values.forEach((row, r) => row.forEach((v, c) => both(`${r}:${c}`, v)));
  values.forEach((row, r) => both(`${r}:*`, row.reduce((a, b) => a + b, 0)));
  values[0]!.forEach((_, c) => both(`*:${c}`, values.reduce((a, row) => a + row[c]!, 0)));
  both('*:*', values.flat().reduce((a, b) => a + b, 0));
  values.forEach((row, r) => sum(`${r}:*`, row.map((_, c) => `${r}:${c}`)));
  values[0]!.forEach((_, c) => sum(`*:${c}`, values.map((_, r) => `${r}:${c}`)));
  sum('*:*', values.map((_, r) => `${r}:*`));
  sum('*:*', values[0]!.map((_, c) => `*:${c}`));
  extra?.(shown, counts);
  return { shown, counts };
}

const V = [
  [2, 40, 55, 31],
  [30, 3, 60, 28],
  [25, 35, 70, 44],
];

describe('the disclosure attacker', () => {
  it('recovers a lone suppressed cell from its row total', () => {
    const { shown } = table(V, new Set(['0:0']));
    expect(recoverSuppressed(shown)).toEqual(new Map([['0:0', 2]]));
  });

  it('recovers two suppressed cells of one row from their columns', () => {
    const { shown } = table(V, new Set(['0:0', '0:3']));
    expect(recoverSuppressed(shown)).toEqual(new Map([['0:0', 2], ['0:3', 31]]));
  });

  it('recovers a cell hidden in one table from a second table that shares its total', () => {
    const { shown } = table(V, new Set(['0:0', '0:*']), (t) => {
      // The same calls of row 0 by channel, with its total printed.
      t.figure('ch:a', 50);
      t.figure('ch:b', 78);
      t.sum('0:*', ['ch:a', 'ch:b']);
    });
    const found = recoverSuppressed(shown);
    expect(found.get('0:0')).toBe(2);
  });

  it('recovers a cell on a bridge between two suppressed blocks through exact elimination', () => {
    const W = [
      [9, 9, 50, 50],
      [9, 9, 3, 50],
      [50, 50, 9, 9],
      [50, 50, 9, 9],
    ];
    const hidden = new Set(['0:0', '0:1', '1:0', '1:1', '1:2', '2:2', '2:3', '3:2', '3:3']);
    const { shown } = table(W, hidden);
    expect(recoverSuppressed(shown)).toEqual(new Map([['1:2', 3]]));
  });

  it('recovers nothing from what the suppression publishes, and the values it finds are always right', () => {
    for (const minCount of [3, 5, 10, 32]) {
      const probe = table(V, new Set());
      const { suppressed } = suppressSmallCounts(probe.counts.input(), { minCount });
      const { shown } = table(V, suppressed);
      expect(recoverSuppressed(shown)).toEqual(new Map());
      // Published with one complement less, a figure comes back, with its true value.
      const fewer = new Set([...suppressed].slice(0, -1));
      const leaked = recoverSuppressed(table(V, fewer).shown);
      if (fewer.size > 0) expect(leaked.size).toBeGreaterThan(0);
      for (const [id, v] of leaked) expect(probe.counts.input().cells.find((c) => c.id === id)!.value).toBe(v);
    }
  });
});
