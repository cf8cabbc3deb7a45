// The cyber statistics as the report's files show them: a summary, the monthly indicators and a list of breakdown
// tables, each cell a number or null (withheld). The internal report shows the unit's exact figures; the external
// one (for the CNI and the National Guard's scientific directorate) has fewer columns, no case identifiers, and every
// column protected by the small-count rule of disclosure.ts. Renderers only ever see a view.
import type { BreakdownRow, CyberStatistics, Figures } from '../statistics.ts';
import { MIN_COUNT, SUPPRESSED_MARK, checkProtected, protectColumn, protectFigure, type Cell, type DisclosureFinding } from './disclosure.ts';

export interface ViewColumn {
  key: string;
  header: string;
  /** The header in the PDF's narrow columns. */
  short: string;
  money?: boolean;
}

export interface ViewTable {
  /** Sheet name and CSV section. */
  id: string;
  title: string;
  keyHeader: string;
  columns: ViewColumn[];
  rows: { key: string; label: string; values: Record<string, Cell> }[];
  total: Record<string, Cell>;
  /** Draw this column as a bar chart in the PDF. */
  chart?: string;
}

export interface ViewIndicator {
  code: string;
  label: string;
  description: string;
  incidents: Cell;
  previous: Cell;
  women: Cell;
  referred: Cell;
  amountLost: Cell;
  months: Cell[];
}

export interface CyberReportView {
  kind: 'internal' | 'external';
  period: CyberStatistics['period'];
  previous: { key: string; label: string };
  months: { key: string; label: string }[];
  summary: { key: string; label: string; value: Cell; previous: Cell; money?: boolean }[];
  indicators: ViewIndicator[];
  tables: ViewTable[];
  notes: string[];
  /** The minimum count of the external report; null for the internal one. */
  minCount: number | null;
}

type Measure = keyof Figures;

const COLUMN_HEADERS: Record<Measure, string> = {
  incidents: 'Incidentes',
  women: 'Víctimas mujeres',
  referred: 'Canalizados a la Fiscalía',
  concluded: 'Concluidos',
  amountLost: 'Monto perdido (MXN)',
  withAmount: 'Con monto registrado',
};

interface TableSpec {
  id: string;
  title: string;
  keyHeader: string;
  rows: BreakdownRow[];
  measures: Measure[];
  chart?: Measure;
  total: Figures;
  /** Headers of the measures when they do not count incidents (alerts, steps). */
  headers?: Partial<Record<Measure, string>>;
}

const SHORT_HEADERS: Record<Measure, string> = {
  incidents: 'Incidentes',
  women: 'Mujeres',
  referred: 'Canalizados',
  concluded: 'Concluidos',
  amountLost: 'Monto (MXN)',
  withAmount: 'Con monto',
};

const columnsOf = (t: TableSpec): ViewColumn[] =>
  t.measures.map((m) => ({ key: m, header: t.headers?.[m] ?? COLUMN_HEADERS[m], short: t.headers?.[m] ?? SHORT_HEADERS[m], money: m === 'amountLost' }));

function exactTable(t: TableSpec): ViewTable {
  return {
    id: t.id,
    title: t.title,
    keyHeader: t.keyHeader,
    columns: columnsOf(t),
    rows: t.rows.map((r) => ({ key: r.key, label: r.label, values: Object.fromEntries(t.measures.map((m) => [m, r[m]])) })),
    total: Object.fromEntries(t.measures.map((m) => [m, t.total[m]])),
    chart: t.chart,
  };
}

/** Protects every column of a table: counts on themselves, money on the incidents that record an amount. */
function protectedTable(t: TableSpec): ViewTable {
  const cols = new Map<Measure, { cells: Cell[]; total: Cell }>();
  for (const m of t.measures) {
    const values = t.rows.map((r) => r[m]);
    cols.set(
      m,
      m === 'amountLost'
        ? protectColumn(values, t.total.amountLost, { basis: t.rows.map((r) => r.withAmount), totalBasis: t.total.withAmount })
        : protectColumn(values, t.total[m]),
    );
  }
  return {
    id: t.id,
    title: t.title,
    keyHeader: t.keyHeader,
    columns: columnsOf(t),
    rows: t.rows.map((r, i) => ({ key: r.key, label: r.label, values: Object.fromEntries(t.measures.map((m) => [m, cols.get(m)!.cells[i]!])) })),
    total: Object.fromEntries(t.measures.map((m) => [m, cols.get(m)!.total])),
    chart: t.chart,
  };
}

