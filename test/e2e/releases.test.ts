// End to end in Debian's Chromium (issue 4, §7): a social-network release returned by Jurídico is corrected and
// passes all filters. The administrator registers the official X account; Comunicación Social drafts with an image;
// the CEE's director validates; Jurídico returns it with observations; communication corrects it (version 2); the
// director validates again; Jurídico approves; the director general approves; communication publishes it on the
// account. Each person finds it in "Mis pendientes", with a notice in the header, and the trail shows every step.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { PNG } from '../releases/fixtures.ts';

const TITLE = 'Alerta por llamadas de falso secuestro';
const PEOPLE = {
  comunicacion: { area: 'COMSOC', roles: ['communication'], name: 'Lucía Comunicación' },
  'director.cee': { area: 'CEE', roles: ['area_director'], name: 'Director del CEE' },
  juridico: { area: 'JUR', roles: ['legal_reviewer'], name: 'Revisora Jurídica' },
  'director.general': { area: 'DG', roles: ['director_general'], name: 'Directora General' },
} as const;
type Person = keyof typeof PEOPLE | 'admin';

describe('a social-network release through every filter, end to end', () => {
  let server: TestServer;
  let browser: Browser;
  const passwords = new Map<Person, string>();
  const pages = new Map<Person, Page>();
  const contexts: BrowserContext[] = [];
  let shot = 0;
  const imagePath = join(SHOTS, 'cartel-falso-secuestro.png');

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer();
    passwords.set('admin', server.adminPassword);
    for (const [username, p] of Object.entries(PEOPLE)) passwords.set(username as Person, await server.createUser(username, p.area, [...p.roles], p.name));
    writeFileSync(imagePath, PNG);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  /** Each person works in their own browser context, logged in once. */
  async function as(person: Person): Promise<Page> {
    const known = pages.get(person);
    if (known) {
      await known.bringToFront();
      return known;
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, server.url, person === 'admin' ? server.adminUsername : person, passwords.get(person)!);
    pages.set(person, page);
    return page;
  }

  const snap = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/releases-${String(++shot).padStart(2, '0')}-${name}.png`, fullPage: true });
  const nav = (page: Page, link: string) => page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: link, exact: true }).click();

  /** Opens "Mis pendientes", finds the release waiting with the expected task, checks its age, and opens it. */
  async function openFromQueue(page: Page, task: string, shotName?: string) {
    await nav(page, 'Mis pendientes');
    await page.getByRole('heading', { name: 'Mis pendientes' }).waitFor();
    const row = page.getByTestId('queue').locator('tr', { hasText: `${task}: ${TITLE}` });
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toMatch(/^\d+ (s|min \d{2} s)$/);
    if (shotName) await snap(page, shotName);
    await row.getByRole('link').click();
    await page.getByTestId('release-title').waitFor();
    expect(await page.getByTestId('release-title').textContent()).toBe(TITLE);
  }

  async function expectNotice(page: Page, text: string) {
    await page.reload();
    await page.getByTestId('notifications-button').click();
    await expect.poll(() => page.getByTestId('notifications-list').textContent()).toContain(text);
    await page.getByTestId('notifications-button').click();
  }

  const state = (page: Page) => page.getByTestId('release-state').first().textContent();

  it('the administrator registers the official X account', async () => {
    const page = await as('admin');
    await nav(page, 'Cuentas oficiales');
    await page.getByLabel('Red').selectOption('x');
    await page.getByLabel('Nombre').fill('C4 Oaxaca (cuenta de prueba)');
    await page.getByLabel('Usuario', { exact: true }).fill('@C4Oaxaca_e2e');
    await page.getByLabel('Dirección').fill('https://x.com/C4Oaxaca_e2e');
    await page.getByRole('button', { name: 'Registrar cuenta' }).click();
    await expect.poll(() => page.getByTestId('accounts-table').textContent()).toContain('@C4Oaxaca_e2e');
    await snap(page, 'accounts');
  });

  it('Comunicación Social drafts it with an image for the official account and sends it to validation', async () => {
    const page = await as('comunicacion');
    // Mis pendientes is the first page of the people of the workflow.
    await page.getByRole('heading', { name: 'Mis pendientes' }).waitFor();
    await page.getByText('No tiene nada pendiente.').waitFor();
    await nav(page, 'Comunicados');
    await page.getByRole('link', { name: 'Nuevo comunicado' }).click();
    await page.getByLabel('Título').fill(TITLE);
    await page
      .getByLabel('Texto')
      .fill('Si te llaman para decirte que un familiar está secuestrado y te piden dinero, cuelga, localiza a tu familiar y denuncia al 089. En la colonia Centro se reportaron tres casos el martes a las 22:15.');
    await page.getByLabel('Área que proporcionó la información (su dirección valida)').selectOption('CEE');
    await page.getByLabel('X (antes Twitter): C4 Oaxaca (cuenta de prueba) (@C4Oaxaca_e2e)').check();
    await page.getByLabel('Imágenes (PNG, JPEG o WebP, hasta 5 MB; a lo más 4)').setInputFiles(imagePath);
    await page.getByTestId('editor-images').getByText('160 × 90').waitFor();
    await snap(page, 'draft-editor');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByTestId('release-title').waitFor();
    expect(await state(page)).toBe('En redacción');
    await page.getByRole('button', { name: 'Enviar a validación del área' }).click();
    await expect.poll(() => state(page)).toBe('En validación del área');
    expect(await page.getByTestId('release-waiting').textContent()).toContain('Espera a Dirección de Centro Estatal de Emergencias');
    await snap(page, 'submitted');
  });

  it('the CEE’s director finds it in the queue with a notice, and validates it', async () => {
    const page = await as('director.cee');
    await expectNotice(page, `Validar la información de su área: comunicado «${TITLE}».`);
    await openFromQueue(page, 'Validar la información de su área', 'queue-director');
    expect(await page.locator('img[alt="cartel-falso-secuestro.png"]').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await page.getByRole('button', { name: 'Validar', exact: true }).click();
    await expect.poll(() => state(page)).toBe('En revisión jurídica');
    expect(await page.getByTestId('route-validation').textContent()).toContain('aprobado por Director del CEE');
  });

  it('Jurídico returns it with observations', async () => {
    const page = await as('juridico');
    await expectNotice(page, `Revisión jurídica: comunicado «${TITLE}».`);
    await openFromQueue(page, 'Revisión jurídica');
    // Returning without observations is refused before anything is sent.
    await page.getByRole('button', { name: 'Devolver con observaciones' }).click();
    await page.getByText('Escriba las observaciones.').waitFor();
    await page.getByLabel('Observaciones').fill('Retire la colonia y la hora: pueden identificar a las víctimas. Cite la fuente: «089, C4».');
    await page.getByRole('button', { name: 'Devolver con observaciones' }).click();
    await expect.poll(() => state(page)).toBe('Devuelto con observaciones');
    expect(await page.getByTestId('route-legal_review').textContent()).toContain('devuelto con observaciones por Revisora Jurídica');
    await snap(page, 'returned');
    // It left Jurídico's queue.
    await nav(page, 'Mis pendientes');
    await page.getByText('No tiene nada pendiente.').waitFor();
  });

  it('communication corrects it: version 2, back through validation', async () => {
    const page = await as('comunicacion');
    await expectNotice(page, `Corregir lo observado: comunicado «${TITLE}».`);
    await openFromQueue(page, 'Corregir lo observado');
    expect(await page.getByTestId('release-history').textContent()).toContain('Retire la colonia y la hora');
    await page.getByRole('button', { name: 'Corregir' }).click();
    await page.getByText('Las aprobaciones de la versión 1 quedan en el historial, pero ya no cuentan.').waitFor();
    await page
      .getByLabel('Texto')
      .fill('Si te llaman para decirte que un familiar está secuestrado y te piden dinero, cuelga, localiza a tu familiar y denuncia al 089. Fuente: 089, C4.');
    await page.getByLabel('Nota de la corrección (opcional, queda en el historial)').fill('Se atendieron las observaciones de Jurídico.');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('release-body').first().textContent()).toContain('Fuente: 089, C4.');
    expect(await state(page)).toBe('En redacción');
    expect(await page.getByTestId('route-validation').textContent()).toContain('pendiente');
    expect(await page.getByTestId('release-history').textContent()).toContain('de una versión anterior: ya no cuenta');
    await page.getByRole('button', { name: 'Enviar a validación del área' }).click();
    await expect.poll(() => state(page)).toBe('En validación del área');
    await snap(page, 'corrected');
  });

  it('validation again, Jurídico approves, the director general approves', async () => {
    let page = await as('director.cee');
    await openFromQueue(page, 'Validar la información de su área');
    await page.getByRole('button', { name: 'Validar', exact: true }).click();
    await expect.poll(() => state(page)).toBe('En revisión jurídica');

    page = await as('juridico');
    await openFromQueue(page, 'Revisión jurídica');
    await page.getByLabel('Observaciones').fill('Sin observaciones.');
    await page.getByRole('button', { name: 'Aprobar (revisión jurídica)' }).click();
    await expect.poll(() => state(page)).toBe('En aprobación de la DG');

    page = await as('director.general');
    await expectNotice(page, `Aprobación de la Dirección General: comunicado «${TITLE}».`);
    await openFromQueue(page, 'Aprobación de la Dirección General');
    // The director general approves but does not publish: that is communication's own permission.
    expect(await page.getByTestId('release-actions').getByRole('button').allTextContents()).toEqual(['Aprobar la publicación', 'Devolver con observaciones']);
    await page.getByRole('button', { name: 'Aprobar la publicación' }).click();
    await expect.poll(() => state(page)).toBe('Aprobado, por publicar');
    expect(await page.getByTestId('publish-forms').count()).toBe(0);
    await snap(page, 'approved');
  });

  it('communication publishes it on the official account, and the trail shows every step', async () => {
    const page = await as('comunicacion');
    await expectNotice(page, `Publicar: comunicado «${TITLE}».`);
    await openFromQueue(page, 'Publicar');
    const url = page.getByLabel('Dirección de la publicación (X (antes Twitter) @C4Oaxaca_e2e)');
    // An address outside the account's network is refused by the server with its reason.
    await url.fill('https://www.facebook.com/c4oaxaca/posts/1');
    await page.getByRole('button', { name: 'Registrar publicación en X (antes Twitter) @C4Oaxaca_e2e' }).click();
    await page.getByText('La dirección debe ser https en x.com o twitter.com').waitFor();
    await url.fill('https://x.com/C4Oaxaca_e2e/status/1900000000000000042');
    await page.getByRole('button', { name: 'Registrar publicación en X (antes Twitter) @C4Oaxaca_e2e' }).click();
    await expect.poll(() => state(page)).toBe('Publicado');
    const targets = (await page.getByTestId('release-targets').first().textContent()) ?? '';
    expect(targets).toContain('Publicado en X (antes Twitter): C4 Oaxaca (cuenta de prueba) (@C4Oaxaca_e2e) por Lucía Comunicación');
    expect(targets).toContain('https://x.com/C4Oaxaca_e2e/status/1900000000000000042');
    const trail = await page.getByTestId('release-history').locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action).reverse());
    expect(trail).toEqual([
      'create@v1', 'submit@v1', 'approve:validation@v1', 'return:legal_review@v1', 'edit@v2', 'submit@v2',
      'approve:validation@v2', 'approve:legal_review@v2', 'approve:dg_approval@v2', 'publish@v2',
    ]);
    expect(await page.getByTestId('release-history').textContent()).toContain('Se atendieron las observaciones de Jurídico.');
    await snap(page, 'published');
    // Nobody has it pending any more.
    for (const person of ['comunicacion', 'director.cee', 'juridico', 'director.general'] as const) {
      const p = await as(person);
      await nav(p, 'Mis pendientes');
      await p.getByText('No tiene nada pendiente.').waitFor();
    }
  });
});
