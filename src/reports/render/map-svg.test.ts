import { createHash } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { kernelDensity } from '../../analytics/kde.ts';
import { cellPolygon } from '../../analytics/hexgrid.ts';
import { densityClasses, niceKm, pngFontOptions, renderMapSvg, svgToPng, wrap, type MapSvgSpec } from './map-svg.ts';

const square = (w: number, s: number, e: number, n: number) => ({
  geometry: { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

function spec(): MapSvgSpec {
  const grid = kernelDensity(
    [
      { lat: 17.06, lng: -96.72, weight: 30 },
      { lat: 17.1, lng: -96.68, weight: 10 },
    ],
    { bandwidthMeters: 3000 },
  );
  return {
    title: 'Mapa de calor de prueba',
    subtitle: 'marzo de 2026 · Oaxaca de Juárez',
    classificationLabel: 'Uso interno',
    bbox: [-96.8, 17.0, -96.6, 17.2],
    boundaries: [square(-96.8, 17.0, -96.7, 17.2), square(-96.7, 17.0, -96.6, 17.2)],
    emphasis: [square(-96.8, 17.0, -96.7, 17.2)],
    density: { grid, classes: densityClasses(grid.maxValue) },
    polygons: [{ ring: cellPolygon(latLngToCell(17.06, -96.72, 8)), stroke: '#cb181d', strokeWidth: 1.5, data: { rank: 1, n: 40 } }],
    legendTitle: 'Densidad (incidentes por km²)',
    legend: [{ kind: 'fill', color: '#fd8d3c', label: 'Densidad media' }, { kind: 'outline', color: '#cb181d', label: 'Punto caliente' }],
    notes: ['Una nota de metodología lo bastante larga para que se parta en varias líneas al pie del mapa y se lea completa.'],
  };
}

describe('map pictures', () => {
  it('draw title, legend, scale bar, north arrow, classification, boundaries, density and polygons', () => {
    const svg = renderMapSvg(spec());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>Mapa de calor de prueba</text>');
    expect(svg).toContain('>Leyenda</text>');
    expect(svg).toMatch(/data-role="escala"[\s\S]*>\d+ km<\/text>/);
    expect(svg).toContain('data-role="norte"');
    expect(svg.match(/data-role="classification"/g)).toHaveLength(2);
    expect(svg).toMatch(/<g [^>]*data-role="densidad">\s*<rect/);
    expect(svg).toContain('data-rank="1" data-n="40"');
    expect(svg).toContain('Punto caliente');
    // Byte-identical for the same input.
    expect(renderMapSvg(spec())).toBe(svg);
  });

  it('rasterises to a reproducible PNG with text drawn from fixed fonts', () => {
    const svg = renderMapSvg(spec());
    const a = svgToPng(svg);
    const b = svgToPng(svg);
    expect(Buffer.from(a.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    // The text changes the pixels: resvg found a font (an SVG without fonts draws no glyphs at all).
    const blank = svgToPng(svg.replace(/>Mapa de calor de prueba</g, '><'));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(blank))).not.toBe(0);
    expect(pngFontOptions().defaultFontFamily).toBe('DejaVu Sans');
  });

  it('choose nice scale lengths and wrap notes', () => {
    expect(niceKm(37)).toBe(20);
    expect(niceKm(120)).toBe(100);
    expect(niceKm(0.7)).toBe(0.5);
    expect(wrap('uno dos tres cuatro', 8)).toEqual(['uno dos', 'tres', 'cuatro']);
  });
});
