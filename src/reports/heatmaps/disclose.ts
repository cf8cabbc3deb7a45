// The heat maps' disclosure passes. Both reuse the map rule of analytics/disclosure.ts (coarse hexagons, small ones
// suppressed and indistinguishable from empty ones, density only from what is published), with its figures from
// the same data/disclosure/rules.json as every other product; counts in tables go through the table suppression.
//   · AVGM: already disclosed when computed; a release only tightens the rule to the audience's (a higher minimum
//     count, a coarser hexagon) and states what the rule withheld.
//   · State and Traffic Police: a restricted version (the police, under an agreement) keeps the resolution-8 hot
//     spots, which are reserved detail, and suppresses small counts; a public version publishes only the
//     audience's coarse hexagons, the density made from them, and each hot spot as the published hexagon that
//     contains it, without the counts of its neighbourhood.
// In both, the incidents by hour and by weekday are two tables sharing the total and go through the table
// suppression together. The suppressed hexagons are never listed: their place is what the rule protects.
import { cellToParent, getResolution } from 'h3-js';
import { coarsenForDisclosure, disclosedPoints, disclosureNote, type DisclosedCells } from '../../analytics/disclosure.ts';
import { CountTables, suppressSmallCounts } from '../../analytics/table-suppression.ts';
import { RedactionList, figure, suppressionWhy, tableMethodology } from '../disclosure.ts';
import { SUPPRESSED, type Disclosed, type DisclosureRules, type Suppressed } from '../types.ts';
import type { AvgmHeatmapData } from './avgm.ts';
import { densitySurface, densityToJson, fmtInt, minBandwidth, nameOf, WEEKDAYS_ES } from './common.ts';
import type { PoliceHeatmapData, RankedHotSpot } from './police.ts';
import { municipalityOfCell } from './query.ts';

type Police = PoliceHeatmapData<Suppressed>;

const hexagonWhy = (rule: DisclosedCells['rule']) =>
  `Hexágonos con menos de ${rule.minCount} incidentes: se omiten y no se distinguen de los hexágonos sin incidentes; no se indica dónde están.`;

function mapRedactions(r: RedactionList, disclosed: DisclosedCells) {
  r.add({
    field: 'incident.location',
    action: 'generalizado',
    what: 'Ubicación puntual de los incidentes',
    where: 'mapa y archivos geográficos',
    item: '',
    why: `Se agrega en hexágonos H3 de resolución ${disclosed.rule.resolution}; no se publica ningún punto ni celda más fina.`,
  });
  if (disclosed.suppressed.cells > 0) {
    r.add({
      field: 'map.hexagon',
      action: 'suprimido',
      what: `${fmtInt(disclosed.suppressed.cells)} hexágonos con ${fmtInt(disclosed.suppressed.incidents)} incidentes en total`,
      where: 'mapa y tabla de hexágonos',
      item: '',
      why: hexagonWhy(disclosed.rule),
    });
  }
}

/** A kernel over the published hexagons' centres: at least as wide as before and as their spacing. */
function publishedBandwidth(meters: number, resolution: number) {
  const m = Math.max(meters, minBandwidth(resolution));
  return {
    meters: m,
    description:
      `Densidad kernel cuártica con ancho de banda de ${fmtInt(m)} m, calculada solo con los centros de los hexágonos publicados ` +
      `(resolución ${resolution}). Valores en incidentes por km².`,
  };
}

/** The tightest of the map's own rule and the audience's. */
const tighter = (rule: DisclosedCells['rule'], rules: DisclosureRules) => ({
  minCount: Math.max(rule.minCount, rules.minCount),
  resolution: rules.mapResolution === null ? rule.resolution : Math.min(rule.resolution, rules.mapResolution),
});

export function discloseHeatmapAvgm(data: AvgmHeatmapData, rules: DisclosureRules): Disclosed<AvgmHeatmapData> {
  const rule = tighter(data.disclosed.rule, rules);
  let out = data;
  if (rule.minCount !== data.disclosed.rule.minCount || rule.resolution !== data.disclosed.rule.resolution) {
    // Coarsened again from the published hexagons: what the first pass withheld stays withheld, in aggregate.
    const again = coarsenForDisclosure(data.disclosed.cells, rule);
    const disclosed: DisclosedCells = {
      ...again,
      suppressed: { cells: data.disclosed.suppressed.cells + again.suppressed.cells, incidents: data.disclosed.suppressed.incidents + again.suppressed.incidents },
    };
    const points = disclosedPoints(disclosed);
    const bandwidth = publishedBandwidth(data.bandwidth.meters, rule.resolution);
    const density = points.length > 0 ? densitySurface(points, data.bbox, bandwidth.meters) : null;
    out = {
      ...data,
      disclosed,
      cellMunicipalities: disclosed.cells.map((c) => nameOf(municipalityOfCell(data.stateCode, c.cell))),
      bandwidth: { meters: bandwidth.meters, description: bandwidth.description },
      density: density ? densityToJson(density) : null,
    };
  }
  const redactions = new RedactionList();
  mapRedactions(redactions, out.disclosed);
  return { data: out, redactions: redactions.items, methodology: [disclosureNote(out.disclosed.rule)] };
}

