import { describe, expect, it } from 'vitest';
import { referenceCheck } from './check.ts';

describe('referenceCheck', () => {
  it('reports counts, quirks and coverage for Oaxaca', () => {
    const report = referenceCheck('20');
    expect(report.ok).toBe(true);
    const text = report.lines.join('\n');
    expect(text).toContain('Versión 2.0: 279 claves');
    expect(text).toContain('Versión 3: 358 claves');
    expect(text).toContain('Municipios con límites: 570');
    expect(text).toContain('años 1990–2040');
    expect(text).toMatch(/\[v3 70101\].*Prevalece/);
    expect(report.quirks.catalog.length).toBeGreaterThan(20);
    expect(report.quirks.geography.length).toBeGreaterThan(0);
  });

  it('shows the municipalities without population for Sinaloa', () => {
    const report = referenceCheck('25');
    expect(report.ok).toBe(true);
    expect(report.quirks.geography.filter((q) => q.kind === 'missing_in_conapo').map((q) => q.code)).toEqual(['25019', '25020']);
  });

  it('fails for an unknown state', () => {
    const report = referenceCheck('99');
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toContain('no existe');
  });
});
