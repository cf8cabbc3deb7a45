// The extortion report's disclosure pass. For each period the files show (the report's and those it is compared
// with), the tips by modality, by municipality and by channel are three tables sharing one total; for a quarter or
// a year, the tips by month add up to the report's total and the same months a year earlier to that period's total.
// The tips that record a number follow the same sums and go through the same suppression, with every row whose
// tips are suppressed forced out too; distinct numbers add up to nothing (a number reported in two municipalities
// counts in both), so only small ones and those of suppressed rows go. Changes computed from a suppressed figure go.
// The recorded modality values outside the list are text captured in the tips, which may carry a name or a number:
// no released version carries them.
import { CountTables, suppressSmallCounts, type SuppressionResult } from '../../analytics/table-suppression.ts';
import { RedactionList, derivedWhy, figure, publishedFirst, suppressionWhy, tableMethodology } from '../disclosure.ts';
import { SUPPRESSED, type Disclosed, type DisclosureRules, type Suppressed } from '../types.ts';
import { change, type ExtortionData, type ExtortionRow, type Figures, type MonthRow } from './compute.ts';

type Released = ExtortionData<Suppressed>;
type Row = ExtortionRow<Suppressed>;
type Measure = 'reports' | 'withNumber' | 'numbers';

interface Placed {
  section: 'total' | 'modality' | 'municipality' | 'channel';
  row: Row;
}

