// The camera-site (PMI) and REPUVE-arch registries on every engine: imports in CSV, GeoJSON and KML keep their bad
// rows with reasons and are idempotent; edits from the forms are audited and versioned; only each registry's own
// area edits it and only the video-surveillance area sees the coverage; the coverage figures of a small hand-made
// case (five cameras with known histories, incidents at known places) are the ones computed by hand; the maps of
// directive 1.2.8 come out as PDF and KML, show each site with the status of the period, and the KML imports back
// unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { latLngToCell } from 'h3-js';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { loadConfig } from '../../src/config.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadStateGeography } from '../../src/reference/geography.ts';
import { accessErrorHandler, accessRoutes, CSRF_HEADER, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { verifyAuditChain } from '../../src/access/audit.ts';
import { LocalTime } from '../../src/util/local-time.ts';
import { storeBatch } from '../../src/incidents/store.ts';
import type { IncidentRecord } from '../../src/incidents/normalize.ts';
import { generateProduct, getProductFile } from '../../src/reports/index.ts';
import { coverageAnalysis, importSites, sitesRoutes, type CoverageResult } from '../../src/registries/sites/index.ts';
import ExcelJS from 'exceljs';

const STATE = '20';
const TZ = 'America/Mexico_City';
const NOW = new Date('2026-03-15T18:00:00Z');
const TODAY = '2026-03-15';
const config = loadConfig({ ATALAYA_STATE: STATE, ATALAYA_TZ: TZ, ATALAYA_DATA_DIR: '/tmp/atalaya-sites-test' });
const PASSWORD = 'clave-de-prueba-segura-2026';
const enc = (s: string) => new TextEncoder().encode(s);

// Places of the hand-made case, all more than a kilometre apart (see the coverage test).
const P = {
  A: [17.06, -96.725], // Oaxaca de Juárez
  Aeast: [17.06, -96.715], // Oaxaca de Juárez, 1.06 km east of A
  Anorth: [17.078, -96.725], // Oaxaca de Juárez, 2 km north of A
  B: [17.07, -96.706], // Santa Lucía del Camino
  C: [17.045, -96.74], // Santa Cruz Xoxocotlán
  D: [17.05, -96.71], // Oaxaca de Juárez
  T: [17.064, -96.685], // San Sebastián Tutla
} as const;

const PMI_HEADER = 'clave,nombre,latitud,longitud,estatus,estatus_desde,camaras_fijas,camaras_ptz,camaras_lpr,fecha_instalacion,ultimo_mantenimiento';
const PMI_CSV = [
  PMI_HEADER,
  `PMI-A,Cámara A,${P.A[0]},${P.A[1]},En operación,2025-01-01,2,0,0,2025-01-01,2026-02-01`,
  `pmi-b,Cámara B,${P.B[0]},${P.B[1]},operando,2025-06-01,0,1,0,,`,
  `PMI-C,Cámara C,${P.C[0]},${P.C[1]},Dado de baja,2025-12-01,1,0,0,2024-03-01,`,
  `PMI-D,Cámara D (solo placas),${P.D[0]},${P.D[1]},OPERANDO,,0,0,2,2024-05-01,`,
  `PMI-E,Cámara E,${P.Anorth[0]},${P.Anorth[1]},En operación,,1,0,0,2026-01-25,`,
  // Bad rows, one problem each (the last one two):
  `,Sin clave,17.06,-96.72,operando,,1,0,0,,`,
  `PMI-F,Fuera del estado,19.43,-99.13,operando,,1,0,0,,`,
  `PMI-G,Invertidas,-96.72,17.06,operando,,1,0,0,,`,
  `PMI-H,Estatus raro,17.06,-96.72,prendido,,1,0,0,,`,
  `PMI-I,Cámaras mal,17.06,-96.72,operando,,dos,0,0,,`,
  `PMI-A,Repetida,17.06,-96.72,operando,,1,0,0,,`,
  `PMI-J,Columnas de menos,17.06`,
  `PMI-K,Fechas,17.06,-96.72,operando,2026-13-01,1,0,0,2030-01-01,`,
].join('\n');

const REPUVE_GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [-96.636, 17.046] }, properties: { clave: 'ARCO-190-01', nombre: 'Arco El Tule', carretera: 'Federal 190 Oaxaca–Tehuantepec', kilometro: '12+400', sentido: 'Hacia Oaxaca', estatus: 'En operación' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [-96.476, 16.955] }, properties: { clave: 'ARCO-190-02', nombre: 'Arco Tlacolula', carretera: 'Federal 190 Oaxaca–Tehuantepec', kilometro: 31, sentido: 'Ambos sentidos', estatus: 'falla', estatus_desde: '10/02/2026' } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[-96.6, 17], [-96.5, 17.1]] }, properties: { clave: 'ARCO-X', nombre: 'Tramo' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [-96.9, 17.3] }, properties: { clave: 'ARCO-Y', nombre: 'Sin kilómetro', carretera: 'Autopista 135D', sentido: 'Ambos sentidos', estatus: 'operando' } },
  ],
});

