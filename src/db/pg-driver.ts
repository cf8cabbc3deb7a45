// Kysely driver for a PostgreSQL server through node-postgres, with COPY FROM STDIN support (pg-copy-streams).
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';
import { isCopyFromStdin, postgresDialect } from './copy.ts';
import { DATE_OID, INT8_OID, NUMERIC_OID, asIs, toNumber } from './type-parsers.ts';

pg.types.setTypeParser(INT8_OID, toNumber);
pg.types.setTypeParser(NUMERIC_OID, toNumber);
pg.types.setTypeParser(DATE_OID, asIs);

class PgConnection implements DatabaseConnection {
  constructor(readonly client: pg.PoolClient) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (isCopyFromStdin(q.sql)) {
      const stream = this.client.query(copyFrom(q.sql));
      await pipeline(Readable.from([String(q.parameters[0])]), stream);
      return { rows: [], numAffectedRows: BigInt(stream.rowCount ?? 0) };
    }
    const r = await this.client.query({ text: q.sql, values: q.parameters as unknown[] });
    const affected = r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE' || r.command === 'MERGE';
    return {
      rows: (r.rows ?? []) as R[],
      numAffectedRows: affected && r.rowCount != null ? BigInt(r.rowCount) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not used by Atalaya');
  }
}

class PgDriver implements Driver {
  constructor(private readonly pool: pg.Pool) {}
  async init() {}
  async acquireConnection() {
    return new PgConnection(await this.pool.connect());
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(c: DatabaseConnection) {
    (c as PgConnection).client.release();
  }
  async destroy() {
    await this.pool.end();
  }
}

export function pgDialect(pool: pg.Pool): Dialect {
  return postgresDialect(() => new PgDriver(pool));
}
