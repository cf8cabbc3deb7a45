// Who sees what of the cyber registry. The rules are in access/permissions.ts (cyber block); this module adds the
// one dynamic part: the unit's grants of read access to case details to a named Director General, with a reason and
// an expiry, revocable, every grant and revocation audited. A grant never covers hotline alerts or editing.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import { can, cyberCaseGrantEligible, permissionsOf, type RoleHolder } from '../../access/permissions.ts';
import type { Actor } from '../../access/users.ts';
import { CyberError } from './incidents.ts';

/** A grant lasts at most this long; the unit renews it if the need continues. */
export const MAX_GRANT_DAYS = 90;

export interface CyberAccess {
  /** Aggregated statistics and indicators. */
  statistics: boolean;
  /** Case details (the list and each incident). */
  cases: boolean;
  /** Through a grant of the unit rather than by role; with its expiry. */
  grantedUntil: Date | null;
  edit: boolean;
  alerts: boolean;
  grant: boolean;
}

type Caller = RoleHolder & { id: number; permissions?: readonly string[] };

/** The grant in force for the user now, if any. */
export async function activeGrant(db: Kysely<Database>, userId: number, now = new Date()) {
  return db
    .selectFrom('cyber_access_grants')
    .selectAll()
    .where('user_id', '=', userId)
    .where('permission', '=', 'cyber.read')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function cyberAccessOf(db: Kysely<Database>, user: Caller | null | undefined, now = new Date()): Promise<CyberAccess> {
  const none: CyberAccess = { statistics: false, cases: false, grantedUntil: null, edit: false, alerts: false, grant: false };
  if (!user) return none;
  const access: CyberAccess = {
    statistics: can(user, 'cyber.statistics'),
    cases: can(user, 'cyber.read'),
    grantedUntil: null,
    edit: can(user, 'cyber.edit'),
    alerts: can(user, 'cyber.alerts'),
    grant: can(user, 'cyber.grant'),
  };
  if (!access.cases && cyberCaseGrantEligible(user)) {
    const grant = await activeGrant(db, user.id, now);
    if (grant) {
      access.cases = true;
      access.grantedUntil = new Date(grant.expires_at);
    }
  }
  return access;
}

export interface GrantRequest {
  userId: number;
  reason: string;
  expiresAt: Date;
}

/** The unit's director grants a Director General read access to case details until `expiresAt`. */
export async function grantCaseAccess(db: Kysely<Database>, actor: Actor, req: GrantRequest, now = new Date()) {
  const reason = req.reason.trim();
  if (reason.length < 5) throw new CyberError('motivo_requerido', 'Escriba el motivo de la autorización (al menos 5 caracteres).');
  if (reason.length > 500) throw new CyberError('motivo_invalido', 'El motivo es demasiado largo (hasta 500 caracteres).');
  const days = (req.expiresAt.getTime() - now.getTime()) / 86_400_000;
  if (!(days > 0)) throw new CyberError('vigencia_invalida', 'La vigencia de la autorización debe terminar después de hoy.');
  if (days > MAX_GRANT_DAYS) throw new CyberError('vigencia_invalida', `Una autorización dura a lo más ${MAX_GRANT_DAYS} días; renuévela si hace falta.`);
  const target = await db.selectFrom('users').select(['id', 'username', 'display_name', 'area_code', 'roles', 'active']).where('id', '=', req.userId).executeTakeFirst();
  if (!target || !target.active) throw new CyberError('usuario_no_encontrado', 'No existe esa cuenta o está desactivada.', 404);
  if (permissionsOf(target).includes('cyber.read')) throw new CyberError('ya_tiene_acceso', `${target.display_name} ya consulta los casos por su rol en la unidad.`, 409);
  if (!cyberCaseGrantEligible(target)) {
    throw new CyberError('no_autorizable', 'Solo puede autorizarse el acceso al detalle de los casos a la persona titular de la Dirección General.', 403);
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('cyber_access_grants')
      .values({ user_id: target.id, permission: 'cyber.read', reason, granted_by: actor.id, expires_at: req.expiresAt })
      .returning(['id', 'granted_at'])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'cyber.access.grant',
      entity: 'cyber_access_grant',
      entityId: Number(row.id),
      details: { user: target.username, permission: 'cyber.read', reason, expiresAt: req.expiresAt.toISOString() },
    });
    return { id: Number(row.id) };
  });
}

export async function revokeCaseAccess(db: Kysely<Database>, actor: Actor, grantId: number, reason: string) {
  const why = reason.trim();
  if (why.length < 5) throw new CyberError('motivo_requerido', 'Escriba el motivo de la revocación (al menos 5 caracteres).');
  return db.transaction().execute(async (trx) => {
    const grant = await trx.selectFrom('cyber_access_grants').selectAll().where('id', '=', grantId).forUpdate().executeTakeFirst();
    if (!grant) throw new CyberError('autorizacion_no_encontrada', 'No existe esa autorización.', 404);
    if (grant.revoked_at) throw new CyberError('ya_revocada', 'Esa autorización ya estaba revocada.', 409);
    await trx.updateTable('cyber_access_grants').set({ revoked_at: new Date(), revoked_by: actor.id, revoke_reason: why }).where('id', '=', grantId).execute();
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'cyber.access.revoke',
      entity: 'cyber_access_grant',
      entityId: grantId,
      details: { userId: Number(grant.user_id), reason: why },
    });
  });
}

/** Every grant, newest first, with the names of the people involved; and who may receive one. */
export async function listGrants(db: Kysely<Database>) {
  const grants = await db
    .selectFrom('cyber_access_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .leftJoin('users as by', 'by.id', 'g.granted_by')
    .leftJoin('users as rv', 'rv.id', 'g.revoked_by')
    .select([
      'g.id', 'g.user_id', 'u.display_name as user_name', 'g.reason', 'g.granted_at', 'by.display_name as granted_by_name',
      'g.expires_at', 'g.revoked_at', 'rv.display_name as revoked_by_name', 'g.revoke_reason',
    ])
    .orderBy('g.id', 'desc')
    .execute();
  const users = await db.selectFrom('users').select(['id', 'display_name', 'username', 'area_code', 'roles']).where('active', '=', true).orderBy('display_name').execute();
  return {
    grants: grants.map((g) => ({ ...g, id: Number(g.id), user_id: Number(g.user_id) })),
    eligible: users.filter((u) => cyberCaseGrantEligible(u) && !permissionsOf(u).includes('cyber.read')).map((u) => ({ id: Number(u.id), name: u.display_name, username: u.username })),
  };
}
