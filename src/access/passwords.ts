// Password hashing (argon2id, OWASP parameters) and the password policy.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Argon2id is 2 in @node-rs/argon2's const enum, which isolatedModules cannot read from a .d.ts.
const ARGON2ID = 2;
/** OWASP minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane. */
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work an attacker can make the server do per login attempt. */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/** False for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real verification, so that an unknown username cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('atalaya-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

/** What is wrong with a new password, in Spanish; empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`La contraseña debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`La contraseña no puede tener más de ${PASSWORD_MAX_LENGTH} caracteres.`);
  }
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    problems.push('La contraseña no puede ser igual al nombre de usuario.');
  }
  return problems;
}

// No 0/O, 1/l/I: generated passwords are read from a terminal and typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password of 20 characters (about 117 bits), grouped for legibility: xxxxx-xxxxx-xxxxx-xxxxx. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}
