import { describe, expect, it } from 'vitest';
import { FingerprintSet } from './key-set.ts';

describe('FingerprintSet', () => {
  it('tells first and repeated keys apart across growth', () => {
    const s = new FingerprintSet(16);
    for (let i = 0; i < 100_000; i++) expect(s.add(`OAX\u0000${i}`)).toBe(true);
    expect(s.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(s.add(`OAX\u0000${i}`)).toBe(false);
    expect(s.add('MIX\u00001')).toBe(true);
  });
});
