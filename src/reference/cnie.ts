// CNIE (Catálogo Nacional de Incidentes de Emergencia) versions 2.0 and 3, loaded from data/cnie, with the mapping
// between them. The source files are transcriptions with known defects; each defect is handled on purpose here and
// recorded as a CatalogQuirk so that `atalaya reference check` can show it instead of hiding it.
import { readFileSync } from 'node:fs';
import { csvRecords } from '../util/csv.ts';

export type CnieVersion = '2' | '3';
export type CniePriority = 'alta' | 'media' | 'baja';

export interface CnieEntry {
  version: CnieVersion;
  code: number;
  name: string;
  /** First digit of the code, 1..7. */
  type: number;
  typeName: string;
  /** First three digits of the code. */
  subtype: number;
  subtypeName: string | null;
  priority: CniePriority | null;
  definition: string | null;
  /** For a withdrawn code that the catalog moved elsewhere: the code that replaces it. */
  reclassifiedTo: number | null;
  /** False for codes the version withdrew (reclassified or eliminated). */
  active: boolean;
}

export type CatalogQuirkKind =
  | 'duplicate_code'
  | 'withdrawn_marker_in_name'
  | 'invalid_priority'
  | 'abridged_definition'
  | 'missing_definition'
  | 'reclassified'
  | 'unresolved_reclassification'
  | 'uppercase_names'
  | 'mixed_case_names'
  | 'type_mismatch'
  | 'subtype_label_mismatch'
  | 'missing_subtype_names';

export interface CatalogQuirk {
  version: CnieVersion;
  /** Null when the quirk concerns the whole catalog. */
  code: number | null;
  kind: CatalogQuirkKind;
  message: string;
  resolution: string;
}

export interface CnieCatalogs {
  v2: Map<number, CnieEntry>;
  v3: Map<number, CnieEntry>;
  quirks: CatalogQuirk[];
}

export const CNIE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Médicos',
  2: 'Protección civil',
  3: 'Seguridad',
  4: 'Servicios públicos',
  5: 'Asistencia',
  6: 'Otros servicios',
  7: 'Improcedentes',
};

// The v3 file names its types by sheet; both sheets of type 7 exist (see the duplicate handling below).
const V3_SHEET_TYPES: Readonly<Record<string, number>> = {
  Medico: 1,
  'Protección civil': 2,
  Seguridad: 3,
  'Servicios publicos': 4,
  Asistencia: 5,
  Otros: 6,
  'Mal uso del servicio': 7,
  Improcedentes: 7,
};
const V3_OLD_SHEET = 'Improcedentes';

const V2_TYPE_LABELS: Readonly<Record<string, number>> = {
  MEDICOS: 1,
  'PROTECCION CIVIL': 2,
  SEGURIDAD: 3,
  'SERVICIOS PUBLICOS': 4,
  ASISTENCIA: 5,
  'OTROS SERVICIOS': 6,
  IMPROCEDENTES: 7,
};

const dataFile = (name: string) => new URL(`../../data/cnie/${name}`, import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  return csvRecords(readFileSync(dataFile(name), 'utf8'));
}

function parsePriority(raw: string): CniePriority | null {
  const p = raw.trim().toLowerCase();
  return p === 'alta' || p === 'media' || p === 'baja' ? p : null;
}

function cleanText(raw: string | undefined): string | null {
  const t = (raw ?? '').trim();
  return t === '' || t.toLowerCase() === 'nan' ? null : t;
}

const typeOf = (code: number) => Math.floor(code / 10000);
const subtypeOf = (code: number) => Math.floor(code / 100);

/** Target code of a "Reclasificado" description: "número 31201", "con número 40114", "Subtipo 10112". */
export function parseReclassificationTarget(text: string): number | null {
  const m = /(?:n[úu]mero|subtipo)\s+(\d{5})\b/i.exec(text);
  return m ? Number(m[1]) : null;
}

/** Subtype name stated in a v3 reclassification text ("…, Subtipo Infraestructura con número 40114"). */
function statedSubtypeName(text: string): string | null {
  const m = /Subtipo\s+([^,\d]+?)\s*,?\s*(?:con\s+)?n[úu]mero\s+\d{5}/i.exec(text);
  return m?.[1]?.trim() ?? null;
}

interface V2Load {
  entries: Map<number, CnieEntry>;
  quirks: CatalogQuirk[];
}

