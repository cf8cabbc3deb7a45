// End to end in Debian's Chromium, the institutional e-mail channel against a real local SMTP server: an analyst of
// the CEE prepares the FESE for the national information center by e-mail, choosing its addressees from the agency's
// contacts that have an address; the area's director validates and the director general approves; the first send
// finds the mail server down and the page shows the error with the dispatch still approved and without folio; once
// the server is back the retry sends it, the page shows the folio and the Message-ID, and the message arrives with
// the folio in its subject and the oficio as its first attachment.
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { CLI_ACTOR } from '../../src/access/users.ts';
import { addContact, attachAgreementDocument, createAgency, createAgreement } from '../../src/distribution/agencies.ts';
import { updateSettings } from '../../src/distribution/settings.ts';
import { defaultEndMonth } from '../../src/incidents/demo.ts';
import { generateProduct } from '../../src/reports/index.ts';
import { LocalTime } from '../../src/util/local-time.ts';

const CNI = 'Centro Nacional de Información del SESNSP';
const SIGNED = new TextEncoder().encode('%PDF-1.4\n% convenio firmado\n%%EOF\n');

/** A local SMTP server that can be stopped and started again on the same port. */
function smtpServer() {
  const received: ParsedMail[] = [];
  let server: SMTPServer | null = null;
  const start = async (port = 0) => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, cb) => void simpleParser(stream).then((m) => (received.push(m), cb()), cb),
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    return (server.server.address() as { port: number }).port;
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  return { received, start, stop };
}

