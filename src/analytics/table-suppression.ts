// Small-count suppression for tables of counts that leave the center (architecture property 4), with the
// complementary (secondary) suppression that keeps the totals from giving a suppressed figure back.
//
// A report's tables are described generically: every published count is a cell with an id, and every published
// total is a cell too, tied to its parts by a sum (total = Σ parts). Tables that share a margin share the cell of
// that margin (the same id): the FESE's section total is the total of its table by incident code, of its table by
// channel and of its table by municipality; a figure printed twice (an improper call's code in two tables) is one cell.
//
// The method:
//   1. Primary suppression: every cell with 0 < n < minCount (a margin total included) is suppressed, as is every
//      cell a caller forces (e.g. a figure that would let a suppressed one be bounded). Zeros are published: an
//      empty cell reveals nobody. Cells from public sources (`fixed`) are never suppressed.
//   2. Complementary suppression, repeated until nothing changes:
//      a. In every sum (its total and its parts) where exactly one cell is suppressed, that cell is the total minus
//         the others: the smallest non-zero published cell of the sum (a part before the total, then by id) is
//         suppressed too. A suppressed total whose parts are all published is caught here as well.
//      b. The exact test: with the suppressed cells as unknowns and every sum as an equation over them, a cell's
//         value follows from the published figures exactly when its unit vector lies in the row space of those
//         equations (row reduction, below), whatever combination of rows, columns and tables an attacker adds or
//         subtracts — differencing two tables that share a margin, the four sums around a 2 × 2 block, longer
//         chains. Non-negativity is used as an attacker would: a sum whose suppressed parts must add up to zero
//         gives each of them away. For each primary cell that is still determined, the smallest non-zero published
//         cell of a sum it belongs to is suppressed, and the loop goes back to (a).
//   The loop ends because every round suppresses at least one more cell; at worst a sum is suppressed whole.
// Only primary cells need protecting: a complementary cell that follows from the others reveals nothing small.
// The result states no difference between primary and complementary cells, and nor must any product: knowing
// which suppressed cells are the small ones would undo the complementary suppression.

export interface CountCell {
  id: string;
  value: number;
  /** Published whatever its value (a figure already public, e.g. the SESNSP's open data); never suppressed. */
  fixed?: boolean;
  /** Suppressed whatever its value (e.g. a figure derived from one that is suppressed elsewhere). */
  force?: boolean;
}

/** total = Σ parts, over cell ids. */
export interface SumConstraint {
  total: string;
  parts: readonly string[];
}

export interface SuppressionInput {
  cells: readonly CountCell[];
  sums: readonly SumConstraint[];
}

export interface SuppressionResult {
  /** Every suppressed cell. */
  suppressed: Set<string>;
  /** The cells suppressed for being small or forced; the others were suppressed to protect these. */
  primary: Set<string>;
}

/** A table that cannot be protected (a generator's inconsistent sums, or a small cell among public ones). */
export class SuppressionError extends Error {
  override name = 'SuppressionError';
}

interface Model {
  ids: string[];
  index: Map<string, number>;
  values: number[];
  fixed: boolean[];
  /** Each sum as [total, ...parts] cell indices. */
  sums: number[][];
  /** The sums each cell belongs to. */
  sumsOf: number[][];
}

function model(input: SuppressionInput): Model {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const values: number[] = [];
  const fixed: boolean[] = [];
  for (const c of input.cells) {
    if (index.has(c.id)) throw new SuppressionError(`Celda repetida: ${c.id}.`);
    if (!Number.isInteger(c.value) || c.value < 0) throw new SuppressionError(`La celda ${c.id} no es un conteo: ${c.value}.`);
    index.set(c.id, ids.length);
    ids.push(c.id);
    values.push(c.value);
    fixed.push(c.fixed === true);
  }
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new SuppressionError(`La suma nombra una celda que no existe: ${id}.`);
    return i;
  };
  const sums: number[][] = [];
  const sumsOf: number[][] = ids.map(() => []);
  for (const s of input.sums) {
    const members = [at(s.total), ...s.parts.map(at)];
    const total = values[members[0]!]!;
    const parts = members.slice(1).reduce((acc, i) => acc + values[i]!, 0);
    if (total !== parts) throw new SuppressionError(`La suma de ${s.total} no cuadra: total ${total}, partes ${parts}.`);
    if (new Set(members).size !== members.length) throw new SuppressionError(`La suma de ${s.total} repite una celda.`);
    for (const i of members) sumsOf[i]!.push(sums.length);
    sums.push(members);
  }
  return { ids, index, values, fixed, sums, sumsOf };
}

