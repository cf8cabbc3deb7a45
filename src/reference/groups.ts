// Named groups of municipalities (metropolitan area, AVGM municipalities, …): their defaults and CSV import of
// membership. Memberships ship empty unless an official list can be cited; administrators import the official one.
import { csvRows } from '../util/csv.ts';
import type { MunicipalityGroupsTable } from './tables.ts';
import { loadStateGeography } from './geography.ts';
import { conapoMunicipalityName, inegiMunicipalities } from './population.ts';

export type GroupKind = MunicipalityGroupsTable['kind'];

export interface GroupDefault {
  slug: string;
  name: string;
  kind: GroupKind;
  members: string[];
  sourceCitation: string | null;
  sourceUrl: string | null;
  notes: string | null;
}

// City that names each state's main metropolitan area (the state capital).
const CAPITALS: Readonly<Record<string, string>> = {
  '01': 'Aguascalientes', '02': 'Mexicali', '03': 'La Paz', '04': 'Campeche', '05': 'Saltillo', '06': 'Colima',
  '07': 'Tuxtla Gutiérrez', '08': 'Chihuahua', '09': 'la Ciudad de México', '10': 'Durango', '11': 'Guanajuato',
  '12': 'Chilpancingo', '13': 'Pachuca', '14': 'Guadalajara', '15': 'Toluca', '16': 'Morelia', '17': 'Cuernavaca',
  '18': 'Tepic', '19': 'Monterrey', '20': 'Oaxaca', '21': 'Puebla', '22': 'Querétaro', '23': 'Chetumal',
  '24': 'San Luis Potosí', '25': 'Culiacán', '26': 'Hermosillo', '27': 'Villahermosa', '28': 'Ciudad Victoria',
  '29': 'Tlaxcala', '30': 'Xalapa', '31': 'Mérida', '32': 'Zacatecas',
};

const EMPTY_NOTE =
  'Se entrega sin municipios porque no se contó con la lista oficial para citarla. ' +
  'Importe la lista oficial en CSV (clave_municipio[,nombre]) y registre su fuente.';

/**
 * Groups every state starts with. Both ship empty: no official list (SEDATU/CONAPO/INEGI delimitation of
 * metropolitan areas; CONAVIM's AVGM declaration) was available to cite, and a guessed list would mislead reports.
 */
export function defaultGroups(stateCode: string): GroupDefault[] {
  const capital = CAPITALS[stateCode] ?? loadStateGeography(stateCode).stateName;
  return [
    {
      slug: 'zona-metropolitana',
      name: `Zona metropolitana de ${capital}`,
      kind: 'metropolitan_area',
      members: [],
      sourceCitation: null,
      sourceUrl: null,
      notes: EMPTY_NOTE,
    },
    {
      slug: 'avgm',
      name: 'Municipios con Alerta de Violencia de Género contra las Mujeres',
      kind: 'avgm',
      members: [],
      sourceCitation: null,
      sourceUrl: null,
      notes: EMPTY_NOTE,
    },
  ];
}

export interface GroupCsvResult {
  /** Valid municipality codes, in file order, without repetitions. */
  codes: string[];
  /** One message per rejected line, in Spanish, with its line number. */
  errors: string[];
}

const normalizeName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9ñ]+/g, ' ')
    .trim();

function namesMatch(given: string, known: readonly (string | undefined)[]): boolean {
  const g = normalizeName(given);
  return known.some((k) => {
    if (!k) return false;
    const n = normalizeName(k);
    // Official long forms ("Heroica Ciudad de Huajuapan de León") contain the short ones and vice versa.
    return n === g || n.endsWith(` ${g}`) || g.endsWith(` ${n}`);
  });
}

/**
 * Reads a membership list: one municipality per line, columns clave_municipio[,nombre], optional header.
 * Accepts the five-digit INEGI code, a four-digit code whose leading zero a spreadsheet dropped, or the three-digit
 * municipal number within the state. A name, when given, must match the catalog (ignoring case and accents).
 */
export function parseGroupCsv(text: string, stateCode: string): GroupCsvResult {
  const municipalities = new Map(loadStateGeography(stateCode).municipalities.map((m) => [m.code, m.name]));
  const inegi = inegiMunicipalities();
  const records = csvRows(text);

  const codes: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  records.forEach(({ values, line }, index) => {
    const [rawCode = '', rawName = ''] = values;
    if (index === 0 && /^cl?ave|^cve|^c[oó]digo/i.test(rawCode)) return; // header
    if (rawCode === '' && rawName === '') return;
    const digits = rawCode.replace(/^'/, '');
    if (!/^\d{1,5}$/.test(digits)) {
      errors.push(`Línea ${line}: "${rawCode}" no es una clave de municipio (se esperan 5 dígitos, p. ej. ${stateCode}067).`);
      return;
    }
    const code = digits.length === 5 ? digits : digits.length === 4 ? `0${digits}` : `${stateCode}${digits.padStart(3, '0')}`;
    const name = municipalities.get(code);
    if (name === undefined) {
      errors.push(
        code.startsWith(stateCode)
          ? `Línea ${line}: la clave ${code} no corresponde a ningún municipio de la entidad.`
          : `Línea ${line}: la clave ${code} es de otra entidad (se esperan claves que empiecen con ${stateCode}).`,
      );
      return;
    }
    if (rawName !== '' && !namesMatch(rawName, [name, inegi.get(code)?.name, conapoMunicipalityName(code)])) {
      errors.push(`Línea ${line}: la clave ${code} corresponde a "${name}", no a "${rawName}".`);
      return;
    }
    if (seen.has(code)) {
      errors.push(`Línea ${line}: el municipio ${code} ${name} ya aparece en una línea anterior.`);
      return;
    }
    seen.add(code);
    codes.push(code);
  });
  return { codes, errors };
}
