// The access domain's part of the `atalaya` command: plain functions that the CLI wires to commands and prints.
// Actions are audited with actor 'cli' (whoever has a shell on the server and the database).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { verifyAuditChain } from './audit.ts';
import { generatePassword } from './passwords.ts';
import { AREA_LABELS, ROLE_LABELS, isArea, isRole } from './permissions.ts';
import { CLI_ACTOR, addUser, disableUser, listUsers, type PublicUser } from './users.ts';

export interface UsersAddInput {
  username: string;
  displayName: string;
  area: string;
  roles: string[];
  /** Generated (and returned) when omitted. */
  password?: string;
  /** Whether the user must replace the password at first login (default true: whoever ran the command knows it). */
  mustChangePassword?: boolean;
}

export async function usersAdd(
  db: Kysely<Database>,
  input: UsersAddInput,
): Promise<{ user: PublicUser; generatedPassword?: string }> {
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const user = await addUser(db, CLI_ACTOR, {
    username: input.username,
    displayName: input.displayName,
    areaCode: input.area,
    roles: input.roles,
    password: input.password ?? generatedPassword!,
    mustChangePassword: input.mustChangePassword ?? true,
  });
  return generatedPassword ? { user, generatedPassword } : { user };
}

/** One row per user, with Spanish headers, for console.table. */
export async function usersList(db: Kysely<Database>): Promise<Record<string, string>[]> {
  const now = new Date();
  return (await listUsers(db)).map((u) => ({
    Usuario: u.username,
    Nombre: u.display_name,
    Área: isArea(u.area_code) ? `${u.area_code} (${AREA_LABELS[u.area_code]})` : u.area_code,
    Roles: u.roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', '),
    Estado: !u.active
      ? 'desactivado'
      : u.locked_until && u.locked_until > now
        ? 'bloqueado'
        : u.must_change_password
          ? 'debe cambiar contraseña'
          : 'activo',
    'Creado el': u.created_at.toISOString().slice(0, 10),
  }));
}

export function usersDisable(db: Kysely<Database>, username: string): Promise<PublicUser> {
  return disableUser(db, CLI_ACTOR, username);
}

export async function auditVerify(db: Kysely<Database>): Promise<{ ok: boolean; message: string; exitCode: number }> {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    return {
      ok: true,
      exitCode: 0,
      message:
        `Bitácora íntegra: ${result.count} registros verificados.` +
        (result.lastSeq === null ? '' : ` Último registro: ${result.lastSeq}, hash ${result.lastHash}.`),
    };
  }
  return {
    ok: false,
    exitCode: 1,
    message:
      `Bitácora alterada: el registro ${result.brokenSeq} ${result.reason}. ` +
      `Registros íntegros antes de él: ${result.count}.`,
  };
}
