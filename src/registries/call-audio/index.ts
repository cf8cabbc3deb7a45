// Public surface of the 9-1-1 call audio archive: other domains and the server import from here.
export { callAudioMigrations } from './migrations.ts';
export { callAudioRoutes, type CallAudioRoutesOptions } from './routes.ts';
export { callAudioPurgeJob, PURGE_JOB } from './retention.ts';
export { registerAudioCommands } from './cli.ts';
export { seedCallAudioDemo } from './demo.ts';
export { attachFolder, type FolderReport } from './attach-dir.ts';
export { attachRecording, purgeExpired, requestAccess, setHold, liftHold, type Recording } from './recordings.ts';
export { buildCustodyPackage, type CustodyPackage } from './custody.ts';
export { AudioStore } from './store.ts';
export { toneWav } from './tone.ts';
