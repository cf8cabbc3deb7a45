// Worker thread that runs one import, so that parsing and validating millions of rows never blocks the HTTP
// server's thread. It reaches the database through the link its parent gave it.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { connectThroughLink, type DatabaseLink } from '../db/connection.ts';
import { importBatchSize, importIncidents, type ImportOptions } from './import.ts';
import type { ImportProfile } from './profiles.ts';

export interface ImportWorkerData {
  link: DatabaseLink;
  filePath: string;
  options: Omit<ImportOptions, 'input' | 'onProgress' | 'onStart' | 'profile'> & { profile: ImportProfile };
}

export type ImportWorkerMessage =
  | { kind: 'started'; importId: number }
  | { kind: 'progress'; importId: number; bytesRead: number; read: number; rejected: number }
  | { kind: 'done'; importId: number }
  | { kind: 'failed'; message: string };

const data = workerData as ImportWorkerData;
const post = (m: ImportWorkerMessage) => parentPort!.postMessage(m);
const handle = connectThroughLink(data.link);
try {
  const summary = await importIncidents(handle.db, {
    ...data.options,
    batchSize: importBatchSize(handle.engine),
    input: createReadStream(data.filePath),
    onStart: (importId) => post({ kind: 'started', importId }),
    onProgress: (p) => post({ kind: 'progress', importId: p.importId, bytesRead: p.bytesRead, read: p.read, rejected: p.rejected }),
  });
  post({ kind: 'done', importId: summary.importId });
} catch (err) {
  post({ kind: 'failed', message: (err as Error).message });
} finally {
  await handle.close();
}
