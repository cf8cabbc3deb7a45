// Extortion tips by modality, municipality, channel and month, with the distinct phone numbers they report, for a
// month, quarter or year and the periods it is compared with (the previous one and the same one a year earlier).
// Read from rollup_extortion only: the rows of a period number in the thousands however many calls the state took.
import { sql } from 'kysely';
import { z } from 'zod';
import { monthsOf, previousPeriod, samePeriodLastYear, type Period, type PeriodKind } from '../../analytics/periods.ts';
import { municipalityName } from '../../reference/geography.ts';
import { CHANNELS, type Channel } from '../../incidents/tables.ts';
import { CHANNEL_LABELS } from '../labels.ts';
import { SUPPRESSED, type ReportContext, type Suppressed } from '../types.ts';
import { NO_MODALITY, NO_MODALITY_LABEL, classifyModality, extortionModalities, type Modality } from './modalities.ts';

export const extortionParams = z.object({
  /** One call center (CALLE); all of the state when left out. */
  center: z.string().min(1, 'el centro no puede ir vacío').optional(),
  /** One entry channel (e.g. only the 089 line); every channel when left out. */
  channel: z.enum(CHANNELS, { message: `el medio de entrada debe ser uno de: ${CHANNELS.join(', ')}` }).optional(),
});
export type ExtortionParams = z.infer<typeof extortionParams>;

export interface PeriodRef {
  key: string;
  label: string;
  firstDay: string;
  lastDay: string;
}

/** S is the mark of a suppressed figure: never in the figures computed here, Suppressed in a released version. */
export interface Figures<S extends Suppressed = never> {
  /** Tips classified as extortion. */
  reports: number | S;
  /** Distinct phone numbers the tips report (a number reported by many tips counts once). */
  numbers: number | S;
  /** Tips that record a phone number. */
  withNumber: number | S;
}

export interface Change<S extends Suppressed = never> {
  absolute: number | S;
  /** Fraction of the base; null when the base is 0 (no percentage change from nothing). */
  percent: number | null | S;
}

export interface Comparison {
  role: 'previous' | 'year_ago';
  /** 'Mes anterior', 'Mismo trimestre del año anterior', 'Año anterior'… */
  label: string;
  period: PeriodRef;
}

export interface ExtortionRow<S extends Suppressed = never> {
  key: string;
  label: string;
  current: Figures<S>;
  /** One per comparison, in the order of ExtortionData.comparisons. */
  compared: Figures<S>[];
  /** Change of the current figures against each comparison. */
  changes: { reports: Change<S>; numbers: Change<S> }[];
}

export interface MonthRow<S extends Suppressed = never> {
  key: string;
  label: string;
  current: Figures<S>;
  /** The same month a year earlier. */
  yearAgoKey: string;
  yearAgoLabel: string;
  yearAgo: Figures<S>;
  change: Change<S>;
}

export interface ExtortionData<S extends Suppressed = never> {
  period: PeriodRef & { kind: PeriodKind };
  /** Previous period and same period a year earlier; for a year, they are the same and appear once. */
  comparisons: Comparison[];
  scope: { center: string | null; centerName: string | null; channel: Channel | null };
  /** The modality list the tips were classified with. */
  modalities: Modality[];
  otherCode: string;
  total: ExtortionRow<S>;
  /** Every modality of the list, then "sin modalidad registrada". */
  byModality: ExtortionRow<S>[];
  byMunicipality: ExtortionRow<S>[];
  byChannel: ExtortionRow<S>[];
  /** The months of a quarter or a year against the same months a year earlier; empty for a monthly report. */
  byMonth: MonthRow<S>[];
  /** Recorded modalities outside the list, counted under the catch-all: reports per period (current first). */
  unlisted: { value: string; reports: (number | S)[] }[];
}

const ref = (p: Period): PeriodRef => ({ key: p.key, label: p.label, firstDay: p.firstDay, lastDay: p.lastDay });
const ZERO: Figures = { reports: 0, numbers: 0, withNumber: 0 };

