// The institutional e-mail channel on every engine, against a real SMTP server (smtp-server on a random local port,
// with an account) and reading what arrived with mailparser: the subject carries the folio, the oficio PDF comes
// first and the released files after it, each with the SHA-256 the body lists, and no personal data travels. The
// channel waits for the approvals, goes only to the agency's registered contacts, refuses a message over the size
// limit (pointing to magnetic media), and when the server is down records the error, issues nothing and lets the
// send be retried.
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { addContact, setContactActive } from '../../src/distribution/agencies.ts';
import type { DistributionContext } from '../../src/distribution/context.ts';
import { act, createDispatch, downloadDocument, getDispatch, updateDispatch } from '../../src/distribution/dispatches.ts';
import { listFolios } from '../../src/distribution/folios.ts';
import { portalItems } from '../../src/distribution/portal.ts';
import { releasePreparer } from '../../src/distribution/release.ts';
import { getProduct, getProductFile } from '../../src/reports/products.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { incidentNeedles, scanFiles } from '../support/disclosure-scan.ts';
import { buildWorld, config, type World } from '../support/distribution.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const SMTP_PASSWORD = 'clave-smtp-muy-secreta-123';

/** A local SMTP server with an account; it keeps each message it accepts and refuses one mailbox. */
async function startSmtp() {
  const received: { envelope: string[]; raw: Buffer; mail: ParsedMail }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, cb) => (auth.username === 'c4' && auth.password === SMTP_PASSWORD ? cb(null, { user: 'c4' }) : cb(new Error('credenciales inválidas'))),
    onRcptTo: (address, _session, cb) => (address.address.startsWith('buzon.lleno@') ? cb(Object.assign(new Error('buzón lleno'), { responseCode: 552 })) : cb()),
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          received.push({ envelope: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          cb();
        }, cb);
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port where nothing listens: the server is down. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const mailConfig = (port: number, maxBytes = 10 * 1024 * 1024): Config['mail'] => ({
  smtp: { host: '127.0.0.1', port, security: 'none', auth: { user: 'c4', password: SMTP_PASSWORD }, from: { name: 'C4 Oaxaca', address: 'c4@ssp.oaxaca.example' } },
  maxBytes,
});

