// Small CSV files read whole (reference data, pasted lists), with PapaParse like the streaming importer.
import Papa from 'papaparse';

/** Records keyed by the header row, values trimmed, empty lines skipped. */
export function csvRecords(text: string): Record<string, string>[] {
  const r = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
    transform: (v) => v.trim(),
  });
  return r.data;
}

/** Rows as arrays with their 1-based line number (for one-line records), delimiter detected, blank lines dropped. */
export function csvRows(text: string): { line: number; values: string[] }[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split('\n', 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].find((d) => firstLine.includes(d)) ?? ',';
  const r = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  return r.data
    .map((values, i) => ({ line: i + 1, values: values.map((v) => v.trim()) }))
    .filter((row) => row.values.some((v) => v !== ''));
}
