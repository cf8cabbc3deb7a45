// The phone-number registry end to end through the HTTP app, on both engines: built from imported incidents (089
// extortion tips and 9-1-1 extortion and improper calls), manual reports with bad numbers refused with a reason and
// legacy prefixes normalised, the status workflow with who and why (only the CEE director confirms), a discarded
// number that comes back only with new evidence, the mitigation threshold that opens a case and its staged actions in
// order, the indicators per center, the monthly lists (confirmed numbers carry over, discarded ones do not) whose
// versions without phones carry none, the submissions by oficio, and access refused to other areas.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { loadConfig } from '../../src/config.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadDemoCenters } from '../../src/incidents/demo.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { buildApp } from '../../src/server/app.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { SESSION_COOKIE } from '../../src/access/plugin.ts';
import { verifyAuditChain } from '../../src/access/audit.ts';
import { generateProduct, getProductFile } from '../../src/reports/index.ts';
import { disclosureRules } from '../../src/distribution/disclosure/rules.ts';
import { prepareForRelease } from '../../src/distribution/disclosure/index.ts';
import { discloseNumbersList, numbersCsv, type NumbersListData } from '../../src/registries/numbers/reports.ts';
import { computeNumbersList } from '../../src/registries/numbers/reports.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';

const PASSWORD = 'clave-de-prueba-segura-2026';
const TZ = 'America/Mexico_City';
const localDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
const TODAY = localDay(new Date());
const shift = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};
const LAST_MONTH = monthBefore(TODAY.slice(0, 7));
const TWO_MONTHS_AGO = monthBefore(LAST_MONTH);

const CSV = [
  'centro,folio,canal,recibido,cnie_codigo,municipio,modalidad_extorsion,telefono_reportado,improcedente,telefono_llamante',
  `OAX,N1,089,${LAST_MONTH}-05T10:00:00,30407,20067,secuestro_virtual,5511111111,no,`,
  `OAX,N2,089,${LAST_MONTH}-20T10:00:00,30407,20067,cobro de piso,+52 55 1111 1111,no,`,
  `OAX,N3,911,${LAST_MONTH}-22T10:00:00,30407,20390,premio,5522222222,no,9511000001`,
  `OAX,N4,089,${TWO_MONTHS_AGO}-10T10:00:00,30407,20067,,5533333333,no,`,
  // A repeat improper caller who reaches the threshold (3 in 30 days), and one who does not.
  `OAX,I1,911,${shift(TODAY, -12)}T09:00:00,70101,20067,,,si,9519990001`,
  `OAX,I2,911,${shift(TODAY, -8)}T09:00:00,70104,20067,,,si,951 999 0001`,
  `OAX,I3,911,${shift(TODAY, -3)}T09:00:00,70101,20067,,,si,9519990001`,
  `OAX,I4,911,${shift(TODAY, -6)}T09:00:00,70101,20067,,,si,9519990002`,
  `OAX,I5,911,${shift(TODAY, -2)}T09:00:00,70101,20067,,,si,9519990002`,
].join('\n');

