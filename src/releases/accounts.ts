// The center's official social-network accounts (directive 6.1.4 C: "únicamente las cuentas de redes sociales
// oficiales"). The administrator registers them; a release can target only an active registered account, and a
// publication's address must be on that account's network. Accounts are deactivated, never deleted: past
// publications keep naming them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import { isUniqueViolation } from '../access/errors.ts';
import type { Actor } from '../access/users.ts';
import { ReleaseError } from './errors.ts';
import type { Network } from './tables.ts';

export const NETWORKS: Record<Network, { label: string; hosts: readonly string[]; handle: RegExp; handleHint: string }> = {
  x: { label: 'X (antes Twitter)', hosts: ['x.com', 'twitter.com'], handle: /^@[A-Za-z0-9_]{1,15}$/, handleHint: '@ y hasta 15 letras, números o guiones bajos' },
  facebook: { label: 'Facebook', hosts: ['facebook.com', 'fb.com', 'fb.watch'], handle: /^@?[A-Za-z0-9.]{5,50}$/, handleHint: 'el nombre de usuario de la página (5 a 50 letras, números o puntos)' },
  instagram: { label: 'Instagram', hosts: ['instagram.com'], handle: /^@[A-Za-z0-9._]{1,30}$/, handleHint: '@ y hasta 30 letras, números, puntos o guiones bajos' },
  youtube: { label: 'YouTube', hosts: ['youtube.com', 'youtu.be'], handle: /^@[A-Za-z0-9._-]{3,30}$/, handleHint: '@ y de 3 a 30 letras, números, puntos o guiones' },
  tiktok: { label: 'TikTok', hosts: ['tiktok.com'], handle: /^@[A-Za-z0-9._]{2,24}$/, handleHint: '@ y de 2 a 24 letras, números, puntos o guiones bajos' },
};

export const NETWORK_CODES = Object.keys(NETWORKS) as Network[];

export function isNetwork(code: string): code is Network {
  return Object.hasOwn(NETWORKS, code);
}

/** Whether `url` is an https address on one of the network's hosts (or their subdomains, such as m. or www.). */
export function isOnNetwork(url: string, network: Network): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return NETWORKS[network].hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

export interface Account {
  id: number;
  network: Network;
  networkLabel: string;
  name: string;
  handle: string;
  url: string;
  active: boolean;
  registeredAt: Date;
  deactivatedAt: Date | null;
}

export interface NewAccount {
  network: string;
  name: string;
  handle: string;
  url: string;
}

/** Spanish problems with an account to register; empty when it may be registered. */
export function accountProblems(input: NewAccount): string[] {
  if (!isNetwork(input.network)) return [`La red «${input.network}» no está entre las admitidas (${NETWORK_CODES.map((n) => NETWORKS[n].label).join(', ')}).`];
  const net = NETWORKS[input.network];
  const problems: string[] = [];
  const name = input.name.trim();
  if (name.length < 3 || name.length > 200) problems.push('Escriba el nombre de la cuenta como aparece en la red (de 3 a 200 caracteres).');
  if (!net.handle.test(input.handle.trim())) problems.push(`El usuario de ${net.label} debe llevar ${net.handleHint}.`);
  if (!isOnNetwork(input.url.trim(), input.network)) problems.push(`La dirección de la cuenta debe ser https en ${net.hosts.join(' o ')}.`);
  return problems;
}

type AccountRow = { id: number; network: Network; name: string; handle: string; url: string; active: boolean; registered_at: Date; deactivated_at: Date | null };

const toAccount = (r: AccountRow): Account => ({
  id: Number(r.id),
  network: r.network,
  networkLabel: NETWORKS[r.network].label,
  name: r.name,
  handle: r.handle,
  url: r.url,
  active: r.active,
  registeredAt: r.registered_at,
  deactivatedAt: r.deactivated_at,
});

const COLUMNS = ['id', 'network', 'name', 'handle', 'url', 'active', 'registered_at', 'deactivated_at'] as const;

export async function listAccounts(db: Kysely<Database>, opts: { activeOnly?: boolean } = {}): Promise<Account[]> {
  let q = db.selectFrom('release_accounts').select(COLUMNS).orderBy('active', 'desc').orderBy('network').orderBy('name');
  if (opts.activeOnly) q = q.where('active', '=', true);
  return (await q.execute()).map(toAccount);
}

export async function getAccounts(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Account>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('release_accounts').select(COLUMNS).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [Number(r.id), toAccount(r)]));
}

export async function registerAccount(db: Kysely<Database>, actor: Actor, input: NewAccount): Promise<Account> {
  const problems = accountProblems(input);
  if (problems.length > 0) throw new ReleaseError('datos_invalidos', problems.join(' '));
  const network = input.network as Network;
  const handle = input.handle.trim();
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('release_accounts')
        .values({ network, name: input.name.trim(), handle, url: input.url.trim(), registered_by: actor.id })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip ?? null,
        action: 'releases.account.register',
        entity: 'release_account',
        entityId: row.id,
        details: { network, name: row.name, handle, url: row.url },
      });
      return toAccount(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ReleaseError('cuenta_duplicada', `La cuenta ${handle} de ${NETWORKS[network].label} ya está registrada.`, 409);
    throw err;
  }
}

/** Takes an account off the list of official ones: no release can target it nor be published on it any more. */
export async function deactivateAccount(db: Kysely<Database>, actor: Actor, id: number): Promise<Account> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('release_accounts')
      .set({ active: false, deactivated_at: new Date() })
      .where('id', '=', id)
      .where('active', '=', true)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('release_accounts').select('id').where('id', '=', id).executeTakeFirst();
      throw exists
        ? new ReleaseError('cuenta_inactiva', 'Esa cuenta ya estaba dada de baja.', 409)
        : new ReleaseError('cuenta_no_encontrada', 'No existe esa cuenta.', 404);
    }
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'releases.account.deactivate',
      entity: 'release_account',
      entityId: id,
      details: { network: row.network, handle: row.handle },
    });
    return toAccount(row);
  });
}
