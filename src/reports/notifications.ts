// Notifications for the users, shown in the header of the app: a generation they asked for is ready (or failed), an
// item of another domain arrived in their queue (a release waiting for their review, …). Any domain writes them here,
// in the transaction of the change they announce.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface Notification {
  id: number;
  text: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

export async function notify(db: Kysely<Database>, userId: number, text: string, link: string | null = null): Promise<number> {
  const row = await db.insertInto('notifications').values({ user_id: userId, text, link }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The same notice to several users at once (nothing when the list is empty). */
export async function notifyUsers(db: Kysely<Database>, userIds: readonly number[], text: string, link: string | null = null): Promise<void> {
  if (userIds.length === 0) return;
  await db.insertInto('notifications').values(userIds.map((id) => ({ user_id: id, text, link }))).execute();
}

/** The user's notifications, unread first, newest first within each group. */
export async function listNotifications(db: Kysely<Database>, userId: number, limit = 50): Promise<{ unread: number; notifications: Notification[] }> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'text', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy((eb) => eb.case().when('read_at', 'is', null).then(0).else(1).end())
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const count = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { unread: Number(count.n), notifications: rows.map((r) => ({ ...r, id: Number(r.id) })) };
}

/** Marks one of the user's notifications read; false when it is not theirs or does not exist. */
export async function markNotificationRead(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  const res = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(new Date())) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
