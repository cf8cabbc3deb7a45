// Seeded randomness for the demo generator: a small fast PRNG (sfc32) and the few distributions the demo needs.
// Nothing here reads Math.random or the clock, so the same seed always gives the same data.

/** 32-bit FNV-1a of a string: turns (seed, state, month…) into independent stream seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: 128-bit state, passes PractRand, and runs on 32-bit integer ops only (fast in V8). */
export class Random {
  // State in a typed array: 32-bit values kept in object fields would be boxed as heap numbers on every step.
  readonly #s = new Int32Array(4);
  /** Second value of the last Box–Muller pair; NaN when used up. */
  #spare = Number.NaN;

  /** Seeds from any number of parts (numbers or strings); equal parts give equal streams. */
  constructor(...parts: (string | number)[]) {
    const key = parts.join('\u0001');
    this.#s[0] = hashString(`a${key}`);
    this.#s[1] = hashString(`b${key}`);
    this.#s[2] = hashString(`c${key}`);
    this.#s[3] = 1;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.#s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box–Muller, keeping the second value for the next call). */
  gaussian(): number {
    if (!Number.isNaN(this.#spare)) {
      const s = this.#spare;
      this.#spare = Number.NaN;
      return s;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given median and log-space sigma: response times are right-skewed like this. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gaussian());
  }

  /** Poisson count: exact (Knuth) for small means, normal approximation for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gaussian()));
  }
}

/** Draws items in proportion to their weights (binary search over the cumulative weights). */
export class WeightedTable<T> {
  readonly items: readonly T[];
  readonly #cumulative: Float64Array;
  readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('WeightedTable needs at least one positive weight');
    this.items = kept.map(([item]) => item);
    this.#cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => (this.#cumulative[i] = sum += w));
    this.total = sum;
  }

  draw(random: Random): T {
    const x = random.next() * this.total;
    const c = this.#cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/** Weights 1/rank^s: a few items get most draws, as with repeat prank callers and extortion numbers. */
export function zipfTable<T>(items: readonly T[], exponent: number): WeightedTable<T> {
  return new WeightedTable(items.map((item, i) => [item, 1 / Math.pow(i + 1, exponent)] as const));
}
