// End to end in Debian's Chromium: an administrator creates an operator, who changes the temporary password,
// imports a call center's file through the upload page and sees the summary with its rejections, finds the
// incidents in the table and on the map; an analyst sees an incident without personal data, the director with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, startBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';


/** First and last day (YYYY-MM-DD) of the month two months before the current one, and a day inside it. */
function importedPeriod() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const month = day(first).slice(0, 7);
  return { from: day(first), to: day(last), d: (n: number) => `${month}-${String(n).padStart(2, '0')}` };
}

const period = importedPeriod();
const future = `${new Date().getUTCFullYear() + 2}-01-15T10:00:00`;
const HEADER = 'centro,folio,canal,recibido,despachado,arribo,cerrado,cnie_codigo,municipio,latitud,longitud,telefono_llamante,nombre_llamante,domicilio,notas';
const ROWS = [
  // Located by its coordinates in Oaxaca de Juárez (20067).
  `OAX,E2E-001,911,${period.d(10)}T08:15:00-06:00,${period.d(10)}T08:17:30-06:00,${period.d(10)}T08:31:00-06:00,${period.d(10)}T09:05:00-06:00,10104,,17.0606,-96.7253,951 123 4567,Ana López Ruiz,Calle Reforma 100,Persona lesionada en la vía pública`,
  // An improper call (type 7), in Oaxaca de Juárez by its code.
  `OAX,E2E-002,911,${period.d(11)}T23:50:00,,,${period.d(11)}T23:51:00,70101,20067,,,,,,`,
  // Mixteca, 089 line, Huajuapan de León.
  `MIX,E2E-003,089,${period.d(12)}T10:00:00,,,,30407,20039,,,9531112233,Juan Pérez,,extorsión telefónica`,
  // Rejected: the code is not in CNIE 3.
  `OAX,E2E-004,911,${period.d(13)}T10:00:00,,,,99999,20067,,,,,,`,
  // Rejected: received in the future.
  `OAX,E2E-005,911,${future},,,,10104,20067,,,,,,`,
];
const CSV = [HEADER, ...ROWS].join('\n') + '\n';


