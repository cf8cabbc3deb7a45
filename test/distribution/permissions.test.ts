// The permission matrix of the distribution routes, over HTTP on every engine: one account for every valid
// combination of role and area (and the portal accounts of two agencies) against every route, each expected to be
// allowed or refused by a table written here from the directive — not computed from the code under test. State-
// changing steps are aimed at records whose state refuses them, so that an allowed caller gets the state's 409 (or
// a 400 for the input) and the record does not change, while a refused one gets 403, or 404 where the record is
// outside their view.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREA_CODES, ROLES, validateAssignment } from '../../src/access/permissions.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { SESSION_COOKIE } from '../../src/access/plugin.ts';
import { buildApp } from '../../src/server/app.ts';
import { act, createDispatch } from '../../src/distribution/dispatches.ts';
import { actOnRequest, fileRequest } from '../../src/distribution/requests.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { PASSWORD, buildWorld, config, type World } from '../support/distribution.ts';

type Held = 'read' | 'prepare' | 'approve' | 'dispatch' | 'authorize' | 'manage' | 'receive';

/** What each role may do in distribution, as the directive and the issue assign it. */
const HOLDS: Record<string, Held[]> = {
  admin: ['manage'],
  director_general: ['read', 'prepare', 'approve', 'dispatch', 'authorize', 'manage'],
  area_director: ['read', 'prepare', 'approve', 'dispatch'],
  analyst: ['read', 'prepare'],
  operator: [],
  legal_reviewer: ['read'],
  communication: ['read', 'prepare'],
  external: ['receive'],
  auditor: [],
};

interface Caller {
  username: string;
  role: string;
  area: string;
  /** Agency of a portal account: 'muni' (the recipient of the fixtures) or 'ngo'. */
  agency: 'muni' | 'ngo' | null;
  cookie: string;
  csrf: string;
}

const has = (c: Caller, h: Held) => HOLDS[c.role]!.includes(h);
/** The fixtures' reports are produced by the CEE: its staff and the Dirección General's see them. */
const seesCee = (c: Caller) => has(c, 'read') && (c.area === 'CEE' || c.area === 'DG');

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  url: (c: Caller) => string;
  body?: (c: Caller) => unknown;
  allowed: (c: Caller) => boolean;
  /** Status of an allowed call. */
  ok: number;
}

