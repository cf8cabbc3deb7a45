// Public API of the crime-statistics domain: the SESNSP's open data on crimes reported to the state prosecutors
// (incidencia delictiva del fuero común), imported from its CSV files and read by the reports.
export { importSesnsp, SesnspImportError, type SesnspCounts, type SesnspImportOptions, type SesnspImportSummary } from './import.ts';
export {
  sesnspCountsByType,
  sesnspImportFiles,
  sesnspPublishedMonths,
  type MonthRange,
  type SesnspPublishedMonth,
  type SesnspQuery,
  type SesnspTypeCount,
} from './queries.ts';
export { LAYOUT_COLUMNS, LEVEL_LABELS, MONTH_COLUMNS, detectLayout } from './layout.ts';
export { FIRST_YEAR, OTHER_MUNICIPALITIES_SUFFIX } from './validate.ts';
export { crimeStatisticsMigrations } from './migrations.ts';
export type { CrimeStatisticsTables, SesnspLevel } from './tables.ts';
