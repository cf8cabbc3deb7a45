import { describe, expect, it } from 'vitest';
import { SNAP_METERS, listStates, loadStateGeography, municipalityName } from './geography.ts';

describe('state geography', () => {
  it('loads all 32 state files, 2,478 municipalities in all', () => {
    const states = listStates();
    expect(states).toHaveLength(32);
    let total = 0;
    for (const s of states) {
      const g = loadStateGeography(s.code);
      expect(g.stateName).toBe(s.name);
      expect(g.municipalities.length).toBeGreaterThan(0);
      for (const m of g.municipalities) expect(m.code.startsWith(s.code)).toBe(true);
      total += g.municipalities.length;
    }
    expect(total).toBe(2478);
  });

  it("describes Oaxaca's 570 municipalities with bbox and centroid", () => {
    const oax = loadStateGeography('20');
    expect(oax.stateName).toBe('Oaxaca');
    expect(oax.municipalities).toHaveLength(570);
    const capital = oax.municipalities.find((m) => m.code === '20067')!;
    expect(capital.name).toBe('Oaxaca de Juárez');
    const [w, s, e, n] = capital.bbox;
    expect(capital.centroid[0]).toBeGreaterThan(w);
    expect(capital.centroid[0]).toBeLessThan(e);
    expect(capital.centroid[1]).toBeGreaterThan(s);
    expect(capital.centroid[1]).toBeLessThan(n);
    expect(oax.locate(capital.centroid[1], capital.centroid[0])).toBe('20067');
    expect(loadStateGeography('20')).toBe(oax);
  });

  it('locates anchor points', () => {
    const anchors: [state: string, lat: number, lon: number, code: string][] = [
      ['20', 17.0606, -96.7253, '20067'], // Oaxaca de Juárez
      ['20', 17.8047, -97.776, '20039'], // Huajuapan de León
      ['20', 16.4337, -95.0194, '20043'], // Juchitán de Zaragoza
      ['20', 18.0883, -96.1236, '20184'], // San Juan Bautista Tuxtepec
      ['20', 15.746, -96.466, '20324'], // San Pedro Pochutla
      ['09', 19.4326, -99.1332, '09015'], // Zócalo, Cuauhtémoc
      ['14', 20.6767, -103.3475, '14039'], // Guadalajara
      ['19', 25.6866, -100.3161, '19039'], // Monterrey
      ['31', 20.9674, -89.5926, '31050'], // Mérida
      ['21', 19.0433, -98.1981, '21114'], // Puebla
      ['02', 32.5149, -117.0382, '02004'], // Tijuana
    ];
    for (const [state, lat, lon, code] of anchors) expect(loadStateGeography(state).locate(lat, lon), `${lat},${lon}`).toBe(code);
  });

  it('returns null at sea, in another state and for invalid input', () => {
    const oax = loadStateGeography('20');
    expect(oax.locate(20.5, -94.5)).toBeNull(); // Gulf of Mexico
    expect(oax.locate(14.5, -96.5)).toBeNull(); // Pacific
    expect(oax.locate(19.4326, -99.1332)).toBeNull(); // Mexico City
    expect(oax.locate(Number.NaN, -96.7)).toBeNull();
  });

  it('gives the same answer with the grid cache as with the exact test', () => {
    for (const state of ['20', '09', '08']) {
      const g = loadStateGeography(state);
      const [w, s, e, n] = g.bbox;
      let seed = 7;
      const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      let inside = 0;
      for (let i = 0; i < 20_000; i++) {
        const lat = s + rnd() * (n - s);
        const lon = w + rnd() * (e - w);
        const code = g.locate(lat, lon);
        const exact = g.locateExact(lat, lon);
        // Where no polygon contains the point, locate() may only snap to a municipality within SNAP_METERS.
        if (exact !== null || code === null) expect(code).toBe(exact);
        else expect(nearestBoundaryMeters(g, code, lat, lon)).toBeLessThanOrEqual(SNAP_METERS);
        if (code) inside++;
      }
      expect(inside).toBeGreaterThan(1000);
    }
  });

  it('puts points in the slivers between simplified shapes in the nearest municipality', () => {
    const g = loadStateGeography('20');
    // Inside the city of Oaxaca, between two simplified polygons: no polygon contains it.
    expect(g.locateExact(17.051, -96.705)).toBeNull();
    expect(g.locate(17.051, -96.705)).toBe('20067');
  });

  it('exports a FeatureCollection with code and name', () => {
    const fc = loadStateGeography('09').featureCollection();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(16);
    expect(fc.features[0]!.properties).toEqual({ code: '09002', name: 'Azcapotzalco' });
    expect(['Polygon', 'MultiPolygon']).toContain(fc.features[0]!.geometry.type);
  });

  it('names municipalities of any state and rejects unknown states', () => {
    expect(municipalityName('20067')).toBe('Oaxaca de Juárez');
    expect(municipalityName('09015')).toBe('Cuauhtémoc');
    expect(municipalityName('99999')).toBeUndefined();
    expect(() => loadStateGeography('33')).toThrow(/entidad/);
  });
});

/** Distance from a point to the boundary of a municipality, sampling the feature's rings (test helper). */
function nearestBoundaryMeters(g: ReturnType<typeof loadStateGeography>, code: string, lat: number, lon: number): number {
  const f = g.featureCollection().features.find((x) => x.properties.code === code)!;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const poly of polys)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = [(ring[i]![0]! - lon) * kx, (ring[i]![1]! - lat) * 110_574];
        const [bx, by] = [(ring[i + 1]![0]! - lon) * kx, (ring[i + 1]![1]! - lat) * 110_574];
        const vx = bx - ax, vy = by - ay;
        const t = Math.max(0, Math.min(1, -(ax * vx + ay * vy) / (vx * vx + vy * vy || 1)));
        best = Math.min(best, Math.hypot(ax + t * vx, ay + t * vy));
      }
  return best;
}
