// Heat maps on every engine, on a month of demo calls plus hand-made clusters: the AVGM report refuses an empty
// group with a message that says what to do, and with members publishes only coarse hexagons at or above the
// minimum count (checked on the bytes of every file), never an incident's coordinates or cell; the police report's
// hot spots and breakdowns reconcile with the cell rollup and the raw incidents; renders are byte-identical.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { cellToLatLng, cellToParent, getResolution, latLngToCell } from 'h3-js';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadStateGeography } from '../../src/reference/geography.ts';
import { generateDemo, loadDemo, loadDemoCenters } from '../../src/incidents/demo.ts';
import { storeBatch } from '../../src/incidents/store.ts';
import type { IncidentRecord } from '../../src/incidents/normalize.ts';
import { loadConfig } from '../../src/config.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';
import { DISCLOSURE_RULE_SUMMARY_ES } from '../../src/analytics/disclosure.ts';
import { getisOrdGiStar } from '../../src/analytics/gistar.ts';
import { LocalTime } from '../../src/util/local-time.ts';
import type { ProductMeta, ReportContext, ReportFormat } from '../../src/reports/types.ts';
import {
  avgmHeatmapGenerator,
  checkRenderedFile,
  heatmapPresets,
  pdfTextSegments,
  policeHeatmapGenerator,
  selectionOf,
  violenceAgainstWomenCodes,
  type AvgmHeatmapData,
  type PoliceHeatmapData,
} from '../../src/reports/heatmaps/index.ts';
import { hotSpots, studyArea, toResolution } from '../../src/reports/heatmaps/hotspots.ts';
import { heatmapRoutes } from '../../src/reports/heatmaps/routes.ts';
import { accessErrorHandler, accessRoutes, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { cellCounts } from '../../src/reports/heatmaps/query.ts';

const STATE = '20';
const TZ = 'America/Mexico_City';
const MONTH = '2026-01';
const FORMATS: ReportFormat[] = ['svg', 'png', 'pdf', 'geojson', 'kml'];
const AVGM_MEMBERS = ['20067', '20390', '20385', '20043'];
const config = loadConfig({ ATALAYA_STATE: STATE, ATALAYA_TZ: TZ, ATALAYA_DATA_DIR: '/tmp/atalaya-heatmap-test' });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const meta = (code: string, name: string): ProductMeta => ({
  reportCode: code,
  reportName: name,
  periodLabel: 'enero de 2026',
  periodKey: MONTH,
  stateName: 'Oaxaca',
  classificationLabel: 'Reservado: destinatarios con convenio',
  cnieVersion: '3',
  scopeLabel: 'Prueba',
});
const AVGM_META = meta('mapa-calor-avgm', 'Mapas de calor de violencia contra la mujer (AVGM)');
const POLICE_META = meta('mapa-calor-policia', 'Mapas de calor para la Policía Estatal y la Policía Vial');

/** Visible text of a file: SVG <text> contents, PDF text runs, or the whole text, with wrapped lines rejoined. */
function visibleText(format: ReportFormat, bytes: Uint8Array): string {
  if (format === 'pdf') return pdfTextSegments(bytes).join(' ');
  const text = new TextDecoder().decode(bytes);
  if (format === 'svg') {
    return [...text.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
      .map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'))
      .join(' ');
  }
  return text;
}
const squash = (s: string) => s.replace(/\s+/g, ' ');

/** Hand-made incidents: copies of a demo record moved to a place, hour and code. */
function handMade(template: IncidentRecord, items: { folio: string; code: number; lat: number; lng: number; day: string; hour: number }[]): IncidentRecord[] {
  const zone = new LocalTime(TZ);
  const geography = loadStateGeography(STATE);
  return items.map((it) => {
    const received = new Date(zone.startOfDay(it.day).getTime() + it.hour * 3_600_000 + 600_000);
    return {
      ...template,
      center_code: 'OAX',
      folio: it.folio,
      channel: '911',
      received_at: received,
      dispatched_at: null,
      arrived_at: null,
      closed_at: null,
      local_date: it.day,
      local_hour: it.hour,
      cnie_version: '3',
      cnie_code: it.code,
      priority: 'alta',
      is_improper: false,
      municipality_code: geography.locate(it.lat, it.lng),
      latitude: it.lat,
      longitude: it.lng,
      cell: latLngToCell(it.lat, it.lng, 9),
      extortion_modality: null,
      reported_phone: null,
    };
  });
}

for (const engine of testEngines()) {
  describe(`heat maps on ${engine}`, () => {
    let t: TestDatabase;
    const ctx = (params: Record<string, unknown>, generator: { params: { parse(v: unknown): unknown } }): ReportContext => ({
      db: t.db,
      config,
      period: parsePeriod(MONTH),
      params: generator.params.parse(params) as Record<string, unknown>,
      cnieVersion: '3',
    });

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, STATE);
      await loadDemo(t.db, { stateCode: STATE, timeZone: TZ, months: 1, scale: 0.05, seed: 11, endMonth: MONTH });
      const centers = await loadDemoCenters(t.db, STATE);
      const template = generateDemo({ stateCode: STATE, timeZone: TZ, months: 1, scale: 0.01, seed: 3, endMonth: MONTH, centers }).next().value![0]!;
      const rows = handMade(template, [
        // A cluster of family violence in Oaxaca de Juárez: published.
        ...Array.from({ length: 12 }, (_, i) => ({ folio: `HM-VF-${i}`, code: 30503, lat: 17.0606, lng: -96.7253, day: `2026-01-${String(5 + i).padStart(2, '0')}`, hour: 21 })),
        // Two incidents in the countryside of Juchitán: their hexagon must be suppressed.
        { folio: 'HM-AISLADO-1', code: 30502, lat: 16.5412, lng: -94.9003, day: '2026-01-09', hour: 3 },
        { folio: 'HM-AISLADO-2', code: 30707, lat: 16.5413, lng: -94.9004, day: '2026-01-19', hour: 4 },
        // Brawls concentrated in one spot: a hot spot for the police map.
        ...Array.from({ length: 40 }, (_, i) => ({ folio: `HM-RINA-${i}`, code: 31112, lat: 17.0655, lng: -96.7203, day: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, hour: 23 })),
      ]);
      await t.db.transaction().execute((trx) => storeBatch(trx, rows, null));
    });

    afterAll(async () => {
      await t?.destroy();
    });

    describe('violence against women (AVGM)', () => {
      it('fails with a clear message while the AVGM group has no municipalities', async () => {
        const err = (await avgmHeatmapGenerator.compute(ctx({}, avgmHeatmapGenerator)).then(
          () => new Error('no falló'),
          (e: unknown) => e as Error,
        ));
        expect(err.name).toBe('HeatmapError');
        expect(err.message).toMatch(/no tiene municipios registrados/);
        expect(err.message).toMatch(/administrador debe cargar la lista oficial/);
      });

      it('refuses disclosure options beyond the limits', () => {
        expect(() => avgmHeatmapGenerator.params.parse({ minCount: 2 })).toThrow(/no puede ser menor que 3/);
        expect(() => avgmHeatmapGenerator.params.parse({ resolution: 8 })).toThrow(/más fina que 7/);
      });

      describe('with the group loaded', () => {
        let data: AvgmHeatmapData;
        const files = new Map<ReportFormat, Uint8Array>();

        beforeAll(async () => {
          const group = await t.db.selectFrom('municipality_groups').select('id').where('slug', '=', 'avgm').executeTakeFirstOrThrow();
          await t.db.insertInto('municipality_group_members').values(AVGM_MEMBERS.map((m) => ({ group_id: group.id, municipality_code: m }))).execute();
          data = await avgmHeatmapGenerator.compute(ctx({}, avgmHeatmapGenerator));
          for (const f of FORMATS) files.set(f, await avgmHeatmapGenerator.render(data, f, AVGM_META));
          if (process.env.HEATMAP_SAMPLES) for (const [f, b] of files) writeFileSync(`${process.env.HEATMAP_SAMPLES}/avgm.${f}`, b);
        });

        it('counts every incident of the set located in the group, published or suppressed', async () => {
          const sel = selectionOf(violenceAgainstWomenCodes().map((c) => c.code));
          const raw = await sql<{ lat: number; lng: number; cell: string }>`
            SELECT latitude AS lat, longitude AS lng, cell FROM incidents
            WHERE local_date BETWEEN '2026-01-01' AND '2026-01-31' AND NOT is_improper AND cell IS NOT NULL
              AND ((cnie_version = '3' AND cnie_code = ANY(${sel.v3}::int[])) OR (cnie_version = '2' AND cnie_code = ANY(${sel.v2}::int[])))`.execute(t.db);
          const geography = loadStateGeography(STATE);
          const inGroup = raw.rows.filter((r) => AVGM_MEMBERS.includes(geography.locate(...(cellCentreOf(r.cell))) ?? ''));
          expect(data.total).toBe(inGroup.length);
          expect(data.disclosed.published.incidents + data.disclosed.suppressed.incidents).toBe(data.total);
          expect(data.disclosed.published.cells).toBeGreaterThan(0);
          expect(data.disclosed.suppressed.cells).toBeGreaterThan(0);
          // Every published hexagon holds the minimum; the hand-made pair's hexagon is not published.
          for (const c of data.disclosed.cells) {
            expect(c.n).toBeGreaterThanOrEqual(5);
            expect(getResolution(c.cell)).toBe(7);
          }
          const isolated = cellToParent(latLngToCell(16.5412, -94.9003, 9), 7);
          expect(data.disclosed.cells.map((c) => c.cell)).not.toContain(isolated);
          expect(data.bandwidth.meters).toBeGreaterThanOrEqual(2500);

          // No file carries an incident's coordinates or cell, or any cell but the published hexagons.
          const incidentPairs = new Set(inGroup.map((r) => `${Number(r.lng).toFixed(5)},${Number(r.lat).toFixed(5)}`));
          const incidentCells = new Set(raw.rows.map((r) => r.cell));
          for (const [format, bytes] of files) {
            if (format === 'png') continue;
            const text = format === 'pdf' ? pdfTextSegments(bytes).join('\n') : new TextDecoder().decode(bytes);
            expect(text).not.toContain(isolated);
            for (const m of text.matchAll(/\b8[0-9a-f]{14}\b/g)) expect(incidentCells.has(m[0])).toBe(false);
            for (const m of text.matchAll(/(-?\d+\.\d+)\s*,\s*(-?\d+\.\d+)/g)) {
              expect(incidentPairs.has(`${Number(m[1]).toFixed(5)},${Number(m[2]).toFixed(5)}`)).toBe(false);
            }
          }
        });

        it('passes checkDisclosure on the bytes of every file and states the rule and the bandwidth in each', () => {
          for (const [format, bytes] of files) {
            const check = checkRenderedFile(data.disclosed, format, bytes);
            expect(check.violations, format).toEqual([]);
            if (format === 'png') continue;
            const text = squash(visibleText(format, bytes));
            expect(text, format).toContain(DISCLOSURE_RULE_SUMMARY_ES);
            expect(text, format).toContain(`ancho de banda de ${data.bandwidth.meters.toLocaleString('es-MX')} m`);
          }
          const geojson = JSON.parse(new TextDecoder().decode(files.get('geojson'))) as { features: { geometry: { type: string }; properties: { cell: string; n: number } }[] };
          expect(geojson.features.length).toBe(data.disclosed.cells.length);
          expect(new Set(geojson.features.map((f) => f.geometry.type))).toEqual(new Set(['Polygon']));
          expect(geojson.features.every((f) => f.properties.n >= 5)).toBe(true);
        });

        it('catches a file that leaks a suppressed hexagon or a point', () => {
          const isolated = cellToParent(latLngToCell(16.5412, -94.9003, 9), 7);
          const leak = new TextEncoder().encode(
            new TextDecoder().decode(files.get('kml')).replace('</Document>', `<Placemark><name>x</name><ExtendedData><Data name="cell"><value>${isolated}</value></Data><Data name="n"><value>2</value></Data></ExtendedData><Point><coordinates>-94.9,16.54,0</coordinates></Point></Placemark></Document>`),
          );
          const check = checkRenderedFile(data.disclosed, 'kml', leak);
          expect(check.ok).toBe(false);
          expect(check.violations.join(' ')).toMatch(/no es un hexágono publicado/);
          expect(check.violations.join(' ')).toMatch(/Point/);
        });

        it('renders byte-identical files, a map with title, legend, scale and north arrow, and a PNG', async () => {
          const again = await avgmHeatmapGenerator.compute(ctx({}, avgmHeatmapGenerator));
          for (const f of FORMATS) expect(sha(await avgmHeatmapGenerator.render(again, f, AVGM_META)), f).toBe(sha(files.get(f)!));
          const svg = new TextDecoder().decode(files.get('svg'));
          expect(svg).toContain('Mapa de calor de violencia contra las mujeres');
          expect(svg).toContain('data-role="leyenda"');
          expect(svg).toMatch(/data-role="escala"[\s\S]*\d km<\/text>/);
          expect(svg).toContain('data-role="norte"');
          expect(svg).toContain('Reservado: destinatarios con convenio');
          expect(Buffer.from(files.get('png')!.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
          expect(Buffer.from(files.get('pdf')!.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
          expect(new TextDecoder().decode(files.get('kml'))).toContain('<Polygon>');
        });
      });
    });

    describe('viewer API', () => {
      it('serves aggregated hexagons (never finer than resolution 9) that add up to the rollup, filtered by hour', async () => {
        const app = Fastify();
        app.setErrorHandler(accessErrorHandler);
        await app.register(accessRoutes, { db: t.db });
        await app.register(heatmapRoutes, { db: t.db, config });
        const password = 'clave-de-prueba-segura-2026';
        await addUser(t.db, CLI_ACTOR, { username: 'analista.api', displayName: 'Analista', areaCode: 'RVDI', roles: ['analyst'], password });
        await addUser(t.db, CLI_ACTOR, { username: 'admin.api', displayName: 'Admin', areaCode: 'DG', roles: ['admin'], password });
        const session = async (username: string) => {
          const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
          return { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value };
        };
        const analyst = await session('analista.api');
        const get = (url: string, cookies = analyst) => app.inject({ method: 'GET', url, cookies });

        expect((await app.inject({ method: 'GET', url: '/api/heatmap/presets' })).statusCode).toBe(401);
        expect((await get('/api/heatmap/presets', await session('admin.api'))).statusCode).toBe(403);
        const presets = (await get('/api/heatmap/presets')).json() as { default: string; presets: { id: string }[] };
        expect(presets.presets.map((p) => p.id)).toEqual(['seguridad', 'policia_estatal', 'policia_vial']);

        const sel = selectionOf(heatmapPresets().presets[0]!.codes.map((c) => c.code));
        const rows = await cellCounts(t.db, { from: '2026-01-01', to: '2026-01-31', selection: sel });
        const expected = rows.reduce((s, c) => s + c.n, 0);
        for (const [query, res] of [['resolution=9', 9], ['zoom=8', 7], ['zoom=10', 8], ['', 8]] as const) {
          const body = (await get(`/api/heatmap/cells?from=2026-01-01&to=2026-01-31&${query}`)).json() as {
            resolution: number;
            total: number;
            cells: { cell: string; n: number; lat: number; lng: number }[];
          };
          expect(body.resolution).toBe(res);
          expect(body.total).toBe(expected);
          expect(body.cells.reduce((s, c) => s + c.n, 0)).toBe(expected);
          expect(body.cells.every((c) => getResolution(c.cell) === res)).toBe(true);
        }
        const night = (await get('/api/heatmap/cells?from=2026-01-01&to=2026-01-31&hourFrom=22&hourTo=2&codes=31112')).json() as { total: number };
        const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE local_date BETWEEN '2026-01-01' AND '2026-01-31'
          AND NOT is_improper AND cell IS NOT NULL AND cnie_code = 31112 AND (local_hour >= 22 OR local_hour <= 2)`.execute(t.db);
        expect(night.total).toBe(Number(raw.rows[0]!.n));
        expect(night.total).toBeGreaterThanOrEqual(40);
        const bad = await get('/api/heatmap/cells?from=2026-01-01&to=2026-01-31&codes=99999');
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toMatch(/no existe/);
        expect((await get('/api/heatmap/cells?from=2025-01-01&to=2026-06-30')).statusCode).toBe(400);
        await app.close();
      });
    });

    describe('crime for the State Police and the Traffic Police', () => {
      let data: PoliceHeatmapData;
      const files = new Map<ReportFormat, Uint8Array>();

      beforeAll(async () => {
        data = (await policeHeatmapGenerator.compute(ctx({}, policeHeatmapGenerator))) as PoliceHeatmapData;
        for (const f of FORMATS) files.set(f, await policeHeatmapGenerator.render(data, f, POLICE_META));
        if (process.env.HEATMAP_SAMPLES) for (const [f, b] of files) writeFileSync(`${process.env.HEATMAP_SAMPLES}/policia.${f}`, b);
      });

      it('reads the default set (security, type 3) and reconciles totals and breakdowns with the raw incidents', async () => {
        expect(data.presetId).toBe('seguridad');
        expect(data.codes.every((c) => Math.floor(c.code / 10000) === 3)).toBe(true);
        const sel = selectionOf(data.codes.map((c) => c.code));
        const raw = await sql<{ h: number; dow: number; n: number }>`
          SELECT local_hour AS h, ((extract(dow FROM local_date)::int + 6) % 7) AS dow, count(*)::int AS n FROM incidents
          WHERE local_date BETWEEN '2026-01-01' AND '2026-01-31' AND NOT is_improper AND cell IS NOT NULL
            AND ((cnie_version = '3' AND cnie_code = ANY(${sel.v3}::int[])) OR (cnie_version = '2' AND cnie_code = ANY(${sel.v2}::int[])))
          GROUP BY 1, 2`.execute(t.db);
        const byHour = Array<number>(24).fill(0);
        const byWeekday = Array<number>(7).fill(0);
        for (const r of raw.rows) {
          byHour[r.h]! += Number(r.n);
          byWeekday[r.dow]! += Number(r.n);
        }
        expect(data.total).toBe(byHour.reduce((a, b) => a + b, 0));
        expect(data.byHour).toEqual(byHour);
        expect(data.byWeekday).toEqual(byWeekday);
        expect(data.byHour[23]).toBeGreaterThanOrEqual(40);
      });

      it('ranks hot spots whose counts reconcile with rollup_cells, with their municipality', async () => {
        expect(data.hotSpots.length).toBeGreaterThan(0);
        const brawl = cellToParent(latLngToCell(17.0655, -96.7203, 9), 8);
        const top = data.hotSpots.find((h) => h.cell === brawl);
        expect(top?.municipality).toBe('Oaxaca de Juárez');
        const sel = selectionOf(data.codes.map((c) => c.code));
        const rows = await sql<{ cell: string; n: number }>`
          SELECT cell, n FROM rollup_cells WHERE local_date BETWEEN '2026-01-01' AND '2026-01-31'
            AND ((cnie_version = '3' AND cnie_code = ANY(${sel.v3}::int[])) OR (cnie_version = '2' AND cnie_code = ANY(${sel.v2}::int[])))`.execute(t.db);
        const byParent = new Map<string, number>();
        for (const r of rows.rows) {
          const p = cellToParent(r.cell, 8);
          byParent.set(p, (byParent.get(p) ?? 0) + Number(r.n));
        }
        for (const h of data.hotSpots) expect(h.n, h.cell).toBe(byParent.get(h.cell) ?? 0);
        expect(data.hotSpots.map((h) => h.rank)).toEqual(data.hotSpots.map((_, i) => i + 1));
        for (let i = 1; i < data.hotSpots.length; i++) expect(data.hotSpots[i - 1]!.z).toBeGreaterThanOrEqual(data.hotSpots[i]!.z);
      });

      it('computes the same Gi* as the reference implementation', async () => {
        const sel = selectionOf(data.codes.map((c) => c.code));
        const counts = await cellCounts(t.db, { from: '2026-01-01', to: '2026-01-31', selection: sel });
        const area = studyArea(STATE, ['20067', '20390', '20385', '20107', '20350', '20399', '20565', '20293'], 8);
        const fast = hotSpots(area, counts);
        const inside = new Map(toResolution(counts, 8).map((c) => [c.cell, c.n]));
        const reference = getisOrdGiStar(area.cells.map((cell) => ({ cell, n: inside.get(cell) ?? 0 })));
        const significant = reference.cells.filter((c) => c.class !== 'not-significant');
        expect(fast.significant.map((c) => c.cell)).toEqual(significant.map((c) => c.cell));
        fast.significant.forEach((c, i) => {
          expect(c.z).toBeCloseTo(significant[i]!.z, 10);
          expect(c.q).toBeCloseTo(significant[i]!.q, 12);
          expect(c.bin).toBe(significant[i]!.bin);
        });
        expect([fast.hot, fast.cold]).toEqual([reference.hot, reference.cold]);
      });

      it('offers the traffic preset and honours codes, municipalities and the catalog version', async () => {
        const vial = heatmapPresets().presets.find((p) => p.id === 'policia_vial')!;
        expect(vial.codes.map((c) => c.code)).toContain(30309);
        expect(vial.codes.map((c) => c.code)).toContain(10104);
        const estatal = heatmapPresets().presets.find((p) => p.id === 'policia_estatal')!;
        expect(estatal.codes.some((c) => Math.floor(c.code / 100) === 303)).toBe(false);
        const one = await policeHeatmapGenerator.compute(ctx({ codes: '31112', municipalities: ['20067'] }, policeHeatmapGenerator));
        expect(one.codes.map((c) => c.code)).toEqual([31112]);
        expect(one.total).toBeGreaterThanOrEqual(40);
        expect(one.hotSpots.map((h) => h.cell)).toContain(cellToParent(latLngToCell(17.0655, -96.7203, 9), 8));
        await expect(policeHeatmapGenerator.compute(ctx({ codes: [99999] }, policeHeatmapGenerator))).rejects.toThrow(/no existe/);
        await expect(policeHeatmapGenerator.compute(ctx({ municipalities: ['14039'] }, policeHeatmapGenerator))).rejects.toThrow(/no pertenecen/);
      });

      it('renders byte-identical files: map with title, legend, scale, hot spots; GeoJSON/KML polygons; PDF; PNG', async () => {
        const again = await policeHeatmapGenerator.compute(ctx({}, policeHeatmapGenerator));
        for (const f of FORMATS) expect(sha(await policeHeatmapGenerator.render(again, f, POLICE_META)), f).toBe(sha(files.get(f)!));
        const svg = new TextDecoder().decode(files.get('svg'));
        expect(svg).toContain('Mapa de calor: Incidentes de seguridad (tipo 3)');
        expect(svg).toContain('Leyenda');
        expect(svg).toMatch(/\d km<\/text>/);
        expect(svg).toContain('Punto caliente, confianza');
        expect((svg.match(/data-rank="/g) ?? []).length).toBe(data.hotSpots.length);
        const geojson = JSON.parse(new TextDecoder().decode(files.get('geojson'))) as { features: { geometry: { type: string }; properties: { rango: number; municipio: string } }[] };
        expect(geojson.features.length).toBe(data.hotSpots.length);
        expect(geojson.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);
        expect((new TextDecoder().decode(files.get('kml')).match(/<Placemark>/g) ?? []).length).toBe(data.hotSpots.length);
        const pdf = squash(pdfTextSegments(files.get('pdf')!).join(' '));
        expect(pdf).toContain('Incidentes por hora del día');
        expect(pdf).toContain('Incidentes por día de la semana');
        expect(pdf).toContain(data.hotSpots[0]!.municipality);
        expect(Buffer.from(files.get('png')!.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
      });
    });
  });
}

/** The centre of a stored cell: where the reports place it to find its municipality. */
function cellCentreOf(cell: string): [number, number] {
  const [lat, lng] = cellToLatLng(cell);
  return [lat, lng];
}
