// The coverage analysis of the video-surveillance area: for a period, the share of incidents within a chosen
// distance of a working camera, per municipality and per month, the incidents with no camera near (as cells), and
// the sites that would cover most of them. Incidents come from rollup_cells (local day × hour × res-9 cell × CNIE
// code, real incidents with a location), never from raw rows. The cameras that count are those working on each
// day: the period is cut where some site's status changed, and each stretch is measured with its own cameras.
import { cellToLatLng } from 'h3-js';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { MONTH_NAMES, parsePeriod, type Period } from '../../analytics/periods.ts';
import { loadStateGeography, municipalityName } from '../../reference/index.ts';
import { heatmapPresets, selectionOf } from '../../reports/heatmaps/index.ts';
import { CELL_EDGE_METERS, CELL_RADIUS_BOUND_METERS, COVERAGE_RESOLUTION, coveredCells, greedySites, type Proposal, type WeightedCell } from './coverage.ts';
import { CAMERA_KINDS, CAMERA_KIND_LABELS, changeDays, statusOn, type CameraKind } from './rules.ts';
import { sitesWithTimelines, type SiteWithTimeline } from './store.ts';

/** Lets the event loop run between slices of work: the analysis runs on the server's thread. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Candidate locations for new sites: the centres of this many uncovered cells, those with most incidents. */
const MAX_CANDIDATES = 10_000;

/** Every real incident with a location, whatever its code. */
export const ALL_INCIDENTS = 'todos';

const kindList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : v),
  z.array(z.enum(CAMERA_KINDS, { message: `Tipos de cámara: ${CAMERA_KINDS.join(', ')}.` })).min(1, 'Elija al menos un tipo de cámara.'),
);

export const coverageParams = z.object({
  period: z.string().min(4, 'Indique el periodo (p. ej. 2026-03, 2026-Q1 o 2026).'),
  distance: z.coerce.number().int('La distancia es un número entero de metros.').min(50, 'La distancia mínima es de 50 m.').max(3000, 'La distancia máxima es de 3 000 m.').default(300),
  municipality: z.string().regex(/^\d{5}$/, 'La clave de municipio es de 5 dígitos (INEGI).').optional(),
  preset: z.string().default(ALL_INCIDENTS),
  kinds: kindList.optional(),
  budget: z.coerce.number().int().min(0, 'El número de sitios propuestos va de 0 a 50.').max(50, 'El número de sitios propuestos va de 0 a 50.').default(10),
});
export type CoverageParams = z.input<typeof coverageParams>;

/** A request that cannot be answered; Spanish, reaches the user. */
export class CoverageError extends Error {
  override name = 'CoverageError';
}

export interface CoverageFigures {
  incidents: number;
  covered: number;
  uncovered: number;
  /** covered / incidents; null without incidents. */
  share: number | null;
}

export interface MunicipalityCoverage extends CoverageFigures {
  code: string;
  name: string;
  /** Camera sites working in the municipality on the last day of the period. */
  workingSites: number;
}

export interface MonthCoverage extends CoverageFigures {
  key: string;
  label: string;
  /** Working camera sites on the last day of the month (within the period). */
  workingSites: number;
}

export interface UncoveredCell {
  cell: string;
  lat: number;
  lng: number;
  municipalityCode: string | null;
  municipality: string;
  n: number;
}

export interface ProposedSite extends Proposal {
  municipalityCode: string | null;
  municipality: string;
  /** Share of the period's incidents covered with the existing cameras plus this site and those before it. */
  shareAfter: number | null;
}

export interface CoverageResult {
  period: { key: string; label: string; firstDay: string; lastDay: string };
  distanceMeters: number;
  preset: { id: string; label: string };
  kinds: { code: CameraKind; label: string }[];
  municipality: { code: string; name: string } | null;
  /** Last day with data considered (the period's last day, or today for a period in progress). */
  asOf: string;
  workingSites: number;
  total: CoverageFigures;
  byMunicipality: MunicipalityCoverage[];
  byMonth: MonthCoverage[];
  /** Cells with incidents and no working camera within the distance, most incidents first. */
  uncoveredCells: UncoveredCell[];
  uncoveredCellCount: number;
  proposals: ProposedSite[];
  notes: string[];
}

