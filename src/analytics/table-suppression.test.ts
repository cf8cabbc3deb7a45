import { describe, expect, it } from 'vitest';
import { CountTables, SuppressionError, exposedCells, suppressSmallCounts, type SuppressionInput } from './table-suppression.ts';

/** A table with row totals, column totals and the grand total; ids are `${name}:r:c`, '*' for a margin. */
function grid(t: CountTables, name: string, values: number[][], margins: { grand?: string; rows?: string[]; cols?: string[] } = {}) {
  const rows = values.length;
  const cols = values[0]!.length;
  const id = (r: number | '*', c: number | '*') => `${name}:${r}:${c}`;
  const rowTotal = (r: number) => margins.rows?.[r] ?? id(r, '*');
  const colTotal = (c: number) => margins.cols?.[c] ?? id('*', c);
  const grand = margins.grand ?? id('*', '*');
  let all = 0;
  for (let r = 0; r < rows; r++) {
    const sum = values[r]!.reduce((a, b) => a + b, 0);
    all += sum;
    values[r]!.forEach((v, c) => t.cell(id(r, c), v));
    t.cell(rowTotal(r), sum);
    t.sum(rowTotal(r), values[r]!.map((_, c) => id(r, c)));
  }
  for (let c = 0; c < cols; c++) {
    t.cell(colTotal(c), values.reduce((a, row) => a + row[c]!, 0));
    t.sum(colTotal(c), values.map((_, r) => id(r, c)));
  }
  t.cell(grand, all);
  t.sum(grand, values.map((_, r) => rowTotal(r)));
  t.sum(grand, values[0]!.map((_, c) => colTotal(c)));
  return { id, rowTotal, colTotal, grand };
}

/** Only the small cells, as a naive suppression would leave it. */
const primaryOnly = (input: SuppressionInput, minCount: number) =>
  new Set(input.cells.filter((c) => c.value > 0 && c.value < minCount).map((c) => c.id));

/** Each sum protected on its own: the usual "every line with one suppressed cell gets another" rule, run once per line. */
function lineByLine(input: SuppressionInput, minCount: number, sums = input.sums) {
  const suppressed = primaryOnly(input, minCount);
  const value = new Map(input.cells.map((c) => [c.id, c.value]));
  for (const s of sums) {
    const members = [s.total, ...s.parts];
    if (members.filter((m) => suppressed.has(m)).length !== 1) continue;
    const pick = members.filter((m) => !suppressed.has(m) && value.get(m)! > 0).sort((a, b) => value.get(a)! - value.get(b)!)[0];
    if (pick) suppressed.add(pick);
  }
  return suppressed;
}

