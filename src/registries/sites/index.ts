// Public API of the site registries: camera sites (PMI) of the video-surveillance area and REPUVE highway arches,
// their imports, maps (report generators) and the coverage analysis of the cameras.
export { sitesMigrations } from './migrations.ts';
export type { SitesTables } from './tables.ts';
export { sitesRoutes, type SitesRoutesOptions } from './routes.ts';
export { importSites, siteRejectsCsv, SiteImportError, type SiteImportOptions, type SiteImportSummary } from './import.ts';
export { coverageAnalysis, CoverageError, type CoverageParams, type CoverageResult } from './coverage-analysis.ts';
export { pmiMapGenerator, repuveMapGenerator } from './map-report.ts';
export { seedSitesDemo, type SitesDemoOptions } from './demo.ts';
export { REGISTRIES, REGISTRY_LABELS, SITE_STATUSES, STATUS_LABELS, isRegistry, type Registry, type SiteStatus } from './rules.ts';
export { siteFormatOf, type SiteFileFormat } from './formats.ts';