describe('web app end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let analystPassword: string;
  const operator = { username: 'operador.cee', password: '', newPassword: 'Una frase larga para la guardia 2026' };

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer();
    analystPassword = await server.createUser('analista.cee', 'CEE', ['analyst'], 'Laura Analista');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    (page as Page & { errors?: string[] }).errors = errors;
    return page;
  }

  async function login(page: Page, username: string, password: string) {
    await page.goto(server.url);
    await page.getByLabel('Usuario').fill(username);
    await page.getByLabel('Contraseña').fill(password);
    await page.getByRole('button', { name: 'Entrar' }).click();
  }

  async function logout(page: Page) {
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
  }

  async function filterImportedPeriod(page: Page) {
    await page.locator('#f-from').fill(period.from);
    await page.locator('#f-to').fill(period.to);
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
  }

  async function openIncident(page: Page, folio: string) {
    await page.getByRole('link', { name: 'Consulta de incidentes' }).click();
    await filterImportedPeriod(page);
    await expect.poll(() => page.getByTestId('incident-total').textContent()).toBe('3 incidentes');
    await page.getByRole('button', { name: `Ver detalle del folio ${folio}` }).click();
    await page.getByRole('heading', { name: `Incidente ${folio}` }).waitFor();
  }

  it('rejects a wrong password with the server message', async () => {
    const page = await newPage();
    await login(page, 'admin', 'no-es-la-contraseña');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/contraseña|usuario/i);
    await page.screenshot({ path: `${SHOTS}/01-login-error.png` });
    await page.context().close();
  });

  it('lets the administrator create an operator, whose temporary password must be changed', async () => {
    const page = await newPage();
    await login(page, 'admin', server.adminPassword);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Administrador');
    // The admin account runs the system: no import section for it.
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual([
      'Mis pendientes',
      'Comunicados',
      'Cuentas oficiales',
      'Consulta de incidentes',
      'Mapa por municipio',
      'Mapa de calor',
      // The first-start administrator is also Director General: the call audio archive and the cyber unit's
      // statistics (not its cases).
      'Audios de llamadas',
      // As Director General, the phone-number registry with its improper callers (read only).
      'Registro de números',
      'Mitigación de llamadas improcedentes',
      'Indicadores de llamadas improcedentes',
      'Envíos al CNI',
      'Registro de incidentes',
      'Indicadores',
      'Catálogo y generación',
      'Productos generados',
      'Programación',
      'Envíos',
      'Acuses pendientes',
      'Registro de distribución',
      'Solicitudes de información',
      'Dependencias y convenios',
      'Libro de folios',
      'Configuración',
      // The first administrator is also the general director: the registries' maps, coverage and supply statistics.
      'Mapa de PMI',
      'Arcos del REPUVE',
      'Cobertura de cámaras',
      'Suministro a bases nacionales',
      'Catálogos',
      'Usuarios',
      'Bitácora',
    ]);

    await nav.getByRole('link', { name: 'Usuarios' }).click();
    await page.getByRole('button', { name: 'Crear usuario' }).click();
    await page.getByLabel('Usuario', { exact: true }).fill(operator.username);
    await page.getByLabel('Nombre completo').fill('Mariana Operadora');
    await page.getByLabel('Área', { exact: true }).selectOption('CEE');
    await page.getByLabel('Operación (importación de datos)').check();
    await page.getByRole('button', { name: 'Crear usuario' }).click();
    operator.password = (await page.getByTestId('generated-password').textContent()) ?? '';
    expect(operator.password).toMatch(/^\S{12,}$/);
    await expect.poll(() => page.getByTestId('users-table').textContent()).toContain('Debe cambiar su contraseña');
    await page.screenshot({ path: `${SHOTS}/02-users.png`, fullPage: true });

    await nav.getByRole('link', { name: 'Catálogos' }).click();
    await expect
      .poll(() => page.getByTestId('group-avgm').textContent())
      .toContain('no tiene municipios porque todavía no se ha cargado una fuente oficial');
    await page.screenshot({ path: `${SHOTS}/03-catalogs.png`, fullPage: true });
    await logout(page);

    await login(page, operator.username, operator.password);
    await page.getByRole('heading', { name: 'Cambiar contraseña' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/04-forced-password.png` });
    await page.getByLabel('Contraseña actual').fill(operator.password);
    await page.getByLabel('Contraseña nueva', { exact: true }).fill(operator.newPassword);
    await page.getByLabel('Confirme la contraseña nueva').fill(operator.newPassword);
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Mariana Operadora');
    await page.context().close();
  });

  it('imports a file through the upload page and shows the summary with rejections by reason', async () => {
    const page = await newPage();
    await login(page, operator.username, operator.newPassword);
    await page.getByRole('link', { name: 'Importar' }).click();
    await page.getByLabel('Formato del archivo (perfil)').selectOption('atalaya');
    await expect.poll(() => page.locator('#imp-profile-desc').textContent()).toContain('nombres de columna de Atalaya');
    await page.getByLabel('Archivo (CSV, JSON o NDJSON)').setInputFiles({
      name: 'calle-oaxaca.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await page.getByRole('button', { name: 'Importar archivo' }).click();

    const summary = page.getByTestId('import-summary');
    await summary.getByText('Terminada').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('count-read').textContent()).toBe('5');
    expect(await page.getByTestId('count-inserted').textContent()).toBe('3');
    expect(await page.getByTestId('count-updated').textContent()).toBe('0');
    expect(await page.getByTestId('count-unchanged').textContent()).toBe('0');
    expect(await page.getByTestId('count-rejected').textContent()).toBe('2');
    const reasons = await page.getByTestId('reject-reasons').locator('tbody tr').allTextContents();
    expect(reasons.sort()).toEqual(['Código CNIE desconocido1', 'Fecha en el futuro1']);

    const href = await page.getByRole('link', { name: 'Descargar filas rechazadas (CSV)' }).getAttribute('href');
    const rejects = await page.request.get(`${server.url}${href}`);
    expect(rejects.status()).toBe(200);
    const rejectsText = await rejects.text();
    expect(rejectsText).toContain('E2E-004');
    expect(rejectsText).toContain('codigo_cnie_desconocido');
    await expect.poll(() => page.getByTestId('recent-imports').textContent()).toContain('calle-oaxaca.csv');
    await page.screenshot({ path: `${SHOTS}/05-import-summary.png`, fullPage: true });

    // The incidents of the imported period, newest first.
    await page.getByRole('link', { name: 'Consulta de incidentes' }).click();
    await filterImportedPeriod(page);
    await expect.poll(() => page.getByTestId('incident-total').textContent()).toBe('3 incidentes');
    const rows = page.getByTestId('incident-table').locator('tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(['E2E-003', 'E2E-002', 'E2E-001']);
    const first = await rows.filter({ hasText: 'E2E-001' }).textContent();
    expect(first).toContain(`10/${period.d(10).slice(5, 7)}/${period.d(10).slice(0, 4)}, 08:15`);
    expect(first).toContain('Oaxaca de Juárez');
    expect(first).toContain('Procedente');
    const improper = await rows.filter({ hasText: 'E2E-002' }).textContent();
    expect(improper).toContain('Improcedente');
    const mixteca = await rows.filter({ hasText: 'E2E-003' }).textContent();
    expect(mixteca).toContain('089 Denuncia anónima');
    expect(mixteca).toContain('Huajuapan');

    // Filters narrow the table: only improper calls.
    await page.getByLabel('Procedencia').selectOption('true');
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
    await expect.poll(() => page.getByTestId('incident-total').textContent()).toBe('1 incidente');
    await page.getByLabel('Procedencia').selectOption('');
    // Searchable selects, by keyboard: a municipality typed without accents, then a CNIE code.
    await page.getByRole('combobox', { name: 'Municipio' }).fill('oaxaca de juarez');
    await page.getByRole('combobox', { name: 'Municipio' }).press('Enter');
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
    await expect.poll(() => page.getByTestId('incident-total').textContent()).toBe('2 incidentes');
    await page.getByRole('combobox', { name: 'Código CNIE' }).fill('10104');
    await page.getByRole('combobox', { name: 'Código CNIE' }).press('Enter');
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
    await expect.poll(() => page.getByTestId('incident-total').textContent()).toBe('1 incidente');
    await page.getByRole('button', { name: 'Quitar selección: Municipio' }).click();
    await page.getByRole('button', { name: 'Quitar selección: Código CNIE' }).click();
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
    await expect.poll(() => page.getByTestId('incident-total').textContent()).toBe('3 incidentes');
    await page.screenshot({ path: `${SHOTS}/06-incidents.png`, fullPage: true });

    // The map, with the same filters: Oaxaca de Juárez is coloured and its popup shows the count.
    await page.getByRole('link', { name: 'Mapa por municipio' }).click();
    const mapRows = () =>
      page
        .getByTestId('map-table')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent?.trim(), tr.querySelector('td')?.textContent]));
    await expect.poll(mapRows).toEqual([
      ['Oaxaca de Juárez', '2'],
      ['Heroica Ciudad de Huajuapan de León', '1'],
    ]);
    await page.waitForFunction(
      () => {
        const map = (window as unknown as { atalayaMap?: { loaded(): boolean; getLayer(id: string): unknown; isSourceLoaded(id: string): boolean } }).atalayaMap;
        return !!map && !!map.getLayer('municipios-relleno') && map.isSourceLoaded('municipios') && map.loaded();
      },
      undefined,
      { timeout: 30_000 },
    );
    const fill = await page.evaluate(() => {
      const map = (window as unknown as { atalayaMap: { getPaintProperty(l: string, p: string): unknown } }).atalayaMap;
      return JSON.stringify(map.getPaintProperty('municipios-relleno', 'fill-color'));
    });
    expect(fill).toContain('"20067"');
    expect(fill).toContain('"20039"');
    const point = await page.evaluate(() => {
      const map = (window as unknown as { atalayaMap: { project(p: [number, number]): { x: number; y: number } } }).atalayaMap;
      return map.project([-96.7253, 17.0606]);
    });
    await page.getByTestId('map').click({ position: { x: point.x, y: point.y } });
    const popup = page.locator('.maplibregl-popup');
    await popup.first().waitFor();
    const popupText = await popup.first().textContent();
    expect(popupText).toContain('Oaxaca de Juárez');
    expect(popupText).toMatch(/Incidentes\s*2/);
    expect(await page.getByTestId('map-legend').textContent()).toContain('Sin incidentes');
    await page.screenshot({ path: `${SHOTS}/07-map-count.png`, fullPage: true });
    await page.getByRole('radio', { name: 'Tasa por 100 000 habitantes' }).check({ force: true });
    await expect.poll(() => page.getByTestId('map-legend').textContent()).toContain('Tasa por 100 000 habitantes');
    await page.screenshot({ path: `${SHOTS}/08-map-rate.png`, fullPage: true });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('shows an analyst an incident without personal data', async () => {
    const page = await newPage();
    await login(page, 'analista.cee', analystPassword);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Laura Analista');
    await expect.poll(() => page.getByRole('navigation').getByRole('link').allTextContents()).not.toContain('Importar');
    await openIncident(page, 'E2E-001');
    const detail = page.getByTestId('incident-detail');
    await detail.getByTestId('personal-withheld').waitFor();
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('no se muestran: su perfil no tiene permiso');
    expect(text).not.toContain('Ana López');
    expect(text).not.toContain('Reforma');
    expect(text).toContain('2 min 30 s'); // reception to dispatch
    expect(text).toContain('16 min 00 s'); // reception to arrival
    expect(text).toContain('13 min 30 s'); // dispatch to arrival
    await page.screenshot({ path: `${SHOTS}/09-detail-analyst.png`, fullPage: true });
    await page.context().close();
  });

  it('shows the director general the personal data of the same incident', async () => {
    const page = await newPage();
    await login(page, 'admin', server.adminPassword);
    await openIncident(page, 'E2E-001');
    const personal = page.getByTestId('personal-data');
    await personal.waitFor();
    const text = (await personal.textContent()) ?? '';
    expect(text).toContain('Ana López Ruiz');
    expect(text).toContain('Calle Reforma 100');
    expect(text).toContain('Persona lesionada');
    await page.screenshot({ path: `${SHOTS}/10-detail-director.png`, fullPage: true });
    await page.context().close();
  });
});
