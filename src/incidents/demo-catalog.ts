// The demo's incident mix: which CNIE v3 codes real and improper calls carry, how each group leans by hour and
// weekday, who responds, and which victims and notes go with it. Proportions are plausible for a Mexican state
// 9-1-1 service (medical and public-order calls lead, then traffic, robbery and family violence), not measured.
import type { CnieEntry } from '../reference/cnie.ts';
import { WeightedTable } from './demo-random.ts';

export const EXTORTION_CODE = 30407;
export const VIRTUAL_KIDNAPPING_CODE = 30448;
export const ALREADY_REPORTED_CODE = 60205;

export const EXTORTION_MODALITIES = [
  'secuestro_virtual', 'familiar_en_problemas', 'premio_o_sorteo', 'amenaza_cobro_de_piso', 'cobranza_ilegal',
  'suplantacion_de_funcionario', 'otra',
] as const;
/** Telephone extortion leans on the "relative in trouble" and fake-prize scripts. */
export const EXTORTION_MODALITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['secuestro_virtual', 18], ['familiar_en_problemas', 22], ['premio_o_sorteo', 16], ['amenaza_cobro_de_piso', 17],
  ['cobranza_ilegal', 12], ['suplantacion_de_funcionario', 9], ['otra', 6],
];

export interface Corporation {
  name: string;
  unitPrefix: string;
  units: number;
}

const C = {
  municipal: { name: 'Policía Municipal', unitPrefix: 'PM', units: 120 },
  state: { name: 'Policía Estatal', unitPrefix: 'PE', units: 80 },
  national: { name: 'Guardia Nacional', unitPrefix: 'GN', units: 40 },
  traffic: { name: 'Policía Vial', unitPrefix: 'PV', units: 40 },
  redCross: { name: 'Cruz Roja', unitPrefix: 'CR', units: 45 },
  health: { name: 'Servicios de Salud', unitPrefix: 'SS', units: 35 },
  civil: { name: 'Protección Civil', unitPrefix: 'PC', units: 30 },
  fire: { name: 'Bomberos', unitPrefix: 'BOM', units: 25 },
  services: { name: 'Servicios Municipales', unitPrefix: 'SM', units: 30 },
  prosecutor: { name: 'Fiscalía General del Estado', unitPrefix: 'FGE', units: 20 },
} satisfies Record<string, Corporation>;

type Responders = readonly (readonly [Corporation, number])[];
const POLICE: Responders = [[C.municipal, 55], [C.state, 35], [C.national, 10]];
const MEDICAL: Responders = [[C.redCross, 60], [C.health, 30], [C.civil, 10]];

export type VictimProfileName = 'family' | 'partner' | 'women' | 'sexual' | 'children' | 'elderly' | 'assault' | 'missing';

export const AGE_GROUPS = ['0-11', '12-17', '18-29', '30-44', '45-59', '60+'] as const;

interface VictimProfile {
  /** Weights of mujer, hombre, no_especificado. */
  sex: readonly [number, number, number];
  /** Weights of AGE_GROUPS in order. */
  age: readonly [number, number, number, number, number, number];
}

const VICTIMS: Record<VictimProfileName, VictimProfile> = {
  family: { sex: [78, 14, 8], age: [4, 6, 30, 38, 17, 5] },
  partner: { sex: [88, 9, 3], age: [0, 3, 38, 42, 14, 3] },
  women: { sex: [100, 0, 0], age: [2, 8, 34, 36, 15, 5] },
  sexual: { sex: [88, 8, 4], age: [12, 28, 35, 18, 5, 2] },
  children: { sex: [50, 48, 2], age: [60, 40, 0, 0, 0, 0] },
  elderly: { sex: [58, 40, 2], age: [0, 0, 0, 0, 0, 100] },
  assault: { sex: [18, 78, 4], age: [1, 7, 38, 32, 16, 6] },
  missing: { sex: [46, 50, 4], age: [6, 24, 32, 20, 11, 7] },
};

const VICTIM_CODES: Readonly<Record<number, VictimProfileName>> = {
  30502: 'partner', 30503: 'family', 30504: 'family', 30505: 'children', 30506: 'elderly', 30501: 'children',
  30903: 'women', 30909: 'assault', 31112: 'assault', 30906: 'assault', 10208: 'assault', 10209: 'assault',
  10225: 'assault', 10226: 'assault', 10227: 'assault', 30601: 'children', 30605: 'children', 30607: 'children',
  30602: 'missing', 30603: 'missing', 30610: 'missing',
};

/** Victim profile of a code: family and sexual violence, assaults, missing persons. */
export function victimProfileOf(code: number): VictimProfileName | null {
  if (Math.floor(code / 100) === 307) return 'sexual';
  return VICTIM_CODES[code] ?? null;
}

