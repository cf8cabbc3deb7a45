// The registry's demonstration state on a small demo of incidents: numbers from the extortion tips, cases opened by
// the threshold at each month's end with staged actions, the workflow on the most reported numbers, both lists of the
// last month as products and the submission of the extortion list.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { loadConfig } from '../../src/config.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { defaultEndMonth, loadDemo } from '../../src/incidents/demo.ts';
import { ensureDemoStaff } from '../../src/access/bootstrap.ts';
import { seedNumbersDemo } from '../../src/registries/numbers/index.ts';

for (const engine of testEngines()) {
  describe(`phone-number registry demo on ${engine}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
    });
    afterAll(async () => t?.destroy());

    it('seeds the registry, cases, statuses, products and a submission from the demo incidents', async () => {
      const config = loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: 'America/Mexico_City', ATALAYA_DATA_DIR: t.dataDir });
      const endMonth = defaultEndMonth(new Date(), config.timeZone);
      await loadDemo(t.db, { stateCode: '20', timeZone: config.timeZone, months: 3, scale: 0.03, seed: 7, endMonth });
      await ensureDemoStaff(t.db, join(t.dataDir, 'credenciales-demo.txt'));
      const r = await seedNumbersDemo(t.db, config, { endMonth });
      expect(r.cases).toBeGreaterThanOrEqual(5);
      const count = async (table: 'phone_numbers' | 'mitigation_cases' | 'phone_submissions') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count('phone_numbers')).toBeGreaterThan(5);
      expect(await count('phone_submissions')).toBe(1);
      const stages = (await t.db.selectFrom('mitigation_cases').select('stage').execute()).map((c) => c.stage);
      expect(stages).toEqual(expect.arrayContaining(['cerrado', 'canalizado', 'segundo_aviso', 'aviso', 'abierto']));
      const statuses = new Set((await t.db.selectFrom('phone_numbers').select('status').execute()).map((n) => n.status));
      expect([...statuses].sort()).toEqual(['confirmado', 'descartado', 'en_verificacion', 'reportado']);
      const products = await t.db.selectFrom('products').select(['report_type', 'summary']).where('report_type', 'like', 'numeros-%').execute();
      expect(products.map((p) => p.report_type).sort()).toEqual(['numeros-extorsion-cni', 'numeros-maliciosos']);
      for (const p of products) expect(Number((p.summary as Record<string, unknown>).numeros)).toBeGreaterThan(0);
    });
  });
}
