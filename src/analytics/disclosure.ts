// Disclosure control for maps that leave the center (architecture property 4), first of all the heat maps of
// violence against women sent to the state women's institute and civil organisations.
//
// The rule:
//   1. Counts are aggregated from the stored resolution-9 cells to H3 hexagons of a coarse resolution (default 7:
//      about 5.2 km² each, 2.4 km across), never finer than resolution 7. At that size a hexagon holds hundreds or
//      thousands of households in any town, so a published count cannot point at one of them.
//   2. A hexagon with fewer than `minCount` incidents (default 5, never below 3) is suppressed: it is left out of the
//      product altogether, so it is indistinguishable from a hexagon with no incidents, and its count is never
//      returned. Only the number of suppressed hexagons and the sum of their incidents are reported, without location,
//      so the report's totals still reconcile.
//   3. The product carries no point coordinates (no incident, address or cell-centre points) and no identifier of a
//      cell finer than the published resolution.
// Anything computed only from the published hexagons (a kernel density surface from their centres, a choropleth)
// reveals nothing they do not, so it inherits the same protection. `checkDisclosure` verifies 1–3 on a product.
// The figures of the rule (the minimum count, the resolution, the limits) are data, in data/disclosure/rules.json,
// shared with the small-count suppression of the reports' tables (table-suppression.ts): one configuration for
// every product that leaves the center.
import { readFileSync } from 'node:fs';
import { getResolution, isValidCell } from 'h3-js';
import { aggregateToResolution, cellCentre, type CellCount } from './hexgrid.ts';

export interface DisclosureRule {
  /** Smallest count a published hexagon may carry. */
  minCount: number;
  /** H3 resolution of the published hexagons. */
  resolution: number;
}

export type Audience = 'restricted' | 'public';

/** What a release for an audience applies: the smallest count published, and the finest hexagon (null: the
 *  recipient's agreement covers reserved detail, so finer hexagons may go). */
export interface AudienceRule {
  label: string;
  minCount: number;
  mapResolution: number | null;
}

interface RulesFile {
  limits: { lowestMinCount: number; finestMapResolution: number };
  maps: { minCount: number; resolution: number };
  audiences: Record<Audience, AudienceRule>;
}

function loadRules(): RulesFile {
  const rules = JSON.parse(readFileSync(new URL('../../data/disclosure/rules.json', import.meta.url), 'utf8')) as RulesFile;
  const { lowestMinCount, finestMapResolution } = rules.limits;
  const bad: string[] = [];
  const rule = (name: string, minCount: number, resolution: number | null) => {
    if (!Number.isInteger(minCount) || minCount < lowestMinCount) bad.push(`${name}: conteo mínimo ${minCount} menor que ${lowestMinCount}`);
    if (resolution !== null && (!Number.isInteger(resolution) || resolution < 0 || resolution > finestMapResolution)) {
      bad.push(`${name}: resolución ${resolution} fuera de 0–${finestMapResolution}`);
    }
  };
  rule('maps', rules.maps.minCount, rules.maps.resolution);
  for (const a of ['restricted', 'public'] as const) {
    if (!rules.audiences[a]) bad.push(`falta la audiencia ${a}`);
    else rule(a, rules.audiences[a].minCount, rules.audiences[a].mapResolution);
  }
  if (rules.audiences.public?.mapResolution === null) bad.push('public: una versión pública debe fijar la resolución de sus mapas');
  if (bad.length > 0) throw new Error(`data/disclosure/rules.json no es válido: ${bad.join('; ')}.`);
  return rules;
}

const RULES = loadRules();

/** Limits no external product may pass, whatever options a caller chooses. */
export const DISCLOSURE_LIMITS = { lowestMinCount: RULES.limits.lowestMinCount, finestResolution: RULES.limits.finestMapResolution } as const;

export const DEFAULT_DISCLOSURE_RULE: DisclosureRule = { minCount: RULES.maps.minCount, resolution: RULES.maps.resolution };

