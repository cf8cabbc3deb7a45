// Small-count protection for the external cyber statistics (the quarterly report to the CNI): a simple tabular
// rule on top of the figures of analytics/disclosure.ts (the same minimum count as the heat maps) until the general
// disclosure pass of the distribution domain takes over.
//
// Every published table is a one-way breakdown whose cells add up to a published total. In each:
//   1. a count from 1 to minCount − 1 is withheld (primary suppression); zeros are published;
//   2. when exactly one cell of a table is withheld, the smallest other non-zero cell is withheld too (secondary
//      suppression), so that the withheld value cannot be recovered by subtracting the others from the total; when
//      no other cell can be withheld, the total is withheld;
//   3. a total from 1 to minCount − 1 is withheld;
//   4. a sum of money is published only when at least minCount incidents record an amount, with the same rule 2.
// Withheld values are null in the data and «*» in the files. No identifier of a case (folio, referral reference)
// reaches the external data: it is built from aggregates only.
import { DEFAULT_DISCLOSURE_RULE, DISCLOSURE_LIMITS } from '../../../analytics/disclosure.ts';

export const MIN_COUNT = Math.max(DEFAULT_DISCLOSURE_RULE.minCount, DISCLOSURE_LIMITS.lowestMinCount);
/** How a withheld figure is written in the files. */
export const SUPPRESSED_MARK = '*';

export type Cell = number | null;

export interface ProtectedColumn {
  cells: Cell[];
  total: Cell;
}

const small = (n: number, min: number) => n > 0 && n < min;

/**
 * Protects one column of a breakdown. `values` are the cells; `basis` the incident counts that decide whether a
 * cell is small (the values themselves for counts; the incidents with an amount for sums of money).
 */
export function protectColumn(values: readonly number[], total: number, opts: { basis?: readonly number[]; totalBasis?: number; min?: number } = {}): ProtectedColumn {
  const min = opts.min ?? MIN_COUNT;
  const basis = opts.basis ?? values;
  const totalBasis = opts.totalBasis ?? total;
  const withheld = values.map((_, i) => small(basis[i]!, min));
  let totalWithheld = small(totalBasis, min);
  if (!totalWithheld && withheld.filter(Boolean).length === 1) {
    // The smallest other cell with something in it.
    let pick = -1;
    values.forEach((v, i) => {
      if (withheld[i] || basis[i] === 0 || v === 0) return;
      if (pick < 0 || basis[i]! < basis[pick]! || (basis[i] === basis[pick] && v < values[pick]!)) pick = i;
    });
    if (pick >= 0) withheld[pick] = true;
    else totalWithheld = true;
  }
  return { cells: values.map((v, i) => (withheld[i] ? null : v)), total: totalWithheld ? null : total };
}

/** A single figure on its own (a state total): withheld when small. */
export function protectFigure(value: number, basis = value, min = MIN_COUNT): Cell {
  return small(basis, min) ? null : value;
}

export interface DisclosureFinding {
  ok: boolean;
  violations: string[];
}

/** Names of fields that would identify a case; none may appear in external data. */
const CASE_KEYS = /^(folio|folios|referral_reference|referralReference|referencia|referencia_canalizacion|external_reference|externalReference|content_urls|content_hashes|ip_addresses|account_identifiers|created_by|assigned_to)$/i;

/**
 * Verifies a protected table set: every published count is 0 or at least `min`, no table withholds exactly one cell
 * while publishing its total, and no field names a case anywhere in the value.
 */
export function checkProtected(tables: { name: string; cells: Cell[]; total: Cell; basis?: number[] }[], value: unknown, min = MIN_COUNT): DisclosureFinding {
  const violations: string[] = [];
  for (const t of tables) {
    const basis = t.basis;
    t.cells.forEach((c, i) => {
      const b = basis ? basis[i]! : c;
      if (c !== null && b !== null && small(b, min)) violations.push(`${t.name}[${i}]: cifra ${c} de menos de ${min} casos publicada.`);
    });
    const withheld = t.cells.filter((c) => c === null).length;
    if (withheld === 1 && t.total !== null) violations.push(`${t.name}: una sola cifra reservada con el total publicado; se deduce por diferencia.`);
    if (t.total !== null && !basis && small(t.total, min)) violations.push(`${t.name}: total ${t.total} de menos de ${min} casos publicado.`);
  }
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 32 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (CASE_KEYS.test(k)) violations.push(`${path}.${k}: dato que identifica un caso.`);
      walk(x, `${path}.${k}`, depth + 1);
    }
  };
  walk(value, 'datos', 0);
  return { ok: violations.length === 0, violations };
}
