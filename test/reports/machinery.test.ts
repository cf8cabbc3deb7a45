// The report machinery on every engine, with a small fake generator: products are versioned (a regeneration names
// the version it replaces) and immutable (the database refuses UPDATE and DELETE), the same data gives the same
// SHA-256, the job queue retries with backoff and then fails, recovers the jobs of a dead process, the scheduler
// enqueues a due report once, and generating needs the reports.generate permission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { loadConfig } from '../../src/config.ts';
import { accessErrorHandler, accessRoutes, CSRF_HEADER, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import {
  GENERATE_REPORT,
  JobWorker,
  claimJob,
  enqueueJob,
  ensureReportCatalog,
  generateProduct,
  getJob,
  getProductFile,
  listNotifications,
  recoverStaleJobs,
  registerGenerator,
  reportRoutes,
  runGenerateJob,
  scheduleStatus,
  scheduleTick,
  unregisterGenerator,
  type ReportGenerator,
} from '../../src/reports/index.ts';

const config = loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: 'America/Mexico_City', ATALAYA_DATA_DIR: '/tmp/unused' });
const FAKE = 'fake_machinery';
const TYPE = 'prueba-maquinaria';
let failuresLeft = 0;

interface FakeData {
  period: string;
  rows: number;
  scope: string;
}

