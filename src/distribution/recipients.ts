// Who is told when something arrives for them: the notices go through the reports' notifications (the header's
// «Avisos»), one per person, in the transaction of the change that causes them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { can, type Permission } from '../access/permissions.ts';
import { notify } from '../reports/notifications.ts';

/** Active staff holding a permission, optionally only in some areas. */
export async function staffWith(db: Kysely<Database>, perm: Permission, areas?: readonly string[]): Promise<number[]> {
  let q = db.selectFrom('users').select(['id', 'area_code', 'roles']).where('active', '=', true).where('area_code', '<>', 'EXT');
  if (areas) q = q.where('area_code', 'in', areas.length ? [...areas] : ['']);
  const rows = await q.execute();
  return rows.filter((u) => can(u, perm)).map((u) => Number(u.id));
}

/** Active portal accounts of an agency. */
export async function agencyAccounts(db: Kysely<Database>, agencyId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('agency_users as au')
    .innerJoin('users as u', 'u.id', 'au.user_id')
    .select('u.id')
    .where('au.agency_id', '=', agencyId)
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** One notice per person (duplicates and the person who acted left out). */
export async function notifyAll(db: Kysely<Database>, userIds: readonly (number | null)[], text: string, link: string, except?: number | null) {
  for (const id of new Set(userIds)) {
    if (id === null || id === except) continue;
    await notify(db, id, text, link);
  }
}
