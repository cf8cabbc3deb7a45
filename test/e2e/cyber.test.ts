// End to end in Debian's Chromium: an analyst of the cyber police unit files an incident through the form (a
// missing referral reference is explained under its field first), finds it in the registry and counted in the
// month's indicators; an analyst of another area sees no cyber section and is refused the page and the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('cyber incident intake end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer();
    passwords['analista.ciber'] = await server.createUser('analista.ciber', 'CIBER', ['analyst'], 'Analista Cibernética');
    passwords['analista.rvdi'] = await server.createUser('analista.rvdi', 'RVDI', ['analyst'], 'Analista de Sistemas');
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function login(username: string) {
    await logIn(page, server.url, username, passwords[username]!);
  }

  it('files an incident through the form and finds it in the list and in the month indicators', async () => {
    await login('analista.ciber');
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    await nav.getByRole('link', { name: 'Registro de incidentes' }).click();
    await page.getByRole('heading', { name: 'Registro de incidentes cibernéticos' }).waitFor();
    await expect.poll(() => page.getByTestId('cyber-total').textContent()).toBe('0 incidentes');

    await page.getByRole('button', { name: 'Registrar incidente' }).click();
    const form = page.getByTestId('cyber-form');
    await form.getByLabel('Medio de entrada').selectOption({ label: 'Redes sociales de la unidad' });
    await form.getByLabel('Tipo de incidente').selectOption({ label: 'Violencia digital contra las mujeres' });
    await form.getByLabel('Plataforma').selectOption({ label: 'Instagram' });
    await form.getByLabel('Sexo de la víctima').selectOption({ label: 'Mujer' });
    await form.getByLabel('Edad o grupo de edad de la víctima').fill('23');
    await form.getByLabel('Municipio de la víctima').selectOption({ label: 'Oaxaca de Juárez' });
    await form.getByRole('checkbox', { name: 'Canalizado a la Fiscalía' }).check();
    await form.getByRole('button', { name: 'Guardar incidente' }).click();
    // The server explains the missing reference under its field; nothing is saved.
    await form.locator('#cy-ref-error').getByText('necesita su referencia').waitFor();
    await expect(form.getByLabel('Referencia de la canalización (oficio o carpeta)').getAttribute('aria-describedby')).resolves.toBe('cy-ref-error');
    await form.getByLabel('Referencia de la canalización (oficio o carpeta)').fill('FGEO/UECD/0042/2026');
    await form.getByLabel('Fecha de la canalización').fill(await form.getByLabel('Fecha de registro').inputValue());
    await page.screenshot({ path: `${SHOTS}/cyber-01-form.png`, fullPage: true });
    await form.getByRole('button', { name: 'Guardar incidente' }).click();

    const year = new Date().getFullYear();
    await page.getByText(`Se registró el incidente PC-${year}-00001.`).waitFor();
    await expect.poll(() => page.getByTestId('cyber-total').textContent()).toBe('1 incidente');
    const row = page.getByTestId('cyber-incidents').locator('tbody tr').first();
    const text = await row.textContent();
    expect(text).toContain(`PC-${year}-00001`);
    expect(text).toContain('Violencia digital contra las mujeres');
    expect(text).toContain('Instagram');
    expect(text).toContain('Oaxaca de Juárez');
    expect(text).toContain('Sí · FGEO/UECD/0042/2026');
    await page.screenshot({ path: `${SHOTS}/cyber-02-list.png`, fullPage: true });

    await nav.getByRole('link', { name: 'Indicadores' }).click();
    await page.getByRole('heading', { name: 'Indicadores de incidentes cibernéticos' }).waitFor();
    await expect.poll(() => page.getByTestId('sum-incidents').textContent()).toBe('1');
    expect(await page.getByTestId('sum-women').textContent()).toBe('1');
    expect(await page.getByTestId('sum-referred').textContent()).toBe('1');
    expect(await page.getByTestId('indicator-violencia_genero_digital-total').textContent()).toBe('1');
    expect(await page.getByTestId('indicator-delitos_monetizables-total').textContent()).toBe('0');
    expect(await page.getByTestId('by-type').textContent()).toContain('Violencia digital contra las mujeres');
    await page.screenshot({ path: `${SHOTS}/cyber-03-indicators.png`, fullPage: true });
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByLabel('Usuario').waitFor();
  });

  it('refuses the cyber section to a user of another area', async () => {
    await login('analista.rvdi');
    const links = await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link').allTextContents();
    expect(links).toContain('Consulta de incidentes');
    for (const label of ['Registro de incidentes', 'Indicadores', 'Alertas internacionales', 'Importar CSV']) expect(links).not.toContain(label);
    await page.goto(`${server.url}/ciber/incidentes`);
    await page.getByText('Su perfil no tiene permiso para ver esta sección.').waitFor();
    const api = await page.evaluate(async () => {
      const res = await fetch('/api/cyber/incidents');
      return { status: res.status, body: await res.json() };
    });
    expect(api.status).toBe(403);
    expect(api.body.code).toBe('sin_permiso');
    await page.screenshot({ path: `${SHOTS}/cyber-04-refused.png`, fullPage: true });
  });
});
