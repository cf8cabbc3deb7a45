// The disclosure pass of «Incidencia delictiva para los municipios conurbados». Its 9-1-1 and 089 incidents are, for
// each of the three periods the files show, a table of municipality × incident type with its margins (the
// municipalities' totals and the group's totals by type, which both add up to the group's total), a second table of
// the group's incidents by CNIE code whose codes add up to their type, and, for the report's period, the
// municipalities' incidents by line (9-1-1 and 089) sharing the municipalities' totals. Every one of those sums goes
// to the table suppression over shared cells. Rates, changes and places computed from a suppressed count go too;
// places are recomputed among the published rates, so that a place never bounds a suppressed one. The SESNSP's
// figures are open data already published by the SESNSP: they are shown as published.
import { CountTables, suppressSmallCounts } from '../../analytics/table-suppression.ts';
import { RedactionList, derivedWhy, figure, tableMethodology } from '../disclosure.ts';
import { SUPPRESSED, type Disclosed, type DisclosureRules, type Suppressed } from '../types.ts';
import { rankByRate, type Figures } from './figures.ts';
import type { MetroData } from './compute.ts';

type Released = MetroData<Suppressed>;
type Shown = number | null | Suppressed;
const SLOTS = ['count', 'previous', 'lastYear'] as const;
type Slot = (typeof SLOTS)[number];

