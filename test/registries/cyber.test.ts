// The cyber police unit's registry end to end through the HTTP app, on both engines: a CSV import with bad rows
// (rejects kept with line and reason, idempotent, corrections update), the rollup equal to the raw rows, the form
// with its field errors, who sees what (another area refused; the Director General sees statistics, and cases only
// while the unit grants them), the hotline alerts (no files, deadlines and the overdue queue, every view audited),
// and the internal and external statistics as products whose external files carry no case and no small count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { loadConfig } from '../../src/config.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { buildApp } from '../../src/server/app.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { SESSION_COOKIE } from '../../src/access/plugin.ts';
import { verifyAuditChain } from '../../src/access/audit.ts';
import { generateProduct, getProductFile } from '../../src/reports/index.ts';
import { disclosureRules, prepareForRelease } from '../../src/distribution/disclosure/index.ts';
import { pdfTextSegments } from '../../src/reports/heatmaps/disclosure-check.ts';

const PASSWORD = 'clave-de-prueba-segura-2026';
const HEADER = 'folio,fecha,medio_entrada,sexo_victima,edad_victima,municipio,tipo,plataforma,monto_perdido,estatus,canalizado_fiscalia,referencia_canalizacion,fecha_canalizacion';

/** Q4 2025: many frauds and sextortions, a few threats (small), one malware (small). */
function quarterCsv(): string {
  const lines = [HEADER];
  let n = 0;
  const add = (month: string, type: string, sex: string, platform: string, amount: string, referred = false) => {
    n++;
    const day = `${month}-${String(1 + (n % 27)).padStart(2, '0')}`;
    lines.push([`T-${n}`, day, 'denuncia presencial', sex, String(20 + (n % 40)), n % 3 === 0 ? '20390' : '20067', type, platform, amount, 'concluido', referred ? 'sí' : 'no', referred ? `FGEO/${n}/2025` : '', referred ? day : ''].join(','));
  };
  for (const month of ['2025-10', '2025-11', '2025-12']) {
    for (let i = 0; i < 10; i++) add(month, 'fraude', i % 2 ? 'hombre' : 'mujer', 'whatsapp', String(1000 * (i + 1)), i < 2);
    for (let i = 0; i < 4; i++) add(month, 'sextorsion', 'mujer', 'facebook', '', i === 0);
  }
  add('2025-11', 'amenazas', 'hombre', 'llamada', '');
  add('2025-11', 'amenazas', 'mujer', 'llamada', '');
  add('2025-12', 'malware', 'hombre', 'correo', '50000');
  return lines.join('\n') + '\n';
}

const BAD_ROWS = [
  'T-1,2025-10-02,denuncia presencial,mujer,30,20067,fraude,whatsapp,1000,concluido,no,,', // repeated folio in the file
  'X-1,2025-13-01,telefono,mujer,30,20067,fraude,whatsapp,,,,,',
  'X-2,2025-10-05,telefono,M,30,20067,fraude,whatsapp,,,,,',
  'X-3,2025-10-05,telefono,mujer,30,20067,hackeo de la NASA,whatsapp,,,,,',
  'X-4,2025-10-05,telefono,mujer,30,20067,fraude,whatsapp,,,sí,,',
  'X-5,2025-10-05,telefono,mujer',
];

const multipart = (name: string, content: string) => {
  const boundary = '----atalaya-test';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
};

