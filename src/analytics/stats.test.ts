import { describe, expect, it } from 'vitest';
import {
  SERVICE_TIME_BUCKET_COUNT,
  SERVICE_TIME_OVERFLOW,
  bucketBounds,
  medianFromHistogram,
  quantileFromHistogram,
  serviceTimeBucket,
  serviceTimeHistogram,
  shareAtOrBelow,
  type HistogramBucket,
} from './stats.ts';

function histogramOf(values: number[]): HistogramBucket[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(serviceTimeBucket(v), (counts.get(serviceTimeBucket(v)) ?? 0) + 1);
  return serviceTimeHistogram(counts);
}

/** Exact quantile as the inverse empirical distribution: the smallest value with F(x) ≥ q. */
function exactQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
}

function widthAt(v: number): number {
  const { lower, upper } = bucketBounds(serviceTimeBucket(v));
  return upper - lower;
}

describe('quantileFromHistogram', () => {
  it('interpolates inside the bucket', () => {
    const buckets = [
      { lower: 0, upper: 10, n: 2 },
      { lower: 10, upper: 20, n: 2 },
    ];
    expect(quantileFromHistogram(buckets, 0.5)).toBe(10);
    expect(quantileFromHistogram(buckets, 0.75)).toBe(15);
    expect(quantileFromHistogram(buckets, 0)).toBe(0);
    expect(quantileFromHistogram(buckets, 1)).toBe(20);
    expect(quantileFromHistogram([], 0.5)).toBeNull();
    expect(quantileFromHistogram([{ lower: 0, upper: 1, n: 0 }], 0.5)).toBeNull();
    expect(() => quantileFromHistogram(buckets, 1.5)).toThrow(RangeError);
  });

  it('ignores bucket order and reads an overflow quantile as its lower bound', () => {
    const buckets = [
      { lower: SERVICE_TIME_OVERFLOW, upper: Infinity, n: 5 },
      { lower: 60, upper: 61, n: 5 },
    ];
    expect(quantileFromHistogram(buckets, 0.5)).toBe(61);
    expect(quantileFromHistogram(buckets, 0.9)).toBe(SERVICE_TIME_OVERFLOW);
  });

  const samples: Record<string, number[]> = {
    'seconds below 10 min': [35, 47, 52, 61, 64, 70, 88, 93, 120, 180, 240],
    'minutes to an hour': [300, 455, 615, 622, 700, 1_234, 1_801, 2_409, 3_100, 3_599, 3_600],
    'long closures': [1_800, 4_000, 5_432, 7_777, 9_999, 20_000, 45_000, 70_000, 86_399],
    'fractional durations': [0.4, 1.6, 2.2, 2.9, 3.3, 599.9, 600.1, 605.5, 12.25],
  };
  for (const [name, values] of Object.entries(samples)) {
    it(`matches exact median and p90 within one bucket width: ${name}`, () => {
      const h = histogramOf(values);
      for (const q of [0.5, 0.9]) {
        const exact = exactQuantile(values, q);
        const estimate = quantileFromHistogram(h, q)!;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(widthAt(exact));
        // The estimate lies in the closed bucket of the exact value.
        const { lower, upper } = bucketBounds(serviceTimeBucket(exact));
        expect(estimate).toBeGreaterThanOrEqual(lower);
        expect(estimate).toBeLessThanOrEqual(upper);
      }
      expect(medianFromHistogram(h)).toBe(quantileFromHistogram(h, 0.5));
    });
  }
});

describe('shareAtOrBelow', () => {
  it('is exact on bucket boundaries and proportional inside a bucket', () => {
    const values = [30, 90, 200, 599.5, 610, 650, 900, 1_500, 4_000, 100_000];
    const h = histogramOf(values);
    expect(shareAtOrBelow(h, 600)).toBe(0.4);
    expect(shareAtOrBelow(h, 900)).toBe(0.6); // 900 itself sits in [900, 960): counted from 960
    expect(shareAtOrBelow(h, 960)).toBe(0.7);
    expect(shareAtOrBelow(h, SERVICE_TIME_OVERFLOW)).toBe(0.9);
    expect(shareAtOrBelow(h, 1e9)).toBe(0.9); // the overflow bucket has no upper bound to reach
    expect(shareAtOrBelow(h, 0)).toBe(0);
    expect(shareAtOrBelow([{ lower: 0, upper: 10, n: 4 }], 2.5)).toBe(0.25);
    expect(shareAtOrBelow([], 600)).toBeNull();
  });
});

describe('service-time buckets', () => {
  it('uses 10 s, 1 min and 10 min buckets and an overflow at 24 h', () => {
    expect(serviceTimeBucket(0)).toBe(0);
    expect(serviceTimeBucket(59.9)).toBe(50);
    expect(serviceTimeBucket(599.99)).toBe(590);
    expect(serviceTimeBucket(600)).toBe(600);
    expect(serviceTimeBucket(615)).toBe(600);
    expect(serviceTimeBucket(3_599)).toBe(3_540);
    expect(serviceTimeBucket(3_600)).toBe(3_600);
    expect(serviceTimeBucket(3_719)).toBe(3_600);
    expect(serviceTimeBucket(86_399)).toBe(85_800);
    expect(serviceTimeBucket(86_400)).toBe(86_400);
    expect(serviceTimeBucket(1e7)).toBe(86_400);
    expect(() => serviceTimeBucket(-1)).toThrow(RangeError);
    expect(() => serviceTimeBucket(Number.NaN)).toThrow(RangeError);
  });

  it('gives each bucket its bounds and tiles the line without gaps', () => {
    expect(bucketBounds(590)).toEqual({ lower: 590, upper: 600 });
    expect(bucketBounds(600)).toEqual({ lower: 600, upper: 660 });
    expect(bucketBounds(3_600)).toEqual({ lower: 3_600, upper: 4_200 });
    expect(bucketBounds(86_400)).toEqual({ lower: 86_400, upper: Infinity });
    expect(() => bucketBounds(605)).toThrow(RangeError);
    let lower = 0;
    let count = 0;
    while (Number.isFinite(lower)) {
      const b = bucketBounds(lower);
      expect(serviceTimeBucket(b.lower)).toBe(lower);
      if (Number.isFinite(b.upper)) expect(serviceTimeBucket(b.upper - 1e-6)).toBe(lower);
      lower = b.upper;
      count++;
    }
    expect(count).toBe(SERVICE_TIME_BUCKET_COUNT);
  });
});
