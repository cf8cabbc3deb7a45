// INEGI's catalog of municipalities and CONAPO's population per municipality and year (1990–2040), from data/inegi
// and data/conapo. Population is what reports divide by for rates per 100,000 inhabitants.
import { readFileSync } from 'node:fs';
import { csvRecords } from '../util/csv.ts';

export const POPULATION_FIRST_YEAR = 1990;
export const POPULATION_LAST_YEAR = 2040;

export interface InegiMunicipality {
  code: string;
  stateCode: string;
  name: string;
  stateName: string;
}

function readCsv(path: string): Record<string, string>[] {
  return csvRecords(readFileSync(new URL(`../../data/${path}`, import.meta.url), 'utf8'));
}

let inegiCache: Map<string, InegiMunicipality> | undefined;

/** INEGI's catalog of municipalities (2,475), by five-digit code. */
export function inegiMunicipalities(): ReadonlyMap<string, InegiMunicipality> {
  inegiCache ??= new Map(
    readCsv('inegi/cve_nom_municipios.csv').map((r) => [
      r.cve_geo!,
      { code: r.cve_geo!, stateCode: r.cve_ent!, name: r.nombre_municipio!, stateName: r.nombre_estado! },
    ]),
  );
  return inegiCache;
}

interface PopulationTable {
  /** Population by municipality code; index 0 is POPULATION_FIRST_YEAR. */
  byMunicipality: Map<string, Int32Array>;
  names: Map<string, string>;
}

let populationCache: PopulationTable | undefined;

function populationTable(): PopulationTable {
  if (populationCache) return populationCache;
  const byMunicipality = new Map<string, Int32Array>();
  const names = new Map<string, string>();
  for (const row of readCsv('conapo/conapo_poblacion_municipal_1990_2040.csv')) {
    const values = new Int32Array(POPULATION_LAST_YEAR - POPULATION_FIRST_YEAR + 1);
    for (let year = POPULATION_FIRST_YEAR; year <= POPULATION_LAST_YEAR; year++) {
      const value = Number(row[String(year)]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`CONAPO: población no válida para ${row.CVE} en ${year}`);
      values[year - POPULATION_FIRST_YEAR] = value;
    }
    byMunicipality.set(row.CVE!, values);
    names.set(row.CVE!, row.Municipio!);
  }
  populationCache = { byMunicipality, names };
  return populationCache;
}

/** Municipality codes present in CONAPO's table. */
export function conapoMunicipalityCodes(): string[] {
  return [...populationTable().byMunicipality.keys()];
}

export function conapoMunicipalityName(code: string): string | undefined {
  return populationTable().names.get(code);
}

function yearIndex(year: number): number | undefined {
  return Number.isInteger(year) && year >= POPULATION_FIRST_YEAR && year <= POPULATION_LAST_YEAR
    ? year - POPULATION_FIRST_YEAR
    : undefined;
}

/** CONAPO population of a municipality in a year; undefined outside 1990–2040 or for a code CONAPO lacks. */
export function populationOf(munCode: string, year: number): number | undefined {
  const i = yearIndex(year);
  return i === undefined ? undefined : populationTable().byMunicipality.get(munCode)?.[i];
}

/** Sum of the state's municipalities in CONAPO's table; undefined outside 1990–2040 or for an unknown state. */
export function statePopulation(stateCode: string, year: number): number | undefined {
  const i = yearIndex(year);
  if (i === undefined) return undefined;
  let total = 0;
  let found = false;
  for (const [code, values] of populationTable().byMunicipality) {
    if (!code.startsWith(stateCode) || code.length !== 5) continue;
    total += values[i]!;
    found = true;
  }
  return found ? total : undefined;
}
