// Reference migrations and seeding on every test engine (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/support/databases.ts';
import { referenceMigrations } from './migrations.ts';
import { seedReference } from './seed.ts';

describe.each(testEngines())('reference migrations on %s', (engine) => {
  it('apply and revert on their own', async () => {
    const t = await createTestDatabase(engine, { migrate: false });
    try {
      const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => referenceMigrations } });
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(up.results?.map((r) => r.status)).toEqual(['Success', 'Success']);
      expect(await seedReference(t.db, '09')).toEqual({ centersCreated: 1, municipalitiesCovered: 16, groupsCreated: 2 });
      for (let i = 0; i < 2; i++) expect((await migrator.migrateDown()).error).toBeUndefined();
    } finally {
      await t.destroy();
    }
  });
});

describe.each(testEngines())('reference seed on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine); // every domain's migrations, as the product runs them
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("seeds Oaxaca's five CALLEs covering each of the 570 municipalities once, and two empty groups", async () => {
    const result = await seedReference(t.db, '20');
    expect(result).toEqual({ centersCreated: 5, municipalitiesCovered: 570, groupsCreated: 2 });

    const centers = await t.db.selectFrom('call_centers').selectAll().where('state_code', '=', '20').orderBy('code').execute();
    expect(centers.map((c) => c.code)).toEqual(['COS', 'CUE', 'IST', 'MIX', 'OAX']);
    expect(centers.find((c) => c.code === 'OAX')?.name).toBe('CALLE Oaxaca (Centro Estatal de Emergencias)');

    const coverage = await t.db.selectFrom('call_center_municipalities').selectAll().execute();
    expect(coverage).toHaveLength(570);
    expect(new Set(coverage.map((r) => r.municipality_code)).size).toBe(570);
    expect(coverage.find((r) => r.municipality_code === '20043')?.center_code).toBe('IST');

    const groups = await t.db.selectFrom('municipality_groups').selectAll().orderBy('slug').execute();
    expect(typeof groups[0]!.id).toBe('number');
    expect(groups.map((g) => [g.slug, g.kind, g.source_citation])).toEqual([
      ['avgm', 'avgm', null],
      ['zona-metropolitana', 'metropolitan_area', null],
    ]);
    const members = await t.db.selectFrom('municipality_group_members').selectAll().execute();
    expect(members).toEqual([]);
  });

  it('does not touch a state that already has its rows', async () => {
    await t.db.updateTable('call_centers').set({ name: 'CALLE Costa (editado)' }).where('code', '=', 'COS').execute();
    await t.db.deleteFrom('call_center_municipalities').where('municipality_code', '=', '20001').execute();
    expect(await seedReference(t.db, '20')).toEqual({ centersCreated: 0, municipalitiesCovered: 0, groupsCreated: 0 });
    const cos = await t.db.selectFrom('call_centers').select('name').where('code', '=', 'COS').executeTakeFirstOrThrow();
    expect(cos.name).toBe('CALLE Costa (editado)');
    const count = await t.db.selectFrom('call_center_municipalities').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(569);
  });

  it('enforces one center per municipality and unique group slugs per state', async () => {
    await expect(
      t.db.insertInto('call_center_municipalities').values({ center_code: 'OAX', municipality_code: '20043' }).execute(),
    ).rejects.toThrow();
    await expect(
      t.db.insertInto('municipality_groups').values({ slug: 'avgm', name: 'x', kind: 'avgm', state_code: '20', source_citation: null, source_url: null, notes: null }).execute(),
    ).rejects.toThrow();
  });

  it('refuses a second state whose default center code is taken', async () => {
    expect(await seedReference(t.db, '09')).toMatchObject({ centersCreated: 1, municipalitiesCovered: 16 });
    await expect(seedReference(t.db, '14')).rejects.toThrow(/EST ya está registrada para la entidad 09/);
    // The failed seed rolled back: Jalisco has neither centers nor groups.
    const jalisco = await t.db.selectFrom('municipality_groups').select('id').where('state_code', '=', '14').execute();
    expect(jalisco).toEqual([]);
  });
});
