// The extortion report reconciles: modalities, municipalities and channels each add up to the total, the total and
// the distinct numbers equal counts over the raw incidents; comparisons with the previous period and the same period
// a year earlier come out right on hand-made tips (month, quarter, year); a modality outside the list is counted,
// never dropped; the files open with the right figures and are byte-identical each time; the machinery generates it.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { assertRollupsMatchRaw } from '../support/rollups.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadDemo, loadDemoCenters } from '../../src/incidents/demo.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { loadConfig } from '../../src/config.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';
import { CLI_ACTOR } from '../../src/access/users.ts';
import { generateProduct, getProductFile, listReportTypes, generatorNamed } from '../../src/reports/index.ts';
import { extortionGenerator, type ExtortionData } from '../../src/reports/extortion/index.ts';
import type { ProductMeta } from '../../src/reports/types.ts';

const DEMO_MONTH = '2026-03';
const meta: ProductMeta = {
  reportCode: 'extorsion-089',
  reportName: 'Incidencia de llamadas de extorsión',
  periodLabel: 'diciembre de 2025',
  periodKey: '2025-12',
  stateName: 'Oaxaca',
  classificationLabel: 'Reservado: destinatarios con convenio',
  cnieVersion: '3',
  scopeLabel: 'Estatal · todos los medios de entrada',
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// Hand-made tips in months the demo does not cover (it covers February and March 2026). Local times.
const HAND_MADE = [
  'centro,folio,canal,recibido,cnie_codigo,municipio,modalidad_extorsion,telefono_reportado',
  'OAX,H1,089,2024-12-05T10:00:00,30407,20067,secuestro_virtual,5511111111',
  'OAX,H2,089,2024-12-06T10:00:00,30407,20067,premio_o_sorteo,5522222222',
  'OAX,H3,089,2025-11-10T10:00:00,30407,20067,familiar_en_problemas,5511111111',
  'OAX,H4,089,2025-12-01T00:30:00,30407,20067,secuestro_virtual,5511111111',
  'OAX,H5,089,2025-12-02T10:00:00,30407,20390,Secuestro Virtual,5511111111',
  'OAX,H6,911,2025-12-03T10:00:00,30407,20390,Venta de protección,5533333333',
  'OAX,H7,089,2025-12-04T10:00:00,30406,20067,,',
  // 23:30 on 31 December in Oaxaca is already 1 January in UTC: it belongs to December.
  'OAX,H8,089,2025-12-31T23:30:00,30407,20067,COBRO DE PISO,5544444444',
  // Not extortion: a drug-dealing tip.
  'OAX,H9,089,2025-12-10T10:00:00,31007,20067,,',
  // Another code, but with a recorded modality: counted.
  'OAX,H10,911,2025-12-11T10:00:00,30448,20067,secuestro_virtual,5555555555',
  'OAX,H11,app,2025-09-15T10:00:00,30407,20067,otra,5566666666',
].join('\n');

for (const engine of testEngines()) {
  describe(`extortion report on ${engine}`, () => {
    let t: TestDatabase;
    const config = loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: 'America/Mexico_City', ATALAYA_DATA_DIR: '/tmp/unused' });
    const compute = async (period: string, params: Record<string, unknown> = {}) =>
      (await extortionGenerator.compute({
        db: t.db,
        config,
        period: parsePeriod(period),
        params: extortionGenerator.params.parse(params),
        cnieVersion: '3',
      })) as ExtortionData;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      const centers = await loadDemoCenters(t.db, '20');
      await loadDemo(t.db, { stateCode: '20', timeZone: 'America/Mexico_City', months: 2, scale: 0.02, seed: 5, endMonth: DEMO_MONTH, centers });
      const imported = await importIncidents(t.db, {
        input: Readable.from([Buffer.from(HAND_MADE)]),
        fileName: 'extorsion.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: '20',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
      });
      expect([imported.inserted, imported.rejected]).toEqual([11, 0]);
    });
    afterAll(async () => t?.destroy());

    it('keeps the extortion rollup equal to the raw incidents', async () => {
      await assertRollupsMatchRaw(t.db);
    });

    it('reconciles a demo month with the raw incidents, every breakdown adding up to the total', async () => {
      const data = await compute(DEMO_MONTH);
      const raw = await sql<{ n: number; numbers: number; with_number: number; by089: number }>`
        SELECT count(*)::int AS n, count(DISTINCT reported_phone) FILTER (WHERE reported_phone <> '')::int AS numbers,
               count(*) FILTER (WHERE reported_phone <> '')::int AS with_number, count(*) FILTER (WHERE channel = '089')::int AS by089
        FROM incidents
        WHERE local_date BETWEEN '2026-03-01' AND '2026-03-31' AND (extortion_modality IS NOT NULL OR cnie_code IN (30406, 30407))`.execute(t.db);
      const r = raw.rows[0]!;
      expect(r.n).toBeGreaterThan(20);
      expect(data.total.current.reports).toBe(r.n);
      expect(data.total.current.numbers).toBe(r.numbers);
      expect(data.total.current.withNumber).toBe(r.with_number);
      const sum = (rows: { current: { reports: number } }[]) => rows.reduce((s, x) => s + x.current.reports, 0);
      expect(sum(data.byModality)).toBe(r.n);
      expect(sum(data.byMunicipality)).toBe(r.n);
      expect(sum(data.byChannel)).toBe(r.n);
      expect(data.byChannel.find((c) => c.key === '089')?.current.reports).toBe(r.by089);
      // Distinct numbers per modality never exceed its tips, and a row's numbers never exceed the total's.
      for (const m of data.byModality) {
        expect(m.current.numbers).toBeLessThanOrEqual(m.current.withNumber);
        expect(m.current.numbers).toBeLessThanOrEqual(data.total.current.numbers);
      }
      // The demo writes only listed modalities; its 30406/30407 tips always carry one.
      expect(data.unlisted).toEqual([]);
      expect(data.byMonth).toEqual([]);

      // The previous month is the demo's February; March 2025 has no tips, so its percentage change is not defined.
      const feb = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM incidents
        WHERE local_date BETWEEN '2026-02-01' AND '2026-02-28' AND (extortion_modality IS NOT NULL OR cnie_code IN (30406, 30407))`.execute(t.db);
      expect(data.comparisons.map((c) => [c.role, c.period.key, c.label])).toEqual([
        ['previous', '2026-02', 'Mes anterior'],
        ['year_ago', '2025-03', 'Mismo mes del año anterior'],
      ]);
      expect(data.total.compared[0]!.reports).toBe(feb.rows[0]!.n);
      expect(data.total.changes[0]!.reports.absolute).toBe(r.n - feb.rows[0]!.n);
      expect(data.total.compared[1]!.reports).toBe(0);
      expect(data.total.changes[1]!.reports).toEqual({ absolute: r.n, percent: null });
    });

    it('restricts to one channel and one center, matching the raw counts', async () => {
      const only089 = await compute(DEMO_MONTH, { channel: '089' });
      const oax = await compute(DEMO_MONTH, { center: 'OAX' });
      const raw = await sql<{ by089: number; oax: number; oax_numbers: number }>`
        SELECT count(*) FILTER (WHERE channel = '089')::int AS by089, count(*) FILTER (WHERE center_code = 'OAX')::int AS oax,
               count(DISTINCT reported_phone) FILTER (WHERE center_code = 'OAX' AND reported_phone <> '')::int AS oax_numbers
        FROM incidents
        WHERE local_date BETWEEN '2026-03-01' AND '2026-03-31' AND (extortion_modality IS NOT NULL OR cnie_code IN (30406, 30407))`.execute(t.db);
      expect(only089.total.current.reports).toBe(raw.rows[0]!.by089);
      expect(only089.byChannel.map((c) => c.key)).toEqual(['089']);
      expect(oax.total.current.reports).toBe(raw.rows[0]!.oax);
      expect(oax.total.current.numbers).toBe(raw.rows[0]!.oax_numbers);
      expect(oax.scope.centerName).toBeTruthy();
      await expect(compute(DEMO_MONTH, { center: 'NOEXISTE' })).rejects.toThrow('El centro «NOEXISTE» no está registrado.');
      expect(() => extortionGenerator.params.parse({ channel: 'fax' })).toThrow(/medio de entrada/);
    });

    it('compares a hand-made month with the previous month and the same month a year earlier', async () => {
      const data = await compute('2025-12');
      expect(data.total.current).toEqual({ reports: 6, numbers: 4, withNumber: 5 });
      expect(data.total.compared).toEqual([
        { reports: 1, numbers: 1, withNumber: 1 },
        { reports: 2, numbers: 2, withNumber: 2 },
      ]);
      expect(data.total.changes).toEqual([
        { reports: { absolute: 5, percent: 5 }, numbers: { absolute: 3, percent: 3 } },
        { reports: { absolute: 4, percent: 2 }, numbers: { absolute: 2, percent: 1 } },
      ]);
      const modality = Object.fromEntries(data.byModality.map((m) => [m.key, [m.current.reports, m.current.numbers]]));
      expect(modality).toEqual({
        secuestro_virtual: [3, 2],
        familiar_en_problemas: [0, 0],
        premio_o_sorteo: [0, 0],
        amenaza_cobro_de_piso: [1, 1],
        cobranza_ilegal: [0, 0],
        suplantacion_de_funcionario: [0, 0],
        otra: [1, 1],
        '': [1, 0],
      });
      expect(data.byModality.at(-1)!.label).toBe('Sin modalidad registrada');
      // The unknown modality is counted under «otra» and named.
      expect(data.unlisted).toEqual([{ value: 'Venta de protección', reports: [1, 0, 0] }]);
      const familiar = data.byModality.find((m) => m.key === 'familiar_en_problemas')!;
      expect(familiar.changes[0]!.reports).toEqual({ absolute: -1, percent: -1 });
      expect(familiar.changes[1]!.reports).toEqual({ absolute: 0, percent: null });
      expect(data.byChannel.map((c) => [c.label, c.current.reports])).toEqual([['9-1-1', 2], ['089 Denuncia anónima', 4]]);
      expect(data.byMunicipality.map((m) => [m.key, m.label, m.current.reports, m.compared[0]!.reports, m.compared[1]!.reports])).toEqual([
        ['20067', 'Oaxaca de Juárez', 4, 1, 2],
        ['20390', 'Santa Lucía del Camino', 2, 0, 0],
      ]);
      // Nothing leaks into January: the 23:30 tip of 31 December stays in December.
      const january = await compute('2026-01');
      expect(january.total.current.reports).toBe(0);
      expect(january.total.compared[0]!.reports).toBe(6);
    });

    it('compares a quarter month by month and a year with the year before', async () => {
      const q = await compute('2025-Q4');
      expect(q.comparisons.map((c) => c.period.key)).toEqual(['2025-Q3', '2024-Q4']);
      expect(q.total.current).toEqual({ reports: 7, numbers: 4, withNumber: 6 });
      expect(q.total.compared.map((f) => f.reports)).toEqual([1, 2]);
      expect(q.byMonth.map((m) => [m.key, m.yearAgoKey, m.current.reports, m.yearAgo.reports, m.change.percent])).toEqual([
        ['2025-10', '2024-10', 0, 0, null],
        ['2025-11', '2024-11', 1, 0, null],
        ['2025-12', '2024-12', 6, 2, 2],
      ]);
      expect(q.byMonth.reduce((s, m) => s + m.current.reports, 0)).toBe(q.total.current.reports);

      const y = await compute('2025');
      expect(y.comparisons.map((c) => [c.role, c.period.key, c.label])).toEqual([['previous', '2024', 'Año anterior']]);
      expect(y.total.current.reports).toBe(8);
      expect(y.total.compared).toEqual([{ reports: 2, numbers: 2, withNumber: 2 }]);
      expect(y.byMonth).toHaveLength(12);
      expect(y.byMonth.reduce((s, m) => s + m.yearAgo.reports, 0)).toBe(2);
      expect(y.byChannel.map((c) => c.key)).toEqual(['911', '089', 'app']);
    });

    it('writes an XLSX with the figures, a PDF and a CSV, byte-identical each time', async () => {
      const data = await compute('2025-12');
      const xlsx = await extortionGenerator.render(data, 'xlsx', meta);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Resumen', 'Modalidades', 'Municipios', 'Medios de entrada', 'Catálogo de modalidades']);
      const rowWith = (sheet: string, first: string) => {
        let found: ExcelJS.Row | undefined;
        wb.getWorksheet(sheet)!.eachRow((row) => {
          if (!found && row.getCell(1).value === first) found = row;
        });
        return found!;
      };
      const numbers = rowWith('Resumen', 'Números telefónicos distintos');
      expect([2, 3, 4, 5, 6, 7, 8].map((c) => numbers.getCell(c).value)).toEqual([4, 1, 3, 3, 2, 2, 1]);
      const total = rowWith('Modalidades', 'Total');
      // Current tips, distinct numbers (the total's own, not a sum), previous month, change, % change, a year earlier…
      expect([2, 3, 4, 5, 6, 7, 8, 9].map((c) => total.getCell(c).value)).toEqual([6, 4, 1, 5, 5, 2, 4, 2]);
      const familiar = rowWith('Modalidades', 'Familiar en problemas');
      expect([2, 4, 5, 6, 7, 9].map((c) => familiar.getCell(c).value)).toEqual([0, 1, -1, -1, 0, 'n.a.']);
      expect(rowWith('Modalidades', 'Sin modalidad registrada').getCell(2).value).toBe(1);
      expect(rowWith('Municipios', 'Total').getCell(3).value).toBe(6);
      expect(rowWith('Medios de entrada', '089 Denuncia anónima').getCell(2).value).toBe(4);
      expect(rowWith('Catálogo de modalidades', 'Venta de protección').getCell(2).value).toBe(1);
      expect(sha(await extortionGenerator.render(data, 'xlsx', meta))).toBe(sha(xlsx));

      const pdf = await extortionGenerator.render(data, 'pdf', meta);
      expect(new TextDecoder('latin1').decode(pdf.slice(0, 5))).toBe('%PDF-');
      expect(sha(await extortionGenerator.render(await compute('2025-12'), 'pdf', meta))).toBe(sha(pdf));

      const csv = new TextDecoder().decode(await extortionGenerator.render(data, 'csv', meta));
      expect(csv).toContain('total,total,Total,2025-12,6,4,5\n');
      expect(csv).toContain('total,total,Total,2024-12,2,2,2\n');
      expect(csv).toContain('modalidad_fuera_de_lista,Venta de protección,Contada en «otra»,2025-12,1,,\n');

      const quarter = await extortionGenerator.render(await compute('2025-Q4'), 'xlsx', { ...meta, periodKey: '2025-Q4' });
      const qwb = new ExcelJS.Workbook();
      await qwb.xlsx.load(Buffer.from(quarter) as unknown as ArrayBuffer);
      expect(qwb.worksheets.map((w) => w.name)).toContain('Meses');
    });

    it('is generated through the machinery and listed as available', async () => {
      const type = (await listReportTypes(t.db)).find((r) => r.code === 'extorsion-089')!;
      expect(await generatorNamed(type.generator)).toBe(extortionGenerator);
      const product = await generateProduct(t.db, config, { type: 'extorsion-089', period: '2025-12', params: { channel: '089' }, userId: null, actor: CLI_ACTOR });
      expect(product.files.map((f) => f.format)).toEqual(['xlsx', 'pdf', 'csv', 'json']);
      expect(product.files[0]!.file_name).toBe('extorsion-089_2025-12_089_v1.xlsx');
      expect(product.summary).toEqual({ total: 4, phoneNumbers: 2, previousTotal: 1, yearAgoTotal: 2 });
      const json = await getProductFile(t.db, product.id, 'json');
      const stored = JSON.parse(new TextDecoder().decode(json!.content)) as ExtortionData;
      expect(stored.scope).toEqual({ center: null, centerName: null, channel: '089' });
      const again = await generateProduct(t.db, config, { type: 'extorsion-089', period: '2025-12', params: { channel: '089' }, userId: null, actor: CLI_ACTOR });
      expect(again.version).toBe(2);
      expect(again.files.map((f) => f.sha256)).toEqual(product.files.map((f) => f.sha256));
      await expect(generateProduct(t.db, config, { type: 'extorsion-089', period: '2025-H2', userId: null, actor: CLI_ACTOR })).rejects.toThrow(
        /no se genera por periodo semestral/,
      );
    });
  });
}