for (const engine of testEngines()) {
  describe(`phone-number registry on ${engine}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    const config = () => loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: TZ, ATALAYA_DATA_DIR: t.dataDir });

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      await loadDemoCenters(t.db, '20');
      const imported = await importIncidents(t.db, {
        input: Readable.from([Buffer.from(CSV)]),
        fileName: 'numeros.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: '20',
        timeZone: TZ,
        actor: 'test',
      });
      expect([imported.inserted, imported.rejected]).toEqual([9, 0]);
      app = await buildApp({ config: config(), database: t });
      const people: [string, string, string[]][] = [
        ['analista.cee', 'CEE', ['analyst']],
        ['director.cee', 'CEE', ['area_director']],
        ['operador.cee', 'CEE', ['operator']],
        ['directora.general', 'DG', ['director_general']],
        ['analista.rvdi', 'RVDI', ['analyst']],
      ];
      for (const [username, area, roles] of people) {
        await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode: area, roles, password: PASSWORD });
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
        sessions.set(username, { cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value, csrf: res.json().csrfToken });
      }
    });
    afterAll(async () => {
      await app?.close();
      await t?.destroy();
    });

    const as = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const s = sessions.get(user)!;
      return app.inject({ method, url, payload: payload as never, cookies: { [SESSION_COOKIE]: s.cookie }, headers: { 'x-csrf-token': s.csrf } });
    };
    const body = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
    const phones = async (user: string, query = '') => (body(await as(user, 'GET', `/api/numbers?pageSize=200${query}`)).numbers as { phone: string }[]).map((n) => n.phone).sort();

    it('builds the registry from the incidents and opens a case for the caller who reaches the threshold', async () => {
      const sync = await as('analista.cee', 'POST', '/api/numbers/sync');
      expect(sync.statusCode, sync.body).toBe(200);
      expect(body(sync)).toMatchObject({ added: 4, casesOpened: 1, extortionSightings: 4, improperSightings: 3, removed: 0 });
      // Idempotent: nothing new the second time.
      expect(body(await as('analista.cee', 'POST', '/api/numbers/sync'))).toMatchObject({ added: 0, casesOpened: 0, extortionSightings: 4, improperSightings: 0 });
      expect(await phones('analista.cee')).toEqual(['5511111111', '5522222222', '5533333333', '9519990001']);
      const list = body(await as('analista.cee', 'GET', '/api/numbers?q=551111'));
      expect(list.numbers).toHaveLength(1);
      expect(list.numbers[0]).toMatchObject({ phone: '5511111111', status: 'reportado', extortion: 2, improper: 0, centers: ['OAX'] });
      expect([...list.numbers[0].modalities].sort()).toEqual(['amenaza_cobro_de_piso', 'secuestro_virtual']);
      expect(await phones('analista.cee', '&kind=improcedente')).toEqual(['9519990001']);
      // The 9-1-1 extortion caller's own number (a victim) never enters the registry.
      expect(await phones('directora.general')).not.toContain('9511000001');
    });

    it('refuses the registry to other areas and to roles without the permission', async () => {
      for (const user of ['analista.rvdi', 'operador.cee']) {
        const res = await as(user, 'GET', '/api/numbers');
        expect(res.statusCode).toBe(403);
        expect(body(res).message).toMatch(/No tiene permiso para consultar el registro de números/);
      }
      expect((await as('analista.rvdi', 'GET', '/api/numbers/cases')).statusCode).toBe(403);
      expect((await as('analista.rvdi', 'POST', '/api/numbers/reports', { phone: '5512345678', kind: 'extorsion', seenOn: TODAY })).statusCode).toBe(403);
      expect((await as('directora.general', 'POST', '/api/numbers/reports', { phone: '5512345678', kind: 'extorsion', seenOn: TODAY })).statusCode).toBe(403);
      // The Director General reads the registry and the improper callers, but does not edit it.
      expect((await as('directora.general', 'GET', '/api/numbers/cases')).statusCode).toBe(200);
    });

    it('normalises manual reports and refuses invalid numbers with a reason', async () => {
      const bad = await as('analista.cee', 'POST', '/api/numbers/reports', { phone: '12345', kind: 'extorsion', seenOn: TODAY });
      expect(bad.statusCode).toBe(400);
      expect(body(bad).fields.phone[0]).toMatch(/tiene 5 dígitos; un número mexicano tiene 10/);
      const letters = await as('analista.cee', 'POST', '/api/numbers/reports', { phone: 'llamar luego', kind: 'extorsion', seenOn: shift(TODAY, 3) });
      expect(body(letters).fields).toMatchObject({ phone: [expect.stringMatching(/no son dígitos/)], seenOn: [expect.stringMatching(/posterior a hoy/)] });
      const modality = await as('analista.cee', 'POST', '/api/numbers/reports', { phone: '5544444444', kind: 'extorsion', seenOn: TODAY, modality: 'inventada' });
      expect(body(modality).fields.modality[0]).toMatch(/no está en la lista/);

      const first = await as('analista.cee', 'POST', '/api/numbers/reports', { phone: '044 55 4444 4444', kind: 'extorsion', seenOn: `${LAST_MONTH}-15`, modality: 'cobranza_ilegal', reference: 'Oficio FGEO/123/2026' });
      expect(first.statusCode, first.body).toBe(201);
      expect(body(first)).toEqual({ phone: '5544444444', created: true });
      for (const form of ['+52 1 55 4444 4444', '01 55 4444 4444', '(55) 4444-4444']) {
        expect(body(await as('analista.cee', 'POST', '/api/numbers/reports', { phone: form, kind: 'extorsion', seenOn: `${LAST_MONTH}-16` }))).toEqual({ phone: '5544444444', created: false });
      }
      const detail = body(await as('analista.cee', 'GET', '/api/numbers/5544444444'));
      expect(detail.sightings).toHaveLength(4);
      expect(detail.sightings.map((s: { source: string }) => s.source)).toEqual(Array(4).fill('reporte_manual'));
    });

    it('moves a number through the workflow with who and why; only the CEE director confirms or discards', async () => {
      const noReason = await as('analista.cee', 'POST', '/api/numbers/5511111111/status', { to: 'en_verificacion', reason: 'x' });
      expect(body(noReason).code).toBe('motivo_requerido');
      expect((await as('analista.cee', 'POST', '/api/numbers/5511111111/status', { to: 'en_verificacion', reason: 'Se consulta al concesionario.' })).statusCode).toBe(200);
      const refused = await as('analista.cee', 'POST', '/api/numbers/5511111111/status', { to: 'confirmado', reason: 'Varias víctimas lo reportan.' });
      expect(refused.statusCode).toBe(403);
      expect(body(refused).message).toMatch(/Solo la dirección del Centro Estatal de Emergencias/);
      expect((await as('director.cee', 'POST', '/api/numbers/5511111111/status', { to: 'confirmado', reason: 'Varias víctimas lo reportan.' })).statusCode).toBe(200);
      const skip = await as('director.cee', 'POST', '/api/numbers/5533333333/status', { to: 'confirmado', reason: 'Sin verificar todavía.' });
      expect(skip.statusCode).toBe(409);
      expect(body(skip).message).toMatch(/Un número reportado no puede pasar a confirmado/);
      await as('director.cee', 'POST', '/api/numbers/5533333333/status', { to: 'en_verificacion', reason: 'Verificación con la Fiscalía.' });
      await as('director.cee', 'POST', '/api/numbers/5533333333/status', { to: 'confirmado', reason: 'La Fiscalía lo confirma.' });
      expect((await as('director.cee', 'POST', '/api/numbers/5522222222/status', { to: 'descartado', reason: 'Línea de un comercio suplantado.' })).statusCode).toBe(200);

      const detail = body(await as('directora.general', 'GET', '/api/numbers/5511111111'));
      expect(detail.events.map((e: { to_status: string; actor: string }) => [e.to_status, e.actor])).toEqual([
        ['reportado', 'sistema'],
        ['en_verificacion', 'analista.cee'],
        ['confirmado', 'director.cee'],
      ]);
      expect(detail.events[2].reason).toBe('Varias víctimas lo reportan.');
      expect(detail.transitions).toEqual([]);
      expect(body(await as('director.cee', 'GET', '/api/numbers/5511111111')).transitions).toEqual(['en_verificacion']);
    });

    it('lists a month: confirmed numbers carry over, discarded ones do not; versions without phones carry none', async () => {
      const ctx = { db: t.db, config: config(), period: parsePeriod(LAST_MONTH), params: {}, cnieVersion: '3' as const };
      const data = await computeNumbersList(ctx, 'extorsion');
      expect(data.numbers.map((n) => [n.phone, n.inMonth, n.carried])).toEqual([
        ['5511111111', 2, false],
        ['5533333333', 0, true],
        ['5544444444', 4, false],
      ]);
      const earlier = await computeNumbersList({ ...ctx, period: parsePeriod(TWO_MONTHS_AGO) }, 'extorsion');
      // A list never carries a number first seen after its month.
      expect(earlier.numbers.map((n) => [n.phone, n.carried])).toEqual([['5533333333', false]]);

      const product = await generateProduct(t.db, config(), { type: 'numeros-extorsion-cni', period: LAST_MONTH, userId: null, actor: CLI_ACTOR });
      expect(product.summary).toMatchObject({ numeros: 3, avistamientos: 6, confirmados_anteriores: 1 });
      const xlsx = await getProductFile(t.db, product.id, 'xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx!.content as unknown as ArrayBuffer);
      const cells = wb.getWorksheet('Listado')!.getSheetValues().flat().map(String);
      expect(cells).toEqual(expect.arrayContaining(['5511111111', '5533333333', '5544444444', 'Confirmado']));
      expect(cells).not.toContain('5522222222');
      // Through the release pipeline: a public and a restricted version without phones carry none of the numbers.
      for (const audience of ['public', 'restricted'] as const) {
        const released = await prepareForRelease(t.db, product.id, { audience, config: config() });
        for (const format of ['csv', 'xlsx'] as const) {
          const file = (await getProductFile(t.db, released, format))!;
          const text = format === 'csv' ? Buffer.from(file.content).toString('utf8') : JSON.stringify(await (async () => {
            const w = new ExcelJS.Workbook();
            await w.xlsx.load(file.content as unknown as ArrayBuffer);
            return w.worksheets.map((ws) => ws.getSheetValues());
          })());
          for (const phone of ['5511111111', '5533333333', '5544444444']) expect(text, `${audience} ${format}`).not.toContain(phone);
          expect(text).toContain(audience === 'public' ? 'Versión pública' : 'Reservado');
        }
      }

      const malicious = await computeNumbersList(ctx, 'improcedente');
      const thisMonth = await computeNumbersList({ ...ctx, period: parsePeriod(TODAY.slice(0, 7)) }, 'improcedente');
      expect([...malicious.numbers, ...thisMonth.numbers].map((n) => n.phone)).toContain('9519990001');

      const csvOf = (d: NumbersListData) => numbersCsv(d);
      const withPhones = discloseNumbersList(data, disclosureRules({ audience: 'restricted', agencyId: 1, allowPhones: true }));
      expect(csvOf(withPhones.data)).toContain('5511111111');
      for (const audience of ['public', 'restricted'] as const) {
        const out = discloseNumbersList(data, disclosureRules({ audience, agencyId: 1 }));
        const text = csvOf(out.data);
        for (const phone of ['5511111111', '5533333333', '5544444444']) expect(text).not.toContain(phone);
        expect(out.redactions[0]).toMatchObject({ field: 'incident.reported_phone', action: 'eliminado' });
        // Three numbers: under the public threshold (5), not under the restricted one (3).
        expect(out.data.totals.numbers).toBe(audience === 'public' ? '*' : 3);
      }
    });

    it('brings a discarded number back only with new evidence', async () => {
      expect(body(await as('analista.cee', 'POST', '/api/numbers/sync')).reopened).toBe(0);
      expect(body(await as('analista.cee', 'GET', '/api/numbers/5522222222')).number.status).toBe('descartado');
      await as('analista.cee', 'POST', '/api/numbers/reports', { phone: '5522222222', kind: 'extorsion', seenOn: TODAY, modality: 'premio_o_sorteo' });
      const detail = body(await as('analista.cee', 'GET', '/api/numbers/5522222222'));
      expect(detail.number.status).toBe('reportado');
      expect(detail.events.at(-1)).toMatchObject({ from_status: 'descartado', to_status: 'reportado', reason: expect.stringMatching(/^Nueva evidencia/) });
    });

    it('records the staged actions of a case in order, with dates, and counts them in the indicators', async () => {
      const cases = body(await as('analista.cee', 'GET', '/api/numbers/cases?open=true')) as unknown as any[];
      expect(cases).toHaveLength(1);
      const c = cases[0];
      expect(c).toMatchObject({ phone: '9519990001', center_code: 'OAX', stage: 'abierto', calls_in_window: 3, threshold_calls: 3, threshold_days: 30, next: ['aviso', 'cierre'] });
      expect(c.actions.map((a: { action: string }) => a.action)).toEqual(['apertura']);
      const act = (payload: Record<string, unknown>) => as('analista.cee', 'POST', `/api/numbers/cases/${c.id}/actions`, payload);
      const early = await act({ action: 'segundo_aviso', actedOn: TODAY });
      expect(early.statusCode).toBe(409);
      expect(body(early).message).toMatch(/sigue con: primer aviso o cierre/);
      expect(body(await act({ action: 'aviso', actedOn: shift(TODAY, 1) })).code).toBe('fecha_futura');
      expect(body(await act({ action: 'aviso', actedOn: TODAY, note: 'Se llamó al número.' }))).toMatchObject({ stage: 'aviso' });
      expect(body(await act({ action: 'segundo_aviso', actedOn: shift(TODAY, -1) })).code).toBe('fecha_anterior');
      expect(body(await act({ action: 'segundo_aviso', actedOn: TODAY }))).toMatchObject({ stage: 'segundo_aviso' });
      expect(body(await act({ action: 'canalizacion', actedOn: TODAY })).code).toBe('destino_requerido');
      expect(body(await act({ action: 'canalizacion', actedOn: TODAY, destination: 'Concesionario de telefonía', reference: 'CEE/2026/77' }))).toMatchObject({ stage: 'canalizado' });
      expect(body(await act({ action: 'cierre', actedOn: TODAY })).code).toBe('resultado_requerido');
      expect(body(await act({ action: 'cierre', actedOn: TODAY, outcome: 'numero_suspendido' }))).toMatchObject({ stage: 'cerrado' });
      // The calls before the close do not open a new case.
      expect(body(await as('analista.cee', 'POST', '/api/numbers/sync')).casesOpened).toBe(0);
      const closed = (body(await as('directora.general', 'GET', '/api/numbers/cases?open=false')) as unknown as any[])[0];
      expect(closed.actions.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
        ['apertura', 'sistema'], ['aviso', 'analista.cee'], ['segundo_aviso', 'analista.cee'], ['canalizacion', 'analista.cee'], ['cierre', 'analista.cee'],
      ]);
      expect(closed.outcome).toBe('numero_suspendido');

      const ind = body(await as('director.cee', 'GET', `/api/numbers/indicators?from=${TWO_MONTHS_AGO}&to=${TODAY.slice(0, 7)}`));
      const oax = ind.months.filter((m: { center: string }) => m.center === 'OAX');
      const sum = (k: string) => oax.reduce((a: number, m: Record<string, number>) => a + m[k]!, 0);
      expect(sum('calls')).toBe(6);
      expect(sum('improper')).toBe(5);
      expect(sum('casesOpened')).toBe(1);
      expect(sum('repeatCallers')).toBeGreaterThanOrEqual(1);
      expect(ind.outcomes).toEqual([{ center: 'OAX', stage: 'cerrado', outcome: 'numero_suspendido', cases: 1 }]);
      expect((await as('director.cee', 'GET', '/api/numbers/indicators?from=2020-01&to=2026-12')).statusCode).toBe(400);
    });

    it('lets only the CEE director change the threshold, validated and audited', async () => {
      expect((await as('analista.cee', 'PUT', '/api/numbers/settings', { threshold: { calls: 2, days: 7 } })).statusCode).toBe(403);
      const bad = await as('director.cee', 'PUT', '/api/numbers/settings', { threshold: { calls: 1, days: 7 } });
      expect(bad.statusCode).toBe(400);
      expect(body(bad).message).toMatch(/el umbral necesita al menos 2 llamadas/);
      expect(body(await as('director.cee', 'PUT', '/api/numbers/settings', { threshold: { calls: 3, days: 30 }, centerThresholds: { NOPE: { calls: 2, days: 5 } } })).code).toBe('centro_desconocido');
      const ok = await as('director.cee', 'PUT', '/api/numbers/settings', { threshold: { calls: 2, days: 10 }, centerThresholds: { OAX: { calls: 5, days: 30 } } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(body(await as('analista.cee', 'GET', '/api/numbers/catalogs'))).toMatchObject({ threshold: { calls: 2, days: 10 }, centerThresholds: { OAX: { calls: 5, days: 30 } } });
      // The center's own threshold applies: 9519990002's two calls do not open a case at OAX.
      expect(body(await as('analista.cee', 'POST', '/api/numbers/sync')).casesOpened).toBe(0);
      await as('director.cee', 'PUT', '/api/numbers/settings', { threshold: { calls: 3, days: 30 } });
    });

    it('tracks the monthly submissions by oficio, once per list and month', async () => {
      const product = await generateProduct(t.db, config(), { type: 'numeros-maliciosos', period: LAST_MONTH, userId: null, actor: CLI_ACTOR });
      const bad = await as('analista.cee', 'POST', '/api/numbers/submissions', { reportCode: 'numeros-extorsion-cni', productId: product.id, sentAt: new Date().toISOString(), oficioFolio: 'SSPO/C4/CEE/0001/2026' });
      expect(body(bad).code).toBe('producto_invalido');
      const noFolio = await as('analista.cee', 'POST', '/api/numbers/submissions', { reportCode: 'numeros-maliciosos', productId: product.id, sentAt: new Date().toISOString(), oficioFolio: ' ' });
      expect(body(noFolio).code).toBe('folio_requerido');
      const ok = await as('analista.cee', 'POST', '/api/numbers/submissions', { reportCode: 'numeros-maliciosos', productId: product.id, sentAt: new Date().toISOString(), oficioFolio: 'SSPO/C4/CEE/0001/2026' });
      expect(ok.statusCode, ok.body).toBe(201);
      const again = await as('analista.cee', 'POST', '/api/numbers/submissions', { reportCode: 'numeros-maliciosos', productId: product.id, sentAt: new Date().toISOString(), oficioFolio: 'SSPO/C4/CEE/0002/2026' });
      expect(again.statusCode).toBe(409);
      expect(body(again).message).toMatch(/ya se registró como enviado con el oficio SSPO\/C4\/CEE\/0001\/2026/);
      const list = body(await as('directora.general', 'GET', '/api/numbers/submissions'));
      expect(list.submissions).toMatchObject([{ report_code: 'numeros-maliciosos', period_key: LAST_MONTH, oficio_folio: 'SSPO/C4/CEE/0001/2026' }]);
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    });

    it('follows corrected incidents: a tip that no longer reports the number loses its sighting', async () => {
      const corrected = await importIncidents(t.db, {
        input: Readable.from([Buffer.from(`${CSV.split('\n')[0]}\nOAX,N2,089,${LAST_MONTH}-20T10:00:00,30407,20067,cobro de piso,,no,\n`)]),
        fileName: 'correccion.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: '20',
        timeZone: TZ,
        actor: 'test',
      });
      expect(corrected.updated).toBe(1);
      expect(body(await as('analista.cee', 'POST', '/api/numbers/sync'))).toMatchObject({ removed: 1, extortionSightings: 3 });
      const n = body(await as('analista.cee', 'GET', '/api/numbers?q=5511111111')).numbers[0];
      expect(n).toMatchObject({ extortion: 1, modalities: ['secuestro_virtual'] });
    });
  });
}
