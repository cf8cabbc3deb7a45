// Heat map of incidents without internet tiles: the municipal boundaries as the base layer and a MapLibre heatmap
// layer fed by counts per H3 hexagon (GET /api/heatmap/cells), never by incident locations. Period, type of
// incidents and a time-of-day range filter the counts; the hexagon resolution follows the zoom.
import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, type GeoJSONSource, type GeoJSONSourceSpecification } from 'maplibre-gl';
import { createStateMap } from '../state-map.ts';
import { useApi, withQuery } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtNumber, lastCompleteMonth } from '../format.ts';
import { useStateInfo } from '../reference.ts';
import { s } from '../strings.ts';


interface Presets {
  default: string;
  presets: { id: string; label: string; description: string; codes: { code: number; name: string }[] }[];
}

interface Cells {
  resolution: number;
  total: number;
  maxN: number;
  hourFrom: number;
  hourTo: number;
  cells: { cell: string; lat: number; lng: number; n: number }[];
}

const SOURCE = 'celdas';
// Transparent → yellow → orange → dark red, as the printed maps.
const RAMP = ['rgba(255,255,178,0)', '#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

const resolutionForZoom = (zoom: number) => (zoom < 9 ? 7 : zoom < 11 ? 8 : 9);

/** The value after it stops changing for `ms` (so dragging a slider sends one request, not twenty). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function HeatmapPage() {
  const initial = lastCompleteMonth();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [preset, setPreset] = useState('');
  const [hours, setHours] = useState<[number, number]>([0, 23]);
  const [zoom, setZoom] = useState(7);
  const presets = useApi<Presets>('/api/heatmap/presets', { cached: true });
  const presetId = preset || presets.data?.default || '';
  const debouncedHours = useDebounced(hours, 250);
  const resolution = resolutionForZoom(zoom);
  const query = presetId && from && to
    ? withQuery('/api/heatmap/cells', { from, to, preset: presetId, hourFrom: debouncedHours[0], hourTo: debouncedHours[1], resolution })
    : null;
  const cells = useApi<Cells>(query);
  const state = useStateInfo();
  const data = cells.data;

  return (
    <div className="page">
      <h1>{s.heatmap.title}</h1>
      <p className="muted">{s.heatmap.intro}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={s.heatmap.title}>
        <div className="filters-grid">
          <label className="field">
            <span>{s.heatmap.from}</span>
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field">
            <span>{s.heatmap.to}</span>
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label className="field field-wide">
            <span>{s.heatmap.preset}</span>
            <select value={presetId} onChange={(e) => setPreset(e.target.value)}>
              {(presets.data?.presets ?? []).map((p) => (
                <option key={p.id} value={p.id} title={p.description}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="field field-wide" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend>{s.heatmap.hours}</legend>
            <output data-testid="heatmap-hours" aria-live="polite" style={{ fontWeight: 600 }}>
              {s.heatmap.hourRange(hours[0], hours[1])}
            </output>
            <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
              <span style={{ minWidth: '7.5rem' }}>{s.heatmap.hourFrom}</span>
              <input type="range" min={0} max={23} step={1} value={hours[0]} onChange={(e) => setHours([Number(e.target.value), hours[1]])} />
            </label>
            <label style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
              <span style={{ minWidth: '7.5rem' }}>{s.heatmap.hourTo}</span>
              <input type="range" min={0} max={23} step={1} value={hours[1]} onChange={(e) => setHours([hours[0], Number(e.target.value)])} />
            </label>
          </fieldset>
        </div>
      </form>
      {presets.error && <Message kind="error">{presets.error.message}</Message>}
      {cells.error && <Message kind="error">{cells.error.message}</Message>}
      <div className="map-layout">
        <HeatLayerMap bbox={state.data?.bbox} data={data} onZoom={setZoom} />
        <section className="legend panel" aria-labelledby="heat-legend-title" data-testid="heatmap-legend">
          <h2 id="heat-legend-title">{s.heatmap.legend}</h2>
          <div aria-hidden="true" style={{ height: 14, borderRadius: 3, border: '1px solid #b9c1cc', background: `linear-gradient(to right, ${RAMP.slice(1).join(', ')})` }} />
          <div className="hint" style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span>{s.heatmap.low}</span>
            <span>{s.heatmap.high}</span>
          </div>
          {data && (
            <>
              <p data-testid="heatmap-total">{s.heatmap.total(fmtNumber(data.total))}</p>
              <p className="hint" data-testid="heatmap-range">
                {s.heatmap.hourRange(data.hourFrom, data.hourTo)} · {s.heatmap.maxCell(fmtNumber(data.maxN), data.resolution)}
              </p>
              {data.total === 0 && <p className="empty">{s.heatmap.empty}</p>}
            </>
          )}
          {cells.loading && <p className="hint">{s.heatmap.loading}</p>}
          <p className="hint" data-testid="heatmap-note">{s.heatmap.aggregated(data?.resolution ?? resolution)}</p>
        </section>
      </div>
    </div>
  );
}

interface PointCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { n: number; w: number } }[];
}

/** Hexagon centres weighted by their share of the largest count: the heat layer's input. */
function toGeojson(data: Cells | undefined): PointCollection {
  return {
    type: 'FeatureCollection',
    features: (data?.cells ?? []).map((c) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
      properties: { n: c.n, w: data!.maxN > 0 ? c.n / data!.maxN : 0 },
    })),
  };
}