describe('e-mail dispatch end to end', () => {
  let server: TestServer;
  let browser: Browser;
  const smtp = smtpServer();
  let smtpPort = 0;
  const passwords: Record<string, string> = {};
  let dispatchUrl = '';

  beforeAll(async () => {
    browser = await startBrowser();
    smtpPort = await smtp.start();
    server = await startTestServer({
      seedDemo: true,
      env: { ATALAYA_SMTP_HOST: '127.0.0.1', ATALAYA_SMTP_PORT: String(smtpPort), ATALAYA_SMTP_SECURITY: 'none', ATALAYA_SMTP_FROM: 'c4@ssp.oaxaca.example', ATALAYA_MAIL_MAX_MB: '5' },
    });
    const db = server.database.db;
    passwords['analista.cee'] = await server.createUser('analista.cee', 'CEE', ['analyst'], 'Analista del CEE');
    passwords['director.cee'] = await server.createUser('director.cee', 'CEE', ['area_director'], 'Director del CEE');
    passwords['director.general'] = await server.createUser('director.general', 'DG', ['director_general'], 'Directora General');
    const today = new LocalTime(server.config.timeZone).dayAndHour(new Date()).date;
    const year = Number(today.slice(0, 4));
    const cni = await createAgency(db, CLI_ACTOR, { name: CNI, shortName: 'CNI', kind: 'federal' });
    await addContact(db, CLI_ACTOR, cni.id, { name: 'Lic. Andrés Villalobos Soto', position: 'Titular del Centro Nacional de Información', email: 'titular.cni@sesnsp.example', isAddressee: true });
    await addContact(db, CLI_ACTOR, cni.id, { name: 'Ing. Beatriz Campos Núñez', position: 'Subdirectora de Estadística', email: 'estadistica.cni@sesnsp.example' });
    await addContact(db, CLI_ACTOR, cni.id, { name: 'C. Mario Gil Ortiz', position: 'Oficialía de partes' });
    const agreement = await createAgreement(db, CLI_ACTOR, {
      number: `SSPO/C4/CONV/001/${year}`,
      title: 'Remisión de la estadística de emergencias 9-1-1',
      signedOn: `${year}-01-10`,
      validFrom: `${year}-01-10`,
      validUntil: `${year + 1}-12-31`,
      reportTypes: ['fese'],
      classifications: ['restricted'],
      agencyIds: [cni.id],
    });
    await attachAgreementDocument(db, CLI_ACTOR, agreement.id, { fileName: 'convenio.pdf', content: SIGNED });
    await updateSettings(db, CLI_ACTOR, server.config.stateCode, { signatories: { DG: { name: 'Mtra. Laura Méndez Ruiz', position: 'Directora General del C4' } } });
    await generateProduct(db, server.config, { type: 'fese', period: defaultEndMonth(new Date(), server.config.timeZone), userId: null, actor: CLI_ACTOR });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  async function login(username: string, path = '/'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, server.url, username, passwords[username]!);
    if (path !== '/') await page.goto(`${server.url}${path}`);
    return page;
  }

  async function step(page: Page, action: string, expectDone = true) {
    await page.getByTestId('dispatch-actions').getByRole('button', { name: action, exact: true }).click();
    await page.getByTestId('action-form').getByRole('button', { name: `Confirmar: ${action}` }).click();
    if (expectDone) await page.getByText(`Paso registrado: ${action}.`).waitFor();
  }

  it('the analyst prepares the e-mail choosing addressees among the contacts with an address', async () => {
    const page = await login('analista.cee', '/envios?nuevo=1');
    const form = page.getByTestId('new-dispatch');
    const product = form.getByLabel('Producto (versión)');
    await expect.poll(() => product.locator('option').count()).toBeGreaterThan(1);
    await product.selectOption({ index: 1 });
    await form.getByLabel('Dependencia destinataria').selectOption({ label: CNI });
    await form.getByLabel('Correo institucional').check();
    const recipients = form.getByTestId('email-recipients');
    await expect.poll(() => recipients.getByRole('checkbox').count()).toBe(2);
    expect(await recipients.textContent()).not.toContain('Mario Gil');
    expect(await recipients.textContent()).toContain('Se envía desde c4@ssp.oaxaca.example');
    await expect.poll(() => form.getByRole('button', { name: 'Crear borrador' }).isDisabled()).toBe(true);
    await recipients.getByLabel(/Beatriz Campos Núñez/).check();
    await page.screenshot({ path: `${SHOTS}/email-01-prepare.png`, fullPage: true });
    await form.getByRole('button', { name: 'Crear borrador' }).click();
    await page.getByRole('heading', { name: /^Envío \d+$/ }).waitFor();
    dispatchUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    expect(await page.locator('.facts').textContent()).toContain('Ing. Beatriz Campos Núñez <estadistica.cni@sesnsp.example>');
    await step(page, 'Enviar a validación');
  });

  it('after validation and approval, a send with the server down shows the error and issues nothing', async () => {
    const director = await login('director.cee', dispatchUrl);
    await step(director, 'Validar');
    const dg = await login('director.general', dispatchUrl);
    await step(dg, 'Aprobar');
    await smtp.stop();
    await step(dg, 'Emitir y enviar', false);
    await expect.poll(() => dg.getByRole('alert').first().textContent()).toMatch(/El servidor de correo no aceptó el envío: .*ECONNREFUSED/);
    await dg.reload();
    await expect.poll(() => dg.getByTestId('send-error').textContent()).toMatch(/falló .*ECONNREFUSED.*puede reintentarlo/);
    expect(await dg.getByTestId('dispatch-status').textContent()).toBe('Aprobado, por enviar');
    expect(await dg.getByTestId('dispatch-folio').count()).toBe(0);
    expect(await dg.getByTestId('dispatch-trail').textContent()).toMatch(/Envío por correo fallido.*ECONNREFUSED/);
    await dg.screenshot({ path: `${SHOTS}/email-02-failed.png`, fullPage: true });
  });

  it('the retry, with the server back, sends it; the page shows the folio and the Message-ID and the message arrives', async () => {
    await smtp.start(smtpPort);
    const dg = await login('director.general', dispatchUrl);
    await step(dg, 'Emitir y enviar');
    await dg.getByTestId('dispatch-folio').waitFor();
    const folio = (await dg.getByTestId('dispatch-folio').textContent())!;
    expect(folio).toMatch(/^SSPO\/C4\/DG\/0001\/\d{4}$/);
    expect(await dg.getByTestId('dispatch-status').textContent()).toBe('Enviado, sin acuse');
    expect(await dg.getByTestId('send-error').count()).toBe(0);
    const facts = (await dg.locator('.facts').textContent())!;
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(facts).toContain(mail.messageId!);
    expect(facts).toContain('Aceptado por el servidor paraestadistica.cni@sesnsp.example');
    expect(mail.subject).toMatch(new RegExp(`^Oficio ${folio.replace(/\//g, '\\/')}: `));
    expect(mail.to).toMatchObject({ value: [{ address: 'estadistica.cni@sesnsp.example' }] });
    const first = mail.attachments[0]!;
    expect(first.filename).toBe(`oficio_${folio.replace(/\//g, '-')}.pdf`);
    expect(mail.text).toContain(`SHA-256 ${createHash('sha256').update(first.content).digest('hex')}`);
    expect(await dg.getByTestId('dispatch-documents').textContent()).toContain(`correo_${folio.replace(/\//g, '-')}.eml`);
    await dg.screenshot({ path: `${SHOTS}/email-03-sent.png`, fullPage: true });
  });
});
