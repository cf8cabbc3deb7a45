import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRoutes, requireAuth, requirePermission, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import type { TestDatabase } from '../support/databases.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const PASSWORD = 'clave-de-prueba-segura';

interface Session {
  cookie: string;
  csrf: string;
}

describe.each(testEngines())('access routes on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = Fastify();
    await app.register(fastifyCookie);
    await app.register(accessRoutes, { db: t.db, loginRateLimit: { limit: 30, windowMs: 60_000 } });
    // Routes of another domain, registered in their own encapsulated plugin, still see request.user.
    await app.register(async (other) => {
      other.get('/api/test/incidents', { preHandler: requirePermission('incidents.read') }, async () => ({ ok: true }));
      other.get('/api/test/restricted', { preHandler: requirePermission('incidents.read_restricted') }, async () => ({
        phone: '951 000 0000',
      }));
      other.post('/api/test/echo', { preHandler: requireAuth }, async (req) => ({ user: req.user?.username }));
    });
    await app.ready();
    const users: [string, string, string[]][] = [
      ['admin', 'DG', ['admin']],
      ['operador', 'CEE', ['operator']],
      ['analista', 'CEE', ['analyst']],
      ['externo', 'EXT', ['external']],
    ];
    for (const [username, areaCode, roles] of users) {
      await addUser(t.db, CLI_ACTOR, { username, displayName: username, areaCode, roles, password: PASSWORD });
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.destroy();
  });

  async function loginAs(username: string, password = PASSWORD, ip = '10.0.0.1'): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    return { cookie: cookie.value, csrf: res.json().csrfToken };
  }

  const call = (s: Session | null, method: 'GET' | 'POST', url: string, payload?: object, csrf = true) =>
    app.inject({
      method,
      url,
      payload,
      cookies: s ? { [SESSION_COOKIE]: s.cookie } : {},
      headers: s && csrf ? { 'x-csrf-token': s.csrf } : {},
    });

  const errorOf = (res: LightMyRequestResponse) => res.json() as { code: string; message: string };

  it('logs in with a strict httpOnly cookie and tells the browser who it is', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Operador', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'operador', area_code: 'CEE', area_name: 'Centro Estatal de Emergencias' });
    expect(body.user.permissions).toContain('incidents.read_restricted');
    expect(body.user).not.toHaveProperty('sessionId');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = await call({ cookie: cookie.value, csrf: body.csrfToken }, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
  });

  it('refuses wrong credentials with one generic Spanish message, and answers 401 without a session', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analista', password: 'x'.repeat(12) } });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nadie', password: 'x'.repeat(12) } });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual({ code: 'credenciales_invalidas', message: 'Usuario o contraseña incorrectos.' });
    expect(unknown.json()).toEqual(wrong.json());

    const me = await call(null, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(401);
    expect(errorOf(me)).toEqual({ code: 'no_autenticado', message: 'Inicie sesión para continuar.' });
    const stale = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { [SESSION_COOKIE]: 'x'.repeat(43) } });
    expect(stale.statusCode).toBe(401);
    expect(stale.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
  });

  it('validates bodies and params with Spanish messages', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ana' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'datos_invalidos', message: 'Datos inválidos: falta el campo «password».' });
    const admin = await loginAs('admin');
    const bad = await call(admin, 'POST', '/api/users', { username: 'nuevo', displayName: 'N', area: 'MARTE', roles: [] });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('datos_invalidos');
    const badId = await call(admin, 'POST', '/api/users/abc/disable', {});
    expect(badId.statusCode).toBe(400);
    const missing = await call(admin, 'POST', '/api/users/999999/disable', {});
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('usuario_no_encontrado');
  });

  it('requires the CSRF token on state-changing API calls of a session', async () => {
    const s = await loginAs('analista');
    const without = await call(s, 'POST', '/api/test/echo', {}, false);
    expect(without.statusCode).toBe(403);
    expect(errorOf(without).code).toBe('csrf');
    const forged = await call({ ...s, csrf: 'a'.repeat(43) }, 'POST', '/api/test/echo', {});
    expect(forged.statusCode).toBe(403);
    const logoutWithout = await call(s, 'POST', '/api/auth/logout', {}, false);
    expect(logoutWithout.statusCode).toBe(403);
    const ok = await call(s, 'POST', '/api/test/echo', {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ user: 'analista' });
    // Reads need no token.
    expect((await call(s, 'GET', '/api/test/incidents', undefined, false)).statusCode).toBe(200);
  });

  it('refuses restricted incident data to analysts and outside agencies, and serves it to CEE operators', async () => {
    const analyst = await call(await loginAs('analista'), 'GET', '/api/test/restricted');
    expect(analyst.statusCode).toBe(403);
    expect(errorOf(analyst)).toEqual({
      code: 'sin_permiso',
      message: 'No tiene permiso para consultar datos personales de los incidentes (teléfono y nombre de quien llama, domicilio, notas).',
    });
    const external = await loginAs('externo');
    expect((await call(external, 'GET', '/api/test/restricted')).statusCode).toBe(403);
    expect((await call(external, 'GET', '/api/test/incidents')).statusCode).toBe(403);
    expect((await call(await loginAs('operador'), 'GET', '/api/test/restricted')).statusCode).toBe(200);
    expect((await call(null, 'GET', '/api/test/restricted')).statusCode).toBe(401);
  });

  it('lets only administrators manage users; a new user must change the password first', async () => {
    const analyst = await loginAs('analista');
    expect((await call(analyst, 'GET', '/api/users')).statusCode).toBe(403);
    expect((await call(null, 'POST', '/api/users', {})).statusCode).toBe(401);

    const admin = await loginAs('admin');
    const list = await call(admin, 'GET', '/api/users');
    expect(list.statusCode).toBe(200);
    expect(list.json().users.map((u: { username: string }) => u.username)).toEqual(['admin', 'analista', 'externo', 'operador']);
    expect(list.body).not.toContain('password_hash');

    const created = await call(admin, 'POST', '/api/users', {
      username: 'Diana',
      displayName: 'Diana Ruiz',
      area: 'JUR',
      roles: ['legal_reviewer'],
    });
    expect(created.statusCode).toBe(201);
    const { user, generatedPassword } = created.json();
    expect(user).toMatchObject({ username: 'diana', must_change_password: true, active: true });

    const diana = await loginAs('diana', generatedPassword);
    const blocked = await call(diana, 'GET', '/api/test/incidents');
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked).code).toBe('cambio_de_contrasena');
    const changed = await call(diana, 'POST', '/api/auth/password', { current: generatedPassword, next: 'otra-clave-de-diana' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().user.must_change_password).toBe(false);
    expect((await call(diana, 'GET', '/api/access/catalog')).statusCode).toBe(200);

    const weak = await call(admin, 'POST', `/api/users/${user.id}/reset-password`, { password: 'corta' });
    expect(weak.statusCode).toBe(400);
    expect(errorOf(weak)).toEqual({ code: 'contrasena_no_valida', message: 'La contraseña debe tener al menos 12 caracteres.' });
    // No body at all: the password is generated.
    const reset = await call(admin, 'POST', `/api/users/${user.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().generatedPassword).toBeTruthy();
    expect((await call(diana, 'GET', '/api/auth/me')).statusCode).toBe(401); // sessions ended

    const disabled = await call(admin, 'POST', `/api/users/${user.id}/disable`, {});
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().user.active).toBe(false);
    const loginDisabled = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'diana', password: reset.json().generatedPassword },
    });
    expect(loginDisabled.statusCode).toBe(401);
  });

  it('logs out and forgets the session', async () => {
    const s = await loginAs('operador');
    const res = await call(s, 'POST', '/api/auth/logout', {});
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect((await call(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('answers 423 for a locked account and 429 when one address tries too often', async () => {
    await addUser(t.db, CLI_ACTOR, { username: 'eva', displayName: 'Eva', areaCode: 'PM', roles: ['analyst'], password: PASSWORD });
    const attempt = (password: string, ip: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'eva', password }, remoteAddress: ip });
    for (let i = 0; i < 4; i++) expect((await attempt(`incorrecta-${i}-xx`, '10.9.9.1')).statusCode).toBe(401);
    const locked = await attempt('incorrecta-5-xx', '10.9.9.1');
    expect(locked.statusCode).toBe(423);
    expect(errorOf(locked)).toEqual({
      code: 'cuenta_bloqueada',
      message: 'Cuenta bloqueada temporalmente por intentos fallidos; intente de nuevo en 15 minutos.',
    });
    expect(locked.headers['retry-after']).toBe('900');
    expect((await attempt(PASSWORD, '10.9.9.1')).statusCode).toBe(423);

    // This app allows 30 attempts per address and minute.
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await attempt('x', '10.9.9.2')).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 423)).toBe(true);
    const limited = await attempt('x', '10.9.9.2');
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).code).toBe('demasiados_intentos');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await attempt(PASSWORD, '10.9.9.3')).statusCode).toBe(423);
  });

  it('registers @fastify/cookie itself when the app has not', async () => {
    const bare = Fastify();
    await bare.register(accessRoutes, { db: t.db, secureCookies: true });
    await bare.ready();
    try {
      const res = await bare.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operador', password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
      expect(cookie.secure).toBe(true);
      const me = await bare.inject({ method: 'GET', url: '/api/auth/me', cookies: { [SESSION_COOKIE]: cookie.value } });
      expect(me.json().user.username).toBe('operador');
    } finally {
      await bare.close();
    }
  });

  it('shows the audit log and its verification to auditors only', async () => {
    await addUser(t.db, CLI_ACTOR, { username: 'auditora', displayName: 'Auditora', areaCode: 'JUR', roles: ['auditor'], password: PASSWORD });
    const auditor = await loginAs('auditora');
    const verify = await call(auditor, 'GET', '/api/audit/verify');
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true });
    const entries = await call(auditor, 'GET', '/api/audit?limit=5&entity=user');
    expect(entries.json().entries).toHaveLength(5);
    expect((await call(await loginAs('admin'), 'GET', '/api/audit')).statusCode).toBe(403);
  });
});
