// Pure rules of the site registries: the two registries (camera sites of the video-surveillance area, REPUVE
// highway arches), their statuses with colours, camera kinds, and the validation of one site as it comes from a
// file or a form. No I/O: the importer and the routes both call `validateSite`, so a row and a form are judged alike.

export const REGISTRIES = ['pmi', 'repuve'] as const;
export type Registry = (typeof REGISTRIES)[number];

export const REGISTRY_LABELS: Record<Registry, { name: string; singular: string; plural: string; area: 'VV' | 'REPUVE' }> = {
  pmi: { name: 'Puntos de Monitoreo Inteligente (PMI)', singular: 'PMI', plural: 'PMI', area: 'VV' },
  repuve: { name: 'Arcos carreteros del REPUVE', singular: 'arco', plural: 'arcos', area: 'REPUVE' },
};

export function isRegistry(value: string): value is Registry {
  return (REGISTRIES as readonly string[]).includes(value);
}

export const SITE_STATUSES = ['operando', 'falla', 'mantenimiento', 'baja'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export const STATUS_LABELS: Record<SiteStatus, string> = {
  operando: 'En operación',
  falla: 'Con falla',
  mantenimiento: 'En mantenimiento',
  baja: 'Dado de baja',
};

/** Colours of the maps (web, PDF, KML): green works, red fails, amber is being serviced, grey is retired. */
export const STATUS_COLORS: Record<SiteStatus, string> = {
  operando: '#1e7a45',
  falla: '#c62828',
  mantenimiento: '#e08e00',
  baja: '#7a7f87',
};

export function isSiteStatus(value: string): value is SiteStatus {
  return (SITE_STATUSES as readonly string[]).includes(value);
}

/** Lower case, no accents, single spaces, underscores as spaces: how people write a status or a header. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
}

const STATUS_ALIASES: Record<string, SiteStatus> = {};
for (const [status, words] of Object.entries({
  operando: ['operando', 'en operacion', 'operacion', 'operativo', 'opera', 'funcionando', 'funciona', 'activo', 'ok', 'en servicio'],
  falla: ['falla', 'con falla', 'fallando', 'fuera de servicio', 'sin servicio', 'averiado', 'descompuesto', 'sin conexion', 'sin enlace'],
  mantenimiento: ['mantenimiento', 'en mantenimiento', 'en reparacion', 'reparacion'],
  baja: ['baja', 'dado de baja', 'de baja', 'retirado', 'desinstalado', 'inactivo'],
} satisfies Record<SiteStatus, string[]>)) {
  for (const w of words) STATUS_ALIASES[w] = status as SiteStatus;
}
for (const [status, label] of Object.entries(STATUS_LABELS)) STATUS_ALIASES[fold(label)] = status as SiteStatus;

/** The status a recorded value means ('En operación', 'FALLA', 'retirado' …), or null. */
export function parseStatus(value: string): SiteStatus | null {
  return STATUS_ALIASES[fold(value)] ?? null;
}

export const CAMERA_KINDS = ['fija', 'ptz', 'lpr', 'panoramica', 'otra'] as const;
export type CameraKind = (typeof CAMERA_KINDS)[number];

export const CAMERA_KIND_LABELS: Record<CameraKind, string> = {
  fija: 'Fija',
  ptz: 'PTZ (domo móvil)',
  lpr: 'Lectora de placas (LPR)',
  panoramica: 'Panorámica 360°',
  otra: 'Otra',
};

/** The file column that carries each kind's count. */
export const CAMERA_COLUMNS: Record<CameraKind, string> = {
  fija: 'camaras_fijas',
  ptz: 'camaras_ptz',
  lpr: 'camaras_lpr',
  panoramica: 'camaras_panoramicas',
  otra: 'camaras_otras',
};

/** Counts per kind; kinds without cameras are left out, so equal sets compare equal as JSON. */
export type Cameras = Partial<Record<CameraKind, number>>;

export function normalizeCameras(c: Cameras): Cameras {
  const out: Cameras = {};
  for (const k of CAMERA_KINDS) if ((c[k] ?? 0) > 0) out[k] = c[k]!;
  return out;
}

export const cameraTotal = (c: Cameras) => CAMERA_KINDS.reduce((s, k) => s + (c[k] ?? 0), 0);

export function camerasText(c: Cameras): string {
  const parts = CAMERA_KINDS.filter((k) => (c[k] ?? 0) > 0).map((k) => `${CAMERA_KIND_LABELS[k]}: ${c[k]}`);
  return parts.length ? parts.join(', ') : 'sin cámaras';
}

/** The file layout of each registry, in the order of the CSV template (data/sites/README.md). */
export const LAYOUTS: Record<Registry, readonly string[]> = {
  pmi: [
    'clave', 'nombre', 'domicilio', 'latitud', 'longitud', 'estatus', 'estatus_desde',
    ...CAMERA_KINDS.map((k) => CAMERA_COLUMNS[k]), 'fecha_instalacion', 'ultimo_mantenimiento', 'notas',
  ],
  repuve: [
    'clave', 'nombre', 'carretera', 'kilometro', 'sentido', 'latitud', 'longitud', 'estatus', 'estatus_desde',
    'fecha_instalacion', 'ultimo_mantenimiento', 'notas',
  ],
};

const COLUMN_ALIASES: Record<string, string> = {
  lat: 'latitud', latitude: 'latitud', y: 'latitud',
  lon: 'longitud', lng: 'longitud', long: 'longitud', longitude: 'longitud', x: 'longitud',
  name: 'nombre', status: 'estatus', estado: 'estatus', km: 'kilometro', direccion: 'domicilio',
  ubicacion: 'domicilio', mantenimiento: 'ultimo_mantenimiento', instalacion: 'fecha_instalacion',
};

/** A header or property name as the layout spells it ('Último mantenimiento' → 'ultimo_mantenimiento'). */
export function columnName(header: string): string {
  const key = fold(header).replace(/[^a-z0-9 ]/g, '').replace(/ /g, '_');
  return COLUMN_ALIASES[key] ?? key;
}

export interface SiteInput {
  code: string;
  name: string;
  address: string | null;
  latitude: number;
  longitude: number;
  status: SiteStatus;
  /** The day the status took effect; null: the day it is recorded. */
  statusSince: string | null;
  installedOn: string | null;
  lastMaintenanceOn: string | null;
  notes: string | null;
  /** PMI only. */
  cameras: Cameras | null;
  /** REPUVE only. */
  road: string | null;
  km: number | null;
  direction: string | null;
}

export interface Reason {
  code: string;
  message: string;
}

/** What a validator reads: a field by layout name; undefined when the file has no such column or property. */
export type FieldReader = (column: string) => string | undefined;

export interface ValidationContext {
  registry: Registry;
  /** Municipality of a point (the state's point-in-polygon), or null outside the state. */
  locate: (lat: number, lon: number) => string | null;
  stateName: string;
  /** Today's local day, 'YYYY-MM-DD': dates after it are refused. */
  today: string;
}

export type Validated =
  | { ok: true; site: SiteInput; municipalityCode: string; /** Columns the source had: absent ones keep stored values. */ present: ReadonlySet<string> }
  | { ok: false; reasons: Reason[] };

const CODE_RE = /^[A-Z0-9][A-Z0-9._/ -]{0,39}$/;

/** A decimal number written with a point or a decimal comma; null when it is not one. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(/\s/g, '');
  if (t === '') return null;
  const normal = t.includes('.') ? t : t.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(normal)) return null;
  return Number(normal);
}

/** A calendar day written 'YYYY-MM-DD' or 'DD/MM/YYYY' (a time after it is ignored), as 'YYYY-MM-DD', or null. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: .*)?$/.exec(t);
    if (!m) return null;
    [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1990) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Validates one site. Every problem is reported, not only the first, so that whoever fixes the file fixes the row
 * once. Coordinates must fall in the state; a point that only does with latitude and longitude swapped, or with the
 * minus sign of the longitude restored, says so.
 */
export function validateSite(read: FieldReader, ctx: ValidationContext): Validated {
  const reasons: Reason[] = [];
  const present = new Set<string>();
  const text = (column: string): string | undefined => {
    const v = read(column);
    if (v === undefined) return undefined;
    present.add(column);
    const t = v.trim();
    return t === '' ? undefined : t;
  };
  const optionalText = (column: string, label: string, max: number): string | null => {
    const v = text(column);
    if (v !== undefined && v.length > max) reasons.push({ code: 'texto_muy_largo', message: `${label} excede ${max} caracteres.` });
    return v ?? null;
  };
  const optionalDay = (column: string, label: string): string | null => {
    const v = text(column);
    if (v === undefined) return null;
    const day = parseDay(v);
    if (!day) reasons.push({ code: 'fecha_invalida', message: `${label} «${v}» no es una fecha válida (use AAAA-MM-DD o DD/MM/AAAA).` });
    else if (day > ctx.today) reasons.push({ code: 'fecha_futura', message: `${label} (${day}) es posterior a hoy.` });
    return day;
  };

  const rawCode = text('clave');
  const code = rawCode?.toUpperCase();
  if (!code) reasons.push({ code: 'falta_clave', message: 'Falta la clave del sitio.' });
  else if (!CODE_RE.test(code)) {
    reasons.push({ code: 'clave_invalida', message: `La clave «${rawCode}» debe tener de 1 a 40 letras, números, espacios o . _ / -.` });
  }
  const name = text('nombre');
  if (!name) reasons.push({ code: 'falta_nombre', message: 'Falta el nombre del sitio.' });
  else if (name.length > 200) reasons.push({ code: 'texto_muy_largo', message: 'El nombre excede 200 caracteres.' });

  const latText = text('latitud');
  const lonText = text('longitud');
  const lat = latText === undefined ? null : parseDecimal(latText);
  const lon = lonText === undefined ? null : parseDecimal(lonText);
  let municipalityCode: string | null = null;
  if (latText === undefined || lonText === undefined) {
    reasons.push({ code: 'faltan_coordenadas', message: 'Faltan la latitud o la longitud del sitio.' });
  } else if (lat === null || lon === null) {
    reasons.push({ code: 'coordenadas_invalidas', message: `Las coordenadas «${latText}, ${lonText}» no son una latitud y una longitud en grados decimales.` });
  } else {
    const inRange = Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    municipalityCode = inRange ? ctx.locate(lat, lon) : null;
    if (!municipalityCode) {
      const hint =
        Math.abs(lon) <= 90 && Math.abs(lat) <= 180 && ctx.locate(lon, lat)
          ? ' Parecen invertidas: la latitud va primero (p. ej. 17.06) y la longitud después (p. ej. -96.72).'
          : inRange && lon > 0 && ctx.locate(lat, -lon)
            ? ' A la longitud le falta el signo negativo (en México es oeste: p. ej. -96.72).'
            : '';
      if (!inRange && !hint) {
        reasons.push({ code: 'coordenadas_invalidas', message: `Las coordenadas «${latText}, ${lonText}» no son una latitud (−90 a 90) y una longitud (−180 a 180).` });
      } else {
        reasons.push({ code: 'fuera_del_estado', message: `El punto (${lat}, ${lon}) no cae en ningún municipio de ${ctx.stateName}.${hint}` });
      }
    }
  }

  const statusText = text('estatus');
  const status = statusText === undefined ? null : parseStatus(statusText);
  if (statusText === undefined) reasons.push({ code: 'falta_estatus', message: 'Falta el estatus (en operación, con falla, en mantenimiento o dado de baja).' });
  else if (!status) {
    reasons.push({ code: 'estatus_desconocido', message: `El estatus «${statusText}» no es uno de: en operación, con falla, en mantenimiento, dado de baja.` });
  }

  const statusSince = optionalDay('estatus_desde', 'La fecha del estatus');
  const installedOn = optionalDay('fecha_instalacion', 'La fecha de instalación');
  const lastMaintenanceOn = optionalDay('ultimo_mantenimiento', 'La fecha del último mantenimiento');
  if (installedOn && statusSince && statusSince < installedOn) {
    reasons.push({ code: 'fechas_incongruentes', message: `La fecha del estatus (${statusSince}) es anterior a la instalación (${installedOn}).` });
  }
  if (installedOn && lastMaintenanceOn && lastMaintenanceOn < installedOn) {
    reasons.push({ code: 'fechas_incongruentes', message: `El último mantenimiento (${lastMaintenanceOn}) es anterior a la instalación (${installedOn}).` });
  }
  const address = optionalText('domicilio', 'El domicilio', 300);
  const notes = optionalText('notas', 'Las notas', 1000);

  let cameras: Cameras | null = null;
  let road: string | null = null;
  let km: number | null = null;
  let direction: string | null = null;
  if (ctx.registry === 'pmi') {
    const counts: Cameras = {};
    for (const kind of CAMERA_KINDS) {
      const v = text(CAMERA_COLUMNS[kind]);
      if (v === undefined) continue;
      if (!/^\d{1,3}$/.test(v)) {
        reasons.push({ code: 'camaras_invalidas', message: `${CAMERA_COLUMNS[kind]} «${v}» debe ser un número entero de cámaras (0 a 999).` });
      } else counts[kind] = Number(v);
    }
    cameras = normalizeCameras(counts);
  } else {
    road = text('carretera') ?? null;
    if (!road) reasons.push({ code: 'falta_carretera', message: 'Falta la carretera del arco (p. ej. «Federal 190 Oaxaca–Tehuantepec»).' });
    else if (road.length > 200) reasons.push({ code: 'texto_muy_largo', message: 'La carretera excede 200 caracteres.' });
    const kmText = text('kilometro');
    km = kmText === undefined ? null : parseKilometre(kmText);
    if (kmText === undefined) reasons.push({ code: 'falta_kilometro', message: 'Falta el kilómetro del arco.' });
    else if (km === null) reasons.push({ code: 'kilometro_invalido', message: `El kilómetro «${kmText}» no es válido (p. ej. 12.5 o 12+500).` });
    direction = text('sentido') ?? null;
    if (!direction) reasons.push({ code: 'falta_sentido', message: 'Falta el sentido de circulación que lee el arco (p. ej. «Hacia Oaxaca» o «Ambos sentidos»).' });
    else if (direction.length > 120) reasons.push({ code: 'texto_muy_largo', message: 'El sentido excede 120 caracteres.' });
  }

  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    municipalityCode: municipalityCode!,
    present,
    site: {
      code: code!,
      name: name!,
      address,
      latitude: round6(lat!),
      longitude: round6(lon!),
      status: status!,
      statusSince,
      installedOn,
      lastMaintenanceOn,
      notes,
      cameras,
      road,
      km,
      direction,
    },
  };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A kilometre post written '12.5', '12,5' or as the road sign writes it, '12+500'. */
export function parseKilometre(text: string): number | null {
  const t = text.trim().replace(/^km\.?\s*/i, '');
  const plus = /^(\d{1,4})\s*\+\s*(\d{1,3})$/.exec(t);
  const v = plus ? Number(plus[1]) + Number(plus[2]) / 1000 : parseDecimal(t);
  if (v === null || v < 0 || v > 5000) return null;
  return Math.round(v * 1000) / 1000;
}

/** '12+500', the way the kilometre posts of Mexican highways are written. */
export function kilometreText(km: number): string {
  const whole = Math.floor(km + 1e-9);
  return `${whole}+${String(Math.round((km - whole) * 1000)).padStart(3, '0')}`;
}

// ---- Status over time --------------------------------------------------------------------------------------------

export interface StatusChange {
  status: SiteStatus;
  /** Local day from which the status holds. */
  effectiveOn: string;
  /** Order of recording, to break ties between changes of the same day. */
  seq: number;
}

export interface SiteTimeline {
  installedOn: string | null;
  changes: readonly StatusChange[];
}

/**
 * The status of a site on a day: the last change that took effect by then. Before the first recorded change the
 * first status holds (a registry imported today describes sites that existed before it), except before the
 * installation date, when the site did not exist (null).
 */
export function statusOn(t: SiteTimeline, day: string): SiteStatus | null {
  if (t.installedOn && day < t.installedOn) return null;
  let best: StatusChange | null = null;
  let first: StatusChange | null = null;
  for (const c of t.changes) {
    if (!first || c.effectiveOn < first.effectiveOn || (c.effectiveOn === first.effectiveOn && c.seq < first.seq)) first = c;
    if (c.effectiveOn <= day && (!best || c.effectiveOn > best.effectiveOn || (c.effectiveOn === best.effectiveOn && c.seq > best.seq))) best = c;
  }
  return (best ?? first)?.status ?? null;
}

/** The days within [from, to] on which some site's status may change (installations and changes), `from` first. */
export function changeDays(timelines: Iterable<SiteTimeline>, from: string, to: string): string[] {
  const days = new Set<string>([from]);
  for (const t of timelines) {
    if (t.installedOn && t.installedOn > from && t.installedOn <= to) days.add(t.installedOn);
    for (const c of t.changes) if (c.effectiveOn > from && c.effectiveOn <= to) days.add(c.effectiveOn);
  }
  return [...days].sort();
}
