// Numbers as a Mexican reader expects them in PDFs and notes: thousands with commas, one decimal in percentages.
import type { Count } from '../types.ts';

export const fmtInt = (n: number): string => n.toLocaleString('es-MX');

/** A fraction as a percentage ('12.5 %'); `missing` when there is no value. */
export const fmtPct = (x: number | null, missing = 'n/d'): string =>
  x === null ? missing : `${(x * 100).toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`;

/** A change with its sign: '+12', '-3', '0'. */
export const fmtSigned = (n: number): string => (n > 0 ? `+${fmtInt(n)}` : fmtInt(n));

/** A percentage change with its sign; 'n.a.' (no aplica) when there is no base to compare with. */
export const fmtChangePct = (x: number | null): string =>
  x === null ? 'n.a.' : `${x > 0 ? '+' : x < 0 ? '-' : ''}${fmtPct(Math.abs(x))}`;

/** A count that may have been suppressed by disclosure control: its figure, or the mark. */
export const fmtCount = (n: Count): string => (typeof n === 'number' ? fmtInt(n) : n);

/** The value of a count where arithmetic needs one; null when it was suppressed. */
export const countValue = (n: Count | null): number | null => (typeof n === 'number' ? n : null);