function loadV2(): V2Load {
  const quirks: CatalogQuirk[] = [];
  const entries = new Map<number, CnieEntry>();
  const subtypeLabels = new Map<number, Set<string>>();
  for (const row of readCsv('cnie_v2.csv')) {
    const code = Number(row.codigo);
    const type = typeOf(code);
    const labelType = V2_TYPE_LABELS[row.tipo ?? ''];
    const subtypeName = cleanText(row.subtipo);
    if (labelType !== type) {
      quirks.push({
        version: '2',
        code,
        kind: 'type_mismatch',
        message: `La clave ${code} (${row.incidente}) está bajo el tipo "${row.tipo}", pero su primer dígito indica el tipo ${type} (${CNIE_TYPE_NAMES[type]}).`,
        resolution: `Se usa el tipo que indica la clave: ${type} (${CNIE_TYPE_NAMES[type]}); no se cuenta como llamada improcedente.`,
      });
    } else if (subtypeName) {
      const labels = subtypeLabels.get(subtypeOf(code)) ?? new Set<string>();
      labels.add(subtypeName);
      subtypeLabels.set(subtypeOf(code), labels);
    }
    entries.set(code, {
      version: '2',
      code,
      name: row.incidente ?? '',
      type,
      typeName: CNIE_TYPE_NAMES[type] ?? 'Desconocido',
      subtype: subtypeOf(code),
      subtypeName,
      priority: parsePriority(row.prioridad ?? ''),
      definition: null,
      reclassifiedTo: null,
      active: true,
    });
  }
  quirks.push({
    version: '2',
    code: null,
    kind: 'uppercase_names',
    message: 'Los nombres del catálogo 2.0 están en mayúsculas y sin acentos (así los transcribe la fuente).',
    resolution: 'Se conservan tal cual; las búsquedas por nombre deben ignorar mayúsculas y acentos.',
  });
  for (const [subtype, labels] of subtypeLabels) {
    if (labels.size < 2) continue;
    const codes = [...entries.values()].filter((e) => e.subtype === subtype && e.subtypeName && labels.has(e.subtypeName));
    quirks.push({
      version: '2',
      code: null,
      kind: 'subtype_label_mismatch',
      message: `El subtipo ${subtype} aparece con varios nombres: ${[...labels].map((l) => `"${l}"`).join(', ')} (claves ${codes[0]?.code}–${codes.at(-1)?.code}).`,
      resolution: 'Cada clave conserva el nombre de subtipo de su fila; los reportes agrupan por el número de subtipo, no por el nombre.',
    });
  }
  return { entries, quirks };
}

/** v2 subtype names by subtype number, by majority of rows whose label agrees with the code's type. */
function v2SubtypeNames(v2: Map<number, CnieEntry>): Map<number, string> {
  const votes = new Map<number, Map<string, number>>();
  for (const e of v2.values()) {
    if (!e.subtypeName) continue;
    const byLabel = votes.get(e.subtype) ?? new Map<string, number>();
    byLabel.set(e.subtypeName, (byLabel.get(e.subtypeName) ?? 0) + 1);
    votes.set(e.subtype, byLabel);
  }
  const names = new Map<number, string>();
  for (const [subtype, byLabel] of votes) {
    const best = [...byLabel].sort((a, b) => b[1] - a[1])[0];
    if (best) names.set(subtype, best[0]);
  }
  return names;
}

