// Statistics of the cyber registry for a period (a month, quarter, half or year): totals, the monthly indicators of
// the national registry of cyber incidents (seed 003: digital gender violence, monetizable crimes — each a set of
// types in the catalogs), breakdowns by type, channel, platform, victim sex and age, municipality and status, and
// the hotline alerts' workload and punctuality. Read from the daily rollup (grouped by month in SQL) and from the
// alerts table; the aggregation itself is pure (aggregateCyber) so that it can be tested without a database.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { monthsOf, periodInstants, previousPeriod, type Period, type PeriodKind } from '../../analytics/periods.ts';
import { municipalityName } from '../../reference/geography.ts';
import { LocalTime } from '../../util/local-time.ts';
import {
  AGE_GROUPS,
  AGE_GROUP_LABELS,
  SEX_LABELS,
  VICTIM_SEXES,
  labelOf,
  type CyberCatalogs,
  type Indicator,
} from './settings.ts';
import { CYBER_STATUSES } from './tables.ts';
import { STATUS_LABELS } from './validate.ts';

/** One row of the rollup summed over a month. */
export interface MonthlyRollupRow {
  month: string;
  type_code: string;
  municipality_code: string;
  victim_sex: string;
  victim_age_group: string;
  intake_channel: string;
  platform: string;
  status: string;
  referred: boolean;
  n: number;
  amount_lost: number;
  with_amount: number;
}

export interface Figures {
  incidents: number;
  /** Incidents whose victim is a woman. */
  women: number;
  referred: number;
  concluded: number;
  /** MXN, over the incidents that record an amount. */
  amountLost: number;
  withAmount: number;
}

export interface BreakdownRow extends Figures {
  key: string;
  label: string;
}

export interface IndicatorFigures extends Figures {
  code: string;
  label: string;
  description: string;
  types: string[];
  victimSex: string[] | null;
  /** Incidents per month of the period, in the order of CyberStatistics.months. */
  byMonth: number[];
  /** Incidents of the previous period (for the change). */
  previous: number;
}

export interface AlertFigures {
  received: number;
  referred: number;
  discarded: number;
  /** Open at the end of the period, and how many of those were past their step's deadline then. */
  openAtEnd: number;
  overdueAtEnd: number;
  /** Steps completed in the period: on time and late, by step. */
  steps: { step: string; label: string; onTime: number; late: number }[];
  byHotline: { key: string; label: string; received: number; referred: number }[];
}

export interface CyberStatistics {
  period: { key: string; label: string; kind: PeriodKind; firstDay: string; lastDay: string };
  previous: { key: string; label: string; total: Figures };
  months: { key: string; label: string }[];
  total: Figures;
  indicators: IndicatorFigures[];
  byMonth: BreakdownRow[];
  byType: BreakdownRow[];
  byChannel: BreakdownRow[];
  byPlatform: BreakdownRow[];
  bySex: BreakdownRow[];
  byAge: BreakdownRow[];
  byStatus: BreakdownRow[];
  byMunicipality: BreakdownRow[];
  alerts: AlertFigures;
}

export const NO_MUNICIPALITY_LABEL = 'Sin municipio o fuera del estado';

const zero = (): Figures => ({ incidents: 0, women: 0, referred: 0, concluded: 0, amountLost: 0, withAmount: 0 });

function add(f: Figures, r: MonthlyRollupRow) {
  f.incidents += r.n;
  if (r.victim_sex === 'mujer') f.women += r.n;
  if (r.referred) f.referred += r.n;
  if (r.status === 'concluido') f.concluded += r.n;
  f.amountLost = Math.round((f.amountLost + r.amount_lost) * 100) / 100;
  f.withAmount += r.with_amount;
}

/** Whether an incident of the row counts for the indicator. */
export function countsFor(indicator: Pick<Indicator, 'types' | 'victimSex'>, row: Pick<MonthlyRollupRow, 'type_code' | 'victim_sex'>): boolean {
  return indicator.types.includes(row.type_code) && (indicator.victimSex === null || indicator.victimSex.includes(row.victim_sex));
}