/**
 * The best complement among `candidates`: non-zero before zero, a part before a total, the smaller value, then the
 * id — deterministic, so that the same table always gives the same product.
 */
function pickComplement(m: Model, candidates: Iterable<{ cell: number; isTotal: boolean }>, suppressed: Set<number>): number | undefined {
  let best: { cell: number; isTotal: boolean } | undefined;
  const key = (c: { cell: number; isTotal: boolean }) => [m.values[c.cell] === 0 ? 1 : 0, c.isTotal ? 1 : 0, m.values[c.cell]!] as const;
  for (const c of candidates) {
    if (suppressed.has(c.cell) || m.fixed[c.cell]) continue;
    if (!best) {
      best = c;
      continue;
    }
    const a = key(c);
    const b = key(best);
    const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (m.ids[c.cell]! < m.ids[best.cell]! ? -1 : m.ids[c.cell]! > m.ids[best.cell]! ? 1 : 0);
    if (cmp < 0) best = c;
  }
  return best?.cell;
}

const membersOf = (m: Model, sum: number) => m.sums[sum]!.map((cell, k) => ({ cell, isTotal: k === 0 }));

/**
 * A complement for a determined cell: the best published cell of the sums it belongs to; when those are all
 * suppressed already, of the sums their cells belong to, and so on outwards.
 */
function nearestComplement(m: Model, start: number, suppressed: Set<number>): number | undefined {
  const seenCells = new Set([start]);
  const seenSums = new Set<number>();
  let frontier = [start];
  while (frontier.length > 0) {
    const sums = frontier.flatMap((c) => m.sumsOf[c]!).filter((s) => !seenSums.has(s));
    sums.forEach((s) => seenSums.add(s));
    const pick = pickComplement(m, sums.flatMap((s) => membersOf(m, s)), suppressed);
    if (pick !== undefined) return pick;
    frontier = sums.flatMap((s) => m.sums[s]!).filter((c) => !seenCells.has(c) && suppressed.has(c));
    frontier.forEach((c) => seenCells.add(c));
  }
  return undefined;
}

/** Suppresses small counts and their complements; see the method at the top of this file. */
export function suppressSmallCounts(input: SuppressionInput, opts: { minCount: number }): SuppressionResult {
  if (!Number.isInteger(opts.minCount) || opts.minCount < 1) throw new SuppressionError(`Umbral inválido: ${opts.minCount}.`);
  const m = model(input);
  const suppressed = new Set<number>();
  const primary = new Set<number>();
  input.cells.forEach((c, i) => {
    if (c.fixed) {
      if (c.force) throw new SuppressionError(`La celda ${c.id} es pública y no puede suprimirse.`);
      return;
    }
    if (c.force || (c.value > 0 && c.value < opts.minCount)) {
      suppressed.add(i);
      primary.add(i);
    }
  });

  const singlesRule = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (let s = 0; s < m.sums.length; s++) {
        const members = m.sums[s]!;
        let count = 0;
        for (const i of members) if (suppressed.has(i)) count++;
        if (count !== 1) continue;
        const pick = pickComplement(m, membersOf(m, s), suppressed);
        if (pick === undefined) {
          const lone = members.find((i) => suppressed.has(i))!;
          throw new SuppressionError(`No hay cifra con la cual proteger ${m.ids[lone]} en la suma de ${m.ids[members[0]!]}.`);
        }
        suppressed.add(pick);
        changed = true;
      }
    }
  };

  for (;;) {
    singlesRule();
    const exposed = determinedCells(m, suppressed).filter((i) => primary.has(i));
    if (exposed.length === 0) break;
    const p = exposed[0]!;
    const pick = nearestComplement(m, p, suppressed);
    if (pick === undefined) throw new SuppressionError(`No hay cifra con la cual proteger ${m.ids[p]}.`);
    suppressed.add(pick);
  }
  const named = (set: Set<number>) => new Set([...set].sort((a, b) => a - b).map((i) => m.ids[i]!));
  return { suppressed: named(suppressed), primary: named(primary) };
}

