// One foreign record → one incident, or the specific reasons it cannot be one. Pure: everything it consults
// (catalogs, geography, call centers, clock) comes in through the context.
import { latLngToCell } from 'h3-js';
import { LocalTime, compileWallTimeFormat, type WallTimeParser } from '../util/local-time.ts';
import { normalizePhone } from './phone.ts';
import { TIME_FIELDS, mapKey, type ImportProfile, type TextFieldName, type TextFieldSpec, type TimeFieldSpec } from './profiles.ts';
import type { Selectable } from 'kysely';
import type { ColumnIndex, RecordValues } from './reader.ts';
import { CHANNELS, type Channel, type CnieVersion, type IncidentsTable } from './tables.ts';

/** H3 resolution of the map-cell rollup (~0.1 km² hexagons; coarser grids are exact parents). */
export const CELL_RESOLUTION = 9;

export interface CatalogLookup {
  /** The catalog entry of a code, or undefined when the code is not in that version. */
  entry(version: CnieVersion, code: number): { type: number; priority: 'alta' | 'media' | 'baja' | null; active: boolean } | undefined;
}

export interface GeographyLookup {
  stateName: string;
  bbox: readonly [number, number, number, number];
  municipalityCodes: ReadonlySet<string>;
  /** Municipality code by normalised name (see mapKey). */
  municipalityByName: ReadonlyMap<string, string>;
  locate(lat: number, lon: number): string | null;
}

export interface NormalizeContext {
  profile: ImportProfile;
  catalogs: CatalogLookup;
  geography: GeographyLookup;
  centers: ReadonlySet<string>;
  /** Forces every row to this center (the --center option). */
  forcedCenter?: string;
  timeZone: string;
  /** Rows received after this instant are rejected as future. */
  now: Date;
}

/** An incident as the store writes it: the table's columns without those the database fills in. */
export type IncidentRecord = Omit<Selectable<IncidentsTable>, 'id' | 'import_id' | 'created_at' | 'updated_at'>;

export interface RejectReason {
  /** Stable key, used to count rejections by reason. */
  code: string;
  message: string;
}

export type NormalizeResult = { ok: true; incident: IncidentRecord } | { ok: false; reasons: RejectReason[] };


const SEXES = ['mujer', 'hombre', 'no_especificado'] as const;
const PRIORITIES = ['alta', 'media', 'baja'] as const;