export function discloseExtortion(data: Released, rules: DisclosureRules): Disclosed<Released> {
  const periods = [data.period.key, ...data.comparisons.map((c) => c.period.key)];
  const yearAgo = data.comparisons.findIndex((c) => c.role === 'year_ago');
  const yearAgoSlot = yearAgo >= 0 ? yearAgo + 1 : data.comparisons.length > 0 ? 1 : -1;
  const placed: Placed[] = [
    { section: 'total', row: data.total },
    ...data.byModality.map((row) => ({ section: 'modality' as const, row })),
    ...data.byMunicipality.map((row) => ({ section: 'municipality' as const, row })),
    ...data.byChannel.map((row) => ({ section: 'channel' as const, row })),
  ];
  const id = (m: Measure, slot: number, section: string, key: string) => `${m}|${periods[slot]}|${section}|${key}`;
  const monthId = (m: Measure, month: string) => `${m}|month|${month}`;
  const figuresOf = (row: Row): Figures<Suppressed>[] => [row.current, ...row.compared];

  /** Builds and solves the tables of one additive measure; `forced` ids are suppressed whatever their size. */
  const solve = (m: 'reports' | 'withNumber', forced: Set<string>) => {
    const t = new CountTables();
    for (const p of placed) figuresOf(p.row).forEach((f, slot) => t.cell(id(m, slot, p.section, p.row.key), figure(f[m]), { force: forced.has(id(m, slot, p.section, p.row.key)) }));
    for (const mo of data.byMonth) {
      t.cell(monthId(m, mo.key), figure(mo.current[m]), { force: forced.has(monthId(m, mo.key)) });
      t.cell(monthId(m, mo.yearAgoKey), figure(mo.yearAgo[m]), { force: forced.has(monthId(m, mo.yearAgoKey)) });
    }
    periods.forEach((_, slot) => {
      const total = id(m, slot, 'total', 'total');
      for (const section of ['modality', 'municipality', 'channel'] as const) {
        t.sum(total, placed.filter((p) => p.section === section).map((p) => id(m, slot, section, p.row.key)));
      }
    });
    if (data.byMonth.length > 0) {
      t.sum(id(m, 0, 'total', 'total'), data.byMonth.map((mo) => monthId(m, mo.key)));
      if (yearAgoSlot > 0) t.sum(id(m, yearAgoSlot, 'total', 'total'), data.byMonth.map((mo) => monthId(m, mo.yearAgoKey)));
    }
    return { result: suppressSmallCounts(t.input(), { minCount: rules.minCount }), cells: t.input().cells.length };
  };

  const reports = solve('reports', new Set());
  const sameCell = (from: Measure, to: Measure, set: Set<string>) => new Set([...set].map((x) => x.replace(new RegExp(`^${from}\\|`), `${to}|`)));
  const withNumber = solve('withNumber', sameCell('reports', 'withNumber', reports.result.suppressed));
  // Distinct numbers: no sums; small ones and those of a row whose tips are suppressed go.
  const numbersHidden = new Set([...sameCell('reports', 'numbers', reports.result.suppressed), ...sameCell('withNumber', 'numbers', withNumber.result.suppressed)]);
  const hidden = (x: string, result: SuppressionResult) => result.suppressed.has(x);
  const isHidden = (m: Measure, x: string, v: number | Suppressed) =>
    m === 'reports' ? hidden(x, reports.result) : m === 'withNumber' ? hidden(x, withNumber.result) : numbersHidden.has(x) || (figure(v) > 0 && figure(v) < rules.minCount);

  const redactions = new RedactionList();
  const min = rules.minCount;
  const SECTION_LABEL = { total: 'total', modality: 'por modalidad', municipality: 'por municipio', channel: 'por medio de entrada' } as const;
  const WHAT: Record<Measure, string> = { reports: 'Denuncias', withNumber: 'Denuncias con número registrado', numbers: 'Números telefónicos distintos' };
  const periodLabel = (slot: number) => (slot === 0 ? data.period.label : data.comparisons[slot - 1]!.period.label);
  const release = (f: Figures<Suppressed>, ids: (m: Measure) => string, where: string, item: string): Figures<Suppressed> => {
    const out = { ...f };
    for (const m of ['reports', 'withNumber', 'numbers'] as const) {
      if (!isHidden(m, ids(m), f[m])) continue;
      out[m] = SUPPRESSED;
      redactions.add({ field: m === 'numbers' ? 'count.distinct_numbers' : 'count', action: 'suprimido', what: WHAT[m], where, item, why: suppressionWhy(min) });
    }
    return out;
  };
  const releaseRow = (p: Placed): Row => {
    const figures = figuresOf(p.row).map((f, slot) =>
      release(f, (m) => id(m, slot, p.section, p.row.key), `${SECTION_LABEL[p.section]} · ${periodLabel(slot)}`, p.section === 'total' ? 'Total' : p.row.label),
    );
    const [current, ...compared] = figures as [Figures<Suppressed>, ...Figures<Suppressed>[]];
    return {
      ...p.row,
      current,
      compared,
      changes: compared.map((b) => ({ reports: change(current.reports, b.reports), numbers: change(current.numbers, b.numbers) })),
    };
  };
  const total = releaseRow(placed[0]!);
  const rowsOf = (section: Placed['section']) => placed.filter((p) => p.section === section).map(releaseRow);
  const byMonth: MonthRow<Suppressed>[] = data.byMonth.map((mo) => {
    const current = release(mo.current, (m) => monthId(m, mo.key), 'por mes', mo.label);
    const ago = release(mo.yearAgo, (m) => monthId(m, mo.yearAgoKey), 'por mes (mismo mes del año anterior)', mo.yearAgoLabel);
    return { ...mo, current, yearAgo: ago, change: change(current.reports, ago.reports) };
  });
  const derived = redactions.items.some((r) => r.field === 'count');
  if (derived) {
    redactions.add({ field: 'count.derived', action: 'suprimido', what: 'Variaciones absolutas y porcentuales', where: 'tablas de comparación', item: '', why: derivedWhy });
  }

  if (data.unlisted.length > 0) {
    redactions.add({
      field: 'incident.extortion_modality_text',
      action: 'eliminado',
      what: `Valores de modalidad capturados fuera de la lista (${data.unlisted.length})`,
      where: 'catálogo de modalidades y notas',
      item: '',
      why: 'Texto capturado en las denuncias: puede contener nombres, teléfonos o datos de una investigación. Sus denuncias siguen contadas en su modalidad.',
    });
  }

  return {
    data: {
      ...data,
      total,
      byModality: rowsOf('modality'),
      byMunicipality: publishedFirst(rowsOf('municipality'), (r) => r.current.reports, (r) => r.key),
      byChannel: rowsOf('channel'),
      byMonth,
      unlisted: [],
    },
    redactions: redactions.items,
    methodology: [
      ...tableMethodology(rules, { ...reports.result, suppressed: new Set([...reports.result.suppressed, ...withNumber.result.suppressed]) }, reports.cells + withNumber.cells),
      `Las denuncias con número registrado siguen la misma supresión; los números distintos se suprimen cuando son menores que ${min} o cuando las denuncias de su fila están suprimidas.`,
      'El reporte nunca lleva los números telefónicos reportados: solo cuántos números distintos hay.',
    ],
  };
}
