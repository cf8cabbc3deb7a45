// Test databases with only the access domain's tables, so that these tests depend on no other domain's migrations.
import { Migrator } from 'kysely/migration';
import { accessMigrations } from '../../src/access/migrations.ts';
import type { Engine } from '../../src/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

export async function createAccessTestDatabase(engine: Engine): Promise<TestDatabase> {
  const handle = await createTestDatabase(engine, { migrate: false });
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => accessMigrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await handle.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return handle;
}
