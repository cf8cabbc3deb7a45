// The supply of the national databases (Plataforma México) on every engine: a supply log with bad rows keeps each
// with its line and reasons; importing it again changes nothing and a corrected row moves the monthly rollup by
// exactly its difference; the indicators of a small hand-made log are the ones computed by hand, and on a demo year
// they reconcile with the stored records; the CNI products (XLSX, PDF, CSV) carry counts, never folios or personal
// data; only Plataforma México imports, and who may read the statistics is decided by permission.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { loadConfig } from '../../src/config.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';
import { accessErrorHandler, accessRoutes, CSRF_HEADER, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { generateProduct, getProductFile } from '../../src/reports/index.ts';
import { pdfTextSegments } from '../../src/reports/heatmaps/index.ts';
import {
  importSupplyLog,
  nationalDatabaseRoutes,
  nationalDatabases,
  seedSupplyDemo,
  supplyIndicators,
} from '../../src/registries/national-databases/index.ts';
import { requiredMask } from '../../src/registries/national-databases/definitions.ts';

const STATE = '20';
const TZ = 'America/Mexico_City';
const NOW = new Date('2026-03-15T18:00:00Z');
const config = loadConfig({ ATALAYA_STATE: STATE, ATALAYA_TZ: TZ, ATALAYA_DATA_DIR: '/tmp/atalaya-nd-test' });
const PASSWORD = 'clave-de-prueba-segura-2026';

const HEADER = 'folio,fecha_evento,fecha_carga,tipo_iph,institucion,municipio,cuip_primer_respondiente,detenidos,latitud,longitud';
const GOOD = [
  'IPH-1,2026-02-01 10:00,2026-02-01 18:00,hecho_delictivo,Policía Estatal,20067,C1,1,17.06,-96.72', // same day, complete
  'IPH-2,2026-02-01 23:30,2026-02-02 08:00,Infracción administrativa,Policía Estatal,067,C2,,17.06,-96.72', // 1 day, complete
  'IPH-3,2026-02-03,2026-02-06 09:00,delictivo,Policía Vial Estatal,Oaxaca de Juárez,,0,17.0,-96.7', // 3 days, no CUIP
  'IPH-4,2026-01-30 12:00,2026-02-02 12:00,hpd,Policía Estatal,20390,C4,2,,', // 3 days, no coordinates
  'IPH-5,2026-02-10 09:00,2026-02-10 11:00,administrativa,,20385,C5,,17.0,-96.7', // same day, no institution
  'IPH-6,10/02/2026 07:15,10/02/2026 20:00,delito,Policía Estatal,20385,C6,1,17.0,-96.7', // same day, complete
  'IPH-7,2026-02-14T06:00:00-06:00,2026-02-14T23:59:00-06:00,infraccion,Policía Estatal,20067,C7,,17.0,-96.7', // same day, complete
  'IPH-8,2026-02-20 22:00,2026-03-01 10:00,delictivo,Policía Estatal,20067,C8,1,17.0,-96.7', // loaded in March, 9 days
];
const BAD = [
  ',2026-02-01,2026-02-01 10:00,delictivo,Policía Estatal,20067,C9,,17,-96', // line 10
  'IPH-10,32/02/2026,2026-02-03 10:00,delictivo,Policía Estatal,20067,C10,,17,-96',
  'IPH-11,2026-02-12 10:00,2026-02-11 09:00,delictivo,Policía Estatal,20067,C11,,17,-96',
  'IPH-12,2026-02-12 10:00,2026-02-12 11:00,otro,Policía Estatal,20067,C12,,17,-96',
  'IPH-13,2026-02-12 10:00,2026-02-12 11:00,delictivo,Policía Estatal,99999,C13,,17,-96',
  'IPH-14,2026-02-12 10:00,2026-02-12 11:00,delictivo,Policía Estatal,20067,C14,dos,17,-96',
  'IPH-1,2026-02-01 10:00,2026-02-01 18:00,hecho_delictivo,Policía Estatal,20067,C1,1,17.06,-96.72',
  'IPH-16,2026-02-12 10:00,2026-02-12 11:00,delictivo',
  'IPH-17,2099-03-30 10:00,2099-04-01 11:00,delictivo,Policía Estatal,20067,C17,,17,-96',
  'IPH-18,2026-02-12 10:00,2026-02-12 11:00,delictivo,Policía Estatal,20067,C18,,95,-96',
];
const LOG = [HEADER, ...GOOD, ...BAD].join('\n') + '\n';

/** The rollup must equal a GROUP BY over the stored records. */
async function assertRollupMatchesRecords(db: TestDatabase['db']) {
  const raw = await sql`
    SELECT database, date_trunc('month', load_date)::date::text AS month, category, municipality_code, present_mask, least(delay_days, 400) AS delay_days, count(*)::int AS n
    FROM nd_records GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const rollup = await sql`
    SELECT database, month::text AS month, category, municipality_code, present_mask, delay_days, n FROM nd_rollup_monthly ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  expect(rollup.rows).toEqual(raw.rows);
}

const iph = (input: string, fileName = 'iph.csv', now = NOW) =>
  (db: TestDatabase['db']) => importSupplyLog(db, { database: 'iph', input: Readable.from([input]), fileName, stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now });

for (const engine of testEngines()) {
  describe(`national-database supply on ${engine}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const sessions: Record<string, { cookies: Record<string, string>; csrf: string }> = {};

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      app = Fastify();
      app.setErrorHandler(accessErrorHandler);
      await app.register(fastifyMultipart);
      await app.register(accessRoutes, { db: t.db });
      await app.register(nationalDatabaseRoutes, { db: t.db, config, engine });
      await app.ready();
      for (const [username, area, roles] of [
        ['analista.pm', 'PM', ['analyst']],
        ['operador.pm', 'PM', ['operator']],
        ['analista.cee', 'CEE', ['analyst']],
        ['operador.cee', 'CEE', ['operator']],
        ['admin.pm', 'DG', ['admin']],
      ] as const) {
        await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode: area, roles: [...roles], password: PASSWORD, mustChangePassword: false });
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
        sessions[username] = { cookies: { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value }, csrf: res.json().csrfToken };
      }
    });
    afterAll(async () => {
      await app?.close();
      await t?.destroy();
    });

    it('imports a supply log keeping every bad row with its line and reason', async () => {
      const s = await iph(LOG)(t.db);
      expect(s).toMatchObject({ read: 18, inserted: 8, updated: 0, unchanged: 0, rejected: 10, firstLoadDate: '2026-02-01', lastLoadDate: '2026-03-01' });
      expect(s.rejectedByReason).toEqual({
        falta_folio: 1,
        fecha_invalida: 1,
        evento_posterior_a_carga: 1,
        valor_no_reconocido: 1,
        municipio_desconocido: 1,
        numero_invalido: 1,
        folio_repetido: 1,
        columnas_incorrectas: 1,
        fecha_carga_futura: 1,
        coordenada_invalida: 1,
      });
      const rejects = await t.db.selectFrom('nd_rejects').selectAll().where('import_id', '=', s.importId).orderBy('line').execute();
      expect(rejects.map((r) => r.line)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      expect(rejects[2]!.reasons[0]).toMatch(/^evento_posterior_a_carga: La fecha y hora del hecho \(2026-02-12\) es posterior a su carga \(2026-02-11\)/);
      expect(rejects[3]!.reasons[0]).toMatch(/«otro» no es uno de: hecho probablemente delictivo, infracción administrativa/);
      expect(rejects[7]!.raw).toBe('IPH-16,2026-02-12 10:00,2026-02-12 11:00,delictivo');
      const stored = await t.db.selectFrom('nd_records').select(['folio', 'category', 'municipality_code', 'delay_days', 'load_date']).orderBy('folio').execute();
      expect(stored.map((r) => [r.folio, r.category, r.municipality_code, r.delay_days, r.load_date])).toEqual([
        ['IPH-1', 'hecho_delictivo', '20067', 0, '2026-02-01'],
        ['IPH-2', 'infraccion_administrativa', '20067', 1, '2026-02-02'],
        ['IPH-3', 'hecho_delictivo', '20067', 3, '2026-02-06'],
        ['IPH-4', 'hecho_delictivo', '20390', 3, '2026-02-02'],
        ['IPH-5', 'infraccion_administrativa', '20385', 0, '2026-02-10'],
        ['IPH-6', 'hecho_delictivo', '20385', 0, '2026-02-10'],
        ['IPH-7', 'infraccion_administrativa', '20067', 0, '2026-02-14'],
        ['IPH-8', 'hecho_delictivo', '20067', 9, '2026-03-01'],
      ]);
      await assertRollupMatchesRecords(t.db);
    });

    it('refuses a log without the common columns, naming the layout', async () => {
      await expect(iph('folio,fecha,tipo_iph\nX,2026-02-01,delictivo\n', 'mal.csv')(t.db)).rejects.toThrow(
        /le faltan las columnas fecha_evento, fecha_carga\. Una bitácora de Informe Policial Homologado \(IPH\) lleva las columnas: folio, fecha_evento, fecha_carga, tipo_iph/,
      );
      const run = await t.db.selectFrom('nd_imports').select(['status']).where('file_name', '=', 'mal.csv').executeTakeFirstOrThrow();
      expect(run.status).toBe('failed');
    });

    it('computes the indicators of the hand-made log as by hand', async () => {
      const feb = await supplyIndicators(t.db, parsePeriod('2026-02'), ['iph']);
      const x = feb.databases[0]!;
      expect([x.volume, x.complete, x.withinDeadline, x.sameDay, x.medianDelay, x.p90Delay]).toEqual([7, 4, 5, 4, 0, 3]);
      expect(x.completeShare).toBeCloseTo(4 / 7, 12);
      expect(x.timelyShare).toBeCloseTo(5 / 7, 12);
      expect(x.byCategory.map((c) => [c.code, c.volume])).toEqual([['hecho_delictivo', 4], ['infraccion_administrativa', 3]]);
      expect(Object.fromEntries(x.fields.map((f) => [f.name, f.present]))).toEqual({ tipo_iph: 7, institucion: 6, municipio: 7, cuip_primer_respondiente: 6, latitud: 6, longitud: 6 });
      expect(x.byMunicipality.map((m) => [m.code, m.volume])).toEqual([['20067', 4], ['20385', 2], ['20390', 1]]);
      const quarter = await supplyIndicators(t.db, parsePeriod('2026-Q1'), ['iph']);
      expect(quarter.databases[0]!.byMonth.map((m) => [m.key, m.volume, m.withinDeadline])).toEqual([['2026-01', 0, 0], ['2026-02', 7, 5], ['2026-03', 1, 0]]);
      const march = await supplyIndicators(t.db, parsePeriod('2026-03'), ['iph']);
      expect([march.databases[0]!.volume, march.databases[0]!.previousVolume]).toEqual([1, 7]);
    });

    it('is idempotent, and a corrected row moves the figures by its difference', async () => {
      const rollup = () =>
        t.db.selectFrom('nd_rollup_monthly').selectAll().orderBy('month').orderBy('category').orderBy('municipality_code').orderBy('present_mask').orderBy('delay_days').execute();
      const before = await rollup();
      const again = await iph(LOG, 'iph-otra-vez.csv')(t.db);
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 8, rejected: 10 });
      expect(await rollup()).toEqual(before);

      // IPH-3 now carries its first responder's CUIP: February gains a complete record, nothing else moves.
      const corrected = [HEADER, GOOD[2]!.replace(',Oaxaca de Juárez,,0,', ',Oaxaca de Juárez,C3,0,')].join('\n');
      const s = await iph(corrected, 'iph-corregido.csv')(t.db);
      expect(s).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, rejected: 0 });
      const feb = (await supplyIndicators(t.db, parsePeriod('2026-02'), ['iph'])).databases[0]!;
      expect([feb.volume, feb.complete, feb.withinDeadline]).toEqual([7, 5, 5]);
      await assertRollupMatchesRecords(t.db);
    });

    it('reconciles the indicators of a demo year with the stored records', async () => {
      const stored = await seedSupplyDemo(t.db, { stateCode: STATE, timeZone: TZ, endMonth: '2026-02', months: 3, scale: 0.05, now: NOW });
      // The hand-made log was imported first, so the demo declines to load (it only fills an empty registry).
      expect(stored).toBe(0);
      await t.db.deleteFrom('nd_rollup_monthly').execute();
      await t.db.deleteFrom('nd_records').execute();
      await t.db.deleteFrom('nd_rejects').execute();
      await t.db.deleteFrom('nd_imports').execute();
      const loaded = await seedSupplyDemo(t.db, { stateCode: STATE, timeZone: TZ, endMonth: '2026-02', months: 3, scale: 0.05, now: NOW });
      expect(loaded).toBeGreaterThan(300);
      await assertRollupMatchesRecords(t.db);
      const period = parsePeriod('2026-Q1');
      const indicators = await supplyIndicators(t.db, period);
      for (const def of nationalDatabases()) {
        const r = await sql<{ n: number; complete: number; timely: number; median: number | null }>`
          SELECT count(*)::int AS n,
                 count(*) FILTER (WHERE present_mask & ${requiredMask(def)} = ${requiredMask(def)})::int AS complete,
                 count(*) FILTER (WHERE delay_days <= ${def.indicators.deadlineDays})::int AS timely,
                 percentile_disc(0.5) WITHIN GROUP (ORDER BY delay_days) AS median
          FROM nd_records WHERE database = ${def.code} AND load_date BETWEEN ${period.firstDay} AND ${period.lastDay}`.execute(t.db);
        const x = indicators.databases.find((d) => d.code === def.code)!;
        const expected = r.rows[0]!;
        expect([x.volume, x.complete, x.withinDeadline, x.medianDelay], def.code).toEqual([expected.n, expected.complete, expected.timely, expected.median === null ? null : Number(expected.median)]);
        expect(x.volume, def.code).toBeGreaterThan(0);
      }
    });

    it('produces the CNI statistics as XLSX, PDF and CSV with counts only', async () => {
      const actor = { id: null, username: 'cli' };
      const product = await generateProduct(t.db, config, { type: 'plataforma-mexico', period: '2026-02', userId: null, actor });
      expect(product.files.map((f) => f.format)).toEqual(['xlsx', 'pdf', 'csv']);
      const indicators = await supplyIndicators(t.db, parsePeriod('2026-02'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await getProductFile(t.db, product.id, 'xlsx'))!.content as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Resumen', ...nationalDatabases().map((d) => d.shortName)]);
      const summary = wb.getWorksheet('Resumen')!.getSheetValues() as unknown[][];
      for (const x of indicators.databases) {
        const row = summary.find((v) => Array.isArray(v) && v[1] === x.name)!;
        expect([row[2], row[3]], x.code).toEqual([x.volume, x.complete]);
      }
      const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode((await getProductFile(t.db, product.id, 'csv'))!.content);
      expect(csv.split('\n')[0]).toBe('\uFEFFperiodo,base,nombre_base,desglose,valor,registros,completos,completitud,en_plazo,oportunidad,mediana_dias,p90_dias');
      const iphTotal = csv.split('\n').find((l) => l.startsWith('2026-02,iph,') && l.includes(',total,'))!;
      expect(iphTotal.split(',')[5]).toBe(String(indicators.databases[0]!.volume));
      const pdf = (await getProductFile(t.db, product.id, 'pdf'))!.content;
      const text = pdfTextSegments(pdf).join(' ');
      expect(text).toContain('Información suministrada a Plataforma México');
      // No record's folio or captured value reaches a product.
      const folios = (await t.db.selectFrom('nd_records').select('folio').limit(50).execute()).map((r) => r.folio);
      for (const f of product.files) {
        const bytes = new TextDecoder('latin1').decode((await getProductFile(t.db, product.id, f.format))!.content);
        for (const folio of folios) expect(bytes, f.format).not.toContain(folio);
        expect(bytes).not.toMatch(/XEXX\d{6}/); // the demo's CURPs
      }
      const quarter = await generateProduct(t.db, config, { type: 'plataforma-mexico', period: '2026-Q1', userId: null, actor });
      expect(quarter.summary.registros).toBe((await supplyIndicators(t.db, parsePeriod('2026-Q1'))).total.volume);
    });

    it('lets only Plataforma México import, and the analysts of other areas read the statistics', async () => {
      const boundary = '----atalaya-nd';
      const body = (database: string) => ({
        payload: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="database"\r\n\r\n${database}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="iph.csv"\r\nContent-Type: text/csv\r\n\r\n${LOG}\r\n--${boundary}--\r\n`,
        ),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      const post = (who: string, database = 'iph') =>
        app.inject({ method: 'POST', url: '/api/national-databases/imports', ...body(database), cookies: sessions[who]!.cookies, headers: { ...body(database).headers, [CSRF_HEADER]: sessions[who]!.csrf } });
      expect((await post('analista.cee')).statusCode).toBe(403);
      expect((await post('operador.cee')).statusCode).toBe(403);
      const ok = await post('operador.pm');
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ database: 'iph', read: 18, rejected: 10 });
      const unknown = await post('analista.pm', 'predial');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().code).toBe('base_desconocida');
      const rejects = await app.inject({ method: 'GET', url: `/api/national-databases/imports/${ok.json().importId}/rejects.csv`, cookies: sessions['analista.pm']!.cookies });
      expect(rejects.body.split('\n').length).toBe(12); // header, ten rows, final newline
      const get = (who: string, url: string) => app.inject({ method: 'GET', url, cookies: sessions[who]!.cookies });
      expect((await get('analista.cee', '/api/national-databases/indicators?period=2026-02')).statusCode).toBe(200);
      expect((await get('operador.cee', '/api/national-databases/indicators?period=2026-02')).statusCode).toBe(403);
      expect((await get('admin.pm', '/api/national-databases/indicators?period=2026-02')).statusCode).toBe(403);
      expect((await get('analista.cee', '/api/national-databases/imports')).statusCode).toBe(403);
      const bad = await get('analista.cee', '/api/national-databases/indicators?period=2026-H1');
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'periodo_invalido']);
      const example = await get('analista.cee', '/api/national-databases/examples/iph.csv');
      expect(example.statusCode).toBe(200);
      expect(example.body.split('\n')[0]).toBe(HEADER);
    });
  });
}
