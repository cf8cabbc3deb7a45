// The 9-1-1 call audio archive on both engines: the bulk attach of a folder from the command line (type from the
// bytes, unmatched files reported, nothing attached twice, content-addressed files never overwritten), upload,
// play and download only with a recorded reason and only for allowed roles (byte ranges for the player), legal holds,
// the scheduled purge with its tombstones, and a chain-of-custody package whose hashes check out.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.ts';
import { loadConfig } from '../../src/config.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { buildApp } from '../../src/server/app.ts';
import { CLI_ACTOR, SYSTEM_ACTOR, addUser } from '../../src/access/users.ts';
import { SESSION_COOKIE } from '../../src/access/plugin.ts';
import { verifyAuditChain } from '../../src/access/audit.ts';
import { JobWorker, enqueuePeriodicJobs } from '../../src/reports/index.ts';
import { pdfTextSegments } from '../../src/reports/heatmaps/disclosure-check.ts';
import { AudioStore, callAudioPurgeJob, toneWav } from '../../src/registries/call-audio/index.ts';

const PASSWORD = 'clave-de-prueba-segura-2026';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const INCIDENTS = [
  'centro,folio,canal,recibido,cnie_codigo,municipio',
  'OAX,OAX-A1,911,2025-01-10T10:00:00,30102,20067',
  'OAX,OAX-A2,911,2025-01-11T11:00:00,30102,20067',
  'OAX,OAX-A3,911,2025-06-12T12:00:00,30102,20067',
  'MIX,1001,911,2025-06-13T13:00:00,30102,20039',
  'OAX,OAX-B1,911,2026-01-05T09:00:00,30102,20067',
].join('\n');