function HeatLayerMap({
  bbox,
  data,
  onZoom,
}: {
  bbox: [number, number, number, number] | undefined;
  data: Cells | undefined;
  onZoom: (z: number) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const boundaries = useApi<GeoJSONSourceSpecification['data']>('/api/reference/municipalities.geojson', { cached: true });
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;

  useEffect(() => {
    if (!container.current || !bbox || mapRef.current) return;
    const map = createStateMap(container.current, bbox, s.heatmap.mapLabel);
    if (!map) {
      setFailed(true);
      return;
    }
    mapRef.current = map;
    (window as unknown as { atalayaHeatmap?: MapLibreMap }).atalayaHeatmap = map;
    map.on('load', () => {
      map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      setReady(true);
      onZoomRef.current(map.getZoom());
    });
    map.on('zoomend', () => onZoomRef.current(map.getZoom()));
    return () => {
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [bbox]);

  // Boundaries under the heat layer.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !boundaries.data || map.getSource('municipios')) return;
    map.addSource('municipios', { type: 'geojson', data: boundaries.data });
    const before = map.getLayer('calor') ? 'calor' : undefined;
    map.addLayer({ id: 'municipios-relleno', type: 'fill', source: 'municipios', paint: { 'fill-color': '#fbfaf6' } }, before);
    map.addLayer({ id: 'municipios-borde', type: 'line', source: 'municipios', paint: { 'line-color': '#9aa0a8', 'line-width': 0.5 } }, before);
  }, [ready, boundaries.data]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource(SOURCE) as GeoJSONSource).setData(toGeojson(data));
    if (!map.getLayer('calor')) {
      map.addLayer({
        id: 'calor',
        type: 'heatmap',
        source: SOURCE,
        paint: {
          'heatmap-weight': ['get', 'w'],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 6, 1, 12, 2.5],
          'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 6, 6, 9, 18, 12, 40, 15, 90],
          'heatmap-opacity': 0.85,
          'heatmap-color': [
            'interpolate', ['linear'], ['heatmap-density'],
            0, RAMP[0]!, 0.1, RAMP[1]!, 0.3, RAMP[2]!, 0.5, RAMP[3]!, 0.75, RAMP[4]!, 1, RAMP[5]!,
          ],
        },
      });
    }
  }, [ready, data]);

  if (failed) return <Message kind="warning">{s.map.noWebgl}</Message>;
  return <div ref={container} className="map" data-testid="heatmap" role="region" aria-label={s.heatmap.mapLabel} />;
}
