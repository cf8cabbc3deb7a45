// Distribution on every engine: agreements decide who may receive what (refusals carry their reason and stay in the
// audit log), folios run per area and year without gaps or reuse and survive cancellation and concurrency, the
// workflow takes each step with who, when and the comments, a magnetic-media package verifies and decrypts, the
// portal shows each agency only its own items, reminders go out once per interval, and the register exports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { buildWorld, shiftDays, today, type World } from '../support/distribution.ts';
import { listNotifications } from '../../src/reports/notifications.ts';
import { act, createDispatch, getDispatch, updateDispatch, downloadDocument } from '../../src/distribution/dispatches.ts';
import { cancelFolio, issueFolio, listFolios } from '../../src/distribution/folios.ts';
import { portalDownload, portalItem, portalItems } from '../../src/distribution/portal.ts';
import { setStandingApproval, terminateAgreement } from '../../src/distribution/agencies.ts';
import { decryptWithPassphrase } from '../../src/distribution/openpgp.ts';
import { parseManifest } from '../../src/distribution/package.ts';
import { registerEntries, registerPdf, registerXlsx } from '../../src/distribution/register.ts';
import { distributionJobs, runReminders } from '../../src/distribution/reminders.ts';
import { actOnRequest, fileRequest, getRequest } from '../../src/distribution/requests.ts';
import { queueFor } from '../../src/distribution/queue.ts';
import { DistributionError } from '../../src/distribution/errors.ts';
import { longDate } from '../../src/distribution/labels.ts';
import { enqueueJob, claimJob } from '../../src/reports/jobs.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdfText = (bytes: Uint8Array) => {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-pdf-'));
  writeFileSync(join(dir, 'f.pdf'), bytes);
  return execFileSync('pdftotext', ['-layout', join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
};

describe.each(testEngines())('distribution on %s', (engine) => {
  let t: TestDatabase;
  let w: World;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    w = await buildWorld(t.db);
  });
  afterAll(async () => t?.destroy());

  const draft = (agencyId: number, over: Record<string, unknown> = {}) =>
    createDispatch(w.ctx, w.users.analystCee, { productId: w.fese.id, agencyId, channel: 'oficio', ...over });

  async function refusals() {
    const rows = await t.db.selectFrom('audit_log').select(['action', 'details', 'actor']).where('action', '=', 'distribution.dispatch.refused').orderBy('seq').execute();
    return rows;
  }

  /** Takes a draft through validation and approval. */
  async function approved(agencyId: number, over: Record<string, unknown> = {}) {
    const d = await draft(agencyId, over);
    await act(w.ctx, w.users.analystCee, d.id, 'submit');
    await act(w.ctx, w.users.directorCee, d.id, 'validate', { comment: 'Cifras revisadas.' });
    return act(w.ctx, w.users.dg, d.id, 'approve', { comment: 'Autorizado.' });
  }

  describe('agreements', () => {
    it('lets an agency with a current, signed agreement covering the report receive it', async () => {
      const d = await draft(w.agencies.muni);
      expect(d).toMatchObject({ status: 'draft', agency_id: w.agencies.muni, agreement_number: 'SSPO/C4/CONV/001/2026', product_id: w.fese.id, classification: 'restricted' });
      expect(d.subject).toMatch(/^Envío de «Incidencia generada/);
      expect(d.body).toContain('SSPO/C4/CONV/001/2026');
      expect(d.contact?.name).toBe('Lic. Ana María Pérez López');
    });

    it('refuses, with the reason and an audit entry, agencies without an agreement, with an expired or unsigned one', async () => {
      const before = (await refusals()).length;
      const cases: [number, RegExp][] = [
        [w.agencies.ngo, /^Observatorio Ciudadano de Seguridad, A\. C\. no puede recibir «.+»: no tiene convenio de colaboración con el centro/],
        [w.agencies.expired, /el convenio SSPO\/C4\/CONV\/003\/2024 venció el/],
        [w.agencies.unsigned, /el convenio SSPO\/C4\/CONV\/004\/2026 no tiene cargado el documento firmado/],
      ];
      for (const [agencyId, reason] of cases) {
        const err = await draft(agencyId).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DistributionError);
        expect(err).toMatchObject({ code: 'sin_convenio', status: 409, message: expect.stringMatching(reason) });
      }
      const after = await refusals();
      expect(after).toHaveLength(before + 3);
      expect(after.at(-3)).toMatchObject({ actor: 'analista.cee', details: { code: 'sin_convenio', agencyId: w.agencies.ngo, reportType: 'fese', step: 'preparación' } });
      // Nothing half-written: no dispatch for those agencies.
      const stray = await t.db.selectFrom('dispatches').select('id').where('agency_id', 'in', [w.agencies.ngo, w.agencies.expired, w.agencies.unsigned]).execute();
      expect(stray).toEqual([]);
    });

    it('never lets an internal product out, and refuses report types the agreement does not list', async () => {
      await expect(createDispatch(w.ctx, w.users.dg, { productId: w.internal.id, agencyId: w.agencies.muni, channel: 'oficio' })).rejects.toMatchObject({ code: 'sin_convenio', message: expect.stringMatching(/uso interno y no sale del centro/) });
      const cniOnly = await createDispatch(w.ctx, w.users.analystCee, { productId: w.fese.id, agencyId: w.agencies.cni, channel: 'tarjeta' });
      expect(cniOnly.status).toBe('draft');
    });

    it('sends the version the release preparer gives, and checks the agreement against that version', async () => {
      const { storeProduct } = await import('../../src/reports/products.ts');
      const released = await storeProduct(t.db, {
        reportType: 'fese', periodKey: w.month, params: { release: 'municipio' }, paramsKey: '{"release":"municipio"}', cnieVersion: '3',
        dataCutAt: new Date(), classification: 'restricted', userId: null, actor: { id: null, username: 'prueba' }, summary: {},
        fileBase: `fese_${w.month}_publica`, files: [{ format: 'csv', content: new TextEncoder().encode('municipio,llamadas\n20067,10\n') }],
      });
      const calls: unknown[] = [];
      const ctx = { ...w.ctx, release: async (_db: unknown, productId: number, opts: unknown) => (calls.push([productId, opts]), released.id) };
      const d = await createDispatch(ctx, w.users.analystCee, { productId: w.fese.id, agencyId: w.agencies.muni, channel: 'oficio' });
      expect(calls).toEqual([[w.fese.id, { audience: 'restricted', agencyId: w.agencies.muni }]]);
      expect(d).toMatchObject({ source_product_id: w.fese.id, product_id: released.id });
      expect(d.annexes.map((a) => a.fileName)).toEqual([`fese_${w.month}_publica_v1.csv`]);
      const refusing = { ...w.ctx, release: async () => { throw new DistributionError('producto_interno', 'No sale.', 409); } };
      await expect(createDispatch(refusing, w.users.analystCee, { productId: w.fese.id, agencyId: w.agencies.muni, channel: 'oficio' })).rejects.toMatchObject({ code: 'producto_interno' });
    });

    it('re-checks the agreement at each step: a terminated agreement stops a dispatch already prepared', async () => {
      const { createAgency, createAgreement, attachAgreementDocument } = await import('../../src/distribution/agencies.ts');
      const actor = { id: w.users.dg.id, username: 'director.general' };
      const agency = await createAgency(t.db, actor, { name: 'Municipio de Santa Lucía del Camino', shortName: 'Santa Lucía', kind: 'municipal', municipalityCode: '20390' });
      const a = await createAgreement(t.db, actor, { number: 'SSPO/C4/CONV/010/2026', title: 'Convenio', signedOn: today(), validFrom: today(), validUntil: shiftDays(today(), 100), reportTypes: ['fese'], classifications: ['restricted'], agencyIds: [agency.id] });
      await attachAgreementDocument(t.db, actor, a.id, { fileName: 'c.pdf', content: new TextEncoder().encode('%PDF-1.4 x') });
      const d = await draft(agency.id);
      await terminateAgreement(t.db, actor, a.id, 'El municipio lo dio por terminado');
      await expect(act(w.ctx, w.users.analystCee, d.id, 'submit')).rejects.toMatchObject({ code: 'sin_convenio', message: expect.stringMatching(/se dio por terminado \(El municipio lo dio por terminado\)/) });
      expect((await getDispatch(w.ctx, w.users.analystCee, d.id)).status).toBe('draft');
      expect((await refusals()).at(-1)).toMatchObject({ details: { step: 'submit', dispatchId: d.id } });
    });
  });

  describe('folios', () => {
    let dispatchId: number;
    const pattern = 'SSPO/C4/{area}/{n:4}/{año}';
    beforeAll(async () => {
      dispatchId = (await draft(w.agencies.muni)).id;
    });
    const issue = (area: string, year: number) =>
      t.db.transaction().execute((trx) => issueFolio(trx, { pattern, area, year, kind: 'oficio', dispatchId, issuedBy: null }));

    it('run in sequence per area and year in the configured pattern', async () => {
      expect((await issue('VV', 2031)).folio).toBe('SSPO/C4/VV/0001/2031');
      expect((await issue('VV', 2031)).folio).toBe('SSPO/C4/VV/0002/2031');
      expect((await issue('REPUVE', 2031)).folio).toBe('SSPO/C4/REPUVE/0001/2031');
      expect((await issue('VV', 2032)).folio).toBe('SSPO/C4/VV/0001/2032');
      expect((await issue('VV', 2031)).folio).toBe('SSPO/C4/VV/0003/2031');
    });

    it('give the number back when the document fails to store, so that the book has no gaps', async () => {
      await expect(
        t.db.transaction().execute(async (trx) => {
          await issueFolio(trx, { pattern, area: 'VV', year: 2031, kind: 'oficio', dispatchId, issuedBy: null });
          throw new Error('el documento no se pudo guardar');
        }),
      ).rejects.toThrow('el documento no se pudo guardar');
      expect((await issue('VV', 2031)).folio).toBe('SSPO/C4/VV/0004/2031');
    });

    it('stay on record when cancelled, with the reason, and are never reused, deleted or renumbered', async () => {
      const f = await issue('PM', 2031);
      await t.db.transaction().execute((trx) => cancelFolio(trx, f.id, 'Oficio impreso con error en el destinatario', null));
      expect((await issue('PM', 2031)).folio).toBe('SSPO/C4/PM/0002/2031');
      const book = await listFolios(t.db, { area: 'PM', year: 2031 });
      expect(book.map((b) => [b.folio, b.status, b.cancel_reason])).toEqual([
        ['SSPO/C4/PM/0001/2031', 'cancelled', 'Oficio impreso con error en el destinatario'],
        ['SSPO/C4/PM/0002/2031', 'issued', null],
      ]);
      await expect(sql`DELETE FROM folios WHERE id = ${f.id}`.execute(t.db)).rejects.toThrow(/no se borra ni se modifica/);
      await expect(sql`UPDATE folios SET number = 9 WHERE id = ${f.id}`.execute(t.db)).rejects.toThrow(/no se borra ni se modifica/);
      await expect(sql`UPDATE folios SET status = 'issued', cancel_reason = NULL, cancelled_at = NULL WHERE id = ${f.id}`.execute(t.db)).rejects.toThrow(/no se borra ni se modifica/);
    });

    it('never repeat under concurrent issuing', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          t.db.transaction().execute(async (trx) => {
            const f = await issueFolio(trx, { pattern, area: 'CIBER', year: 2031, kind: 'tarjeta', dispatchId, issuedBy: null });
            // Hold the transaction a little, as storing a document does.
            await sql`SELECT pg_sleep(0.01)`.execute(trx);
            return f.number;
          }),
        ),
      );
      expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });
  });

  describe('workflow', () => {
    it('goes from the analyst to the area director, the director general, the oficio with its folio and the portal acknowledgment', async () => {
      const d = await draft(w.agencies.muni);
      await act(w.ctx, w.users.analystCee, d.id, 'submit');
      expect((await listNotifications(t.db, w.users.directorCee.id)).notifications[0]!.text).toMatch(/^Envío por validar: /);
      await expect(act(w.ctx, w.users.directorRvdi, d.id, 'validate')).rejects.toMatchObject({ status: 404 });
      await expect(act(w.ctx, w.users.dg, d.id, 'validate')).rejects.toMatchObject({ code: 'sin_permiso', status: 403 });
      await act(w.ctx, w.users.directorCee, d.id, 'validate', { comment: 'Validado por el CEE.' });
      await expect(act(w.ctx, w.users.directorCee, d.id, 'approve')).rejects.toMatchObject({ code: 'sin_permiso', message: 'Solo la Dirección General aprueba los envíos a otras dependencias.' });
      await expect(act(w.ctx, w.users.directorCee, d.id, 'send', { comment: 'x' })).rejects.toMatchObject({ code: 'estado_invalido', message: 'El envío aún no tiene todas sus aprobaciones.' });
      expect((await listNotifications(t.db, w.users.dg.id)).notifications[0]!.text).toMatch(/^Envío por aprobar \(Dirección General\)/);
      await act(w.ctx, w.users.dg, d.id, 'approve', { comment: 'Procede.' });
      const sent = await act(w.ctx, w.users.directorCee, d.id, 'send');
      expect(sent.status).toBe('sent');
      expect(sent.folio).toMatch(new RegExp(`^SSPO/C4/DG/\\d{4}/${today().slice(0, 4)}$`));
      expect(sent.events.map((e) => [e.action, e.actor_name, e.to_status, e.comment])).toEqual([
        ['create', 'Persona analista.cee', 'draft', null],
        ['submit', 'Persona analista.cee', 'pending_validation', null],
        ['validate', 'Persona director.cee', 'pending_approval', 'Validado por el CEE.'],
        ['approve', 'Persona director.general', 'approved', 'Procede.'],
        ['send', 'Persona director.cee', 'sent', null],
      ]);
      const oficio = await downloadDocument(w.ctx, w.users.directorCee, d.id, 'oficio');
      expect(oficio.sha256).toBe(sha(oficio.content));
      const text = pdfText(oficio.content);
      expect(text).toContain(`OFICIO No. ${sent.folio}`);
      expect(text).toContain('LIC. ANA MARÍA PÉREZ LÓPEZ');
      expect(text).toContain('Mtra. Laura Méndez Ruiz');
      for (const f of w.fese.files) expect(text).toContain(f.sha256);

      // The municipality's account sees it, downloads it (recorded) and acknowledges.
      expect((await listNotifications(t.db, w.users.muni.id)).notifications[0]!.text).toContain(sent.folio!);
      const item = await portalItem(w.ctx, w.users.muni, d.id);
      expect(item.files.map((f) => f.kind)).toEqual(['document', ...w.fese.files.map(() => 'annex')]);
      const file = await portalDownload(w.ctx, w.users.muni, d.id, item.files[1]!.name);
      expect(sha(file.content)).toBe(item.files[1]!.sha256);
      await expect(act(w.ctx, w.users.directorCee, d.id, 'cancel', { comment: 'Error' })).rejects.toMatchObject({ message: 'La dependencia ya descargó el envío: ya no puede cancelarse.' });
      const acked = await act(w.ctx, w.users.muni, d.id, 'acknowledge');
      expect(acked).toMatchObject({ status: 'acknowledged', received_by: 'Enlace enlace.municipio', downloads: 1 });
      const audits = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'dispatch').where('entity_id', '=', String(d.id)).orderBy('seq').execute();
      expect(audits.map((a) => a.action)).toEqual([
        'distribution.dispatch.create', 'distribution.dispatch.submit', 'distribution.dispatch.validate', 'distribution.dispatch.approve',
        'distribution.dispatch.send', 'distribution.dispatch.document.download', 'distribution.portal.download', 'distribution.dispatch.acknowledge',
      ]);
    });

    it('sends a returned dispatch back with the reasons; the corrected one goes through again', async () => {
      const d = await draft(w.agencies.muni);
      await act(w.ctx, w.users.analystCee, d.id, 'submit');
      await expect(act(w.ctx, w.users.directorCee, d.id, 'return')).rejects.toMatchObject({ code: 'comentario_requerido' });
      await act(w.ctx, w.users.directorCee, d.id, 'return', { comment: 'Corrija el asunto: falta el periodo.' });
      expect((await listNotifications(t.db, w.users.analystCee.id)).notifications[0]!.text).toMatch(/Motivos: Corrija el asunto: falta el periodo\./);
      const queue = await queueFor({ db: t.db, config: w.ctx.config, now: new Date() }, w.users.analystCee);
      expect(queue.find((q) => q.kind === 'dispatch.returned' && q.link === `/envios?id=${d.id}`)).toBeTruthy();
      const edited = await updateDispatch(w.ctx, w.users.analystCee, d.id, { subject: 'Envío del FESE del mes anterior (corregido)' });
      expect(edited.subject).toBe('Envío del FESE del mes anterior (corregido)');
      await act(w.ctx, w.users.analystCee, d.id, 'submit');
      await expect(updateDispatch(w.ctx, w.users.analystCee, d.id, { subject: 'Otro' })).rejects.toMatchObject({ code: 'estado_invalido' });
      await act(w.ctx, w.users.directorCee, d.id, 'validate');
      const r = await act(w.ctx, w.users.dg, d.id, 'approve');
      expect(r.events.filter((e) => e.action === 'return')[0]).toMatchObject({ actor_name: 'Persona director.cee', comment: 'Corrija el asunto: falta el periodo.', from_status: 'pending_validation' });
      expect(r.status).toBe('approved');
    });

    it('skips the approval step under a standing approval the director general granted, and says so in the trail', async () => {
      await setStandingApproval(t.db, { id: w.users.dg.id, username: 'director.general' }, w.agreements.cni, true, 'Envío mensual del FESE al CNI');
      const d = await createDispatch(w.ctx, w.users.analystCee, { productId: w.fese.id, agencyId: w.agencies.cni, channel: 'oficio', issuingArea: 'CEE' });
      await act(w.ctx, w.users.analystCee, d.id, 'submit');
      const v = await act(w.ctx, w.users.directorCee, d.id, 'validate');
      expect(v.status).toBe('approved');
      expect(v.events.at(-1)!.details.standingApproval).toMatchObject({ agreement: 'SSPO/C4/CONV/002/2026', by: 'Persona director.general', comment: 'Envío mensual del FESE al CNI' });
      const sent = await act(w.ctx, w.users.directorCee, d.id, 'send');
      expect(sent.folio).toMatch(/^SSPO\/C4\/CEE\/0001\//);
      await setStandingApproval(t.db, { id: w.users.dg.id, username: 'director.general' }, w.agreements.cni, false, 'Se retira');
    });

    it('records the seal, courier, delivery and signed receipt of a sealed envelope; cancelling an issued one keeps its folio with the reason', async () => {
      const d = await approved(w.agencies.muni, { channel: 'sealed_envelope' });
      await expect(act(w.ctx, w.users.directorCee, d.id, 'send', { courier: 'Mensajería interna' })).rejects.toMatchObject({ message: 'Escriba el número de sello del sobre cerrado.' });
      const sent = await act(w.ctx, w.users.directorCee, d.id, 'send', { sealNumber: 'S-000123', courier: 'Mensajería interna' });
      expect(pdfText((await downloadDocument(w.ctx, w.users.dg, d.id, 'oficio')).content)).toContain('sobre cerrado con sello núm. S-000123');
      await expect(act(w.ctx, w.users.muni, d.id, 'acknowledge')).rejects.toMatchObject({ code: 'estado_invalido', message: /lo registra el centro/ });
      const delivered = await act(w.ctx, w.users.directorCee, d.id, 'deliver');
      expect(delivered.status).toBe('delivered');
      const received = await act(w.ctx, w.users.directorCee, d.id, 'record_receipt', { receivedBy: 'C. Juan López, oficialía de partes', comment: 'Sello de recibido del municipio' });
      expect(received).toMatchObject({ status: 'acknowledged', received_by: 'C. Juan López, oficialía de partes', seal_number: 'S-000123', courier: 'Mensajería interna' });

      const other = await approved(w.agencies.muni, { channel: 'sealed_envelope' });
      const s2 = await act(w.ctx, w.users.directorCee, other.id, 'send', { sealNumber: 'S-000124', courier: 'Mensajería interna' });
      const cancelled = await act(w.ctx, w.users.directorCee, other.id, 'cancel', { comment: 'El sobre se extravió antes de la entrega' });
      expect(cancelled).toMatchObject({ status: 'cancelled', folio: s2.folio, folio_status: 'cancelled' });
      const book = await listFolios(t.db, { area: 'DG' });
      expect(book.find((f) => f.folio === s2.folio)).toMatchObject({ status: 'cancelled', cancel_reason: 'El sobre se extravió antes de la entrega' });
      expect(sent.folio).not.toBe(s2.folio);
    });
  });

  describe('magnetic media', () => {
    it('packages the annexes with a manifest the recipient can verify', async () => {
      const d = await approved(w.agencies.muni, { channel: 'magnetic_media' });
      const sent = await act(w.ctx, w.users.directorCee, d.id, 'send', { courier: 'Personal del CEE' });
      const pkg = await downloadDocument(w.ctx, w.users.directorCee, d.id, 'package');
      expect(pkg.file_name).toMatch(/^paquete_SSPO-C4-DG-\d{4}-\d{4}\.zip$/);
      const entries = unzipSync(pkg.content);
      const manifest = parseManifest(new TextDecoder().decode(entries['MANIFIESTO-SHA256.txt']));
      expect(manifest.map((m) => m.path).sort()).toEqual(w.fese.files.map((f) => `anexos/${f.file_name}`).sort());
      for (const m of manifest) expect(sha(entries[m.path]!)).toBe(m.sha256);
      for (const f of w.fese.files) expect(manifest.find((m) => m.path.endsWith(f.file_name))!.sha256).toBe(f.sha256);
      const oficio = pdfText((await downloadDocument(w.ctx, w.users.directorCee, d.id, 'oficio')).content);
      expect(oficio.replace(/\s+/g, ' ')).toContain(`huella SHA-256 ${pkg.sha256}`);
      expect(sent.events.at(-1)!.details.package).toMatchObject({ sha256: pkg.sha256, encrypted: false });
    });

    it('encrypts it with a passphrase (OpenPGP, AES-256) that opens it, and a wrong one does not', async () => {
      const d = await approved(w.agencies.muni, { channel: 'magnetic_media', encrypted: true });
      await expect(act(w.ctx, w.users.directorCee, d.id, 'send', { courier: 'Personal del CEE', passphrase: 'corta' })).rejects.toMatchObject({ code: 'frase_invalida' });
      const passphrase = 'frase de paso compartida por teléfono';
      await act(w.ctx, w.users.directorCee, d.id, 'send', { courier: 'Personal del CEE', passphrase });
      const pkg = await downloadDocument(w.ctx, w.users.directorCee, d.id, 'package');
      expect(pkg.file_name).toMatch(/\.zip\.gpg$/);
      expect(() => unzipSync(pkg.content)).toThrow();
      const zip = await decryptWithPassphrase(pkg.content, passphrase);
      const entries = unzipSync(zip);
      for (const m of parseManifest(new TextDecoder().decode(entries['MANIFIESTO-SHA256.txt']))) expect(sha(entries[m.path]!)).toBe(m.sha256);
      await expect(decryptWithPassphrase(pkg.content, 'otra frase de paso equivocada')).rejects.toThrow();
      // The passphrase is not kept anywhere.
      const trail = JSON.stringify(await getDispatch(w.ctx, w.users.dg, d.id));
      const audit = JSON.stringify(await t.db.selectFrom('audit_log').select('details').where('entity_id', '=', String(d.id)).execute());
      expect(trail).not.toContain(passphrase);
      expect(audit).not.toContain(passphrase);
    });
  });

  describe('portal', () => {
    let muniItem: number;
    let draftId: number;
    beforeAll(async () => {
      const d = await approved(w.agencies.muni);
      muniItem = (await act(w.ctx, w.users.directorCee, d.id, 'send')).id;
      draftId = (await draft(w.agencies.muni)).id;
    });

    it("shows an agency only its own sent items, and answers «no existe» to another agency's ids", async () => {
      const cni = await portalItems(w.ctx, w.users.cni);
      expect(cni.items.every((i) => i.id !== muniItem)).toBe(true);
      const own = await portalItems(w.ctx, w.users.muni2);
      expect(own.items.some((i) => i.id === muniItem)).toBe(true);
      expect(own.items.some((i) => i.id === draftId)).toBe(false);
      const maxId = Number((await t.db.selectFrom('dispatches').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
      for (let id = 1; id <= maxId + 2; id++) {
        const mine = own.items.some((i) => i.id === id);
        if (mine) continue;
        await expect(portalItem(w.ctx, w.users.muni2, id)).rejects.toMatchObject({ code: 'no_encontrado', status: 404 });
        await expect(portalDownload(w.ctx, w.users.muni2, id, 'x.pdf')).rejects.toMatchObject({ status: 404 });
      }
      const item = await portalItem(w.ctx, w.users.muni, muniItem);
      await expect(portalDownload(w.ctx, w.users.cni, muniItem, item.files[0]!.name)).rejects.toMatchObject({ status: 404 });
      await expect(act(w.ctx, w.users.cni, muniItem, 'acknowledge')).rejects.toMatchObject({ status: 404 });
      await expect(getDispatch(w.ctx, w.users.cni, muniItem)).rejects.toMatchObject({ status: 404 });
      // Staff of another area do not see it either.
      await expect(getDispatch(w.ctx, w.users.directorRvdi, muniItem)).rejects.toMatchObject({ status: 404 });
    });

    it('audits every download with the file and its hash', async () => {
      const item = await portalItem(w.ctx, w.users.muni2, muniItem);
      await portalDownload(w.ctx, w.users.muni2, muniItem, item.files[0]!.name);
      const last = await t.db.selectFrom('audit_log').select(['action', 'actor', 'details']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(last).toMatchObject({ action: 'distribution.portal.download', actor: 'enlace2.municipio', details: { fileName: item.files[0]!.name, sha256: item.files[0]!.sha256 } });
      const d = await getDispatch(w.ctx, w.users.dg, muniItem);
      expect(d.download_log.map((x) => x.user_name)).toContain('Enlace enlace2.municipio');
    });

    it('hides what was sent under an agreement no longer in force', async () => {
      const { createAgency, createAgreement, attachAgreementDocument, createExternalAccount } = await import('../../src/distribution/agencies.ts');
      const actor = { id: w.users.dg.id, username: 'director.general' };
      const agency = await createAgency(t.db, actor, { name: 'Municipio de San Jacinto Amilpas', shortName: 'San Jacinto', kind: 'municipal', municipalityCode: '20157' });
      const a = await createAgreement(t.db, actor, { number: 'SSPO/C4/CONV/011/2026', title: 'Convenio', signedOn: today(), validFrom: today(), validUntil: shiftDays(today(), 100), reportTypes: ['fese'], classifications: ['restricted'], agencyIds: [agency.id] });
      await attachAgreementDocument(t.db, actor, a.id, { fileName: 'c.pdf', content: new TextEncoder().encode('%PDF-1.4 x') });
      const { user } = await createExternalAccount(t.db, actor, agency.id, { username: 'enlace.sanjacinto', displayName: 'Enlace San Jacinto', password: 'clave-de-prueba-segura' });
      const ext = { id: user.id, username: user.username, display_name: user.display_name, area_code: 'EXT', roles: ['external'], permissions: ['distribution.receive'], agencyId: agency.id };
      const d = await approved(agency.id);
      await act(w.ctx, w.users.directorCee, d.id, 'send');
      expect((await portalItems(w.ctx, ext)).items.map((i) => i.id)).toEqual([d.id]);
      await terminateAgreement(t.db, actor, a.id, 'Vigencia concluida anticipadamente');
      expect(await portalItems(w.ctx, ext)).toEqual({ items: [], hidden: 1 });
      await expect(portalItem(w.ctx, ext, d.id)).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('acknowledgment reminders', () => {
    it('remind pending acknowledgments older than the configured days, once per interval, through the job queue', async () => {
      const d = await approved(w.agencies.cni, { channel: 'tarjeta' });
      const { folio } = await act(w.ctx, w.users.directorCee, d.id, 'send');
      const later = new Date(Date.now() + 4 * 86_400_000);
      const reminders = async () => (await listNotifications(t.db, w.users.cni.id)).notifications.filter((n) => n.text.startsWith('Recordatorio') && n.text.includes(folio!));
      expect(await reminders()).toEqual([]);
      const first = await runReminders(t.db, w.ctx.config, later);
      expect(first.reminded).toBeGreaterThanOrEqual(1);
      const notes = await reminders();
      expect(notes).toHaveLength(1);
      expect(notes[0]!.text).toBe(`Recordatorio: tiene pendiente acusar de recibido ${folio} «${d.subject}», enviado el ${longDate(today())}.`);
      expect((await runReminders(t.db, w.ctx.config, later)).reminded).toBe(0);
      expect(await reminders()).toHaveLength(1);
      const again = await runReminders(t.db, w.ctx.config, new Date(later.getTime() + 4 * 86_400_000));
      expect(again.reminded).toBeGreaterThanOrEqual(1);
      const row = await t.db.selectFrom('dispatches').select('reminders').where('id', '=', d.id).executeTakeFirstOrThrow();
      expect(row.reminders).toBe(2);
      // Pending acknowledgments wait in the sender's queue with their age.
      const queue = await queueFor({ db: t.db, config: w.ctx.config, now: later }, w.users.directorCee);
      expect(queue.find((q) => q.kind === 'dispatch.acknowledgment' && q.title.includes(d.subject))?.ageDays).toBe(4);

      // The scheduler enqueues the daily run once per day; the worker's handler runs it.
      const [task] = distributionJobs(t.db, w.ctx.config);
      const key = task!.keyFor(new Date('2031-05-05T15:00:00Z'));
      expect(key).toBe('distribution_reminders:2031-05-05');
      const a = await enqueueJob(t.db, { kind: task!.kind, key, payload: {} });
      const b = await enqueueJob(t.db, { kind: task!.kind, key, payload: {} });
      expect(a.created).toBe(true);
      expect(b).toEqual({ id: a.id, created: false });
      const job = await claimJob(t.db);
      expect(job?.kind).toBe('distribution_reminders');
      expect(await task!.run(job!)).toEqual({ reminded: 0, agreementsWarned: 0 });
    });

    it('announce agreements about to expire to the people who manage them, once', async () => {
      // The CNI agreement ends in 30 days: inside the 60-day window. It was announced by the first run above.
      const warned = await t.db.selectFrom('agreements').select(['number', 'expiry_notified_at']).where('id', '=', w.agreements.cni).executeTakeFirstOrThrow();
      expect(warned.expiry_notified_at).not.toBeNull();
      const texts = (await listNotifications(t.db, w.users.admin.id)).notifications.map((n) => n.text);
      expect(texts.filter((x) => x.startsWith('El convenio SSPO/C4/CONV/002/2026 vence el'))).toHaveLength(1);
      const queue = await queueFor({ db: t.db, config: w.ctx.config, now: new Date() }, w.users.admin);
      expect(queue.find((q) => q.kind === 'agreement.expiring')?.title).toMatch(/^Renovar el convenio SSPO\/C4\/CONV\/002\/2026: vence en 30 días$/);
    });
  });

  describe('analytic requests', () => {
    it('are tracked from intake in the portal to delivery by a dispatch', async () => {
      const r = await fileRequest(w.ctx, w.users.muni, { subject: 'Incidencia por colonia', description: 'Llamadas al 9-1-1 por colonia del último trimestre', purpose: 'Planeación de patrullaje' });
      expect(r).toMatchObject({ status: 'received', agency_name: 'Municipio de Oaxaca de Juárez', requester_name: 'Enlace enlace.municipio' });
      expect(r.number).toMatch(/^SOL-0001\/\d{4}$/);
      expect((await listNotifications(t.db, w.users.dg.id)).notifications[0]!.text).toContain(r.number);
      await expect(getRequest(w.ctx, w.users.cni, r.id)).rejects.toMatchObject({ status: 404 });
      await expect(actOnRequest(w.ctx, w.users.directorCee, r.id, 'accept', { area: 'CEE' })).rejects.toMatchObject({ status: 404 });
      await actOnRequest(w.ctx, w.users.dg, r.id, 'accept', { area: 'CEE', comment: 'Se atiende con el FESE del mes.' });
      await actOnRequest(w.ctx, w.users.analystCee, r.id, 'start');
      const d = await approved(w.agencies.muni, { requestId: r.id });
      await act(w.ctx, w.users.directorCee, d.id, 'send');
      const done = await getRequest(w.ctx, w.users.muni, r.id);
      expect(done.status).toBe('delivered');
      expect(done.events.map((e) => e.action)).toEqual(['file', 'accept', 'start', 'deliver']);
      expect(done.events[1]!.comment).toBe('Asignada a Centro Estatal de Emergencias. Se atiende con el FESE del mes.');
      expect(done.dispatches).toHaveLength(1);
      const rejected = await fileRequest(w.ctx, w.users.cni, { subject: 'Datos personales', description: 'Nombres de quienes llamaron', purpose: 'Investigación' });
      await expect(actOnRequest(w.ctx, w.users.dg, rejected.id, 'reject')).rejects.toMatchObject({ code: 'comentario_requerido' });
      const rj = await actOnRequest(w.ctx, w.users.dg, rejected.id, 'reject', { comment: 'Son datos personales protegidos.' });
      expect(rj.status).toBe('rejected');
      expect((await listNotifications(t.db, w.users.cni.id)).notifications[0]!.text).toContain('Son datos personales protegidos.');
    });
  });

  describe('register', () => {
    it('shows who received what, which version, when, by which channel, acknowledged or not, with the trail, and exports it', async () => {
      const entries = await registerEntries(w.ctx, w.users.dg, {});
      const acked = entries.find((e) => e.status === 'acknowledged' && e.channel === 'oficio')!;
      expect(acked).toMatchObject({ agency_name: 'Municipio de Oaxaca de Juárez', product_id: w.fese.id, product_version: 1, channel_label: 'Oficio', received_by: 'Enlace enlace.municipio' });
      expect(acked.trail.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'submit', 'validate', 'approve', 'send', 'acknowledge']));
      expect((await registerEntries(w.ctx, w.users.dg, { acknowledged: false })).every((e) => ['sent', 'delivered'].includes(e.status))).toBe(true);
      expect((await registerEntries(w.ctx, w.users.dg, { agencyId: w.agencies.cni })).every((e) => e.agency_id === w.agencies.cni)).toBe(true);
      expect(await registerEntries(w.ctx, w.users.directorRvdi, {})).toEqual([]);
      expect((await registerEntries(w.ctx, w.users.dg, { folio: acked.folio! })).map((e) => e.id)).toEqual([acked.id]);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await registerXlsx(w.ctx, entries, 'todos los envíos')) as never);
      const sheet = wb.getWorksheet('Registro')!;
      const values = sheet.getSheetValues().flat().map(String);
      expect(values).toContain(acked.folio);
      expect(values.some((v) => v.startsWith('Preparación: Persona analista.cee'))).toBe(true);
      expect(wb.getWorksheet('Trámite')!.rowCount).toBe(1 + entries.reduce((n, e) => n + e.trail.length, 0));
      const pdf = pdfText(await registerPdf(w.ctx, entries, 'todos los envíos'));
      expect(pdf).toContain(acked.folio);
      expect(pdf).toContain('Registro de distribución de información');
    });
  });
});