const figures = (incidents: number, covered: number): CoverageFigures => ({
  incidents,
  covered,
  uncovered: incidents - covered,
  share: incidents > 0 ? covered / incidents : null,
});

const pad2 = (n: number) => String(n).padStart(2, '0');
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The stretches of the period over which no site changed status and no month ended. */
function stretches(period: Period, lastDay: string, sites: readonly SiteWithTimeline[]): { from: string; to: string }[] {
  const starts = new Set(changeDays(sites.map((s) => s.timeline), period.firstDay, lastDay));
  for (let d = period.firstDay; d <= lastDay; d = addDays(d, 1)) if (d.endsWith('-01')) starts.add(d);
  const sorted = [...starts].sort();
  return sorted.map((from, i) => ({ from, to: i + 1 < sorted.length ? addDays(sorted[i + 1]!, -1) : lastDay }));
}

/** Incidents per cell in each stretch, in one pass over the rollup, as "i cell n,…" text (one message, not rows). */
async function stretchCounts(
  db: Kysely<Database>,
  parts: readonly { from: string; to: string }[],
  selection: { v2: number[]; v3: number[] } | null,
): Promise<{ part: number; cell: string; n: number }[]> {
  const codes = selection
    ? sql`AND ((r.cnie_version = '3' AND r.cnie_code = ANY(${selection.v3}::int[])) OR (r.cnie_version = '2' AND r.cnie_code = ANY(${selection.v2}::int[])))`
    : sql``;
  const res = await sql<{ cells: string | null }>`
    SELECT string_agg(i || ' ' || cell || ' ' || n, ',') AS cells FROM (
      SELECT p.i, r.cell COLLATE "C" AS cell, sum(r.n)::int AS n
      FROM unnest(${parts.map((p) => p.from)}::date[], ${parts.map((p) => p.to)}::date[]) WITH ORDINALITY AS p(a, b, i)
      JOIN rollup_cells r ON r.local_date BETWEEN p.a AND p.b
      WHERE true ${codes}
      GROUP BY 1, 2
    ) t`.execute(db);
  const text = res.rows[0]?.cells;
  if (!text) return [];
  return text.split(',').map((item) => {
    const [i, cell, n] = item.split(' ') as [string, string, string];
    return { part: Number(i) - 1, cell, n: Number(n) };
  });
}

