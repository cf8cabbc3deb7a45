// The reference data the normaliser consults, in the shape it needs (built once per state and cached).
import { cnieEntry, conapoMunicipalityName, inegiMunicipalities, loadStateGeography } from '../reference/index.ts';
import type { CatalogLookup, GeographyLookup } from './normalize.ts';
import { mapKey } from './profiles.ts';

const cache = new Map<string, { catalogs: CatalogLookup; geography: GeographyLookup }>();

export function referenceLookups(stateCode: string): { catalogs: CatalogLookup; geography: GeographyLookup } {
  let hit = cache.get(stateCode);
  if (!hit) {
    const geo = loadStateGeography(stateCode);
    const byName = municipalityNameIndex(geo.municipalities);
    hit = {
      catalogs: { entry: (version, code) => cnieEntry(version, code) },
      geography: {
        stateName: geo.stateName,
        bbox: geo.bbox,
        municipalityCodes: new Set(geo.municipalities.map((m) => m.code)),
        municipalityByName: byName,
        locate: (lat, lon) => geo.locate(lat, lon),
      },
    };
    cache.set(stateCode, hit);
  }
  return hit;
}

/** Honorifics that official names carry and exports often drop ("Heroica Ciudad de Juchitán de Zaragoza"). */
const HONORIFIC = /^(HEROICA CIUDAD DE|HEROICA VILLA DE|HEROICA|CIUDAD DE|VILLA DE) /;

/**
 * Municipality code by normalised name: the boundary file's name, INEGI's and CONAPO's, each also without its
 * honorific. An alias that two municipalities share is left out rather than guessed.
 */
function municipalityNameIndex(municipalities: readonly { code: string; name: string }[]): Map<string, string> {
  const candidates = new Map<string, Set<string>>();
  const add = (name: string | undefined, code: string) => {
    if (!name) return;
    const key = mapKey(name);
    for (const k of [key, key.replace(HONORIFIC, '')]) {
      if (!candidates.has(k)) candidates.set(k, new Set());
      candidates.get(k)!.add(code);
    }
  };
  const inegi = inegiMunicipalities();
  for (const m of municipalities) {
    add(m.name, m.code);
    add(inegi.get(m.code)?.name, m.code);
    add(conapoMunicipalityName(m.code), m.code);
  }
  const index = new Map<string, string>();
  for (const [k, codes] of candidates) if (codes.size === 1) index.set(k, [...codes][0]!);
  return index;
}
