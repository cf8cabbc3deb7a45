// Class breaks for choropleth maps: quantiles of the non-zero values, so that each colour holds about the same
// number of municipalities. Pure; no DOM.

/** Sequential palette, light to dark (ColorBrewer YlOrRd, 5 classes). */
export const PALETTE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
export const NO_DATA_COLOR = '#e9ecef';

export interface ClassBreak {
  /** Smallest and largest value that fell into the class. */
  min: number;
  max: number;
  color: string;
  count: number;
}

export interface Classification {
  classes: ClassBreak[];
  classOf(value: number): number;
}

/** Quantile classes of the positive values (zeros and missing values go to "no data"). */
export function quantileClasses(values: number[], maxClasses = PALETTE.length): Classification {
  const sorted = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  const distinct = new Set(sorted).size;
  const k = Math.min(maxClasses, distinct);
  // Lower bounds of classes 2..k, as values taken from the data.
  const thresholds: number[] = [];
  for (let i = 1; i < k; i++) {
    const t = sorted[Math.floor((i * sorted.length) / k)]!;
    if (t > (thresholds[thresholds.length - 1] ?? sorted[0]!)) thresholds.push(t);
  }
  const classOf = (value: number) => {
    let c = 0;
    while (c < thresholds.length && value >= thresholds[c]!) c++;
    return c;
  };
  const n = thresholds.length + 1;
  // Spread the palette when there are fewer classes than colours, keeping the darkest for the top class.
  const colorAt = (i: number) => PALETTE[n === 1 ? PALETTE.length - 1 : Math.round((i * (PALETTE.length - 1)) / (n - 1))]!;
  const classes: ClassBreak[] = [];
  if (sorted.length > 0) {
    for (let i = 0; i < n; i++) classes.push({ min: Infinity, max: -Infinity, color: colorAt(i), count: 0 });
    for (const v of sorted) {
      const c = classes[classOf(v)]!;
      c.min = Math.min(c.min, v);
      c.max = Math.max(c.max, v);
      c.count++;
    }
  }
  return { classes: classes.filter((c) => c.count > 0), classOf };
}
