// The distribution domain's entries in the hash-chained audit log, written in the transaction of the change.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import type { Actor } from '../access/users.ts';

export function audit(
  db: Kysely<Database>,
  actor: Actor,
  action: string,
  entity: string,
  entityId: number | string | null,
  details: object = {},
) {
  return appendAudit(db, { actorId: actor.id, actor: actor.username, ip: actor.ip ?? null, action: `distribution.${action}`, entity, entityId, details });
}
