// Quantiles and service-level shares from histograms. Rollups keep service times as counts per bucket rather than
// raw durations, so the FESE median and 90th percentile of a month cost the same for 2 thousand or 2 million calls;
// the price is an error bounded by the width of the bucket that holds the quantile.

/** A histogram bucket: `n` observations with lower ≤ value < upper (seconds). `upper` may be Infinity (overflow). */
export interface HistogramBucket {
  lower: number;
  upper: number;
  n: number;
}

function nonEmptySorted(buckets: readonly HistogramBucket[]): HistogramBucket[] {
  const out = buckets.filter((b) => b.n > 0);
  for (const b of out) {
    if (!(b.upper > b.lower) || !Number.isFinite(b.lower) || Number.isNaN(b.upper)) {
      throw new RangeError(`Invalid histogram bucket [${b.lower}, ${b.upper})`);
    }
  }
  return out.sort((a, b) => a.lower - b.lower);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the observations, interpolating linearly inside the bucket where the cumulative
 * count reaches q·N (the grouped-data quantile: observations are taken as spread evenly across their bucket).
 * A quantile that falls in an open-ended bucket returns its lower bound (read it as "at least"). Null when empty.
 */
export function quantileFromHistogram(buckets: readonly HistogramBucket[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile must be within [0, 1], got ${q}`);
  const sorted = nonEmptySorted(buckets);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const target = q * total;
  let cumulative = 0;
  for (const b of sorted) {
    if (cumulative + b.n >= target) {
      if (!Number.isFinite(b.upper)) return b.lower;
      return b.lower + ((target - cumulative) / b.n) * (b.upper - b.lower);
    }
    cumulative += b.n;
  }
  // Only reached through rounding in target; the maximum is the end of the last bucket.
  const last = sorted[sorted.length - 1]!;
  return Number.isFinite(last.upper) ? last.upper : last.lower;
}

/** Median from a histogram (null when empty). */
export const medianFromHistogram = (buckets: readonly HistogramBucket[]): number | null =>
  quantileFromHistogram(buckets, 0.5);

/**
 * Share (0–1) of observations at or below `threshold`. Buckets wholly below the threshold count in full; the bucket
 * that contains it counts in proportion, as in the quantile. Exact when the threshold is a bucket boundary (service
 * targets in whole minutes always are with `serviceTimeBucket`), up to observations equal to the threshold itself,
 * which sit in the bucket that starts there. Null when empty.
 */
export function shareAtOrBelow(buckets: readonly HistogramBucket[], threshold: number): number | null {
  const sorted = nonEmptySorted(buckets);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  let below = 0;
  for (const b of sorted) {
    if (b.upper <= threshold) below += b.n;
    else if (b.lower < threshold && Number.isFinite(b.upper)) {
      below += (b.n * (threshold - b.lower)) / (b.upper - b.lower);
    }
  }
  return below / total;
}

// Service-time buckets: fine where the targets and medians live, coarser where only the tail is.
const TEN_MINUTES = 600;
const ONE_HOUR = 3600;
/** Lower bound of the single overflow bucket: every duration of 24 h or more. */
export const SERVICE_TIME_OVERFLOW = 86_400;
/** Number of distinct service-time buckets: 60 + 50 + 138 + 1. */
export const SERVICE_TIME_BUCKET_COUNT = TEN_MINUTES / 10 + (ONE_HOUR - TEN_MINUTES) / 60 + (SERVICE_TIME_OVERFLOW - ONE_HOUR) / 600 + 1;

/**
 * The bucket (its lower bound, seconds) of a service time: 10-second buckets below 10 min, 1-minute buckets below
 * 1 h, 10-minute buckets below 24 h, one overflow bucket from 24 h. Coarse enough that the rollup stays far smaller
 * than the incidents it counts (a day has a few hundred keys, not thousands); relative error of a quantile is ≤ 1/6
 * everywhere above 1 minute. Negative or non-finite durations are data errors the caller must count apart.
 */
export function serviceTimeBucket(seconds: number): number {
  if (!(seconds >= 0) || seconds === Infinity) throw new RangeError(`Invalid service time: ${seconds}`);
  if (seconds < TEN_MINUTES) return Math.floor(seconds / 10) * 10;
  if (seconds < ONE_HOUR) return Math.floor(seconds / 60) * 60;
  if (seconds < SERVICE_TIME_OVERFLOW) return Math.floor(seconds / 600) * 600;
  return SERVICE_TIME_OVERFLOW;
}

/** The bounds [lower, upper) of the service-time bucket that starts at `lower`; the overflow's upper is Infinity. */
export function bucketBounds(lower: number): { lower: number; upper: number } {
  if (!(lower >= 0) || serviceTimeBucket(lower) !== lower) {
    throw new RangeError(`${lower} is not the lower bound of a service-time bucket`);
  }
  if (lower < TEN_MINUTES) return { lower, upper: lower + 10 };
  if (lower < ONE_HOUR) return { lower, upper: lower + 60 };
  if (lower < SERVICE_TIME_OVERFLOW) return { lower, upper: lower + 600 };
  return { lower, upper: Infinity };
}

/** Turns rollup rows (bucket lower bound → count) into histogram buckets for the functions above. */
export function serviceTimeHistogram(counts: Iterable<readonly [lower: number, n: number]>): HistogramBucket[] {
  const merged = new Map<number, number>();
  for (const [lower, n] of counts) merged.set(lower, (merged.get(lower) ?? 0) + n);
  return [...merged].sort((a, b) => a[0] - b[0]).map(([lower, n]) => ({ ...bucketBounds(lower), n }));
}
