// Small SESNSP open-data files written by hand, in the layouts and the Latin-1 encoding the SESNSP publishes.
import { Readable } from 'node:stream';

export const MONTHS = ['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', 'Diciembre'];
export const STATE_HEADER = ['Año', 'Clave_Ent', 'Entidad', 'Bien jurídico afectado', 'Tipo de delito', 'Subtipo de delito', 'Modalidad', ...MONTHS].join(',');
export const MUNICIPAL_HEADER = [
  'Año', 'Clave_Ent', 'Entidad', 'Cve. Municipio', 'Municipio', 'Bien jurídico afectado', 'Tipo de delito', 'Subtipo de delito', 'Modalidad', ...MONTHS,
].join(',');

/** Twelve month cells: numbers, then empty cells for the months not published. */
export const months = (...values: (number | string)[]) => [...values.map(String), ...Array(12 - values.length).fill('')].join(',');

export function latin1File(header: string, lines: string[]): Buffer {
  return Buffer.from([header, ...lines].join('\r\n') + '\r\n', 'latin1');
}

export const streamOf = (bytes: Buffer) => Readable.from([bytes]);
