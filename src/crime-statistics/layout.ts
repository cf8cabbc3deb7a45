// The two open-data layouts of the SESNSP's "incidencia delictiva del fuero común" (methodology of 2015 onwards):
// IDEFC_NM, one row per state, and IDM_NM, one row per municipality. Both are CSV in Latin-1 with one column per
// month; the months not yet published are empty. Pure: no I/O.
import type { SesnspLevel } from './tables.ts';

export const MONTH_COLUMNS = [
  'Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio',
  'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', 'Diciembre',
] as const;

/** The columns each layout must have, as the SESNSP names them. */
export const LAYOUT_COLUMNS: Record<SesnspLevel, readonly string[]> = {
  state: ['Año', 'Clave_Ent', 'Entidad', 'Bien jurídico afectado', 'Tipo de delito', 'Subtipo de delito', 'Modalidad', ...MONTH_COLUMNS],
  municipal: [
    'Año', 'Clave_Ent', 'Entidad', 'Cve. Municipio', 'Municipio',
    'Bien jurídico afectado', 'Tipo de delito', 'Subtipo de delito', 'Modalidad', ...MONTH_COLUMNS,
  ],
};

export const LEVEL_LABELS: Record<SesnspLevel, string> = {
  state: 'estatal (IDEFC_NM)',
  municipal: 'municipal (IDM_NM)',
};

/** The header names this file uses for each field (spelling may differ in case, accents or punctuation). */
export interface SesnspLayout {
  level: SesnspLevel;
  year: string;
  stateCode: string;
  municipalityCode: string | null;
  bienJuridico: string;
  tipo: string;
  subtipo: string;
  modalidad: string;
  months: string[];
}

/** "Cve. Municipio", "CVE_MUNICIPIO" and "cve municipio" all compare equal; so do "Año" and "ANO". */
export function columnKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export type LayoutResult = { ok: true; layout: SesnspLayout } | { ok: false; message: string };

/** Recognises the layout from the header row: municipal when it has the municipality columns, else state. */
export function detectLayout(header: readonly string[]): LayoutResult {
  const byKey = new Map<string, string>();
  for (const h of header) if (!byKey.has(columnKey(h))) byKey.set(columnKey(h), h);
  const hasMunicipal = byKey.has(columnKey('Cve. Municipio')) || byKey.has(columnKey('Municipio'));
  const level: SesnspLevel = hasMunicipal ? 'municipal' : 'state';
  const missing = LAYOUT_COLUMNS[level].filter((c) => !byKey.has(columnKey(c)));
  if (missing.length > 0) {
    const expected = hasMunicipal ? 'municipal (IDM_NM)' : 'estatal (IDEFC_NM) o municipal (IDM_NM)';
    return {
      ok: false,
      message:
        `El archivo no tiene el formato de datos abiertos del SESNSP ${expected}: faltan las columnas ` +
        `${missing.map((c) => `«${c}»`).join(', ')}. Columnas esperadas: ${LAYOUT_COLUMNS[level].join(', ')}.`,
    };
  }
  const col = (name: string) => byKey.get(columnKey(name))!;
  return {
    ok: true,
    layout: {
      level,
      year: col('Año'),
      stateCode: col('Clave_Ent'),
      municipalityCode: level === 'municipal' ? col('Cve. Municipio') : null,
      bienJuridico: col('Bien jurídico afectado'),
      tipo: col('Tipo de delito'),
      subtipo: col('Subtipo de delito'),
      modalidad: col('Modalidad'),
      months: MONTH_COLUMNS.map(col),
    },
  };
}