function atalaya(t: TestDatabase, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['bin/atalaya.js', ...args], {
      env: { ...process.env, ATALAYA_DATA_DIR: t.dataDir, ATALAYA_STATE: '20', DATABASE_URL: t.databaseUrl ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

for (const engine of testEngines()) {
  describe(`call audio archive on ${engine}`, () => {
    let t: TestDatabase;
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    const wavA1 = toneWav({ seconds: 2, frequency: 440 });
    const wavA3 = toneWav({ seconds: 1.5, frequency: 520 });
    const mp3 = new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...new Array(600).fill(0)]);
    const config = () => loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: 'America/Mexico_City', ATALAYA_DATA_DIR: t.dataDir, ATALAYA_AUDIO_RETENTION_DAYS: '365' });
    const db = () => handle.db;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      const imported = await importIncidents(t.db, {
        input: Readable.from([Buffer.from(INCIDENTS)]), fileName: 'incidentes.csv', format: 'csv', profile: findProfile('atalaya', t.dataDir),
        stateCode: '20', timeZone: 'America/Mexico_City', actor: 'test', now: new Date('2026-02-01T00:00:00Z'),
      });
      expect(imported.inserted).toBe(5);
      const people: [string, string, string[]][] = [
        ['director.vv', 'VV', ['area_director']],
        ['operador.vv', 'VV', ['operator']],
        ['juridico', 'JUR', ['legal_reviewer']],
        ['analista.ciber', 'CIBER', ['analyst']],
      ];
      for (const [username, area, roles] of people) await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode: area, roles, password: PASSWORD });
      await t.close(); // the command line opens the database itself
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
      await t?.destroy().catch(() => {});
    });

    it('attaches a folder from the command line by file name, from the bytes, reporting what it could not match', async () => {
      const dir = join(t.dataDir, 'entrada');
      mkdirSync(dir);
      writeFileSync(join(dir, 'OAX_OAX-A1.wav'), wavA1);
      writeFileSync(join(dir, 'OAX_OAX-A1_2.wav'), wavA1); // the same bytes again: one recording
      writeFileSync(join(dir, 'OAX_OAX-A3.wav'), mp3); // an MP3 with a .wav name
      writeFileSync(join(dir, 'OAX_OAX-A2.wav'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')); // a PNG
      writeFileSync(join(dir, 'OAX_NO-EXISTE.wav'), wavA3);
      writeFileSync(join(dir, 'grabacion sin folio.ogg'), wavA3);
      writeFileSync(join(dir, 'MIX_1001.wav'), wavA3);
      const report = join(t.dataDir, 'reporte.csv');
      const run = await atalaya(t, ['audio', 'attach', dir, '--report', report]);
      expect(run.code, run.stderr).toBe(1); // some files were not attached
      expect(run.stdout).toContain('7 archivos: 3 anexados, 1 ya estaban anexados, 2 sin coincidencia, 1 rechazados.');
      expect(run.stdout).toMatch(/anexado\s+OAX_OAX-A3\.wav.*duración no determinada.*el nombre dice \.wav pero el contenido es MP3/);
      expect(run.stdout).toMatch(/rechazado\s+OAX_OAX-A2\.wav.*no es un audio WAV, MP3 ni OGG/);
      expect(run.stdout).toMatch(/sin coincidencia\s+OAX_NO-EXISTE\.wav.*no hay un incidente con el folio NO-EXISTE en el centro OAX/);
      expect(run.stdout).toMatch(/sin coincidencia\s+grabacion sin folio\.ogg/);
      const csv = readFileSync(report, 'utf8');
      expect(csv).toContain('archivo,resultado,centro,folio,audio,detalle');
      expect(csv.split('\n').filter((l) => l.includes('sin coincidencia'))).toHaveLength(2);

      const again = await atalaya(t, ['audio', 'attach', dir, '--center', 'MIX']);
      expect(again.stdout).toContain('el nombre indica el centro OAX, distinto de --center MIX');

      handle = await openDatabase({ dataDir: t.dataDir, databaseUrl: t.databaseUrl });
      const rows = await db().selectFrom('call_recordings').select(['folio', 'sha256', 'format', 'duration_seconds', 'source']).orderBy('id').execute();
      expect(rows.map((r) => [r.folio, r.format, r.duration_seconds, r.source])).toEqual([['1001', 'wav', 1.5, 'cli'], ['OAX-A1', 'wav', 2, 'cli'], ['OAX-A3', 'mp3', null, 'cli']]);
      const store = AudioStore.forDataDir(t.dataDir);
      for (const r of rows) {
        expect(sha(readFileSync(store.pathOf(r.sha256)))).toBe(r.sha256);
        expect(statSync(store.pathOf(r.sha256)).mode & 0o222).toBe(0); // read-only
      }
      expect(rows[1]!.sha256).toBe(sha(wavA1));
    });

    it('lets allowed roles upload, and plays or downloads only with a reason, each access recorded', async () => {
      app = await buildApp({ config: config(), database: handle });
      for (const username of ['director.vv', 'operador.vv', 'juridico', 'analista.ciber']) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
        sessions.set(username, { cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value, csrf: res.json().csrfToken });
      }
      const as = (user: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
        app.inject({ method, url, payload: payload as never, cookies: { [SESSION_COOKIE]: sessions.get(user)!.cookie }, headers: { 'x-csrf-token': sessions.get(user)!.csrf, ...headers } });

      const found = await as('operador.vv', 'GET', '/api/call-audio/incidents?center=OAX&folio=OAX-B1');
      expect(found.statusCode).toBe(200);
      const incidentId = found.json().incident.id;
      const boundary = '----audio';
      const upload = (user: string, name: string, bytes: Uint8Array) =>
        as(user, 'POST', `/api/call-audio/incidents/${incidentId}/recordings`, Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
          Buffer.from(bytes),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]), { 'content-type': `multipart/form-data; boundary=${boundary}` });
      const b1 = toneWav({ seconds: 3, frequency: 600 });
      expect((await upload('analista.ciber', 'b1.wav', b1)).statusCode).toBe(403);
      const notAudio = await upload('operador.vv', 'b1.wav', new TextEncoder().encode('%PDF-1.4 no soy audio'));
      expect(notAudio.statusCode).toBe(415);
      expect(notAudio.json().code).toBe('formato_no_admitido');
      const up = await upload('operador.vv', 'b1.wav', b1);
      expect(up.statusCode, up.body).toBe(201);
      expect(up.json().recording).toMatchObject({ sha256: sha(b1), duration_seconds: 3, format: 'wav' });
      expect((await upload('operador.vv', 'copia.wav', b1)).json().status).toBe('already_attached');
      const id = up.json().recording.id;

      expect((await as('operador.vv', 'POST', `/api/call-audio/recordings/${id}/access`, { purpose: 'play', reason: 'Revisión de calidad' })).statusCode).toBe(403);
      expect((await as('analista.ciber', 'GET', `/api/call-audio/recordings/${id}`)).statusCode).toBe(403);
      const noReason = await as('director.vv', 'POST', `/api/call-audio/recordings/${id}/access`, { purpose: 'play', reason: '  ' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().code).toBe('motivo_requerido');
      const ticket = await as('director.vv', 'POST', `/api/call-audio/recordings/${id}/access`, { purpose: 'play', reason: 'Solicitud de la Fiscalía', reference: 'FGE/SOL/55/2026' });
      expect(ticket.statusCode).toBe(200);
      const url = ticket.json().url as string;
      const whole = await as('director.vv', 'GET', url);
      expect(whole.statusCode).toBe(200);
      expect(whole.headers['content-type']).toBe('audio/wav');
      expect(sha(whole.rawPayload)).toBe(sha(b1));
      const part = await as('director.vv', 'GET', url, undefined, { range: 'bytes=0-43' });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 0-43/${b1.length}`);
      expect(part.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
      expect((await as('juridico', 'GET', url)).statusCode).toBe(403); // someone else's ticket
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      const download = await as('juridico', 'POST', `/api/call-audio/recordings/${id}/access`, { purpose: 'download', reason: 'Entrega al Ministerio Público', reference: 'CI-900/2026' });
      const file = await as('juridico', 'GET', download.json().url);
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="OAX_OAX-B1_\d+\.wav"$/);

      const events = await db().selectFrom('call_recording_custody').select(['action', 'actor', 'reason', 'reference']).where('recording_id', '=', id).orderBy('id').execute();
      expect(events).toEqual([
        { action: 'attach', actor: 'operador.vv', reason: null, reference: null },
        { action: 'play', actor: 'director.vv', reason: 'Solicitud de la Fiscalía', reference: 'FGE/SOL/55/2026' },
        { action: 'download', actor: 'juridico', reason: 'Entrega al Ministerio Público', reference: 'CI-900/2026' },
      ]);
      const audit = await db().selectFrom('audit_log').select('action').where('entity', '=', 'call_recording').where('entity_id', '=', String(id)).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['call_audio.attach', 'call_audio.play', 'call_audio.download']);
      await expect(sql`DELETE FROM call_recording_custody`.execute(db())).rejects.toThrow(/solo admite nuevos registros/);

      // A file altered on disk is noticed before anyone listens to it.
      const store = AudioStore.forDataDir(t.dataDir);
      const a3 = await db().selectFrom('call_recordings').select(['id', 'sha256']).where('folio', '=', 'OAX-A3').executeTakeFirstOrThrow();
      const { chmodSync } = await import('node:fs');
      chmodSync(store.pathOf(a3.sha256), 0o600);
      writeFileSync(store.pathOf(a3.sha256), Buffer.from('alterado'));
      const tampered = await as('juridico', 'POST', `/api/call-audio/recordings/${a3.id}/access`, { purpose: 'play', reason: 'Revisión del expediente' });
      expect(tampered.statusCode).toBe(409);
      expect(tampered.json().code).toBe('integridad');
      writeFileSync(store.pathOf(a3.sha256), mp3);
    });

    it('purges recordings past their retention on schedule, except those under legal hold, leaving tombstones', async () => {
      const cfg = config();
      const as = (user: string, url: string, payload: unknown) =>
        app.inject({ method: 'POST', url, payload: payload as never, cookies: { [SESSION_COOKIE]: sessions.get(user)!.cookie }, headers: { 'x-csrf-token': sessions.get(user)!.csrf } });
      const byFolio = async (folio: string) => db().selectFrom('call_recordings').selectAll().where('folio', '=', folio).executeTakeFirstOrThrow();
      const a1 = await byFolio('OAX-A1');
      expect((await as('director.vv', `/api/call-audio/recordings/${a1.id}/hold`, { reason: 'x' })).json().code).toBe('motivo_requerido');
      expect((await as('operador.vv', `/api/call-audio/recordings/${a1.id}/hold`, { reason: 'Carpeta de investigación abierta' })).statusCode).toBe(403);
      const hold = await as('juridico', `/api/call-audio/recordings/${a1.id}/hold`, { reason: 'Carpeta de investigación abierta', reference: 'CI-77/2025' });
      expect(hold.statusCode).toBe(201);

      // The daily job: enqueued once per local day, run by the report worker. On 2026-03-01 the calls of January
      // 2025 are more than 365 days old; those of June 2025 and January 2026 are not.
      const day = new Date('2026-03-01T18:00:00Z');
      const job = callAudioPurgeJob(db(), cfg, () => day);
      expect(await enqueuePeriodicJobs(db(), [job], day)).toHaveLength(1);
      expect(await enqueuePeriodicJobs(db(), [job], new Date('2026-03-01T23:00:00Z'))).toHaveLength(0);
      expect(await new JobWorker(db(), { [job.kind]: job.run }).runOnce()).toBe(true);
      const done = await db().selectFrom('jobs').select(['status', 'result']).where('kind', '=', 'call_audio_purge').executeTakeFirstOrThrow();
      expect(done.status).toBe('done');
      expect(done.result).toMatchObject({ purged: 0, held: 1, retentionDays: 365 });

      // A year later, without the hold, January and June 2025 go; the tombstones keep hash and who purged when.
      const holdId = hold.json().id;
      expect((await as('juridico', `/api/call-audio/holds/${holdId}/lift`, { reason: 'Se concluyó la carpeta' })).statusCode).toBe(200);
      const { purgeExpired } = await import('../../src/registries/call-audio/recordings.ts');
      const store = AudioStore.forDataDir(t.dataDir);
      const later = new Date('2026-07-01T12:00:00Z');
      expect(await purgeExpired(db(), store, SYSTEM_ACTOR, 365, later)).toEqual({ purged: 3, held: 0, filesRemoved: 3 });
      const purged = await byFolio('OAX-A1');
      expect(purged).toMatchObject({ status: 'purged', purged_by: 'sistema', sha256: a1.sha256 });
      expect(purged.purge_reason).toContain('365 días');
      expect(existsSync(store.pathOf(a1.sha256))).toBe(false);
      expect((await byFolio('OAX-B1')).status).toBe('stored');
      const events = await db().selectFrom('call_recording_custody').select('action').where('recording_id', '=', a1.id).orderBy('id').execute();
      expect(events.map((e) => e.action)).toEqual(['attach', 'hold_set', 'hold_lift', 'purge']);
      const gone = await as('juridico', `/api/call-audio/recordings/${a1.id}/access`, { purpose: 'play', reason: 'Revisión del expediente' });
      expect(gone.statusCode).toBe(410);
    });

    it('exports a chain-of-custody package whose files match their manifest', async () => {
      const ids = (await db().selectFrom('call_recordings').select('id').where('folio', 'in', ['OAX-B1', 'OAX-A1']).orderBy('id').execute()).map((r) => Number(r.id));
      const post = (user: string, payload: unknown) =>
        app.inject({ method: 'POST', url: '/api/call-audio/custody-packages', payload: payload as never, cookies: { [SESSION_COOKIE]: sessions.get(user)!.cookie }, headers: { 'x-csrf-token': sessions.get(user)!.csrf } });
      expect((await post('operador.vv', { recordingIds: ids, reason: 'Solicitud FGE' })).statusCode).toBe(403);
      const res = await post('juridico', { recordingIds: ids, reason: 'Solicitud de la Fiscalía General del Estado', reference: 'FGE/SOL/55/2026', recipient: 'Fiscalía General del Estado' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const zip = new Uint8Array(res.rawPayload);
      expect(sha(zip)).toBe(res.headers['x-content-sha256']);
      const entries = unzipSync(zip);
      const names = Object.keys(entries).sort();
      expect(names).toEqual(['SHA256SUMS', expect.stringMatching(/^audios\/OAX_OAX-B1_\d+\.wav$/), 'cadena-de-custodia.json', 'cadena-de-custodia.pdf', 'manifiesto.json'].sort());
      const sums = new TextDecoder().decode(entries['SHA256SUMS']).trim().split('\n');
      expect(sums).toHaveLength(1);
      for (const line of sums) {
        const [hash, path] = line.split('  ');
        expect(sha(entries[path!]!)).toBe(hash);
      }
      const record = JSON.parse(new TextDecoder().decode(entries['cadena-de-custodia.json']));
      expect(record.package).toMatchObject({ reason: 'Solicitud de la Fiscalía General del Estado', reference: 'FGE/SOL/55/2026', files: 1, recordings: 2 });
      const a1 = record.recordings.find((r: { incident: { folio: string } }) => r.incident.folio === 'OAX-A1');
      expect(a1).toMatchObject({ status: 'purgado', file: null, purged: { by: 'sistema' } });
      expect(a1.events.map((e: { action: string }) => e.action)).toEqual(['attach', 'hold_set', 'hold_lift', 'purge', 'export']);
      const b1 = record.recordings.find((r: { incident: { folio: string } }) => r.incident.folio === 'OAX-B1');
      expect(b1.events.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual(['attach:operador.vv', 'play:director.vv', 'download:juridico', 'export:juridico']);
      const manifest = JSON.parse(new TextDecoder().decode(entries['manifiesto.json']));
      expect(manifest.tombstones).toEqual([{ recordingId: a1.recordingId, sha256: a1.sha256, status: 'purgado' }]);
      const pdf = pdfTextSegments(entries['cadena-de-custodia.pdf']!).join('\n');
      expect(pdf).toContain('Registro de cadena de custodia');
      expect(pdf).toContain('FGE/SOL/55/2026');
      const audit = await db().selectFrom('audit_log').select('details').where('action', '=', 'call_audio.export').executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ packageSha256: sha(zip) });
      expect((await verifyAuditChain(db())).ok).toBe(true);
    });
  });
}