/** Builds the per-file normaliser: compiles formats and maps once, then runs per row. */
export function createNormalizer(ctx: NormalizeContext): (record: RecordValues) => NormalizeResult {
  const { profile, catalogs, geography } = ctx;
  const local = new LocalTime(profile.timeZone ?? ctx.timeZone);
  const maps = new Map(
    Object.entries(profile.maps).map(([name, m]) => [name, new Map(Object.entries(m).map(([k, v]) => [mapKey(k), v]))]),
  );
  // Files repeat the same few values millions of times: remember each raw value's translation.
  const translated = new Map<string, string | null>();
  const translate = (mapName: string, v: string): string | null => {
    const key = `${mapName}\u0000${v}`;
    let hit = translated.get(key);
    if (hit === undefined) {
      hit = maps.get(mapName)!.get(mapKey(v)) ?? null;
      if (translated.size < 100_000) translated.set(key, hit);
    }
    return hit;
  };
  // Columns are found once per layout, not once per row: `cell(slot)` reads the record's value of a column the
  // profile names. A JSON file's index grows as new keys appear, which its size tells.
  const columnSlots = new Map<string, number>();
  const slotOf = (column: string) => {
    let slot = columnSlots.get(column);
    if (slot === undefined) columnSlots.set(column, (slot = columnSlots.size));
    return slot;
  };
  let positions: number[] = [];
  let layout: ColumnIndex | null = null;
  let layoutSize = -1;
  let values: (string | undefined)[] = [];
  const cell = (slot: number): string => {
    const p = positions[slot]!;
    return p < 0 ? '' : (values[p] ?? '').trim();
  };

  /** Per profile field, a reader of its trimmed value ('' when empty), compiled once. */
  const textReaders: Partial<Record<TextFieldName, () => string>> = {};
  for (const [name, raw] of Object.entries(profile.fields)) {
    if ((TIME_FIELDS as readonly string[]).includes(name) || !raw) continue;
    const spec = raw as TextFieldSpec;
    if (spec.value !== undefined) {
      const constant = spec.value;
      textReaders[name as TextFieldName] = () => constant;
    } else if (spec.columns) {
      const slots = spec.columns.map(slotOf);
      textReaders[name as TextFieldName] = () => slots.map(cell).filter(Boolean).join(spec.join);
    } else {
      const slot = slotOf(spec.column!);
      textReaders[name as TextFieldName] = () => cell(slot);
    }
  }
  const timeReaders = new Map<string, () => { value: Date | null; raw: string }>();
  for (const name of TIME_FIELDS) {
    const spec = profile.fields[name] as TimeFieldSpec | undefined;
    if (spec) timeReaders.set(name, timeReader(spec, local, slotOf, cell));
  }
  const nowMs = ctx.now.getTime();

  // The reasons of the row being normalised. The helpers below read them instead of being created anew for every
  // row: millions of closures per file cost more than the checks themselves.
  let reasons: RejectReason[] = [];
  /** Fields whose value the profile's map could not translate (already rejected with that reason). */
  const untranslated = new Set<TextFieldName>();
  const reject = (code: string, message: string) => {
    reasons.push({ code, message });
  };

  const text = (name: TextFieldName): string | null => {
    const read = textReaders[name];
    if (!read) return null;
    const v = read();
    if (v === '') return null;
    const spec = profile.fields[name] as TextFieldSpec;
    if (spec.map) {
      const mapped = translate(spec.map, v);
      if (mapped === null) {
        untranslated.add(name);
        reject('valor_sin_equivalencia', `El valor «${v}» de ${spec.column ?? name} no está en el mapa «${spec.map}» del perfil.`);
        return null;
      }
      return mapped;
    }
    return v;
  };

  const phone = (field: 'caller_phone' | 'reported_phone', label: string) => {
    const r = normalizePhone(text(field));
    if (r.ok) return r.phone;
    reject(field === 'caller_phone' ? 'telefono_llamante_invalido' : 'telefono_reportado_invalido', `El ${label} ${r.reason}.`);
    return null;
  };

  const readTime = (name: string, reference?: Date | null): Date | null => {
    const reader = timeReaders.get(name);
    if (!reader) return null;
    const { value, raw } = reader();
    if (value === null) {
      if (raw !== '') reject('fecha_invalida', `No se pudo leer ${labelOf(name)}: «${raw}».`);
      return null;
    }
    const spec = profile.fields[name as 'received_at'] as TimeFieldSpec;
    if (spec.rollover && reference && value < reference) return new Date(value.getTime() + 86_400_000);
    return value;
  };

  return (input) => {
    if (input.columns !== layout || input.columns.size !== layoutSize) {
      layout = input.columns;
      layoutSize = layout.size;
      positions = [...columnSlots.keys()].map((c) => layout!.get(c) ?? -1);
    }
    values = input.values ?? [];
    reasons = [];
    untranslated.clear();
    // Identity
    const folio = text('folio');
    if (!folio) reject('folio_faltante', 'Falta el folio.');
    const center = ctx.forcedCenter ?? text('center_code');
    if (center === null) {
      if (!untranslated.has('center_code')) reject('centro_faltante', 'Falta el centro de atención (columna del perfil o opción --center).');
    } else if (!ctx.centers.has(center)) {
      reject('centro_desconocido', `El centro «${center}» no está registrado.`);
    }

    const channelText = text('channel');
    let channel: Channel = '911';
    if (channelText !== null) {
      if ((CHANNELS as readonly string[]).includes(channelText)) channel = channelText as Channel;
      else reject('canal_desconocido', `Canal desconocido: «${channelText}».`);
    }

    // Times
    const received = readTime('received_at');
    if (!received) {
      if (!reasons.some((r) => r.code === 'fecha_invalida')) reject('fecha_faltante', 'Falta la fecha y hora de recepción.');
    } else if (received.getTime() > nowMs) {
      reject('fecha_futura', `La fecha de recepción ${received.toISOString()} está en el futuro.`);
    }
    const dispatched = readTime('dispatched_at', received);
    const arrived = readTime('arrived_at', received);
    const closed = readTime('closed_at', received);
    if (received) {
      if (dispatched && dispatched < received) reject('despacho_antes_de_recepcion', 'El despacho es anterior a la recepción.');
      if (arrived && arrived < (dispatched ?? received)) reject('arribo_antes_de_despacho', 'El arribo es anterior al despacho.');
      if (closed && closed < received) reject('cierre_antes_de_recepcion', 'El cierre es anterior a la recepción.');
    }

    // Classification
    const versionText = text('cnie_version');
    let version: CnieVersion = profile.cnieVersion;
    if (versionText !== null) {
      const v = versionText.replace(/\.0$/, '').replace(/^v/i, '');
      if (v === '2' || v === '3') version = v;
      else reject('version_cnie_desconocida', `Versión del catálogo desconocida: «${versionText}» (use 2 o 3).`);
    }
    const codeText = text('cnie_code');
    let cnieCode = 0;
    let entry: ReturnType<CatalogLookup['entry']>;
    if (codeText === null) {
      if (!untranslated.has('cnie_code')) reject('codigo_cnie_faltante', 'Falta el código CNIE del incidente.');
    } else if (!/^\d{5}$/.test(codeText)) {
      reject('codigo_cnie_invalido', `El código CNIE «${codeText}» no tiene 5 dígitos.`);
    } else {
      cnieCode = Number(codeText);
      entry = catalogs.entry(version, cnieCode);
      if (!entry) reject('codigo_cnie_desconocido', `El código ${codeText} no existe en el catálogo CNIE ${version === '2' ? '2.0' : '3'}.`);
    }
    const priorityText = text('priority');
    let priority = entry?.priority ?? null;
    if (priorityText !== null) {
      const p = priorityText.toLowerCase() as (typeof PRIORITIES)[number];
      if (PRIORITIES.includes(p)) priority = p;
      else reject('prioridad_invalida', `Prioridad desconocida: «${priorityText}» (alta, media o baja).`);
    }
    const improperText = text('is_improper');
    const isImproper = improperText !== null ? improperText === 'true' : entry?.type === 7;

    // Place
    let lat: number | null = null;
    let lon: number | null = null;
    const geopoint = text('geopoint');
    const latText = text('latitude');
    const lonText = text('longitude');
    if (latText !== null || lonText !== null || geopoint !== null) {
      const [a, b] = geopoint !== null ? geopoint.split(',') : [latText, lonText];
      lat = Number((a ?? '').trim());
      lon = Number((b ?? '').trim());
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) {
        reject('coordenadas_invalidas', `Coordenadas ilegibles: «${geopoint ?? `${latText}, ${lonText}`}».`);
        lat = lon = null;
      }
    }
    let municipality: string | null = null;
    const munCode = text('municipality_code');
    const munName = text('municipality_name');
    if (munCode !== null) {
      const code = munCode.padStart(5, '0');
      if (geography.municipalityCodes.has(code)) municipality = code;
      else reject('municipio_desconocido', `El municipio «${munCode}» no es de ${geography.stateName}.`);
    } else if (munName !== null) {
      const code = geography.municipalityByName.get(mapKey(munName));
      if (code) municipality = code;
      else reject('municipio_desconocido', `No hay un municipio «${munName}» en ${geography.stateName}.`);
    }
    if (lat !== null && lon !== null) {
      const located = geography.locate(lat, lon);
      if (located === null) {
        reject('coordenadas_fuera_del_estado', `Las coordenadas ${lat}, ${lon} están fuera de ${geography.stateName}.`);
      } else if (municipality === null) {
        // The file's own municipality wins over the simplified boundaries when both exist.
        municipality = located;
      }
    }

    // People and phones
    const sexText = text('victim_sex');
    let sex: IncidentRecord['victim_sex'] = null;
    if (sexText !== null) {
      if ((SEXES as readonly string[]).includes(sexText)) sex = sexText as IncidentRecord['victim_sex'];
      else reject('sexo_invalido', `Sexo de la víctima desconocido: «${sexText}».`);
    }
    const anonymous = channel === '089';
    const callerPhone = anonymous ? null : phone('caller_phone', 'teléfono del llamante');
    const reportedPhone = phone('reported_phone', 'teléfono reportado');
    const related = text('related_folios');

    if (reasons.length > 0 || !received || !folio || !center) return { ok: false, reasons };
    const { date, hour } = local.dayAndHour(received);
    return {
      ok: true,
      incident: {
        center_code: center,
        folio,
        channel,
        received_at: received,
        dispatched_at: dispatched,
        arrived_at: arrived,
        closed_at: closed,
        local_date: date,
        local_hour: hour,
        cnie_version: version,
        cnie_code: cnieCode,
        priority,
        is_improper: isImproper,
        closing_code: text('closing_code'),
        municipality_code: municipality,
        locality: text('locality'),
        latitude: lat,
        longitude: lon,
        cell: lat !== null && lon !== null ? latLngToCell(lat, lon, CELL_RESOLUTION) : null,
        corporation: text('corporation'),
        unit: text('unit'),
        related_folios: related ? related.split(profile.listSeparator).map((s) => s.trim()).filter(Boolean) : null,
        victim_sex: sex,
        victim_age_group: text('victim_age_group'),
        reported_phone: reportedPhone,
        extortion_modality: text('extortion_modality'),
        // An 089 tip is anonymous: whatever identity the file carries is dropped, never stored.
        caller_phone: callerPhone,
        caller_name: anonymous ? null : text('caller_name'),
        address: text('address'),
        notes: text('notes'),
      },
    };

  };
}

