// The FESE reconciles: in every section the rows add up to the total, and the total equals a count over the raw
// incidents of the month; catalog 2.0 and 3 give the same totals; service times match the raw percentiles within a
// bucket; the files open and are reproducible.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadDemo, loadDemoCenters } from '../../src/incidents/demo.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { loadConfig } from '../../src/config.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';
import { bucketBounds, serviceTimeBucket } from '../../src/analytics/stats.ts';
import { feseGenerator, type FeseData } from '../../src/reports/fese/index.ts';
import type { ProductMeta } from '../../src/reports/types.ts';

const MONTH = '2026-02';
const meta: ProductMeta = {
  reportCode: 'fese',
  reportName: 'FESE',
  periodLabel: 'febrero de 2026',
  periodKey: MONTH,
  stateName: 'Oaxaca',
  classificationLabel: 'Uso interno',
  cnieVersion: '3',
  scopeLabel: 'Consolidado estatal',
};

for (const engine of testEngines()) {
  describe(`FESE on ${engine}`, () => {
    let t: TestDatabase;
    const config = loadConfig({ ATALAYA_STATE: '20' });
    const compute = async (cnieVersion: '2' | '3', params: Record<string, unknown> = {}) =>
      (await feseGenerator.compute({
        db: t.db,
        config,
        period: parsePeriod(MONTH),
        params: feseGenerator.params.parse(params),
        cnieVersion,
      })) as FeseData;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      const centers = await loadDemoCenters(t.db, '20');
      await loadDemo(t.db, { stateCode: '20', timeZone: 'America/Mexico_City', months: 2, scale: 0.02, seed: 3, endMonth: MONTH, centers });
      // A catalog 2.0 incident and one whose 2.0 code has no equivalent in catalog 3.
      const csv = [
        'centro,folio,canal,recibido,cnie_version,cnie_codigo,municipio',
        'OAX,V2-1,911,2026-02-10T10:00:00,2,30503,20067',
        'OAX,V2-2,911,2026-02-10T11:00:00,2,30704,20067',
      ].join('\n');
      await importIncidents(t.db, {
        input: Readable.from([Buffer.from(csv)]),
        fileName: 'v2.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: '20',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
      });
    });
    afterAll(async () => t?.destroy());

    it('reconciles every section with the raw incidents of the month', async () => {
      const data = await compute('3');
      const raw = await sql<{ center_code: string; n: number }>`
        SELECT center_code, count(*)::int AS n FROM incidents WHERE local_date BETWEEN '2026-02-01' AND '2026-02-28' GROUP BY 1`.execute(t.db);
      const rawTotal = raw.rows.reduce((s, r) => s + r.n, 0);
      expect(rawTotal).toBeGreaterThan(1000);
      expect(data.consolidated.total).toBe(rawTotal);
      for (const s of [data.consolidated, ...data.centers]) {
        const expected = s === data.consolidated ? rawTotal : (raw.rows.find((r) => r.center_code === s.code)?.n ?? 0);
        expect(s.total).toBe(expected);
        expect(s.incidents.reduce((a, r) => a + r.count, 0)).toBe(s.total);
        expect(s.byChannel.reduce((a, r) => a + r.count, 0)).toBe(s.total);
        expect(s.byMunicipality.reduce((a, r) => a + r.count, 0)).toBe(s.total);
        expect(s.real + s.improper).toBe(s.total);
        expect(s.improperByKind.reduce((a, r) => a + r.count, 0)).toBe(s.improper);
      }
      expect(data.centers.reduce((a, c) => a + c.total, 0)).toBe(rawTotal);
    });

    it('gives the same totals in catalog 2.0, keeping codes without equivalent apart', async () => {
      const v3 = await compute('3');
      const v2 = await compute('2');
      expect(v2.consolidated.total).toBe(v3.consolidated.total);
      expect(v3.unmapped).toEqual([{ version: '2', code: 30704, count: 1 }]);
      const family = v3.consolidated.incidents.find((r) => r.code === 30503)!;
      expect(family.note).toContain('2.0:30503');
    });

    it('computes dispatch times within one bucket of the raw percentiles', async () => {
      const data = await compute('3');
      const raw = await sql<{ median: number; p90: number }>`
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - received_at))::float8 AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - received_at))::float8 AS p90
        FROM incidents WHERE local_date BETWEEN '2026-02-01' AND '2026-02-28' AND priority = 'alta' AND NOT is_improper
          AND dispatched_at IS NOT NULL`.execute(t.db);
      const row = data.consolidated.serviceTimes.find((s) => s.priority === 'alta' && s.measure === 'de recepción a despacho')!;
      const width = (x: number) => {
        const b = bucketBounds(serviceTimeBucket(x));
        return b.upper - b.lower;
      };
      expect(Math.abs(row.medianSeconds! - raw.rows[0]!.median)).toBeLessThanOrEqual(width(raw.rows[0]!.median));
      expect(Math.abs(row.p90Seconds! - raw.rows[0]!.p90)).toBeLessThanOrEqual(width(raw.rows[0]!.p90));
      expect(row.withinTarget).toBeGreaterThan(0);
    });

    it('writes an XLSX that opens with the consolidated total, a PDF, and identical bytes each time', async () => {
      const data = await compute('3');
      const xlsx = await feseGenerator.render(data, 'xlsx', meta);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Consolidado')!;
      let total: unknown;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'Total' && total === undefined) total = row.getCell(5).value;
      });
      expect(total).toBe(data.consolidated.total);
      expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Consolidado', 'Catálogo']));
      const again = await feseGenerator.render(data, 'xlsx', meta);
      expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(xlsx).digest('hex'));
      const pdf = await feseGenerator.render(data, 'pdf', meta);
      expect(new TextDecoder('latin1').decode(pdf.slice(0, 5))).toBe('%PDF-');
      const csv = new TextDecoder().decode(await feseGenerator.render(data, 'csv', meta));
      expect(csv).toContain(`ESTATAL,total,,Llamadas,${data.consolidated.total}`);
    });
  });
}