/** The rule of a release for `audience`, from data/disclosure/rules.json. */
export function audienceRule(audience: Audience): AudienceRule {
  return { ...RULES.audiences[audience] };
}

export interface DisclosedCells {
  rule: DisclosureRule;
  /** Published hexagons at `rule.resolution`, each with n ≥ rule.minCount, sorted by cell. */
  cells: CellCount[];
  published: { cells: number; incidents: number };
  /** What the rule withheld, in aggregate only: never per hexagon. */
  suppressed: { cells: number; incidents: number };
}

/** Spanish methodology note stating the rule with its figures, for the report. */
export function disclosureNote(rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE): string {
  const km2 = AREA_KM2[rule.resolution];
  const size = km2 === undefined ? '' : ` (de ${km2} km² en promedio)`;
  return (
    'Control de divulgación: los incidentes se agregan en hexágonos de la malla H3 de resolución ' +
    `${rule.resolution}${size}; no se publican ubicaciones puntuales ni celdas más finas. ` +
    `Los hexágonos con menos de ${rule.minCount} incidentes se suprimen y no se distinguen de los hexágonos sin ` +
    'incidentes; sólo se informa cuántos hexágonos e incidentes se suprimieron, sin su ubicación. ' +
    'La superficie de densidad se calcula únicamente a partir de los hexágonos publicados.'
  );
}

// Average hexagon areas (km², from h3 getHexagonAreaAvg), rounded as the note states them.
const AREA_KM2: Record<number, string> = { 0: '4,357,449', 1: '609,788', 2: '86,802', 3: '12,393', 4: '1,770', 5: '253', 6: '36.1', 7: '5.2' };

/** The rule with its default figures, as a constant for the methodology section. */
export const DISCLOSURE_RULE_SUMMARY_ES = disclosureNote(DEFAULT_DISCLOSURE_RULE);

/** A disclosure option or product outside the limits; Spanish because it reaches whoever set up the report. */
export class DisclosureError extends Error {
  override name = 'DisclosureError';
}

function checkRule(rule: DisclosureRule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rule.minCount) || rule.minCount < DISCLOSURE_LIMITS.lowestMinCount) {
    problems.push(`El conteo mínimo ${rule.minCount} es menor que el admitido (${DISCLOSURE_LIMITS.lowestMinCount}).`);
  }
  if (!Number.isInteger(rule.resolution) || rule.resolution < 0 || rule.resolution > DISCLOSURE_LIMITS.finestResolution) {
    problems.push(
      `La resolución ${rule.resolution} es más fina que la admitida (${DISCLOSURE_LIMITS.finestResolution}) o inválida.`,
    );
  }
  return problems;
}

/**
 * Applies the rule: aggregates the counts (any resolution at least as fine as the target, duplicates summed) to the
 * coarse hexagons and drops those below `minCount`.
 */
export function coarsenForDisclosure(cells: Iterable<CellCount>, opts: Partial<DisclosureRule> = {}): DisclosedCells {
  const rule: DisclosureRule = { ...DEFAULT_DISCLOSURE_RULE, ...opts };
  const problems = checkRule(rule);
  if (problems.length > 0) throw new DisclosureError(problems.join(' '));
  const published: CellCount[] = [];
  const suppressed = { cells: 0, incidents: 0 };
  let incidents = 0;
  for (const c of aggregateToResolution(cells, rule.resolution)) {
    if (c.n <= 0) continue; // an empty hexagon is not a publication of anything
    if (c.n >= rule.minCount) {
      published.push(c);
      incidents += c.n;
    } else {
      suppressed.cells++;
      suppressed.incidents += c.n;
    }
  }
  return { rule, cells: published, published: { cells: published.length, incidents }, suppressed };
}

/**
 * Weighted points at the centres of the published hexagons: the only input a density surface for an external
 * recipient may use. Choose a bandwidth of at least the hexagon spacing (≈ 2.4 km at resolution 7) so the surface
 * does not draw the grid.
 */
export function disclosedPoints(output: DisclosedCells): { lat: number; lng: number; weight: number }[] {
  return output.cells.map((c) => ({ ...cellCentre(c.cell), weight: c.n }));
}