function labelOf(field: string): string {
  return (
    { received_at: 'la fecha de recepción', dispatched_at: 'la hora de despacho', arrived_at: 'la hora de arribo', closed_at: 'la fecha de cierre' }[
      field
    ] ?? field
  );
}

function timeReader(
  spec: TimeFieldSpec,
  local: LocalTime,
  slotOf: (column: string) => number,
  cell: (slot: number) => string,
): () => { value: Date | null; raw: string } {
  const parsers: (WallTimeParser | 'iso')[] = spec.formats.map((f) => (f === 'iso' ? 'iso' : compileWallTimeFormat(f)));
  const column = spec.column ? slotOf(spec.column) : -1;
  const date = spec.date ? slotOf(spec.date) : -1;
  const time = spec.time ? slotOf(spec.time) : -1;
  return () => {
    let raw: string;
    if (column >= 0) raw = cell(column);
    else {
      const d = cell(date);
      const t = time >= 0 ? cell(time) : '';
      // A time column alone is empty when the step never happened (no dispatch, no arrival).
      if (time >= 0 && t === '') return { value: null, raw: '' };
      // Some exports write the date column as a full timestamp ("05/03/2026 00:00:00"): keep the date part.
      raw = d === '' ? '' : t ? `${d.split(/[ T]/)[0]} ${t}` : d;
    }
    if (raw === '') return { value: null, raw };
    for (const p of parsers) {
      if (p === 'iso') {
        const v = parseIso(raw, local);
        if (v) return { value: v, raw };
        continue;
      }
      const parts = p(raw);
      if (parts) return { value: local.toInstant(...parts), raw };
    }
    return { value: null, raw };
  };
}

