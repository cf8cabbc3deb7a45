// HTTP side of the access domain: who is calling (request.user from the session cookie), CSRF protection for
// state-changing API calls, the login/logout/password routes, user administration, and the guard hooks that every
// other domain puts on its routes (requireAuth, requirePermission).
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie, { type CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listAudit, verifyAuditChain } from './audit.ts';
import { AccessError } from './errors.ts';
import { generatePassword } from './passwords.ts';
import {
  AREA_CODES,
  AREA_LABELS,
  PERMISSION_LABELS,
  ROLE_LABELS,
  ROLES,
  can,
  isArea,
  type Permission,
} from './permissions.ts';
import { LoginRateLimiter, authenticate, login, logout, type SessionUser } from './sessions.ts';
import { addUser, changePassword, disableUser, getUser, listUsers, resetPassword, type Actor } from './users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, or null. Set for every request by the access plugin. */
    user: SessionUser | null;
  }
}

export const SESSION_COOKIE = 'atalaya_sesion';
export const CSRF_HEADER = 'x-csrf-token';

export interface AccessRoutesOptions {
  db: Kysely<Database>;
  /** Send the cookie only over HTTPS; set it in production behind TLS. */
  secureCookies?: boolean;
  /** Login attempts per client address and window (default 20 per 5 minutes). */
  loginRateLimit?: { limit: number; windowMs: number };
}

export interface ErrorBody {
  code: string;
  message: string;
}

const NOT_AUTHENTICATED: ErrorBody = { code: 'no_autenticado', message: 'Inicie sesión para continuar.' };
const MUST_CHANGE_PASSWORD: ErrorBody = {
  code: 'cambio_de_contrasena',
  message: 'Debe cambiar su contraseña antes de continuar.',
};
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Guard for the routes open to users who still must change their password. */
const signedIn: preHandlerAsyncHookHandler = async (req, reply) => {
  if (!req.user) return reply.code(401).send(NOT_AUTHENTICATED);
};

// The guards below work as preValidation hooks (preferred: an anonymous caller gets 401 before its body is
// validated) and as preHandler hooks alike.

/** Guard: a logged-in user who has already replaced a temporary password. */
export const requireAuth: preHandlerAsyncHookHandler = async (req, reply) => {
  if (!req.user) return reply.code(401).send(NOT_AUTHENTICATED);
  if (req.user.must_change_password) return reply.code(403).send(MUST_CHANGE_PASSWORD);
};

/** Guard: as requireAuth, and the user holds `perm`. */
export function requirePermission(perm: Permission): preHandlerAsyncHookHandler {
  return async (req, reply) => {
    if (!req.user) return reply.code(401).send(NOT_AUTHENTICATED);
    if (req.user.must_change_password) return reply.code(403).send(MUST_CHANGE_PASSWORD);
    if (!can(req.user, perm)) {
      return reply.code(403).send({ code: 'sin_permiso', message: `No tiene permiso para ${PERMISSION_LABELS[perm]}.` });
    }
  };
}

/** Guard: as requireAuth, and the user holds at least one of `perms` (the route then decides by role and area). */
export function requireAnyPermission(perms: readonly Permission[]): preHandlerAsyncHookHandler {
  return async (req, reply) => {
    if (!req.user) return reply.code(401).send(NOT_AUTHENTICATED);
    if (req.user.must_change_password) return reply.code(403).send(MUST_CHANGE_PASSWORD);
    if (!perms.some((perm) => can(req.user, perm))) {
      const list = perms.map((perm) => PERMISSION_LABELS[perm]).join(' ni para ');
      return reply.code(403).send({ code: 'sin_permiso', message: `No tiene permiso para ${list}.` });
    }
  };
}

/** What the browser may know about the logged-in user. */
export function clientUser(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    area_code: user.area_code,
    area_name: isArea(user.area_code) ? AREA_LABELS[user.area_code] : user.area_code,
    roles: user.roles,
    permissions: user.permissions,
    must_change_password: user.must_change_password,
  };
}

