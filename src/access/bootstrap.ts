// First start: an empty database gets an administrator with a random password, shown once to whoever started the
// server. There is no built-in password anywhere.
import { chmod, writeFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation, AccessError } from './errors.ts';
import { generatePassword } from './passwords.ts';
import { SYSTEM_ACTOR, addUser } from './users.ts';

export const DEMO_ADMIN_USERNAME = 'admin';

/**
 * Creates user 'admin' (area DG, roles admin and director_general) when there are no users at all, and returns its
 * generated password (also written to `passwordFile` with mode 0600, when given). Returns null when users exist.
 */
export async function ensureDemoAdmin(
  db: Kysely<Database>,
  passwordFile?: string,
): Promise<{ username: string; password: string } | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = generatePassword();
  try {
    await addUser(db, SYSTEM_ACTOR, {
      username: DEMO_ADMIN_USERNAME,
      displayName: 'Administrador',
      areaCode: 'DG',
      roles: ['admin', 'director_general'],
      password,
    });
  } catch (err) {
    // Another process created it in the meantime.
    if (isUniqueViolation(err) || (err instanceof AccessError && err.code === 'usuario_duplicado')) return null;
    throw err;
  }
  if (passwordFile) {
    await writeFile(passwordFile, `${DEMO_ADMIN_USERNAME}\n${password}\n`, { mode: 0o600 });
    await chmod(passwordFile, 0o600); // mode applies only when the file is created
  }
  return { username: DEMO_ADMIN_USERNAME, password };
}
