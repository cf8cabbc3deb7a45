// Made-up people, streets and phone numbers for the demo. Names are common Mexican given names and surnames combined
// at random; nothing refers to a real person.
import { Random, zipfTable, type WeightedTable } from './demo-random.ts';

const GIVEN_NAMES = [
  'María', 'José', 'Juan', 'Guadalupe', 'Francisco', 'Ana', 'Luis', 'Rosa', 'Carlos', 'Verónica', 'Miguel', 'Leticia',
  'Jesús', 'Patricia', 'Alejandro', 'Martha', 'Pedro', 'Laura', 'Antonio', 'Elizabeth', 'Jorge', 'Gabriela', 'Manuel',
  'Alejandra', 'Ricardo', 'Adriana', 'Fernando', 'Claudia', 'Roberto', 'Silvia', 'Eduardo', 'Fernanda', 'Daniel',
  'Sofía', 'Javier', 'Daniela', 'Raúl', 'Lucía', 'Arturo', 'Isabel',
];
const SURNAMES = [
  'Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores',
  'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar',
  'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Juárez', 'Ramos', 'Domínguez',
  'Herrera', 'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Santiago',
];
const STREET_NAMES = [
  'Benito Juárez', 'Miguel Hidalgo', 'Independencia', 'Reforma', 'Morelos', 'Vicente Guerrero', 'Allende', 'Zaragoza',
  'Emiliano Zapata', 'Francisco I. Madero', '5 de Mayo', '16 de Septiembre', 'Aldama', 'Niños Héroes', 'Las Flores',
  'Del Trabajo', 'Constitución', 'Libertad', 'Porfirio Díaz', 'Lázaro Cárdenas', 'Insurgentes', 'Juventino Rosas',
  'Macedonio Alcalá', 'Del Maestro', 'Pino Suárez', 'Venustiano Carranza', 'Revolución', 'Galeana', 'Matamoros', 'Abasolo',
];
const STREET_TYPES = ['Calle', 'Calle', 'Calle', 'Av.', 'Privada', 'Andador', 'Callejón', 'Carretera'];
const NEIGHBORHOODS = [
  'Centro', 'Reforma', 'Las Flores', 'San José', 'La Joya', 'El Carmen', 'Guadalupe', 'Santa Rosa', 'Del Valle',
  'Jardín', 'Volcanes', 'Linda Vista', 'Emiliano Zapata', 'Lomas del Sur', 'San Martín', 'Los Pinos', 'La Cañada',
  'Santa Lucía', 'Benito Juárez', 'Progreso', 'El Rosario', 'San Felipe', 'Las Palmas', 'Hidalgo', 'Moderna',
];

export function fakeName(random: Random): string {
  return `${random.pick(GIVEN_NAMES)} ${random.pick(SURNAMES)} ${random.pick(SURNAMES)}`;
}

export function fakeAddress(random: Random): string {
  const number = random.chance(0.1) ? 'S/N' : String(random.int(1, 1800));
  return `${random.pick(STREET_TYPES)} ${random.pick(STREET_NAMES)} ${number}, Col. ${random.pick(NEIGHBORHOODS)}`;
}

// Main long-distance codes (ladas) of each state's largest cities; 2-digit ladas are the three metropolitan ones.
const STATE_LADAS: Readonly<Record<string, readonly string[]>> = {
  '01': ['449', '465', '495'], '02': ['664', '686', '646', '665'], '03': ['612', '624', '613'], '04': ['981', '938', '982'],
  '05': ['844', '871', '866', '878'], '06': ['312', '314', '313'], '07': ['961', '962', '967', '968'],
  '08': ['614', '656', '625', '627'], '09': ['55', '56'], '10': ['618', '871', '674'], '11': ['477', '473', '461', '462', '415'],
  '12': ['744', '747', '755', '733'], '13': ['771', '775', '773'], '14': ['33', '322', '341', '378'],
  '15': ['722', '55', '56', '729'], '16': ['443', '452', '351', '353'], '17': ['777', '735', '734'], '18': ['311', '319', '323'],
  '19': ['81', '826', '821'], '20': ['951', '953', '954', '958', '971', '287'], '21': ['222', '238', '233', '231'],
  '22': ['442', '427'], '23': ['998', '983', '984', '987'], '24': ['444', '481', '489'], '25': ['667', '669', '668', '687'],
  '26': ['662', '644', '631', '653'], '27': ['993', '917', '934'], '28': ['834', '899', '868', '833', '867'],
  '29': ['246', '241'], '30': ['229', '228', '921', '271', '782'], '31': ['999', '997', '988'], '32': ['492', '494', '493'],
};

/** Extortion calls often come from other states' numbers, prisons and big cities most of all. */
const EXTORTION_LADAS = ['55', '55', '55', '33', '33', '81', '722', '744', '222', '443', '961', '998'];

export function stateLadas(stateCode: string): readonly string[] {
  return STATE_LADAS[stateCode] ?? ['55'];
}

/** A 10-digit Mexican number with the given lada; the local part never starts with 0 or 1. */
export function phoneWithLada(random: Random, lada: string): string {
  const unit = lada.length === 2 ? 10_000_000 : 1_000_000;
  return lada + String(2 * unit + Math.floor(random.next() * 8 * unit));
}

export class PhoneBook {
  readonly #ladas: readonly string[];
  /** Repeat prank callers: a small pool producing many improper calls. */
  readonly pranksters: WeightedTable<string>;
  /** Numbers reported for extortion: a few hundred, a handful of them reported again and again. */
  readonly extortioners: WeightedTable<string>;

  constructor(stateCode: string, seed: number | string) {
    this.#ladas = stateLadas(stateCode);
    const random = new Random('demo-phones', seed, stateCode);
    const pranks = uniqueNumbers(60, () => phoneWithLada(random, random.pick(this.#ladas)));
    this.pranksters = zipfTable(pranks, 1.1);
    const ladas = [...EXTORTION_LADAS, ...this.#ladas];
    const extortion = uniqueNumbers(320, () => phoneWithLada(random, random.pick(ladas)));
    this.extortioners = zipfTable(extortion, 1.05);
  }

  /** Any caller of the state. */
  caller(random: Random): string {
    return phoneWithLada(random, this.#ladas[Math.floor(random.next() * this.#ladas.length)]!);
  }
}

function uniqueNumbers(n: number, make: () => string): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(make());
  return [...seen];
}
