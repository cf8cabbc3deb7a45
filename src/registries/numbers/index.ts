// Public surface of the phone-number registry: other domains and the server import from here.
export { numbersMigrations } from './migrations.ts';
export { numbersRoutes, type NumbersRoutesOptions } from './routes.ts';
export { numbersDailyJob, runDaily, openCasesByThreshold } from './mitigation.ts';
export { syncFromIncidents, reportNumber, changeStatus } from './registry.ts';
export { seedNumbersDemo } from './demo.ts';
