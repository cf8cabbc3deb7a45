// A real Atalaya server for end-to-end tests: migrated database with the state's reference data, the first-start
// administrator, the HTTP app with the built web app, listening on a free port of 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { ensureDemoAdmin } from '../../src/access/bootstrap.ts';
import { SYSTEM_ACTOR, addUser } from '../../src/access/users.ts';
import { generatePassword } from '../../src/access/passwords.ts';
import { buildApp } from '../../src/server/app.ts';
import { defaultEndMonth, loadDemo } from '../../src/incidents/demo.ts';
import type { DatabaseHandle, Engine } from '../../src/db/connection.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestServer {
  url: string;
  config: Config;
  app: FastifyInstance;
  database: DatabaseHandle;
  dataDir: string;
  adminUsername: string;
  adminPassword: string;
  /** Creates an active user who does not have to change the password; returns the password. */
  createUser(username: string, area: string, roles: string[], displayName?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  engine?: Engine;
  /** Load the demonstration state (synthetic incidents) before listening. */
  seedDemo?: boolean;
  /** Extra environment (ATALAYA_STATE, ATALAYA_TZ, …). */
  env?: Record<string, string>;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const engine = opts.engine ?? 'pglite';
  let dataDir: string;
  let pgDatabase: TestDatabase | undefined;
  if (engine === 'postgres') {
    // Only the database name and its cleanup are needed from it; the runtime opens its own connection.
    pgDatabase = await createTestDatabase('postgres', { migrate: false });
    dataDir = pgDatabase.dataDir;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'atalaya-e2e-'));
  }
  const config = loadConfig({
    ...process.env,
    ...opts.env,
    ATALAYA_DATA_DIR: dataDir,
    PORT: '0',
    DATABASE_URL: pgDatabase?.databaseUrl ?? '',
  });
  const { database } = await openRuntime(config);
  const cleanup = async () => {
    await database.close().catch(() => {});
    if (pgDatabase) await pgDatabase.destroy();
    else rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const admin = await ensureDemoAdmin(database.db);
    if (!admin) throw new Error('the test database already had users');
    if (opts.seedDemo) {
      // Two months of synthetic calls (about a thousand a month) ending with the last complete month.
      await loadDemo(database.db, {
        stateCode: config.stateCode,
        timeZone: config.timeZone,
        months: 2,
        scale: 0.01,
        seed: 42,
        endMonth: defaultEndMonth(new Date(), config.timeZone),
      });
    }
    const app = await buildApp({ config, database });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no TCP address');
    return {
      url: `http://127.0.0.1:${address.port}`,
      config,
      app,
      database,
      dataDir,
      adminUsername: admin.username,
      adminPassword: admin.password,
      async createUser(username, area, roles, displayName) {
        const password = generatePassword();
        const user = await addUser(database.db, SYSTEM_ACTOR, {
          username,
          displayName: displayName ?? username,
          areaCode: area,
          roles,
          password,
          mustChangePassword: false,
        });
        if (user.must_change_password) {
          await database.db.updateTable('users').set({ must_change_password: false }).where('id', '=', user.id).execute();
        }
        return password;
      },
      async close() {
        await app.close();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