export function discloseMetro(data: Released, rules: DisclosureRules): Disclosed<Released> {
  const t = new CountTables();
  const known = (v: Shown): v is number => v !== null && figure(v as number | Suppressed) >= 0;
  const cell = (id: string, v: Shown) => (known(v) ? t.cell(id, v) : undefined);
  const ids = {
    munTotal: (s: Slot, m: string) => `${s}|mun|${m}|total`,
    munType: (s: Slot, m: string, st: string) => `${s}|mun|${m}|type|${st}`,
    munLine: (m: string, line: '911' | '089') => `count|mun|${m}|line|${line}`,
    groupTotal: (s: Slot) => `${s}|group|total`,
    groupType: (s: Slot, st: string) => `${s}|group|type|${st}`,
    groupLine: (line: '911' | '089') => `count|group|line|${line}`,
    code: (s: Slot, code: number) => `${s}|code|${code}`,
  };
  const inc = data.incidents;
  for (const s of SLOTS) {
    if (!known(data.total.incidents[s])) continue; // a period without data has nothing to protect
    cell(ids.groupTotal(s), data.total.incidents[s]);
    for (const m of data.municipalities) cell(ids.munTotal(s, m.code), m.incidents[s]);
    for (const r of inc.byMunicipality) cell(ids.munType(s, r.municipalityCode!, r.typeKey), r.figures[s]);
    for (const r of inc.byType) cell(ids.groupType(s, r.typeKey), r.figures[s]);
    for (const c of inc.byCode) cell(ids.code(s, c.code), c[s]);
    const sum = (total: string, parts: string[]) => t.sum(total, parts.filter((p) => t.has(p)));
    for (const m of data.municipalities) {
      sum(ids.munTotal(s, m.code), inc.byMunicipality.filter((r) => r.municipalityCode === m.code).map((r) => ids.munType(s, m.code, r.typeKey)));
    }
    for (const r of inc.byType) {
      sum(ids.groupType(s, r.typeKey), inc.byMunicipality.filter((x) => x.typeKey === r.typeKey).map((x) => ids.munType(s, x.municipalityCode!, x.typeKey)));
      sum(ids.groupType(s, r.typeKey), inc.byCode.filter((c) => String(c.subtype) === r.typeKey).map((c) => ids.code(s, c.code)));
    }
    sum(ids.groupTotal(s), data.municipalities.map((m) => ids.munTotal(s, m.code)));
    sum(ids.groupTotal(s), inc.byType.map((r) => ids.groupType(s, r.typeKey)));
    sum(ids.groupTotal(s), inc.byCode.map((c) => ids.code(s, c.code)));
  }
  if (known(data.total.incidents.count)) {
    for (const m of data.municipalities) {
      cell(ids.munLine(m.code, '911'), m.incidents.by911);
      cell(ids.munLine(m.code, '089'), m.incidents.by089);
      t.sum(ids.munTotal('count', m.code), [ids.munLine(m.code, '911'), ids.munLine(m.code, '089')]);
    }
    for (const line of ['911', '089'] as const) {
      cell(ids.groupLine(line), line === '911' ? data.total.incidents.by911 : data.total.incidents.by089);
      t.sum(ids.groupLine(line), data.municipalities.map((m) => ids.munLine(m.code, line)));
    }
    t.sum(ids.groupTotal('count'), [ids.groupLine('911'), ids.groupLine('089')]);
  }

  const result = suppressSmallCounts(t.input(), { minCount: rules.minCount });
  const hidden = (id: string) => result.suppressed.has(id);
  const min = rules.minCount;
  const redactions = new RedactionList();
  const slotLabel: Record<Slot, string> = { count: data.period.label, previous: data.previous.label, lastYear: data.lastYear.label };

  /** Figures with the suppressed counts marked, and every rate and change computed from one of them. */
  const release = <F extends Figures<Suppressed>>(f: F, idOf: (s: Slot) => string, where: string, item: string): F => {
    const out = { ...f };
    const gone = (s: Slot) => hidden(idOf(s));
    for (const s of SLOTS) {
      if (!gone(s)) continue;
      out[s] = SUPPRESSED;
      redactions.count(`${where} · ${slotLabel[s]}`, item, min, 'Incidentes de seguridad');
    }
    if (gone('count')) out.rate = SUPPRESSED;
    if (gone('previous')) out.ratePrevious = SUPPRESSED;
    if (gone('lastYear')) out.rateLastYear = SUPPRESSED;
    if (gone('count') || gone('previous')) out.changePrevious = SUPPRESSED;
    if (gone('count') || gone('lastYear')) out.changeLastYear = SUPPRESSED;
    return out;
  };
  const municipalities = data.municipalities.map((m) => {
    const incidents = release(m.incidents, (s) => ids.munTotal(s, m.code), '9-1-1 y 089 › por municipio', `${m.code} ${m.name}`);
    for (const line of ['911', '089'] as const) {
      if (!hidden(ids.munLine(m.code, line))) continue;
      incidents[line === '911' ? 'by911' : 'by089'] = SUPPRESSED;
      redactions.count(`9-1-1 y 089 › por municipio y línea · ${data.period.label}`, `${m.code} ${m.name} · ${line === '911' ? '9-1-1' : '089'}`, min, 'Incidentes de seguridad');
    }
    return { ...m, incidents };
  });
  // Places among the published rates only: a place computed with a suppressed rate would bound it.
  const ranks = rankByRate(municipalities.map((m) => (typeof m.incidents.rate === 'number' ? m.incidents.rate : null)));
  municipalities.forEach((m, i) => {
    m.incidents.rank = m.incidents.rate === SUPPRESSED ? SUPPRESSED : ranks[i]!;
  });
  const byMunicipality = inc.byMunicipality.map((r) => ({
    ...r,
    figures: release(r.figures, (s) => ids.munType(s, r.municipalityCode!, r.typeKey), '9-1-1 y 089 › por municipio y tipo', `${r.municipalityName} · ${r.typeKey} ${r.typeName}`),
  }));
  const byType = inc.byType.map((r) => ({
    ...r,
    figures: release(r.figures, (s) => ids.groupType(s, r.typeKey), `9-1-1 y 089 › ${data.group.name} por tipo`, `${r.typeKey} ${r.typeName}`),
  }));
  const byCode = inc.byCode.map((c) => {
    const out = { ...c };
    for (const s of SLOTS) {
      if (!hidden(ids.code(s, c.code))) continue;
      out[s] = SUPPRESSED;
      redactions.count(`9-1-1 y 089 › ${data.group.name} por clave del CNIE · ${slotLabel[s]}`, `${c.code || ''} ${c.name}`.trim(), min, 'Incidentes de seguridad');
    }
    return out;
  });
  const totalIncidents = release(data.total.incidents, (s) => ids.groupTotal(s), `9-1-1 y 089 › ${data.group.name}`, 'Total');
  for (const line of ['911', '089'] as const) {
    if (!hidden(ids.groupLine(line))) continue;
    totalIncidents[line === '911' ? 'by911' : 'by089'] = SUPPRESSED;
    redactions.count(`9-1-1 y 089 › ${data.group.name} por línea · ${data.period.label}`, line === '911' ? '9-1-1' : '089', min, 'Incidentes de seguridad');
  }
  if (result.suppressed.size > 0) {
    redactions.add({ field: 'count.derived', action: 'suprimido', what: 'Tasas por 100 mil habitantes, variaciones y lugar', where: '9-1-1 y 089', item: 'de las cifras suprimidas', why: derivedWhy });
  }
  return {
    data: {
      ...data,
      municipalities,
      total: { ...data.total, incidents: totalIncidents },
      incidents: { ...inc, byMunicipality, byType, byCode },
    },
    redactions: redactions.items,
    methodology: [
      ...tableMethodology(rules, result, t.input().cells.length),
      'El lugar por tasa se calcula solo entre las tasas publicadas. Las cifras del SESNSP son datos abiertos que el SESNSP ya publica: se presentan sin supresión.',
    ],
  };
}
