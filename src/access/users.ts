// User accounts. Every change is written to the audit log in the same transaction as the change itself. Password
// hashing (tens of milliseconds) happens before the transaction opens, so that no lock is held meanwhile.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { AccessError, isUniqueViolation } from './errors.ts';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.ts';
import { validateAssignment } from './permissions.ts';

/** Who performs an action, for the audit log. */
export interface Actor {
  id: number | null;
  username: string;
  ip?: string | null;
}

export const CLI_ACTOR: Actor = { id: null, username: 'cli' };
export const SYSTEM_ACTOR: Actor = { id: null, username: 'sistema' };

/** A user as the rest of the application sees it: never the password hash. */
export interface PublicUser {
  id: number;
  username: string;
  display_name: string;
  area_code: string;
  roles: string[];
  active: boolean;
  must_change_password: boolean;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

const PUBLIC_COLUMNS = [
  'id',
  'username',
  'display_name',
  'area_code',
  'roles',
  'active',
  'must_change_password',
  'locked_until',
  'created_at',
  'updated_at',
] as const;

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export interface NewUser {
  username: string;
  displayName: string;
  areaCode: string;
  roles: string[];
  password: string;
  /** Whether the user must choose a new password at first login (default false). */
  mustChangePassword?: boolean;
}

export async function addUser(db: Kysely<Database>, actor: Actor, input: NewUser): Promise<PublicUser> {
  const username = normalizeUsername(input.username);
  const displayName = input.displayName.trim();
  const problems: string[] = [];
  if (!USERNAME_PATTERN.test(username)) {
    problems.push(
      'El nombre de usuario debe tener de 3 a 64 caracteres: letras minúsculas sin acentos, números, punto, guion o guion bajo.',
    );
  }
  if (displayName.length === 0 || displayName.length > 200) problems.push('Escriba el nombre completo (hasta 200 caracteres).');
  problems.push(...validateAssignment(input.areaCode, input.roles), ...passwordProblems(input.password, username));
  if (problems.length > 0) throw new AccessError('datos_invalidos', problems.join(' '), 400);

  const passwordHash = await hashPassword(input.password);
  // Inside a caller's transaction (an agency's external account created with its link to the agency), use it.
  const inTransaction = <T>(work: (tx: Kysely<Database>) => Promise<T>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  try {
    return await inTransaction(async (tx) => {
      const user = await tx
        .insertInto('users')
        .values({
          username,
          display_name: displayName,
          area_code: input.areaCode,
          roles: input.roles,
          password_hash: passwordHash,
          must_change_password: input.mustChangePassword ?? false,
        })
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirstOrThrow();
      await audit(tx, actor, 'user.create', user.id, {
        username,
        display_name: displayName,
        area_code: input.areaCode,
        roles: input.roles,
      });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AccessError('usuario_duplicado', `Ya existe el usuario «${username}».`, 409);
    throw err;
  }
}

export function listUsers(db: Kysely<Database>): Promise<PublicUser[]> {
  return db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('username').execute();
}

/** By id, or by username (case-insensitive). */
export async function getUser(db: Kysely<Database>, idOrUsername: number | string): Promise<PublicUser | undefined> {
  const query = db.selectFrom('users').select(PUBLIC_COLUMNS);
  return typeof idOrUsername === 'number'
    ? query.where('id', '=', idOrUsername).executeTakeFirst()
    : query.where('username', '=', normalizeUsername(idOrUsername)).executeTakeFirst();
}

async function requireUser(db: Kysely<Database>, idOrUsername: number | string): Promise<PublicUser> {
  const user = await getUser(db, idOrUsername);
  if (!user) throw new AccessError('usuario_no_encontrado', `No existe el usuario «${idOrUsername}».`, 404);
  return user;
}

/** Deactivates the account and ends its sessions at once. Refuses to leave the system without an active admin. */
export async function disableUser(db: Kysely<Database>, actor: Actor, idOrUsername: number | string): Promise<PublicUser> {
  const target = await requireUser(db, idOrUsername);
  return db.transaction().execute(async (tx) => {
    if (target.roles.includes('admin')) {
      // Serialise concurrent disables so that two admins cannot disable each other at the same moment.
      await sql`SELECT id FROM users WHERE active AND 'admin' = ANY (roles) FOR UPDATE`.execute(tx);
      const others = await tx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('active', '=', true)
        .where('id', '<>', target.id)
        .where(sql<boolean>`'admin' = ANY (roles)`)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) {
        throw new AccessError(
          'ultimo_administrador',
          'No se puede desactivar al último administrador activo; cree antes otro administrador.',
          409,
        );
      }
    }
    const user = await tx
      .updateTable('users')
      .set({ active: false, updated_at: new Date() })
      .where('id', '=', target.id)
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
    const ended = await tx.deleteFrom('sessions').where('user_id', '=', target.id).executeTakeFirst();
    await audit(tx, actor, 'user.disable', target.id, {
      username: target.username,
      sessions_ended: Number(ended.numDeletedRows),
    });
    return user;
  });
}

/**
 * The user changes their own password, proving the current one. Other sessions of the user end; the one given in
 * `keepSessionId` (the session making the change) stays open.
 */
export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  userId: number,
  current: string,
  next: string,
  opts: { keepSessionId?: string } = {},
): Promise<void> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row || !row.active) throw new AccessError('usuario_no_encontrado', 'El usuario no existe o está desactivado.', 404);
  if (!(await verifyPassword(row.password_hash, current))) {
    throw new AccessError('contrasena_actual_incorrecta', 'La contraseña actual no es correcta.', 400);
  }
  const problems = passwordProblems(next, row.username);
  if (next === current) problems.push('La nueva contraseña debe ser distinta de la actual.');
  if (problems.length > 0) throw new AccessError('contrasena_no_valida', problems.join(' '), 400);
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: false, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
    let del = tx.deleteFrom('sessions').where('user_id', '=', userId);
    if (opts.keepSessionId) del = del.where('id', '<>', opts.keepSessionId);
    await del.execute();
    await audit(tx, actor, 'user.password_change', userId, { username: row.username });
  });
}

/**
 * An administrator sets a new password (the given one, or a generated one that is returned). The user must change
 * it at the next login; the lockout is lifted and every session of the user ends.
 */
export async function resetPassword(
  db: Kysely<Database>,
  actor: Actor,
  idOrUsername: number | string,
  newPassword?: string,
): Promise<{ user: PublicUser; generatedPassword?: string }> {
  const target = await requireUser(db, idOrUsername);
  const password = newPassword ?? generatePassword();
  const problems = passwordProblems(password, target.username);
  if (problems.length > 0) throw new AccessError('contrasena_no_valida', problems.join(' '), 400);
  const passwordHash = await hashPassword(password);
  const user = await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: true,
        failed_logins: 0,
        locked_until: null,
        updated_at: new Date(),
      })
      .where('id', '=', target.id)
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('sessions').where('user_id', '=', target.id).execute();
    await audit(tx, actor, 'user.password_reset', target.id, { username: target.username });
    return updated;
  });
  return newPassword === undefined ? { user, generatedPassword: password } : { user };
}

function audit(tx: Kysely<Database>, actor: Actor, action: string, userId: number, details: object) {
  return appendAudit(tx, {
    actorId: actor.id,
    actor: actor.username,
    ip: actor.ip ?? null,
    action,
    entity: 'user',
    entityId: userId,
    details,
  });
}