/** Change from `base` to `value`; the percentage is undefined from 0; suppressed when either figure is. */
export function change(value: number, base: number): Change;
export function change(value: number | Suppressed, base: number | Suppressed): Change<Suppressed>;
export function change(value: number | Suppressed, base: number | Suppressed): Change<Suppressed> {
  if (value === SUPPRESSED || base === SUPPRESSED) return { absolute: SUPPRESSED, percent: SUPPRESSED };
  return { absolute: value - base, percent: base === 0 ? null : (value - base) / base };
}

const COMPARISON_LABELS: Record<PeriodKind, { previous: string; yearAgo: string }> = {
  month: { previous: 'Mes anterior', yearAgo: 'Mismo mes del año anterior' },
  quarter: { previous: 'Trimestre anterior', yearAgo: 'Mismo trimestre del año anterior' },
  half: { previous: 'Semestre anterior', yearAgo: 'Mismo semestre del año anterior' },
  year: { previous: 'Año anterior', yearAgo: 'Año anterior' },
};

/** The periods a report compares with: previous, and same period a year earlier unless that is the previous one. */
export function comparisonsOf(period: Period): { comparison: Comparison; period: Period }[] {
  const labels = COMPARISON_LABELS[period.kind];
  const previous = previousPeriod(period);
  const yearAgo = samePeriodLastYear(period);
  const out: { comparison: Comparison; period: Period }[] = [
    { comparison: { role: 'previous', label: labels.previous, period: ref(previous) }, period: previous },
  ];
  if (yearAgo.key !== previous.key) out.push({ comparison: { role: 'year_ago', label: labels.yearAgo, period: ref(yearAgo) }, period: yearAgo });
  return out;
}

interface SumRow {
  set: number;
  k: number;
  modality: string | null;
  municipality_code: string | null;
  channel: string | null;
  month: string | null;
  reports: number;
  with_number: number;
  numbers: number;
}

