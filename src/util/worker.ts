// Worker threads run the TypeScript sources directly: each starts through a small JavaScript bootstrap that
// registers the same loader as the CLI and then imports the worker's module.
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bootstrap = new URL('./ts-worker.mjs', import.meta.url);

export function startWorker(module: URL, workerData: Record<string, unknown>, options: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  return new Worker(bootstrap, { ...options, workerData: { ...workerData, entry: module.href } });
}
