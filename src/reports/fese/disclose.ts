// The FESE's disclosure pass. Its tables are counts of calls, linked by totals the files print: in every section,
// the incidents by code, the calls by channel and by municipality all add up to the section's total; procedentes
// and improcedentes add up to it too, and the improper codes to the improper calls; across sections, each figure of
// the consolidated state equals the sum of the same figure of the call centers; the codes without equivalent add
// up to the consolidated «sin equivalencia» row. All of these go to the table suppression as sums over shared
// cells. Service times measured on fewer calls than the threshold describe single calls: their statistics go.
import { CountTables, suppressSmallCounts } from '../../analytics/table-suppression.ts';
import { RedactionList, figure, publishedFirst, tableMethodology } from '../disclosure.ts';
import { SUPPRESSED, type Disclosed, type DisclosureRules, type Suppressed } from '../types.ts';
import type { FeseData, FeseSection } from './compute.ts';

type Released = FeseData<Suppressed>;
type Section = FeseSection<Suppressed>;

const ids = (section: string) => ({
  total: `${section}|total`,
  real: `${section}|real`,
  improper: `${section}|improper`,
  code: (c: number) => `${section}|code|${c}`,
  improperCode: (c: number) => `${section}|improper_code|${c}`,
  channel: (c: string) => `${section}|channel|${c}`,
  municipality: (m: string) => `${section}|municipality|${m}`,
  time: (priority: string, measure: string) => `${section}|time|${priority}|${measure}`,
});

/** A relation the files let a reader use; declared only where it holds, as a reader would only find it there. */
function sumIfHolds(t: CountTables, value: Map<string, number>, total: string, parts: string[]) {
  if (!value.has(total) || parts.some((p) => !value.has(p))) return;
  if (parts.reduce((s, p) => s + value.get(p)!, 0) === value.get(total)) t.sum(total, parts);
}

