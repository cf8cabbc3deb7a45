import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/access/audit.ts';
import { ensureDemoAdmin } from '../../src/access/bootstrap.ts';
import { usersAdd, usersDisable, usersList } from '../../src/access/cli.ts';
import { AccessError } from '../../src/access/errors.ts';
import {
  LOCK_MS,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  authenticate,
  hashToken,
  login,
  logout,
} from '../../src/access/sessions.ts';
import { CLI_ACTOR, addUser, changePassword, disableUser, getUser, listUsers, resetPassword } from '../../src/access/users.ts';
import type { TestDatabase } from '../support/databases.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

const PASSWORD = 'clave-de-prueba-segura';
const HOUR = 60 * 60 * 1000;

async function rejection(p: Promise<unknown>): Promise<AccessError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AccessError) return err;
    throw err;
  }
  throw new Error('expected an AccessError');
}

describe.each(testEngines())('users and sessions on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const actions = async () =>
    (await t.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);

  it('creates the first administrator with a random password, only once, and saves it 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-admin-'));
    try {
      const file = join(dir, 'admin.txt');
      const first = await ensureDemoAdmin(t.db, file);
      expect(first?.username).toBe('admin');
      expect(first!.password.length).toBeGreaterThanOrEqual(20);
      expect(readFileSync(file, 'utf8')).toBe(`admin\n${first!.password}\n`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await ensureDemoAdmin(t.db)).toBeNull();
      const admin = await getUser(t.db, 'ADMIN');
      expect(admin).toMatchObject({ area_code: 'DG', roles: ['admin', 'director_general'], must_change_password: false });
      const session = await login(t.db, 'admin', first!.password, '127.0.0.1', 'vitest');
      expect(session.user.permissions).toContain('users.manage');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds users with lowercase unique names and validates them in Spanish', async () => {
    const { user, generatedPassword } = await usersAdd(t.db, {
      username: 'Ana.Operadora',
      displayName: 'Ana López',
      area: 'CEE',
      roles: ['operator'],
    });
    expect(user.username).toBe('ana.operadora');
    expect(user.must_change_password).toBe(true);
    expect(generatedPassword).toBeTruthy();
    expect(user).not.toHaveProperty('password_hash');

    const dup = await rejection(
      addUser(t.db, CLI_ACTOR, { username: 'ANA.operadora', displayName: 'Otra', areaCode: 'CEE', roles: ['analyst'], password: PASSWORD }),
    );
    expect(dup).toMatchObject({ code: 'usuario_duplicado', status: 409 });

    const bad = await rejection(
      addUser(t.db, CLI_ACTOR, { username: 'x', displayName: 'X', areaCode: 'EXT', roles: ['analyst'], password: 'x' }),
    );
    expect(bad.code).toBe('datos_invalidos');
    expect(bad.message).toMatch(/nombre de usuario/);
    expect(bad.message).toMatch(/dependencia externa/);
    expect(bad.message).toMatch(/al menos 12 caracteres/);

    const rows = await usersList(t.db);
    expect(rows.find((r) => r.Usuario === 'ana.operadora')).toMatchObject({
      Área: 'CEE (Centro Estatal de Emergencias)',
      Estado: 'debe cambiar contraseña',
    });
    expect(await actions()).toContain('user.create');
  });

  it('logs in, sets sliding and absolute expiry, and logs out', async () => {
    await addUser(t.db, CLI_ACTOR, { username: 'beto', displayName: 'Beto', areaCode: 'CEE', roles: ['analyst'], password: PASSWORD });
    const t0 = new Date();
    const s = await login(t.db, ' Beto ', PASSWORD, '10.1.1.1', 'vitest', { now: t0 });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.expiresAt.getTime()).toBe(t0.getTime() + SESSION_IDLE_MS);
    const stored = await t.db.selectFrom('sessions').selectAll().where('id', '=', hashToken(s.token)).executeTakeFirstOrThrow();
    expect(stored.csrf_token).toBe(s.csrfToken);
    expect(JSON.stringify(stored)).not.toContain(s.token); // only the hash is stored

    const u = await authenticate(t.db, s.token, { now: new Date(t0.getTime() + 30_000) });
    expect(u).toMatchObject({ username: 'beto', area_code: 'CEE', csrfToken: s.csrfToken });
    expect(u!.permissions).not.toContain('incidents.read_restricted');

    // Activity slides the idle expiry; the absolute limit still ends the session after 24 h.
    let now = t0.getTime();
    for (let h = 7; now - t0.getTime() + 7 * HOUR < SESSION_MAX_MS; h += 7) {
      now = t0.getTime() + h * HOUR;
      expect(await authenticate(t.db, s.token, { now: new Date(now) })).not.toBeNull();
    }
    expect(await authenticate(t.db, s.token, { now: new Date(t0.getTime() + SESSION_MAX_MS) })).toBeNull();
    expect(await t.db.selectFrom('sessions').where('id', '=', hashToken(s.token)).select('id').executeTakeFirst()).toBeUndefined();

    const s2 = await login(t.db, 'beto', PASSWORD, '10.1.1.1', null);
    expect(await logout(t.db, s2.token, '10.1.1.1')).toBe(true);
    expect(await authenticate(t.db, s2.token)).toBeNull();
    expect(await authenticate(t.db, 'no-es-un-token')).toBeNull();
    expect(await actions()).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it('ends a session after 8 idle hours', async () => {
    const t0 = new Date();
    const s = await login(t.db, 'beto', PASSWORD, null, null, { now: t0 });
    expect(await authenticate(t.db, s.token, { now: new Date(t0.getTime() + SESSION_IDLE_MS - 1000) })).not.toBeNull();
    // The previous check slid the expiry; 8 h after it the session is gone.
    expect(await authenticate(t.db, s.token, { now: new Date(t0.getTime() + 2 * SESSION_IDLE_MS) })).toBeNull();
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const unknown = await rejection(login(t.db, 'nadie', PASSWORD, '10.0.0.9', null));
    const wrong = await rejection(login(t.db, 'beto', 'contraseña-incorrecta', '10.0.0.9', null));
    expect(unknown).toMatchObject({ code: 'credenciales_invalidas', status: 401, message: 'Usuario o contraseña incorrectos.' });
    expect(wrong).toMatchObject({ code: 'credenciales_invalidas', status: 401, message: 'Usuario o contraseña incorrectos.' });
    // A success resets the count of failures.
    await login(t.db, 'beto', PASSWORD, null, null);
    expect((await t.db.selectFrom('users').select('failed_logins').where('username', '=', 'beto').executeTakeFirstOrThrow()).failed_logins).toBe(0);
  });

  it('locks the account for 15 minutes after 5 consecutive failures', async () => {
    await addUser(t.db, CLI_ACTOR, { username: 'carla', displayName: 'Carla', areaCode: 'VV', roles: ['analyst'], password: PASSWORD });
    const t0 = Date.now();
    for (let i = 1; i <= 4; i++) {
      expect((await rejection(login(t.db, 'carla', `mala-${i}-contraseña`, '10.0.0.7', null))).code).toBe('credenciales_invalidas');
    }
    const fifth = await rejection(login(t.db, 'carla', 'mala-5-contraseña', '10.0.0.7', null));
    expect(fifth).toMatchObject({ code: 'cuenta_bloqueada', status: 423 });
    expect(fifth.message).toBe('Cuenta bloqueada temporalmente por intentos fallidos; intente de nuevo en 15 minutos.');

    // Even the right password is refused while locked.
    const locked = await rejection(login(t.db, 'carla', PASSWORD, '10.0.0.7', null, { now: new Date(t0 + 10 * 60_000) }));
    expect(locked.code).toBe('cuenta_bloqueada');
    expect(locked.message).toMatch(/en [56] minutos/);

    const after = await login(t.db, 'carla', PASSWORD, '10.0.0.7', null, { now: new Date(t0 + LOCK_MS + 60_000) });
    expect(after.user.username).toBe('carla');
    const row = await t.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('username', '=', 'carla').executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    expect(await actions()).toEqual(
      expect.arrayContaining(['auth.login_failed', 'auth.account_locked', 'auth.login_refused_locked']),
    );
  });

  it('changes a password only with the current one, keeping the current session', async () => {
    const keep = await login(t.db, 'beto', PASSWORD, null, null);
    const other = await login(t.db, 'beto', PASSWORD, null, null);
    const actor = { id: keep.user.id, username: 'beto' };
    const wrong = await rejection(changePassword(t.db, actor, keep.user.id, 'no-es-la-actual', 'nueva-clave-segura-1'));
    expect(wrong.code).toBe('contrasena_actual_incorrecta');
    const weak = await rejection(changePassword(t.db, actor, keep.user.id, PASSWORD, 'beto'));
    expect(weak.message).toMatch(/al menos 12/);
    await changePassword(t.db, actor, keep.user.id, PASSWORD, 'nueva-clave-segura-1', { keepSessionId: keep.user.sessionId });
    expect(await authenticate(t.db, keep.token)).not.toBeNull();
    expect(await authenticate(t.db, other.token)).toBeNull();
    await login(t.db, 'beto', 'nueva-clave-segura-1', null, null);
  });

  it('resets a password (must change, lock lifted, sessions ended) and disables users', async () => {
    const s = await login(t.db, 'carla', PASSWORD, null, null);
    const { user, generatedPassword } = await resetPassword(t.db, CLI_ACTOR, 'carla');
    expect(user.must_change_password).toBe(true);
    expect(await authenticate(t.db, s.token)).toBeNull();
    const again = await login(t.db, 'carla', generatedPassword!, null, null);
    expect(again.user.must_change_password).toBe(true);

    const disabled = await usersDisable(t.db, 'carla');
    expect(disabled.active).toBe(false);
    expect(await authenticate(t.db, again.token)).toBeNull();
    expect((await rejection(login(t.db, 'carla', generatedPassword!, null, null))).code).toBe('credenciales_invalidas');
    expect((await rejection(usersDisable(t.db, 'nadie'))).status).toBe(404);
  });

  it('refuses to disable the last active administrator', async () => {
    const err = await rejection(disableUser(t.db, CLI_ACTOR, 'admin'));
    expect(err.code).toBe('ultimo_administrador');
    await usersAdd(t.db, { username: 'admin2', displayName: 'Otro admin', area: 'DG', roles: ['admin'] });
    expect((await disableUser(t.db, CLI_ACTOR, 'admin')).active).toBe(false);
    expect((await listUsers(t.db)).filter((u) => u.active && u.roles.includes('admin')).map((u) => u.username)).toEqual(['admin2']);
  });

  it('leaves an intact audit chain behind all of it', async () => {
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(true);
    const cli = await t.db.selectFrom('audit_log').select(['actor', 'actor_id']).where('action', '=', 'user.create').execute();
    expect(cli.some((r) => r.actor === 'cli' && r.actor_id === null)).toBe(true);
  });
});
