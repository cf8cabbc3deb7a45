import { describe, expect, it } from 'vitest';
import { geographyQuirks } from './geography-quirks.ts';
import { inegiMunicipalities, populationOf, statePopulation } from './population.ts';

describe('population', () => {
  it('gives CONAPO population per municipality for 1990–2040 only', () => {
    expect(populationOf('20067', 2020)).toBeGreaterThan(200_000);
    expect(populationOf('20067', 1990)).toBeGreaterThan(0);
    expect(populationOf('20067', 2040)).toBeGreaterThan(0);
    expect(populationOf('20067', 1989)).toBeUndefined();
    expect(populationOf('20067', 2041)).toBeUndefined();
    expect(populationOf('20067', 2020.5)).toBeUndefined();
    expect(populationOf('99999', 2020)).toBeUndefined();
  });

  it('sums a state from its municipalities', () => {
    const oaxaca = statePopulation('20', 2020)!;
    expect(oaxaca).toBeGreaterThan(3_900_000);
    expect(oaxaca).toBeLessThan(4_500_000);
    expect(statePopulation('20', 2050)).toBeUndefined();
    expect(statePopulation('40', 2020)).toBeUndefined();
  });

  it('reads the INEGI catalog', () => {
    const inegi = inegiMunicipalities();
    expect(inegi.size).toBe(2475);
    expect(inegi.get('20067')).toMatchObject({ stateCode: '20', name: 'Oaxaca de Juárez', stateName: 'Oaxaca' });
  });
});

describe('geography quirks', () => {
  it('lists the municipalities with boundaries but without INEGI or CONAPO entries', () => {
    const quirks = geographyQuirks();
    const missing = (kind: string) => quirks.filter((q) => q.kind === kind).map((q) => q.code);
    expect(missing('missing_in_inegi')).toEqual(['24059', '25019', '25020']);
    expect(missing('missing_in_conapo')).toEqual(['24059', '25019', '25020']);
    expect(missing('missing_in_geometry')).toEqual([]);
    expect(populationOf('25019', 2020)).toBeUndefined();
  });

  it("reports Oaxaca's name differences and the simplified shapes", () => {
    const oaxaca = geographyQuirks('20');
    expect(oaxaca.some((q) => q.kind === 'simplified_shapes')).toBe(true);
    expect(oaxaca.filter((q) => q.kind === 'name_differs').map((q) => q.code)).toContain('20039');
    expect(oaxaca.every((q) => q.stateCode === null || q.stateCode === '20')).toBe(true);
  });
});
