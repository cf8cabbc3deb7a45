// Public surface of the cyber police unit's domain: other domains and the server import from here.
export { cyberMigrations } from './migrations.ts';
export { cyberRoutes, type CyberRoutesOptions } from './routes.ts';
export { seedCyberDemo, type CyberDemoOptions } from './demo.ts';
export { cyberAccessOf, grantCaseAccess, revokeCaseAccess, type CyberAccess } from './access.ts';
export { importCyberIncidents, type CyberImportSummary } from './import.ts';
export { computeCyberStatistics, type CyberStatistics } from './statistics.ts';
export { alertSettings, cyberCatalogs } from './settings.ts';
