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

/** The demo state's staff: one account per typical role, so every part of the app can be tried. */
const DEMO_STAFF = [
  { username: 'director.general', displayName: 'Directora General (demostración)', areaCode: 'DG', roles: ['director_general'] },
  { username: 'director.cee', displayName: 'Director del Centro Estatal de Emergencias (demostración)', areaCode: 'CEE', roles: ['area_director'] },
  { username: 'operador.cee', displayName: 'Operadora del CEE (demostración)', areaCode: 'CEE', roles: ['operator'] },
  { username: 'analista.rvdi', displayName: 'Analista de Red Voz, Datos e Imagen (demostración)', areaCode: 'RVDI', roles: ['analyst'] },
  { username: 'analista.cee', displayName: 'Analista del Centro Estatal de Emergencias (demostración)', areaCode: 'CEE', roles: ['analyst'] },
  { username: 'director.rvdi', displayName: 'Directora de Red Voz, Datos e Imagen (demostración)', areaCode: 'RVDI', roles: ['area_director'] },
  { username: 'juridico', displayName: 'Revisora jurídica (demostración)', areaCode: 'JUR', roles: ['legal_reviewer'] },
  { username: 'comunicacion', displayName: 'Comunicación Social (demostración)', areaCode: 'COMSOC', roles: ['communication'] },
  { username: 'auditor', displayName: 'Auditor (demostración)', areaCode: 'DG', roles: ['auditor'] },
  // Portal accounts of the demo agencies; the distribution demo links each to its agency.
  { username: 'enlace.oaxaca', displayName: 'Enlace del Municipio de Oaxaca de Juárez (demostración)', areaCode: 'EXT', roles: ['external'] },
  { username: 'enlace.imo', displayName: 'Enlace del Instituto de la Mujer Oaxaqueña (demostración)', areaCode: 'EXT', roles: ['external'] },
  { username: 'enlace.cni', displayName: 'Enlace del Centro Nacional de Información (demostración)', areaCode: 'EXT', roles: ['external'] },
  { username: 'analista.ciber', displayName: 'Analista de la Policía Cibernética (demostración)', areaCode: 'CIBER', roles: ['analyst'] },
  { username: 'jefa.ciber', displayName: 'Titular de la Unidad de Policía Cibernética (demostración)', areaCode: 'CIBER', roles: ['area_director'] },
  { username: 'director.vv', displayName: 'Director de Videovigilancia (demostración)', areaCode: 'VV', roles: ['area_director'] },
  // Site registries and national-database supply (registries/sites, registries/national-databases).
  { username: 'analista.vv', displayName: 'Analista de Videovigilancia (demostración)', areaCode: 'VV', roles: ['analyst'] },
  { username: 'analista.repuve', displayName: 'Analista del REPUVE (demostración)', areaCode: 'REPUVE', roles: ['analyst'] },
  { username: 'analista.pm', displayName: 'Analista de Plataforma México (demostración)', areaCode: 'PM', roles: ['analyst'] },
] as const;

/**
 * Creates the demo staff that do not exist yet, each with a random password, and writes every created account as
 * a tab-separated line (user, password, area, roles) to `file` with mode 0600. Returns what it created.
 */
export async function ensureDemoStaff(db: Kysely<Database>, file: string): Promise<{ username: string; password: string }[]> {
  const created: { username: string; password: string; line: string }[] = [];
  for (const staff of DEMO_STAFF) {
    const exists = await db.selectFrom('users').select('id').where('username', '=', staff.username).executeTakeFirst();
    if (exists) continue;
    const password = generatePassword();
    await addUser(db, SYSTEM_ACTOR, { ...staff, roles: [...staff.roles], password });
    created.push({ username: staff.username, password, line: [staff.username, password, staff.areaCode, staff.roles.join(',')].join('\t') });
  }
  if (created.length) {
    await writeFile(file, `usuario\tcontraseña\tárea\troles\n${created.map((c) => c.line).join('\n')}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return created.map(({ username, password }) => ({ username, password }));
}
