// The release workflow in the database, on every engine: the directive's route with a return by Jurídico and its
// correction, each person's queue and notices along the way, an edit after approval that voids the approvals, the
// exception route, publishing as its own permission, attachments limited to public products, official accounts only,
// an append-only history, and two concurrent actions of which only one succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { listAudit, verifyAuditChain } from '../../src/access/audit.ts';
import { listNotifications } from '../../src/reports/notifications.ts';
import { deactivateAccount, registerAccount, type Account } from '../../src/releases/accounts.ts';
import { ReleaseError } from '../../src/releases/errors.ts';
import { releaseQueueItems } from '../../src/releases/queue.ts';
import {
  createRelease,
  editRelease,
  getRelease,
  getReleaseVersion,
  publishRelease,
  transitionRelease,
  type ReleaseActor,
} from '../../src/releases/store.ts';
import { storeImage } from '../../src/releases/uploads.ts';
import { PNG, createStaff, product, registerDemoAccounts, releaseContent, type StaffKey } from './fixtures.ts';

async function refusal(p: Promise<unknown>): Promise<ReleaseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ReleaseError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(testEngines())('releases on %s', (engine) => {
  let t: TestDatabase;
  let staff: Record<StaffKey, ReleaseActor>;
  let accounts: { x: Account; facebook: Account };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    staff = await createStaff(t.db);
    accounts = await registerDemoAccounts(t.db, staff.admin);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const revision = async (id: number) => (await getRelease(t.db, id))!.revision;
  const queueIds = async (who: StaffKey) => (await releaseQueueItems(t.db, staff[who])).map((i) => i.id);
  const unread = async (who: StaffKey) => (await listNotifications(t.db, staff[who].id)).notifications.filter((n) => !n.read_at).map((n) => n.text);
  const act = async (who: StaffKey, id: number, action: 'submit' | 'approve' | 'return' | 'withdraw', comments?: string) =>
    transitionRelease(t.db, staff[who], id, { action, revision: await revision(id), comments });

  it('goes through the directive’s filters, returned by Jurídico, corrected and published, each person seeing it in their queue', async () => {
    const image = await storeImage(t.db, staff.comunicacion, 'cartel-089.png', PNG);
    const id = await createRelease(
      t.db,
      staff.comunicacion,
      releaseContent({ targets: [{ kind: 'social', accountId: accounts.x.id }, { kind: 'social', accountId: accounts.facebook.id }], imageIds: [image.id] }),
    );
    expect(await queueIds('comunicacion')).toContain(id);
    expect(await queueIds('directorCee')).not.toContain(id);

    await act('comunicacion', id, 'submit');
    expect((await getRelease(t.db, id))!.state).toBe('validation');
    expect(await queueIds('directorCee')).toContain(id);
    expect(await queueIds('directorCiber')).not.toContain(id); // another area's director does not validate it
    expect(await queueIds('comunicacion')).not.toContain(id);
    expect(await unread('directorCee')).toContain('Validar la información de su área: comunicado «Recomendaciones ante llamadas de extorsión».');
    expect(await unread('directorCiber')).toEqual([]);

    await act('directorCee', id, 'approve');
    expect(await queueIds('juridico')).toContain(id);
    expect(await queueIds('juridico2')).toContain(id);
    expect(await queueIds('directorCee')).not.toContain(id);
    expect(await unread('juridico')).toContain('Revisión jurídica: comunicado «Recomendaciones ante llamadas de extorsión».');

    // Returning needs the observations.
    expect((await refusal(act('juridico', id, 'return'))).code).toBe('faltan_observaciones');
    await act('juridico', id, 'return', 'Cite el fundamento: «con datos del Centro Estatal de Emergencias». No mencione la colonia.');
    const returned = (await getRelease(t.db, id))!;
    expect(returned.state).toBe('returned');
    expect(returned.route.map((r) => [r.status, r.by])).toEqual([
      ['done', 'Director del CEE'],
      ['returned', 'Revisora Jurídica'],
      ['pending', null],
    ]);
    expect(await queueIds('juridico')).not.toContain(id);
    expect(await queueIds('comunicacion')).toContain(id);
    expect(await queueIds('comunicacion2')).toContain(id);
    expect(await unread('comunicacion2')).toContain('Corregir lo observado: comunicado «Recomendaciones ante llamadas de extorsión».');

    // Communication corrects: version 2; the area's validation of version 1 stays on record but no longer counts.
    await editRelease(
      t.db,
      staff.comunicacion,
      id,
      returned.revision,
      releaseContent({
        body: 'Con datos del Centro Estatal de Emergencias: si recibe una llamada de extorsión, cuelgue y denuncie al 089.',
        targets: [{ kind: 'social', accountId: accounts.x.id }, { kind: 'social', accountId: accounts.facebook.id }],
        imageIds: [image.id],
      }),
      { comments: 'Se atendieron las observaciones de Jurídico.' },
    );
    let d = (await getRelease(t.db, id))!;
    expect(d.state).toBe('draft');
    expect(d.currentVersion).toBe(2);
    expect(d.events.find((e) => e.action === 'approve')).toMatchObject({ version: 1, counts: false, step: 'validation' });
    expect(d.route.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect((await getReleaseVersion(t.db, id, 1))!.body).toBe('Si recibe una llamada de extorsión, cuelgue y denuncie al 089. La denuncia es anónima.');

    await act('comunicacion', id, 'submit');
    expect(await queueIds('directorCee')).toContain(id); // validation again
    await act('directorCee', id, 'approve', 'La cifra y la fuente son correctas.');
    await act('juridico', id, 'approve', 'Sin observaciones.');
    expect(await queueIds('dg')).toContain(id);
    expect(await unread('dg')).toContain('Aprobación de la Dirección General: comunicado «Recomendaciones ante llamadas de extorsión».');
    await act('dg', id, 'approve');
    d = (await getRelease(t.db, id))!;
    expect(d.state).toBe('approved');
    expect(d.route.map((r) => [r.status, r.by])).toEqual([
      ['done', 'Director del CEE'],
      ['done', 'Revisora Jurídica'],
      ['done', 'Directora General'],
    ]);
    expect(await queueIds('comunicacion')).toContain(id);
    expect(await queueIds('dg')).not.toContain(id);

    // Publication, target by target, on the official accounts only.
    const wrong = await refusal(publishRelease(t.db, staff.comunicacion, id, { revision: d.revision, position: 1, url: 'https://www.facebook.com/C4Oaxaca.prueba/posts/1' }));
    expect(wrong).toMatchObject({ code: 'direccion_fuera_de_la_red' });
    expect(await publishRelease(t.db, staff.comunicacion, id, { revision: d.revision, position: 1, url: 'https://x.com/C4Oaxaca_prueba/status/1890000000000000001' })).toBe('approved');
    expect(await queueIds('comunicacion')).toContain(id); // one target still waits
    const again = await refusal(publishRelease(t.db, staff.comunicacion2, id, { revision: await revision(id), position: 1, url: 'https://x.com/C4Oaxaca_prueba/status/2' }));
    expect(again.code).toBe('destino_ya_publicado');
    expect(await publishRelease(t.db, staff.comunicacion2, id, { revision: await revision(id), position: 2, url: 'https://www.facebook.com/C4Oaxaca.prueba/posts/pfbid02' })).toBe('published');
    d = (await getRelease(t.db, id))!;
    expect(d.state).toBe('published');
    expect(d.content.targets.map((x) => [x.publication?.placedOn, x.publication?.publishedBy, x.publication?.url])).toEqual([
      ['X (antes Twitter): C4 Oaxaca (prueba) (@C4Oaxaca_prueba)', 'Lucía Comunicación', 'https://x.com/C4Oaxaca_prueba/status/1890000000000000001'],
      ['Facebook: C4 Oaxaca (prueba) (C4Oaxaca.prueba)', 'Pedro Comunicación', 'https://www.facebook.com/C4Oaxaca.prueba/posts/pfbid02'],
    ]);
    expect(d.content.images.map((i) => [i.fileName, i.mediaType, i.width, i.height])).toEqual([['cartel-089.png', 'image/png', 160, 90]]);
    for (const who of ['comunicacion', 'directorCee', 'juridico', 'dg'] as const) expect(await queueIds(who)).not.toContain(id);

    // Nothing changes once published.
    expect((await refusal(editRelease(t.db, staff.comunicacion, id, d.revision, releaseContent({ title: 'Otro' })))).code).toBe('estado_no_permite');

    // Trail and audit: every step, by whom, in order, in a chain that verifies.
    expect(d.events.map((e) => `${e.action}${e.step ? `:${e.step}` : ''}@v${e.version}`)).toEqual([
      'create@v1', 'submit@v1', 'approve:validation@v1', 'return:legal_review@v1', 'edit@v2', 'submit@v2',
      'approve:validation@v2', 'approve:legal_review@v2', 'approve:dg_approval@v2', 'publish@v2', 'publish@v2',
    ]);
    const auditActions = (await listAudit(t.db, { entity: 'release', entityId: String(id) })).map((a) => a.action).reverse();
    expect(auditActions).toEqual([
      'releases.create', 'releases.submit', 'releases.approve', 'releases.return', 'releases.edit', 'releases.submit',
      'releases.approve', 'releases.approve', 'releases.approve', 'releases.publish', 'releases.publish',
    ]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('sends an edit after an approval back through every filter; the earlier approvals stay but no longer count', async () => {
    const id = await createRelease(t.db, staff.comunicacion, releaseContent({ title: 'Balance del puente vacacional' }));
    await act('comunicacion', id, 'submit');
    await act('directorCee', id, 'approve');
    await act('juridico', id, 'approve');
    expect((await getRelease(t.db, id))!.state).toBe('dg_approval');
    expect(await queueIds('dg')).toContain(id);

    // An edit that changes nothing is no new version.
    const same = await refusal(editRelease(t.db, staff.comunicacion, id, await revision(id), releaseContent({ title: 'Balance del puente vacacional' })));
    expect(same.code).toBe('sin_cambios');

    await editRelease(t.db, staff.comunicacion, id, await revision(id), releaseContent({ title: 'Balance del puente vacacional', targets: [{ kind: 'press' }, { kind: 'radio_tv' }] }));
    const d = (await getRelease(t.db, id))!;
    expect(d.state).toBe('draft');
    expect(await queueIds('dg')).not.toContain(id);
    expect(d.events.filter((e) => e.action === 'approve').map((e) => e.counts)).toEqual([false, false]);
    expect(d.versions.map((v) => v.version)).toEqual([2, 1]);
    await act('comunicacion', id, 'submit');
    // The DG cannot skip the filters of the new version.
    expect((await refusal(act('dg', id, 'approve'))).code).toBe('area_distinta');
    const edited = (await listAudit(t.db, { entity: 'release', entityId: String(id) })).find((a) => a.action === 'releases.edit')!;
    expect(edited.details).toMatchObject({ version: 2, from: 'dg_approval', to: 'draft', voidedApprovals: 2 });
  });

  it('routes an exception to Jurídico and then the director general, recorded as such', async () => {
    const missingReason = await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ sourceArea: null, exception: true, exceptionReason: 'no' })));
    expect(missingReason.message).toMatch(/Explique por qué la directiva no contempla este caso/);
    const noArea = await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ sourceArea: null })));
    expect(noArea.message).toMatch(/Elija el área que proporcionó la información/);

    const id = await createRelease(
      t.db,
      staff.comunicacion,
      releaseContent({
        title: 'Comunicado conjunto con Protección Civil',
        sourceArea: null,
        exception: true,
        exceptionReason: 'Comunicado conjunto con otra dependencia: la directiva 6.1.4 no lo contempla.',
        targets: [{ kind: 'radio_tv' }],
      }),
    );
    await act('comunicacion', id, 'submit');
    let d = (await getRelease(t.db, id))!;
    expect(d.state).toBe('legal_review');
    expect(d.route.map((r) => r.step)).toEqual(['legal_review', 'dg_approval']);
    expect(d.awaitedTask).toBe('Revisión jurídica (excepción)');
    expect(d.content.exceptionReason).toBe('Comunicado conjunto con otra dependencia: la directiva 6.1.4 no lo contempla.');
    expect(await queueIds('directorCee')).not.toContain(id);
    expect(await unread('juridico')).toContain('Revisión jurídica (excepción): comunicado «Comunicado conjunto con Protección Civil».');
    expect((await refusal(act('dg', id, 'approve'))).code).toBe('sin_permiso'); // Jurídico first, always
    await act('juridico', id, 'approve');
    await act('dg', id, 'approve');
    d = (await getRelease(t.db, id))!;
    expect(d.state).toBe('approved');
    const published = await publishRelease(t.db, staff.comunicacion, id, { revision: d.revision, position: 1, medium: 'CORTV; Radio Oaxaca', reference: 'Boletín 031/2026' });
    expect(published).toBe('published');
    expect((await getRelease(t.db, id))!.content.targets[0]!.publication).toMatchObject({ placedOn: 'Radio y televisión: CORTV; Radio Oaxaca', reference: 'Boletín 031/2026', url: null });
    const audit = await listAudit(t.db, { entity: 'release', entityId: String(id) });
    expect(audit.find((a) => a.action === 'releases.create')!.details).toMatchObject({ content: { exception: true } });
  });

  it('keeps publishing a permission of its own, separate from drafting and approving', async () => {
    const id = await createRelease(t.db, staff.comunicacion, releaseContent({ title: 'Uso responsable del 9-1-1', targets: [{ kind: 'social', accountId: accounts.x.id }] }));
    await act('comunicacion', id, 'submit');
    await act('directorCee', id, 'approve');
    await act('juridico', id, 'approve');
    await act('dg', id, 'approve');
    const r = await revision(id);
    const url = 'https://x.com/C4Oaxaca_prueba/status/3';
    for (const who of ['dg', 'directorCee', 'juridico', 'analista'] as const) {
      const e = await refusal(publishRelease(t.db, staff[who], id, { revision: r, position: 1, url }));
      expect(e).toMatchObject({ code: 'sin_permiso', status: 403, message: 'No tiene permiso para publicar mensajes en medios públicos y redes sociales.' });
    }
    // A communication user outside Comunicación Social may publish but not draft.
    const e = await refusal(createRelease(t.db, { ...staff.comunicacion, roles: ['communication'], area_code: 'RVDI', id: staff.analista.id }, releaseContent()));
    expect(e.code).toBe('sin_permiso');
    // A publication date before the DG's approval is refused.
    const early = await refusal(publishRelease(t.db, staff.comunicacion, id, { revision: r, position: 1, url, publishedAt: new Date(Date.now() - 86_400_000) }));
    expect(early.message).toBe('La fecha de publicación no puede ser anterior a la aprobación de la Dirección General.');
    expect(await publishRelease(t.db, staff.comunicacion, id, { revision: r, position: 1, url })).toBe('published');
  });

  it('attaches only public products, only registered active accounts, and only uploaded images', async () => {
    const restricted = await product(t.db, 'restricted');
    const internal = await product(t.db, 'internal');
    const pub = await product(t.db, 'public');
    const before = await t.db.selectFrom('releases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    const refusedRestricted = await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ productIds: [pub.id, restricted.id] })));
    expect(refusedRestricted).toMatchObject({
      code: 'producto_no_publico',
      message: `El producto ${restricted.id} («${restricted.report_name}», 2026-03, versión 1) está clasificado como «Reservado: destinatarios con convenio»: a un comunicado solo se adjuntan versiones públicas.`,
    });
    expect((await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ productIds: [internal.id] })))).message).toContain('«Uso interno»');
    expect((await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ productIds: [999_999] })))).code).toBe('producto_no_encontrado');
    expect((await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ targets: [{ kind: 'social', accountId: 999_999 }] })))).code).toBe('cuenta_no_registrada');
    expect((await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ imageIds: [999_999] })))).code).toBe('imagen_no_encontrada');
    // A refused release leaves nothing behind.
    const after = await t.db.selectFrom('releases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const id = await createRelease(t.db, staff.comunicacion, releaseContent({ productIds: [pub.id] }));
    expect((await getRelease(t.db, id))!.content.products.map((p) => [p.id, p.classificationLabel])).toEqual([[pub.id, 'Versión pública']]);

    // A deactivated account can no longer be chosen, nor published on after approval.
    const extra = await registerDemoAccountsOnce();
    const onIt = await createRelease(t.db, staff.comunicacion, releaseContent({ title: 'Por la cuenta de Instagram', targets: [{ kind: 'social', accountId: extra.id }] }));
    await act('comunicacion', onIt, 'submit');
    await act('directorCee', onIt, 'approve');
    await act('juridico', onIt, 'approve');
    await act('dg', onIt, 'approve');
    await deactivateAccount(t.db, staff.admin, extra.id);
    const inactive = await refusal(publishRelease(t.db, staff.comunicacion, onIt, { revision: await revision(onIt), position: 1, url: 'https://www.instagram.com/p/abc/' }));
    expect(inactive.code).toBe('cuenta_inactiva');
    expect((await refusal(createRelease(t.db, staff.comunicacion, releaseContent({ targets: [{ kind: 'social', accountId: extra.id }] })))).code).toBe('cuenta_inactiva');
  });

  function registerDemoAccountsOnce() {
    return registerAccount(t.db, staff.admin, { network: 'instagram', name: 'C4 Oaxaca (prueba)', handle: '@c4oaxaca_prueba', url: 'https://www.instagram.com/c4oaxaca_prueba/' });
  }

  it('lets only one of two concurrent actions on the same revision succeed', async () => {
    const id = await createRelease(t.db, staff.comunicacion, releaseContent({ title: 'Operativo de fin de año' }));
    await act('comunicacion', id, 'submit');
    await act('directorCee', id, 'approve');
    const r = await revision(id);
    const results = await Promise.allSettled([
      transitionRelease(t.db, staff.juridico, id, { action: 'approve', revision: r }),
      transitionRelease(t.db, staff.juridico2, id, { action: 'return', revision: r, comments: 'Falta la fuente.' }),
      editRelease(t.db, staff.comunicacion, id, r, releaseContent({ title: 'Operativo de fin de año 2026' })),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected').map((x) => x.reason as ReleaseError);
    expect(failures.map((f) => [f.code, f.status])).toEqual([
      ['conflicto_de_revision', 409],
      ['conflicto_de_revision', 409],
    ]);
    const d = (await getRelease(t.db, id))!;
    expect(d.revision).toBe(r + 1);
    // Exactly one decision after the validation was recorded.
    const afterValidation = d.events.slice(d.events.findIndex((e) => e.step === 'validation') + 1);
    expect(afterValidation).toHaveLength(1);
  });

  it('keeps versions, the trail and the publications append-only', async () => {
    await expect(sql`UPDATE release_versions SET title = 'alterado'`.execute(t.db)).rejects.toThrow(/el historial de los comunicados no se modifica/);
    await expect(sql`DELETE FROM release_events`.execute(t.db)).rejects.toThrow(/no se modifica/);
    await expect(sql`UPDATE release_publications SET url = 'https://x.com/otro'`.execute(t.db)).rejects.toThrow(/no se modifica/);
  });

  it('stores an uploaded image once with its SHA-256, and refuses what is not an image', async () => {
    const a = await storeImage(t.db, staff.comunicacion, 'a.png', PNG);
    const b = await storeImage(t.db, staff.comunicacion, 'otra-vez.png', PNG);
    expect(b.id).toBe(a.id);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const e = await refusal(storeImage(t.db, staff.comunicacion, 'logo.svg', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')));
    expect(e).toMatchObject({ code: 'tipo_de_imagen', status: 400 });
  });
});
