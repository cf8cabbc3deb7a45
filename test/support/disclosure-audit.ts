// An attacker for released tables, written apart from the suppression it checks (src/analytics/table-suppression.ts):
// given the figures a product shows (numbers, and the mark where a figure was suppressed) and the sums a reader can
// see hold between them (rows and columns of a table, totals shared by two tables), it tries to recompute the
// suppressed figures by
//   1. solving any sum with a single unknown (a row or a column minus its published cells);
//   2. non-negativity: unknown parts of a sum whose published figures already add up are zero;
//   3. adding and subtracting pairs of sums that share unknowns (differencing two tables with a common margin,
//      or a row against a column), solving whatever comes out with a single unknown;
//   4. exact elimination over the rationals (BigInt) of every sum at once, which finds any remaining combination.
// Each step feeds the next until nothing new is found. It returns every figure it recovered with its value.

export type Shown = number | '*';

interface Equation {
  /** coefficient by cell id; the equation is Σ coef·x = rhs */
  terms: Map<string, bigint>;
  rhs: bigint;
}

export class PublishedTables {
  readonly values = new Map<string, Shown>();
  readonly sums: { total: string; parts: string[] }[] = [];

  /** A figure as the product shows it; a figure shown twice must read the same. */
  figure(id: string, v: Shown): string {
    const known = this.values.get(id);
    if (known !== undefined && known !== v) throw new Error(`${id} se muestra como ${known} y como ${v}`);
    this.values.set(id, v);
    return id;
  }

  sum(total: string, parts: string[]): void {
    for (const id of [total, ...parts]) if (!this.values.has(id)) throw new Error(`suma con una cifra que no se muestra: ${id}`);
    if (parts.length > 0) this.sums.push({ total, parts });
  }

  /** The published sums that do not add up: a product that is wrong, not a leak. */
  inconsistent(): string[] {
    return this.sums
      .filter((s) => [s.total, ...s.parts].every((id) => typeof this.values.get(id) === 'number'))
      .filter((s) => (this.values.get(s.total) as number) !== s.parts.reduce((a, p) => a + (this.values.get(p) as number), 0))
      .map((s) => s.total);
  }
}

const abs = (a: bigint) => (a < 0n ? -a : a);
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));

/** Every suppressed figure the attacks recover, with the value they give it. */
export function recoverSuppressed(p: PublishedTables): Map<string, number> {
  const known = new Map<string, number>();
  for (const [id, v] of p.values) if (typeof v === 'number') known.set(id, v);
  const recovered = new Map<string, number>();
  const learn = (id: string, v: number) => {
    if (known.has(id)) return false;
    known.set(id, v);
    recovered.set(id, v);
    return true;
  };
  const equation = (s: { total: string; parts: string[] }): Equation => {
    const terms = new Map<string, bigint>();
    let rhs = 0n;
    const add = (id: string, coef: bigint) => {
      const v = known.get(id);
      if (v !== undefined) rhs -= coef * BigInt(v);
      else terms.set(id, (terms.get(id) ?? 0n) + coef);
    };
    add(s.total, 1n);
    for (const part of s.parts) add(part, -1n);
    for (const [id, c] of terms) if (c === 0n) terms.delete(id);
    return { terms, rhs };
  };
  const solveSingles = (eqs: Equation[]) => {
    let found = false;
    for (const e of eqs) {
      if (e.terms.size !== 1) continue;
      const [id, coef] = [...e.terms][0]!;
      if (e.rhs % coef === 0n) found = learn(id, Number(e.rhs / coef)) || found;
    }
    return found;
  };

  for (;;) {
    const eqs = p.sums.map(equation);
    // 1. a sum with one unknown
    if (solveSingles(eqs)) continue;
    // 2. non-negativity: total − published parts = 0 leaves every unknown part at zero
    let pinned = false;
    for (const s of p.sums) {
      if (!known.has(s.total)) continue;
      const open = s.parts.filter((x) => !known.has(x));
      if (open.length === 0) continue;
      const rest = s.parts.filter((x) => known.has(x)).reduce((a, x) => a + known.get(x)!, 0);
      if (known.get(s.total) === rest) for (const x of open) pinned = learn(x, 0) || pinned;
    }
    if (pinned) continue;
    // 3. pairs of sums that share an unknown, added and subtracted
    const byCell = new Map<string, number[]>();
    eqs.forEach((e, i) => {
      for (const id of e.terms.keys()) byCell.set(id, [...(byCell.get(id) ?? []), i]);
    });
    const combined: Equation[] = [];
    const seen = new Set<string>();
    for (const list of byCell.values()) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const key = `${list[a]}|${list[b]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          for (const sign of [1n, -1n]) {
            const e1 = eqs[list[a]!]!;
            const e2 = eqs[list[b]!]!;
            const terms = new Map(e1.terms);
            for (const [id, c] of e2.terms) terms.set(id, (terms.get(id) ?? 0n) + sign * c);
            for (const [id, c] of terms) if (c === 0n) terms.delete(id);
            combined.push({ terms, rhs: e1.rhs + sign * e2.rhs });
          }
        }
      }
    }
    if (solveSingles(combined)) continue;
    // 4. exact elimination of everything at once
    if (eliminate(eqs, learn)) continue;
    break;
  }
  return recovered;
}

/** Gauss–Jordan over the rationals with integer rows (fraction-free, rows divided by their gcd). */
function eliminate(eqs: Equation[], learn: (id: string, v: number) => boolean): boolean {
  const rows = eqs.filter((e) => e.terms.size > 0).map((e) => ({ terms: new Map(e.terms), rhs: e.rhs }));
  const pivots: { col: string; row: Equation }[] = [];
  const normalise = (r: Equation) => {
    let g = abs(r.rhs);
    for (const c of r.terms.values()) g = gcd(g, c);
    if (g > 1n) {
      for (const [id, c] of r.terms) r.terms.set(id, c / g);
      r.rhs /= g;
    }
  };
  const reduceBy = (target: Equation, pivot: { col: string; row: Equation }) => {
    const t = target.terms.get(pivot.col);
    if (!t) return;
    const pc = pivot.row.terms.get(pivot.col)!;
    for (const [id, c] of target.terms) target.terms.set(id, c * pc);
    target.rhs *= pc;
    for (const [id, c] of pivot.row.terms) {
      const next = (target.terms.get(id) ?? 0n) - t * c;
      if (next === 0n) target.terms.delete(id);
      else target.terms.set(id, next);
    }
    target.rhs -= t * pivot.row.rhs;
    normalise(target);
  };
  for (const r of rows) {
    for (const pv of pivots) reduceBy(r, pv);
    if (r.terms.size === 0) continue;
    const col = [...r.terms.keys()].sort()[0]!;
    const pivot = { col, row: r };
    for (const pv of pivots) reduceBy(pv.row, pivot);
    pivots.push(pivot);
  }
  let found = false;
  for (const { col, row } of pivots) {
    if (row.terms.size !== 1) continue;
    const coef = row.terms.get(col)!;
    if (row.rhs % coef === 0n) found = learn(col, Number(row.rhs / coef)) || found;
  }
  return found;
}