/**
 * The suppressed cells whose value follows from the published cells and the sums (exactly, or because
 * non-negative cells must add up to zero). Empty for a sound suppression.
 */
export function exposedCells(input: SuppressionInput, suppressed: ReadonlySet<string>): string[] {
  const m = model(input);
  const unknown = new Set<number>();
  for (const id of suppressed) {
    const i = m.index.get(id);
    if (i === undefined) throw new SuppressionError(`Celda suprimida desconocida: ${id}.`);
    unknown.add(i);
  }
  return determinedCells(m, unknown).map((i) => m.ids[i]!);
}

// ---- The exact test ------------------------------------------------------------------------------------------

/** Two primes below 2^26, so that a product of residues stays below 2^53 and exact in a double. */
const PRIMES = [67108859, 67108837];

function determinedCells(m: Model, suppressed: ReadonlySet<number>): number[] {
  const determined = new Set<number>();
  // Non-negativity: a sum whose published total equals its published parts forces its suppressed parts to zero;
  // those become known, which may force others.
  const known = (i: number) => !suppressed.has(i) || determined.has(i);
  let changed = true;
  while (changed) {
    changed = false;
    for (const members of m.sums) {
      const [total, ...parts] = members as [number, ...number[]];
      if (!known(total)) continue;
      const open = parts.filter((i) => !known(i));
      if (open.length === 0) continue;
      const rest = parts.filter(known).reduce((acc, i) => acc + m.values[i]!, 0);
      if (m.values[total] === rest) {
        for (const i of open) determined.add(i);
        changed = true;
      }
    }
  }
  const unknowns = [...suppressed].filter((i) => !determined.has(i)).sort((a, b) => a - b);
  const column = new Map(unknowns.map((cell, k) => [cell, k]));
  const rows: Map<number, number>[] = [];
  for (const members of m.sums) {
    const row = new Map<number, number>();
    members.forEach((cell, k) => {
      const c = column.get(cell);
      if (c !== undefined) row.set(c, k === 0 ? 1 : -1);
    });
    if (row.size > 0) rows.push(row);
  }
  // A unknown is determined when, in the reduced row echelon form, its pivot row has no other unknown. Modular
  // arithmetic keeps the reduction exact and fast; a cell counts as determined if either prime says so, which only
  // errs (with a probability of order 1/p²) towards suppressing more.
  for (const p of PRIMES) {
    for (const c of reducedPivots(rows, p)) determined.add(unknowns[c]!);
  }
  return [...determined].filter((i) => suppressed.has(i)).sort((a, b) => a - b);
}

const mod = (a: number, p: number) => ((a % p) + p) % p;

function inverse(a: number, p: number): number {
  // Extended Euclid on small integers.
  let [r0, r1] = [mod(a, p), p];
  let [s0, s1] = [1, 0];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, p);
}