/**
 * Rows grouped by one dimension: every entry of `known` in its order (zeros included), then any other value found
 * (a code no longer in the catalog) with `labelOf` deciding its label.
 */
function breakdown(rows: readonly MonthlyRollupRow[], keyOf: (r: MonthlyRollupRow) => string, known: readonly { key: string; label: string }[], labelFor: (k: string) => string, keepZeros = true): BreakdownRow[] {
  const sums = new Map<string, Figures>();
  for (const r of rows) {
    const k = keyOf(r);
    let f = sums.get(k);
    if (!f) sums.set(k, (f = zero()));
    add(f, r);
  }
  const out: BreakdownRow[] = [];
  for (const k of known) {
    const f = sums.get(k.key);
    if (f || keepZeros) out.push({ key: k.key, label: k.label, ...(f ?? zero()) });
    sums.delete(k.key);
  }
  for (const [key, f] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) out.push({ key, label: labelFor(key), ...f });
  return out;
}

/** Pure: the period's figures from its monthly rollup rows and those of the previous period. */
export function aggregateCyber(
  period: Period,
  rows: readonly MonthlyRollupRow[],
  previousRows: readonly MonthlyRollupRow[],
  catalogs: CyberCatalogs,
  alerts: AlertFigures,
): CyberStatistics {
  const months = monthsOf(period).map((m) => ({ key: m.key, label: m.label }));
  const total = zero();
  for (const r of rows) add(total, r);
  const prevTotal = zero();
  for (const r of previousRows) add(prevTotal, r);
  const prev = previousPeriod(period);

  const indicators: IndicatorFigures[] = catalogs.indicators.map((ind) => {
    const f = zero();
    const byMonth = months.map(() => 0);
    for (const r of rows) {
      if (!countsFor(ind, r)) continue;
      add(f, r);
      const i = months.findIndex((m) => m.key === r.month);
      if (i >= 0) byMonth[i]! += r.n;
    }
    const previous = previousRows.filter((r) => countsFor(ind, r)).reduce((s, r) => s + r.n, 0);
    return { code: ind.code, label: ind.label, description: ind.description, types: ind.types, victimSex: ind.victimSex, ...f, byMonth, previous };
  });

  const entries = (c: { entries: { code: string; label: string }[] }) => c.entries.map((e) => ({ key: e.code, label: e.label }));
  const byMunicipality = breakdown(rows, (r) => r.municipality_code, [], (k) => (k === '' ? NO_MUNICIPALITY_LABEL : (municipalityName(k) ?? k)), false).sort(
    (a, b) => b.incidents - a.incidents || a.key.localeCompare(b.key),
  );
  return {
    period: { key: period.key, label: period.label, kind: period.kind, firstDay: period.firstDay, lastDay: period.lastDay },
    previous: { key: prev.key, label: prev.label, total: prevTotal },
    months,
    total,
    indicators,
    byMonth: breakdown(rows, (r) => r.month, months, (k) => k),
    byType: breakdown(rows, (r) => r.type_code, entries(catalogs.types), (k) => labelOf(catalogs.types, k)),
    byChannel: breakdown(rows, (r) => r.intake_channel, entries(catalogs.channels), (k) => labelOf(catalogs.channels, k)),
    byPlatform: breakdown(rows, (r) => r.platform, entries(catalogs.platforms), (k) => labelOf(catalogs.platforms, k)),
    bySex: breakdown(rows, (r) => r.victim_sex, VICTIM_SEXES.map((k) => ({ key: k, label: SEX_LABELS[k] })), (k) => k),
    byAge: breakdown(rows, (r) => r.victim_age_group, AGE_GROUPS.map((k) => ({ key: k, label: AGE_GROUP_LABELS[k] })), (k) => k),
    byStatus: breakdown(rows, (r) => r.status, CYBER_STATUSES.map((k) => ({ key: k, label: STATUS_LABELS[k] })), (k) => k),
    byMunicipality,
    alerts,
  };
}