function loadV3(v2: Map<number, CnieEntry>, v2TypeMismatches: Set<number>): { entries: Map<number, CnieEntry>; quirks: CatalogQuirk[] } {
  const quirks: CatalogQuirk[] = [];
  const entries = new Map<number, CnieEntry>();
  const oldSheetRows = new Map<number, Record<string, string>>();
  const statedSubtypes = new Map<number, string>();
  const rows = readCsv('cnie_v3.csv');

  // The old "Improcedentes" sheet duplicates 70101–70108; the v3 "Mal uso del servicio" sheet is the current one and
  // wins. The old rows are kept only to name the codes that v3 marks "Reclasificado" without a name.
  for (const row of rows) if (row.hoja === V3_OLD_SHEET) oldSheetRows.set(Number(row.codigo), row);
  const current = rows.filter((r) => r.hoja !== V3_OLD_SHEET);
  for (const row of current) {
    const stated = statedSubtypeName(row.descripcion ?? '');
    const target = parseReclassificationTarget(row.descripcion ?? '');
    if (stated && target) statedSubtypes.set(subtypeOf(target), stated);
  }
  const borrowedSubtypes = v2SubtypeNames(new Map([...v2].filter(([code]) => !v2TypeMismatches.has(code))));

  for (const row of current) {
    const code = Number(row.codigo);
    const type = typeOf(code);
    const sheetType = V3_SHEET_TYPES[row.hoja ?? ''];
    const rawName = (row.nombre ?? '').trim();
    const description = cleanText(row.descripcion);
    const rawPriority = (row.prioridad ?? '').trim();
    const isReclassified = /reclasificad|se cambia al tipo/i.test(`${rawName} ${description ?? ''}`);
    const isEliminated = !isReclassified && /eliminad/i.test(description ?? '');
    const withdrawnMarker = /^baja$/i.test(rawName);
    let name = rawName;
    let priority = parsePriority(rawPriority);

    if (sheetType !== type) {
      quirks.push({
        version: '3',
        code,
        kind: 'type_mismatch',
        message: `La clave ${code} está en la hoja "${row.hoja}", pero su primer dígito indica el tipo ${type}.`,
        resolution: `Se usa el tipo que indica la clave: ${type} (${CNIE_TYPE_NAMES[type]}).`,
      });
    }
    const old = oldSheetRows.get(code);
    if (old) {
      quirks.push({
        version: '3',
        code,
        kind: 'duplicate_code',
        message: `La clave ${code} aparece dos veces: en la hoja antigua "Improcedentes" ("${old.nombre}") y en la hoja "${row.hoja}" ("${rawName}").`,
        resolution: `Prevalece la hoja "${row.hoja}" de la versión 3; la fila antigua solo se usa para nombrar la clave si la versión 3 no le da nombre.`,
      });
    }
    if (withdrawnMarker) {
      priority = null;
      name = v2.get(code)?.name ?? description ?? rawName;
      quirks.push({
        version: '3',
        code,
        kind: 'withdrawn_marker_in_name',
        message: `La clave ${code} tiene "${rawName}" en la columna de nombre y prioridad "${rawPriority}"; su descripción dice: "${description}".`,
        resolution: `"${rawName}" se lee como "dada de baja", no como prioridad: la clave queda inactiva, sin prioridad, con el nombre de la versión 2.0 ("${name}").`,
      });
    } else if (priority === null) {
      const v2Priority = v2.get(code)?.priority;
      quirks.push({
        version: '3',
        code,
        kind: 'invalid_priority',
        message: `La clave ${code} (${rawName}) tiene prioridad "${rawPriority}", que no es alta, media ni baja.`,
        resolution: `Se registra sin prioridad (null); no se toma la de la versión 2.0${v2Priority ? ` (${v2Priority})` : ''} porque el catálogo 3 pudo cambiarla. El administrador puede asignarla.`,
      });
    }
    if (/^reclasificad/i.test(name)) {
      name = cleanText(old?.nombre) ?? v2.get(code)?.name ?? name;
    }

    let reclassifiedTo: number | null = null;
    if (isReclassified) {
      reclassifiedTo = parseReclassificationTarget(description ?? '');
      quirks.push({
        version: '3',
        code,
        kind: reclassifiedTo === null ? 'unresolved_reclassification' : 'reclassified',
        message: `La clave ${code} (${name}) está marcada como reclasificada: "${description}".`,
        resolution:
          reclassifiedTo === null
            ? 'No se encontró la clave de destino en el texto; la clave queda inactiva y sin equivalencia.'
            : `Queda inactiva y se traduce a la clave ${reclassifiedTo}.`,
      });
    }
    if (description?.includes('...') || description?.includes('…')) {
      quirks.push({
        version: '3',
        code,
        kind: 'abridged_definition',
        message: `La definición de la clave ${code} está abreviada con "..." en la fuente.`,
        resolution: 'Se conserva abreviada tal como viene; no se completa con texto que no esté en la fuente.',
      });
    }

    entries.set(code, {
      version: '3',
      code,
      name,
      type,
      typeName: CNIE_TYPE_NAMES[type] ?? 'Desconocido',
      subtype: subtypeOf(code),
      subtypeName: statedSubtypes.get(subtypeOf(code)) ?? borrowedSubtypes.get(subtypeOf(code)) ?? null,
      priority,
      definition: description,
      reclassifiedTo,
      active: !isReclassified && !isEliminated && !withdrawnMarker,
    });
  }

  const withoutDefinition = [...entries.values()].filter((e) => e.definition === null).map((e) => e.code);
  if (withoutDefinition.length > 0) {
    quirks.push({
      version: '3',
      code: null,
      kind: 'missing_definition',
      message: `${withoutDefinition.length} claves no tienen definición ("nan" o vacía en la fuente), p. ej. ${withoutDefinition.slice(0, 3).join(', ')}.`,
      resolution: 'Se registran con definición nula.',
    });
  }
  quirks.push({
    version: '3',
    code: null,
    kind: 'mixed_case_names',
    message: 'Los nombres mezclan mayúsculas (la mayoría) y tipo oración (subtipos 101 y 102).',
    resolution: 'Se conservan tal cual; las búsquedas por nombre deben ignorar mayúsculas y acentos.',
  });
  quirks.push({
    version: '3',
    code: null,
    kind: 'missing_subtype_names',
    message: 'El archivo de la versión 3 no trae columna de subtipo.',
    resolution:
      'El nombre de subtipo se toma del texto de reclasificación de la versión 3 cuando lo dice (p. ej. "Infraestructura"); si no, del nombre que usa la versión 2.0 para el mismo número de subtipo; si ninguno lo da, queda nulo.',
  });
  for (const e of entries.values()) {
    if (e.reclassifiedTo !== null && !entries.has(e.reclassifiedTo)) {
      quirks.push({
        version: '3',
        code: e.code,
        kind: 'unresolved_reclassification',
        message: `La clave ${e.code} se reclasifica a ${e.reclassifiedTo}, que no existe en la versión 3.`,
        resolution: 'La clave no tiene equivalencia (toCatalog devuelve null).',
      });
    }
  }
  return { entries, quirks };
}