for (const engine of testEngines()) {
  describe(`cyber registry on ${engine}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const sessions = new Map<string, { cookie: string; csrf: string; id: number }>();
    const config = () => loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: 'America/Mexico_City', ATALAYA_DATA_DIR: t.dataDir });

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      app = await buildApp({ config: config(), database: t });
      const people: [string, string, string[]][] = [
        ['analista.ciber', 'CIBER', ['analyst']],
        ['otra.ciber', 'CIBER', ['analyst']],
        ['jefa.ciber', 'CIBER', ['area_director']],
        ['analista.rvdi', 'RVDI', ['analyst']],
        ['directora.general', 'DG', ['director_general']],
      ];
      for (const [username, area, roles] of people) {
        const u = await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode: area, roles, password: PASSWORD });
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
        sessions.set(username, { cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value, csrf: res.json().csrfToken, id: u.id });
      }
    });
    afterAll(async () => {
      await app?.close();
      await t?.destroy();
    });

    const as = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
      const s = sessions.get(user)!;
      return app.inject({ method, url, payload: payload as never, cookies: { [SESSION_COOKIE]: s.cookie }, headers: { 'x-csrf-token': s.csrf, ...headers } });
    };
    const upload = (user: string, name: string, content: string) => {
      const m = multipart(name, content);
      return as(user, 'POST', '/api/cyber/imports', m.body, { 'content-type': m.type });
    };
    const body = (res: LightMyRequestResponse) => res.json() as Record<string, any>;

    it('imports a CSV keeping every rejected row with its line and reasons, and is idempotent', async () => {
      const csv = quarterCsv() + BAD_ROWS.join('\n') + '\n';
      const first = await upload('analista.ciber', 'ciber-q4.csv', csv);
      expect(first.statusCode, first.body).toBe(200);
      expect(body(first)).toMatchObject({ read: 45 + BAD_ROWS.length, inserted: 45, updated: 0, unchanged: 0, rejected: BAD_ROWS.length });
      expect(body(first).rejectedByReason).toEqual({
        folio_duplicado_en_archivo: 1, fecha_invalida: 1, sexo_invalido: 1, tipo_desconocido: 1, referencia_faltante: 1, fecha_canalizacion_faltante: 1, columnas_incorrectas: 1,
      });
      const rejects = await as('analista.ciber', 'GET', `/api/cyber/imports/${body(first).importId}/rejects.csv`);
      const parsed = Papa.parse<string[]>(rejects.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
      expect(parsed[0]).toEqual(['linea', 'motivos', 'contenido_original']);
      expect(parsed.map((r) => r[0]).slice(1)).toEqual(['47', '48', '49', '50', '51', '52']);
      expect(parsed.find((r) => r[0] === '49')![1]).toMatch(/^sexo_invalido: .*ambigua/);
      expect(parsed.find((r) => r[0] === '50')![2]).toContain('hackeo de la NASA');

      const again = await upload('analista.ciber', 'ciber-q4.csv', quarterCsv());
      expect(body(again)).toMatchObject({ inserted: 0, updated: 0, unchanged: 45, rejected: 0 });
      const corrected = await upload('analista.ciber', 'correccion.csv', `${HEADER}\nT-1,2025-10-02,denuncia presencial,mujer,30,20067,phishing,sms,1000,concluido,no,,\n`);
      expect(body(corrected)).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
      const restored = await upload('analista.ciber', 'restaura.csv', quarterCsv());
      expect(body(restored)).toMatchObject({ updated: 1, unchanged: 44 });

      const missing = await upload('analista.ciber', 'malo.csv', 'folio,fecha\nA,2025-10-01\n');
      expect(missing.statusCode).toBe(400);
      expect(body(missing).message).toMatch(/faltan columnas obligatorias: medio_entrada, tipo, plataforma/);
    });

    it('keeps the daily rollup equal to the raw rows', async () => {
      const { rows: diff } = await sql<{ n: number }>`
        WITH raw AS (
          SELECT reported_on, type_code, coalesce(municipality_code, '') AS m, victim_sex, victim_age_group, intake_channel, platform, status, referred,
                 count(*)::int AS n, coalesce(sum(amount_lost), 0)::numeric AS amount, count(amount_lost)::int AS w
          FROM cyber_incidents GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9)
        SELECT count(*)::int AS n FROM raw FULL JOIN cyber_rollup_daily r
          ON r.reported_on = raw.reported_on AND r.type_code = raw.type_code AND r.municipality_code = raw.m AND r.victim_sex = raw.victim_sex
         AND r.victim_age_group = raw.victim_age_group AND r.intake_channel = raw.intake_channel AND r.platform = raw.platform
         AND r.status = raw.status AND r.referred = raw.referred
        WHERE raw.n IS DISTINCT FROM r.n OR raw.amount IS DISTINCT FROM r.amount_lost OR raw.w IS DISTINCT FROM r.with_amount`.execute(t.db);
      expect(Number(diff[0]!.n)).toBe(0);
    });

    it('files an incident from the form with a folio of its own, and explains each bad field', async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date());
      const form = { reportedOn: today, intakeChannel: 'telefono', victimSex: 'mujer', victimAge: '18-29', municipality: '20067', type: 'violencia_digital_mujeres', platform: 'instagram', amountLost: '', status: 'registrado', referred: false };
      const ok = await as('analista.ciber', 'POST', '/api/cyber/incidents', form);
      expect(ok.statusCode, ok.body).toBe(201);
      expect(body(ok).incident.folio).toMatch(new RegExp(`^PC-${today.slice(0, 4)}-00001$`));
      const bad = await as('analista.ciber', 'POST', '/api/cyber/incidents', { ...form, type: 'otro-no', referred: true, referralReference: '' });
      expect(bad.statusCode).toBe(400);
      expect(Object.keys(body(bad).fields).sort()).toEqual(['referralDate', 'referralReference', 'type']);
      const id = body(ok).incident.id;
      const put = await as('analista.ciber', 'PUT', `/api/cyber/incidents/${id}`, { ...form, status: 'en_atencion', referred: true, referralReference: 'FGEO/9/2026', referralDate: today });
      expect(body(put).incident).toMatchObject({ status: 'en_atencion', referred: true, referral_reference: 'FGEO/9/2026' });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('entity', '=', 'cyber_incident').where('entity_id', '=', String(id)).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['cyber.incident.create', 'cyber.incident.update']);
      expect(Object.keys((audit[1]!.details as { changes: object }).changes).sort()).toEqual(['referral_date', 'referral_reference', 'referred', 'status']);
    });

    it('refuses the registry to other areas and shows the Director General statistics, not cases, unless granted', async () => {
      for (const url of ['/api/cyber/incidents', '/api/cyber/indicators?period=2025-11', '/api/cyber/alerts', '/api/cyber/access']) {
        const res = await as('analista.rvdi', 'GET', url);
        expect(res.statusCode, url).toBe(403);
        expect(body(res).code).toBe('sin_permiso');
      }
      expect((await as('analista.rvdi', 'POST', '/api/cyber/incidents', {})).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/cyber/incidents' })).statusCode).toBe(401);

      const stats = await as('directora.general', 'GET', '/api/cyber/indicators?period=2025-Q4');
      expect(stats.statusCode).toBe(200);
      expect(body(stats).total.incidents).toBe(45);
      expect(JSON.stringify(body(stats))).not.toMatch(/T-\d|FGEO/);
      expect((await as('directora.general', 'GET', '/api/cyber/incidents')).statusCode).toBe(403);
      expect(body(await as('directora.general', 'GET', '/api/cyber/access'))).toMatchObject({ statistics: true, cases: false, alerts: false });

      const dg = sessions.get('directora.general')!.id;
      expect((await as('analista.ciber', 'POST', '/api/cyber/grants', { userId: dg, reason: 'Revisión de casos', expiresOn: '2099-01-01' })).statusCode).toBe(403);
      const tooLong = await as('jefa.ciber', 'POST', '/api/cyber/grants', { userId: dg, reason: 'Revisión de casos', expiresOn: '2099-01-01' });
      expect(body(tooLong).code).toBe('vigencia_invalida');
      const rvdi = sessions.get('analista.rvdi')!.id;
      const wrong = await as('jefa.ciber', 'POST', '/api/cyber/grants', { userId: rvdi, reason: 'Revisión de casos', expiresOn: soon() });
      expect(wrong.statusCode).toBe(403);
      expect(body(wrong).code).toBe('no_autorizable');
      const granted = await as('jefa.ciber', 'POST', '/api/cyber/grants', { userId: dg, reason: 'Revisión trimestral de casos canalizados', expiresOn: soon() });
      expect(granted.statusCode, granted.body).toBe(201);
      const list = await as('directora.general', 'GET', '/api/cyber/incidents?q=T-1');
      expect(list.statusCode).toBe(200);
      expect(body(list).items.map((i: { folio: string }) => i.folio)).toContain('T-1');
      const one = body(list).items[0];
      expect((await as('directora.general', 'GET', `/api/cyber/incidents/${one.id}`)).statusCode).toBe(200);
      expect((await as('directora.general', 'POST', '/api/cyber/incidents', {})).statusCode).toBe(403);
      expect((await as('directora.general', 'GET', '/api/cyber/alerts')).statusCode).toBe(403);
      const view = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'cyber.incident.view').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(view.details).toMatchObject({ byGrant: true });
      const revoked = await as('jefa.ciber', 'POST', `/api/cyber/grants/${body(granted).id}/revoke`, { reason: 'Terminó la revisión' });
      expect(revoked.statusCode).toBe(200);
      expect((await as('directora.general', 'GET', '/api/cyber/incidents')).statusCode).toBe(403);
    });

    it('takes hotline alerts with identifiers only, refusing files and data URIs', async () => {
      const alert = { hotline: 'INHOPE', externalReference: 'ICCAM-1', hotlineReportedAt: new Date(Date.now() - 3_600_000).toISOString(), contentUrls: ['https://hosting.example.net/a/1'], contentHashes: ['sha1:' + 'a'.repeat(40)] };
      const m = multipart('foto.jpg', 'JFIF');
      const file = await as('analista.ciber', 'POST', '/api/cyber/alerts', m.body, { 'content-type': m.type });
      expect(file.statusCode).toBe(415);
      expect(body(file).code).toBe('archivo_no_admitido');
      const dataUri = await as('analista.ciber', 'POST', '/api/cyber/alerts', { ...alert, contentUrls: ['data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD'] });
      expect(dataUri.statusCode).toBe(422);
      expect(body(dataUri).code).toBe('contenido_no_admitido');
      expect(await t.db.selectFrom('cyber_alerts').select('id').execute()).toEqual([]);
      const created = await as('analista.ciber', 'POST', '/api/cyber/alerts', alert);
      expect(created.statusCode, created.body).toBe(201);
      expect((await as('analista.ciber', 'POST', '/api/cyber/alerts', alert)).statusCode).toBe(409);
      const columns = await sql<{ column_name: string; data_type: string }>`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'cyber_alerts'`.execute(t.db);
      expect(columns.rows.filter((c) => c.data_type === 'bytea')).toEqual([]);
    });

    it('moves alerts through their steps with deadlines, shows the overdue first and audits every view', async () => {
      const settings = (await import('../../src/registries/cyber/settings.ts')).alertSettings();
      const analyst = sessions.get('analista.ciber')!;
      const { createAlert } = await import('../../src/registries/cyber/alerts.ts');
      const actor = { id: analyst.id, username: 'analista.ciber' };
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
      const old = await createAlert(t.db, actor, { hotline: 'CRC', external_reference: 'CRC-OLD', hotline_reported_at: hoursAgo(80), content_urls: [], content_hashes: ['md5:' + 'b'.repeat(32)], ip_addresses: [], account_identifiers: [], content_kind: null, platform: null, hosting_provider: null, hosting_country: null, municipality_code: null, summary: null }, settings, hoursAgo(50));

      const queue = body(await as('analista.ciber', 'GET', '/api/cyber/alerts'));
      expect(queue.open.map((a: { external_reference: string }) => a.external_reference)).toEqual(['CRC-OLD', 'ICCAM-1']);
      expect(queue.open.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
      expect(queue.open[0].intake_late).toBe(true);

      const other = sessions.get('otra.ciber')!.id;
      const act = (user: string, payload: object) => as(user, 'POST', `/api/cyber/alerts/${old.id}/actions`, payload);
      expect(body(await act('analista.ciber', { kind: 'refer', destination: 'FGE', reference: 'OF-1' })).code).toBe('paso_invalido');
      const assigned = await act('analista.ciber', { kind: 'assign', assigneeId: other });
      expect(body(assigned)).toMatchObject({ status: 'asignada', late: true });
      expect(body(await act('jefa.ciber', { kind: 'assign', assigneeId: sessions.get('analista.rvdi')!.id })).code).toBe('asignacion_invalida');
      expect(body(await act('analista.ciber', { kind: 'assign', assigneeId: sessions.get('jefa.ciber')!.id })).code).toBe('no_asignada');
      expect(body(await act('analista.ciber', { kind: 'start' })).code).toBe('no_asignada');
      expect(body(await act('otra.ciber', { kind: 'start' }))).toMatchObject({ status: 'en_investigacion', late: false });
      expect(body(await act('otra.ciber', { kind: 'refer', destination: 'Fiscalía General del Estado', reference: 'data:text/plain;base64,SGVsbG8=' })).code).toBe('contenido_no_admitido');
      expect(body(await act('jefa.ciber', { kind: 'refer', destination: 'Fiscalía General del Estado', reference: 'FGE/CI/77/2026' }))).toMatchObject({ status: 'canalizada' });

      const detail = body(await as('analista.ciber', 'GET', `/api/cyber/alerts/${old.id}`));
      expect(detail.events.map((e: { step: string | null; late: boolean }) => [e.step, e.late])).toEqual([['intake', true], ['assignment', true], ['investigation', false], ['referral', false]]);
      const views = await t.db.selectFrom('audit_log').select(['action', 'actor', 'details']).where('action', 'in', ['cyber.alert.view', 'cyber.alert.list']).orderBy('seq').execute();
      expect(views.map((v) => v.action)).toEqual(['cyber.alert.list', 'cyber.alert.view']);
      expect((views[0]!.details as { shown: number[] }).shown).toContain(old.id);
      await expect(sql`UPDATE cyber_alert_events SET late = false`.execute(t.db)).rejects.toThrow(/solo admite nuevos registros/);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });

    it('produces the internal statistics and a CNI report without cases or small counts', async () => {
      const cfg = config();
      const internal = await generateProduct(t.db, cfg, { type: 'ciberincidentes', period: '2025-Q4', userId: null, actor: CLI_ACTOR });
      const external = await generateProduct(t.db, cfg, { type: 'ciberincidentes-cni', period: '2025-Q4', userId: null, actor: CLI_ACTOR });
      expect(internal.classification).toBe('internal');
      expect(external.classification).toBe('restricted');
      expect(internal.summary).toMatchObject({ incidents: 45, delitos_monetizables: 43, violencia_genero_digital: 12 });

      const csvRows = async (id: number) => {
        const csv = new TextDecoder().decode((await getProductFile(t.db, id, 'csv'))!.content).replace(/^\uFEFF/, '');
        return Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
      };
      // The product stays in the center with its figures; what the CNI receives is its versión reservada.
      const exact = await csvRows(external.id);
      const reservedId = await prepareForRelease(t.db, external.id, { audience: 'restricted', config: cfg, actor: CLI_ACTOR });
      const rows = await csvRows(reservedId);
      const min = disclosureRules({ audience: 'restricted' }).minCount;
      const valueIn = (rs: Record<string, string>[], seccion: string, clave: string, medida = 'incidentes') => rs.find((r) => r.seccion === seccion && r.clave === clave && r.medida === medida && r.periodo === '2025-Q4')?.valor;
      expect(valueIn(exact, 'tipos', 'amenazas')).toBe('2');
      // The suppression is the general one: with so few incidents it also takes the totals that would give the small
      // types back through the «delitos monetizables» indicator (43 = fraude + sextorsión + malware).
      expect(valueIn(rows, 'tipos', 'fraude')).toBe('*');
      expect(valueIn(rows, 'tipos', 'fraude', 'canalizados_a_la_fiscalia')).toBe('6');
      expect(valueIn(rows, 'tipos', 'amenazas')).toBe('*');
      expect(valueIn(rows, 'tipos', 'malware_ransomware')).toBe('*');
      expect(valueIn(exact, 'tipos', 'total')).toBe('45');
      expect(valueIn(rows, 'tipos', 'total', 'canalizados_a_la_fiscalia')).toBe('9');
      for (const r of rows) {
        if (r.valor === '*' || r.medida!.startsWith('monto')) continue;
        const n = Number(r.valor);
        expect(n === 0 || n >= min, `${r.seccion}/${r.clave}/${r.medida}/${r.periodo} = ${r.valor}`).toBe(true);
      }
      const internalCsv = new TextDecoder().decode((await getProductFile(t.db, internal.id, 'csv'))!.content);
      expect(internalCsv).toContain('tipos,amenazas,Amenazas,incidentes,2025-Q4,2');

      const pdf = (await getProductFile(t.db, reservedId, 'pdf'))!.content;
      const text = pdfTextSegments(pdf).join('\n');
      expect(text).toContain('Incidentes cibernéticos');
      expect(text).not.toMatch(/T-\d+|FGEO|CRC-OLD|ICCAM/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from((await getProductFile(t.db, reservedId, 'xlsx'))!.content) as never);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Resumen', 'Indicadores', 'Tipos', 'Meses', 'Medios de entrada', 'Plataformas', 'Sexo', 'Edad', 'Estatus', 'Municipios', 'Alertas']);
      const tipos = wb.getWorksheet('Tipos')!;
      const amenazas = tipos.getColumn(1).values.findIndex((v) => v === 'Amenazas');
      expect(tipos.getRow(amenazas).getCell(2).value).toBe('*');

      // Products of the cyber unit stay with the unit and the Director General.
      const listed = (user: string) => as(user, 'GET', '/api/products').then((r) => body(r).products.map((p: { reportType: string }) => p.reportType));
      expect(await listed('analista.rvdi')).not.toContain('ciberincidentes-cni');
      expect(await listed('directora.general')).toEqual(expect.arrayContaining(['ciberincidentes', 'ciberincidentes-cni']));
      expect((await as('analista.rvdi', 'GET', `/api/products/${external.id}/files/pdf`)).statusCode).toBe(403);
      expect((await as('analista.rvdi', 'POST', '/api/reports/generate', { type: 'ciberincidentes', period: '2025-11' })).statusCode).toBe(403);
      expect((await as('analista.ciber', 'GET', `/api/products/${external.id}/files/pdf`)).statusCode).toBe(200);
      const types = body(await as('analista.rvdi', 'GET', '/api/reports/types')).types as { code: string; allowed: boolean }[];
      expect(types.find((x) => x.code === 'ciberincidentes')!.allowed).toBe(false);
      expect(types.find((x) => x.code === 'fese')!.allowed).toBe(true);
    });
  });
}

function soon(): string {
  const d = new Date(Date.now() + 10 * 86_400_000);
  return d.toISOString().slice(0, 10);
}
