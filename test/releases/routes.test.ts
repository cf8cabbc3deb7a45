// The releases API on every engine: every route against every kind of account (anonymous, lacking the permission,
// holding it), then a release through HTTP: image upload checked by its bytes, the filters with their own routes,
// the observations a return needs, a stale revision refused, publishing refused to the DG and done by communication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { accessErrorHandler, accessRoutes, CSRF_HEADER, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { releaseRoutes } from '../../src/releases/routes.ts';
import { distributionRoutes } from '../../src/distribution/routes.ts';
import { loadConfig } from '../../src/config.ts';
import { PASSWORD, PNG, createStaff, product, registerDemoAccounts, releaseContent, type StaffKey } from './fixtures.ts';
import type { Account } from '../../src/releases/accounts.ts';

interface Session {
  cookie: string;
  csrf: string;
}

type Who = StaffKey | 'anonimo';
const PEOPLE: Who[] = ['anonimo', 'comunicacion', 'directorCee', 'directorCiber', 'juridico', 'dg', 'analista', 'admin'];
const READERS: Who[] = ['comunicacion', 'directorCee', 'directorCiber', 'juridico', 'dg'];
const FILTERS: Who[] = ['directorCee', 'directorCiber', 'juridico', 'dg'];

/** Each route with the people who pass its guard; a request that passes it then fails validation (400) or finds nothing. */
const ROUTES: { method: 'GET' | 'POST' | 'PUT'; url: string; holders: Who[]; passed: number; label: string }[] = [
  { method: 'GET', url: '/api/releases', holders: READERS, passed: 200, label: 'consultar los comunicados' },
  { method: 'POST', url: '/api/releases', holders: ['comunicacion'], passed: 400, label: 'redactar y corregir comunicados' },
  { method: 'GET', url: '/api/releases/accounts', holders: [...READERS, 'admin'], passed: 200, label: 'consultar los comunicados' },
  { method: 'POST', url: '/api/releases/accounts', holders: ['admin'], passed: 400, label: 'registrar las cuentas oficiales' },
  { method: 'POST', url: '/api/releases/accounts/abc/deactivate', holders: ['admin'], passed: 400, label: 'registrar las cuentas oficiales' },
  { method: 'POST', url: '/api/releases/images', holders: ['comunicacion'], passed: 400, label: 'redactar y corregir comunicados' },
  { method: 'GET', url: '/api/releases/images/999999', holders: READERS, passed: 404, label: 'consultar los comunicados' },
  { method: 'GET', url: '/api/releases/editor-options', holders: ['comunicacion'], passed: 200, label: 'redactar y corregir comunicados' },
  { method: 'GET', url: '/api/releases/999999', holders: READERS, passed: 404, label: 'consultar los comunicados' },
  { method: 'GET', url: '/api/releases/999999/versions/1', holders: READERS, passed: 404, label: 'consultar los comunicados' },
  { method: 'PUT', url: '/api/releases/999999', holders: ['comunicacion'], passed: 400, label: 'redactar y corregir comunicados' },
  { method: 'POST', url: '/api/releases/999999/submit', holders: ['comunicacion'], passed: 400, label: 'redactar y corregir comunicados' },
  { method: 'POST', url: '/api/releases/999999/approve', holders: FILTERS, passed: 400, label: 'aprobar productos para su envío o publicación ni para emitir la revisión jurídica' },
  { method: 'POST', url: '/api/releases/999999/return', holders: FILTERS, passed: 400, label: 'aprobar productos para su envío o publicación ni para emitir la revisión jurídica' },
  { method: 'POST', url: '/api/releases/999999/withdraw', holders: ['comunicacion'], passed: 400, label: 'redactar y corregir comunicados' },
  { method: 'POST', url: '/api/releases/999999/publish', holders: ['comunicacion'], passed: 400, label: 'publicar mensajes en medios públicos' },
];

