// Classification and disclosure control (directive 6.1.4, issue 4 §2): what a product may carry when it leaves the
// center, and the released versions (versión pública, versión reservada) made from it. The seam for dispatches and
// publications is prepareForRelease: it returns the id of the product version to send.
export { prepareForRelease, prepareRelease, ReleaseError, type PrepareOptions } from './release.ts';
export { currentClassifications, classificationChanges, releaseOfProduct, releasesFrom, type ClassificationChange, type ReleaseRecord } from './store.ts';
export { AUDIENCE_LABELS, RELEASE_MARKS, classificationChangeRefusal, disclosureRules, releaseRefusal, type ReleaseRequest, type Refusal } from './rules.ts';
export { fieldEntry, legalBasisOf, reportFields, reportRequiresCallerPhones, type FieldClassification, type FieldEntry } from './registry.ts';
export { disclosureRoutes, type DisclosureRoutesOptions } from './routes.ts';
export { disclosureMigrations } from './migrations.ts';
export type { DisclosureTables } from './tables.ts';
