// Incidents per municipality on a map without internet tiles: a plain background and the state's municipal
// boundaries, coloured by count or by rate per 100 000 inhabitants, with a legend and the same data as a table.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Map as MapLibreMap,
  Popup,
  type ExpressionSpecification,
  type GeoJSONSourceSpecification,
  type MapLayerMouseEvent,
} from 'maplibre-gl';
import { createStateMap } from '../state-map.ts';
import { useApi, withQuery } from '../api.ts';
import { NO_DATA_COLOR, quantileClasses } from '../classify.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { Message } from '../components/Message.tsx';
import { filtersQuery, useFilters } from '../filters.tsx';
import { fmtNumber, fmtRate } from '../format.ts';
import { useMunicipalities, useStateInfo } from '../reference.ts';
import { s } from '../strings.ts';
import type { ByMunicipality } from '../types.ts';


type Measure = 'count' | 'rate';

interface Row {
  code: string;
  name: string;
  count: number;
  population: number | null;
  rate: number | null;
}

const SOURCE = 'municipios';

export function MapPage() {
  const [filters] = useFilters();
  const [measure, setMeasure] = useState<Measure>('count');
  const state = useStateInfo();
  const result = useApi<ByMunicipality>(withQuery('/api/incidents/by-municipality', filtersQuery(filters)));
  const year = result.data?.populationYear ?? new Date().getFullYear();
  const municipalities = useMunicipalities(year);

  // Every municipality of the state, with its count (0 when absent) and rate.
  const rows = useMemo<Row[]>(() => {
    const counts = new Map((result.data?.items ?? []).map((i) => [i.municipality_code, i]));
    return (municipalities.data ?? []).map((m) => {
      const hit = counts.get(m.code);
      const population = hit?.population ?? m.population;
      const count = hit?.count ?? 0;
      return {
        code: m.code,
        name: m.name,
        count,
        population,
        rate: hit ? hit.ratePer100k : population ? 0 : null,
      };
    });
  }, [result.data, municipalities.data]);

  const valueOf = (r: Row) => (measure === 'count' ? r.count : r.rate);
  const classification = useMemo(
    () => quantileClasses(rows.map((r) => (measure === 'count' ? r.count : (r.rate ?? 0)))),
    [rows, measure],
  );
  const colorOf = (r: Row) => {
    const v = valueOf(r);
    if (!v) return NO_DATA_COLOR;
    return classification.classes[classification.classOf(v)]?.color ?? NO_DATA_COLOR;
  };
  const colors = new Map(rows.map((r) => [r.code, colorOf(r)]));
  const rowsByCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const withIncidents = rows.filter((r) => r.count > 0).sort((a, b) => (valueOf(b) ?? -1) - (valueOf(a) ?? -1) || b.count - a.count);
  const missingPopulation = measure === 'rate' && withIncidents.some((r) => r.rate === null);
  const unlocated = result.data?.unlocated ?? 0;

  return (
    <div className="page">
      <h1>{s.map.title}</h1>
      <p className="muted">{s.map.intro}</p>
      <FilterBar />
      {result.error && <Message kind="error">{result.error.message}</Message>}
      <div className="segmented measure" role="radiogroup" aria-label={s.map.measure}>
        {(['count', 'rate'] as const).map((m) => (
          <label key={m} className={measure === m ? 'checked' : undefined}>
            <input type="radio" name="measure" value={m} checked={measure === m} onChange={() => setMeasure(m)} />
            {m === 'count' ? s.map.count : s.map.rate}
          </label>
        ))}
      </div>
      {unlocated > 0 && (
        <p className="notice" data-testid="unlocated-note">
          {unlocated === 1 ? s.map.unlocatedOne : s.map.unlocated(fmtNumber(unlocated))}
        </p>
      )}
      <div className="map-layout">
        <ChoroplethMap bbox={state.data?.bbox} colors={colors} rows={rowsByCode} year={year} />
        <section className="legend panel" aria-labelledby="legend-title" data-testid="map-legend">
          <h2 id="legend-title">{s.map.legend}</h2>
          <p className="hint">
            {measure === 'count' ? s.map.count : s.map.rate} · {s.map.legendMethod}
          </p>
          <ul>
            {classification.classes.map((c) => (
              <li key={c.color}>
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                {measure === 'count'
                  ? c.min === c.max
                    ? fmtNumber(c.min)
                    : `${fmtNumber(c.min)} – ${fmtNumber(c.max)}`
                  : c.min === c.max
                    ? fmtRate(c.min)
                    : `${fmtRate(c.min)} – ${fmtRate(c.max)}`}{' '}
                <span className="muted">({fmtNumber(c.count)})</span>
              </li>
            ))}
            <li>
              <span className="swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
              {missingPopulation ? `${s.map.legendNone} / ${s.map.legendNoData}` : s.map.legendNone}
            </li>
          </ul>
          <p className="hint">{s.map.population(year)}</p>
        </section>
      </div>
      <section className="table-section">
        {result.data && withIncidents.length === 0 && <p className="empty">{s.map.empty}</p>}
        {withIncidents.length > 0 && (
          <div className="table-scroll short">
            <table className="data-table" data-testid="map-table">
              <caption>{s.map.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.map.tableMunicipality}</th>
                  <th scope="col" className="num">
                    {s.map.tableCount}
                  </th>
                  <th scope="col" className="num">
                    {s.map.tableRate}
                  </th>
                  <th scope="col" className="num">
                    {s.map.tablePopulation}
                  </th>
                </tr>
              </thead>
              <tbody>
                {withIncidents.map((r) => (
                  <tr key={r.code}>
                    <th scope="row">
                      <span className="swatch" style={{ background: colorOf(r) }} aria-hidden="true" /> {r.name}
                    </th>
                    <td className="num">{fmtNumber(r.count)}</td>
                    <td className="num">{fmtRate(r.rate)}</td>
                    <td className="num">{fmtNumber(r.population)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function ChoroplethMap({
  bbox,
  colors,
  rows,
  year,
}: {
  bbox: [number, number, number, number] | undefined;
  colors: Map<string, string>;
  rows: Map<string, Row>;
  year: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const boundaries = useApi<GeoJSONSourceSpecification['data']>('/api/reference/municipalities.geojson', { cached: true });
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const yearRef = useRef(year);
  yearRef.current = year;

  // Create the map once the state's extent is known.
  useEffect(() => {
    if (!container.current || !bbox || mapRef.current) return;
    const map = createStateMap(container.current, bbox, s.map.mapLabel);
    if (!map) {
      setFailed(true);
      return;
    }
    mapRef.current = map;
    // Hook for end-to-end tests and for support staff inspecting a problem from the browser console.
    (window as unknown as { atalayaMap?: MapLibreMap }).atalayaMap = map;
    map.on('load', () => setReady(true));
    return () => {
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [bbox]);

  // Boundaries as the base layer.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !boundaries.data || map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: boundaries.data, promoteId: 'code' });
    map.addLayer({ id: 'municipios-relleno', type: 'fill', source: SOURCE, paint: { 'fill-color': NO_DATA_COLOR, 'fill-opacity': 0.9 } });
    map.addLayer({
      id: 'municipios-borde',
      type: 'line',
      source: SOURCE,
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#1d2b3a', '#8a8f98'],
        'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2.5, 0.4],
      },
    });

    let hovered: string | null = null;
    let pinned: Popup | null = null;
    const hoverPopup = new Popup({ closeButton: false, closeOnClick: false, className: 'map-popup', maxWidth: '280px' });
    const setHover = (code: string | null) => {
      if (hovered) map.setFeatureState({ source: SOURCE, id: hovered }, { hover: false });
      hovered = code;
      if (code) map.setFeatureState({ source: SOURCE, id: code }, { hover: true });
    };
    const codeOf = (e: MapLayerMouseEvent) => (e.features?.[0]?.properties?.code as string | undefined) ?? null;

    map.on('mousemove', 'municipios-relleno', (e) => {
      const code = codeOf(e);
      map.getCanvas().style.cursor = 'pointer';
      setHover(code);
      if (!code || pinned) return;
      hoverPopup.setLngLat(e.lngLat).setDOMContent(popupContent(rowsRef.current.get(code), code)).addTo(map);
    });
    map.on('mouseleave', 'municipios-relleno', () => {
      map.getCanvas().style.cursor = '';
      setHover(null);
      hoverPopup.remove();
    });
    map.on('click', 'municipios-relleno', (e) => {
      const code = codeOf(e);
      if (!code) return;
      hoverPopup.remove();
      pinned?.remove();
      const popup = new Popup({ className: 'map-popup', maxWidth: '280px', closeButton: true })
        .setLngLat(e.lngLat)
        .setDOMContent(popupContent(rowsRef.current.get(code), code))
        .addTo(map);
      popup.on('close', () => {
        if (pinned === popup) pinned = null;
      });
      pinned = popup;
    });
  }, [ready, boundaries.data]);

  // Colours follow the data and the chosen measure.
  const colorKey = [...colors].map(([k, v]) => `${k}:${v}`).join(',');
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !boundaries.data || !map.getLayer('municipios-relleno')) return;
    const pairs = [...colors].filter(([, c]) => c !== NO_DATA_COLOR).flatMap(([code, c]) => [code, c]);
    const expression: ExpressionSpecification | string =
      pairs.length > 0 ? (['match', ['get', 'code'], ...pairs, NO_DATA_COLOR] as unknown as ExpressionSpecification) : NO_DATA_COLOR;
    map.setPaintProperty('municipios-relleno', 'fill-color', expression);
  }, [colorKey, ready, boundaries.data]);

  if (failed) return <Message kind="warning">{s.map.noWebgl}</Message>;
  return <div ref={container} className="map" data-testid="map" role="region" aria-label={s.map.mapLabel} />;
}

function popupContent(row: Row | undefined, code: string): HTMLElement {
  const root = document.createElement('div');
  root.className = 'popup-body';
  const title = document.createElement('strong');
  title.textContent = row?.name ?? code;
  root.append(title);
  const dl = document.createElement('dl');
  const add = (label: string, value: string) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  };
  add(s.map.popupCount, fmtNumber(row?.count ?? 0));
  add(s.map.popupRate, fmtRate(row?.rate ?? null));
  add(s.map.popupPopulation, fmtNumber(row?.population ?? null));
  root.append(dl);
  return root;
}
