// Validation of one row of a supply log, pure: the folio, the event and load times read in the state's zone, and
// each of the database's columns by its kind. A bad value rejects the row with a reason (the area fixes its log);
// an empty optional value is simply a field the record lacks, which the completeness indicator counts. What is kept
// of a record is its key, class, municipality, days, delay and which fields it carried — never the values of the
// other fields (CURP, plates, CUIP stay in the area's systems).
import { valueOf, type RecordValues } from '../../incidents/reader.ts';
import type { LocalTime } from '../../util/local-time.ts';
import type { DatabaseDefinition } from './definitions.ts';

export interface Reason {
  code: string;
  message: string;
}

export interface SupplyRow {
  folio: string;
  category: string;
  /** Five-digit INEGI code, '' when the log has none. */
  municipalityCode: string;
  eventDate: string;
  /** The event's instant when the log gives its time; null for a date alone. */
  eventAt: Date | null;
  loadedAt: Date;
  loadDate: string;
  /** Calendar days from the event to the load (0: the same day). */
  delayDays: number;
  /** Bit i set: the database's column i had a value. */
  presentMask: number;
}

export type RowResult = { ok: true; row: SupplyRow } | { ok: false; reasons: Reason[] };

export interface ValidatorContext {
  zone: LocalTime;
  /** Today's local day: loads after it are refused. */
  today: string;
  stateCode: string;
  /** The state's municipalities: code → name. */
  municipalities: ReadonlyMap<string, string>;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s_]+/g, ' ').trim();

const YES = new Set(['si', 's', '1', 'true', 'x', 'yes', 'verdadero', 'capturada', 'capturado', 'vigente']);
const NO = new Set(['no', 'n', '0', 'false', 'falso', 'pendiente', 'sin captura']);

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A date or a date and time as logs write them; wall times are the state's. Null when it is not one. */
export function parseMoment(text: string, zone: LocalTime): { date: string; instant: Date; hasTime: boolean } | null {
  const t = text.trim();
  let y: number, mo: number, d: number, h = 0, mi = 0, s = 0;
  let hasTime = false;
  let offset: string | undefined;
  let m = ISO.exec(t);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s, hasTime] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0), true];
    offset = m[7];
  } else {
    m = DMY.exec(t);
    if (!m) return null;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s, hasTime] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0), true];
  }
  const wall = zone.toInstant(y, mo, d, h, mi, s);
  if (!wall || y < 1950) return null;
  if (offset) {
    const off = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(-2)));
    const instant = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - off * 60_000);
    return { date: zone.dayAndHour(instant).date, instant, hasTime };
  }
  return { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, instant: wall, hasTime };
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export function createRowValidator(def: DatabaseDefinition, ctx: ValidatorContext): (record: RecordValues) => RowResult {
  const byName = new Map<string, string>();
  for (const [code, name] of ctx.municipalities) byName.set(fold(name), code);
  const aliases = new Map<string, Map<string, string>>();
  for (const c of def.columns) {
    if (c.kind !== 'category') continue;
    const map = new Map<string, string>();
    for (const v of c.values ?? []) for (const a of [v.code, v.label, ...v.aliases]) map.set(fold(a), v.code);
    aliases.set(c.name, map);
  }

  return (record) => {
    const reasons: Reason[] = [];
    const get = (column: string) => (valueOf(record, column) ?? '').trim();

    const folio = get('folio');
    if (!folio) reasons.push({ code: 'falta_folio', message: 'Falta el folio del registro.' });
    else if (folio.length > 80) reasons.push({ code: 'folio_invalido', message: 'El folio excede 80 caracteres.' });

    const moment = (column: 'fecha_evento' | 'fecha_carga', label: string) => {
      const v = get(column);
      if (!v) {
        reasons.push({ code: `falta_${column}`, message: `Falta ${label}.` });
        return null;
      }
      const parsed = parseMoment(v, ctx.zone);
      if (!parsed) reasons.push({ code: 'fecha_invalida', message: `${label[0]!.toUpperCase()}${label.slice(1)} «${v}» no es válida (use AAAA-MM-DD HH:MM o DD/MM/AAAA HH:MM).` });
      return parsed;
    };
    const event = moment('fecha_evento', `la ${def.eventLabel} (fecha_evento)`);
    const load = moment('fecha_carga', 'la fecha de carga en Plataforma México (fecha_carga)');
    if (load && load.date > ctx.today) reasons.push({ code: 'fecha_carga_futura', message: `La fecha de carga (${load.date}) es posterior a hoy.` });
    if (event && load && (event.date > load.date || (event.hasTime && load.hasTime && event.instant > load.instant))) {
      reasons.push({ code: 'evento_posterior_a_carga', message: `La ${def.eventLabel} (${event.date}) es posterior a su carga (${load.date}).` });
    }

    let mask = 0;
    let category = '';
    let municipalityCode = '';
    def.columns.forEach((c, bit) => {
      const v = get(c.name);
      if (!v) return;
      let present = true;
      switch (c.kind) {
        case 'category': {
          const code = aliases.get(c.name)!.get(fold(v));
          if (!code) {
            reasons.push({ code: 'valor_no_reconocido', message: `${c.label} «${v}» no es uno de: ${c.values!.map((x) => x.label.toLowerCase()).join(', ')}.` });
          } else if (c.name === def.category) category = code;
          break;
        }
        case 'municipality': {
          const code = /^\d{5}$/.test(v) ? v : /^\d{1,3}$/.test(v) ? `${ctx.stateCode}${v.padStart(3, '0')}` : byName.get(fold(v));
          if (!code || !ctx.municipalities.has(code)) reasons.push({ code: 'municipio_desconocido', message: `${c.label}: «${v}» no es un municipio del estado.` });
          else municipalityCode = code;
          break;
        }
        case 'integer':
          if (!/^\d{1,6}$/.test(v)) reasons.push({ code: 'numero_invalido', message: `${c.label} «${v}» debe ser un número entero.` });
          break;
        case 'latitude':
        case 'longitude': {
          const n = Number(v.replace(',', '.'));
          const limit = c.kind === 'latitude' ? 90 : 180;
          if (!Number.isFinite(n) || Math.abs(n) > limit) reasons.push({ code: 'coordenada_invalida', message: `${c.label} «${v}» no es una coordenada en grados decimales.` });
          break;
        }
        case 'flag': {
          const f = fold(v);
          if (NO.has(f)) present = false;
          else if (!YES.has(f)) reasons.push({ code: 'valor_no_reconocido', message: `${c.label} «${v}» debe ser sí o no.` });
          break;
        }
        case 'text':
          if (v.length > 300) reasons.push({ code: 'texto_muy_largo', message: `${c.label} excede 300 caracteres.` });
          break;
      }
      if (present) mask |= 1 << bit;
    });

    if (reasons.length) return { ok: false, reasons };
    return {
      ok: true,
      row: {
        folio,
        category,
        municipalityCode,
        eventDate: event!.date,
        eventAt: event!.hasTime ? event!.instant : null,
        loadedAt: load!.instant,
        loadDate: load!.date,
        delayDays: daysBetween(event!.date, load!.date),
        presentMask: mask,
      },
    };
  };
}
