// What every entry point needs before doing anything: a migrated database with the state's reference data.
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedReference } from './reference/seed.ts';

export interface Runtime {
  config: Config;
  database: DatabaseHandle;
}

export async function openRuntime(config: Config = loadConfig()): Promise<Runtime> {
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrateToLatest(database.db);
    await seedReference(database.db, config.stateCode);
  } catch (err) {
    await database.close();
    throw err;
  }
  return { config, database };
}
