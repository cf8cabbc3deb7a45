// The same JavaScript types from both engines: int8 and numeric as numbers (counts, ids and amounts stay far
// below 2^53), dates as 'YYYY-MM-DD' strings (a local day has no time zone), timestamptz as Date.
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
export const DATE_OID = 1082;

export const toNumber = (v: string) => Number(v);
export const asIs = (v: string) => v;
