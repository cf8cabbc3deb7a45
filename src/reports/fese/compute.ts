// FESE (Formato Estadístico de los Servicios de Emergencia): the monthly statistics of the 9-1-1 and 089 services
// that the state sends to the CNI, per call center (CALLE) and consolidated. Computed from the rollups only.
import { sql } from 'kysely';
import { z } from 'zod';
import { bucketBounds, quantileFromHistogram, shareAtOrBelow, type HistogramBucket } from '../../analytics/stats.ts';
import { cnieEntry, toCatalog, type CnieVersion } from '../../reference/cnie.ts';
import { loadStateGeography } from '../../reference/geography.ts';
import { SERVICE_MEASURES } from '../../incidents/rollups.ts';
import { CHANNEL_LABELS } from '../labels.ts';
import type { ReportContext, Suppressed } from '../types.ts';

const target = z.number().int().positive();
export const feseParams = z.object({
  center: z.string().min(1).optional(),
  /**
   * Service-level targets in seconds: a measure is within target when it is strictly less than the target (rollup
   * buckets are [lower, upper), so targets on bucket bounds are exact).
   */
  targets: z
    .record(z.enum(['alta', 'media', 'baja']), z.object({ dispatch: target, arrival: target }))
    .default({ alta: { dispatch: 120, arrival: 900 }, media: { dispatch: 300, arrival: 1800 }, baja: { dispatch: 600, arrival: 3600 } }),
});
export type FeseParams = z.infer<typeof feseParams>;

/** S is the mark of a suppressed figure: never in the figures computed here, Suppressed in a released version. */
export interface IncidentRow<S extends Suppressed = never> {
  code: number;
  name: string;
  type: string;
  subtype: string;
  improper: boolean;
  count: number | S;
  /** Original codes of the other catalog version that reached this row, or that had no equivalent. */
  note: string;
}

export interface ServiceTimeRow<S extends Suppressed = never> {
  priority: string;
  measure: 'de recepción a despacho' | 'de despacho a arribo' | 'de recepción a cierre';
  measured: number | S;
  medianSeconds: number | null | S;
  p90Seconds: number | null | S;
  targetSeconds: number | null;
  withinTarget: number | null | S;
}

export interface FeseSection<S extends Suppressed = never> {
  code: string;
  name: string;
  total: number | S;
  real: number | S;
  improper: number | S;
  incidents: IncidentRow<S>[];
  improperByKind: { code: number; name: string; count: number | S }[];
  byChannel: { channel: string; label: string; count: number | S }[];
  byMunicipality: { code: string; name: string; count: number | S }[];
  serviceTimes: ServiceTimeRow<S>[];
}

export interface FeseData<S extends Suppressed = never> {
  period: { key: string; label: string; firstDay: string; lastDay: string };
  cnieVersion: CnieVersion;
  consolidated: FeseSection<S>;
  centers: FeseSection<S>[];
  /** Codes stored in the other catalog version that have no equivalent in this one (kept, counted apart). */
  unmapped: { version: CnieVersion; code: number; count: number | S }[];
}

const NO_EQUIVALENT = 0;

/** The code an incident counts under in `version`, or NO_EQUIVALENT. */
function reportCode(storedVersion: CnieVersion, code: number, version: CnieVersion): number {
  if (storedVersion === version) return code;
  return toCatalog(code, storedVersion, version) ?? NO_EQUIVALENT;
}

