// The reports domain: the catalog of directive 1.2.8, generation into immutable versioned products, the job queue,
// the scheduler, notifications and the HTTP routes. Each report's generator lives in its own folder.
export { reportCatalog, syncReportCatalog, ensureReportCatalog, listReportTypes, getReportType, updateReportSchedule, CLASSIFICATION_LABELS, PERIODICITY_LABELS, PERIODICITY_KIND, type CatalogEntry, type ReportType } from './catalog.ts';
export { generatorNamed, registerGenerator, unregisterGenerator, builtGenerators } from './generators.ts';
export { ReportError, fileBase, generateProduct, prepareGeneration, paramsKeyOf, productMeta, type GenerateRequest, type PreparedGeneration } from './generate.ts';
export { canonicalJson, getProduct, getProductFile, latestProducts, listProducts, sha256Hex, storeProduct, type NewProduct, type Product, type ProductFileInfo, type StoredFile } from './products.ts';
export { JobWorker, PermanentJobError, claimJob, completeJob, enqueueJob, failJob, getJob, getJobByKey, recoverStaleJobs, type Job } from './jobs.ts';
export { GENERATE_REPORT, LATE_AFTER_DAYS, dueDateOf, lastDuePeriod, nextDuePeriod, planScheduledJobs, scheduleState, scheduleStatus, scheduleTick, scheduledJobKey, startReportWorker, runGenerateJob, enqueuePeriodicJobs, type PeriodicJob, type ReportWorker, type ScheduleStatusRow } from './scheduler.ts';
export { listNotifications, markNotificationRead, notify, notifyUsers, type Notification } from './notifications.ts';
export { productBody, reportRoutes, type ReportRoutesOptions } from './routes.ts';
export { reportMigrations } from './migrations.ts';
export type { ReportTables } from './tables.ts';
export { SUPPRESSED, isSuppressed } from './types.ts';
export type { Audience, CnieVersion, Count, Disclosed, DisclosureRules, ProductDisclosure, ProductMeta, Redaction, RenderedFile, ReportContext, ReportFormat, ReportGenerator, Suppressed } from './types.ts';
