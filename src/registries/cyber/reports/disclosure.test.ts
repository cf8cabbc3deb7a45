import { describe, expect, it } from 'vitest';
import { MIN_COUNT, checkProtected, protectColumn, protectFigure } from './disclosure.ts';

describe('small-count protection of the external cyber statistics', () => {
  it('withholds small counts and one more when a single one would be recoverable', () => {
    expect(MIN_COUNT).toBe(5);
    expect(protectColumn([40, 3, 12, 0], 55)).toEqual({ cells: [40, null, null, 0], total: 55 });
    expect(protectColumn([40, 3, 2, 0], 45)).toEqual({ cells: [40, null, null, 0], total: 45 });
    expect(protectColumn([40, 7, 12, 0], 59)).toEqual({ cells: [40, 7, 12, 0], total: 59 });
    // Nothing else to withhold: the total goes.
    expect(protectColumn([3, 0, 0], 3)).toEqual({ cells: [null, 0, 0], total: null });
    expect(protectColumn([3, 0], 30)).toEqual({ cells: [null, 0], total: null });
  });

  it('protects money on the incidents that record it', () => {
    expect(protectColumn([1000, 250, 80], 1330, { basis: [10, 2, 6], totalBasis: 18 })).toEqual({ cells: [1000, null, null], total: 1330 });
    expect(protectFigure(9000, 4)).toBeNull();
    expect(protectFigure(0)).toBe(0);
  });

  it('finds what a careless table would leak', () => {
    const bad = checkProtected([{ name: 'tipos', cells: [40, null, 12], total: 55 }, { name: 'sexo', cells: [2, 53], total: 55 }], { tipos: [{ folio: 'PC-2026-00001' }] });
    expect(bad.ok).toBe(false);
    expect(bad.violations.join(' ')).toMatch(/tipos: una sola cifra reservada/);
    expect(bad.violations.join(' ')).toMatch(/sexo\[0\]: cifra 2/);
    expect(bad.violations.join(' ')).toMatch(/folio: dato que identifica un caso/);
    expect(checkProtected([{ name: 'tipos', cells: [40, null, null], total: 55 }], { a: 1 }).ok).toBe(true);
  });
});