function alertTables(s: CyberStatistics, internal: boolean): TableSpec[] {
  const a = s.alerts;
  const hotlineRows: BreakdownRow[] = a.byHotline.map((h) => ({ key: h.key, label: h.label, incidents: h.received, referred: h.referred, women: 0, concluded: 0, amountLost: 0, withAmount: 0 }));
  const specs: TableSpec[] = [
    {
      id: 'Alertas',
      title: 'Alertas de líneas internacionales sobre material de abuso sexual infantil: recibidas y canalizadas',
      keyHeader: 'Línea internacional',
      rows: hotlineRows,
      measures: ['incidents', 'referred'],
      headers: { incidents: 'Recibidas', referred: 'Canalizadas' },
      total: { incidents: a.received, referred: a.referred, women: 0, concluded: 0, amountLost: 0, withAmount: 0 },
    },
  ];
  if (internal) {
    specs.push({
      id: 'Plazos de alertas',
      title: 'Etapas de las alertas concluidas en el periodo: en plazo y fuera de plazo',
      keyHeader: 'Etapa',
      rows: a.steps.map((st) => ({ key: st.step, label: st.label, incidents: st.onTime, referred: st.late, women: 0, concluded: 0, amountLost: 0, withAmount: 0 })),
      measures: ['incidents', 'referred'],
      headers: { incidents: 'En plazo', referred: 'Fuera de plazo' },
      total: { incidents: a.steps.reduce((x, st) => x + st.onTime, 0), referred: a.steps.reduce((x, st) => x + st.late, 0), women: 0, concluded: 0, amountLost: 0, withAmount: 0 },
    });
  }
  return specs;
}

function specsOf(s: CyberStatistics, internal: boolean): TableSpec[] {
  const t = s.total;
  const many = s.months.length > 1;
  const specs: TableSpec[] = [
    { id: 'Tipos', title: 'Incidentes por tipo', keyHeader: 'Tipo de incidente', rows: s.byType, measures: internal ? ['incidents', 'women', 'referred', 'concluded', 'amountLost'] : ['incidents', 'referred', 'amountLost'], chart: 'incidents', total: t },
    ...(many ? [{ id: 'Meses', title: 'Incidentes por mes', keyHeader: 'Mes', rows: s.byMonth, measures: (internal ? ['incidents', 'women', 'referred'] : ['incidents']) as Measure[], total: t }] : []),
    { id: 'Medios de entrada', title: 'Incidentes por medio de entrada de la denuncia', keyHeader: 'Medio de entrada', rows: s.byChannel, measures: ['incidents'], total: t },
    { id: 'Plataformas', title: 'Incidentes por plataforma', keyHeader: 'Plataforma', rows: s.byPlatform, measures: internal ? ['incidents', 'amountLost'] : ['incidents'], chart: 'incidents', total: t },
    { id: 'Sexo', title: 'Incidentes por sexo de la víctima', keyHeader: 'Sexo', rows: s.bySex, measures: ['incidents'], total: t },
    { id: 'Edad', title: 'Incidentes por grupo de edad de la víctima', keyHeader: 'Grupo de edad', rows: s.byAge, measures: internal ? ['incidents', 'women'] : ['incidents'], total: t },
    { id: 'Estatus', title: 'Incidentes por estatus de atención', keyHeader: 'Estatus', rows: s.byStatus, measures: ['incidents'], total: t },
    { id: 'Municipios', title: 'Incidentes por municipio de la víctima', keyHeader: 'Municipio', rows: s.byMunicipality, measures: internal ? ['incidents', 'women', 'referred'] : ['incidents'], total: t },
    ...alertTables(s, internal),
  ];
  return specs;
}

const fmt = (n: number) => n.toLocaleString('es-MX');

function notesOf(s: CyberStatistics, kind: 'internal' | 'external'): string[] {
  const notes = [
    'Se cuentan los incidentes cibernéticos registrados por la Unidad de Policía Cibernética con fecha de registro dentro del periodo.',
    ...s.indicators.map((i) => `Indicador «${i.label}»: ${i.description || `tipos ${i.types.join(', ')}`}`),
    'Monto perdido: suma de los montos registrados en pesos (MXN); los incidentes sin monto no se suman ni se cuentan como cero.',
    `Alertas: reportes de ${s.alerts.byHotline.map((h) => h.label).join(' y ')} sobre material de abuso sexual de niñas, niños y adolescentes; la unidad guarda solo identificadores y metadatos, nunca el material.`,
  ];
  if (kind === 'external') {
    notes.push(
      `Control de divulgación: no se incluye ningún folio, referencia ni dato de las víctimas; las cifras de 1 a ${MIN_COUNT - 1} casos se reservan («${SUPPRESSED_MARK}»), ` +
        'y cuando en un cuadro solo quedaría una cifra reservada se reserva también la siguiente menor, para que no pueda deducirse por diferencia. Un monto se publica solo si lo registran al menos ' +
        `${MIN_COUNT} incidentes.`,
    );
  }
  return notes;
}