export async function computeExtortion(ctx: ReportContext): Promise<ExtortionData> {
  const params = ctx.params as ExtortionParams;
  const { db, period } = ctx;
  let centerName: string | null = null;
  if (params.center) {
    const c = await db
      .selectFrom('call_centers')
      .select('name')
      .where('code', '=', params.center)
      .where('state_code', '=', ctx.config.stateCode)
      .executeTakeFirst();
    if (!c) throw new Error(`El centro «${params.center}» no está registrado.`);
    centerName = c.name;
  }
  const compared = comparisonsOf(period);
  // For a quarter or a year, the monthly table sets each month against the same month a year earlier; that period
  // is always among the compared ones except for a month, which needs no monthly table.
  const periods = [period, ...compared.map((c) => c.period)];
  const list = extortionModalities();

  const periodValues = sql.join(periods.map((p, k) => sql`(${k}::int, ${p.firstDay}::date, ${p.lastDay}::date)`));
  const filters = sql.join(
    [
      sql`true`,
      ...(params.center ? [sql`e.center_code = ${params.center}`] : []),
      ...(params.channel ? [sql`e.channel = ${params.channel}`] : []),
    ],
    sql` AND `,
  );

  // First the recorded modality values (a handful), to classify them with the list; then every sum in one pass,
  // with the values mapped to their modality inside the query so that distinct numbers are counted per modality.
  const recorded = await sql<{ k: number; modality: string; n: number }>`
    WITH periods(k, first_day, last_day) AS (VALUES ${periodValues})
    SELECT p.k, e.modality, sum(e.n)::int AS n
    FROM rollup_extortion e JOIN periods p ON e.local_date BETWEEN p.first_day AND p.last_day
    WHERE ${filters}
    GROUP BY 1, 2`.execute(db);
  const mapping = new Map<string, string>();
  const unlisted = new Map<string, number[]>();
  for (const r of recorded.rows) {
    const c = classifyModality(r.modality, list);
    mapping.set(r.modality, c.code);
    if (!c.listed) {
      const counts = unlisted.get(r.modality) ?? periods.map(() => 0);
      counts[r.k]! += r.n;
      unlisted.set(r.modality, counts);
    }
  }
  const sums = await sql<SumRow>`
    WITH periods(k, first_day, last_day) AS (VALUES ${periodValues}),
         mapping(raw, code) AS (SELECT * FROM unnest(${[...mapping.keys()]}::text[], ${[...mapping.values()]}::text[]))
    SELECT GROUPING(m.code, e.municipality_code, e.channel, to_char(e.local_date, 'YYYY-MM'))::int AS set, p.k,
           m.code AS modality, e.municipality_code, e.channel, to_char(e.local_date, 'YYYY-MM') AS month,
           sum(e.n)::int AS reports,
           coalesce(sum(e.n) FILTER (WHERE e.reported_phone <> ''), 0)::int AS with_number,
           count(DISTINCT e.reported_phone) FILTER (WHERE e.reported_phone <> '')::int AS numbers
    FROM rollup_extortion e
    JOIN periods p ON e.local_date BETWEEN p.first_day AND p.last_day
    JOIN mapping m ON m.raw = e.modality
    WHERE ${filters}
    GROUP BY GROUPING SETS ((p.k), (p.k, m.code), (p.k, e.municipality_code), (p.k, e.channel), (p.k, to_char(e.local_date, 'YYYY-MM')))`.execute(db);

  // GROUPING() bits, most significant first: (modality, municipality, channel, month); 1 = not grouped by it.
  const SETS = { total: 0b1111, modality: 0b0111, municipality: 0b1011, channel: 0b1101, month: 0b1110 } as const;
  const figuresBy = (set: number, keyOf: (r: SumRow) => string) => {
    const out = new Map<string, Figures[]>();
    for (const r of sums.rows) {
      if (r.set !== set) continue;
      const key = keyOf(r);
      const figures = out.get(key) ?? periods.map(() => ZERO);
      figures[r.k] = { reports: r.reports, numbers: r.numbers, withNumber: r.with_number };
      out.set(key, figures);
    }
    return out;
  };
  const row = (key: string, label: string, figures: Figures[] | undefined): ExtortionRow => {
    const [current, ...rest] = figures ?? periods.map(() => ZERO);
    return {
      key,
      label,
      current: current!,
      compared: rest,
      changes: rest.map((b) => ({ reports: change(current!.reports, b.reports), numbers: change(current!.numbers, b.numbers) })),
    };
  };

  const total = figuresBy(SETS.total, () => '').get('');
  const modalities = figuresBy(SETS.modality, (r) => r.modality!);
  const municipalities = figuresBy(SETS.municipality, (r) => r.municipality_code!);
  const channels = figuresBy(SETS.channel, (r) => r.channel!);
  const months = figuresBy(SETS.month, (r) => r.month!);

  const yearAgoIndex = 1 + compared.findIndex((c) => c.period.key === samePeriodLastYear(period).key);
  const byMonth: MonthRow[] =
    period.kind === 'month'
      ? []
      : monthsOf(period).map((m) => {
          const last = samePeriodLastYear(m);
          const current = months.get(m.key)?.[0] ?? ZERO;
          const yearAgo = months.get(last.key)?.[yearAgoIndex] ?? ZERO;
          return { key: m.key, label: m.label, current, yearAgoKey: last.key, yearAgoLabel: last.label, yearAgo, change: change(current.reports, yearAgo.reports) };
        });

  return {
    period: { ...ref(period), kind: period.kind },
    comparisons: compared.map((c) => c.comparison),
    scope: { center: params.center ?? null, centerName, channel: params.channel ?? null },
    modalities: list.modalities,
    otherCode: list.otherCode,
    total: row('total', 'Total', total),
    byModality: [
      ...list.modalities.map((m) => row(m.code, m.label, modalities.get(m.code))),
      row(NO_MODALITY, NO_MODALITY_LABEL, modalities.get(NO_MODALITY)),
    ],
    byMunicipality: [...municipalities.keys()]
      .map((code) => row(code, code === '' ? 'Sin municipio' : (municipalityName(code) ?? code), municipalities.get(code)))
      .sort((a, b) => b.current.reports - a.current.reports || a.key.localeCompare(b.key)),
    byChannel: CHANNELS.filter((ch) => channels.has(ch)).map((ch) => row(ch, CHANNEL_LABELS[ch], channels.get(ch))),
    byMonth,
    unlisted: [...unlisted].map(([value, reports]) => ({ value, reports })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
  };
}
