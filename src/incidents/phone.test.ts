import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['9511234567', '9511234567'],
    ['951 123 4567', '9511234567'],
    ['(951) 123-45-67', '9511234567'],
    ['+52 951 123 4567', '9511234567'],
    ['+5219511234567', '9511234567'],
    ['529511234567', '9511234567'],
    ['0449511234567', '9511234567'],
    ['0459511234567', '9511234567'],
    ['019511234567', '9511234567'],
    ['+1 212 555 0100', '+12125550100'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone: expected });
  });

  it.each(['', 'PRIVADO', 'sin numero', '0'])('treats «%s» as unknown', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone: null });
  });

  it.each(['1234567', '95112345', 'llamar luego', '0951123456', '12345678901234'])('rejects %s with a reason', (input) => {
    const r = normalizePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
  });
});