let cached: CnieCatalogs | undefined;

/** Both catalogs and the quirks found while loading them. Read once per process. */
export function loadCnieCatalogs(): CnieCatalogs {
  if (cached) return cached;
  const v2 = loadV2();
  const v2TypeMismatches = new Set(v2.quirks.filter((q) => q.kind === 'type_mismatch' && q.code !== null).map((q) => q.code as number));
  const v3 = loadV3(v2.entries, v2TypeMismatches);
  cached = { v2: v2.entries, v3: v3.entries, quirks: [...v2.quirks, ...v3.quirks] };
  return cached;
}

export function cnieEntry(version: CnieVersion, code: number): CnieEntry | undefined {
  const { v2, v3 } = loadCnieCatalogs();
  return (version === '2' ? v2 : v3).get(code);
}

/** Follows v3 reclassifications to the active code that replaces `code`; null if there is none. */
function activeV3Code(code: number): number | null {
  const { v3 } = loadCnieCatalogs();
  let entry = v3.get(code);
  for (let hops = 0; entry && hops < 5; hops++) {
    if (entry.active) return entry.code;
    if (entry.reclassifiedTo === null) return null;
    entry = v3.get(entry.reclassifiedTo);
  }
  return null;
}

let v3ToV2Candidates: Map<number, number[]> | undefined;

function v2CodesFor(v3Code: number): number[] {
  if (!v3ToV2Candidates) {
    v3ToV2Candidates = new Map();
    for (const v2Code of loadCnieCatalogs().v2.keys()) {
      const target = activeV3Code(v2Code);
      if (target === null) continue;
      const list = v3ToV2Candidates.get(target) ?? [];
      list.push(v2Code);
      v3ToV2Candidates.set(target, list);
    }
  }
  return v3ToV2Candidates.get(v3Code) ?? [];
}

/**
 * Maps a code between catalog versions; null when it has no (unambiguous) equivalent.
 * v2→v3: the same code if it is active in v3, else the code v3 reclassified it to.
 * v3→v2: the only v2 code that maps to it (after following v3 reclassifications); null if none or several.
 */
export function toCatalog(code: number, from: CnieVersion, to: CnieVersion): number | null {
  if (from === to) return cnieEntry(from, code) ? code : null;
  if (from === '2') return cnieEntry('2', code) ? activeV3Code(code) : null;
  const target = activeV3Code(code);
  if (target === null) return null;
  const candidates = v2CodesFor(target);
  return candidates.length === 1 ? candidates[0]! : null;
}

/**
 * True for improper calls (type 7: improcedentes / mal uso del servicio), which are counted but never dispatched.
 * In v3 only active codes count; a withdrawn code is judged by the code that replaced it (70102 "llamada de prueba"
 * moved to 60201, type 6).
 */
export function isImproper(version: CnieVersion, code: number): boolean {
  if (version === '2') return cnieEntry('2', code)?.type === 7;
  const active = activeV3Code(code);
  return active !== null && typeOf(active) === 7;
}
