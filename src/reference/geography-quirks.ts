// Differences between the municipal catalog that goes with the boundaries (2,478) and the INEGI (2,475) and CONAPO
// (2,475) catalogs. They are reported, not patched: no population is invented for a municipality CONAPO lacks.
import { municipalityNames } from './geography.ts';
import { conapoMunicipalityCodes, conapoMunicipalityName, inegiMunicipalities } from './population.ts';

export type GeographyQuirkKind = 'missing_in_inegi' | 'missing_in_conapo' | 'missing_in_geometry' | 'name_differs' | 'simplified_shapes';

export interface GeographyQuirk {
  /** Null when the quirk concerns the whole country. */
  stateCode: string | null;
  code: string | null;
  kind: GeographyQuirkKind;
  message: string;
  resolution: string;
}

let cached: GeographyQuirk[] | undefined;

function allGeographyQuirks(): GeographyQuirk[] {
  if (cached) return cached;
  const geo = municipalityNames();
  const inegi = inegiMunicipalities();
  const conapo = new Set(conapoMunicipalityCodes());
  const quirks: GeographyQuirk[] = [
    {
      stateCode: null,
      code: null,
      kind: 'simplified_shapes',
      message: 'Los límites municipales están simplificados para la web; un punto a pocos metros de un límite puede caer en el municipio vecino.',
      resolution: 'Se acepta: la ubicación sirve para estadística municipal, no para deslindes.',
    },
  ];
  for (const [code, name] of geo) {
    const stateCode = code.slice(0, 2);
    if (!inegi.has(code)) {
      quirks.push({
        stateCode,
        code,
        kind: 'missing_in_inegi',
        message: `El municipio ${code} ${name} tiene límites pero no está en el catálogo INEGI incluido (municipio de creación reciente).`,
        resolution: 'Se ubica por sus límites; su nombre sale del catálogo de límites.',
      });
    }
    if (!conapo.has(code)) {
      quirks.push({
        stateCode,
        code,
        kind: 'missing_in_conapo',
        message: `El municipio ${code} ${name} no tiene proyección de población CONAPO.`,
        resolution:
          'populationOf devuelve undefined y las tasas por 100 mil habitantes de ese municipio no se calculan; las proyecciones son anteriores a su creación, así que su población sigue contada dentro del municipio del que se separó.',
      });
    }
    const inegiName = inegi.get(code)?.name;
    const conapoName = conapoMunicipalityName(code);
    const others = [
      ...(inegiName && inegiName !== name ? [`INEGI: "${inegiName}"`] : []),
      ...(conapoName && conapoName !== name ? [`CONAPO: "${conapoName}"`] : []),
    ];
    if (others.length > 0) {
      quirks.push({
        stateCode,
        code,
        kind: 'name_differs',
        message: `El municipio ${code} se llama "${name}" en el catálogo de límites; ${others.join('; ')}.`,
        resolution: 'Se usa la clave, que coincide; el nombre que se muestra es el del catálogo de límites.',
      });
    }
  }
  for (const [code, m] of inegi) {
    if (!geo.has(code)) {
      quirks.push({
        stateCode: m.stateCode,
        code,
        kind: 'missing_in_geometry',
        message: `El municipio ${code} ${m.name} está en el catálogo INEGI pero no tiene límites.`,
        resolution: 'No se le puede asignar ningún incidente por coordenadas.',
      });
    }
  }
  cached = quirks;
  return quirks;
}

/** Quirks that concern a state (plus the country-wide ones), or all of them without a state. */
export function geographyQuirks(stateCode?: string): GeographyQuirk[] {
  const all = allGeographyQuirks();
  return stateCode === undefined ? all : all.filter((q) => q.stateCode === null || q.stateCode === stateCode);
}