function multipart(fileName: string, type: string, bytes: Uint8Array) {
  const boundary = `----atalaya${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(bytes), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testEngines())('releases API on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let accounts: { x: Account; facebook: Account };
  const sessions = new Map<Who, Session | null>();

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = Fastify({ ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: false } } });
    app.setErrorHandler(accessErrorHandler);
    await app.register(fastifyCookie);
    await app.register(fastifyMultipart, { limits: { files: 1 } });
    await app.register(accessRoutes, { db: t.db, loginRateLimit: { limit: 100, windowMs: 60_000 } });
    await app.register(releaseRoutes, { db: t.db });
    // «Mis pendientes» (/api/queue) gathers every domain's queue, releases among them.
    await app.register(distributionRoutes, { db: t.db, config: loadConfig({ ATALAYA_STATE: '20', ATALAYA_DATA_DIR: t.dataDir }) });
    await app.ready();
    const staff = await createStaff(t.db);
    accounts = await registerDemoAccounts(t.db, staff.admin);
    sessions.set('anonimo', null);
    for (const who of PEOPLE.filter((p) => p !== 'anonimo') as StaffKey[]) {
      const username = who === 'dg' ? 'direccion.general' : who.toLowerCase();
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      expect(res.statusCode, res.body).toBe(200);
      sessions.set(who, { cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value, csrf: res.json().csrfToken });
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.destroy();
  });

  const call = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object | Buffer, headers: Record<string, string> = {}) => {
    const s = sessions.get(who);
    return app.inject({
      method,
      url,
      payload: payload as object,
      cookies: s ? { [SESSION_COOKIE]: s.cookie } : {},
      headers: { ...(s ? { [CSRF_HEADER]: s.csrf } : {}), ...headers },
    });
  };
  const body = (res: LightMyRequestResponse) => res.json() as Record<string, any>;

  it('guards every route by permission: 401 without a session, 403 without the permission, through with it', async () => {
    for (const route of ROUTES) {
      for (const who of PEOPLE) {
        const res = await call(who, route.method, route.url, route.method === 'GET' ? undefined : {});
        const where = `${route.method} ${route.url} as ${who}`;
        if (who === 'anonimo') {
          expect(res.statusCode, where).toBe(401);
        } else if (route.holders.includes(who)) {
          expect(res.statusCode, `${where}: ${res.body}`).toBe(route.passed);
        } else {
          expect(res.statusCode, where).toBe(403);
          expect(body(res).code, where).toBe('sin_permiso');
          expect(body(res).message, where).toContain(route.label);
        }
      }
    }
  });

  it('takes a release through its routes, each step by its own person, with version checks', async () => {
    // The image is checked by its bytes: a PNG named .jpg is a PNG; a text file named .png is refused.
    const up = multipart('cartel.jpg', 'image/jpeg', PNG);
    const uploaded = await call('comunicacion', 'POST', '/api/releases/images', up.payload, up.headers);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(body(uploaded).image).toMatchObject({ mediaType: 'image/png', width: 160, height: 90, fileName: 'cartel.jpg' });
    const fake = multipart('foto.png', 'image/png', new TextEncoder().encode('no soy una imagen'));
    const refused = await call('comunicacion', 'POST', '/api/releases/images', fake.payload, fake.headers);
    expect(refused.statusCode).toBe(400);
    expect(body(refused)).toEqual({ code: 'tipo_de_imagen', message: 'El archivo «foto.png» no es una imagen PNG, JPEG ni WebP.' });
    const huge = new Uint8Array(5 * 1024 * 1024 + 10);
    huge.set(PNG.subarray(0, 64));
    const big = multipart('enorme.png', 'image/png', huge);
    const tooBig = await call('comunicacion', 'POST', '/api/releases/images', big.payload, big.headers);
    expect(tooBig.statusCode).toBe(413);
    expect(body(tooBig)).toEqual({ code: 'imagen_muy_grande', message: 'La imagen «enorme.png» pesa más de 5 MB.' });
    const image = await call('juridico', 'GET', `/api/releases/images/${body(uploaded).image.id}`);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(image.rawPayload, Buffer.from(PNG))).toBe(0);

    // Attachable products are the public ones only; a restricted one is refused with its reason.
    const restricted = await product(t.db, 'restricted', '2026-02');
    const pub = await product(t.db, 'public', '2026-02');
    const options = body(await call('comunicacion', 'GET', '/api/releases/editor-options'));
    expect(options.products.map((p: { id: number }) => p.id)).toEqual([pub.id]);
    expect(options.sourceAreas.map((a: { code: string }) => a.code)).toEqual(['CEE', 'RVDI', 'VV', 'REPUVE', 'PM', 'CIBER']);
    expect(options.accounts.map((a: { handle: string }) => a.handle).sort()).toEqual(['@C4Oaxaca_prueba', 'C4Oaxaca.prueba']);
    const withRestricted = await call('comunicacion', 'POST', '/api/releases', { ...releaseContent(), productIds: [restricted.id] });
    expect(withRestricted.statusCode).toBe(400);
    expect(body(withRestricted).code).toBe('producto_no_publico');

    const created = await call('comunicacion', 'POST', '/api/releases', {
      ...releaseContent({ title: 'Temporada vacacional: números de emergencia' }),
      targets: [{ kind: 'social', accountId: accounts.x.id }],
      imageIds: [body(uploaded).image.id],
      productIds: [pub.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    let d = body(created);
    const id = d.id as number;
    expect(d).toMatchObject({ state: 'draft', stateLabel: 'En redacción', currentVersion: 1, allowedActions: ['edit', 'submit', 'withdraw'] });

    d = body(await call('comunicacion', 'POST', `/api/releases/${id}/submit`, { revision: d.revision }));
    expect(d.state).toBe('validation');
    const queue = body(await call('directorCee', 'GET', '/api/queue')).items.filter((i: { kind: string }) => i.kind === 'release');
    expect(queue).toEqual([
      { kind: 'release', title: 'Validar la información de su área: Temporada vacacional: números de emergencia', detail: null, since: expect.any(String), ageDays: 0, link: `/comunicados?id=${id}` },
    ]);
    expect(body(await call('directorCee', 'GET', `/api/releases/${id}`)).allowedActions).toEqual(['approve', 'return']);
    // Another area's director neither sees it nor its image; the CEE's director does.
    const otherArea = await call('directorCiber', 'GET', `/api/releases/${id}`);
    expect(otherArea.statusCode).toBe(403);
    expect(body(otherArea).code).toBe('comunicado_de_otra_area');
    expect((await call('directorCiber', 'GET', `/api/releases/${id}/versions/1`)).statusCode).toBe(403);
    expect((await call('directorCiber', 'GET', `/api/releases/images/${body(uploaded).image.id}`)).statusCode).toBe(403);
    expect(body(await call('directorCiber', 'GET', '/api/releases')).releases.map((r: { id: number }) => r.id)).not.toContain(id);
    expect(body(await call('directorCiber', 'GET', '/api/queue')).items.filter((i: { kind: string }) => i.kind === 'release')).toEqual([]);
    expect((await call('directorCee', 'GET', `/api/releases/images/${body(uploaded).image.id}`)).statusCode).toBe(200);
    expect(body(await call('directorCee', 'GET', '/api/releases')).releases.map((r: { id: number }) => r.id)).toContain(id);
    expect(body(await call('dg', 'GET', `/api/releases/${id}`)).allowedActions).toEqual([]);

    // The DG cannot validate for the area; a return needs observations; a stale revision is refused.
    const dgTry = await call('dg', 'POST', `/api/releases/${id}/approve`, { revision: d.revision });
    expect(dgTry.statusCode).toBe(403);
    expect(body(dgTry).code).toBe('area_distinta');
    const noComments = await call('directorCee', 'POST', `/api/releases/${id}/return`, { revision: d.revision, comments: '  ' });
    expect(noComments.statusCode).toBe(400);
    expect(body(noComments).code).toBe('faltan_observaciones');
    d = body(await call('directorCee', 'POST', `/api/releases/${id}/approve`, { revision: d.revision }));
    expect(d.state).toBe('legal_review');
    const stale = await call('juridico', 'POST', `/api/releases/${id}/return`, { revision: d.revision - 1, comments: 'Tarde.' });
    expect(stale.statusCode).toBe(409);
    expect(body(stale).code).toBe('conflicto_de_revision');
    d = body(await call('juridico', 'POST', `/api/releases/${id}/return`, { revision: d.revision, comments: 'Agregue que la llamada es gratuita.' }));
    expect(d.state).toBe('returned');

    const edited = await call('comunicacion', 'PUT', `/api/releases/${id}`, {
      revision: d.revision,
      ...releaseContent({ title: 'Temporada vacacional: números de emergencia', body: 'Llame al 9-1-1 (gratuito) ante una emergencia.' }),
      targets: [{ kind: 'social', accountId: accounts.x.id }],
      imageIds: [body(uploaded).image.id],
      productIds: [pub.id],
      comments: 'Se agregó que la llamada es gratuita.',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    d = body(edited);
    expect(d).toMatchObject({ state: 'draft', currentVersion: 2 });
    expect(d.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = body(await call('juridico', 'GET', `/api/releases/${id}/versions/1`));
    expect(v1.body).toBe('Si recibe una llamada de extorsión, cuelgue y denuncie al 089. La denuncia es anónima.');

    d = body(await call('comunicacion', 'POST', `/api/releases/${id}/submit`, { revision: d.revision }));
    d = body(await call('directorCee', 'POST', `/api/releases/${id}/approve`, { revision: d.revision }));
    d = body(await call('juridico', 'POST', `/api/releases/${id}/approve`, { revision: d.revision, comments: 'Sin observaciones.' }));
    d = body(await call('dg', 'POST', `/api/releases/${id}/approve`, { revision: d.revision }));
    expect(d.state).toBe('approved');

    const dgPublish = await call('dg', 'POST', `/api/releases/${id}/publish`, { revision: d.revision, position: 1, url: 'https://x.com/C4Oaxaca_prueba/status/9' });
    expect(dgPublish.statusCode).toBe(403);
    expect(body(dgPublish).message).toBe('No tiene permiso para publicar mensajes en medios públicos y redes sociales.');
    const published = await call('comunicacion', 'POST', `/api/releases/${id}/publish`, { revision: d.revision, position: 1, url: 'https://x.com/C4Oaxaca_prueba/status/9' });
    expect(published.statusCode, published.body).toBe(200);
    d = body(published);
    expect(d.state).toBe('published');
    expect(d.content.targets[0].publication).toMatchObject({ placedOn: 'X (antes Twitter): C4 Oaxaca (prueba) (@C4Oaxaca_prueba)', publishedBy: 'Lucía Comunicación' });
    const list = body(await call('juridico', 'GET', '/api/releases?state=published')).releases;
    expect(list.map((r: { id: number }) => r.id)).toContain(id);
  });

  it('lets only the administrator register and deactivate official accounts, with Spanish reasons', async () => {
    const bad = await call('admin', 'POST', '/api/releases/accounts', { network: 'x', name: 'C4', handle: 'sin-arroba', url: 'http://example.com' });
    expect(bad.statusCode).toBe(400);
    expect(body(bad).message).toContain('El usuario de X (antes Twitter) debe llevar @');
    expect(body(bad).message).toContain('La dirección de la cuenta debe ser https en x.com o twitter.com.');
    const dup = await call('admin', 'POST', '/api/releases/accounts', { network: 'x', name: 'Otra', handle: '@c4oaxaca_PRUEBA', url: 'https://x.com/c4oaxaca_prueba' });
    expect(dup.statusCode).toBe(409);
    expect(body(dup).code).toBe('cuenta_duplicada');
    const ok = await call('admin', 'POST', '/api/releases/accounts', { network: 'youtube', name: 'C4 Oaxaca (prueba)', handle: '@C4OaxacaPrueba', url: 'https://www.youtube.com/@C4OaxacaPrueba' });
    expect(ok.statusCode, ok.body).toBe(201);
    const off = await call('admin', 'POST', `/api/releases/accounts/${body(ok).account.id}/deactivate`);
    expect(body(off).account).toMatchObject({ active: false });
    const active = body(await call('comunicacion', 'GET', '/api/releases/accounts')).accounts.map((a: { handle: string }) => a.handle);
    expect(active).not.toContain('@C4OaxacaPrueba');
    const all = body(await call('admin', 'GET', '/api/releases/accounts?all=true')).accounts.map((a: { handle: string }) => a.handle);
    expect(all).toContain('@C4OaxacaPrueba');
  });
});
