// Test databases: every integration test runs on embedded PGlite and, when TEST_DATABASE_URL points at a
// PostgreSQL server, on that server too, each in a database of its own that is dropped afterwards.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Engine } from '../../src/db/connection.ts';
import { allMigrations, migrateToLatest } from '../../src/db/migrate.ts';

/**
 * Creating a PGlite cluster takes many seconds (initdb in WebAssembly), so the first test to need one builds a
 * migrated template folder, keyed by the migrations' names and code, and every test database starts as a copy of it.
 */
async function pgliteTemplate(): Promise<string> {
  const source = Object.entries(allMigrations())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, m]) => `${name}\n${m.up.toString()}`)
    .join('\n');
  const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `atalaya-pglite-template-${key}`);
  if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'atalaya-pglite-building-'));
  const handle = await openDatabase({ dataDir: building });
  await migrateToLatest(handle.db);
  await handle.close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another test process built it first
  }
  return dir;
}

export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends DatabaseHandle {
  dataDir: string;
  databaseUrl: string | undefined;
  /** Closes and deletes everything the test database used. */
  destroy(): Promise<void>;
}

/** A fresh database, migrated unless `migrate` is false (then empty, and slow to create on PGlite). */
export async function createTestDatabase(engine: Engine, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = opts.migrate !== false;
  const dataDir = mkdtempSync(join(tmpdir(), 'atalaya-test-'));
  if (engine === 'pglite' && migrate) cpSync(join(await pgliteTemplate(), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (engine === 'postgres') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('TEST_DATABASE_URL is not set');
    const name = `atalaya_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const handle = await openDatabase({ dataDir, databaseUrl });
  if (migrate) await migrateToLatest(handle.db);
  return {
    ...handle,
    dataDir,
    databaseUrl,
    async destroy() {
      await handle.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
