// Imports started from the web page or the API run in the background, one worker thread each; the page follows
// them through the import_runs table. Imports run one at a time: they write the same tables.
import { rm } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { startWorker } from '../util/worker.ts';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker.ts';

export class ImportJobs {
  #queue: Promise<unknown> = Promise.resolve();
  #workers = new Set<Worker>();

  constructor(private readonly database: DatabaseHandle, private readonly config: Config) {}

  /**
   * Starts an import of an uploaded file (deleted afterwards) and resolves with its import number as soon as the
   * run is recorded; the rest continues in the background.
   */
  start(filePath: string, options: ImportWorkerData['options']): Promise<number> {
    return new Promise<number>((resolveId, rejectId) => {
      this.#queue = this.#queue.then(
        () =>
          new Promise<void>((finished) => {
            const link = this.database.linkForThread();
            const transfer = link.engine === 'pglite' ? [link.port] : [];
            const data: ImportWorkerData = { link, filePath, options };
            const worker = startWorker(new URL('./import-worker.ts', import.meta.url), { ...data }, { transferList: transfer });
            this.#workers.add(worker);
            let announced = false;
            worker.on('message', (m: ImportWorkerMessage) => {
              if (m.kind !== 'failed' && !announced) {
                announced = true;
                resolveId(m.importId);
              }
              if (m.kind === 'failed' && !announced) rejectId(new Error(m.message));
              if (m.kind === 'failed') console.error(`[import] failed: ${m.message}`);
            });
            worker.on('error', (err) => {
              console.error('[import] worker crashed:', err);
              if (!announced) rejectId(err);
            });
            worker.on('exit', () => {
              this.#workers.delete(worker);
              void rm(filePath, { force: true });
              finished();
            });
          }),
      );
    });
  }

  async close() {
    await Promise.all([...this.#workers].map((w) => w.terminate()));
  }
}