const fakeGenerator: ReportGenerator<FakeData> = {
  name: FAKE,
  periodKinds: ['month', 'quarter'],
  formats: ['csv', 'json'],
  params: z.object({ center: z.string().min(1, 'el centro no puede ir vacío').optional() }) as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(params) {
    return params.center ? `Centro ${String(params.center)}` : 'Estatal';
  },
  async compute(ctx) {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('fallo transitorio de prueba');
    }
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_daily WHERE local_date BETWEEN ${ctx.period.firstDay} AND ${ctx.period.lastDay}`.execute(ctx.db);
    return { period: ctx.period.key, rows: Number(r.rows[0]!.n), scope: String(ctx.params.center ?? 'estatal') };
  },
  async render(data, format, meta) {
    const text = format === 'csv'
      ? `reporte,periodo,alcance,filas\n${meta.reportCode},${data.period},${meta.scopeLabel},${data.rows}\n`
      : JSON.stringify({ meta, data });
    return new TextEncoder().encode(text);
  },
  summary: (d) => ({ filas: d.rows }),
};

describe.each(testEngines())('report machinery on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await ensureReportCatalog(t.db);
    registerGenerator(fakeGenerator);
    await t.db
      .insertInto('report_types')
      .values({
        code: TYPE,
        name: 'Reporte de prueba de la maquinaria',
        area: 'CEE',
        internal: true,
        external: false,
        beneficiaries: ['C4'],
        periodicity: 'monthly',
        formats: ['csv', 'json'],
        generator: FAKE,
        default_classification: 'internal',
      })
      .execute();
  });

  afterAll(async () => {
    unregisterGenerator(FAKE);
    await t?.destroy();
  });

  it('versions products: a regeneration is version 2 naming version 1, with byte-identical files', async () => {
    const v1 = await generateProduct(t.db, config, { type: TYPE, period: '2026-03', params: {}, userId: null, actor: CLI_ACTOR });
    const v2 = await generateProduct(t.db, config, { type: TYPE, period: '2026-03', params: {}, userId: null, actor: CLI_ACTOR });
    expect(v1.version).toBe(1);
    expect(v1.replaces_id).toBeNull();
    expect(v2.version).toBe(2);
    expect(v2.replaces_id).toBe(v1.id);
    expect(v1.files.map((f) => f.format)).toEqual(['csv', 'json']);
    expect(v2.files.map((f) => f.sha256)).toEqual(v1.files.map((f) => f.sha256));
    expect(v2.files[0]!.file_name).toBe(`${TYPE}_2026-03_v2.csv`);
    const csv = await getProductFile(t.db, v2.id, 'csv');
    expect(new TextDecoder().decode(csv!.content)).toContain(`${TYPE},2026-03,Estatal,0`);
    expect(csv!.media_type).toBe('text/csv; charset=utf-8');
    expect(v2.classification).toBe('internal');
    expect(v2.summary).toEqual({ filas: 0 });

    // Other parameters or another catalog version are another series, starting at version 1.
    const center = await generateProduct(t.db, config, { type: TYPE, period: '2026-03', params: { center: 'OAX' }, userId: null, actor: CLI_ACTOR });
    expect(center.version).toBe(1);
    expect(center.files[0]!.file_name).toBe(`${TYPE}_2026-03_OAX_v1.csv`);
    const v2catalog = await generateProduct(t.db, config, { type: TYPE, period: '2026-03', cnieVersion: '2', userId: null, actor: CLI_ACTOR });
    expect(v2catalog.version).toBe(1);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'reports.product.generate').execute();
    expect(audit.map((a) => a.entity_id)).toEqual(expect.arrayContaining([String(v1.id), String(v2.id)]));
  });

  it('refuses to change or delete a product or its files', async () => {
    const p = await generateProduct(t.db, config, { type: TYPE, period: '2026-04', userId: null, actor: CLI_ACTOR });
    await expect(sql`UPDATE products SET version = 9 WHERE id = ${p.id}`.execute(t.db)).rejects.toThrow(/inmutables/);
    await expect(sql`DELETE FROM products WHERE id = ${p.id}`.execute(t.db)).rejects.toThrow(/inmutables/);
    await expect(sql`UPDATE product_files SET sha256 = ${'0'.repeat(64)} WHERE product_id = ${p.id}`.execute(t.db)).rejects.toThrow(/inmutables/);
    await expect(sql`DELETE FROM product_files WHERE product_id = ${p.id}`.execute(t.db)).rejects.toThrow(/inmutables/);
    const still = await getProductFile(t.db, p.id, 'json');
    expect(still?.sha256).toBe(p.files.find((f) => f.format === 'json')!.sha256);
  });

  it('validates requests with Spanish messages', async () => {
    const gen = (over: object) => generateProduct(t.db, config, { type: TYPE, period: '2026-03', userId: null, actor: CLI_ACTOR, ...over });
    await expect(gen({ type: 'no-existe' })).rejects.toThrow('No existe el tipo de reporte «no-existe».');
    await expect(gen({ type: 'audios-911' })).rejects.toThrow(/aún no está disponible en Atalaya/);
    await expect(gen({ period: '2026-13' })).rejects.toThrow(/el mes debe ir de 01 a 12/);
    await expect(gen({ period: '2026-H1' })).rejects.toThrow(/no se genera por periodo semestral/);
    await expect(gen({ params: { center: '' } })).rejects.toThrow(/Parámetros inválidos: center: el centro no puede ir vacío/);
    await expect(gen({ formats: ['pdf'] })).rejects.toThrow(/no se entrega en pdf/);
  });

  it('retries a failing job with exponential backoff, then fails it and tells the requester', async () => {
    const password = 'clave-de-prueba-segura-2026';
    const user = await addUser(t.db, CLI_ACTOR, { username: 'analista.reintentos', displayName: 'Analista', areaCode: 'CEE', roles: ['analyst'], password });
    const worker = new JobWorker(t.db, { [GENERATE_REPORT]: (job) => runGenerateJob(t.db, config, job) }, { retryBaseMs: 60_000 });
    const { id } = await enqueueJob(t.db, { kind: GENERATE_REPORT, requestedBy: user.id, maxAttempts: 3, payload: { type: TYPE, period: '2026-05' } });
    failuresLeft = 3;

    expect(await worker.runOnce()).toBe(true);
    let job = (await getJob(t.db, id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'fallo transitorio de prueba' });
    const firstDelay = job.run_after.getTime() - Date.now();
    expect(firstDelay).toBeGreaterThan(50_000);
    expect(firstDelay).toBeLessThanOrEqual(60_000);
    expect(await worker.runOnce()).toBe(false); // not due yet

    // Make it due, fail again: the second wait is twice the first.
    await t.db.updateTable('jobs').set({ run_after: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    expect(await worker.runOnce()).toBe(true);
    job = (await getJob(t.db, id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 2 });
    expect(job.run_after.getTime() - Date.now()).toBeGreaterThan(110_000);

    await t.db.updateTable('jobs').set({ run_after: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    expect(await worker.runOnce()).toBe(true);
    job = (await getJob(t.db, id))!;
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'fallo transitorio de prueba' });
    expect(job.finished_at).toBeInstanceOf(Date);

    // An invalid request is not retried.
    const bad = await enqueueJob(t.db, { kind: GENERATE_REPORT, requestedBy: user.id, payload: { type: TYPE, period: '2026-H2' } });
    await worker.runOnce();
    expect(await getJob(t.db, bad.id)).toMatchObject({ status: 'failed', attempts: 1 });

    // A job that succeeds leaves its product in the result and a notification.
    const good = await enqueueJob(t.db, { kind: GENERATE_REPORT, requestedBy: user.id, payload: { type: TYPE, period: '2026-06' } });
    const done = new JobWorker(t.db, { [GENERATE_REPORT]: (j) => runGenerateJob(t.db, config, j) }, {
      onFinished: async (j, outcome, detail) => {
        const { notify } = await import('../../src/reports/notifications.ts');
        if (outcome === 'done') await notify(t.db, j.requested_by!, `listo ${String((detail as { productId: number }).productId)}`);
      },
    });
    await done.runOnce();
    const finished = (await getJob(t.db, good.id))!;
    expect(finished.status).toBe('done');
    expect(typeof finished.result?.productId).toBe('number');
    const notes = await listNotifications(t.db, user.id);
    expect(notes.notifications[0]!.text).toBe(`listo ${String(finished.result!.productId)}`);
  });

  it('puts back the jobs of a process that died and refuses a second claim while locked', async () => {
    const { id } = await enqueueJob(t.db, { kind: 'prueba_bloqueo', payload: {} });
    const now = new Date();
    const claimed = await claimJob(t.db, { lockMs: 1000, now });
    expect(claimed?.id).toBe(id);
    expect(await claimJob(t.db, { now })).toBeUndefined();
    expect(await recoverStaleJobs(t.db, new Date(now.getTime() + 500))).toEqual([]);
    expect(await recoverStaleJobs(t.db, new Date(now.getTime() + 2000))).toEqual([{ id, status: 'queued' }]);
    const again = await claimJob(t.db, { now: new Date(now.getTime() + 2000) });
    expect(again).toMatchObject({ id, attempts: 2, status: 'running' });
    // With its attempts used up, a stale job is failed instead.
    await t.db.updateTable('jobs').set({ max_attempts: 2 }).where('id', '=', id).execute();
    expect(await recoverStaleJobs(t.db, new Date(now.getTime() + 15 * 60_000))).toEqual([{ id, status: 'failed' }]);
  });

  it('enqueues a due scheduled report once and reports its state', async () => {
    // 7 October 2026, 10:00 in Mexico City: September closed and is due on the 5th.
    const now = new Date('2026-10-07T16:00:00Z');
    const before = (await scheduleStatus(t.db, config, now)).find((r) => r.type === TYPE)!;
    expect(before).toMatchObject({ period: '2026-09', dueDate: '2026-10-05', status: 'pendiente', nextPeriod: '2026-10', nextDueDate: '2026-11-05' });
    const first = await scheduleTick(t.db, config, now);
    expect(first.filter((c) => c.type === TYPE).map((c) => c.period)).toEqual(['2026-09']);
    const second = await scheduleTick(t.db, config, now);
    expect(second).toEqual([]);
    const jobs = await t.db.selectFrom('jobs').select(['key', 'status']).where('key', 'like', `scheduled:${TYPE}:%`).execute();
    expect(jobs).toEqual([{ key: `scheduled:${TYPE}:2026-09`, status: 'queued' }]);

    // Ten days past the schedule day without a product: late. Once the job fails: failed. A product: up to date.
    expect((await scheduleStatus(t.db, config, new Date('2026-10-15T16:00:00Z'))).find((r) => r.type === TYPE)!.status).toBe('atrasado');
    await t.db.updateTable('jobs').set({ status: 'failed', last_error: 'sin datos' }).where('key', '=', `scheduled:${TYPE}:2026-09`).execute();
    expect((await scheduleStatus(t.db, config, now)).find((r) => r.type === TYPE)).toMatchObject({ status: 'fallido', lastError: 'sin datos' });
    await generateProduct(t.db, config, { type: TYPE, period: '2026-09', userId: null, actor: CLI_ACTOR });
    expect((await scheduleStatus(t.db, config, now)).find((r) => r.type === TYPE)!.status).toBe('al día');
    expect((await scheduleTick(t.db, config, now)).filter((c) => c.type === TYPE)).toEqual([]);
    // The real reports' scheduled jobs are not this test's business.
    await t.db.deleteFrom('jobs').where('status', '=', 'queued').execute();
  });

  describe('API', () => {
    let app: FastifyInstance;
    const password = 'clave-de-prueba-segura-2026';
    const session = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      expect(res.statusCode).toBe(200);
      return { cookies: { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value }, csrf: (res.json() as { csrfToken: string }).csrfToken };
    };

    beforeAll(async () => {
      app = Fastify();
      app.setErrorHandler(accessErrorHandler);
      await app.register(accessRoutes, { db: t.db });
      await app.register(reportRoutes, { database: t, config, worker: false });
      await addUser(t.db, CLI_ACTOR, { username: 'juridico.api', displayName: 'Jurídico', areaCode: 'JUR', roles: ['legal_reviewer'], password });
      await addUser(t.db, CLI_ACTOR, { username: 'directora.api', displayName: 'Directora CEE', areaCode: 'CEE', roles: ['area_director'], password });
    });
    afterAll(async () => app?.close());

    it('refuses generation without reports.generate and runs it as a job with it', async () => {
      const legal = await session('juridico.api');
      const director = await session('directora.api');
      const body = { type: TYPE, period: '2026-02' };
      const refused = await app.inject({ method: 'POST', url: '/api/reports/generate', payload: body, cookies: legal.cookies, headers: { [CSRF_HEADER]: legal.csrf } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({ code: 'sin_permiso', message: 'No tiene permiso para generar reportes.' });
      // Reading is allowed to the legal reviewer.
      const types = await app.inject({ method: 'GET', url: '/api/reports/types', cookies: legal.cookies });
      expect(types.statusCode).toBe(200);
      const catalog = (types.json() as { types: { code: string; built: boolean }[] }).types;
      expect(catalog.find((c) => c.code === 'audios-911')?.built).toBe(false);
      expect(catalog.find((c) => c.code === TYPE)?.built).toBe(true);
      expect(catalog.length).toBeGreaterThanOrEqual(12);

      const invalid = await app.inject({ method: 'POST', url: '/api/reports/generate', payload: { ...body, period: 'marzo' }, cookies: director.cookies, headers: { [CSRF_HEADER]: director.csrf } });
      expect(invalid.statusCode).toBe(400);
      expect((invalid.json() as { code: string }).code).toBe('periodo_invalido');

      const accepted = await app.inject({ method: 'POST', url: '/api/reports/generate', payload: body, cookies: director.cookies, headers: { [CSRF_HEADER]: director.csrf } });
      expect(accepted.statusCode).toBe(202);
      const { jobId } = accepted.json() as { jobId: number };
      const worker = new JobWorker(t.db, { [GENERATE_REPORT]: (job) => runGenerateJob(t.db, config, job) });
      expect(await worker.runOnce()).toBe(true);
      const job = (await app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, cookies: director.cookies })).json() as { status: string; productId: number };
      expect(job.status).toBe('done');
      const product = (await app.inject({ method: 'GET', url: `/api/products/${job.productId}`, cookies: legal.cookies })).json() as { generatedByName: string; files: { format: string; sha256: string }[] };
      expect(product.generatedByName).toBe('Directora CEE');
      const download = await app.inject({ method: 'GET', url: `/api/products/${job.productId}/files/csv`, cookies: legal.cookies });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(download.headers['content-disposition']).toContain(`filename="${TYPE}_2026-02_v1.csv"`);
      const audited = await t.db.selectFrom('audit_log').select(['actor', 'entity_id']).where('action', '=', 'reports.product.download').execute();
      expect(audited).toContainEqual({ actor: 'juridico.api', entity_id: String(job.productId) });
      const list = (await app.inject({ method: 'GET', url: `/api/products?type=${TYPE}&period=2026-02`, cookies: legal.cookies })).json() as { products: { id: number }[] };
      expect(list.products.map((p) => p.id)).toEqual([job.productId]);
      const missing = await app.inject({ method: 'GET', url: `/api/products/${job.productId}/files/pdf`, cookies: legal.cookies });
      expect(missing.statusCode).toBe(404);
      expect((missing.json() as { message: string }).message).toMatch(/no tiene un archivo/);
    });

    it('lets an administrator move the schedule day, audited, and nobody else', async () => {
      await addUser(t.db, CLI_ACTOR, { username: 'admin.reportes', displayName: 'Admin', areaCode: 'DG', roles: ['admin'], password });
      const admin = await session('admin.reportes');
      const director = await session('directora.api');
      const patch = (who: { cookies: Record<string, string>; csrf: string }, payload: object) =>
        app.inject({ method: 'PATCH', url: `/api/reports/types/${TYPE}`, payload, cookies: who.cookies, headers: { [CSRF_HEADER]: who.csrf } });
      expect((await patch(director, { scheduleDay: 10 })).statusCode).toBe(403);
      expect((await patch(admin, { scheduleDay: 31 })).statusCode).toBe(400);
      const ok = await patch(admin, { scheduleDay: 10 });
      expect(ok.json()).toEqual({ code: TYPE, scheduleDay: 10, active: true });
      const row = (await scheduleStatus(t.db, config, new Date('2026-10-07T16:00:00Z'))).find((r) => r.type === TYPE)!;
      expect(row).toMatchObject({ scheduleDay: 10, period: '2026-08', dueDate: '2026-09-10' });
      const audit = await t.db.selectFrom('audit_log').select('actor').where('action', '=', 'reports.type.update').execute();
      expect(audit).toEqual([{ actor: 'admin.reportes' }]);
    });
  });
});