export interface VictimTables {
  sex: WeightedTable<'mujer' | 'hombre' | 'no_especificado'>;
  age: WeightedTable<string>;
}

export function victimTables(): Record<VictimProfileName, VictimTables> {
  const out = {} as Record<VictimProfileName, VictimTables>;
  for (const [name, p] of Object.entries(VICTIMS) as [VictimProfileName, VictimProfile][]) {
    out[name] = {
      sex: new WeightedTable([['mujer', p.sex[0]], ['hombre', p.sex[1]], ['no_especificado', p.sex[2]]] as const),
      age: new WeightedTable(AGE_GROUPS.map((g, i) => [g, p.age[i]!] as const)),
    };
  }
  return out;
}

// Hour-of-day leanings (local hour 0–23), multiplied onto the overall call curve.
const FLAT = Array<number>(24).fill(1);
const NIGHT = [1.7, 1.8, 1.7, 1.4, 1.0, 0.7, 0.5, 0.4, 0.4, 0.5, 0.6, 0.7, 0.8, 0.8, 0.9, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7];
const RUSH = [0.8, 0.7, 0.7, 0.6, 0.6, 0.8, 1.2, 1.6, 1.5, 1.1, 0.9, 0.9, 1.0, 1.1, 1.2, 1.2, 1.1, 1.2, 1.5, 1.6, 1.4, 1.2, 1.0, 0.9];
const OFFICE = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.3, 1.7, 1.9, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.2, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3];
const EVENING = [1.0, 0.8, 0.6, 0.5, 0.4, 0.5, 0.7, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.1, 1.2, 1.3, 1.4, 1.4, 1.3, 1.2, 1.1];
const DAYLIGHT = [0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.7, 1.0, 1.3, 1.5, 1.6, 1.6, 1.6, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.8, 0.7, 0.6, 0.5];

// Weekday leanings, Sunday first (Date.getUTCDay of the local date).
const WEEK_FLAT = [1, 1, 1, 1, 1, 1, 1];
const WEEKEND = [1.3, 0.85, 0.85, 0.9, 0.95, 1.15, 1.4];
const WEEKDAYS = [0.5, 1.1, 1.1, 1.1, 1.1, 1.05, 0.65];

export interface Category {
  key: string;
  /** Share among real calls of the ordinary lines. */
  weight: number;
  codes: readonly (readonly [number, number])[];
  hour: readonly number[];
  week: readonly number[];
  responders: Responders;
  /** Probability that a unit is dispatched. */
  dispatch: number;
  notes: readonly string[];
}

