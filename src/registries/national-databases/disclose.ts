// The disclosure pass of the supply statistics to Plataforma México. What leaves the center is state-level: the
// volume, timeliness and completeness of each national database, by month and required field, are statistics of the
// supply itself (records loaded, not people) and go as computed. Two breakdowns could point at a case and are treated:
//   - by municipality: where a warrant, a prison record or a stolen vehicle is is reserved detail; the breakdown is
//     withdrawn (generalised to the state);
//   - by kind of record within a database (e.g. warrants of re-arrest): small counts are suppressed with their
//     complements against the database's volume, which stays published; the shares of a suppressed kind go too. When
//     no complement can protect a kind (a database with a single small kind), the whole breakdown is suppressed.
import { CountTables, SuppressionError, suppressSmallCounts, suppressionMethodology } from '../../analytics/table-suppression.ts';
import { RedactionList, derivedWhy } from '../../reports/disclosure.ts';
import { SUPPRESSED, type Disclosed, type DisclosureRules, type Suppressed } from '../../reports/types.ts';
import type { DatabaseIndicators, SupplyIndicators } from './indicators.ts';

const locationWhy = 'La ubicación de los registros de las bases nacionales es información reservada: podría señalar a una persona o una investigación.';

/** The kinds of record of a database whose counts are suppressed. */
function suppressedKinds(x: DatabaseIndicators, minCount: number): Set<string> {
  const t = new CountTables();
  const total = t.cell(`${x.code}|total`, x.volume, { fixed: true });
  t.sum(total, x.byCategory.map((c) => t.cell(`${x.code}|${c.code}`, c.volume as number)));
  try {
    const result = suppressSmallCounts(t.input(), { minCount });
    return new Set([...result.suppressed].map((id) => id.slice(x.code.length + 1)));
  } catch (err) {
    if (!(err instanceof SuppressionError)) throw err;
    const small = x.byCategory.some((c) => (c.volume as number) > 0 && (c.volume as number) < minCount);
    return new Set(small ? x.byCategory.map((c) => c.code) : []);
  }
}

export function discloseSupply(d: SupplyIndicators, rules: DisclosureRules): Disclosed<SupplyIndicators> {
  const redactions = new RedactionList();
  let suppressed = 0;
  let cells = 0;
  const databases = d.databases.map((x): DatabaseIndicators => {
    if (x.byMunicipality.length > 0) {
      redactions.add({ field: 'national_db.municipality', action: 'eliminado', what: 'Registros por municipio', where: x.name, item: 'Desglose por municipio', why: locationWhy });
    }
    const hidden = suppressedKinds(x, rules.minCount);
    cells += x.byCategory.length;
    suppressed += hidden.size;
    const byCategory = x.byCategory.map((c) => {
      if (!hidden.has(c.code)) return c;
      redactions.count(`${x.name} › por tipo · ${d.period.label}`, c.label, rules.minCount, 'Registros');
      return { ...c, volume: SUPPRESSED as Suppressed, completeShare: SUPPRESSED as Suppressed, timelyShare: SUPPRESSED as Suppressed };
    });
    return { ...x, byCategory, byMunicipality: [] };
  });
  if (suppressed > 0) {
    redactions.add({ field: 'count.derived', action: 'suprimido', what: 'Completitud y oportunidad', where: 'Registros por tipo', item: 'de los tipos suprimidos', why: derivedWhy });
  }
  const methodology = [
    suppressionMethodology(rules.minCount),
    `En esta versión se suprimieron ${suppressed.toLocaleString('es-MX')} de ${cells.toLocaleString('es-MX')} cifras de los registros por tipo.`,
    'La estadística sale del centro agregada por entidad: el desglose por municipio de los registros se retira; el volumen, la oportunidad y la completitud de cada base, por mes y por campo, se publican como se calcularon (son cifras del suministro, no de personas).',
  ];
  return { data: { ...d, databases }, redactions: redactions.items, methodology };
}
