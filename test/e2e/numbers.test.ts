// End to end in Debian's Chromium: an analyst of the emergency center builds the phone-number registry from the
// imported incidents, reports a number by hand (a bad number is explained under its field first), starts the
// verification of a number with its reason, records the first warning of the mitigation case that the threshold
// opened and finds it in the indicators; an analyst of another area sees no registry and is refused page and API.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { loadDemoCenters } from '../../src/incidents/demo.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';

const TZ = 'America/Mexico_City';
const day = (n: number) => {
  const d = new Date(Date.now() + n * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
};

describe('phone-number registry end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer();
    await loadDemoCenters(server.database.db, server.config.stateCode);
    const csv = [
      'centro,folio,canal,recibido,cnie_codigo,municipio,modalidad_extorsion,telefono_reportado,improcedente,telefono_llamante',
      `OAX,E1,089,${day(-4)}T10:00:00,30407,20067,secuestro_virtual,5511111111,no,`,
      `OAX,E2,911,${day(-3)}T10:00:00,30407,20067,premio,+52 55 2222 2222,no,9511000001`,
      `OAX,I1,911,${day(-9)}T09:00:00,70101,20067,,,si,9519990001`,
      `OAX,I2,911,${day(-5)}T09:00:00,70104,20067,,,si,9519990001`,
      `OAX,I3,911,${day(-1)}T09:00:00,70101,20067,,,si,9519990001`,
    ].join('\n');
    const r = await importIncidents(server.database.db, {
      input: Readable.from([Buffer.from(csv)]), fileName: 'numeros.csv', format: 'csv', profile: findProfile('atalaya', server.dataDir),
      stateCode: server.config.stateCode, timeZone: TZ, actor: 'test',
    });
    expect(r.inserted).toBe(5);
    passwords['analista.cee'] = await server.createUser('analista.cee', 'CEE', ['analyst'], 'Analista del CEE');
    passwords['analista.rvdi'] = await server.createUser('analista.rvdi', 'RVDI', ['analyst'], 'Analista de Sistemas');
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: TZ });
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

  it('builds the registry, takes a manual report, starts a verification and records a warning', async () => {
    await login('analista.cee');
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    await nav.getByRole('link', { name: 'Registro de números' }).click();
    await page.getByRole('heading', { name: 'Registro de números telefónicos' }).waitFor();
    await expect.poll(() => page.getByTestId('numbers-total').textContent()).toBe('0 números');
    await page.getByRole('button', { name: 'Actualizar desde los incidentes' }).click();
    await page.getByText('Registro actualizado: 3 números nuevos, 1 casos de mitigación abiertos.').waitFor();
    await expect.poll(() => page.getByTestId('numbers-total').textContent()).toBe('3 números');

    await page.getByRole('button', { name: 'Reportar un número' }).click();
    const form = page.getByTestId('number-report-form');
    await form.getByLabel('Número telefónico (10 dígitos; se aceptan +52, 044, 045 y 01)').fill('55 123');
    await form.getByLabel('Modalidad de extorsión').selectOption({ label: 'Cobranza ilegal' });
    await form.getByRole('button', { name: 'Registrar reporte' }).click();
    await form.locator('#nu-phone-error').getByText('tiene 5 dígitos; un número mexicano tiene 10').waitFor();
    await form.getByLabel('Número telefónico (10 dígitos; se aceptan +52, 044, 045 y 01)').fill('044 55 4444 4444');
    await page.screenshot({ path: `${SHOTS}/numbers-01-report.png`, fullPage: true });
    await form.getByRole('button', { name: 'Registrar reporte' }).click();
    await page.getByText('Se registró el número 5544444444.').waitFor();
    await expect.poll(() => page.getByTestId('numbers-total').textContent()).toBe('4 números');

    await page.getByTestId('numbers-list').getByRole('button', { name: '551 111 1111' }).click();
    const detail = page.getByTestId('number-detail');
    await expect.poll(() => detail.getByTestId('number-status').textContent()).toBe('Reportado');
    expect(await detail.getByTestId('number-sightings').textContent()).toContain('Secuestro virtual');
    // The analyst starts the verification; confirming is for the CEE director.
    expect(await detail.getByRole('button', { name: 'Pasar a «Confirmado»' }).count()).toBe(0);
    await detail.getByRole('button', { name: 'Pasar a «En verificación»' }).click();
    await detail.getByLabel('Motivo del cambio de estatus').fill('Se consulta la titularidad con el concesionario.');
    await detail.locator('form').getByRole('button', { name: 'Pasar a «En verificación»' }).click();
    await page.getByText('El número quedó «En verificación».').waitFor();
    await expect.poll(() => detail.getByTestId('number-status').textContent()).toBe('En verificación');
    expect(await detail.getByTestId('number-history').textContent()).toContain('Se consulta la titularidad con el concesionario.');
    await page.screenshot({ path: `${SHOTS}/numbers-02-detail.png`, fullPage: true });

    await nav.getByRole('link', { name: 'Mitigación de llamadas improcedentes' }).click();
    await page.getByRole('heading', { name: 'Mitigación de llamadas improcedentes' }).waitFor();
    const card = page.getByTestId('mitigation-case');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByRole('heading').textContent()).toContain('951 999 0001');
    expect(await card.getByTestId('case-stage').textContent()).toBe('Abierto');
    await card.getByLabel('Nota').fill('Se llamó al número para advertir el uso indebido.');
    await card.getByRole('button', { name: 'Registrar acción' }).click();
    await page.getByText('Se registró la acción.').waitFor();
    await expect.poll(() => card.getByTestId('case-stage').textContent()).toBe('Primer aviso');
    expect(await card.locator('table').textContent()).toContain('Se llamó al número para advertir el uso indebido.');
    // The form starts again from the next step.
    await expect.poll(() => card.getByLabel('Acción', { exact: true }).inputValue()).toBe('segundo_aviso');
    expect(await card.getByLabel('Nota').inputValue()).toBe('');
    await card.getByRole('button', { name: 'Registrar acción' }).click();
    await expect.poll(() => card.getByTestId('case-stage').textContent()).toBe('Segundo aviso');
    await page.screenshot({ path: `${SHOTS}/numbers-03-case.png`, fullPage: true });

    await nav.getByRole('link', { name: 'Indicadores de llamadas improcedentes' }).click();
    await page.getByRole('heading', { name: 'Indicadores de llamadas improcedentes por centro' }).waitFor();
    await expect.poll(async () => (await page.getByTestId('numbers-outcomes').textContent()) ?? '').toContain('Segundo aviso');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByLabel('Usuario').waitFor();
  });

  it('refuses the registry to a user of another area', async () => {
    await login('analista.rvdi');
    const links = await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link').allTextContents();
    expect(links).toContain('Consulta de incidentes');
    for (const label of ['Registro de números', 'Mitigación de llamadas improcedentes', 'Envíos al CNI']) expect(links).not.toContain(label);
    await page.goto(`${server.url}/numeros`);
    await page.getByText('Su perfil no tiene permiso para ver esta sección.').waitFor();
    const api = await page.evaluate(async () => {
      const res = await fetch('/api/numbers');
      return { status: res.status, body: await res.json() };
    });
    expect(api.status).toBe(403);
    expect(api.body.code).toBe('sin_permiso');
  });
});