/** Real incidents on 9-1-1 and the other ordinary lines (089 tips are drawn from TIP_CODES instead). */
export const CATEGORIES: readonly Category[] = [
  {
    key: 'medical', weight: 20, hour: DAYLIGHT.map((v) => 0.6 + 0.4 * v), week: WEEK_FLAT, responders: MEDICAL, dispatch: 0.93,
    codes: [[10310, 16], [10305, 10], [10308, 10], [10204, 12], [10306, 8], [10312, 7], [10311, 6], [10307, 5], [10314, 5],
      [10301, 4], [10303, 3], [10318, 5], [10313, 2], [10206, 5], [10207, 3], [10213, 3], [10317, 3], [10304, 2], [10315, 2], [10210, 2]],
    notes: ['Se solicita ambulancia.', 'Paciente consciente, se canaliza a unidad médica.', 'Familiares solicitan valoración.', 'Se traslada a hospital general.'],
  },
  {
    key: 'traffic', weight: 10, hour: RUSH, week: [1.25, 0.95, 0.95, 0.95, 1.0, 1.1, 1.3],
    responders: [[C.traffic, 40], [C.municipal, 25], [C.redCross, 25], [C.national, 10]], dispatch: 0.95,
    codes: [[30309, 30], [10104, 18], [10103, 16], [30312, 8], [10116, 8], [10107, 3], [10112, 2], [10111, 2], [30308, 6],
      [30314, 2], [10109, 2], [31103, 5]],
    notes: ['Percance vial, se solicita unidad.', 'Choque por alcance en vialidad principal.', 'Motociclista lesionado.', 'Vehículo obstruye la circulación.'],
  },
  {
    key: 'public_order', weight: 21, hour: NIGHT, week: WEEKEND, responders: [[C.municipal, 75], [C.state, 25]], dispatch: 0.88,
    codes: [[31101, 22], [31112, 14], [30907, 12], [30904, 12], [50105, 14], [31104, 8], [31105, 5], [31102, 4], [31114, 5],
      [30909, 8], [31002, 6], [31108, 2], [30202, 3], [30205, 3], [30307, 4], [30103, 4]],
    notes: ['Persona alterando el orden en vía pública.', 'Vecinos reportan ruido excesivo.', 'Se solicita presencia policial.', 'Reportan detonaciones en la zona.'],
  },
  {
    key: 'family_violence', weight: 9, hour: NIGHT.map((v) => 0.5 + 0.5 * v), week: WEEKEND, responders: [[C.municipal, 60], [C.state, 40]], dispatch: 0.92,
    codes: [[30503, 50], [30502, 30], [30903, 10], [30505, 5], [30506, 3], [30504, 2]],
    notes: ['Reporta agresión en domicilio.', 'Vecina escucha gritos y golpes.', 'Se canaliza a la instancia de la mujer.', 'Víctima solicita apoyo.'],
  },
  {
    key: 'sexual_violence', weight: 1.2, hour: EVENING, week: WEEK_FLAT, responders: [[C.municipal, 50], [C.state, 50]], dispatch: 0.9,
    codes: [[30702, 40], [30701, 25], [30707, 15], [30712, 8], [30703, 6], [30708, 6]],
    notes: ['Se brinda contención y se canaliza a la Fiscalía.', 'Víctima solicita apoyo policial.', 'Se activa protocolo de atención.'],
  },
  {
    key: 'robbery', weight: 10, hour: EVENING, week: WEEK_FLAT, responders: POLICE, dispatch: 0.9,
    codes: [[30421, 14], [30422, 10], [30419, 10], [30420, 8], [30413, 6], [30414, 9], [30430, 7], [30429, 4], [30463, 5],
      [30462, 2], [30403, 6], [30411, 4], [30404, 8], [50102, 5], [30423, 2], [30459, 2], [30412, 2]],
    notes: ['Reporta robo, el responsable huyó.', 'Se proporcionan características del responsable.', 'Se solicita unidad en el lugar.'],
  },
  {
    key: 'extortion_fraud', weight: 3, hour: OFFICE, week: WEEKDAYS, responders: POLICE, dispatch: 0.12,
    codes: [[EXTORTION_CODE, 45], [VIRTUAL_KIDNAPPING_CODE, 10], [50104, 15], [50110, 12], [30613, 10], [30406, 8]],
    notes: ['Se brindan recomendaciones para no caer en la extorsión.', 'Llamada de número desconocido exigiendo dinero.', 'Se canaliza a la unidad antiextorsión.'],
  },
  {
    key: 'civil_protection', weight: 5, hour: DAYLIGHT, week: WEEK_FLAT, responders: [[C.civil, 45], [C.fire, 45], [C.municipal, 10]], dispatch: 0.9,
    codes: [[20115, 16], [20210, 14], [20308, 12], [20301, 10], [20303, 6], [20307, 6], [20104, 10], [20203, 8], [20207, 5],
      [20309, 5], [20304, 3], [20202, 3], [20103, 2]],
    notes: ['Se solicita apoyo de bomberos.', 'Se acordona el área.', 'Vecinos reportan olor a gas.'],
  },
  {
    key: 'public_services', weight: 4, hour: DAYLIGHT, week: WEEK_FLAT, responders: [[C.services, 60], [C.civil, 30], [C.municipal, 10]], dispatch: 0.7,
    codes: [[40103, 18], [40111, 16], [40106, 14], [40104, 10], [40102, 10], [40105, 8], [40114, 8], [40110, 6], [40115, 6], [40101, 4]],
    notes: ['Se reporta a la dependencia correspondiente.', 'Riesgo para transeúntes.', 'Se canaliza a servicios municipales.'],
  },
  {
    key: 'assistance', weight: 6, hour: DAYLIGHT, week: WEEK_FLAT, responders: [[C.municipal, 80], [C.civil, 20]], dispatch: 0.6,
    codes: [[50301, 35], [50305, 20], [50303, 12], [50304, 10], [50302, 8], [50101, 8], [50109, 7]],
    notes: ['Ciudadano solicita apoyo.', 'Se realiza rondín preventivo.', 'Se orienta al usuario.'],
  },
  {
    key: 'other_services', weight: 6, hour: FLAT, week: WEEK_FLAT, responders: [[C.municipal, 100]], dispatch: 0,
    codes: [[60204, 35], [ALREADY_REPORTED_CODE, 30], [60207, 12], [60203, 10], [60208, 6], [60201, 4], [60209, 3]],
    notes: ['Se proporciona la información solicitada.', 'Se transfiere la llamada.', 'Incidente previamente reportado.'],
  },
  {
    key: 'liberty', weight: 1.8, hour: EVENING, week: WEEK_FLAT, responders: [[C.state, 50], [C.municipal, 30], [C.prosecutor, 20]], dispatch: 0.85,
    codes: [[30602, 35], [30601, 20], [30606, 20], [30603, 8], [30616, 10], [30610, 7]],
    notes: ['Familiares reportan a persona no localizada.', 'Se difunden características.', 'Se activa protocolo de búsqueda.'],
  },
  {
    key: 'serious_crime', weight: 1, hour: NIGHT, week: WEEKEND, responders: [[C.state, 50], [C.national, 30], [C.prosecutor, 20]], dispatch: 0.95,
    codes: [[31201, 25], [30906, 20], [10209, 20], [10208, 15], [30803, 5], [31202, 5], [31203, 10]],
    notes: ['Se acordona el lugar y se da aviso al Ministerio Público.', 'Se solicita apoyo de corporaciones.'],
  },
];