export async function computeFese(ctx: ReportContext): Promise<FeseData> {
  const params = ctx.params as FeseParams;
  const { period, cnieVersion: version, db } = ctx;
  const centers = await db
    .selectFrom('call_centers')
    .select(['code', 'name'])
    .where('state_code', '=', ctx.config.stateCode)
    .$if(!!params.center, (q) => q.where('code', '=', params.center!))
    .orderBy('code')
    .execute();
  if (params.center && centers.length === 0) throw new Error(`El centro «${params.center}» no está registrado.`);
  const centerCodes = centers.map((c) => c.code);

  // One pass over the month's rollup rows, summed three ways (by code, by channel, by municipality): a few thousand
  // rows come back however many incidents the month had.
  const sums = await sql<{
    set: number;
    center_code: string;
    cnie_version: CnieVersion | null;
    cnie_code: number | null;
    is_improper: boolean | null;
    channel: string | null;
    municipality_code: string | null;
    n: number;
  }>`
    SELECT GROUPING(cnie_version, channel, municipality_code)::int AS set, center_code, cnie_version, cnie_code,
           is_improper, channel, municipality_code, sum(n)::int AS n
    FROM rollup_monthly
    WHERE month BETWEEN ${period.firstDay} AND ${period.lastDay} AND center_code = ANY(${centerCodes}::text[])
    GROUP BY GROUPING SETS ((center_code, cnie_version, cnie_code, is_improper), (center_code, channel), (center_code, municipality_code))`.execute(db);
  // GROUPING() bits, most significant first: (cnie_version, channel, municipality_code); 1 = not grouped by it.
  type CodeSum = { center_code: string; cnie_version: CnieVersion; cnie_code: number; is_improper: boolean; n: number };
  const codeSums = sums.rows.filter((r) => r.set === 0b011) as unknown as CodeSum[];
  const channelSums = sums.rows.filter((r) => r.set === 0b101) as { center_code: string; channel: string; n: number }[];
  const municipalitySums = sums.rows.filter((r) => r.set === 0b110) as { center_code: string; municipality_code: string; n: number }[];
  const times = await sql<{ center_code: string; priority: string; measure: number; bucket: number; n: number }>`
    SELECT center_code, priority, measure, bucket, sum(n)::int AS n
    FROM rollup_service_times
    WHERE month BETWEEN ${period.firstDay} AND ${period.lastDay} AND center_code = ANY(${centerCodes}::text[])
      AND NOT is_improper
    GROUP BY 1, 2, 3, 4`.execute(db);

  const geography = loadStateGeography(ctx.config.stateCode);
  const munName = new Map(geography.municipalities.map((m) => [m.code, m.name]));
  const unmapped = new Map<string, number>();
  for (const r of codeSums) {
    if (reportCode(r.cnie_version, r.cnie_code, version) === NO_EQUIVALENT) {
      const k = `${r.cnie_version}|${r.cnie_code}`;
      unmapped.set(k, (unmapped.get(k) ?? 0) + r.n);
    }
  }

  const section = (code: string, name: string, only: (centerCode: string) => boolean): FeseSection => {
    const rows = codeSums.filter((r) => only(r.center_code));
    const incidents = new Map<number, IncidentRow & { notes: Set<string> }>();
    const channels = new Map<string, number>();
    const municipalities = new Map<string, number>();
    for (const r of channelSums) if (only(r.center_code)) channels.set(r.channel, (channels.get(r.channel) ?? 0) + r.n);
    for (const r of municipalitySums) {
      if (only(r.center_code)) municipalities.set(r.municipality_code, (municipalities.get(r.municipality_code) ?? 0) + r.n);
    }
    let total = 0;
    let improper = 0;
    for (const r of rows) {
      total += r.n;
      if (r.is_improper) improper += r.n;
      const c = reportCode(r.cnie_version, r.cnie_code, version);
      let row = incidents.get(c);
      if (!row) {
        const entry = c === NO_EQUIVALENT ? undefined : cnieEntry(version, c);
        row = {
          code: c,
          name: entry?.name ?? `Sin equivalencia en el catálogo ${version === '2' ? '2.0' : '3'}`,
          type: entry?.typeName ?? '',
          subtype: entry?.subtypeName ?? (entry ? String(entry.subtype) : ''),
          improper: r.is_improper,
          count: 0,
          note: '',
          notes: new Set(),
        };
        incidents.set(c, row);
      }
      row.count += r.n;
      if (r.cnie_version !== version) row.notes.add(`${r.cnie_version === '2' ? '2.0' : '3'}:${r.cnie_code}`);
    }
    const incidentRows = [...incidents.values()]
      .sort((a, b) => (a.code === NO_EQUIVALENT ? 1 : b.code === NO_EQUIVALENT ? -1 : a.code - b.code))
      .map(({ notes, ...r }) => ({ ...r, note: notes.size ? `Incluye claves de otra versión: ${[...notes].sort().join(', ')}` : '' }));
    // Improper calls by kind: the improper incident rows themselves (type 7 / "mal uso del servicio").
    const byKind = new Map<number, { code: number; name: string; count: number }>();
    for (const r of rows.filter((x) => x.is_improper)) {
      const c = reportCode(r.cnie_version, r.cnie_code, version);
      const k = byKind.get(c) ?? { code: c, name: incidents.get(c)!.name, count: 0 };
      k.count += r.n;
      byKind.set(c, k);
    }
    return {
      code,
      name,
      total,
      real: total - improper,
      improper,
      incidents: incidentRows,
      improperByKind: [...byKind.values()].sort((a, b) => b.count - a.count),
      byChannel: Object.keys(CHANNEL_LABELS)
        .filter((ch) => channels.has(ch))
        .map((ch) => ({ channel: ch, label: CHANNEL_LABELS[ch as keyof typeof CHANNEL_LABELS], count: channels.get(ch)! })),
      byMunicipality: [...municipalities]
        .map(([m, n]) => ({ code: m, name: m === '' ? 'Sin municipio' : (munName.get(m) ?? m), count: n }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      serviceTimes: serviceTimes(times.rows.filter((t) => only(t.center_code)), params),
    };
  };

  return {
    period: { key: period.key, label: period.label, firstDay: period.firstDay, lastDay: period.lastDay },
    cnieVersion: version,
    consolidated: section(params.center ?? 'ESTATAL', params.center ? centers[0]!.name : 'Consolidado estatal', () => true),
    centers: centers.map((c) => section(c.code, c.name, (x) => x === c.code)),
    unmapped: [...unmapped].map(([k, count]) => {
      const [v, code] = k.split('|');
      return { version: v as CnieVersion, code: Number(code), count };
    }),
  };
}

const MEASURES: [number, ServiceTimeRow['measure'], 'dispatch' | 'arrival' | null][] = [
  [SERVICE_MEASURES.reception_dispatch, 'de recepción a despacho', 'dispatch'],
  [SERVICE_MEASURES.dispatch_arrival, 'de despacho a arribo', 'arrival'],
  [SERVICE_MEASURES.reception_close, 'de recepción a cierre', null],
];

function serviceTimes(rows: { priority: string; measure: number; bucket: number; n: number }[], params: FeseParams): ServiceTimeRow[] {
  const out: ServiceTimeRow[] = [];
  for (const priority of ['alta', 'media', 'baja', '']) {
    for (const [measure, label, targetKey] of MEASURES) {
      const histogram = new Map<number, number>();
      for (const r of rows) if (r.priority === priority && r.measure === measure) histogram.set(r.bucket, (histogram.get(r.bucket) ?? 0) + r.n);
      if (histogram.size === 0) continue;
      const buckets: HistogramBucket[] = [...histogram].map(([lower, n]) => ({ ...bucketBounds(lower), n }));
      const targetSeconds = targetKey && priority ? (params.targets[priority as 'alta']?.[targetKey] ?? null) : null;
      out.push({
        priority: priority || 'sin prioridad',
        measure: label,
        measured: buckets.reduce((s, b) => s + b.n, 0),
        medianSeconds: quantileFromHistogram(buckets, 0.5),
        p90Seconds: quantileFromHistogram(buckets, 0.9),
        targetSeconds,
        // Strictly below the target: with targets on bucket bounds, the buckets below it are exactly those.
        withinTarget: targetSeconds === null ? null : shareAtOrBelow(buckets, targetSeconds),
      });
    }
  }
  return out;
}
