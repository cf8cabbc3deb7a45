import { cellToChildren, cellToParent, getResolution, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  DISCLOSURE_RULE_SUMMARY_ES,
  DisclosureError,
  checkDisclosure,
  coarsenForDisclosure,
  disclosedPoints,
  disclosureNote,
  type DisclosedCells,
} from './disclosure.ts';
import { cellFeature, type CellCount } from './hexgrid.ts';
import { kernelDensity } from './kde.ts';

// Four neighbouring resolution-7 hexagons in Oaxaca de Juárez and their resolution-9 children.
const [A, B, C, D] = gridDisk(latLngToCell(17.0732, -96.7266, 7), 1) as [string, string, string, string];
const kids = (parent: string) => cellToChildren(parent, 9);

/** A: 12 incidents in children that each hold fewer than 5; B: 4 (minCount − 1); C: exactly 5; D: zero rows. */
function sample(): CellCount[] {
  return [
    ...[3, 2, 1, 3, 1, 2].map((n, i) => ({ cell: kids(A)[i]!, n })),
    { cell: kids(B)[0]!, n: 1 },
    { cell: kids(B)[7]!, n: 3 },
    { cell: kids(C)[3]!, n: 2 },
    { cell: kids(C)[3]!, n: 3 }, // the same res-9 cell again (another hour of the rollup)
    { cell: kids(D)[0]!, n: 0 },
  ];
}

describe('coarsenForDisclosure', () => {
  it('aggregates to resolution 7 and suppresses hexagons below the minimum', () => {
    const out = coarsenForDisclosure(sample());
    expect(out.rule).toEqual({ minCount: 5, resolution: 7 });
    expect(out.cells).toEqual([{ cell: A, n: 12 }, { cell: C, n: 5 }].sort((x, y) => (x.cell < y.cell ? -1 : 1)));
    expect(out.published).toEqual({ cells: 2, incidents: 17 });
    expect(out.suppressed).toEqual({ cells: 1, incidents: 4 });
    // Published plus suppressed reconcile with the input total.
    expect(out.published.incidents + out.suppressed.incidents).toBe(sample().reduce((s, c) => s + c.n, 0));
  });

  it('never returns the suppressed hexagon or any finer cell', () => {
    const out = coarsenForDisclosure(sample());
    const json = JSON.stringify(out);
    expect(json).not.toContain(B); // the hexagon with minCount − 1 is gone, not listed with a count
    expect(json).not.toContain(D); // an empty hexagon is not listed either
    for (const c of sample()) expect(json).not.toContain(c.cell);
    expect(checkDisclosure(out)).toEqual({ ok: true, violations: [] });
  });

  it('takes the minimum and resolution as parameters, within the limits', () => {
    const strict = coarsenForDisclosure(sample(), { minCount: 10 });
    expect(strict.cells).toEqual([{ cell: A, n: 12 }]);
    expect(strict.suppressed).toEqual({ cells: 2, incidents: 9 });
    expect(checkDisclosure(strict).ok).toBe(true);
    const coarser = coarsenForDisclosure(sample(), { resolution: 6 });
    expect(coarser.cells.every((c) => getResolution(c.cell) === 6)).toBe(true);
    expect(coarser.published.incidents + coarser.suppressed.incidents).toBe(21);
    expect(checkDisclosure(coarser).ok).toBe(true);
    expect(() => coarsenForDisclosure(sample(), { minCount: 2 })).toThrow(DisclosureError);
    expect(() => coarsenForDisclosure(sample(), { resolution: 8 })).toThrow('más fina que la admitida (7)');
  });

  it('holds on random data for every minimum', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const area = gridDisk(A, 3).flatMap(kids);
    const data = area.filter(() => rand() < 0.05).map((cell) => ({ cell, n: 1 + Math.floor(rand() * 3) }));
    const total = data.reduce((s, c) => s + c.n, 0);
    for (const minCount of [3, 5, 10, 20]) {
      const out = coarsenForDisclosure(data, { minCount });
      expect(checkDisclosure(out)).toEqual({ ok: true, violations: [] });
      expect(out.cells.every((c) => c.n >= minCount)).toBe(true);
      expect(out.published.incidents + out.suppressed.incidents).toBe(total);
      // Each published count is the exact sum of its children: aggregation loses nothing.
      for (const c of out.cells) {
        expect(c.n).toBe(data.filter((d) => cellToParent(d.cell, 7) === c.cell).reduce((s, d) => s + d.n, 0));
      }
    }
  });
});

