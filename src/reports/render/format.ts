// Numbers as a Mexican reader expects them in PDFs and notes: thousands with commas, one decimal in percentages.

export const fmtInt = (n: number): string => n.toLocaleString('es-MX');

/** A fraction as a percentage ('12.5 %'); `missing` when there is no value. */
export const fmtPct = (x: number | null, missing = 'n/d'): string =>
  x === null ? missing : `${(x * 100).toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`;