export async function coverageAnalysis(
  db: Kysely<Database>,
  opts: { stateCode: string; today: string; params: CoverageParams },
): Promise<CoverageResult> {
  const parsed = coverageParams.safeParse(opts.params);
  if (!parsed.success) throw new CoverageError(parsed.error.issues.map((i) => i.message).join(' '));
  const p = parsed.data;
  let period: Period;
  try {
    period = parsePeriod(p.period);
  } catch (err) {
    throw new CoverageError((err as Error).message);
  }
  if (period.kind === 'half') throw new CoverageError('La cobertura se analiza por mes, trimestre o año.');
  const geography = loadStateGeography(opts.stateCode);
  if (p.municipality && !geography.municipalities.some((m) => m.code === p.municipality)) {
    throw new CoverageError(`El municipio ${p.municipality} no pertenece a ${geography.stateName}.`);
  }
  const presets = heatmapPresets();
  const preset = p.preset === ALL_INCIDENTS ? null : presets.presets.find((x) => x.id === p.preset);
  if (p.preset !== ALL_INCIDENTS && !preset) throw new CoverageError(`No existe el conjunto de incidentes «${p.preset}».`);
  const selection = preset ? selectionOf(preset.codes.map((c) => c.code)) : null;
  const kinds = p.kinds ?? [...CAMERA_KINDS];
  const lastDay = period.lastDay < opts.today ? period.lastDay : opts.today;
  if (lastDay < period.firstDay) throw new CoverageError(`El periodo ${period.label} aún no comienza.`);

  const sites = await sitesWithTimelines(db, 'pmi');
  const hasKinds = (s: SiteWithTimeline) => kinds.some((k) => (s.cameras[k] ?? 0) > 0);
  const workingOn = (day: string) => sites.filter((s) => hasKinds(s) && statusOn(s.timeline, day) === 'operando');
  const parts = stretches(period, lastDay, sites);
  const counts = await stretchCounts(db, parts, selection);

  // The cells with incidents that each stretch's cameras cover; stretches with the same working sites share one
  // computation.
  const withIncidents = new Set(counts.map((c) => c.cell));
  const coverByKey = new Map<string, Set<string>>();
  const cover: Set<string>[] = [];
  for (const part of parts) {
    const working = workingOn(part.from);
    const key = working.map((s) => s.id).join(',');
    let cells = coverByKey.get(key);
    if (!cells) {
      await breathe();
      cells = coveredCells(working.map((s) => ({ lat: s.latitude, lng: s.longitude })), p.distance, (c) => withIncidents.has(c));
      coverByKey.set(key, cells);
    }
    cover.push(cells);
  }

  const cellMunicipality = new Map<string, string | null>();
  const municipalityOf = (cell: string) => {
    let m = cellMunicipality.get(cell);
    if (m === undefined) {
      const [lat, lng] = cellToLatLng(cell);
      m = geography.locate(lat, lng);
      cellMunicipality.set(cell, m);
    }
    return m;
  };
  const byMunicipality = new Map<string, { incidents: number; covered: number }>();
  const byMonth = new Map<string, { incidents: number; covered: number }>();
  const uncovered = new Map<string, number>();
  let incidents = 0;
  let covered = 0;
  for (const [i, c] of counts.entries()) {
    if (i > 0 && i % 20_000 === 0) await breathe();
    const m = municipalityOf(c.cell) ?? '';
    if (p.municipality && m !== p.municipality) continue;
    const isCovered = cover[c.part]!.has(c.cell);
    const month = parts[c.part]!.from.slice(0, 7);
    for (const [map, key] of [[byMunicipality, m], [byMonth, month]] as const) {
      const f = map.get(key) ?? { incidents: 0, covered: 0 };
      f.incidents += c.n;
      if (isCovered) f.covered += c.n;
      map.set(key, f);
    }
    incidents += c.n;
    if (isCovered) covered += c.n;
    else uncovered.set(c.cell, (uncovered.get(c.cell) ?? 0) + c.n);
  }

  const workingAtEnd = workingOn(lastDay);
  const workingIn = (code: string) => workingAtEnd.filter((s) => s.municipality_code === code).length;
  const municipalities = [...byMunicipality.entries()]
    .map(([code, f]): MunicipalityCoverage => ({ code, name: code ? (municipalityName(code) ?? code) : 'Fuera de los límites municipales', workingSites: code ? workingIn(code) : 0, ...figures(f.incidents, f.covered) }))
    .sort((a, b) => b.incidents - a.incidents || a.code.localeCompare(b.code));
  const months: MonthCoverage[] = [];
  for (let y = Number(period.firstDay.slice(0, 4)), m = Number(period.firstDay.slice(5, 7)); `${y}-${pad2(m)}` <= lastDay.slice(0, 7); m === 12 ? (y++, (m = 1)) : m++) {
    const key = `${y}-${pad2(m)}`;
    const f = byMonth.get(key) ?? { incidents: 0, covered: 0 };
    const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const end = monthEnd < lastDay ? monthEnd : lastDay;
    const working = workingOn(end).filter((s) => !p.municipality || s.municipality_code === p.municipality).length;
    months.push({ key, label: `${MONTH_NAMES[m - 1]} de ${y}`, workingSites: working, ...figures(f.incidents, f.covered) });
  }

  const uncoveredList: WeightedCell[] = [...uncovered.entries()].map(([cell, n]) => ({ cell, n }));
  const proposals = (await greedySites(uncoveredList, p.distance, p.budget, MAX_CANDIDATES)).map((x): ProposedSite => {
    const code = municipalityOf(x.cell);
    return { ...x, municipalityCode: code, municipality: code ? (municipalityName(code) ?? code) : 'Fuera de los límites municipales', shareAfter: incidents > 0 ? (covered + x.cumulative) / incidents : null };
  });
  const cells = uncoveredList
    .sort((a, b) => b.n - a.n || (a.cell < b.cell ? -1 : 1))
    .map((c): UncoveredCell => {
      const [lat, lng] = cellToLatLng(c.cell);
      const code = municipalityOf(c.cell);
      return { cell: c.cell, lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6, municipalityCode: code, municipality: code ? (municipalityName(code) ?? code) : 'Fuera de los límites municipales', n: c.n };
    });

  const presetLabel = preset ? preset.label : 'Todos los incidentes reales con ubicación';
  return {
    period: { key: period.key, label: period.label, firstDay: period.firstDay, lastDay: period.lastDay },
    distanceMeters: p.distance,
    preset: { id: preset?.id ?? ALL_INCIDENTS, label: presetLabel },
    kinds: kinds.map((k) => ({ code: k, label: CAMERA_KIND_LABELS[k] })),
    municipality: p.municipality ? { code: p.municipality, name: municipalityName(p.municipality) ?? p.municipality } : null,
    asOf: lastDay,
    workingSites: workingAtEnd.filter((s) => !p.municipality || s.municipality_code === p.municipality).length,
    total: figures(incidents, covered),
    byMunicipality: municipalities,
    byMonth: months,
    uncoveredCells: cells,
    uncoveredCellCount: cells.length,
    proposals,
    notes: coverageNotes(p.distance, kinds.length === CAMERA_KINDS.length ? null : kinds.map((k) => CAMERA_KIND_LABELS[k].toLowerCase())),
  };
}

