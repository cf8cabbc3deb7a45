// Server-side sessions. The browser holds a random 32-byte token; the database holds only its SHA-256, so that a
// copy of the sessions table does not let anyone log in. Sessions slide for 8 hours of inactivity, up to 24 hours
// in all. Five consecutive failed logins lock the account for 15 minutes.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { AccessError } from './errors.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { permissionsOf, type Permission } from './permissions.ts';
import { normalizeUsername } from './users.ts';

export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, to keep reads from turning into writes. */
export const SESSION_TOUCH_MS = 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;

export const INVALID_CREDENTIALS = 'Usuario o contraseña incorrectos.';

/** The logged-in user attached to each request. */
export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  area_code: string;
  roles: string[];
  permissions: Permission[];
  must_change_password: boolean;
  /** SHA-256 of the session token (the sessions.id); never sent to the browser. */
  sessionId: string;
  csrfToken: string;
}

export interface LoginResult {
  /** Cookie value; shown only once, never stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function expiryFor(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_MAX_MS));
}

function lockedError(lockedUntil: Date, now: Date): AccessError {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return new AccessError(
    'cuenta_bloqueada',
    `Cuenta bloqueada temporalmente por intentos fallidos; intente de nuevo en ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}.`,
    423,
    { 'retry-after': String(minutes * 60) },
  );
}

/**
 * Checks the credentials and opens a session. Throws AccessError 'credenciales_invalidas' (401) without saying
 * whether the user exists, or 'cuenta_bloqueada' (423) while the account is locked.
 */
export async function login(
  db: Kysely<Database>,
  username: string,
  password: string,
  ip: string | null,
  userAgent: string | null,
  opts: { now?: Date } = {},
): Promise<LoginResult> {
  const now = opts.now ?? new Date();
  const name = normalizeUsername(username).slice(0, 64);
  const user = await db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();

  if (!user || !user.active) {
    await verifyAgainstDummy(password);
    await appendAudit(db, {
      actorId: user?.id ?? null,
      actor: name,
      ip,
      action: 'auth.login_failed',
      entity: 'user',
      entityId: user?.id ?? null,
      details: { reason: user ? 'inactive' : 'unknown_user' },
    });
    throw new AccessError('credenciales_invalidas', INVALID_CREDENTIALS, 401);
  }

  if (user.locked_until && user.locked_until > now) {
    await appendAudit(db, {
      actorId: user.id,
      actor: user.username,
      ip,
      action: 'auth.login_refused_locked',
      entity: 'user',
      entityId: user.id,
    });
    throw lockedError(user.locked_until, now);
  }

  if (!(await verifyPassword(user.password_hash, password))) {
    const lockedUntil = await db.transaction().execute(async (tx) => {
      // Counted in SQL so that concurrent attempts cannot overwrite each other's count.
      const { failed_logins } = await tx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      await appendAudit(tx, {
        actorId: user.id,
        actor: user.username,
        ip,
        action: 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        details: { reason: 'wrong_password', consecutive: failed_logins },
      });
      if (failed_logins < MAX_FAILED_LOGINS) return null;
      // The count starts again after the lock, so that the user gets five fresh attempts when it ends.
      const until = new Date(now.getTime() + LOCK_MS);
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: until }).where('id', '=', user.id).execute();
      await appendAudit(tx, {
        actorId: user.id,
        actor: user.username,
        ip,
        action: 'auth.account_locked',
        entity: 'user',
        entityId: user.id,
        details: { until: until.toISOString(), failed_logins },
      });
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil, now);
    throw new AccessError('credenciales_invalidas', INVALID_CREDENTIALS, 401);
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  const expiresAt = expiryFor(now, now);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<=', now).execute();
    await tx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        ip,
        user_agent: userAgent?.slice(0, 500) ?? null,
      })
      .execute();
    await appendAudit(tx, {
      actorId: user.id,
      actor: user.username,
      ip,
      action: 'auth.login',
      entity: 'session',
      // A prefix of the hash identifies the session in the log without making it usable.
      entityId: sessionId.slice(0, 16),
      details: { user_agent: userAgent?.slice(0, 200) ?? null },
    });
  });
  return {
    token,
    csrfToken,
    expiresAt,
    user: {
      id: user.id,
      username: user.username,
      display_name: user.display_name,
      area_code: user.area_code,
      roles: user.roles,
      permissions: permissionsOf(user),
      must_change_password: user.must_change_password,
      sessionId,
      csrfToken,
    },
  };
}

const lastSweep = new WeakMap<object, number>();

/**
 * The user of a session token, or null when the token is unknown, expired or its user is disabled. Expired
 * sessions are deleted on the way (this one at once, all others at most once a minute).
 */
export async function authenticate(
  db: Kysely<Database>,
  token: string | undefined,
  opts: { now?: Date } = {},
): Promise<SessionUser | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const now = opts.now ?? new Date();
  await sweepExpired(db, now);
  const sessionId = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.area_code',
      'u.roles',
      'u.active',
      'u.must_change_password',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now || !row.active || now.getTime() - row.created_at.getTime() >= SESSION_MAX_MS) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() >= SESSION_TOUCH_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: expiryFor(row.created_at, now) })
      .where('id', '=', sessionId)
      .execute();
  }
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    area_code: row.area_code,
    roles: row.roles,
    permissions: permissionsOf(row),
    must_change_password: row.must_change_password,
    sessionId,
    csrfToken: row.csrf_token,
  };
}

async function sweepExpired(db: Kysely<Database>, now: Date): Promise<void> {
  const last = lastSweep.get(db) ?? 0;
  if (now.getTime() - last < SESSION_TOUCH_MS && now.getTime() >= last) return;
  lastSweep.set(db, now.getTime());
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/** Ends the session of the token, if any. */
export async function logout(db: Kysely<Database>, token: string, ip: string | null): Promise<boolean> {
  if (!TOKEN_PATTERN.test(token)) return false;
  const sessionId = hashToken(token);
  return db.transaction().execute(async (tx) => {
    const ended = await tx
      .deleteFrom('sessions as s')
      .using('users as u')
      .whereRef('u.id', '=', 's.user_id')
      .where('s.id', '=', sessionId)
      .returning(['u.id', 'u.username'])
      .executeTakeFirst();
    if (!ended) return false;
    await appendAudit(tx, {
      actorId: ended.id,
      actor: ended.username,
      ip,
      action: 'auth.logout',
      entity: 'session',
      entityId: sessionId.slice(0, 16),
    });
    return true;
  });
}

/**
 * Attempts per client address in a fixed window, kept in memory (one process). It slows down password guessing
 * across many accounts from one address, which the per-account lockout alone does not.
 */
export class LoginRateLimiter {
  #hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit = 20,
    readonly windowMs = 5 * 60 * 1000,
  ) {}

  /** Counts one attempt; returns the seconds to wait when over the limit, otherwise 0. */
  hit(key: string, now = Date.now()): number {
    if (this.#hits.size > 10_000) this.#prune(now);
    let entry = this.#hits.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.windowMs };
      this.#hits.set(key, entry);
    }
    entry.count++;
    return entry.count > this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  #prune(now: number) {
    for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
  }
}