/** ISO 8601: with an offset it names an instant; without one it is a wall time of the profile's zone. */
function parseIso(raw: string, local: LocalTime): Date | null {
  const fast = parseIsoWithOffset(raw);
  if (fast !== undefined) return fast;
  const m = ISO.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  if (!zone) return local.toInstant(+y!, +mo!, +d!, +h, +mi, +s, ms);
  if (!validWallTime(+y!, +mo!, +d!, +h, +mi, +s)) return null;
  if (zone === 'Z') return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms));
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms) - offsetMin * 60_000);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validWallTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= MONTH_DAYS[mo - 1]! + (leap ? 1 : 0);
}

/** Two ASCII digits at i as a number, or NaN. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * The shape exports write millions of times, `2026-03-01T13:05:09-06:00` (or `…Z`, `….123Z`), read without a
 * regular expression. Returns undefined for any other shape, which the general parser then reads.
 */
function parseIsoWithOffset(raw: string): Date | null | undefined {
  if (raw.length < 20 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45 || raw.charCodeAt(10) !== 84) return undefined;
  if (raw.charCodeAt(13) !== 58 || raw.charCodeAt(16) !== 58) return undefined;
  const y = digits2(raw, 0) * 100 + digits2(raw, 2);
  const mo = digits2(raw, 5);
  const d = digits2(raw, 8);
  const h = digits2(raw, 11);
  const mi = digits2(raw, 14);
  const s = digits2(raw, 17);
  let i = 19;
  let ms = 0;
  if (raw.charCodeAt(i) === 46) {
    const third = raw.charCodeAt(22) - 48;
    if (raw.length < 24 || !(third >= 0 && third <= 9)) return undefined;
    ms = digits2(raw, 20) * 10 + third;
    i = 23;
  }
  let offsetMin: number;
  if (raw.length === i + 1 && raw.charCodeAt(i) === 90) offsetMin = 0;
  else if (raw.length === i + 6 && (raw.charCodeAt(i) === 43 || raw.charCodeAt(i) === 45) && raw.charCodeAt(i + 3) === 58) {
    offsetMin = (raw.charCodeAt(i) === 45 ? -1 : 1) * (digits2(raw, i + 1) * 60 + digits2(raw, i + 4));
  } else return undefined;
  if (Number.isNaN(y + mo + d + h + mi + s + ms + offsetMin)) return undefined;
  if (!validWallTime(y, mo, d, h, mi, s)) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
