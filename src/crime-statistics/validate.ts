// One row of a SESNSP file → the figures of one crime category in one place and year, a row of another state
// (skipped), or the specific reasons it cannot be read. Pure: the catalogs and the clock come in through the context.
import { valueOf, type RecordValues } from '../incidents/reader.ts';
import { MONTH_COLUMNS, type SesnspLayout } from './layout.ts';
import type { SesnspLevel } from './tables.ts';

/** The SESNSP's open data with the current methodology start in 2015. */
export const FIRST_YEAR = 2015;
/** The SESNSP codes the crimes it cannot place in a municipality as XX999 «Otros municipios». */
export const OTHER_MUNICIPALITIES_SUFFIX = '999';

export interface RejectReason {
  /** Stable key, used to count rejections by reason. */
  code: string;
  message: string;
}

export interface SesnspRow {
  level: SesnspLevel;
  stateCode: string;
  /** '' at state level. */
  municipalityCode: string;
  year: number;
  bienJuridico: string;
  tipo: string;
  subtipo: string;
  modalidad: string;
  /** January … December; null where the file leaves the month empty (not published yet). */
  months: (number | null)[];
}

export type RowResult =
  | { kind: 'row'; row: SesnspRow }
  | { kind: 'other_state'; stateCode: string }
  | { kind: 'rejected'; reasons: RejectReason[] };

export interface ValidateContext {
  layout: SesnspLayout;
  /** The configured state: only its rows are examined further. */
  stateCode: string;
  /** Two-digit codes of the 32 states. */
  states: ReadonlySet<string>;
  /** Five-digit codes of the municipalities INEGI lists (and those of the boundary set). */
  municipalities: ReadonlySet<string>;
  /** The current local year and month: figures for a month that has not ended cannot exist. */
  now: { year: number; month: number };
}

const clean = (v: string | undefined) => (v ?? '').replace(/\s+/g, ' ').trim();
const MAX_COUNT = 10_000_000;

export function createRowValidator(ctx: ValidateContext): (record: RecordValues) => RowResult {
  const { layout } = ctx;
  const categoryColumns = [layout.bienJuridico, layout.tipo, layout.subtipo, layout.modalidad];
  return (record) => {
    const reasons: RejectReason[] = [];
    const rawState = clean(valueOf(record, layout.stateCode));
    let stateCode = '';
    if (!/^\d{1,2}$/.test(rawState) || !ctx.states.has(rawState.padStart(2, '0'))) {
      reasons.push({ code: 'entidad_desconocida', message: `La clave de entidad «${rawState}» no corresponde a ninguna entidad (1 a 32).` });
    } else {
      stateCode = rawState.padStart(2, '0');
      // Rows of other states are not this center's business: they are counted and skipped, not judged.
      if (stateCode !== ctx.stateCode) return { kind: 'other_state', stateCode };
    }

    const rawYear = clean(valueOf(record, layout.year));
    const year = Number(rawYear);
    if (!/^\d{4}$/.test(rawYear)) {
      reasons.push({ code: 'anio_invalido', message: `El año «${rawYear}» no es un año de cuatro dígitos.` });
    } else if (year < FIRST_YEAR || year > ctx.now.year) {
      reasons.push({
        code: 'anio_fuera_de_rango',
        message: `El año ${year} está fuera del periodo de los datos abiertos del SESNSP (metodología vigente: ${FIRST_YEAR} a ${ctx.now.year}).`,
      });
    }

    let municipalityCode = '';
    if (layout.municipalityCode !== null) {
      const rawMun = clean(valueOf(record, layout.municipalityCode));
      // The SESNSP writes the code as a number: 1001 for Aguascalientes' 01001.
      const code = /^\d{4,5}$/.test(rawMun) ? rawMun.padStart(5, '0') : null;
      if (code === null) {
        reasons.push({ code: 'municipio_invalido', message: `La clave de municipio «${rawMun}» no tiene 4 o 5 dígitos.` });
      } else if (stateCode && !code.startsWith(stateCode)) {
        reasons.push({
          code: 'municipio_de_otra_entidad',
          message: `La clave de municipio ${code} no pertenece a la entidad ${stateCode} de la misma fila.`,
        });
      } else if (!ctx.municipalities.has(code) && !code.endsWith(OTHER_MUNICIPALITIES_SUFFIX)) {
        reasons.push({ code: 'municipio_desconocido', message: `La clave de municipio ${code} no está en el catálogo de municipios del INEGI.` });
      } else {
        municipalityCode = code;
      }
    }

    const category = categoryColumns.map((c) => clean(valueOf(record, c)));
    const missing = categoryColumns.filter((_, i) => category[i] === '');
    if (missing.length > 0) {
      reasons.push({ code: 'delito_incompleto', message: `Faltan datos del delito: ${missing.map((c) => `«${c}»`).join(', ')}.` });
    }

    const months: (number | null)[] = [];
    let firstEmpty = -1;
    let gapReported = false;
    let unfinishedReported = false;
    for (let i = 0; i < 12; i++) {
      const raw = clean(valueOf(record, layout.months[i]!));
      if (raw === '') {
        months.push(null);
        if (firstEmpty < 0) firstEmpty = i;
        continue;
      }
      if (!/^\d+$/.test(raw) || Number(raw) > MAX_COUNT) {
        reasons.push({ code: 'conteo_no_numerico', message: `${MONTH_COLUMNS[i]}: «${raw}» no es un número entero de delitos.` });
        months.push(null);
        continue;
      }
      if (firstEmpty >= 0 && !gapReported) {
        gapReported = true;
        reasons.push({
          code: 'mes_vacio_intermedio',
          message: `${MONTH_COLUMNS[firstEmpty]} está vacío pero ${MONTH_COLUMNS[i]} tiene cifras; el SESNSP deja vacíos solo los meses aún no publicados.`,
        });
      }
      if (year === ctx.now.year && i + 1 >= ctx.now.month && !unfinishedReported) {
        unfinishedReported = true;
        reasons.push({
          code: 'mes_no_concluido',
          message: `${MONTH_COLUMNS[i]} de ${year} tiene cifras, pero ese mes no ha concluido.`,
        });
      }
      months.push(Number(raw));
    }
    if (months.every((m) => m === null) && !reasons.some((r) => r.code === 'conteo_no_numerico')) {
      reasons.push({ code: 'sin_cifras', message: 'La fila no tiene cifras en ningún mes.' });
    }

    if (reasons.length > 0) return { kind: 'rejected', reasons };
    return {
      kind: 'row',
      row: {
        level: layout.level,
        stateCode,
        municipalityCode,
        year,
        bienJuridico: category[0]!,
        tipo: category[1]!,
        subtipo: category[2]!,
        modalidad: category[3]!,
        months,
      },
    };
  };
}

/** The key that identifies a row's series: a file must not carry it twice. */
export function rowKey(r: SesnspRow): string {
  return [r.level, r.stateCode, r.municipalityCode, r.year, r.bienJuridico, r.tipo, r.subtipo, r.modalidad].join('\u0000');
}
