import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.ts';

describe('password policy', () => {
  it('requires at least 12 characters', () => {
    expect(passwordProblems('corta', 'ana')).toEqual(['La contraseña debe tener al menos 12 caracteres.']);
    expect(passwordProblems('doce-letras!', 'ana')).toEqual([]);
    // Counted in characters, not bytes or UTF-16 units.
    expect(passwordProblems('ñandú-ñandú', 'ana')).toHaveLength(1);
  });

  it('refuses the username as password, whatever the case', () => {
    expect(passwordProblems('Operador.Cee1', 'operador.cee1')).toEqual([
      'La contraseña no puede ser igual al nombre de usuario.',
    ]);
  });

  it('generates passwords that pass the policy and differ', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    expect(passwordProblems(a, 'admin')).toEqual([]);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('password hashing', () => {
  it('uses argon2id with at least 19 MiB and 2 passes, and verifies', async () => {
    const h = await hashPassword('correcta-caballo-batería');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'correcta-caballo-batería')).toBe(true);
    expect(await verifyPassword(h, 'incorrecta-caballo')).toBe(false);
    expect(await verifyPassword('no-es-un-hash', 'x')).toBe(false);
  });
});
