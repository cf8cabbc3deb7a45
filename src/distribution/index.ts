// The distribution domain (directive 6.1.4): agencies and agreements, dispatches through official channels with
// their folios and approvals, the recipients' portal, analytic requests, the register and each person's queue.
// Other domains import from here, never from the tables.
export { agencyOfUser, checkCoverage, createAgency, createAgreement, createExternalAccount, linkExternalAccount, listAgencies, listAgreements } from './agencies.ts';
export { agreementState, coverageOf, type AgreementFacts, type AgreementState, type Coverage } from './coverage.ts';
export type { DistributionContext, DistributionUser } from './context.ts';
export { act, createDispatch, getDispatch, listDispatches, type DispatchDetail, type DispatchSummary } from './dispatches.ts';
export { DistributionError } from './errors.ts';
export { formatFolio, folioPatternProblems, listFolios } from './folios.ts';
export { portalItems } from './portal.ts';
export { QUEUE_SOURCES, queueFor, type QueueContext, type QueueItem, type QueueSource, type QueueUser } from './queue.ts';
export { asIsRelease, releasePreparer, type ReleaseOptions, type ReleasePreparer } from './release.ts';
export { distributionJobs, runReminders } from './reminders.ts';
export { registerEntries, registerPdf, registerXlsx } from './register.ts';
export { distributionRoutes, type DistributionRoutesOptions } from './routes.ts';
export { distributionMigrations } from './migrations.ts';
export type { DistributionTables } from './tables.ts';