/**
 * Registers the request decoration, the session and CSRF hook (for every route of the app: this plugin does not
 * encapsulate, see the skip-override below) and the access routes. Registers @fastify/cookie if the app has not.
 */
export async function accessRoutes(app: FastifyInstance, opts: AccessRoutesOptions): Promise<void> {
  if (!app.hasReplyDecorator('setCookie')) await app.register(fastifyCookie);
  const cookieOptions: CookieSerializeOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secureCookies ?? false,
  };
  const limiter = new LoginRateLimiter(opts.loginRateLimit?.limit, opts.loginRateLimit?.windowMs);

  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req, reply) => {
    const token = sessionToken(req);
    if (!token) return;
    const user = await authenticate(opts.db, token);
    if (!user) {
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return;
    }
    req.user = user;
    const path = req.url.split('?', 1)[0] ?? '';
    if (STATE_CHANGING.has(req.method) && path.startsWith('/api/') && path !== '/api/auth/login') {
      if (!sameSecret(req.headers[CSRF_HEADER], user.csrfToken)) {
        return reply.code(403).send({
          code: 'csrf',
          message: 'Falta el token de seguridad de la sesión o no es válido; recargue la página e intente de nuevo.',
        });
      }
    }
  });

  await app.register(async (routes) => {
    routes.setErrorHandler(accessErrorHandler);
    registerAuthRoutes(routes, opts.db, cookieOptions, limiter);
    registerUserRoutes(routes, opts.db);
    registerAuditRoutes(routes, opts.db);
  });
}
// Not encapsulated (like fastify-plugin): the decoration and the hook apply to every route of the parent app.
(accessRoutes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

function registerAuthRoutes(
  app: FastifyInstance,
  db: Kysely<Database>,
  cookieOptions: CookieSerializeOptions,
  limiter: LoginRateLimiter,
) {
  const checkRate = (req: FastifyRequest) => {
    const wait = limiter.hit(req.ip);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      throw new AccessError(
        'demasiados_intentos',
        `Demasiados intentos desde esta dirección; intente de nuevo en ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}.`,
        429,
        { 'retry-after': String(wait) },
      );
    }
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
      },
    },
    async (req, reply) => {
      checkRate(req);
      // A login always starts a fresh session: the one this browser had (if any) ends.
      const previous = sessionToken(req);
      if (previous) await logout(db, previous, req.ip);
      const result = await login(db, req.body.username, req.body.password, req.ip, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      return { user: clientUser(result.user), csrfToken: result.csrfToken };
    },
  );

  app.post('/api/auth/logout', async (req, reply) => {
    const token = sessionToken(req);
    if (token) await logout(db, token, req.ip);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return { ok: true };
  });

  app.get('/api/auth/me', { preValidation: signedIn }, async (req) => ({
    user: clientUser(req.user!),
    csrfToken: req.user!.csrfToken,
  }));

  // Open to users who must change their password: this is where they do it.
  app.post<{ Body: { current: string; next: string } }>(
    '/api/auth/password',
    {
      preValidation: signedIn,
      schema: {
        body: {
          type: 'object',
          required: ['current', 'next'],
          properties: {
            current: { type: 'string', minLength: 1, maxLength: 1024 },
            next: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
      },
    },
    async (req) => {
      const user = req.user!;
      checkRate(req);
      await changePassword(db, actorOf(req), user.id, req.body.current, req.body.next, { keepSessionId: user.sessionId });
      const updated: SessionUser = { ...user, must_change_password: false };
      return { user: clientUser(updated), csrfToken: user.csrfToken };
    },
  );

  app.get('/api/access/catalog', { preValidation: requireAuth }, async () => ({
    areas: AREA_CODES.map((code) => ({ code, name: AREA_LABELS[code] })),
    roles: ROLES.map((code) => ({ code, name: ROLE_LABELS[code] })),
    permissions: Object.entries(PERMISSION_LABELS).map(([code, label]) => ({ code, label })),
  }));
}

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

function registerUserRoutes(app: FastifyInstance, db: Kysely<Database>) {
  const manage = requirePermission('users.manage');

  app.get('/api/users', { preValidation: manage }, async () => ({ users: await listUsers(db) }));

  app.post<{ Body: { username: string; displayName: string; area: string; roles: string[]; password?: string } }>(
    '/api/users',
    {
      preValidation: manage,
      schema: {
        body: {
          type: 'object',
          required: ['username', 'displayName', 'area', 'roles'],
          properties: {
            username: { type: 'string', minLength: 3, maxLength: 64 },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            area: { type: 'string', enum: AREA_CODES },
            roles: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ROLES } },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
      },
    },
    async (req, reply) => {
      const generated = req.body.password === undefined ? generatePassword() : undefined;
      const user = await addUser(db, actorOf(req), {
        username: req.body.username,
        displayName: req.body.displayName,
        areaCode: req.body.area,
        roles: req.body.roles,
        password: req.body.password ?? generated!,
        // The administrator knows this password: the user replaces it at first login.
        mustChangePassword: true,
      });
      reply.code(201);
      return generated ? { user, generatedPassword: generated } : { user };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/users/:id',
    { preValidation: manage, schema: { params: idParams } },
    async (req) => {
      const user = await getUser(db, req.params.id);
      if (!user) throw new AccessError('usuario_no_encontrado', 'No existe ese usuario.', 404);
      return { user };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/users/:id/disable',
    { preValidation: manage, schema: { params: idParams } },
    async (req) => ({ user: await disableUser(db, actorOf(req), req.params.id) }),
  );

  app.post<{ Params: { id: number }; Body: { password?: string } | undefined }>(
    '/api/users/:id/reset-password',
    {
      preValidation: manage,
      schema: {
        params: idParams,
        body: {
          type: ['object', 'null'],
          properties: { password: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
      },
    },
    async (req) => resetPassword(db, actorOf(req), req.params.id, req.body?.password),
  );
}

function registerAuditRoutes(app: FastifyInstance, db: Kysely<Database>) {
  const read = requirePermission('audit.read');

  app.get<{ Querystring: { beforeSeq?: number; limit?: number; entity?: string; entityId?: string; actorId?: number } }>(
    '/api/audit',
    {
      preValidation: read,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            beforeSeq: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
            entity: { type: 'string', maxLength: 100 },
            entityId: { type: 'string', maxLength: 200 },
            actorId: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    async (req) => ({ entries: await listAudit(db, req.query) }),
  );

  app.get('/api/audit/verify', { preValidation: read }, async () => verifyAuditChain(db));
}

function actorOf(req: FastifyRequest): Actor {
  return { id: req.user?.id ?? null, username: req.user?.username ?? 'anónimo', ip: req.ip };
}

function sessionToken(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE] ?? readCookie(req.headers.cookie, SESSION_COOKIE);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Answers every error as { code, message } in Spanish. Other domains may reuse it with setErrorHandler. */
export function accessErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AccessError) {
    return reply.code(err.status).headers(err.headers).send({ code: err.code, message: err.message });
  }
  if (err.validation) {
    return reply.code(400).send({ code: 'datos_invalidos', message: validationMessage(err) });
  }
  const status = err.statusCode ?? 500;
  if (status < 500) {
    return reply.code(status).send({ code: 'solicitud_invalida', message: 'La solicitud no es válida.' });
  }
  req.log.error(err);
  return reply.code(500).send({ code: 'error_interno', message: 'Ocurrió un error interno; intente de nuevo más tarde.' });
}

function validationMessage(err: FastifyError): string {
  const parts = (err.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const field = String(params.missingProperty ?? (v.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'cuerpo'));
    if (v.keyword === 'required') return `falta el campo «${field}»`;
    if (v.keyword === 'enum') return `el valor de «${field}» no es uno de los permitidos`;
    if (v.keyword === 'minLength' || v.keyword === 'minItems') return `«${field}» está vacío o es muy corto`;
    if (v.keyword === 'maxLength' || v.keyword === 'maxItems') return `«${field}» es demasiado largo`;
    return `el campo «${field}» no es válido`;
  });
  return `Datos inválidos: ${parts.join('; ') || 'revise la solicitud'}.`;
}
