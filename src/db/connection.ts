// Opens the system of record: a PostgreSQL server when DATABASE_URL is set, otherwise the embedded PGlite database
// in the data folder, hosted on its own thread and locked against a second process (two processes on one PGlite
// folder silently lose committed rows).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Kysely, type KyselyConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { pgDialect } from './pg-driver.ts';
import { HostChannel, workerDialect } from './worker-driver.ts';
import { startWorker } from '../util/worker.ts';
import { FolderLockedError, lockFolder } from './folder-lock.ts';

export type Engine = 'pglite' | 'postgres';

/** What another thread of this process needs to reach the same database (it can be posted to a worker). */
export type DatabaseLink = { engine: 'pglite'; port: MessagePort } | { engine: 'postgres'; url: string };

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** A link for one other thread; the port inside must be transferred with postMessage. */
  linkForThread(): DatabaseLink;
  close(): Promise<void>;
}

/** Logs statements slower than ATALAYA_SLOW_QUERY_MS milliseconds (unset: none), for diagnosing a slow server. */
function slowQueryLog(): KyselyConfig['log'] {
  const threshold = Number(process.env.ATALAYA_SLOW_QUERY_MS);
  if (!threshold) return undefined;
  return (event) => {
    if (event.queryDurationMillis >= threshold) {
      console.error(`[db] ${event.level === 'error' ? 'failed' : 'slow'} query ${event.queryDurationMillis.toFixed(0)} ms: ${event.query.sql.slice(0, 300)}`);
    }
  };
}

export class DatabaseLockedError extends Error {
  constructor(readonly dir: string) {
    super(
      `La base de datos embebida en ${dir} está abierta por otro proceso de Atalaya. ` +
        'Detenga ese proceso (por ejemplo el servidor) o use la página de importación; ' +
        'para trabajar con varios procesos a la vez configure DATABASE_URL con un servidor PostgreSQL.',
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface OpenOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize) : openPglite(opts.dataDir);
}

function openPostgres(url: string, poolSize = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  const db = new Kysely<Database>({ dialect: pgDialect(pool), log: slowQueryLog() });
  let closing: Promise<void> | undefined;
  return {
    db,
    engine: 'postgres',
    linkForThread: () => ({ engine: 'postgres', url }),
    close: () => (closing ??= db.destroy()),
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const pgdata = join(dataDir, 'pgdata');
  mkdirSync(pgdata, { recursive: true });
  let lock;
  try {
    lock = lockFolder(`${pgdata}.lock`);
  } catch (err) {
    if (err instanceof FolderLockedError) throw new DatabaseLockedError(pgdata);
    throw err;
  }
  const release = () => lock.release();
  const worker = startWorker(new URL('./pglite-host.ts', import.meta.url), { dataDir: pgdata });
  const channel = new HostChannel(worker);
  try {
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m?.ready) {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  } catch (err) {
    await worker.terminate();
    release();
    throw err;
  }
  worker.on('error', (err) => {
    console.error('[db] embedded database thread failed:', err);
    channel.fail(new Error('la base de datos embebida se detuvo inesperadamente'));
  });
  const db = new Kysely<Database>({ dialect: workerDialect(channel), log: slowQueryLog() });
  let closed = false;
  return {
    db,
    engine: 'pglite',
    linkForThread() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ op: 'attach', port: port2 }, [port2]);
      return { engine: 'pglite', port: port1 };
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await new Promise<void>((resolve) => {
        worker.on('message', (m: { closed?: boolean }) => m?.closed && resolve());
        worker.postMessage({ op: 'close' });
      });
      await worker.terminate();
      release();
    },
  };
}

/** Connects from a worker thread through a link made by `linkForThread` in the owning thread. */
export function connectThroughLink(link: DatabaseLink): DatabaseHandle {
  if (link.engine === 'postgres') return openPostgres(link.url, 2);
  const channel = new HostChannel(link.port);
  const db = new Kysely<Database>({ dialect: workerDialect(channel), log: slowQueryLog() });
  return {
    db,
    engine: 'pglite',
    linkForThread: () => {
      throw new Error('links are made by the thread that opened the database');
    },
    async close() {
      await db.destroy();
      link.port.close();
    },
  };
}
