// The reference data the normaliser consults, in the shape it needs (built once per state and cached).
import { cnieEntry, loadStateGeography } from '../reference/index.ts';
import type { CatalogLookup, GeographyLookup } from './normalize.ts';
import { mapKey } from './profiles.ts';

const cache = new Map<string, { catalogs: CatalogLookup; geography: GeographyLookup }>();

export function referenceLookups(stateCode: string): { catalogs: CatalogLookup; geography: GeographyLookup } {
  let hit = cache.get(stateCode);
  if (!hit) {
    const geo = loadStateGeography(stateCode);
    const byName = new Map<string, string>();
    for (const m of geo.municipalities) byName.set(mapKey(m.name), m.code);
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
