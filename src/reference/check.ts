// `atalaya reference check`: what reference data was loaded for a state and every quirk with how it is handled,
// as a report in Spanish for the administrator.
import { CNIE_TYPE_NAMES, loadCnieCatalogs, toCatalog, type CatalogQuirk, type CnieEntry } from './cnie.ts';
import { listStates, loadStateGeography, municipalityNames } from './geography.ts';
import { geographyQuirks, type GeographyQuirk } from './geography-quirks.ts';
import {
  POPULATION_FIRST_YEAR,
  POPULATION_LAST_YEAR,
  conapoMunicipalityCodes,
  inegiMunicipalities,
  statePopulation,
} from './population.ts';

export interface ReferenceCheck {
  lines: string[];
  quirks: { catalog: CatalogQuirk[]; geography: GeographyQuirk[] };
  /** False when data is missing or inconsistent beyond the known, handled quirks. */
  ok: boolean;
}

const fmt = (n: number) => n.toLocaleString('es-MX');

function countByType(entries: Iterable<CnieEntry>): string {
  const counts = new Map<number, number>();
  for (const e of entries) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([type, n]) => `${CNIE_TYPE_NAMES[type] ?? type} ${n}`)
    .join(', ');
}

function quirkLine(where: string, message: string, resolution: string): string {
  return `  - ${where}${message} → ${resolution}`;
}

export function referenceCheck(stateCode: string): ReferenceCheck {
  const lines: string[] = [];
  const problems: string[] = [];

  // CNIE catalogs.
  const cnie = loadCnieCatalogs();
  const v3 = [...cnie.v3.values()];
  const v3Active = v3.filter((e) => e.active);
  const v3Reclassified = v3.filter((e) => e.reclassifiedTo !== null);
  let sameCode = 0;
  let moved = 0;
  const unmapped: number[] = [];
  for (const code of cnie.v2.keys()) {
    const target = toCatalog(code, '2', '3');
    if (target === null) unmapped.push(code);
    else if (target === code) sameCode++;
    else moved++;
  }
  lines.push('Catálogo Nacional de Incidentes de Emergencia (CNIE)');
  lines.push(`  Versión 2.0: ${cnie.v2.size} claves (${countByType(cnie.v2.values())}).`);
  lines.push(
    `  Versión 3: ${cnie.v3.size} claves, ${v3Active.length} vigentes, ${v3Reclassified.length} reclasificadas, ` +
      `${v3.length - v3Active.length - v3Reclassified.length} eliminadas (vigentes: ${countByType(v3Active)}).`,
  );
  lines.push(
    `  Equivalencia 2.0 → 3: ${sameCode} con la misma clave, ${moved} reclasificadas, ${unmapped.length} sin equivalencia` +
      (unmapped.length ? ` (${unmapped.join(', ')}).` : '.'),
  );
  if (cnie.v2.size === 0 || cnie.v3.size === 0) problems.push('Un catálogo CNIE está vacío.');
  lines.push(`  Particularidades de los archivos (${cnie.quirks.length}):`);
  for (const q of cnie.quirks) {
    lines.push(quirkLine(`[v${q.version}${q.code === null ? '' : ` ${q.code}`}] `, q.message, q.resolution));
    if (q.kind === 'unresolved_reclassification') problems.push(q.message);
  }

  // Geography of the state.
  lines.push('');
  const states = listStates();
  const state = states.find((s) => s.code === stateCode);
  let stateGeoQuirks: GeographyQuirk[] = [];
  if (!state) {
    problems.push(`La entidad "${stateCode}" no existe en el catálogo de entidades.`);
    lines.push(`Geografía: la entidad "${stateCode}" no existe (se espera '01' a '32').`);
  } else {
    lines.push(`Geografía — ${state.name} (${stateCode})`);
    try {
      const geography = loadStateGeography(stateCode);
      const geoCodes = new Set(geography.municipalities.map((m) => m.code));
      const catalogCodes = [...municipalityNames().keys()].filter((c) => c.startsWith(stateCode));
      const inegiCodes = [...inegiMunicipalities().keys()].filter((c) => c.startsWith(stateCode));
      const conapoCodes = conapoMunicipalityCodes().filter((c) => c.startsWith(stateCode));
      lines.push(
        `  Municipios con límites: ${geoCodes.size}; en el catálogo de límites: ${catalogCodes.length}; ` +
          `en el catálogo INEGI: ${inegiCodes.length}; con población CONAPO: ${conapoCodes.length}.`,
      );
      const withoutShape = catalogCodes.filter((c) => !geoCodes.has(c));
      if (withoutShape.length > 0) problems.push(`Municipios del catálogo sin límites: ${withoutShape.join(', ')}.`);
      const [w, s, e, n] = geography.bbox;
      lines.push(`  Extensión: longitud ${w.toFixed(3)} a ${e.toFixed(3)}, latitud ${s.toFixed(3)} a ${n.toFixed(3)}.`);
    } catch (err) {
      problems.push(`No se pudieron leer los límites municipales: ${(err as Error).message}`);
    }
    stateGeoQuirks = geographyQuirks(stateCode);
    lines.push(`  Particularidades (${stateGeoQuirks.length}):`);
    for (const q of stateGeoQuirks) lines.push(quirkLine(q.code ? `[${q.code}] ` : '', q.message, q.resolution));

    lines.push('');
    lines.push(`Población (CONAPO): años ${POPULATION_FIRST_YEAR}–${POPULATION_LAST_YEAR}.`);
    const thisYear = new Date().getFullYear();
    for (const year of [2020, thisYear]) {
      const total = statePopulation(stateCode, year);
      if (total === undefined) problems.push(`Sin población CONAPO para la entidad ${stateCode} en ${year}.`);
      else lines.push(`  ${state.name}, ${year}: ${fmt(total)} habitantes.`);
    }
  }
  if (states.length !== 32) problems.push(`El catálogo de entidades tiene ${states.length} entidades, no 32.`);

  lines.push('');
  if (problems.length === 0) {
    lines.push('Resultado: datos de referencia completos; las particularidades listadas están atendidas.');
  } else {
    lines.push(`Resultado: ${problems.length} problema(s):`);
    for (const p of problems) lines.push(`  - ${p}`);
  }
  return { lines, quirks: { catalog: cnie.quirks, geography: stateGeoQuirks }, ok: problems.length === 0 };
}