export function discloseFese(data: Released, rules: DisclosureRules): Disclosed<Released> {
  const t = new CountTables();
  const value = new Map<string, number>();
  const cell = (id: string, v: number | Suppressed) => {
    value.set(id, figure(v));
    t.cell(id, figure(v));
  };
  const sections = [data.consolidated, ...data.centers];
  for (const s of sections) {
    const id = ids(s.code);
    cell(id.total, s.total);
    cell(id.real, s.real);
    cell(id.improper, s.improper);
    for (const r of s.incidents) cell(id.code(r.code), r.count);
    for (const k of s.improperByKind) {
      // The same figure as the incident row of that code when all its calls were improper: one cell.
      const row = s.incidents.find((r) => r.code === k.code);
      if (row && row.count === k.count) continue;
      cell(id.improperCode(k.code), k.count);
    }
    for (const c of s.byChannel) cell(id.channel(c.channel), c.count);
    for (const m of s.byMunicipality) cell(id.municipality(m.code), m.count);
    for (const st of s.serviceTimes) cell(id.time(st.priority, st.measure), st.measured);
  }
  const kindId = (s: Section, code: number) => (t.has(ids(s.code).improperCode(code)) ? ids(s.code).improperCode(code) : ids(s.code).code(code));
  for (const s of sections) {
    const id = ids(s.code);
    t.sum(id.total, s.incidents.map((r) => id.code(r.code)));
    t.sum(id.total, s.byChannel.map((c) => id.channel(c.channel)));
    t.sum(id.total, s.byMunicipality.map((m) => id.municipality(m.code)));
    t.sum(id.total, [id.real, id.improper]);
    sumIfHolds(t, value, id.improper, s.improperByKind.map((k) => kindId(s, k.code)));
    sumIfHolds(t, value, id.real, s.incidents.filter((r) => !r.improper).map((r) => id.code(r.code)));
  }
  // The consolidated state is the sum of its call centers, figure by figure (a center without a row has none).
  // With one center the two are the same figures printed twice, which one-part sums say.
  if (!data.centers.some((c) => c.code === data.consolidated.code)) {
    const whole = ids(data.consolidated.code);
    const across = (total: string, partOf: (s: Section) => string) => {
      const parts = data.centers.map(partOf).filter((p) => value.has(p));
      if (value.has(total)) sumIfHolds(t, value, total, parts);
    };
    across(whole.total, (c) => ids(c.code).total);
    across(whole.real, (c) => ids(c.code).real);
    across(whole.improper, (c) => ids(c.code).improper);
    for (const r of data.consolidated.incidents) across(whole.code(r.code), (c) => ids(c.code).code(r.code));
    for (const ch of data.consolidated.byChannel) across(whole.channel(ch.channel), (c) => ids(c.code).channel(ch.channel));
    for (const m of data.consolidated.byMunicipality) across(whole.municipality(m.code), (c) => ids(c.code).municipality(m.code));
    for (const st of data.consolidated.serviceTimes) across(whole.time(st.priority, st.measure), (c) => ids(c.code).time(st.priority, st.measure));
  }
  for (const [i, u] of data.unmapped.entries()) cell(`unmapped|${i}`, u.count);
  sumIfHolds(t, value, ids(data.consolidated.code).code(0), data.unmapped.map((_, i) => `unmapped|${i}`));

  const result = suppressSmallCounts(t.input(), { minCount: rules.minCount });
  const hidden = (id: string) => result.suppressed.has(id);
  const mark = (id: string, v: number | Suppressed): number | Suppressed => (hidden(id) ? SUPPRESSED : v);
  const redactions = new RedactionList();
  const min = rules.minCount;

  const releaseSection = (s: Section): Section => {
    const id = ids(s.code);
    const where = (table: string) => `${s.name} › ${table}`;
    for (const [key, label] of [[id.total, 'Total de llamadas'], [id.real, 'Llamadas procedentes'], [id.improper, 'Llamadas improcedentes']] as const) {
      if (hidden(key)) redactions.count(where('resumen'), label, min, 'Llamadas');
    }
    const incidents = s.incidents.map((r) => {
      if (hidden(id.code(r.code))) redactions.count(where('incidentes por código CNIE'), `${r.code || ''} ${r.name}`.trim(), min, 'Llamadas');
      return { ...r, count: mark(id.code(r.code), r.count) };
    });
    const improperByKind = publishedFirst(
      s.improperByKind.map((k) => {
        const key = kindId(s, k.code);
        if (hidden(key)) redactions.count(where('improcedentes por tipo'), `${k.code || ''} ${k.name}`.trim(), min, 'Llamadas');
        return { ...k, count: mark(key, k.count) };
      }),
      (k) => k.count,
      (k) => String(k.code).padStart(6, '0'),
    );
    const byChannel = s.byChannel.map((c) => {
      if (hidden(id.channel(c.channel))) redactions.count(where('por medio de entrada'), c.label, min, 'Llamadas');
      return { ...c, count: mark(id.channel(c.channel), c.count) };
    });
    const byMunicipality = publishedFirst(
      s.byMunicipality.map((m) => ({ ...m, count: mark(id.municipality(m.code), m.count) })),
      (m) => m.count,
      (m) => m.code,
    );
    for (const m of byMunicipality) if (m.count === SUPPRESSED) redactions.count(where('por municipio'), `${m.code} ${m.name}`.trim(), min, 'Llamadas');
    const serviceTimes = s.serviceTimes.map((st) => {
      if (!hidden(id.time(st.priority, st.measure))) return st;
      redactions.add({
        field: 'service_time',
        action: 'suprimido',
        what: 'Tiempos de atención (medidos, mediana, percentil 90 y dentro de meta)',
        where: where('tiempos de atención'),
        item: `${st.priority} · ${st.measure}`,
        why: `Miden menos de ${min} llamadas, o su número permitiría deducir otro que sí: describirían llamadas individuales.`,
      });
      return { ...st, measured: SUPPRESSED, medianSeconds: SUPPRESSED, p90Seconds: SUPPRESSED, withinTarget: st.withinTarget === null ? null : SUPPRESSED } as Section['serviceTimes'][number];
    });
    return {
      ...s,
      total: mark(id.total, s.total),
      real: mark(id.real, s.real),
      improper: mark(id.improper, s.improper),
      incidents,
      improperByKind,
      byChannel,
      byMunicipality,
      serviceTimes,
    };
  };

  const consolidated = releaseSection(data.consolidated);
  const centers = data.centers.map((c) => (c.code === data.consolidated.code ? consolidated : releaseSection(c)));
  const unmapped = data.unmapped.map((u, i) => {
    if (hidden(`unmapped|${i}`)) redactions.count('Catálogo › claves sin equivalencia', `${u.version === '2' ? '2.0' : '3'}:${u.code}`, min, 'Llamadas');
    return { ...u, count: mark(`unmapped|${i}`, u.count) };
  });
  return {
    data: { ...data, consolidated, centers, unmapped },
    redactions: redactions.items,
    methodology: [
      ...tableMethodology(rules, result, t.input().cells.length),
      `Los tiempos de atención que miden menos de ${min} llamadas se suprimen con su número de llamadas medidas.`,
    ],
  };
}
