// Applies every domain's migrations in order. Migration names start with a date so domains interleave correctly.
import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { accessMigrations } from '../access/migrations.ts';
import { crimeStatisticsMigrations } from '../crime-statistics/migrations.ts';
import { distributionMigrations } from '../distribution/migrations.ts';
import { disclosureMigrations } from '../distribution/disclosure/migrations.ts';
import { incidentMigrations } from '../incidents/migrations.ts';
import { referenceMigrations } from '../reference/migrations.ts';
import { releaseMigrations } from '../releases/migrations.ts';
import { reportMigrations } from '../reports/migrations.ts';
import { cyberMigrations } from '../registries/cyber/migrations.ts';
import { callAudioMigrations } from '../registries/call-audio/migrations.ts';
import { sitesMigrations } from '../registries/sites/migrations.ts';
import { nationalDatabaseMigrations } from '../registries/national-databases/migrations.ts';
import { numbersMigrations } from '../registries/numbers/migrations.ts';


export function allMigrations(): Record<string, Migration> {
  return {
    ...referenceMigrations,
    ...accessMigrations,
    ...incidentMigrations,
    ...reportMigrations,
    ...crimeStatisticsMigrations,
    ...releaseMigrations,
    ...distributionMigrations,
    ...cyberMigrations,
    ...callAudioMigrations,
    ...disclosureMigrations,
    ...sitesMigrations,
    ...nationalDatabaseMigrations,
    ...numbersMigrations,
  };
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => allMigrations() } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