describe('small-count suppression with complementary suppression', () => {
  it('protects a lone small cell that its row total would give back', () => {
    const t = new CountTables();
    const g = grid(t, 'a', [
      [2, 40, 55],
      [30, 41, 60],
      [25, 35, 70],
    ]);
    const input = t.input();
    // Naive: the 2 is hidden but the row total minus the other two cells is 2.
    expect(exposedCells(input, primaryOnly(input, 5))).toEqual([g.id(0, 0)]);
    const { suppressed, primary } = suppressSmallCounts(input, { minCount: 5 });
    expect(primary).toEqual(new Set([g.id(0, 0)]));
    expect(exposedCells(input, suppressed)).toEqual([]);
    // The complements are the smallest other figures of its row and column, and a fourth closes the rectangle.
    expect(suppressed).toEqual(new Set([g.id(0, 0), g.id(0, 1), g.id(2, 0), g.id(2, 1)]));
  });

  it('protects two small cells of one row that their column totals would give back', () => {
    const t = new CountTables();
    const g = grid(t, 'b', [
      [1, 3, 50, 60],
      [20, 30, 40, 45],
      [22, 31, 42, 47],
    ]);
    const input = t.input();
    // The row is safe by itself (two unknowns), but each cell is alone in its column.
    const rowsOnly = lineByLine(input, 5, input.sums.filter((s) => s.total.endsWith(':*') && !s.total.startsWith('b:*')));
    expect(rowsOnly).toEqual(new Set([g.id(0, 0), g.id(0, 1)]));
    expect(exposedCells(input, rowsOnly).sort()).toEqual([g.id(0, 0), g.id(0, 1)]);
    const { suppressed } = suppressSmallCounts(input, { minCount: 5 });
    expect(exposedCells(input, suppressed)).toEqual([]);
    expect(suppressed.has(g.id(1, 0)) || suppressed.has(g.id(2, 0))).toBe(true);
  });

  it('protects a cell that differencing two tables sharing a margin would give back', () => {
    // The same calls by municipality and by type: both tables end in the same grand total.
    const t = new CountTables();
    for (const [m, n] of [['m1', 2], ['m2', 30], ['m3', 68]] as const) t.cell(m, n);
    for (const [k, n] of [['t1', 45], ['t2', 55]] as const) t.cell(k, n);
    t.cell('total', 100);
    t.sum('total', ['m1', 'm2', 'm3']);
    t.sum('total', ['t1', 't2']);
    const input = t.input();
    // Protected table by table, with the total itself as the complement of m1 in the municipal table: the type
    // table still prints the total, so m1 = total − m2 − m3.
    const perTable = new Set(['m1', 'total']);
    expect(exposedCells({ ...input, sums: [input.sums[0]!] }, perTable)).toEqual([]);
    expect(exposedCells(input, perTable)).toEqual(['m1', 'total']);
    const { suppressed } = suppressSmallCounts(input, { minCount: 5 });
    expect(exposedCells(input, suppressed)).toEqual([]);
    expect(suppressed).toEqual(new Set(['m1', 'm2']));
  });

  it('protects a cell that sits on a bridge between two protected blocks, which the line rule alone misses', () => {
    const t = new CountTables();
    const g = grid(t, 'c', [
      [9, 9, 50, 50],
      [9, 9, 3, 50],
      [50, 50, 9, 9],
      [50, 50, 9, 9],
    ]);
    const input = t.input();
    // Every row and column has 0 or at least 2 suppressed cells, yet rows 0 + 1 − columns 0 + 1 give c:1:2 = 3.
    const blocks = new Set([g.id(0, 0), g.id(0, 1), g.id(1, 0), g.id(1, 1), g.id(1, 2), g.id(2, 2), g.id(2, 3), g.id(3, 2), g.id(3, 3)]);
    expect(exposedCells(input, blocks)).toEqual([g.id(1, 2)]);
    // With the 9s at the threshold the same shape is what suppression starts from.
    const { suppressed } = suppressSmallCounts(input, { minCount: 10 });
    expect(exposedCells(input, suppressed)).toEqual([]);
  });

  it('suppresses a small margin total and keeps it from being recomputed from its parts or the other totals', () => {
    const t = new CountTables();
    const g = grid(t, 'd', [
      [1, 2, 0],
      [20, 30, 25],
      [15, 33, 40],
    ]);
    const input = t.input();
    const { suppressed, primary } = suppressSmallCounts(input, { minCount: 5 });
    expect(primary).toEqual(new Set([g.id(0, 0), g.id(0, 1), g.rowTotal(0)]));
    expect(exposedCells(input, suppressed)).toEqual([]);
    // The grand total minus the other row totals would give the small row total: another row total goes too.
    expect(suppressed.has(g.rowTotal(1)) || suppressed.has(g.rowTotal(2))).toBe(true);
    // Zeros are published and never chosen while a non-zero figure can protect.
    expect(suppressed.has(g.id(0, 2))).toBe(false);
  });

  it('sees through non-negativity: suppressed cells of a line whose other figures already add up are zero', () => {
    const t = new CountTables();
    t.cell('a', 0);
    t.cell('b', 0);
    t.cell('c', 7);
    t.cell('row', 7);
    t.sum('row', ['a', 'b', 'c']);
    expect(exposedCells(t.input(), new Set(['a', 'b']))).toEqual(['a', 'b']);
  });

  it('publishes public-source cells as they are and refuses a table that cannot be protected', () => {
    const t = new CountTables();
    t.cell('x', 2);
    t.cell('y', 50, { fixed: true });
    t.cell('total', 52, { fixed: true });
    t.sum('total', ['x', 'y']);
    expect(() => suppressSmallCounts(t.input(), { minCount: 5 })).toThrow(SuppressionError);
    const u = new CountTables();
    u.cell('x', 20, { fixed: true });
    u.cell('y', 2, { fixed: true });
    u.cell('total', 22, { fixed: true });
    u.sum('total', ['x', 'y']);
    expect(suppressSmallCounts(u.input(), { minCount: 5 }).suppressed.size).toBe(0);
  });

  it('suppresses forced cells and protects them like small ones', () => {
    const t = new CountTables();
    grid(t, 'e', [
      [40, 50],
      [60, 70],
    ]);
    t.cell('e:0:0', 40, { force: true });
    const { suppressed } = suppressSmallCounts(t.input(), { minCount: 5 });
    expect(suppressed).toEqual(new Set(['e:0:0', 'e:0:1', 'e:1:0', 'e:1:1']));
    expect(exposedCells(t.input(), suppressed)).toEqual([]);
  });

  it('refuses inconsistent sums and one cell with two values, which are bugs of the caller', () => {
    const t = new CountTables();
    t.cell('a', 1);
    t.cell('total', 5);
    t.sum('total', ['a']);
    expect(() => suppressSmallCounts(t.input(), { minCount: 3 })).toThrow(/no cuadra/);
    expect(() => t.cell('a', 2)).toThrow(/dos valores/);
  });

  it('is deterministic and handles a large table quickly', () => {
    const rows = 120;
    const cols = 30;
    // A pseudo-random table with many small cells.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rand() < 0.5 ? Math.floor(rand() * 6) : Math.floor(rand() * 60))));
    const build = () => {
      const t = new CountTables();
      grid(t, 'f', values);
      return t.input();
    };
    const started = Date.now();
    const a = suppressSmallCounts(build(), { minCount: 5 });
    const elapsed = Date.now() - started;
    const b = suppressSmallCounts(build(), { minCount: 5 });
    expect([...a.suppressed]).toEqual([...b.suppressed]);
    expect(exposedCells(build(), a.suppressed)).toEqual([]);
    expect(elapsed).toBeLessThan(10_000);
  });
});