export interface DisclosureCheck {
  ok: boolean;
  /** Spanish descriptions of every breach found, each with where it is. */
  violations: string[];
}

// Names of point-location fields; projected x/y are left out because a density grid's corner uses them harmlessly.
const POINT_KEYS = /^(lat|lng|lon|long|latitude|longitude|latlng|lnglat|point|position|location|coords?)$/i;
const COUNT_KEYS = /^(n|count|total|incidents|incidentes|conteo|value|weight)$/i;

/**
 * Verifies that a disclosed output holds the rule, and optionally that a product made from it (a GeoJSON
 * FeatureCollection, a report's JSON) does too: no hexagon under the minimum, no cell finer than the published
 * resolution, no point geometry or coordinate field anywhere. Used by the tests of every external report.
 */
export function checkDisclosure(output: DisclosedCells, product?: unknown): DisclosureCheck {
  const violations = checkRule(output.rule);
  const { minCount, resolution } = output.rule;
  const seen = new Set<string>();
  let incidents = 0;
  for (const [i, c] of output.cells.entries()) {
    const where = `cells[${i}] (${c.cell})`;
    if (!isValidCell(c.cell)) violations.push(`${where}: no es una celda H3 válida.`);
    else if (getResolution(c.cell) !== resolution) {
      violations.push(`${where}: resolución ${getResolution(c.cell)} distinta de la publicada (${resolution}).`);
    }
    if (!Number.isInteger(c.n) || c.n < minCount) violations.push(`${where}: conteo ${c.n} menor que ${minCount}.`);
    if (seen.has(c.cell)) violations.push(`${where}: celda repetida.`);
    seen.add(c.cell);
    incidents += c.n;
  }
  if (output.published.cells !== output.cells.length || output.published.incidents !== incidents) {
    violations.push('Los totales publicados no coinciden con las celdas.');
  }
  // The cells were checked one by one above, and the suppressed aggregate may be small: it has no location.
  const { cells: _cells, suppressed: _suppressed, ...rest } = output;
  scan(rest, 'salida', output.rule, violations);
  if (product !== undefined) scan(product, 'producto', output.rule, violations);
  return { ok: violations.length === 0, violations };
}

/** Walks a JSON-like value looking for point locations, fine cells and small counts next to a cell. */
function scan(value: unknown, path: string, rule: DisclosureRule, out: string[], depth = 0): void {
  if (depth > 64) {
    out.push(`${path}: anidamiento demasiado profundo para verificarlo.`);
    return;
  }
  if (typeof value === 'string') {
    if (isValidCell(value) && getResolution(value) > rule.resolution) {
      out.push(`${path}: celda H3 ${value} de resolución ${getResolution(value)}, más fina que ${rule.resolution}.`);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) return; // typed arrays (a density grid's values) hold no identifiers
  if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, `${path}[${i}]`, rule, out, depth + 1));
    return;
  }
  const obj = value as Record<string, unknown>;
  if (obj.type === 'Point' || obj.type === 'MultiPoint' || obj.type === 'LineString' || obj.type === 'MultiLineString') {
    out.push(`${path}: geometría de tipo ${String(obj.type)}; sólo se admiten polígonos.`);
  }
  const cell = typeof obj.cell === 'string' ? obj.cell : typeof obj.h3 === 'string' ? obj.h3 : undefined;
  for (const [key, v] of Object.entries(obj)) {
    const here = `${path}.${key}`;
    if (POINT_KEYS.test(key) && (typeof v === 'number' || (Array.isArray(v) && typeof v[0] === 'number'))) {
      out.push(`${here}: coordenada puntual.`);
      continue;
    }
    if (cell !== undefined && COUNT_KEYS.test(key) && typeof v === 'number' && v < rule.minCount) {
      out.push(`${here}: la celda ${cell} lleva un conteo ${v} menor que ${rule.minCount}.`);
    }
    scan(v, here, rule, out, depth + 1);
  }
}