describe('checkDisclosure', () => {
  const good = () => coarsenForDisclosure(sample());

  it('catches a small count, a fine cell and a rule outside the limits', () => {
    const small: DisclosedCells = { ...good(), cells: [...good().cells, { cell: B, n: 4 }] };
    small.published = { cells: 3, incidents: 21 };
    expect(checkDisclosure(small).violations).toEqual([`cells[2] (${B}): conteo 4 menor que 5.`]);

    const fine = kids(A)[0]!;
    const tooFine: DisclosedCells = { ...good(), cells: [{ cell: fine, n: 12 }, { cell: C, n: 5 }] };
    expect(checkDisclosure(tooFine).violations).toEqual([`cells[0] (${fine}): resolución 9 distinta de la publicada (7).`]);
    expect(checkDisclosure(good(), { detail: [fine] }).violations).toEqual([
      `producto.detail[0]: celda H3 ${fine} de resolución 9, más fina que 7.`,
    ]);

    const loose: DisclosedCells = { ...good(), rule: { minCount: 1, resolution: 9 } };
    expect(checkDisclosure(loose).ok).toBe(false);

    const lying: DisclosedCells = { ...good(), published: { cells: 2, incidents: 99 } };
    expect(checkDisclosure(lying).violations).toEqual(['Los totales publicados no coinciden con las celdas.']);
  });

  it('accepts a GeoJSON of the published hexagons and a density grid made from them', () => {
    const out = good();
    const geojson = { type: 'FeatureCollection', features: out.cells.map((c) => cellFeature(c.cell, { n: c.n })) };
    expect(checkDisclosure(out, geojson)).toEqual({ ok: true, violations: [] });
    const grid = kernelDensity(disclosedPoints(out), { bandwidthMeters: 2_500 });
    expect(checkDisclosure(out, { grid, note: DISCLOSURE_RULE_SUMMARY_ES })).toEqual({ ok: true, violations: [] });
  });

  it('rejects products with points, point fields, fine cells or small counts', () => {
    const out = good();
    const withPoint = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-96.72, 17.07] }, properties: {} }],
    };
    expect(checkDisclosure(out, withPoint).violations).toEqual([
      'producto.features[0].geometry: geometría de tipo Point; sólo se admiten polígonos.',
    ]);
    expect(checkDisclosure(out, { rows: [{ folio: 'X1', lat: 17.07, lng: -96.72 }] }).violations).toEqual([
      'producto.rows[0].lat: coordenada puntual.',
      'producto.rows[0].lng: coordenada puntual.',
    ]);
    const smallFeature = cellFeature(B, { n: 4 });
    expect(checkDisclosure(out, smallFeature).violations).toEqual([
      `producto.properties.n: la celda ${B} lleva un conteo 4 menor que 5.`,
    ]);
  });
});

describe('methodology note', () => {
  it('states the rule in Spanish with its figures', () => {
    expect(DISCLOSURE_RULE_SUMMARY_ES).toContain('resolución 7 (de 5.2 km² en promedio)');
    expect(DISCLOSURE_RULE_SUMMARY_ES).toContain('menos de 5 incidentes se suprimen');
    expect(disclosureNote({ minCount: 10, resolution: 6 })).toContain('menos de 10 incidentes');
  });
});