async function monthlyRows(db: Kysely<Database>, period: Period): Promise<MonthlyRollupRow[]> {
  const { rows } = await sql<MonthlyRollupRow>`
    SELECT to_char(reported_on, 'YYYY-MM') AS month, type_code, municipality_code, victim_sex, victim_age_group,
           intake_channel, platform, status, referred,
           sum(n)::int AS n, sum(amount_lost)::numeric AS amount_lost, sum(with_amount)::int AS with_amount
    FROM cyber_rollup_daily
    WHERE reported_on BETWEEN ${period.firstDay}::date AND ${period.lastDay}::date
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n), amount_lost: Number(r.amount_lost), with_amount: Number(r.with_amount) }));
}

const STEP_LABELS: Record<string, string> = {
  intake: 'Registro',
  assignment: 'Asignación',
  investigation: 'Inicio de la investigación',
  referral: 'Canalización',
};

/** The alerts' figures for the period (received, referred, discarded in it; open and overdue at its end). */
export async function alertFigures(db: Kysely<Database>, period: Period, timeZone: string, hotlines: { code: string; name: string }[]): Promise<AlertFigures> {
  const { start, end } = periodInstants(period, new LocalTime(timeZone));
  const counts = await sql<{ hotline: string; received: number; referred: number; discarded: number; open_at_end: number; overdue_at_end: number }>`
    SELECT hotline,
           count(*) FILTER (WHERE received_at >= ${start} AND received_at < ${end})::int AS received,
           count(*) FILTER (WHERE referred_at >= ${start} AND referred_at < ${end})::int AS referred,
           count(*) FILTER (WHERE discarded_at >= ${start} AND discarded_at < ${end})::int AS discarded,
           count(*) FILTER (WHERE received_at < ${end} AND coalesce(referred_at, discarded_at, 'infinity') >= ${end})::int AS open_at_end,
           count(*) FILTER (WHERE received_at < ${end} AND coalesce(referred_at, discarded_at, 'infinity') >= ${end}
                              AND (SELECT e.next_due_at FROM cyber_alert_events e WHERE e.alert_id = a.id AND e.at < ${end}
                                   ORDER BY e.id DESC LIMIT 1) < ${end})::int AS overdue_at_end
    FROM cyber_alerts a GROUP BY hotline`.execute(db);
  const steps = await sql<{ step: string; on_time: number; late: number }>`
    SELECT step, count(*) FILTER (WHERE NOT late)::int AS on_time, count(*) FILTER (WHERE late)::int AS late
    FROM cyber_alert_events WHERE step IS NOT NULL AND at >= ${start} AND at < ${end} GROUP BY step`.execute(db);
  const byCode = new Map(counts.rows.map((r) => [r.hotline, r]));
  const sum = (k: 'received' | 'referred' | 'discarded' | 'open_at_end' | 'overdue_at_end') => counts.rows.reduce((s, r) => s + Number(r[k]), 0);
  const known = hotlines.map((h) => ({ key: h.code, label: h.name }));
  for (const code of byCode.keys()) if (!known.some((k) => k.key === code)) known.push({ key: code, label: code });
  return {
    received: sum('received'),
    referred: sum('referred'),
    discarded: sum('discarded'),
    openAtEnd: sum('open_at_end'),
    overdueAtEnd: sum('overdue_at_end'),
    steps: Object.keys(STEP_LABELS).map((step) => {
      const s = steps.rows.find((r) => r.step === step);
      return { step, label: STEP_LABELS[step]!, onTime: Number(s?.on_time ?? 0), late: Number(s?.late ?? 0) };
    }),
    byHotline: known.map((k) => ({ key: k.key, label: k.label, received: Number(byCode.get(k.key)?.received ?? 0), referred: Number(byCode.get(k.key)?.referred ?? 0) })),
  };
}

export async function computeCyberStatistics(
  db: Kysely<Database>,
  period: Period,
  opts: { catalogs: CyberCatalogs; timeZone: string; hotlines: { code: string; name: string }[] },
): Promise<CyberStatistics> {
  const [rows, previousRows, alerts] = await Promise.all([
    monthlyRows(db, period),
    monthlyRows(db, previousPeriod(period)),
    alertFigures(db, period, opts.timeZone, opts.hotlines),
  ]);
  return aggregateCyber(period, rows, previousRows, opts.catalogs, alerts);
}
