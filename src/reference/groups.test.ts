import { describe, expect, it } from 'vitest';
import { assignByNearestSeat, defaultCallCenters, defaultCoverage } from './call-centers.ts';
import { loadStateGeography } from './geography.ts';
import { defaultGroups, parseGroupCsv } from './groups.ts';

describe('default call centers', () => {
  it("gives Oaxaca its five CALLEs, each seat verified by name", () => {
    expect(defaultCallCenters('20').map((c) => c.code)).toEqual(['OAX', 'MIX', 'COS', 'CUE', 'IST']);
    const names = new Map(loadStateGeography('20').municipalities.map((m) => [m.code, m.name]));
    for (const c of defaultCallCenters('20')) expect(names.get(c.seatCode!)).toBe(c.seatName);
  });

  it('assigns each of the 570 municipalities to exactly one CALLE, seats to their own', () => {
    const coverage = defaultCoverage('20');
    expect(coverage.size).toBe(570);
    expect(new Set(coverage.values())).toEqual(new Set(['OAX', 'MIX', 'COS', 'CUE', 'IST']));
    expect(coverage.get('20067')).toBe('OAX');
    expect(coverage.get('20039')).toBe('MIX');
    expect(coverage.get('20324')).toBe('COS');
    expect(coverage.get('20184')).toBe('CUE');
    expect(coverage.get('20043')).toBe('IST');
  });

  it('gives other states one state-wide center', () => {
    expect(defaultCallCenters('09')).toEqual([{ code: 'EST', name: 'CALLE Estatal', seatCode: null, seatName: null }]);
    const coverage = defaultCoverage('09');
    expect(coverage.size).toBe(16);
    expect(new Set(coverage.values())).toEqual(new Set(['EST']));
  });

  it('picks the nearest seat', () => {
    const m = (code: string, lon: number, lat: number) => ({ code, name: code, bbox: [lon, lat, lon, lat] as [number, number, number, number], centroid: [lon, lat] as [number, number] });
    const seats = [
      { centerCode: 'A', centroid: [0, 0] as const },
      { centerCode: 'B', centroid: [1, 0] as const },
    ];
    const coverage = assignByNearestSeat([m('x', 0.2, 0), m('y', 0.9, 0.1)], seats);
    expect(Object.fromEntries(coverage)).toEqual({ x: 'A', y: 'B' });
  });
});

describe('default groups', () => {
  it('ship empty and without a source', () => {
    const groups = defaultGroups('20');
    expect(groups.map((g) => [g.slug, g.kind, g.name])).toEqual([
      ['zona-metropolitana', 'metropolitan_area', 'Zona metropolitana de Oaxaca'],
      ['avgm', 'avgm', 'Municipios con Alerta de Violencia de Género contra las Mujeres'],
    ]);
    for (const g of groups) {
      expect(g.members).toEqual([]);
      expect(g.sourceCitation).toBeNull();
      expect(g.sourceUrl).toBeNull();
    }
  });
});

describe('parseGroupCsv', () => {
  it('reads codes with an optional header and names checked loosely', () => {
    const csv = 'clave_municipio,nombre\n20067,Oaxaca de Juárez\n20039,Huajuapan de León\n20385,\n';
    expect(parseGroupCsv(csv, '20')).toEqual({ codes: ['20067', '20039', '20385'], errors: [] });
  });

  it('accepts codes without the leading zero and three-digit municipal numbers', () => {
    expect(parseGroupCsv('9015\n002\n', '09').codes).toEqual(['09015', '09002']);
    expect(parseGroupCsv('67;OAXACA DE JUAREZ\n', '20').codes).toEqual(['20067']);
  });

  it('reports each bad line with its number, in Spanish', () => {
    const csv = ['clave_municipio,nombre', '20067,Oaxaca de Juárez', 'abc', '20999', '09015', '20039,Santa Lucía del Camino', '20067', ''].join('\n');
    const { codes, errors } = parseGroupCsv(csv, '20');
    expect(codes).toEqual(['20067']);
    expect(errors).toEqual([
      'Línea 3: "abc" no es una clave de municipio (se esperan 5 dígitos, p. ej. 20067).',
      'Línea 4: la clave 20999 no corresponde a ningún municipio de la entidad.',
      'Línea 5: la clave 09015 es de otra entidad (se esperan claves que empiecen con 20).',
      'Línea 6: la clave 20039 corresponde a "Heroica Ciudad de Huajuapan de León", no a "Santa Lucía del Camino".',
      'Línea 7: el municipio 20067 Oaxaca de Juárez ya aparece en una línea anterior.',
    ]);
  });
});
