// The audit log: append-only (triggers refuse UPDATE/DELETE/TRUNCATE, see migrations.ts) and hash-chained, so that
// removing, inserting or editing any entry breaks the chain at that entry and `verifyAuditChain` names it.
//
// hash = sha256(prev_hash + canonical JSON of {at, actor_id, actor, ip, action, entity, entity_id, details}),
// with prev_hash of the first entry = 64 zeros. `at` is hashed as the ISO text (milliseconds) that was inserted,
// which timestamptz stores exactly, so that the verifier reproduces it from the Date it reads back.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock key that serialises appends across connections and processes ("ATALAYA" in ASCII, truncated). */
export const AUDIT_LOCK_KEY = 0x4154414c4159;
const VERIFY_PAGE_SIZE = 5000;

export interface AuditEntry {
  actorId: number | null;
  /** Username, or 'cli' / 'sistema' for actions without a logged-in person. */
  actor: string;
  ip?: string | null;
  /** Dotted verb, e.g. 'user.create', 'auth.login_failed'. */
  action: string;
  /** What was acted upon, e.g. 'user', 'session', 'import'. */
  entity: string;
  entityId?: string | number | null;
  /** Plain JSON only (no Dates, Maps or undefined values that JSON would drop). */
  details?: object;
}

/** The fields the hash covers, as stored. */
export interface AuditRecord {
  at: string;
  actor_id: number | null;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Record<string, unknown>;
}

/**
 * Appends one entry. Call it inside the transaction that makes the change it records, so that both commit or
 * neither does; given a Kysely that is not a transaction it opens one of its own. The transaction must be READ
 * COMMITTED (PostgreSQL's default): under a snapshot taken before the lock, it would read a stale last hash.
 */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  if (!db.isTransaction) return db.transaction().execute((tx) => appendAudit(tx, entry));
  const { rows } = await sql<{ isolation: string }>`
    SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)::text AS locked,
           current_setting('transaction_isolation') AS isolation`.execute(db);
  if (rows[0]?.isolation !== 'read committed') {
    throw new Error(`appendAudit needs a READ COMMITTED transaction, not ${rows[0]?.isolation}`);
  }
  // A new statement after taking the lock: its snapshot sees the entry that the previous holder committed.
  const last = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const record: AuditRecord = {
    at: new Date().toISOString(),
    actor_id: entry.actorId,
    actor: entry.actor,
    ip: entry.ip ?? null,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    details: toPlainJson(entry.details ?? {}),
  };
  const hash = auditHash(prevHash, record);
  const inserted = await db
    .insertInto('audit_log')
    .values({ ...record, details: JSON.stringify(record.details), prev_hash: prevHash, hash })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return { seq: inserted.seq, hash };
}

export function auditHash(prevHash: string, record: AuditRecord): string {
  const { at, actor_id, actor, ip, action, entity, entity_id, details } = record;
  const body = canonicalJson({ at, actor_id, actor, ip, action, entity, entity_id, details });
  return createHash('sha256').update(prevHash + body, 'utf8').digest('hex');
}

export type AuditVerification =
  | { ok: true; count: number; lastSeq: number | null; lastHash: string }
  | { ok: false; brokenSeq: number; reason: string; count: number };

/**
 * Recomputes every hash and every link, in pages so that memory stays bounded on a log of millions of entries.
 * `count` is the number of entries found intact before the first broken one. Removing entries from the end cannot
 * be seen from inside the log: keep `lastHash` somewhere else (a report, a printed record) to detect that.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  opts: { pageSize?: number } = {},
): Promise<AuditVerification> {
  const pageSize = opts.pageSize ?? VERIFY_PAGE_SIZE;
  let expectedPrev = GENESIS_HASH;
  let lastSeq: number | null = null;
  let count = 0;
  for (;;) {
    let query = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(pageSize);
    if (lastSeq !== null) query = query.where('seq', '>', lastSeq);
    const rows = await query.execute();
    for (const row of rows) {
      if (row.prev_hash !== expectedPrev) {
        return {
          ok: false,
          brokenSeq: row.seq,
          count,
          reason:
            count === 0 && lastSeq === null
              ? 'el primer registro no parte del inicio de la cadena: se eliminaron registros iniciales'
              : `no enlaza con el registro anterior (${lastSeq}): se eliminó, insertó o alteró un registro entre ambos`,
        };
      }
      const record: AuditRecord = {
        at: new Date(row.at).toISOString(),
        actor_id: row.actor_id,
        actor: row.actor,
        ip: row.ip,
        action: row.action,
        entity: row.entity,
        entity_id: row.entity_id,
        details: row.details,
      };
      if (auditHash(row.prev_hash, record) !== row.hash) {
        return { ok: false, brokenSeq: row.seq, count, reason: 'su contenido no corresponde a su hash: el registro fue alterado' };
      }
      expectedPrev = row.hash;
      lastSeq = row.seq;
      count++;
    }
    if (rows.length < pageSize) return { ok: true, count, lastSeq, lastHash: expectedPrev };
  }
}

export interface AuditQuery {
  /** Entries with seq below this one (for paging backwards from the newest). */
  beforeSeq?: number;
  limit?: number;
  entity?: string;
  entityId?: string;
  actorId?: number;
}

/** Newest first. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery = {}) {
  let query = db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_id', 'actor', 'ip', 'action', 'entity', 'entity_id', 'details'])
    .orderBy('seq', 'desc')
    .limit(Math.min(Math.max(q.limit ?? 100, 1), 1000));
  if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
  if (q.entity !== undefined) query = query.where('entity', '=', q.entity);
  if (q.entityId !== undefined) query = query.where('entity_id', '=', q.entityId);
  if (q.actorId !== undefined) query = query.where('actor_id', '=', q.actorId);
  return query.execute();
}

/** JSON with object keys sorted at every level, so that the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** What jsonb will give back: drops undefined members, turns Dates into strings. */
function toPlainJson(details: object): Record<string, unknown> {
  const plain: unknown = JSON.parse(JSON.stringify(details));
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new Error('audit details must be a JSON object');
  }
  return plain as Record<string, unknown>;
}
