// Public API of the reference domain: CNIE catalogs and their mapping, states and municipalities with geometry,
// population, call centers and municipality groups. Other domains import from here, never from the tables.
export {
  CNIE_TYPE_NAMES,
  cnieEntry,
  isImproper,
  loadCnieCatalogs,
  parseReclassificationTarget,
  toCatalog,
  type CatalogQuirk,
  type CatalogQuirkKind,
  type CnieCatalogs,
  type CnieEntry,
  type CniePriority,
  type CnieVersion,
} from './cnie.ts';
export {
  isStateCode,
  listStates,
  loadStateGeography,
  municipalityName,
  municipalityNames,
  stateName,
  type BBox,
  type MunicipalFeature,
  type MunicipalFeatureCollection,
  type Municipality,
  type StateGeography,
  type StateInfo,
} from './geography.ts';
export { geographyQuirks, type GeographyQuirk, type GeographyQuirkKind } from './geography-quirks.ts';
export {
  POPULATION_FIRST_YEAR,
  POPULATION_LAST_YEAR,
  conapoMunicipalityName,
  inegiMunicipalities,
  populationOf,
  statePopulation,
  type InegiMunicipality,
} from './population.ts';
export { assignByNearestSeat, defaultCallCenters, defaultCoverage, type CallCenterDefault } from './call-centers.ts';
export { defaultGroups, parseGroupCsv, type GroupCsvResult, type GroupDefault, type GroupKind } from './groups.ts';
export { referenceMigrations } from './migrations.ts';
export { seedReference, type SeedReferenceResult } from './seed.ts';
export { referenceCheck, type ReferenceCheck } from './check.ts';
