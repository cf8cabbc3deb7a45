// End to end in Debian's Chromium, directive 6.1.4 from the generation of a report to its acknowledgment: an
// analyst of Red, Voz, Datos e Imagen generates last month's State Police heat map and prepares an oficio to the
// municipality of Oaxaca de Juárez, whose agreement covers it; the same product for a civil organisation without an
// agreement is refused with the reason (and audited); the area's director validates from her queue; the director
// general approves and issues it; the municipality's account sees only the portal, downloads the oficio (its PDF
// opens and carries the folio) and acknowledges; the register shows it acknowledged with its trail.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { reportCatalog } from '../../src/reports/catalog.ts';
import { addContact, attachAgreementDocument, createAgency, createAgreement, createExternalAccount } from '../../src/distribution/agencies.ts';
import { updateSettings } from '../../src/distribution/settings.ts';
import { LocalTime } from '../../src/util/local-time.ts';

const POLICE = reportCatalog().reportTypes.find((t) => t.code === 'mapa-calor-policia')!;
const SIGNED = new TextEncoder().encode('%PDF-1.4\n% convenio firmado\n%%EOF\n');
const MUNI = 'Municipio de Oaxaca de Juárez';
const NGO = 'Observatorio Ciudadano de Seguridad, A. C.';

describe('distribution end to end', () => {
  let server: TestServer;
  let browser: Browser;
  const passwords: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  let folio = '';
  let subject = '';

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer({ seedDemo: true });
    const db = server.database.db;
    passwords['analista.rvdi'] = await server.createUser('analista.rvdi', 'RVDI', ['analyst'], 'Analista de RVDI');
    passwords['directora.rvdi'] = await server.createUser('directora.rvdi', 'RVDI', ['area_director'], 'Directora de RVDI');
    passwords['director.general'] = await server.createUser('director.general', 'DG', ['director_general'], 'Directora General');
    const actor = { id: null, username: 'preparacion-de-prueba' };
    const today = new LocalTime(server.config.timeZone).dayAndHour(new Date()).date;
    const year = Number(today.slice(0, 4));
    const muni = await createAgency(db, actor, { name: MUNI, shortName: 'Oaxaca de Juárez', kind: 'municipal', municipalityCode: '20067' });
    await addContact(db, actor, muni.id, { name: 'Cmdte. Ricardo Luna Pacheco', position: 'Director de Seguridad Pública Municipal', isAddressee: true });
    const agreement = await createAgreement(db, actor, {
      number: `SSPO/C4/CONV/003/${year}`,
      title: 'Intercambio de información de incidencia delictiva',
      signedOn: `${year}-01-10`,
      validFrom: `${year}-01-10`,
      validUntil: `${year + 1}-12-31`,
      reportTypes: ['mapa-calor-policia', 'incidencia-conurbados'],
      classifications: ['restricted'],
      agencyIds: [muni.id],
    });
    await attachAgreementDocument(db, actor, agreement.id, { fileName: 'convenio.pdf', content: SIGNED });
    await createAgency(db, actor, { name: NGO, shortName: 'Observatorio', kind: 'civil' });
    passwords['enlace.oaxaca'] = 'clave-del-enlace-municipal';
    await createExternalAccount(db, actor, muni.id, { username: 'enlace.oaxaca', displayName: 'Enlace municipal', password: passwords['enlace.oaxaca'] });
    await updateSettings(db, actor, server.config.stateCode, {
      signatories: { DG: { name: 'Mtra. Laura Méndez Ruiz', position: 'Directora General del C4' } },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function login(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, server.url, username, passwords[username]!);
    return page;
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Navegación principal' });

  async function step(page: Page, action: string, fill?: (form: ReturnType<Page['getByTestId']>) => Promise<void>) {
    const actions = page.getByTestId('dispatch-actions');
    await actions.getByRole('button', { name: action, exact: true }).click();
    const form = page.getByTestId('action-form');
    if (fill) await fill(form);
    await form.getByRole('button', { name: `Confirmar: ${action}` }).click();
    await page.getByText(`Paso registrado: ${action}.`).waitFor();
  }

  function pdfText(bytes: Buffer): string {
    return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' });
  }

  it('the analyst generates the monthly report and prepares an oficio to the municipality with a current agreement', async () => {
    const page = await login('analista.rvdi');
    await nav(page).getByRole('link', { name: 'Catálogo y generación' }).click();
    await page.getByRole('button', { name: `Generar: ${POLICE.name}` }).click();
    await page.getByTestId('generate-panel').getByRole('button', { name: 'Generar reporte' }).click();
    await page.getByTestId('generation-progress').getByText('El reporte está listo.').waitFor({ timeout: 90_000 });

    await nav(page).getByRole('link', { name: 'Envíos' }).click();
    await page.getByRole('button', { name: 'Preparar envío' }).click();
    const form = page.getByTestId('new-dispatch');
    const product = form.getByLabel('Producto (versión)');
    await expect.poll(() => product.locator('option').count()).toBeGreaterThan(1);
    const option = (await product.locator('option').allTextContents()).find((o) => o.startsWith(POLICE.name))!;
    await product.selectOption({ label: option });
    await form.getByLabel('Dependencia destinataria').selectOption({ label: MUNI });
    await expect.poll(() => form.getByTestId('coverage').textContent()).toMatch(/^Cubierto por el convenio SSPO\/C4\/CONV\/003\/\d{4}\.$/);
    await form.getByLabel('Oficio', { exact: true }).check();
    await page.screenshot({ path: `${SHOTS}/distribution-01-prepare.png`, fullPage: true });
    await form.getByRole('button', { name: 'Crear borrador' }).click();
    await page.getByRole('heading', { name: /^Envío \d+$/ }).waitFor();
    subject = (await page.getByTestId('dispatch-subject').textContent())!;
    expect(subject).toContain('Mapas de calor');
    await step(page, 'Enviar a validación');
    await expect.poll(() => page.getByTestId('dispatch-status').textContent()).toBe('En validación del área');
  });

  it('refuses the same report to an agency without an agreement, with the reason, and keeps the attempt in the audit log', async () => {
    const page = await login('analista.rvdi');
    await nav(page).getByRole('link', { name: 'Envíos' }).click();
    await page.getByRole('button', { name: 'Preparar envío' }).click();
    const form = page.getByTestId('new-dispatch');
    const product = form.getByLabel('Producto (versión)');
    await expect.poll(() => product.locator('option').count()).toBeGreaterThan(1);
    const option = (await product.locator('option').allTextContents()).find((o) => o.startsWith(POLICE.name))!;
    await product.selectOption({ label: option });
    await form.getByLabel('Dependencia destinataria').selectOption({ label: NGO });
    const reason = `${NGO} no puede recibir «${POLICE.name}»: no tiene convenio de colaboración con el centro`;
    await expect.poll(() => form.getByTestId('coverage').textContent()).toContain(reason);
    await form.getByRole('button', { name: 'Crear borrador' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain(reason);
    await page.screenshot({ path: `${SHOTS}/distribution-02-refused.png`, fullPage: true });
    const refused = await server.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'distribution.dispatch.refused').execute();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: 'analista.rvdi', details: { code: 'sin_convenio', agency: NGO, reportType: 'mapa-calor-policia' } });
    const dispatches = await server.database.db.selectFrom('dispatches').select('agency_id').execute();
    expect(dispatches).toHaveLength(1);
  });

  it("the area's director validates it from her queue", async () => {
    const page = await login('directora.rvdi');
    await nav(page).getByRole('link', { name: 'Mis pendientes' }).click();
    await page.getByTestId('queue').getByRole('link', { name: `Validar el envío: ${subject}` }).click();
    await step(page, 'Validar', (form) => form.getByLabel('Comentario de la validación (opcional)').fill('Revisado: mapa agregado por hexágono, sin ubicaciones.'));
    await expect.poll(() => page.getByTestId('dispatch-status').textContent()).toBe('En aprobación de la Dirección General');
  });

  it('the director general approves it, issues the oficio with its folio, and the PDF carries it', async () => {
    const page = await login('director.general');
    await nav(page).getByRole('link', { name: 'Mis pendientes' }).click();
    await page.getByTestId('queue').getByRole('link', { name: `Aprobar el envío: ${subject}` }).click();
    await step(page, 'Aprobar', (form) => form.getByLabel('Comentario de la aprobación (opcional)').fill('Se autoriza el envío.'));
    await step(page, 'Emitir y enviar');
    await page.getByTestId('dispatch-folio').waitFor();
    folio = (await page.getByTestId('dispatch-folio').textContent())!;
    expect(folio).toMatch(new RegExp(`^SSPO/C4/DG/0001/${new Date().getFullYear()}$`));
    await expect.poll(() => page.getByTestId('dispatch-status').textContent()).toBe('Enviado, sin acuse');
    const trail = (await page.getByTestId('dispatch-trail').textContent())!;
    for (const stepName of ['Preparación', 'Envío a validación', 'Validación del área', 'Aprobación de la Dirección General', 'Emisión y envío']) expect(trail).toContain(stepName);
    expect(trail).toContain('Revisado: mapa agregado por hexágono, sin ubicaciones.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dispatch-documents').getByRole('link').first().click()]);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(bytes);
    expect(text).toContain(`OFICIO No. ${folio}`);
    expect(text).toContain('CMDTE. RICARDO LUNA PACHECO');
    expect(text).toContain('Mtra. Laura Méndez Ruiz');
    await page.screenshot({ path: `${SHOTS}/distribution-03-issued.png`, fullPage: true });
  });

  it('the municipal account sees only the portal, downloads the oficio and acknowledges receipt', async () => {
    const page = await login('enlace.oaxaca');
    const navigation = nav(page);
    const links = await navigation.getByRole('link').allTextContents();
    expect(links).toEqual(['Recibidos', 'Solicitudes']);
    await page.getByTestId('portal-agency').getByText(MUNI).waitFor();
    const item = page.locator('[data-testid^="portal-item-"]');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain(folio);
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('link', { name: /^oficio_/ }).click()]);
    const text = pdfText(readFileSync(await download.path()));
    expect(text).toContain(`OFICIO No. ${folio}`);
    await item.getByRole('button', { name: 'Acusar de recibido' }).click();
    await expect.poll(() => item.getByTestId('acknowledged').textContent()).toMatch(/^Acusado de recibido el .+ por Enlace municipal\.$/);
    await page.screenshot({ path: `${SHOTS}/distribution-04-portal.png`, fullPage: true });
    // The center's pages are not there for this account.
    await page.goto(`${server.url}/envios`);
    await page.getByText('La página que busca no existe.').waitFor();
    const audit = await server.database.db.selectFrom('audit_log').select(['action', 'actor']).where('action', 'in', ['distribution.portal.download', 'distribution.dispatch.acknowledge']).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'distribution.portal.download', actor: 'enlace.oaxaca' },
      { action: 'distribution.dispatch.acknowledge', actor: 'enlace.oaxaca' },
    ]);
  });

  it('the register shows who received what, when, by which channel, acknowledged, with its trail', async () => {
    const page = await login('director.general');
    await nav(page).getByRole('link', { name: 'Registro de distribución' }).click();
    const register = page.getByTestId('register');
    await register.waitFor();
    const row = register.locator('tbody tr').filter({ hasText: folio });
    const text = (await row.textContent())!;
    expect(text).toContain(MUNI);
    expect(text).toContain('Oficio');
    expect(text).toContain('Acusado');
    expect(text).toContain('Enlace municipal');
    expect(text).toContain('Aprobación de la Dirección General');
    await page.screenshot({ path: `${SHOTS}/distribution-05-register.png`, fullPage: true });
  });
});
