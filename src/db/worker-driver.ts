// Kysely driver that sends queries to the PGlite host thread over a MessagePort.
import type { MessagePort, Worker } from 'node:worker_threads';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';
import { DatabaseError, type HostRequest, type HostResponse } from './worker-protocol.ts';
import { isCopyFromStdin, postgresDialect } from './copy.ts';

type Endpoint = MessagePort | Worker;
type Pending = { resolve: (r: HostResponse & { ok: true }) => void; reject: (e: Error) => void };

/** Request/response channel to the host; one per thread. */
export class HostChannel {
  #next = 1;
  #pending = new Map<number, Pending>();
  #failure: Error | undefined;

  constructor(private readonly endpoint: Endpoint) {
    endpoint.on('message', (msg: HostResponse) => {
      if (typeof msg?.id !== 'number') return;
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.ok) p.resolve(msg);
      else p.reject(new DatabaseError(msg.error));
    });
  }

  /** Rejects everything pending and every later call: the host is gone. */
  fail(err: Error) {
    this.#failure = err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  request(req: DistributiveOmit<HostRequest, 'id'>): Promise<HostResponse & { ok: true }> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.endpoint.postMessage({ ...req, id });
    });
  }

  unref() {
    (this.endpoint as MessagePort).unref?.();
  }
}

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

class WorkerConnection implements DatabaseConnection {
  tx: number | undefined;
  constructor(private readonly channel: HostChannel) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const res = isCopyFromStdin(q.sql)
      ? await this.channel.request({ op: 'copy', tx: this.tx, sql: q.sql, data: String(q.parameters[0]) })
      : await this.channel.request({ op: 'query', tx: this.tx, sql: q.sql, params: q.parameters });
    return {
      rows: (res.rows ?? []) as R[],
      numAffectedRows: res.affectedRows != null ? BigInt(res.affectedRows) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }
}

class WorkerDriver implements Driver {
  constructor(private readonly channel: HostChannel) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new WorkerConnection(this.channel);
  }
  async beginTransaction(c: DatabaseConnection) {
    (c as WorkerConnection).tx = (await this.channel.request({ op: 'begin' })).tx;
  }
  async commitTransaction(c: DatabaseConnection) {
    await this.#end(c as WorkerConnection, 'commit');
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await this.#end(c as WorkerConnection, 'rollback');
  }
  async #end(c: WorkerConnection, op: 'commit' | 'rollback') {
    const tx = c.tx;
    c.tx = undefined;
    if (tx !== undefined) await this.channel.request({ op, tx });
  }
  async releaseConnection() {}
  async destroy() {}
}

export function workerDialect(channel: HostChannel): Dialect {
  return postgresDialect(() => new WorkerDriver(channel));
}
