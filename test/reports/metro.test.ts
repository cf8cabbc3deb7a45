// «Incidencia delictiva para los municipios conurbados»: the totals reconcile with a count over the raw incidents
// and with sums over the stored SESNSP rows; rates and changes are those a person computes by hand; missing SESNSP
// months say so instead of counting zero; an empty group gets a Spanish error; the files open and are reproducible.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { MUNICIPAL_HEADER, STATE_HEADER, latin1File, months, streamOf } from '../support/sesnsp.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { cnieEntry, toCatalog, type CnieVersion } from '../../src/reference/index.ts';
import { loadDemo, loadDemoCenters } from '../../src/incidents/demo.ts';
import { importSesnsp } from '../../src/crime-statistics/index.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { Readable } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';
import { ensureReportCatalog, generateProduct } from '../../src/reports/index.ts';
import { CLI_ACTOR } from '../../src/access/users.ts';
import { changeText, metroCsv, metroIncidenceGenerator, type MetroData } from '../../src/reports/metro/index.ts';
import type { ProductMeta, ReportFormat } from '../../src/reports/types.ts';

const MEMBERS = ['20067', '20174', '20385', '20390'];
const PERIOD = '2026-03';
const meta: ProductMeta = {
  reportCode: 'incidencia-conurbados',
  reportName: 'Incidencia delictiva para los municipios conurbados de la ciudad capital',
  periodLabel: 'marzo de 2026',
  periodKey: PERIOD,
  stateName: 'Oaxaca',
  classificationLabel: 'Reservado: destinatarios con convenio',
  cnieVersion: '3',
  scopeLabel: 'Zona metropolitana de Oaxaca (4 municipios)',
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** CONAPO's figure read straight from the bundled file, not through the reference module. */
function conapo(code: string, year: number): number {
  const [header, ...lines] = readFileSync(new URL('../../data/conapo/conapo_poblacion_municipal_1990_2040.csv', import.meta.url), 'utf8').trim().split('\n');
  const col = header!.split(',').indexOf(String(year));
  const row = lines.find((l) => l.startsWith(`${code},`))!;
  return Number(row.split(',')[col]);
}

const CATEGORIES = [
  'El patrimonio,Robo,Robo a negocio,Sin violencia',
  'El patrimonio,Robo,Robo a casa habitación,Con violencia',
  'La familia,Violencia familiar,Violencia familiar,Violencia familiar',
  'La vida y la Integridad corporal,Homicidio,Homicidio doloso,Con arma de fuego',
];
const NAMES: Record<string, string> = { '20067': 'Oaxaca de Juárez', '20174': 'Ánimas Trujano', '20385': 'Santa Cruz Xoxocotlán', '20390': 'Santa Lucía del Camino' };

function municipalFile(): Buffer {
  const lines: string[] = [];
  for (const [mi, code] of MEMBERS.entries()) {
    for (const [ci, cat] of CATEGORIES.entries()) {
      for (const year of [2025, 2026]) {
        const n = year === 2025 ? 12 : 3;
        // Ánimas Trujano: a single robbery series with no crime at all in February 2026.
        if (code === '20174') {
          lines.push(`${year},20,Oaxaca,${code},${NAMES[code]},${cat},${ci === 0 ? (year === 2025 ? months(0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1) : months(1, 0, 2)) : months(...Array(n).fill(0))}`);
          continue;
        }
        const values = Array.from({ length: n }, (_, m) => ((mi + 2) * (ci + 1) * (m + 3) + year) % 17);
        lines.push(`${year},20,Oaxaca,${code},${NAMES[code]},${cat},${months(...values)}`);
      }
    }
  }
  lines.push(`2026,20,Oaxaca,20999,Otros Municipios,${CATEGORIES[0]},${months(50, 50, 50)}`);
  lines.push(`2026,21,Puebla,21114,Puebla,${CATEGORIES[0]},${months(99, 99, 99)}`);
  return latin1File(MUNICIPAL_HEADER, lines);
}

function stateFile(): Buffer {
  const lines: string[] = [];
  for (const [ci, cat] of CATEGORIES.entries()) {
    lines.push(`2025,20,Oaxaca,${cat},${months(...Array.from({ length: 12 }, (_, m) => 100 + ci * 10 + m))}`);
    lines.push(`2026,20,Oaxaca,${cat},${months(...Array.from({ length: 4 }, (_, m) => 110 + ci * 10 + m))}`);
  }
  return latin1File(STATE_HEADER, lines);
}

/** Security incidents counted from the raw rows, with the catalog mapping applied here, independently. */
async function rawSecurityCounts(t: TestDatabase, first: string, last: string, version: CnieVersion) {
  const rows = await sql<{ municipality_code: string; cnie_version: CnieVersion; cnie_code: number; channel: string; n: number }>`
    SELECT municipality_code, cnie_version, cnie_code, channel, count(*)::int AS n FROM incidents
    WHERE local_date BETWEEN ${first} AND ${last} AND municipality_code = ANY(${MEMBERS}::text[]) AND channel IN ('911', '089')
    GROUP BY 1, 2, 3, 4`.execute(t.db);
  const byMunicipality = new Map<string, number>();
  let total = 0;
  let by089 = 0;
  for (const r of rows.rows) {
    const code = r.cnie_version === version ? r.cnie_code : toCatalog(r.cnie_code, r.cnie_version, version);
    const isSecurity = code === null ? cnieEntry(r.cnie_version, r.cnie_code)?.type === 3 : cnieEntry(version, code)?.type === 3;
    if (!isSecurity) continue;
    byMunicipality.set(r.municipality_code, (byMunicipality.get(r.municipality_code) ?? 0) + r.n);
    total += r.n;
    if (r.channel === '089') by089 += r.n;
  }
  return { byMunicipality, total, by089 };
}

async function sesnspSum(t: TestDatabase, level: 'state' | 'municipal', munis: string[], year: number, firstMonth: number, lastMonth: number) {
  const r = await sql<{ n: number }>`
    SELECT coalesce(sum(n), 0)::int AS n FROM sesnsp_counts
    WHERE level = ${level} AND municipality_code = ANY(${munis}::text[]) AND year = ${year} AND month BETWEEN ${firstMonth} AND ${lastMonth}`.execute(t.db);
  return r.rows[0]!.n;
}

for (const engine of testEngines()) {
  describe(`incidencia-conurbados on ${engine}`, () => {
    let t: TestDatabase;
    const config = loadConfig({ ATALAYA_STATE: '20' });
    const compute = async (period = PERIOD, cnieVersion: CnieVersion = '3', params: Record<string, unknown> = {}) =>
      (await metroIncidenceGenerator.compute({
        db: t.db,
        config,
        period: parsePeriod(period),
        params: metroIncidenceGenerator.params.parse(params),
        cnieVersion,
      })) as MetroData;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      await ensureReportCatalog(t.db);
      const centers = await loadDemoCenters(t.db, '20');
      await loadDemo(t.db, { stateCode: '20', timeZone: 'America/Mexico_City', months: 14, scale: 0.03, seed: 11, endMonth: '2026-04', centers });
      // Two incidents recorded in catalog 2.0: one with an equivalent in catalog 3, one without.
      const v2 = [
        'centro,folio,canal,recibido,cnie_version,cnie_codigo,municipio',
        'OAX,V2-1,911,2026-03-10T10:00:00,2,30503,20067',
        'OAX,V2-2,089,2026-03-10T11:00:00,2,30704,20067',
      ].join('\n');
      await importIncidents(t.db, {
        input: Readable.from([Buffer.from(v2)]),
        fileName: 'v2.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: '20',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
      });
      for (const [file, bytes] of [['IDM_NM_mar26.csv', municipalFile()], ['IDEFC_NM_abr26.csv', stateFile()]] as const) {
        const s = await importSesnsp(t.db, { input: streamOf(bytes), fileName: file, stateCode: '20', timeZone: 'America/Mexico_City', actor: 'test', now: new Date('2026-06-15T12:00:00Z') });
        expect(s.rejected).toBe(0);
      }
    });
    afterAll(async () => t?.destroy());

    it('refuses an empty group with a Spanish message that says how to load it, and an unknown one', async () => {
      await expect(compute()).rejects.toMatchObject({
        code: 'grupo_vacio',
        message: expect.stringMatching(/«Zona metropolitana de Oaxaca» no tiene municipios registrados.*Catálogos de referencia › Grupos de municipios/),
      });
      await expect(compute(PERIOD, '3', { group: 'no-existe' })).rejects.toMatchObject({ code: 'grupo_inexistente', message: expect.stringContaining('zona-metropolitana') });
      const group = await t.db.selectFrom('municipality_groups').select('id').where('slug', '=', 'zona-metropolitana').executeTakeFirstOrThrow();
      await t.db.insertInto('municipality_group_members').values(MEMBERS.map((m) => ({ group_id: group.id, municipality_code: m }))).execute();
    });

    it('reconciles the 9-1-1 and 089 security incidents with the raw incidents, in either catalog version', async () => {
      const data = await compute();
      const cur = await rawSecurityCounts(t, '2026-03-01', '2026-03-31', '3');
      const prev = await rawSecurityCounts(t, '2026-02-01', '2026-02-28', '3');
      const ly = await rawSecurityCounts(t, '2025-03-01', '2025-03-31', '3');
      expect(cur.total).toBeGreaterThan(20);
      expect(data.total.incidents.count).toBe(cur.total);
      expect(data.total.incidents.previous).toBe(prev.total);
      expect(data.total.incidents.lastYear).toBe(ly.total);
      expect(data.total.incidents.by089).toBe(cur.by089);
      expect(data.total.incidents.by911 + data.total.incidents.by089).toBe(cur.total);
      for (const m of data.municipalities) {
        expect(m.incidents.count).toBe(cur.byMunicipality.get(m.code) ?? 0);
        expect(m.incidents.previous).toBe(prev.byMunicipality.get(m.code) ?? 0);
        const types = data.incidents.byMunicipality.filter((r) => r.municipalityCode === m.code);
        expect(types.reduce((s, r) => s + r.figures.count!, 0)).toBe(m.incidents.count);
      }
      expect(data.incidents.byType.reduce((s, r) => s + r.figures.count!, 0)).toBe(cur.total);
      expect(data.incidents.byCode.reduce((s, r) => s + r.count!, 0)).toBe(cur.total);
      expect(data.incidents.availability).toEqual({ current: 'complete', previous: 'complete', lastYear: 'complete' });

      const unmapped = data.incidents.byType.find((r) => r.typeName === 'Sin equivalencia en el catálogo 3')!;
      expect(unmapped.figures.count).toBe(1);
      expect(data.notes.join(' ')).toContain('sin equivalencia');

      const v2 = await compute(PERIOD, '2');
      expect(v2.total.incidents.count).toBe(cur.total);
      expect(v2.total.incidents.count).toBe((await rawSecurityCounts(t, '2026-03-01', '2026-03-31', '2')).total);
    });

    it('reconciles the SESNSP figures with sums over the stored rows, without «Otros municipios» or other states', async () => {
      const data = await compute();
      expect(data.sesnsp.municipal.availability).toEqual({ current: 'complete', previous: 'complete', lastYear: 'complete' });
      expect(data.total.sesnsp.count).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2026, 3, 3));
      expect(data.total.sesnsp.previous).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2026, 2, 2));
      expect(data.total.sesnsp.lastYear).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2025, 3, 3));
      for (const m of data.municipalities) {
        expect(m.sesnsp.count).toBe(await sesnspSum(t, 'municipal', [m.code], 2026, 3, 3));
        const types = data.sesnsp.municipal.byMunicipality.filter((r) => r.municipalityCode === m.code);
        expect(types.reduce((s, r) => s + (r.figures.count ?? 0), 0)).toBe(m.sesnsp.count);
      }
      // Two subtypes of robbery add up in the type «Robo».
      const robo = data.sesnsp.municipal.byType.find((r) => r.typeName === 'Robo')!;
      const roboRaw = await sql<{ n: number }>`SELECT sum(n)::int AS n FROM sesnsp_counts WHERE level = 'municipal' AND tipo = 'Robo'
        AND municipality_code = ANY(${MEMBERS}::text[]) AND year = 2026 AND month = 3`.execute(t.db);
      expect(robo.figures.count).toBe(roboRaw.rows[0]!.n);
      expect(data.sesnsp.municipal.sources).toEqual(['IDM_NM_mar26.csv']);
      // The state series is shown apart, from the state-level file.
      expect(data.sesnsp.state!.total.count).toBe(await sesnspSum(t, 'state', [''], 2026, 3, 3));
      expect(data.sesnsp.state!.sources).toEqual(['IDEFC_NM_abr26.csv']);
    });

    it('computes rates per 100,000 with CONAPO, changes against both comparison periods, «n.a.» from zero, and the ranking', async () => {
      const data = await compute();
      const oax = data.municipalities.find((m) => m.code === '20067')!;
      const pop2026 = conapo('20067', 2026);
      expect(oax.population).toBe(pop2026);
      expect(oax.incidents.rate).toBeCloseTo((oax.incidents.count! * 100000) / pop2026, 2);
      expect(oax.sesnsp.rate).toBeCloseTo((oax.sesnsp.count! * 100000) / pop2026, 2);
      expect(oax.incidents.rateLastYear).toBeCloseTo((oax.incidents.lastYear! * 100000) / conapo('20067', 2025), 2);
      expect(oax.incidents.changePrevious).toBeCloseTo((oax.incidents.count! - oax.incidents.previous!) / oax.incidents.previous!, 4);
      expect(oax.sesnsp.changeLastYear).toBeCloseTo((oax.sesnsp.count! - oax.sesnsp.lastYear!) / oax.sesnsp.lastYear!, 4);
      const groupPop = MEMBERS.reduce((s, m) => s + conapo(m, 2026), 0);
      expect(data.total.population).toBe(groupPop);
      expect(data.total.incidents.rate).toBeCloseTo((data.total.incidents.count! * 100000) / groupPop, 2);

      // Ánimas Trujano had no crime in February 2026 and two in March: the change from zero is «n.a.».
      const animas = data.municipalities.find((m) => m.code === '20174')!;
      expect([animas.sesnsp.count, animas.sesnsp.previous]).toEqual([2, 0]);
      expect(animas.sesnsp.changePrevious).toBeNull();
      expect(changeText(animas.sesnsp.changePrevious, animas.sesnsp.count, animas.sesnsp.previous)).toBe('n.a.');
      expect(metroCsv(data)).toMatch(/^SESNSP,municipio,20174,Ánimas Trujano,,Total,,2026-03,\d+,2,[\d.]+,2026-02,0,n\.a\.,/m);

      for (const m of data.municipalities) {
        const higher = data.municipalities.filter((x) => x.incidents.rate! > m.incidents.rate!).length;
        expect(m.incidents.rank).toBe(1 + higher);
      }
      expect(data.municipalities.some((m) => m.incidents.rank === 1)).toBe(true);
    });

    it('says so when the SESNSP has not published the period, showing the state totals apart', async () => {
      const data = await compute('2026-04');
      expect(data.sesnsp.municipal.availability.current).toBe('missing');
      expect(data.total.sesnsp.count).toBeNull();
      expect(data.municipalities.every((m) => m.sesnsp.count === null && m.sesnsp.rank === null)).toBe(true);
      expect(data.total.sesnsp.previous).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2026, 3, 3));
      expect(data.notes.join(' ')).toContain('No hay cifras municipales del SESNSP para abril de 2026');
      expect(data.notes.join(' ')).toContain('solo hay cifras estatales del SESNSP');
      expect(data.sesnsp.state!.total.count).toBe(await sesnspSum(t, 'state', [''], 2026, 4, 4));
      const csv = metroCsv(data);
      expect(csv).toMatch(/^SESNSP,grupo,,Zona metropolitana de Oaxaca,,Total,,2026-04,\d+,,,2026-03,\d+,,/m);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await metroIncidenceGenerator.render(data, 'xlsx', { ...meta, periodKey: '2026-04', periodLabel: 'abril de 2026' })) as unknown as ArrayBuffer);
      const resumen = wb.getWorksheet('Resumen')!;
      const oaxRow = resumen.getRows(1, resumen.rowCount)!.find((r) => r.getCell(1).value === '20067')!;
      const headers = resumen.getRow(6).values as string[];
      expect(oaxRow.getCell(headers.indexOf('SESNSP: delitos')).value).toBe('sin datos');

      // A quarter: three months summed, compared with the quarter before and the same quarter of 2025.
      const q = await compute('2026-Q1');
      expect(q.total.sesnsp.count).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2026, 1, 3));
      expect(q.total.sesnsp.previous).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2025, 10, 12));
      expect(q.total.sesnsp.lastYear).toBe(await sesnspSum(t, 'municipal', MEMBERS, 2025, 1, 3));
      // The demo starts in March 2025: the first quarter of 2025 was imported in part, and the report says so.
      expect(q.incidents.availability.lastYear).toBe('partial');
      expect(q.notes.join(' ')).toContain('no cubren completo el periodo 1er trimestre de 2025');
    });

    it('writes a workbook with the four sheets and reconciled totals, a PDF, CSV and JSON, byte-identical each time', async () => {
      const data = await compute();
      const files = new Map<ReportFormat, Uint8Array>();
      for (const f of metroIncidenceGenerator.formats) files.set(f, await metroIncidenceGenerator.render(data, f, meta));
      const again = await compute();
      for (const f of metroIncidenceGenerator.formats) expect(sha(await metroIncidenceGenerator.render(again, f, meta))).toBe(sha(files.get(f)!));

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(files.get('xlsx')!) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Resumen', '9-1-1 y 089', 'SESNSP', 'Metodología']);
      const resumen = wb.getWorksheet('Resumen')!;
      expect(resumen.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
      const headers = resumen.getRow(6).values as string[];
      const total = resumen.getRows(7, resumen.rowCount)!.find((r) => r.getCell(1).value === 'Total')!;
      expect(total.getCell(headers.indexOf('9-1-1 y 089: incidentes de seguridad')).value).toBe(data.total.incidents.count);
      expect(total.getCell(headers.indexOf('SESNSP: delitos')).value).toBe(data.total.sesnsp.count);
      const incidents = wb.getWorksheet('9-1-1 y 089')!;
      const incidentTotal = incidents.getRows(7, incidents.rowCount)!.find((r) => r.getCell(1).value === 'Total')!;
      expect(incidentTotal.getCell(5).value).toBe(data.total.incidents.count);
      const methodology = wb.getWorksheet('Metodología')!;
      const text = methodology.getColumn(2).values.join(' ');
      expect(text).toContain('Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública');
      expect(text).toContain('CONAPO');
      expect(text).toContain('IDM_NM_mar26.csv');

      expect(new TextDecoder('latin1').decode(files.get('pdf')!.slice(0, 5))).toBe('%PDF-');
      const json = JSON.parse(new TextDecoder().decode(files.get('json')!));
      expect(json.total.incidents.count).toBe(data.total.incidents.count);
      // No personal data leaves in any file: the incidents' names, phones and notes never reach the report.
      const someCaller = await t.db.selectFrom('incidents').select(['caller_name', 'caller_phone']).where('caller_name', 'is not', null).executeTakeFirstOrThrow();
      for (const f of ['csv', 'json'] as const) {
        const body = new TextDecoder().decode(files.get(f)!);
        expect(body).not.toContain(someCaller.caller_name!);
        expect(body).not.toContain(someCaller.caller_phone!);
      }
    });

    it('stores a product whose regeneration has the same files', async () => {
      const request = { type: 'incidencia-conurbados', period: PERIOD, userId: null, actor: CLI_ACTOR };
      const v1 = await generateProduct(t.db, config, request);
      const v2 = await generateProduct(t.db, config, request);
      expect(v2.version).toBe(v1.version + 1);
      expect(v2.files.map((f) => f.sha256)).toEqual(v1.files.map((f) => f.sha256));
      expect(v1.files.map((f) => f.format).sort()).toEqual(['csv', 'json', 'pdf', 'xlsx']);
      expect(v1.summary).toMatchObject({ municipios: 4 });
    });
  });
}
