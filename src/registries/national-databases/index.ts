// Public API of the national-database supply (Plataforma México): the databases and their log layouts, the import
// of supply logs, the indicators and the CNI report.
export { nationalDatabaseMigrations } from './migrations.ts';
export type { NationalDatabaseTables } from './tables.ts';
export { nationalDatabaseRoutes, type NationalDatabaseRoutesOptions } from './routes.ts';
export { COMMON_COLUMNS, databaseNamed, layoutOf, nationalDatabases, type DatabaseDefinition } from './definitions.ts';
export { importSupplyLog, SupplyImportError, type SupplyImportOptions, type SupplyImportSummary } from './import.ts';
export { indicatorNotes, supplyIndicators, type DatabaseIndicators, type SupplyIndicators } from './indicators.ts';
export { supplyGenerator } from './report.ts';
export { demoSupplyLog, seedSupplyDemo, type SupplyDemoOptions } from './demo.ts';