function summaryRows(s: CyberStatistics, protect: (value: number, basis?: number) => Cell) {
  const t = s.total;
  const p = s.previous.total;
  return [
    { key: 'incidents', label: 'Incidentes registrados', value: protect(t.incidents), previous: protect(p.incidents) },
    { key: 'women', label: 'Incidentes con víctima mujer', value: protect(t.women), previous: protect(p.women) },
    { key: 'referred', label: 'Canalizados a la Fiscalía', value: protect(t.referred), previous: protect(p.referred) },
    { key: 'concluded', label: 'Concluidos', value: protect(t.concluded), previous: protect(p.concluded) },
    { key: 'amountLost', label: 'Monto perdido registrado (MXN)', value: protect(t.amountLost, t.withAmount), previous: protect(p.amountLost, p.withAmount), money: true },
    { key: 'alerts', label: 'Alertas internacionales recibidas', value: protect(s.alerts.received), previous: null },
  ];
}

/** The unit's view: exact figures. */
export function internalView(s: CyberStatistics): CyberReportView {
  return {
    kind: 'internal',
    period: s.period,
    previous: { key: s.previous.key, label: s.previous.label },
    months: s.months,
    summary: summaryRows(s, (v) => v),
    indicators: s.indicators.map((i) => ({ code: i.code, label: i.label, description: i.description, incidents: i.incidents, previous: i.previous, women: i.women, referred: i.referred, amountLost: i.amountLost, months: i.byMonth })),
    tables: specsOf(s, true).map(exactTable),
    notes: notesOf(s, 'internal'),
    minCount: null,
  };
}

/** The external view: aggregates only, each column protected. */
export function externalView(s: CyberStatistics): CyberReportView {
  return {
    kind: 'external',
    period: s.period,
    previous: { key: s.previous.key, label: s.previous.label },
    months: s.months,
    summary: summaryRows(s, (v, basis) => protectFigure(v, basis ?? v)),
    indicators: s.indicators.map((i) => {
      const months = protectColumn(i.byMonth, i.incidents);
      return {
        code: i.code,
        label: i.label,
        description: i.description,
        incidents: months.total,
        previous: protectFigure(i.previous),
        women: null,
        referred: protectFigure(i.referred),
        amountLost: protectFigure(i.amountLost, i.withAmount),
        months: months.cells,
      };
    }),
    tables: specsOf(s, false).map(protectedTable),
    notes: notesOf(s, 'external'),
    minCount: MIN_COUNT,
  };
}

/** The disclosure check of an external view, as the tests and the generator run it. */
export function checkExternalView(v: CyberReportView, s?: CyberStatistics): DisclosureFinding {
  const tables: { name: string; cells: Cell[]; total: Cell; basis?: number[] }[] = [];
  for (const t of v.tables) {
    for (const c of t.columns) {
      if (c.money) continue; // money is checked below against its basis when the statistics are given
      tables.push({ name: `${t.id}.${c.key}`, cells: t.rows.map((r) => r.values[c.key] ?? null), total: t.total[c.key] ?? null });
    }
  }
  v.indicators.forEach((i) => tables.push({ name: `indicador ${i.code}`, cells: i.months, total: i.incidents }));
  const single = v.summary.filter((x) => !x.money).map((x) => x.value);
  tables.push({ name: 'resumen', cells: single, total: null });
  const finding = checkProtected(tables, v);
  if (s) {
    // A published sum of money must rest on at least MIN_COUNT incidents with an amount.
    for (const t of v.tables) {
      const source = tableSource(s, t.id);
      if (!source) continue;
      for (const c of t.columns.filter((x) => x.money)) {
        t.rows.forEach((r, i) => {
          const basis = source[i]?.withAmount ?? 0;
          if (r.values[c.key] !== null && basis > 0 && basis < MIN_COUNT) finding.violations.push(`${t.id}.${c.key}[${i}]: monto publicado con ${basis} incidentes.`);
        });
      }
    }
    finding.ok = finding.violations.length === 0;
  }
  return finding;
}

function tableSource(s: CyberStatistics, id: string): BreakdownRow[] | undefined {
  return ({ Tipos: s.byType, Meses: s.byMonth, 'Medios de entrada': s.byChannel, Plataformas: s.byPlatform, Sexo: s.bySex, Edad: s.byAge, Estatus: s.byStatus, Municipios: s.byMunicipality } as Record<string, BreakdownRow[]>)[id];
}

export const cellText = (c: Cell, money = false): string =>
  c === null ? SUPPRESSED_MARK : money ? `$${c.toLocaleString('es-MX', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : fmt(c);