/** Sparse Gauss–Jordan elimination modulo p; returns the pivot columns whose reduced row holds only the pivot. */
function reducedPivots(input: Map<number, number>[], p: number): number[] {
  const pivotRow = new Map<number, Map<number, number>>(); // pivot column → its row (pivot coefficient 1)
  const rowsWith = new Map<number, Set<number>>(); // column → pivot columns whose row mentions it
  const touch = (pivot: number, col: number, add: boolean) => {
    let set = rowsWith.get(col);
    if (!set) rowsWith.set(col, (set = new Set()));
    if (add) set.add(pivot);
    else set.delete(pivot);
  };
  /** target -= factor × source, keeping the column index of pivot rows current when `owner` is a pivot. */
  const subtract = (target: Map<number, number>, source: Map<number, number>, factor: number, owner: number | undefined) => {
    for (const [c, v] of source) {
      const next = mod((target.get(c) ?? 0) - factor * v, p);
      if (next === 0) {
        if (target.delete(c) && owner !== undefined) touch(owner, c, false);
      } else {
        if (owner !== undefined && !target.has(c)) touch(owner, c, true);
        target.set(c, next);
      }
    }
  };
  for (const original of input) {
    const row = new Map<number, number>();
    for (const [c, v] of original) row.set(c, mod(v, p));
    for (const c of [...row.keys()]) {
      const source = pivotRow.get(c);
      const factor = row.get(c);
      if (source && factor) subtract(row, source, factor, undefined);
    }
    if (row.size === 0) continue;
    const pivot = Math.min(...row.keys());
    const inv = inverse(row.get(pivot)!, p);
    for (const [c, v] of row) row.set(c, (v * inv) % p);
    // Keep the form reduced: clear the new pivot column from the rows that mention it.
    for (const other of [...(rowsWith.get(pivot) ?? [])]) {
      const target = pivotRow.get(other)!;
      const factor = target.get(pivot);
      if (factor) subtract(target, row, factor, other);
    }
    pivotRow.set(pivot, row);
    for (const c of row.keys()) touch(pivot, c, true);
  }
  return [...pivotRow].filter(([, row]) => row.size === 1).map(([c]) => c);
}

/**
 * Collects a report's cells and sums. Declaring a cell again with the same value is allowed (a figure printed in
 * two tables is one cell); with another value it is a bug in the caller and throws.
 */
export class CountTables {
  private readonly cells = new Map<string, CountCell>();
  private readonly sums: SumConstraint[] = [];

  cell(id: string, value: number, opts: { fixed?: boolean; force?: boolean } = {}): string {
    const known = this.cells.get(id);
    if (known) {
      if (known.value !== value) throw new SuppressionError(`La celda ${id} aparece con dos valores: ${known.value} y ${value}.`);
      if (opts.force) known.force = true;
      return id;
    }
    this.cells.set(id, { id, value, ...opts });
    return id;
  }

  /** total = Σ parts; an empty or one-part sum is kept (a one-part sum says the two figures are equal). */
  sum(total: string, parts: readonly string[]): void {
    if (parts.length > 0) this.sums.push({ total, parts: [...parts] });
  }

  has(id: string): boolean {
    return this.cells.has(id);
  }

  input(): SuppressionInput {
    return { cells: [...this.cells.values()], sums: this.sums };
  }
}

/** The method in Spanish, for the methodology of every product whose tables went through it. */
export function suppressionMethodology(minCount: number): string {
  return (
    `Control de divulgación de las tablas: se suprimen los conteos mayores que cero y menores que ${minCount}, incluidos los ` +
    'totales pequeños; los ceros se publican. Para que un total no devuelva una cifra suprimida, en cada renglón, columna o ' +
    'total que queda con una sola cifra suprimida se suprime además la menor cifra distinta de cero (supresión ' +
    'complementaria), y se repite hasta que ninguno quede así, también entre tablas que comparten un total (las mismas ' +
    'cifras por municipio y por tipo, o por centro y consolidadas). Al final se comprueba algebraicamente que ninguna ' +
    'combinación de sumas y restas de los totales publicados, ni el hecho de que los conteos no son negativos, permite ' +
    'calcular una cifra suprimida; si alguna se pudiera calcular, se suprime otra cifra y se vuelve a comprobar. Las cifras ' +
    'calculadas a partir de una suprimida (porcentajes, tasas, variaciones) también se suprimen.'
  );
}
