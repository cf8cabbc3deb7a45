// The same query gives the same JavaScript values on both engines, and the embedded database refuses a second
// process instead of letting it corrupt the folder.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';

for (const engine of testEngines()) {
  describe(`values on ${engine}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => t?.destroy());

    it('returns int8 and numeric as numbers, dates as strings, timestamptz as Date', async () => {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT count(*) AS n, 9007199254740991::bigint AS big, 12.50::numeric AS amount, DATE '2026-03-31' AS day,
               TIMESTAMPTZ '2026-03-31 23:00:00-06' AS at, ARRAY['a', 'b'] AS list, '{"k": 1}'::jsonb AS doc, true AS flag
        FROM (VALUES (1), (2)) v(x)`.execute(t.db);
      expect(rows[0]).toEqual({
        n: 2,
        big: 9007199254740991,
        amount: 12.5,
        day: '2026-03-31',
        at: new Date('2026-04-01T05:00:00.000Z'),
        list: ['a', 'b'],
        doc: { k: 1 },
        flag: true,
      });
    });

    it('returns generated bigint ids as numbers', async () => {
      const r = await t.db
        .insertInto('import_runs')
        .values({ file_name: 'x.csv', profile: 'atalaya', status: 'done', rejected_by_reason: '{}' })
        .returning(['id', 'read'])
        .executeTakeFirstOrThrow();
      expect(typeof r.id).toBe('number');
      expect(r.read).toBe(0);
    });
  });
}

describe('embedded database lock', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
  });
  afterAll(async () => t?.destroy());

  it('gives a second process a clear error while the folder is open', () => {
    const r = spawnSync(process.execPath, ['bin/atalaya.js', 'migrate'], {
      env: { ...process.env, ATALAYA_DATA_DIR: t.dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/está abierta por otro proceso de Atalaya/);
  });
});