describe.each(testEngines())('e-mail dispatches on %s', (engine) => {
  let t: TestDatabase;
  let w: World;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let ctx: DistributionContext;
  const contacts = { director: 0, analyst: 0, full: 0, noEmail: 0, cni: 0 };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    w = await buildWorld(t.db);
    smtp = await startSmtp();
    ctx = { ...w.ctx, release: releasePreparer, config: { ...config, mail: mailConfig(smtp.port) } };
    const actor = { id: w.users.dg.id, username: w.users.dg.username };
    const add = async (agencyId: number, name: string, email: string | null) => (await addContact(t.db, actor, agencyId, { name, position: 'Enlace de información', email })).id;
    contacts.director = await add(w.agencies.muni, 'Mtro. Luis Ortega Ramos', 'direccion.seguridad@oaxacadejuarez.example');
    contacts.analyst = await add(w.agencies.muni, 'Ing. Rosa Díaz Vargas', 'analisis.seguridad@oaxacadejuarez.example');
    contacts.full = await add(w.agencies.muni, 'Lic. Pedro Soto Gil', 'buzon.lleno@oaxacadejuarez.example');
    contacts.noEmail = await add(w.agencies.muni, 'C. Juan Pérez Luna', null);
    contacts.cni = await add(w.agencies.cni, 'Mtra. Carmen Ibarra Ruiz', 'enlace@cni.sesnsp.example');
  }, 120_000);
  afterAll(async () => {
    await smtp?.close();
    await t?.destroy();
  });

  const draft = (emailContactIds: number[], c = ctx) =>
    createDispatch(c, w.users.analystCee, { productId: w.fese.id, agencyId: w.agencies.muni, channel: 'email', emailContactIds });

  async function approved(emailContactIds: number[]) {
    const d = await draft(emailContactIds);
    await act(ctx, w.users.analystCee, d.id, 'submit');
    await act(ctx, w.users.directorCee, d.id, 'validate', { comment: 'Cifras revisadas.' });
    return act(ctx, w.users.dg, d.id, 'approve', { comment: 'Autorizado por correo.' });
  }

  const auditOf = (id: number) =>
    t.db.selectFrom('audit_log').select(['action', 'details']).where('entity', '=', 'dispatch').where('entity_id', '=', String(id)).orderBy('seq').execute();

  it('sends the oficio and the released files to the chosen contacts, with the folio and the hashes', async () => {
    const d = await approved([contacts.director, contacts.analyst]);
    expect(d.email?.recipients.map((r) => r.address)).toEqual(['direccion.seguridad@oaxacadejuarez.example', 'analisis.seguridad@oaxacadejuarez.example']);
    const before = smtp.received.length;
    const sent = await act(ctx, w.users.dg, d.id, 'send');
    expect(sent.status).toBe('sent');
    expect(sent.folio).toMatch(/^SSPO\/C4\/DG\/\d{4}\/\d{4}$/);
    expect(sent.email).toMatchObject({ accepted: ['direccion.seguridad@oaxacadejuarez.example', 'analisis.seguridad@oaxacadejuarez.example'], rejected: [], send_error: null });
    expect(sent.email!.message_id).toMatch(/^<[0-9a-f-]+@ssp\.oaxaca\.example>$/);

    expect(smtp.received).toHaveLength(before + 1);
    const { mail, envelope, raw } = smtp.received.at(-1)!;
    expect(envelope).toEqual(['direccion.seguridad@oaxacadejuarez.example', 'analisis.seguridad@oaxacadejuarez.example']);
    expect(mail.messageId).toBe(sent.email!.message_id);
    expect(mail.subject).toBe(`Oficio ${sent.folio}: ${sent.subject}`);
    expect(mail.from?.value[0]).toMatchObject({ address: 'c4@ssp.oaxaca.example', name: 'C4 Oaxaca' });
    expect(mail.text).toContain(`OFICIO No. ${sent.folio}`);
    expect(mail.text).toContain(sent.body.split('\n')[0]);

    // The oficio PDF first, then the files of the version the disclosure pass prepared (not the source product).
    expect(sent.product_id).not.toBe(w.fese.id);
    const released = (await getProduct(t.db, sent.product_id))!;
    const oficio = await downloadDocument(ctx, w.users.dg, d.id, 'oficio');
    const expected: { name: string; content: Uint8Array }[] = [{ name: oficio.file_name, content: oficio.content }];
    for (const f of released.files) expected.push({ name: f.file_name, content: (await getProductFile(t.db, released.id, f.format))!.content });
    expect(mail.attachments.map((a) => a.filename)).toEqual(expected.map((e) => e.name));
    mail.attachments.forEach((a, i) => {
      expect(sha(a.content)).toBe(sha(expected[i]!.content));
      expect(mail.text).toContain(`SHA-256 ${sha(a.content)}`);
    });

    // No personal data of the incidents in the body nor in any attachment.
    const files = [
      { format: 'txt', fileName: 'cuerpo', content: new TextEncoder().encode(`${mail.subject}\n${mail.text}`) },
      ...mail.attachments.map((a) => ({ format: a.filename!.split('.').pop()!, fileName: a.filename!, content: new Uint8Array(a.content) })),
    ];
    const needles = await incidentNeedles(t.db);
    expect(needles.names.length).toBeGreaterThan(0);
    expect(scanFiles(files, needles)).toEqual([]);

    // The message as sent is kept, and the send is audited without the password.
    const kept = await downloadDocument(ctx, w.users.dg, d.id, 'message');
    expect(sha(kept.content)).toBe(sha(new Uint8Array(raw)));
    const entries = await auditOf(d.id);
    const send = entries.find((e) => e.action === 'distribution.dispatch.send')!;
    expect(send.details).toMatchObject({
      folio: sent.folio,
      email: {
        messageId: sent.email!.message_id,
        recipients: envelope,
        accepted: envelope,
        rejected: [],
        size: raw.byteLength,
        sha256: sha(new Uint8Array(raw)),
        attachments: expected.map((e) => ({ fileName: e.name, sha256: sha(e.content), size: e.content.byteLength })),
      },
    });
    const everything = JSON.stringify(await t.db.selectFrom('audit_log').select('details').execute()) + JSON.stringify(await t.db.selectFrom('dispatch_events').select('details').execute());
    expect(everything).not.toContain(SMTP_PASSWORD);

    // An electronic channel: the agency acknowledges it in the portal.
    const { items } = await portalItems(ctx, w.users.muni);
    expect(items.find((i) => i.id === d.id)).toMatchObject({ folio: sent.folio, electronic: true, channel_label: 'Correo institucional' });
    expect((await act(ctx, w.users.muni, d.id, 'acknowledge')).status).toBe('acknowledged');
  });

  it('cannot cancel an e-mail once sent: it is already in the mailboxes', async () => {
    const d = await approved([contacts.analyst]);
    await act(ctx, w.users.dg, d.id, 'send');
    await expect(act(ctx, w.users.dg, d.id, 'cancel', { comment: 'Se envió por error.' })).rejects.toMatchObject({ code: 'estado_invalido', message: 'El correo ya llegó al servidor de sus destinatarios: ya no puede cancelarse.' });
    expect((await getDispatch(ctx, w.users.dg, d.id)).actions).not.toContain('cancel');
  });

  it('records the addresses the server rejected while sending to the others', async () => {
    const d = await approved([contacts.director, contacts.full]);
    const sent = await act(ctx, w.users.dg, d.id, 'send');
    expect(sent.email).toMatchObject({ accepted: ['direccion.seguridad@oaxacadejuarez.example'], rejected: ['buzon.lleno@oaxacadejuarez.example'] });
    expect(smtp.received.at(-1)!.envelope).toEqual(['direccion.seguridad@oaxacadejuarez.example']);
  });

  it('refuses to send before the validation and the approval of the director general', async () => {
    const before = smtp.received.length;
    const d = await draft([contacts.director]);
    await expect(act(ctx, w.users.dg, d.id, 'send')).rejects.toMatchObject({ code: 'estado_invalido' });
    await act(ctx, w.users.analystCee, d.id, 'submit');
    await act(ctx, w.users.directorCee, d.id, 'validate');
    await expect(act(ctx, w.users.dg, d.id, 'send')).rejects.toMatchObject({ code: 'estado_invalido', message: 'El envío aún no tiene todas sus aprobaciones.' });
    expect(smtp.received).toHaveLength(before);
    expect((await getDispatch(ctx, w.users.dg, d.id)).folio).toBeNull();
  });

  it('goes only to active contacts of the agency with an address; a refusal is audited', async () => {
    await expect(draft([contacts.cni])).rejects.toMatchObject({ code: 'destinatario_invalido', status: 409, message: expect.stringMatching(/no es un contacto activo de la dependencia/) });
    await expect(draft([contacts.noEmail])).rejects.toMatchObject({ code: 'destinatario_invalido', message: 'C. Juan Pérez Luna no tiene correo electrónico registrado entre los contactos de la dependencia.' });
    await expect(draft([])).rejects.toMatchObject({ code: 'sin_destinatarios' });
    const refusals = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'distribution.dispatch.refused').orderBy('seq', 'desc').limit(2).execute();
    expect(refusals.map((r) => (r.details as { code: string }).code)).toEqual(['destinatario_invalido', 'destinatario_invalido']);
    expect(refusals[1]!.details).toMatchObject({ agencyId: w.agencies.muni, contactIds: [contacts.cni] });

    const d = await draft([contacts.director]);
    await expect(updateDispatch(ctx, w.users.analystCee, d.id, { emailContactIds: [contacts.director, contacts.cni] })).rejects.toMatchObject({ code: 'destinatario_invalido' });
    const edited = await updateDispatch(ctx, w.users.analystCee, d.id, { emailContactIds: [contacts.analyst] });
    expect(edited.email?.recipients.map((r) => r.id)).toEqual([contacts.analyst]);

    // A contact deactivated after the approval stops the send before anything is issued.
    const temp = (await addContact(t.db, { id: w.users.dg.id, username: 'director.general' }, w.agencies.muni, { name: 'Lic. Temporal Ruiz', position: 'Enlace', email: 'temporal@oaxacadejuarez.example' })).id;
    const a = await approved([temp]);
    await setContactActive(t.db, { id: w.users.dg.id, username: 'director.general' }, w.agencies.muni, temp, false);
    await expect(act(ctx, w.users.dg, a.id, 'send')).rejects.toMatchObject({ code: 'destinatario_invalido' });
    expect((await getDispatch(ctx, w.users.dg, a.id)).status).toBe('approved');
  });

  it('shows the channel as unavailable, with the reason, when no mail server is configured', async () => {
    await expect(draft([contacts.director], w.ctx)).rejects.toMatchObject({ code: 'correo_no_disponible', message: expect.stringMatching(/ATALAYA_SMTP_HOST/) });
  });

  it('records an SMTP failure, issues nothing, and lets the send be retried', async () => {
    const d = await approved([contacts.director]);
    const foliosBefore = (await listFolios(t.db, { area: 'DG' })).length;
    const down = { ...ctx, config: { ...ctx.config, mail: mailConfig(await closedPort()) } };
    const err = await act(down, w.users.dg, d.id, 'send').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'correo_fallido', status: 502, message: expect.stringMatching(/^El servidor de correo no aceptó el envío: .*ECONNREFUSED.*puede reintentarlo\.$/) });
    const failed = await getDispatch(ctx, w.users.dg, d.id);
    expect(failed).toMatchObject({ status: 'approved', folio: null, sent_at: null, documents: [] });
    expect(failed.email).toMatchObject({ message_id: null, send_error: expect.stringContaining('ECONNREFUSED') });
    expect(failed.events.at(-1)).toMatchObject({ action: 'send_failed', to_status: 'approved', details: { recipients: ['direccion.seguridad@oaxacadejuarez.example'] } });
    expect((await listFolios(t.db, { area: 'DG' })).length).toBe(foliosBefore);
    expect((await auditOf(d.id)).map((e) => e.action)).toContain('distribution.dispatch.send_failed');

    // A wrong password is a failure too, and the password is not in what was recorded.
    const wrong = { ...ctx, config: { ...ctx.config, mail: { ...ctx.config.mail, smtp: { ...ctx.config.mail.smtp!, auth: { user: 'c4', password: 'otra-clave-equivocada' } } } } };
    await expect(act(wrong, w.users.dg, d.id, 'send')).rejects.toMatchObject({ code: 'correo_fallido', message: expect.stringMatching(/EAUTH/) });
    expect(JSON.stringify(await auditOf(d.id))).not.toContain('otra-clave-equivocada');

    const retried = await act(ctx, w.users.dg, d.id, 'send');
    expect(retried).toMatchObject({ status: 'sent', email: { send_error: null, accepted: ['direccion.seguridad@oaxacadejuarez.example'] } });
    expect((await listFolios(t.db, { area: 'DG' })).length).toBe(foliosBefore + 1);
    expect(smtp.received.at(-1)!.mail.subject).toBe(`Oficio ${retried.folio}: ${retried.subject}`);
  });

  it('refuses a message over the size limit, suggesting magnetic media, and issues nothing', async () => {
    const d = await approved([contacts.director]);
    const before = smtp.received.length;
    const small = { ...ctx, config: { ...ctx.config, mail: mailConfig(smtp.port, 20 * 1024) } };
    await expect(act(small, w.users.dg, d.id, 'send')).rejects.toMatchObject({
      code: 'correo_demasiado_grande',
      message: expect.stringMatching(/^El correo con el oficio y sus anexos pesaría [\d.,]+ (KB|MB) y el límite del correo institucional es 20 KB: envíe este producto por medio magnético\.$/),
    });
    expect(smtp.received).toHaveLength(before);
    expect(await getDispatch(ctx, w.users.dg, d.id)).toMatchObject({ status: 'approved', folio: null });
    expect((await auditOf(d.id)).at(-1)).toMatchObject({ action: 'distribution.dispatch.refused', details: { code: 'correo_demasiado_grande' } });
  });
});
