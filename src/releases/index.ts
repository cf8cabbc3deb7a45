// The releases domain (directive 6.1.4 B and C): public and social-media releases through the filters of the
// directive, the official accounts, the queue of what waits for each person. Other domains import from here.
export { NETWORKS, NETWORK_CODES, deactivateAccount, isOnNetwork, listAccounts, registerAccount, type Account, type NewAccount } from './accounts.ts';
export { checkContent, type ReleaseContent, type TargetInput } from './content.ts';
export { ReleaseError } from './errors.ts';
export { inspectImage } from './images.ts';
export { releaseQueueItems, type QueueItem } from './queue.ts';
export { createRelease, editRelease, getRelease, listReleases, publishRelease, transitionRelease, type ReleaseActor, type ReleaseDetail } from './store.ts';
export { getImage, storeImage } from './uploads.ts';
export { RELEASE_STATES, STATE_LABELS, decide, type ReleaseState } from './workflow.ts';
export { releaseMigrations } from './migrations.ts';
export { releaseRoutes, type ReleaseRoutesOptions } from './routes.ts';
export type { ReleaseTables } from './tables.ts';