/** Weight of every active code not listed above, so that the whole catalog shows up now and then. */
export const TAIL_WEIGHT = 2;
const TAIL_RESPONDERS: Record<number, Responders> = {
  1: MEDICAL, 2: [[C.civil, 60], [C.fire, 40]], 3: POLICE, 4: [[C.services, 100]], 5: [[C.municipal, 100]], 6: [[C.municipal, 100]],
};
export const TAIL_NOTES = ['Se atiende el reporte.', 'Se canaliza a la corporación correspondiente.'];

export function tailCategory(v3: ReadonlyMap<number, CnieEntry>): Category {
  const listed = new Set(CATEGORIES.flatMap((c) => c.codes.map(([code]) => code)));
  for (const [code] of TIP_CODES) listed.add(code);
  const codes = [...v3.values()].filter((e) => e.active && e.type !== 7 && !listed.has(e.code)).map((e) => [e.code, 1] as const);
  return {
    key: 'tail', weight: TAIL_WEIGHT, hour: FLAT, week: WEEK_FLAT, responders: POLICE, dispatch: 0.7, codes, notes: TAIL_NOTES,
  };
}

export function tailResponders(code: number): Responders {
  return TAIL_RESPONDERS[Math.floor(code / 10000)] ?? POLICE;
}

/** 089 anonymous tips: extortion leads, then drug dealing and suspicious people or vehicles. */
export const TIP_CODES: readonly (readonly [number, number])[] = [
  [EXTORTION_CODE, 35], [31007, 12], [31014, 5], [30904, 8], [30307, 6], [30503, 5], [30502, 3], [VIRTUAL_KIDNAPPING_CODE, 4],
  [50104, 3], [30613, 3], [31002, 3], [30406, 3], [30802, 2], [30602, 2], [30709, 1], [31010, 1], [30430, 2], [30413, 1],
  [31115, 2], [30809, 1],
];
export const TIP_AGENCIES: Responders = [[C.prosecutor, 45], [C.state, 35], [C.national, 20]];
export const TIP_NOTES = ['Denuncia anónima canalizada a la autoridad competente.', 'Se turna a la unidad de análisis.', 'Denunciante proporciona datos del hecho.'];

/** Improper calls (type 7); pranks by minors lean to the afternoon after school. */
export const IMPROPER_CODES: readonly (readonly [number, number])[] = [[70109, 40], [70104, 25], [70101, 15], [70107, 12], [70106, 8]];
export const MINOR_PRANK_CODE = 70101;
export const MINOR_PRANK_HOUR = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.6, 2.0, 2.2, 2.2, 2.0, 1.8, 1.5, 1.2, 0.8, 0.4, 0.2];
export const IMPROPER_NOTES: Readonly<Record<number, string>> = {
  70109: 'Llamada colgada; se devuelve la llamada sin respuesta.',
  70104: 'Llamada muda.',
  70101: 'Menores de edad realizando broma.',
  70107: 'Llamada de broma.',
  70106: 'Usuario profiere insultos al operador.',
};

/** Overall calls by local hour: quiet 3–6 am, busiest in the evening. */
export const HOUR_CURVE = [0.85, 0.65, 0.5, 0.42, 0.38, 0.42, 0.58, 0.78, 0.92, 1.0, 1.05, 1.1, 1.15, 1.18, 1.22, 1.27, 1.32, 1.38, 1.45, 1.5, 1.5, 1.42, 1.25, 1.05];
/** Overall calls by weekday, Sunday first. */
export const WEEK_CURVE = [1.08, 0.95, 0.93, 0.94, 0.97, 1.05, 1.12];
/** Mild seasonality by month (January first): December festivities, a calmer February. */
export const SEASON_CURVE = [0.98, 0.94, 0.98, 1.0, 1.04, 1.01, 0.99, 0.98, 0.97, 1.0, 1.02, 1.09];
