// End to end in Debian's Chromium: on «Productos generados» an analyst sees the FESE's classification, prepares its
// versión pública, finds it under the product with its redactions and legal basis, and downloads a workbook that
// carries the «Versión pública» sheet; the analyst has no control to change the classification. The director
// general changes it to internal use, is first refused without a real reason, and afterwards the page says who
// changed it and why, and offers no release any more.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { defaultEndMonth } from '../../src/incidents/demo.ts';
import { generateProduct, type Product } from '../../src/reports/index.ts';
import { CLI_ACTOR } from '../../src/access/users.ts';

describe('classification and versiones públicas end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let fese: Product;
  const passwords = new Map<string, string>();

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer({ seedDemo: true });
    passwords.set('analista.cee', await server.createUser('analista.cee', 'CEE', ['analyst'], 'Analista del CEE'));
    passwords.set('director.general', await server.createUser('director.general', 'DG', ['director_general'], 'Director General'));
    const period = defaultEndMonth(new Date(), server.config.timeZone);
    fese = await generateProduct(server.database.db, server.config, { type: 'fese', period, userId: null, actor: CLI_ACTOR });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'UTC', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await logIn(page, server.url, username, passwords.get(username)!);
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Productos generados' }).click();
    await page.getByTestId(`disclosure-${fese.id}`).getByTestId(`classification-${fese.id}`).waitFor();
    return page;
  }

  it('lets an analyst prepare the versión pública and read its redactions, without changing the classification', async () => {
    const page = await signIn('analista.cee');
    const cell = page.getByTestId(`disclosure-${fese.id}`);
    expect(await cell.getByTestId(`classification-${fese.id}`).textContent()).toBe('Reservado');
    expect(await cell.getByRole('button', { name: 'Cambiar clasificación' }).count()).toBe(0);
    await cell.getByRole('button', { name: 'Preparar versión pública' }).click();
    await cell.getByText('Versión preparada.').waitFor({ timeout: 90_000 });
    const release = cell.locator('[data-testid^="release-"]');
    await release.first().waitFor();
    expect(await release.count()).toBe(1);
    expect(await release.textContent()).toMatch(/Versión pública versión 1.*preparada por Analista del CEE.*umbral de supresión: 5/);
    await release.getByText(/\d+ redacciones/).click();
    const details = (await release.textContent()) ?? '';
    expect(details).toMatch(/Suprimido: Llamadas — Consolidado estatal › por municipio\d+ elementos/);
    expect(details).toContain('LGTAIP, art. 111');
    expect(details).toContain('Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados');
    // The released version is not listed as a product of its own.
    const releaseId = (await release.getAttribute('data-testid'))!.replace('release-', '');
    expect(await page.getByTestId(`product-${releaseId}`).count()).toBe(0);
    expect(await page.getByTestId(`product-${fese.id}`).count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), release.getByRole('link', { name: 'XLSX', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/version-publica_v1\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Versión pública');
    expect(String(wb.getWorksheet('Consolidado')!.getCell(4, 1).value)).toBe('Versión pública');
    // Asking again reuses the version already prepared.
    await cell.getByRole('button', { name: 'Preparar versión pública' }).click();
    await cell.getByText('Esa versión ya estaba preparada con los mismos parámetros.').waitFor();
    await page.screenshot({ path: `${SHOTS}/disclosure-01-release.png` });
    await page.context().close();
  });

  it('lets the director general change the classification, with a reason that the page then shows', async () => {
    const page = await signIn('director.general');
    const cell = page.getByTestId(`disclosure-${fese.id}`);
    await cell.getByRole('button', { name: 'Cambiar clasificación' }).click();
    const form = cell.getByRole('form', { name: `Cambiar la clasificación del producto ${fese.id}` });
    await form.getByLabel('Nueva clasificación').selectOption({ label: 'Uso interno' });
    await form.getByLabel('Motivo del cambio (queda registrado)').fill('Porque sí');
    await form.getByRole('button', { name: 'Guardar clasificación' }).click();
    await form.getByRole('alert').getByText(/Indique el motivo del cambio de clasificación/).waitFor();
    await form.getByLabel('Motivo del cambio (queda registrado)').fill('Incluye cifras de un operativo que sigue en curso.');
    await form.getByRole('button', { name: 'Guardar clasificación' }).click();
    await cell.getByText('Clasificación actualizada.').waitFor();
    await expect.poll(() => cell.getByTestId(`classification-${fese.id}`).textContent()).toBe('Uso interno');
    expect(await cell.textContent()).toMatch(/cambiada por Director General el .*«Incluye cifras de un operativo que sigue en curso\.»/);
    expect(await cell.getByText('Uso interno: no sale del centro.').count()).toBe(1);
    expect(await cell.getByRole('button', { name: 'Preparar versión pública' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/disclosure-02-classification.png`, fullPage: true });
    const audit = await server.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'distribution.product.classify').execute();
    expect(audit).toEqual([{ actor: 'director.general', details: expect.objectContaining({ from: 'restricted', to: 'internal', reason: 'Incluye cifras de un operativo que sigue en curso.' }) }]);
    await page.context().close();
  });
});