const PMI_KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Centro</name>
<Placemark><name>Cámara Z del KML</name><ExtendedData><Data name="Clave"><value>PMI-Z</value></Data><Data name="Estatus"><value>con falla</value></Data><Data name="camaras_fijas"><value>3</value></Data></ExtendedData><Point><coordinates>-96.7200,17.0650,0</coordinates></Point></Placemark>
<Placemark><name>Polígono</name><ExtendedData><Data name="clave"><value>PMI-POLY</value></Data></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>-96.72,17.06 -96.71,17.06 -96.71,17.07 -96.72,17.06</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Sin estatus</name><ExtendedData><Data name="clave"><value>PMI-W</value></Data></ExtendedData><Point><coordinates>-96.7210,17.0610</coordinates></Point></Placemark>
</Folder></Document></kml>`;

function incident(folio: string, code: number, [lat, lng]: readonly [number, number], day: string, hour = 12): IncidentRecord {
  const zone = new LocalTime(TZ);
  return {
    center_code: 'OAX',
    folio,
    channel: '911',
    received_at: new Date(zone.startOfDay(day).getTime() + hour * 3_600_000),
    dispatched_at: null,
    arrived_at: null,
    closed_at: null,
    local_date: day,
    local_hour: hour,
    cnie_version: '3',
    cnie_code: code,
    priority: 'media',
    is_improper: false,
    closing_code: null,
    municipality_code: loadStateGeography(STATE).locate(lat, lng),
    locality: null,
    latitude: lat,
    longitude: lng,
    cell: latLngToCell(lat, lng, 9),
    corporation: null,
    unit: null,
    related_folios: null,
    victim_sex: null,
    victim_age_group: null,
    reported_phone: null,
    extortion_modality: null,
    caller_phone: null,
    caller_name: null,
    address: null,
    notes: null,
  };
}

const many = (n: number, prefix: string, code: number, at: readonly [number, number], day: string) =>
  Array.from({ length: n }, (_, i) => incident(`${prefix}-${i + 1}`, code, at, day, 8 + i));

/** A multipart body with the fields first and the file last, as the web app sends it. */
function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----atalaya-prueba';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join(''), 'utf8'), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const engine of testEngines()) {
  describe(`site registries on ${engine}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const sessions: Record<string, { cookies: Record<string, string>; csrf: string }> = {};
    const call = (who: string | null, method: 'GET' | 'POST' | 'PATCH', url: string, body?: { payload: unknown; headers?: Record<string, string> }) =>
      app.inject({
        method,
        url,
        payload: body?.payload as string | undefined,
        cookies: who ? sessions[who]!.cookies : {},
        headers: { ...(who && method !== 'GET' ? { [CSRF_HEADER]: sessions[who]!.csrf } : {}), ...(body?.headers ?? {}) },
      });
    const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;
    const actions = async () => (await t.db.selectFrom('audit_log').select(['action', 'actor', 'details']).orderBy('seq').execute());

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, STATE);
      app = Fastify({ ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true } } });
      app.setErrorHandler(accessErrorHandler);
      await app.register(fastifyMultipart);
      await app.register(accessRoutes, { db: t.db });
      await app.register(sitesRoutes, { db: t.db, config });
      await app.ready();
      const users: [string, string, string[]][] = [
        ['analista.vv', 'VV', ['analyst']],
        ['analista.repuve', 'REPUVE', ['analyst']],
        ['analista.cee', 'CEE', ['analyst']],
        ['admin.sitios', 'DG', ['admin']],
      ];
      for (const [username, areaCode, roles] of users) {
        await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode, roles, password: PASSWORD, mustChangePassword: false });
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
        sessions[username] = { cookies: { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value }, csrf: res.json().csrfToken };
      }
    });
    afterAll(async () => {
      await app?.close();
      await t?.destroy();
    });

    it('imports a CSV of camera sites, keeping every bad row with its line and reasons', async () => {
      const s = await importSites(t.db, { registry: 'pmi', format: 'csv', bytes: enc(PMI_CSV), fileName: 'pmi.csv', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now: NOW });
      expect(s).toMatchObject({ read: 13, inserted: 5, updated: 0, unchanged: 0, rejected: 8 });
      expect(s.rejectedByReason).toEqual({
        falta_clave: 1,
        fuera_del_estado: 2,
        estatus_desconocido: 1,
        camaras_invalidas: 1,
        clave_repetida: 1,
        columnas_incorrectas: 1,
        fecha_invalida: 1,
        fecha_futura: 1,
      });
      const rejects = await t.db.selectFrom('site_import_rejects').selectAll().where('import_id', '=', s.importId).orderBy('seq').execute();
      expect(rejects.map((r) => r.line)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
      expect(rejects[2]!.reasons.join()).toMatch(/Parecen invertidas/);
      expect(rejects[5]!.reasons.join()).toMatch(/PMI-A ya apareció en este archivo \(línea 2\)/);
      expect(rejects[7]!.reasons).toHaveLength(2);
      expect(rejects[6]!.raw).toBe('PMI-J,Columnas de menos,17.06');

      const sites = await t.db.selectFrom('sites').selectAll().where('registry', '=', 'pmi').orderBy('code').execute();
      expect(sites.map((x) => [x.code, x.municipality_code, x.status])).toEqual([
        ['PMI-A', '20067', 'operando'],
        ['PMI-B', '20390', 'operando'],
        ['PMI-C', '20385', 'baja'],
        ['PMI-D', '20067', 'operando'],
        ['PMI-E', '20067', 'operando'],
      ]);
      expect(sites[0]!.cameras).toEqual({ fija: 2 });
      expect(sites[3]!.cameras).toEqual({ lpr: 2 });
      expect(sites[0]!.last_maintenance_on).toBe('2026-02-01');
    });

    it('re-imports the same file without changing anything, and applies a corrected one as differences', async () => {
      const before = (await actions()).length;
      const again = await importSites(t.db, { registry: 'pmi', format: 'csv', bytes: enc(PMI_CSV), fileName: 'pmi.csv', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now: NOW });
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, rejected: 8 });
      expect((await actions()).slice(before).map((a) => a.action)).toEqual(['sites.import.start', 'sites.import.finish']);

      // B fails from 16 January; A only changes its name; the other columns are absent and keep their values.
      const corrected = 'clave,nombre,estatus,estatus_desde,latitud,longitud\n' + `PMI-B,Cámara B,Con falla,2026-01-16,${P.B[0]},${P.B[1]}\nPMI-A,Cámara A (Zócalo),operando,,${P.A[0]},${P.A[1]}\n`;
      const s = await importSites(t.db, { registry: 'pmi', format: 'csv', bytes: enc(corrected), fileName: 'corr.csv', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now: NOW });
      expect(s).toMatchObject({ inserted: 0, updated: 2, unchanged: 0, rejected: 0 });
      const a = await t.db.selectFrom('sites').selectAll().where('code', '=', 'PMI-A').executeTakeFirstOrThrow();
      expect([a.name, a.cameras, a.last_maintenance_on, a.version]).toEqual(['Cámara A (Zócalo)', { fija: 2 }, '2026-02-01', 2]);
      const b = await t.db.selectFrom('sites').selectAll().where('code', '=', 'PMI-B').executeTakeFirstOrThrow();
      expect(b.status).toBe('falla');
      const history = await t.db.selectFrom('site_status_changes').select(['status', 'effective_on', 'source']).where('site_id', '=', b.id).orderBy('id').execute();
      expect(history).toEqual([
        { status: 'operando', effective_on: '2025-06-01', source: 'importacion' },
        { status: 'falla', effective_on: '2026-01-16', source: 'importacion' },
      ]);
      const update = (await actions()).find((x) => x.action === 'sites.site.update' && (x.details as { code: string }).code === 'PMI-B')!;
      expect((update.details as { changes: Record<string, unknown> }).changes).toEqual({ status: ['operando', 'falla'], status_since: [null, '2026-01-16'] });
    });

    it('imports GeoJSON arches and KML camera sites, rejecting what is not a point', async () => {
      const g = await importSites(t.db, { registry: 'repuve', format: 'geojson', bytes: enc(REPUVE_GEOJSON), fileName: 'arcos.geojson', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now: NOW });
      expect(g).toMatchObject({ read: 4, inserted: 2, rejected: 2, rejectedByReason: { geometria_no_punto: 1, falta_kilometro: 1 } });
      const arches = await t.db.selectFrom('sites').selectAll().where('registry', '=', 'repuve').orderBy('code').execute();
      expect(arches.map((x) => [x.code, x.km, x.status, x.municipality_code])).toEqual([
        ['ARCO-190-01', 12.4, 'operando', '20409'],
        ['ARCO-190-02', 31, 'falla', '20551'],
      ]);
      const k = await importSites(t.db, { registry: 'pmi', format: 'kml', bytes: enc(PMI_KML), fileName: 'centro.kml', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now: NOW });
      expect(k).toMatchObject({ read: 3, inserted: 1, rejected: 2, rejectedByReason: { geometria_no_punto: 1, falta_estatus: 1 } });
      const z = await t.db.selectFrom('sites').selectAll().where('code', '=', 'PMI-Z').executeTakeFirstOrThrow();
      expect([z.name, z.status, z.cameras, z.latitude, z.longitude]).toEqual(['Cámara Z del KML', 'falla', { fija: 3 }, 17.065, -96.72]);
      const rejects = await t.db.selectFrom('site_import_rejects').select(['line', 'raw']).where('import_id', '=', k.importId).orderBy('seq').execute();
      expect(rejects.map((r) => r.line)).toEqual([4, 5]);
      expect(rejects[0]!.raw).toMatch(/^<Placemark>.*PMI-POLY.*<\/Placemark>$/);

      await expect(importSites(t.db, { registry: 'pmi', format: 'kml', bytes: enc('<kml><Placemark></kml>'), fileName: 'roto.kml', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR, now: NOW })).rejects.toThrow(/no es XML válido/);
      const failed = await t.db.selectFrom('site_imports').select(['status', 'error']).where('file_name', '=', 'roto.kml').executeTakeFirstOrThrow();
      expect(failed.status).toBe('failed');
    });

    it('lets each area edit only its own registry, audits every edit and refuses a stale version', async () => {
      const list = json(await call('analista.cee', 'GET', '/api/sites/pmi'));
      const z = list.sites.find((x: { code: string }) => x.code === 'PMI-Z');
      expect(z).toMatchObject({ status: 'falla', municipality: 'Oaxaca de Juárez', cameraTotal: 3 });
      expect((await call(null, 'GET', '/api/sites/pmi')).statusCode).toBe(401);
      expect((await call('admin.sitios', 'GET', '/api/sites/pmi')).statusCode).toBe(403);

      const form = { version: z.version, nombre: 'Cámara Z', latitud: '17.065', longitud: '-96.72', estatus: 'operando', camaras_fijas: '3', camaras_ptz: '1', ultimo_mantenimiento: '2026-03-10' };
      const cee = await call('analista.cee', 'PATCH', `/api/sites/pmi/${z.id}`, { payload: form });
      expect(cee.statusCode).toBe(403);
      expect(json(cee).message).toMatch(/No tiene permiso para importar y editar el registro de Puntos de Monitoreo Inteligente/);
      expect((await call('analista.repuve', 'PATCH', `/api/sites/pmi/${z.id}`, { payload: form })).statusCode).toBe(403);
      expect((await call('analista.vv', 'PATCH', `/api/sites/repuve/1`, { payload: { version: 1 } })).statusCode).toBe(403);
      const refusedImport = await call('analista.repuve', 'POST', '/api/sites/pmi/imports', multipart({}, { name: 'x.csv', content: PMI_CSV }));
      expect(refusedImport.statusCode).toBe(403);

      const ok = await call('analista.vv', 'PATCH', `/api/sites/pmi/${z.id}`, { payload: form });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(json(ok).changed.sort()).toEqual(['cameras', 'last_maintenance_on', 'name', 'status']);
      expect(json(ok).site).toMatchObject({ status: 'operando', cameraTotal: 4, version: z.version + 1 });
      const entry = (await actions()).filter((a) => a.action === 'sites.site.update').at(-1)!;
      expect(entry.actor).toBe('analista.vv');
      expect((entry.details as { changes: Record<string, unknown> }).changes.status).toEqual(['falla', 'operando']);
      const detail = json(await call('analista.repuve', 'GET', `/api/sites/pmi/${z.id}`));
      expect(detail.history.map((h: { status: string; source: string; actor: string }) => [h.status, h.source, h.actor])).toEqual([
        ['operando', 'edicion', 'analista.vv'],
        ['falla', 'importacion', 'cli'],
      ]);

      const stale = await call('analista.vv', 'PATCH', `/api/sites/pmi/${z.id}`, { payload: { ...form, estatus: 'mantenimiento' } });
      expect(stale.statusCode).toBe(409);
      expect(json(stale).code).toBe('version_obsoleta');
      const invalid = await call('analista.vv', 'PATCH', `/api/sites/pmi/${z.id}`, { payload: { ...form, version: z.version + 1, latitud: '19.43', longitud: '-99.13' } });
      expect(invalid.statusCode).toBe(400);
      expect(json(invalid).reasons.map((r: { code: string }) => r.code)).toEqual(['fuera_del_estado']);

      const created = await call('analista.repuve', 'POST', '/api/sites/repuve', {
        payload: { clave: 'ARCO-131-01', nombre: 'Arco Sola de Vega', carretera: 'Federal 131', kilometro: '72.9', sentido: 'Ambos sentidos', latitud: '16.52', longitud: '-96.98', estatus: 'En mantenimiento' },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(json(created).site).toMatchObject({ code: 'ARCO-131-01', municipality: 'Villa Sola de Vega', status: 'mantenimiento' });
      const dup = await call('analista.repuve', 'POST', '/api/sites/repuve', { payload: { clave: 'arco-131-01', nombre: 'x', carretera: 'F', kilometro: '1', sentido: 'x', latitud: '16.52', longitud: '-96.98', estatus: 'operando' } });
      expect(dup.statusCode).toBe(409);

      const upload = await call('analista.vv', 'POST', '/api/sites/pmi/imports', multipart({}, { name: 'pmi.csv', content: PMI_CSV }));
      expect(upload.statusCode, upload.body).toBe(200);
      // The first file again: only A's name goes back; B's "operating since June 2025" is already in its history.
      expect(json(upload)).toMatchObject({ format: 'csv', updated: 1, unchanged: 4, rejected: 8 });
      const rejects = await call('analista.vv', 'GET', `/api/sites/pmi/imports/${json(upload).importId}/rejects.csv`);
      expect(rejects.body.split('\n')[0]).toBe('\uFEFFlinea,motivos,contenido_original');
      expect(rejects.body).toContain('fuera_del_estado');
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    describe('coverage of a hand-made case', () => {
      let jan: CoverageResult;
      beforeAll(async () => {
        // PMI-Z (imported on 15 March as failing, repaired today) is not working in the quarter: it changes nothing.
        await t.db.transaction().execute(async (trx) => {
          await storeBatch(trx, [
            ...many(5, 'A', 30101, P.A, '2026-01-10'), // at camera A: near
            ...many(3, 'AE', 30101, P.Aeast, '2026-01-12'), // 1 km from A: not near
            ...many(2, 'AN', 30101, P.Anorth, '2026-01-05'), // at E, installed on the 25th: not near then
            ...many(4, 'B1', 30101, P.B, '2026-01-10'), // at B while it worked: near
            ...many(6, 'B2', 30101, P.B, '2026-01-20'), // at B after it failed on the 16th: not near
            ...many(1, 'C', 30101, P.C, '2026-01-08'), // at C, retired in December: not near
            ...many(2, 'D', 30101, P.D, '2026-01-09'), // at D, plate readers only: near with every kind of camera
            ...many(7, 'T', 10104, P.T, '2026-01-15'), // medical, no camera within 2 km: not near
            ...many(2, 'F', 30101, P.A, '2026-02-03'), // February, at A: near
          ], null);
        });
        jan = await coverageAnalysis(t.db, { stateCode: STATE, today: TODAY, params: { period: '2026-01', distance: 300, budget: 2 } });
      });

      it('counts the incidents near a working camera, per municipality, as computed by hand', () => {
        expect(jan.total).toEqual({ incidents: 30, covered: 11, uncovered: 19, share: 11 / 30 });
        expect(jan.byMunicipality.map((m) => [m.code, m.incidents, m.covered, m.workingSites])).toEqual([
          ['20067', 12, 7, 3], // A's 5 and D's 2 near; working on 31 January: A, D and E
          ['20390', 10, 4, 0], // B's 4 before it failed; B failing on the 31st
          ['20350', 7, 0, 0],
          ['20385', 1, 0, 0], // C retired
        ]);
        expect(jan.workingSites).toBe(3);
        expect(jan.uncoveredCellCount).toBe(5);
        expect(jan.uncoveredCells.map((c) => c.n)).toEqual([7, 6, 3, 2, 1]);
        expect(jan.uncoveredCells[0]!.cell).toBe(latLngToCell(P.T[0], P.T[1], 9));
      });

      it('proposes the sites that cover most uncovered incidents, greedily', () => {
        expect(jan.proposals.map((p) => [p.rank, p.cell, p.gain, p.cumulative])).toEqual([
          [1, latLngToCell(P.T[0], P.T[1], 9), 7, 7],
          [2, latLngToCell(P.B[0], P.B[1], 9), 6, 13],
        ]);
        expect(jan.proposals[1]!.shareAfter).toBeCloseTo(24 / 30, 10);
        expect(jan.proposals[0]!.municipality).toBe('San Sebastián Tutla');
      });

      it('follows the camera kinds, the incident set and the months of a quarter', async () => {
        const noPlates = await coverageAnalysis(t.db, { stateCode: STATE, today: TODAY, params: { period: '2026-01', distance: 300, kinds: 'fija,ptz', budget: 0 } });
        expect(noPlates.total).toMatchObject({ incidents: 30, covered: 9 });
        expect(noPlates.proposals).toEqual([]);
        const security = await coverageAnalysis(t.db, { stateCode: STATE, today: TODAY, params: { period: '2026-01', distance: 300, preset: 'seguridad' } });
        expect(security.total).toMatchObject({ incidents: 23, covered: 11 });
        const quarter = await coverageAnalysis(t.db, { stateCode: STATE, today: TODAY, params: { period: '2026-Q1', distance: 300 } });
        expect(quarter.byMonth.map((m) => [m.key, m.incidents, m.covered])).toEqual([
          ['2026-01', 30, 11],
          ['2026-02', 2, 2],
          ['2026-03', 0, 0],
        ]);
        expect(quarter.asOf).toBe(TODAY);
        const oneMunicipality = await coverageAnalysis(t.db, { stateCode: STATE, today: TODAY, params: { period: '2026-01', municipality: '20390' } });
        expect(oneMunicipality.total).toMatchObject({ incidents: 10, covered: 4 });
        await expect(coverageAnalysis(t.db, { stateCode: STATE, today: TODAY, params: { period: '2026-01', distance: 20 } })).rejects.toThrow(/mínima es de 50 m/);
      });

      it('serves the analysis and its workbook only to the video-surveillance area', async () => {
        const url = '/api/sites/coverage?period=2026-01&distance=300&budget=2';
        expect((await call('analista.repuve', 'GET', url)).statusCode).toBe(403);
        expect((await call('analista.cee', 'GET', url)).statusCode).toBe(403);
        const r = await call('analista.vv', 'GET', url);
        expect(r.statusCode, r.body).toBe(200);
        expect(json(r).total).toEqual(jan.total);
        const bad = await call('analista.vv', 'GET', '/api/sites/coverage?period=marzo');
        expect(bad.statusCode).toBe(400);
        expect(json(bad).message).toMatch(/no reconocido/);
        const x = await call('analista.vv', 'GET', url.replace('coverage?', 'coverage.xlsx?'));
        expect(x.statusCode).toBe(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
        expect(wb.worksheets.map((w) => w.name)).toEqual(['Resumen', 'Municipios', 'Meses', 'Sin cámara cerca', 'Sitios propuestos']);
        const mun = wb.getWorksheet('Municipios')!;
        const rows = mun.getSheetValues().filter((v) => Array.isArray(v) && /^\d{5}$/.test(String(v[1]))) as unknown[][];
        expect(rows.map((v) => [v[1], v[3], v[4]])).toEqual([['20067', 12, 7], ['20390', 10, 4], ['20350', 7, 0], ['20385', 1, 0]]);
      });
    });

    it('makes the maps of directive 1.2.8 as PDF and KML with the statuses of the period, and the KML imports back unchanged', async () => {
      const actor = { id: null, username: 'cli' };
      const dec = new TextDecoder();
      const january = await generateProduct(t.db, config, { type: 'mapa-pmi', period: '2026-01', userId: null, actor });
      expect(january.files.map((f) => f.format)).toEqual(['pdf', 'kml']);
      const kmlJan = dec.decode((await getProductFile(t.db, january.id, 'kml'))!.content);
      // On 31 January B had failed, E had just been installed, C was retired (not shown by default).
      const statusIn = (kml: string, code: string) => new RegExp(`<name>${code}</name>[\\s\\S]*?<styleUrl>#estatus-(\\w+)</styleUrl>`).exec(kml)?.[1];
      expect(statusIn(kmlJan, 'PMI-B')).toBe('falla');
      expect(statusIn(kmlJan, 'PMI-E')).toBe('operando');
      expect(kmlJan).not.toContain('<name>PMI-C</name>');
      // Z, imported on 15 March as failing, had that status before too (the first status of a site holds backwards).
      expect(kmlJan).toContain('<Folder>\n<name>Con falla (2)</name>');
      const december = await generateProduct(t.db, config, { type: 'mapa-pmi', period: '2025-12', params: { statuses: ['operando', 'falla', 'mantenimiento', 'baja'] }, userId: null, actor });
      const kmlDec = dec.decode((await getProductFile(t.db, december.id, 'kml'))!.content);
      expect(statusIn(kmlDec, 'PMI-B')).toBe('operando');
      expect(statusIn(kmlDec, 'PMI-C')).toBe('baja');
      expect(kmlDec).not.toContain('<name>PMI-E</name>'); // not installed yet
      const pdf = (await getProductFile(t.db, january.id, 'pdf'))!.content;
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      expect(january.summary).toMatchObject({ sitios: 5, operando: 3, falla: 2 }); // A, D, E; B, Z

      // The map of the month in progress shows the registry as it is now: importing its KML changes nothing.
      const thisMonth = new LocalTime(TZ).dayAndHour(new Date()).date.slice(0, 7);
      const current = await generateProduct(t.db, config, { type: 'mapa-pmi', period: thisMonth, userId: null, actor });
      const kml = (await getProductFile(t.db, current.id, 'kml'))!.content;
      const back = await importSites(t.db, { registry: 'pmi', format: 'kml', bytes: kml, fileName: 'mapa.kml', stateCode: STATE, timeZone: TZ, actor: CLI_ACTOR });
      // The municipal boundaries travel as polygons: they are not sites and come back as rejected placemarks.
      const municipalities = new Set((await t.db.selectFrom('sites').select('municipality_code').where('registry', '=', 'pmi').where('status', '!=', 'baja').execute()).map((r) => r.municipality_code));
      expect(back).toMatchObject({ read: Number(current.summary.sitios) + municipalities.size, inserted: 0, updated: 0, rejected: municipalities.size });
      expect(back.rejectedByReason).toEqual({ geometria_no_punto: municipalities.size });
      expect(back.ignoredColumns).toEqual(['clave_municipio', 'municipio']);

      const arches = await generateProduct(t.db, config, { type: 'mapa-repuve', period: thisMonth, userId: null, actor });
      const kmlArches = dec.decode((await getProductFile(t.db, arches.id, 'kml'))!.content);
      expect(kmlArches).toContain('<Data name="kilometro"><value>12.4</value></Data>');
      expect(statusIn(kmlArches, 'ARCO-190-02')).toBe('falla');
    });
  });
}