describe.each(testEngines())('distribution permission matrix on %s', (engine) => {
  let t: TestDatabase;
  let w: World;
  let app: FastifyInstance;
  const callers: Caller[] = [];
  const ids: Record<string, number> = {};
  let fileName = '';

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    w = await buildWorld(t.db);
    const mk = (status: 'draft' | 'pending_validation' | 'sent' | 'acknowledged') => async () => {
      const d = await createDispatch(w.ctx, w.users.analystCee, { productId: w.fese.id, agencyId: w.agencies.muni, channel: 'oficio' });
      if (status === 'draft') return d.id;
      await act(w.ctx, w.users.analystCee, d.id, 'submit');
      if (status === 'pending_validation') return d.id;
      await act(w.ctx, w.users.directorCee, d.id, 'validate');
      await act(w.ctx, w.users.dg, d.id, 'approve');
      await act(w.ctx, w.users.directorCee, d.id, 'send');
      if (status === 'sent') return d.id;
      await act(w.ctx, w.users.muni, d.id, 'acknowledge');
      return d.id;
    };
    ids.draft = await mk('draft')();
    ids.validating = await mk('pending_validation')();
    ids.sent = await mk('sent')();
    ids.acknowledged = await mk('acknowledged')();
    const r = await fileRequest(w.ctx, w.users.muni, { subject: 'Solicitud de prueba', description: 'Incidencia por colonia', purpose: 'Planeación' });
    await actOnRequest(w.ctx, w.users.dg, r.id, 'accept', { area: 'CEE' });
    ids.request = r.id;
    const closed = await fileRequest(w.ctx, w.users.muni, { subject: 'Solicitud cerrada', description: 'Otra', purpose: 'Otra' });
    await actOnRequest(w.ctx, w.users.dg, closed.id, 'reject', { comment: 'No procede.' });
    ids.closedRequest = closed.id;
    fileName = (await t.db.selectFrom('dispatch_documents').select('file_name').where('dispatch_id', '=', ids.sent).executeTakeFirstOrThrow()).file_name;

    app = await buildApp({ config: { ...config, dataDir: t.dataDir }, database: t });
    await app.ready();
    let n = 0;
    const login = async (username: string, role: string, area: string, agency: Caller['agency']) => {
      n++;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD }, remoteAddress: `10.9.${n >> 8}.${n & 255}` });
      expect(res.statusCode, res.body).toBe(200);
      callers.push({ username, role, area, agency, cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value, csrf: res.json().csrfToken });
    };
    for (const role of ROLES) {
      for (const area of AREA_CODES) {
        if (role === 'external' || validateAssignment(area, [role]).length) continue;
        const username = `m.${role.replace(/_/g, '-')}.${area.toLowerCase()}`;
        await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode: area, roles: [role], password: PASSWORD });
        await login(username, role, area, null);
      }
    }
    await login(w.users.muni2.username, 'external', 'EXT', 'muni');
    await login(w.users.ngo.username, 'external', 'EXT', 'ngo');
  });

  afterAll(async () => {
    await app?.close();
    await t?.destroy();
  });

  const invalidReason = { reason: '' };
  const cases: Case[] = [
    { name: 'catálogo de palabras', method: 'GET', url: () => '/api/distribution/catalog', allowed: () => true, ok: 200 },
    { name: 'lista de dependencias', method: 'GET', url: () => '/api/agencies', allowed: (c) => has(c, 'read') || has(c, 'manage'), ok: 200 },
    { name: 'alta de dependencia', method: 'POST', url: () => '/api/agencies', body: (c) => ({ name: `Dependencia de prueba ${c.username}`, shortName: 'Prueba', kind: 'civil' }), allowed: (c) => has(c, 'manage'), ok: 201 },
    { name: 'ficha de dependencia', method: 'GET', url: () => `/api/agencies/${w.agencies.muni}`, allowed: (c) => has(c, 'read') || has(c, 'manage'), ok: 200 },
    { name: 'edición de dependencia', method: 'PUT', url: () => `/api/agencies/${w.agencies.ngo}`, body: () => ({ name: 'x', shortName: 'x', kind: 'civil' }), allowed: (c) => has(c, 'manage'), ok: 400 },
    { name: 'alta de contacto', method: 'POST', url: () => `/api/agencies/${w.agencies.ngo}/contacts`, body: (c) => ({ name: `Contacto ${c.username}`, position: 'Enlace' }), allowed: (c) => has(c, 'manage'), ok: 201 },
    { name: 'cuenta del portal', method: 'POST', url: () => `/api/agencies/${w.agencies.ngo}/accounts`, body: (c) => ({ username: `x.${c.username}`.slice(0, 60), displayName: 'Enlace de prueba' }), allowed: (c) => has(c, 'manage'), ok: 201 },
    { name: 'lista de convenios', method: 'GET', url: () => '/api/agreements', allowed: (c) => has(c, 'read') || has(c, 'manage'), ok: 200 },
    { name: 'alta de convenio', method: 'POST', url: () => '/api/agreements', body: () => ({ number: 'x' }), allowed: (c) => has(c, 'manage'), ok: 400 },
    { name: 'edición de convenio', method: 'PUT', url: () => `/api/agreements/${w.agreements.muni}`, body: () => ({}), allowed: (c) => has(c, 'manage'), ok: 400 },
    { name: 'documento firmado', method: 'GET', url: () => `/api/agreements/${w.agreements.muni}/document`, allowed: (c) => has(c, 'read') || has(c, 'manage'), ok: 200 },
    { name: 'autorización permanente', method: 'POST', url: () => `/api/agreements/${w.agreements.expired}/standing-approval`, body: () => ({ grant: false, comment: 'Revisión de permisos' }), allowed: (c) => has(c, 'authorize'), ok: 200 },
    { name: 'terminación de convenio', method: 'POST', url: () => `/api/agreements/${w.agreements.muni}/terminate`, body: () => invalidReason, allowed: (c) => has(c, 'manage'), ok: 400 },
    { name: 'consulta de cobertura', method: 'GET', url: () => `/api/distribution/coverage?agencyId=${w.agencies.muni}&productId=${w.fese.id}`, allowed: (c) => has(c, 'prepare'), ok: 200 },
    { name: 'lista de envíos', method: 'GET', url: () => '/api/dispatches', allowed: (c) => has(c, 'read'), ok: 200 },
    { name: 'preparar envío', method: 'POST', url: () => '/api/dispatches', body: () => ({ productId: w.fese.id, agencyId: w.agencies.muni, channel: 'oficio' }), allowed: (c) => has(c, 'prepare') && (c.area === 'CEE' || c.area === 'DG'), ok: 201 },
    { name: 'ver envío', method: 'GET', url: () => `/api/dispatches/${ids.draft}`, allowed: seesCee, ok: 200 },
    { name: 'editar envío', method: 'PUT', url: () => `/api/dispatches/${ids.draft}`, body: () => ({ subject: 'x' }), allowed: (c) => seesCee(c) && has(c, 'prepare'), ok: 400 },
    { name: 'enviar a validación', method: 'POST', url: () => `/api/dispatches/${ids.validating}/actions/submit`, allowed: (c) => seesCee(c) && has(c, 'prepare'), ok: 409 },
    { name: 'validar', method: 'POST', url: () => `/api/dispatches/${ids.draft}/actions/validate`, allowed: (c) => has(c, 'approve') && c.area === 'CEE', ok: 409 },
    { name: 'aprobar', method: 'POST', url: () => `/api/dispatches/${ids.draft}/actions/approve`, allowed: (c) => seesCee(c) && has(c, 'authorize'), ok: 409 },
    { name: 'devolver', method: 'POST', url: () => `/api/dispatches/${ids.draft}/actions/return`, body: () => ({ comment: 'Motivo de prueba' }), allowed: (c) => has(c, 'approve') && c.area === 'CEE', ok: 409 },
    { name: 'emitir y enviar', method: 'POST', url: () => `/api/dispatches/${ids.draft}/actions/send`, allowed: (c) => seesCee(c) && has(c, 'dispatch'), ok: 409 },
    { name: 'registrar entrega', method: 'POST', url: () => `/api/dispatches/${ids.sent}/actions/deliver`, allowed: (c) => seesCee(c) && has(c, 'dispatch'), ok: 409 },
    { name: 'registrar acuse físico', method: 'POST', url: () => `/api/dispatches/${ids.sent}/actions/record_receipt`, body: () => ({ receivedBy: 'Nadie' }), allowed: (c) => seesCee(c) && has(c, 'dispatch'), ok: 409 },
    { name: 'cancelar', method: 'POST', url: () => `/api/dispatches/${ids.acknowledged}/actions/cancel`, body: () => ({ comment: 'Motivo de prueba' }), allowed: (c) => seesCee(c) && has(c, 'prepare'), ok: 409 },
    { name: 'vista previa', method: 'GET', url: () => `/api/dispatches/${ids.draft}/preview`, allowed: seesCee, ok: 200 },
    { name: 'documento emitido', method: 'GET', url: () => `/api/dispatches/${ids.sent}/documents/oficio`, allowed: seesCee, ok: 200 },
    { name: 'acuses pendientes', method: 'GET', url: () => '/api/distribution/pending-acknowledgments', allowed: (c) => has(c, 'read'), ok: 200 },
    { name: 'libro de folios', method: 'GET', url: () => '/api/folios', allowed: (c) => has(c, 'read'), ok: 200 },
    { name: 'registro', method: 'GET', url: () => '/api/distribution/register', allowed: (c) => has(c, 'read'), ok: 200 },
    { name: 'registro en XLSX', method: 'GET', url: () => '/api/distribution/register/export/xlsx', allowed: (c) => has(c, 'read'), ok: 200 },
    { name: 'configuración', method: 'GET', url: () => '/api/distribution/settings', allowed: (c) => has(c, 'read') || has(c, 'manage'), ok: 200 },
    { name: 'cambiar configuración', method: 'PUT', url: () => '/api/distribution/settings', body: () => ({ ackReminderDays: 0 }), allowed: (c) => has(c, 'manage'), ok: 400 },
    { name: 'mis pendientes', method: 'GET', url: () => '/api/queue', allowed: () => true, ok: 200 },
    { name: 'solicitudes', method: 'GET', url: () => '/api/requests', allowed: (c) => has(c, 'read'), ok: 200 },
    { name: 'registrar solicitud', method: 'POST', url: () => '/api/requests', body: () => ({}), allowed: (c) => has(c, 'prepare'), ok: 400 },
    { name: 'ver solicitud', method: 'GET', url: () => `/api/requests/${ids.request}`, allowed: seesCee, ok: 200 },
    { name: 'aceptar solicitud', method: 'POST', url: () => `/api/requests/${ids.request}/actions/accept`, body: () => ({ area: 'CEE' }), allowed: (c) => seesCee(c) && has(c, 'authorize'), ok: 409 },
    { name: 'iniciar solicitud', method: 'POST', url: () => `/api/requests/${ids.closedRequest}/actions/start`, allowed: (c) => has(c, 'read') && c.area === 'DG' && has(c, 'prepare'), ok: 409 },
    { name: 'portal: mi dependencia', method: 'GET', url: () => '/api/portal/me', allowed: (c) => has(c, 'receive'), ok: 200 },
    { name: 'portal: recibidos', method: 'GET', url: () => '/api/portal/items', allowed: (c) => has(c, 'receive'), ok: 200 },
    { name: 'portal: un envío', method: 'GET', url: () => `/api/portal/items/${ids.sent}`, allowed: (c) => c.agency === 'muni', ok: 200 },
    { name: 'portal: descarga', method: 'GET', url: () => `/api/portal/items/${ids.sent}/files/${encodeURIComponent(fileName)}`, allowed: (c) => c.agency === 'muni', ok: 200 },
    { name: 'portal: acusar', method: 'POST', url: () => `/api/portal/items/${ids.acknowledged}/acknowledge`, allowed: (c) => c.agency === 'muni', ok: 409 },
    { name: 'portal: solicitudes', method: 'GET', url: () => '/api/portal/requests', allowed: (c) => has(c, 'receive'), ok: 200 },
    { name: 'portal: nueva solicitud', method: 'POST', url: () => '/api/portal/requests', body: () => ({ subject: 'x' }), allowed: (c) => has(c, 'receive'), ok: 400 },
    { name: 'portal: una solicitud', method: 'GET', url: () => `/api/portal/requests/${ids.request}`, allowed: (c) => c.agency === 'muni', ok: 200 },
    { name: 'portal: retirar solicitud', method: 'POST', url: () => `/api/portal/requests/${ids.closedRequest}/withdraw`, allowed: (c) => c.agency === 'muni', ok: 409 },
  ];

  const call = (c: Caller | null, k: Case): Promise<LightMyRequestResponse> =>
    app.inject({
      method: k.method,
      url: c ? k.url(c) : k.url({ username: 'anon', role: 'none', area: '', agency: null, cookie: '', csrf: '' }),
      payload: k.body ? (k.body(c ?? ({ username: 'anon' } as Caller)) as object) : k.method === 'GET' ? undefined : {},
      cookies: c ? { [SESSION_COOKIE]: c.cookie } : {},
      headers: c ? { 'x-csrf-token': c.csrf } : {},
    });

  it('covers every valid role and area', () => {
    expect(callers).toHaveLength(8 * 9 + 2);
    expect(new Set(callers.map((c) => c.role))).toEqual(new Set(ROLES));
  });

  it.each(cases.map((k) => [k.name, k] as const))('%s: allowed and refused as the table says', async (_name, k) => {
    const anonymous = await call(null, k);
    expect(anonymous.statusCode).toBe(401);
    const wrong: string[] = [];
    let allowedCount = 0;
    for (const c of callers) {
      const res = await call(c, k);
      const allowed = k.allowed(c);
      if (allowed) allowedCount++;
      const okay = allowed ? res.statusCode === k.ok : res.statusCode === 403 || res.statusCode === 404;
      if (!okay) wrong.push(`${c.role}@${c.area}${c.agency ? `(${c.agency})` : ''}: ${allowed ? 'debía permitirse' : 'debía negarse'} y respondió ${res.statusCode} ${res.body.slice(0, 160)}`);
      if (!allowed && res.statusCode === 403) expect(res.json().code).toMatch(/^(sin_permiso|sin_dependencia)$/);
    }
    expect(wrong).toEqual([]);
    // Every route is open to somebody and closed to somebody else (the queue and the catalog are for everyone).
    expect(allowedCount).toBeGreaterThan(0);
    if (!['catálogo de palabras', 'mis pendientes'].includes(k.name)) expect(allowedCount).toBeLessThan(callers.length);
  });

  it('left the records the refused and the state-refused steps aimed at as they were', async () => {
    const rows = await t.db.selectFrom('dispatches').select(['id', 'status']).where('id', 'in', [ids.draft!, ids.validating!, ids.sent!, ids.acknowledged!]).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['draft', 'pending_validation', 'sent', 'acknowledged']);
    const req = await t.db.selectFrom('analytic_requests').select('status').where('id', 'in', [ids.request!, ids.closedRequest!]).orderBy('id').execute();
    expect(req.map((r) => r.status)).toEqual(['accepted', 'rejected']);
  });
});
