import { describe, expect, it } from 'vitest';
import { figures, percentChange, rankByRate, ratePer100k, sumOrNull } from './figures.ts';

describe('metro report arithmetic', () => {
  it('gives rates per 100,000 and changes, null without data or from zero', () => {
    expect(ratePer100k(25, 287_482)).toBe(8.7);
    expect(ratePer100k(3, null)).toBeNull();
    expect(ratePer100k(null, 1000)).toBeNull();
    expect(percentChange(12, 8)).toBe(0.5);
    expect(percentChange(2, 0)).toBeNull();
    expect(percentChange(0, 4)).toBe(-1);
    expect(percentChange(5, null)).toBeNull();
    expect(figures(10, 8, null, { current: 50_000, previous: 50_000, lastYear: 49_000 })).toEqual({
      count: 10, previous: 8, lastYear: null, rate: 20, ratePrevious: 16, rateLastYear: null, changePrevious: 0.25, changeLastYear: null,
    });
  });

  it('ranks by rate with shared places for ties and none without a rate', () => {
    expect(rankByRate([10, 30, null, 30, 5])).toEqual([3, 1, null, 1, 4]);
  });

  it('refuses a partial sum', () => {
    expect(sumOrNull([1, 2, 3])).toBe(6);
    expect(sumOrNull([1, null, 3])).toBeNull();
  });
});
