// States and municipalities with their boundaries (INEGI Marco Geoestadístico, simplified, WGS84) from data/geo.
// Each state's file is read and indexed on first use and kept for the life of the process.
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MunicipalLocator, type LocatorPart } from './municipal-locator.ts';
import { ringMoments, ringsBBox, unionBBox, type BBox } from './point-in-polygon.ts';

export type { BBox } from './point-in-polygon.ts';

type Position = number[];
export type PolygonCoordinates = Position[][];
export type MunicipalGeometry =
  | { type: 'Polygon'; coordinates: PolygonCoordinates }
  | { type: 'MultiPolygon'; coordinates: PolygonCoordinates[] };

export interface MunicipalFeature {
  type: 'Feature';
  geometry: MunicipalGeometry;
  properties: { code: string; name: string };
}

export interface MunicipalFeatureCollection {
  type: 'FeatureCollection';
  features: MunicipalFeature[];
}

export interface Municipality {
  /** Five-digit INEGI code (cve_geo), e.g. '20067'. */
  code: string;
  name: string;
  bbox: BBox;
  /** Area-weighted centroid [lon, lat]; for odd shapes it may fall outside the municipality. */
  centroid: [number, number];
}

export interface StateGeography {
  stateCode: string;
  stateName: string;
  municipalities: Municipality[];
  bbox: BBox;
  /**
   * Code of the municipality containing the point, or of the nearest one within SNAP_METERS when the point falls
   * in a gap of the simplified shapes; null far from every municipality (sea, another state).
   */
  locate(lat: number, lon: number): string | null;
  /** The polygon that contains the point, without grid cache or snapping: slower, for verification. */
  locateExact(lat: number, lon: number): string | null;
  featureCollection(): MunicipalFeatureCollection;
}

export interface StateInfo {
  code: string;
  name: string;
}

const geoDir = new URL('../../data/geo/', import.meta.url);
const statesDir = new URL('mexico_por_estado/', geoDir);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, geoDir), 'utf8')) as T;
}

let statesCache: StateInfo[] | undefined;

/** The 32 states, by INEGI code. */
export function listStates(): StateInfo[] {
  statesCache ??= readJson<{ cve_ent: string; nom_ent: string }[]>('mexico_estados_catalogo.json').map((s) => ({
    code: s.cve_ent,
    name: s.nom_ent,
  }));
  return statesCache;
}

export function stateName(stateCode: string): string | undefined {
  return listStates().find((s) => s.code === stateCode)?.name;
}

export function isStateCode(stateCode: string): boolean {
  return /^\d{2}$/.test(stateCode) && stateName(stateCode) !== undefined;
}

let namesCache: Map<string, string> | undefined;

/** Municipality names for the whole country (2,478), from the catalog that goes with the boundaries. */
export function municipalityNames(): ReadonlyMap<string, string> {
  namesCache ??= new Map(
    readJson<{ cve_geo: string; nom_mun: string }[]>('mexico_municipios_catalogo.json').map((m) => [m.cve_geo, m.nom_mun]),
  );
  return namesCache;
}

export function municipalityName(code: string): string | undefined {
  return municipalityNames().get(code);
}

function stateFile(stateCode: string): URL {
  const file = readdirSync(statesDir).find((f) => f.startsWith(`${stateCode}_`) && f.endsWith('.geojson.gz'));
  if (!file) throw new Error(`No hay límites municipales para la entidad ${stateCode}`);
  return new URL(file, statesDir);
}

interface SourceFeature {
  geometry: MunicipalGeometry | null;
  properties: { cve_geo: string; nom_mun: string; nom_ent: string };
}

const toRing = (ring: Position[]) => Float64Array.from(ring.flatMap((p) => [p[0]!, p[1]!]));

function polygonsOf(geometry: MunicipalGeometry | null): PolygonCoordinates[] {
  if (!geometry) return [];
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

const cache = new Map<string, StateGeography>();

/**
 * The boundaries are simplified for the web: they leave slivers between neighbours and cut corners off the coast.
 * A point outside every polygon but within this distance of one belongs to the nearest municipality.
 */
export const SNAP_METERS = 1000;

export function loadStateGeography(stateCode: string): StateGeography {
  const hit = cache.get(stateCode);
  if (hit) return hit;
  if (!isStateCode(stateCode)) throw new Error(`Clave de entidad no válida: "${stateCode}" (se espera '01' a '32')`);

  const source = JSON.parse(gunzipSync(readFileSync(stateFile(stateCode))).toString('utf8')) as { features: SourceFeature[] };
  const features = [...source.features].sort((a, b) => a.properties.cve_geo.localeCompare(b.properties.cve_geo));
  const municipalities: Municipality[] = [];
  const parts: LocatorPart[] = [];
  features.forEach((feature, owner) => {
    const rings: Float64Array[] = [];
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (const polygon of polygonsOf(feature.geometry)) {
      const polygonRings = polygon.map(toRing);
      parts.push({ owner, rings: polygonRings, bbox: ringsBBox(polygonRings) });
      polygonRings.forEach((ring, i) => {
        // Outer rings add area and holes subtract it, whatever the winding of the source.
        const m = ringMoments(ring);
        const sign = (i === 0 ? 1 : -1) * Math.sign(m.area);
        area += sign * m.area;
        cx += sign * m.cx;
        cy += sign * m.cy;
      });
      rings.push(...polygonRings);
    }
    const bbox = ringsBBox(rings);
    const centroid: [number, number] =
      area !== 0 ? [cx / (6 * area), cy / (6 * area)] : [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
    municipalities.push({ code: feature.properties.cve_geo, name: feature.properties.nom_mun, bbox, centroid });
  });

  const bbox = unionBBox(municipalities.map((m) => m.bbox));
  const locator = new MunicipalLocator(parts, bbox);
  const geography: StateGeography = {
    stateCode,
    stateName: stateName(stateCode) ?? features[0]?.properties.nom_ent ?? stateCode,
    municipalities,
    bbox,
    locate(lat, lon) {
      let owner = locator.locate(lon, lat);
      if (owner < 0 && lon >= bbox[0] - 0.01 && lon <= bbox[2] + 0.01 && lat >= bbox[1] - 0.01 && lat <= bbox[3] + 0.01) {
        owner = locator.nearest(lon, lat, SNAP_METERS);
      }
      return owner < 0 ? null : municipalities[owner]!.code;
    },
    locateExact(lat, lon) {
      const owner = locator.locateExact(lon, lat);
      return owner < 0 ? null : municipalities[owner]!.code;
    },
    featureCollection() {
      return {
        type: 'FeatureCollection',
        features: features
          .filter((f) => f.geometry)
          .map((f) => ({
            type: 'Feature',
            geometry: f.geometry!,
            properties: { code: f.properties.cve_geo, name: f.properties.nom_mun },
          })),
      };
    },
  };
  cache.set(stateCode, geography);
  return geography;
}
