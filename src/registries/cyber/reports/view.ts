// The cyber statistics as the report's files show them: a summary, the monthly indicators and a list of breakdown
// tables, each cell a number or null (withheld). The internal report shows the unit's exact figures; the external
// one (for the CNI and the National Guard's scientific directorate) has fewer columns and no case identifiers, and
// leaves the center only through the disclosure pass of disclosure.ts. Renderers only ever see a view.
import type { BreakdownRow, CyberStatistics, Figures } from '../statistics.ts';
import { SUPPRESSED_MARK } from './disclosure.ts';

/** A figure of a view: null when the disclosure pass withheld it. */
export type Cell = number | null;

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
  /** Incidents that record an amount: whether amountLost rests on enough of them. Not published. */
  withAmount: Cell;
  months: Cell[];
  /** The incident types it adds up, when it counts every victim of them (null when it selects victims). */
  types: string[] | null;
}

export interface CyberReportView {
  kind: 'internal' | 'external';
  period: CyberStatistics['period'];
  previous: { key: string; label: string };
  months: { key: string; label: string }[];
  /** For sums of money, basis and previousBasis count the incidents that record an amount (not published). */
  summary: { key: string; label: string; value: Cell; previous: Cell; money?: boolean; basis?: Cell; previousBasis?: Cell }[];
  indicators: ViewIndicator[];
  tables: ViewTable[];
  notes: string[];
  /** The minimum count of a version that went through the disclosure pass; null otherwise. */
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

/** The table's figures; with a sum of money, also the incidents that record an amount (its basis, not a column). */
function viewTable(t: TableSpec): ViewTable {
  const keys: Measure[] = t.measures.includes('amountLost') ? [...t.measures, 'withAmount'] : t.measures;
  return {
    id: t.id,
    title: t.title,
    keyHeader: t.keyHeader,
    columns: columnsOf(t),
    rows: t.rows.map((r) => ({ key: r.key, label: r.label, values: Object.fromEntries(keys.map((m) => [m, r[m]])) })),
    total: Object.fromEntries(keys.map((m) => [m, t.total[m]])),
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
      'No se incluye ningún folio, referencia ni dato de las víctimas. La versión que sale del centro pasa por el control de divulgación: ' +
        `las cifras pequeñas y las que permitirían deducirlas se reservan («${SUPPRESSED_MARK}»).`,
    );
  }
  return notes;
}

function summaryRows(s: CyberStatistics): CyberReportView['summary'] {
  const t = s.total;
  const p = s.previous.total;
  return [
    { key: 'incidents', label: 'Incidentes registrados', value: t.incidents, previous: p.incidents },
    { key: 'women', label: 'Incidentes con víctima mujer', value: t.women, previous: p.women },
    { key: 'referred', label: 'Canalizados a la Fiscalía', value: t.referred, previous: p.referred },
    { key: 'concluded', label: 'Concluidos', value: t.concluded, previous: p.concluded },
    { key: 'amountLost', label: 'Monto perdido registrado (MXN)', value: t.amountLost, previous: p.amountLost, money: true, basis: t.withAmount, previousBasis: p.withAmount },
    { key: 'alerts', label: 'Alertas internacionales recibidas', value: s.alerts.received, previous: null },
  ];
}

function indicatorsOf(s: CyberStatistics, internal: boolean): ViewIndicator[] {
  return s.indicators.map((i) => ({
    code: i.code,
    label: i.label,
    description: i.description,
    incidents: i.incidents,
    previous: i.previous,
    women: internal ? i.women : null,
    referred: i.referred,
    amountLost: i.amountLost,
    withAmount: i.withAmount,
    months: i.byMonth,
    types: i.victimSex ? null : i.types,
  }));
}

/** The unit's view: every figure. */
export function internalView(s: CyberStatistics): CyberReportView {
  return viewOf(s, 'internal');
}

/** The view for the CNI: fewer columns, aggregates only; it leaves the center through discloseCyber. */
export function externalView(s: CyberStatistics): CyberReportView {
  return viewOf(s, 'external');
}

function viewOf(s: CyberStatistics, kind: 'internal' | 'external'): CyberReportView {
  const internal = kind === 'internal';
  return {
    kind,
    period: s.period,
    previous: { key: s.previous.key, label: s.previous.label },
    months: s.months,
    summary: summaryRows(s),
    indicators: indicatorsOf(s, internal),
    tables: specsOf(s, internal).map(viewTable),
    notes: notesOf(s, kind),
    minCount: null,
  };
}

export const cellText = (c: Cell, money = false): string =>
  c === null ? SUPPRESSED_MARK : money ? `$${c.toLocaleString('es-MX', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : fmt(c);
