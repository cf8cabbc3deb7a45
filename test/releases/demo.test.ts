// The demo releases on every engine: the demo accounts are marked as such, each demo person finds in their queue what
// the demo left waiting for them (with a notice), the release returned by Jurídico carries its observations, and a
// second start writes nothing more.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { ensureDemoStaff } from '../../src/access/bootstrap.ts';
import { getUser } from '../../src/access/users.ts';
import { listNotifications } from '../../src/reports/notifications.ts';
import { listAccounts } from '../../src/releases/accounts.ts';
import { seedReleasesDemo } from '../../src/releases/demo.ts';
import { releaseQueueItems } from '../../src/releases/queue.ts';
import { getRelease, listReleases } from '../../src/releases/store.ts';

describe.each(testEngines())('demo releases on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'atalaya-demo-staff-'));
    await ensureDemoStaff(t.db, join(dir, 'credenciales-demo.txt'));
  });
  afterAll(async () => {
    await t?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes accounts marked as demo and releases in each state, once', async () => {
    expect(await seedReleasesDemo(t.db, { stateCode: '20' })).toBe(6);
    const accounts = await listAccounts(t.db);
    expect(accounts.map((a) => [a.network, a.name, a.handle])).toEqual([
      ['facebook', 'C4 Oaxaca (página de demostración)', 'C4Oaxaca.demo'],
      ['x', 'C4 Oaxaca (cuenta de demostración)', '@C4Oaxaca_demo'],
    ]);
    const releases = await listReleases(t.db);
    expect(releases.map((r) => r.state).sort()).toEqual(['dg_approval', 'draft', 'legal_review', 'published', 'returned', 'validation']);
    expect(await seedReleasesDemo(t.db, { stateCode: '20' })).toBe(0);
    expect(await listReleases(t.db)).toHaveLength(6);
  });

  it('leaves something in each demo person’s queue, with its notice, and the observations of Jurídico on record', async () => {
    const queue = async (username: string) => {
      const u = (await getUser(t.db, username))!;
      return { items: await releaseQueueItems(t.db, u), notices: (await listNotifications(t.db, u.id)).notifications.map((n) => n.text) };
    };
    const comsoc = await queue('comunicacion');
    expect(comsoc.items.map((i) => i.title)).toEqual([
      'Corregir lo observado: Saldo del fin de semana largo en el 9-1-1',
      'Enviar a validación del área: Campaña: el 089 es anónimo',
    ]);
    expect(comsoc.notices).toContain('Corregir lo observado: comunicado «Saldo del fin de semana largo en el 9-1-1».');
    const director = await queue('director.cee');
    expect(director.items.map((i) => i.title)).toEqual(['Validar la información de su área: Temporada de lluvias: cuándo llamar al 9-1-1']);
    expect(director.notices).toHaveLength(1);
    expect((await queue('juridico')).items.map((i) => i.title)).toEqual(['Revisión jurídica: Uso responsable del 9-1-1: las llamadas improcedentes']);
    expect((await queue('director.general')).items.map((i) => i.title)).toEqual([
      'Aprobación de la Dirección General (excepción): Comunicado conjunto con Protección Civil por el frente frío',
    ]);
    // Ages are plausible: hours to a day, oldest first.
    const ages = comsoc.items.map((i) => (Date.now() - new Date(i.waitingSince).getTime()) / 3_600_000);
    expect(ages[0]).toBeGreaterThan(20);
    expect(ages[1]).toBeLessThan(2);

    const returned = (await listReleases(t.db, { state: 'returned' }))[0]!;
    const d = (await getRelease(t.db, returned.id))!;
    const ret = d.events.find((e) => e.action === 'return')!;
    expect(ret).toMatchObject({ actor: 'Revisora jurídica (demostración)', step: 'legal_review' });
    expect(ret.comments).toContain('Retire la colonia y la hora');
    const published = (await listReleases(t.db, { state: 'published' }))[0]!;
    const p = (await getRelease(t.db, published.id))!;
    expect(p.content.images[0]).toMatchObject({ mediaType: 'image/png', width: 1200, height: 675 });
    expect(p.content.targets.map((x) => x.publication?.url)).toEqual(['https://x.com/C4Oaxaca_demo/status/1', 'https://www.facebook.com/C4Oaxaca.demo/posts/1']);
  });
});
