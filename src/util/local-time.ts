// Wall-clock times of the state's time zone to instants and back. Call-center exports write local times without
// an offset; the days, months and quarters of every report are cut in the state's zone. Offsets come from
// @date-fns/tz and are cached per hour, so millions of rows convert at array speed.
import { tzOffset } from '@date-fns/tz';

const HOUR = 3_600_000;

export class LocalTime {
  readonly #offsets = new Map<number, number>();
  /** The local hour last asked for, with its day: imports ask for the same hour thousands of times in a row. */
  #lastLocalHour = NaN;
  #lastDayAndHour: { date: string; hour: number } = { date: '', hour: 0 };

  constructor(readonly timeZone: string) {}

  /** Offset of the zone at an instant, in milliseconds (UTC-6 → -21600000). */
  offsetAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR);
    let off = this.#offsets.get(hour);
    if (off === undefined) {
      off = tzOffset(this.timeZone, new Date(hour * HOUR)) * 60_000;
      this.#offsets.set(hour, off);
    }
    return off;
  }

  /** The instant of a wall-clock time in the zone (month 1–12). Invalid calendar dates give null. */
  toInstant(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date | null {
    const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const check = new Date(wall);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
    if (h > 23 || mi > 59 || s > 59) return null;
    let utc = wall - this.offsetAt(wall);
    const second = wall - this.offsetAt(utc);
    if (second !== utc) utc = second;
    return new Date(utc);
  }

  /** The local calendar day ('YYYY-MM-DD') and hour of an instant. */
  dayAndHour(instant: Date): Readonly<{ date: string; hour: number }> {
    const localMs = instant.getTime() + this.offsetAt(instant.getTime());
    const localHour = Math.floor(localMs / HOUR);
    if (localHour !== this.#lastLocalHour) {
      const local = new Date(localHour * HOUR);
      this.#lastLocalHour = localHour;
      this.#lastDayAndHour = Object.freeze({ date: local.toISOString().slice(0, 10), hour: local.getUTCHours() });
    }
    return this.#lastDayAndHour;
  }

  /** The instant at which a local day starts. */
  startOfDay(date: string): Date {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return this.toInstant(y, m, d)!;
  }
}

type Parts = [y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number];
export type WallTimeParser = (text: string) => Parts | null;

const TOKENS: Record<string, { re: string; slot: number }> = {
  yyyy: { re: '(\\d{4})', slot: 0 },
  MM: { re: '(\\d{1,2})', slot: 1 },
  dd: { re: '(\\d{1,2})', slot: 2 },
  HH: { re: '(\\d{1,2})', slot: 3 },
  mm: { re: '(\\d{1,2})', slot: 4 },
  ss: { re: '(\\d{1,2})', slot: 5 },
  SSS: { re: '(\\d{1,6})', slot: 6 },
};

/**
 * Compiles a date-time pattern such as 'dd/MM/yyyy HH:mm:ss' into a fast parser. A part in square brackets is
 * optional ('yyyy-MM-dd HH:mm[:ss]'), and 'T' or spaces match literally.
 */
export function compileWallTimeFormat(pattern: string): WallTimeParser {
  const slots: number[] = [];
  let re = '';
  let i = 0;
  while (i < pattern.length) {
    const tok = ['yyyy', 'SSS', 'MM', 'dd', 'HH', 'mm', 'ss'].find((t) => pattern.startsWith(t, i));
    if (tok) {
      re += TOKENS[tok]!.re;
      slots.push(TOKENS[tok]!.slot);
      i += tok.length;
    } else if (pattern[i] === '[') {
      re += '(?:';
      i++;
    } else if (pattern[i] === ']') {
      re += ')?';
      i++;
    } else {
      re += pattern[i]!.replace(/[.*+?^${}()|\\/]/g, '\\$&');
      i++;
    }
  }
  const regex = new RegExp(`^\\s*${re}\\s*$`);
  return (text) => {
    const m = regex.exec(text);
    if (!m) return null;
    const parts: Parts = [0, 1, 1, 0, 0, 0, 0];
    for (let k = 0; k < slots.length; k++) {
      const v = m[k + 1];
      if (v === undefined) continue;
      parts[slots[k]!] = slots[k] === 6 ? Math.round(Number(`0.${v}`) * 1000) : Number(v);
    }
    return parts;
  };
}