/** How the figures were made, printed with them on the page and in the workbook. */
export function coverageNotes(distance: number, kinds: string[] | null): string[] {
  const edge = Math.round(CELL_EDGE_METERS);
  const bound = CELL_RADIUS_BOUND_METERS;
  return [
    `Fuente: incidentes reales (llamadas procedentes) del 9-1-1 y del 089 con ubicación, contados por hexágono H3 de resolución ${COVERAGE_RESOLUTION} (acumulado rollup_cells); no se leen incidentes individuales.`,
    `Un incidente está «cerca de una cámara» cuando el centro de su hexágono queda a ${distance.toLocaleString('es-MX')} m o menos de un PMI en operación. ` +
      `Los hexágonos de resolución ${COVERAGE_RESOLUTION} miden unos ${edge} m de lado (≈ 0.1 km²; de 188 a 221 m en México): medir desde su centro cuenta todos los incidentes a menos de ${Math.max(0, distance - bound).toLocaleString('es-MX')} m de un PMI y ninguno a más de ${(distance + bound).toLocaleString('es-MX')} m.`,
    `Cuentan los PMI con estatus «En operación» cada día del periodo${kinds ? ` y con cámaras de los tipos ${kinds.join(', ')}` : ''}: el periodo se divide en tramos donde ningún PMI cambió de estatus, según el historial del registro.`,
    'El municipio de cada incidente es el del centro de su hexágono; un hexágono partido por un límite municipal cuenta en un solo municipio.',
    'Sitios propuestos: elección voraz sobre los centros de los hexágonos con incidentes sin cámara cerca (los 10 000 con más incidentes); cada sitio es el que más incidentes aún no cubiertos agrega (aproximación estándar de cobertura máxima, al menos 63 % del óptimo para ese número de sitios).',
  ];
}