export function discloseHeatmapPolice(data: Police, rules: DisclosureRules): Disclosed<Police> {
  const redactions = new RedactionList();
  const methodology: string[] = [];
  let out: Police;
  if (rules.mapResolution !== null) {
    // Public: only coarse published hexagons, and what can be computed from them.
    const disclosed = coarsenForDisclosure(data.cells, { minCount: rules.minCount, resolution: rules.mapResolution });
    const published = new Map(disclosed.cells.map((c) => [c.cell, c.n]));
    const points = disclosedPoints(disclosed);
    const bandwidth = publishedBandwidth(data.bandwidth.meters, rules.mapResolution);
    const density = points.length > 0 ? densitySurface(points, data.bbox, bandwidth.meters) : null;
    const parents = new Map<string, RankedHotSpot<Suppressed>>();
    for (const h of data.hotSpots) {
      const parent = getResolution(h.cell) > rules.mapResolution ? cellToParent(h.cell, rules.mapResolution) : h.cell;
      const n = published.get(parent);
      if (n === undefined) continue; // its hexagon is not published: neither is the hot spot
      const known = parents.get(parent);
      if (known) {
        known.z = Math.max(known.z, h.z);
        known.q = Math.min(known.q, h.q);
        known.confidence = Math.max(known.confidence, h.confidence) as RankedHotSpot['confidence'];
        continue;
      }
      const code = municipalityOfCell(data.stateCode, parent);
      parents.set(parent, { ...h, cell: parent, municipalityCode: code, municipality: nameOf(code), n, neighbourhoodCount: SUPPRESSED });
    }
    const hotSpots = [...parents.values()].map((h, i) => ({ ...h, rank: i + 1 }));
    out = {
      ...data,
      cells: disclosed.cells,
      density: density ? densityToJson(density) : null,
      bandwidth: { meters: bandwidth.meters, description: bandwidth.description },
      hotSpots,
    };
    mapRedactions(redactions, disclosed);
    redactions.add({
      field: 'map.hot_spot',
      action: 'generalizado',
      what: `Puntos calientes (${data.hotSpots.length} hexágonos de resolución ${data.resolution})`,
      where: 'mapa, tabla de puntos calientes y archivos geográficos',
      item: '',
      why:
        `Se muestran como el hexágono publicado de resolución ${rules.mapResolution} que los contiene (${hotSpots.length}), con su conteo ` +
        'publicado y sin los conteos de su vecindad; los que caen en un hexágono suprimido se omiten.',
    });
    if (density) {
      redactions.add({ field: 'map.density', action: 'generalizado', what: 'Superficie de densidad', where: 'mapa', item: '', why: 'Se calcula solo con los hexágonos publicados.' });
    }
    methodology.push(disclosureNote(disclosed.rule));
  } else {
    // Restricted: the hot spots stay at their resolution; small counts in them go.
    const min = rules.minCount;
    out = {
      ...data,
      hotSpots: data.hotSpots.map((h) => {
        const small = (v: number | Suppressed) => figure(v) > 0 && figure(v) < min;
        if (small(h.n)) redactions.count('tabla de puntos calientes', `Punto caliente ${h.rank} · ${h.municipality}`, min, 'Incidentes en el hexágono');
        if (small(h.neighbourhoodCount)) redactions.count('tabla de puntos calientes', `Punto caliente ${h.rank} · ${h.municipality}`, min, 'Incidentes en la vecindad');
        return { ...h, n: small(h.n) ? SUPPRESSED : h.n, neighbourhoodCount: small(h.neighbourhoodCount) ? SUPPRESSED : h.neighbourhoodCount };
      }),
    };
  }

  // Incidents by hour and by weekday: two tables with the same total.
  const t = new CountTables();
  t.cell('total', figure(data.total));
  data.byHour.forEach((v, h) => t.cell(`hour|${h}`, figure(v)));
  data.byWeekday.forEach((v, d) => t.cell(`day|${d}`, figure(v)));
  const sumHolds = (parts: (number | Suppressed)[]) => parts.reduce<number>((s, v) => s + figure(v), 0) === figure(data.total);
  if (sumHolds(data.byHour)) t.sum('total', data.byHour.map((_, h) => `hour|${h}`));
  if (sumHolds(data.byWeekday)) t.sum('total', data.byWeekday.map((_, d) => `day|${d}`));
  const result = suppressSmallCounts(t.input(), { minCount: rules.minCount });
  const hidden = (id: string) => result.suppressed.has(id);
  const byHour = data.byHour.map((v, h) => {
    if (!hidden(`hour|${h}`)) return v;
    redactions.count('incidentes por hora del día', `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`, rules.minCount, 'Incidentes');
    return SUPPRESSED;
  });
  const byWeekday = data.byWeekday.map((v, d) => {
    if (!hidden(`day|${d}`)) return v;
    redactions.count('incidentes por día de la semana', WEEKDAYS_ES[d]!, rules.minCount, 'Incidentes');
    return SUPPRESSED;
  });
  if (hidden('total')) redactions.count('resumen', 'Total de incidentes', rules.minCount, 'Incidentes');
  methodology.push(...tableMethodology(rules, result, t.input().cells.length));
  if (rules.mapResolution === null && redactions.items.some((r) => r.where === 'tabla de puntos calientes')) {
    methodology.push(`En la tabla de puntos calientes se suprimen los conteos menores que ${rules.minCount}. ${suppressionWhy(rules.minCount)}`);
  }
  return {
    data: { ...out, total: hidden('total') ? SUPPRESSED : data.total, byHour, byWeekday },
    redactions: redactions.items,
    methodology,
  };
}
