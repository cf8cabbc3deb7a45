// The coverage analysis of the video-surveillance area: for a month, quarter or year, the share of incidents within
// a chosen distance of a working camera site, by municipality and month; the hexagons with incidents and no camera
// near on the map (with the working sites and the proposed ones); the workbook for download.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Map as MapLibreMap, Marker, type GeoJSONSource, type GeoJSONSourceSpecification } from 'maplibre-gl';
import { createStateMap } from '../state-map.ts';
import { ApiError, api, useApi, withQuery } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtLocalDate, fmtNumber, todayLocal } from '../format.ts';
import { useStateInfo } from '../reference.ts';
import { s } from '../strings.ts';
import type { CoverageAnswer, SiteInfo, SitesCatalog } from '../types.ts';

type Kind = 'month' | 'quarter' | 'year';
const DISTANCES = [100, 200, 300, 500, 1000, 2000];

const pct = (x: number | null) => (x === null ? s.app.dash : `${(x * 100).toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`);

/** The last closed period of a kind, as its key. */
function lastClosed(kind: Kind): string {
  const [y, m] = todayLocal().split('-').map(Number) as [number, number];
  if (kind === 'year') return String(y - 1);
  if (kind === 'quarter') {
    const q = Math.floor((m - 1) / 3) + 1;
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  }
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

interface Presets {
  presets: { id: string; label: string }[];
}

export function CoveragePage() {
  const catalog = useApi<SitesCatalog>('/api/sites/catalog', { cached: true });
  const presets = useApi<Presets>('/api/heatmap/presets', { cached: true });
  const sites = useApi<{ sites: SiteInfo[] }>('/api/sites/pmi');
  const [kind, setKind] = useState<Kind>('month');
  const [period, setPeriod] = useState(lastClosed('month'));
  const [distance, setDistance] = useState(300);
  const [municipality, setMunicipality] = useState('');
  const [preset, setPreset] = useState('todos');
  /** null: every kind of camera counts. */
  const [kinds, setKinds] = useState<Set<string> | null>(null);
  const [budget, setBudget] = useState(10);
  const [query, setQuery] = useState<Record<string, string | number> | null>(null);
  const [result, setResult] = useState<CoverageAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allKinds = catalog.data?.cameraKinds ?? [];
  const municipalities = useMemo(
    () => [...new Map((sites.data?.sites ?? []).map((x) => [x.municipalityCode, x.municipality])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'es')),
    [sites.data],
  );

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    const q: Record<string, string | number> = { period, distance, preset, budget };
    if (municipality) q.municipality = municipality;
    if (kinds && kinds.size < allKinds.length) q.kinds = [...kinds].join(',');
    setBusy(true);
    setError(null);
    try {
      setResult(await api<CoverageAnswer>('/api/sites/coverage', { query: q }));
      setQuery(q);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  // A first analysis of the last closed month as soon as the page opens.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run();
  });

  const changeKind = (k: Kind) => {
    setKind(k);
    setPeriod(lastClosed(k));
  };
  const working = (sites.data?.sites ?? []).filter((x) => x.status === 'operando');

  return (
    <div className="page">
      <h1>{s.sites.coverageTitle}</h1>
      <p className="muted">{s.sites.coverageIntro}</p>
      <form className="filters" onSubmit={run} aria-label={s.sites.coverageTitle}>
        <div className="filters-grid">
          <label className="field">
            <span>{s.sites.period}</span>
            <select value={kind} onChange={(e) => changeKind(e.target.value as Kind)}>
              {(['month', 'quarter', 'year'] as const).map((k) => (
                <option key={k} value={k}>
                  {s.sites.periodKinds[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{s.sites.periodKinds[kind]}</span>
            {kind === 'month' ? (
              <input type="month" value={period} onChange={(e) => setPeriod(e.target.value)} required />
            ) : (
              <input type="text" value={period} onChange={(e) => setPeriod(e.target.value)} pattern={kind === 'quarter' ? '\\d{4}-[QqTt][1-4]' : '\\d{4}'} required />
            )}
          </label>
          <label className="field">
            <span>{s.sites.distance}</span>
            <select value={distance} onChange={(e) => setDistance(Number(e.target.value))}>
              {DISTANCES.map((d) => (
                <option key={d} value={d}>
                  {s.sites.meters(d)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{s.sites.municipality}</span>
            <select value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
              <option value="">{s.sites.allMunicipalities}</option>
              {municipalities.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-wide">
            <span>{s.sites.incidentSet}</span>
            <select value={preset} onChange={(e) => setPreset(e.target.value)}>
              <option value="todos">{s.sites.allIncidents}</option>
              {(presets.data?.presets ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{s.sites.budget}</span>
            <input type="number" min={0} max={50} value={budget} onChange={(e) => setBudget(Number(e.target.value))} />
          </label>
          <fieldset className="field field-wide">
            <legend>{s.sites.kinds}</legend>
            <div className="status-checks">
              {allKinds.map((k) => (
                <label key={k.code}>
                  <input
                    type="checkbox"
                    checked={!kinds || kinds.has(k.code)}
                    onChange={() => {
                      const next = new Set(kinds ?? allKinds.map((x) => x.code));
                      if (next.has(k.code)) next.delete(k.code);
                      else next.add(k.code);
                      setKinds(next);
                    }}
                  />
                  {k.label}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy || kinds?.size === 0}>
            {busy ? s.sites.analysing : s.sites.analyse}
          </button>
          {result && query && (
            <a className="button" href={withQuery('/api/sites/coverage.xlsx', query)} download>
              {s.sites.xlsx}
            </a>
          )}
        </div>
      </form>
      {error && <Message kind="error">{error}</Message>}
      {result && (
        <>
          <dl className="counts figures" data-testid="coverage-figures">
            <div className="count">
              <dt>{s.sites.total}</dt>
              <dd>{fmtNumber(result.total.incidents)}</dd>
            </div>
            <div className="count">
              <dt>{s.sites.covered}</dt>
              <dd>{fmtNumber(result.total.covered)}</dd>
            </div>
            <div className="count warn">
              <dt>{s.sites.uncovered}</dt>
              <dd>{fmtNumber(result.total.uncovered)}</dd>
            </div>
            <div className="count">
              <dt>{s.sites.share}</dt>
              <dd data-testid="coverage-share">{pct(result.total.share)}</dd>
            </div>
            <div className="count">
              <dt>
                {s.sites.workingSites} {s.sites.asOf(fmtLocalDate(result.asOf, 'short'))}
              </dt>
              <dd>{fmtNumber(result.workingSites)}</dd>
            </div>
          </dl>
          {result.total.incidents === 0 && <p className="empty">{s.sites.noIncidents}</p>}
          <div className="map-layout">
            <CoverageMap result={result} working={working} />
            <section className="panel legend" aria-labelledby="coverage-legend">
              <h2 id="coverage-legend">{s.sites.legend}</h2>
              <ul>
                <li>
                  <span className="dot" style={{ background: '#1e7a45' }} aria-hidden="true" /> {s.sites.legendWorking}
                </li>
                <li>
                  <span className="dot" style={{ background: '#c62828', opacity: 0.7 }} aria-hidden="true" /> {s.sites.legendUncovered}
                </li>
                <li>
                  <span className="proposal-marker" aria-hidden="true">1</span> {s.sites.legendProposal}
                </li>
              </ul>
              <p className="hint">{s.sites.uncoveredCells(fmtNumber(result.uncoveredCells.length), fmtNumber(result.uncoveredCellCount))}</p>
            </section>
          </div>
          <h2>{s.sites.byMunicipality}</h2>
          <div className="table-scroll short">
            <table className="data-table" data-testid="coverage-municipalities">
              <thead>
                <tr>
                  <th scope="col">{s.sites.municipality}</th>
                  <th scope="col" className="num">{s.sites.total}</th>
                  <th scope="col" className="num">{s.sites.covered}</th>
                  <th scope="col" className="num">{s.sites.uncovered}</th>
                  <th scope="col" className="num">{s.sites.share}</th>
                  <th scope="col" className="num">{s.sites.workingSites}</th>
                </tr>
              </thead>
              <tbody>
                {result.byMunicipality.map((m) => (
                  <tr key={m.code}>
                    <th scope="row">{m.name}</th>
                    <td className="num">{fmtNumber(m.incidents)}</td>
                    <td className="num">{fmtNumber(m.covered)}</td>
                    <td className="num">{fmtNumber(m.uncovered)}</td>
                    <td className="num">{pct(m.share)}</td>
                    <td className="num">{fmtNumber(m.workingSites)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.byMonth.length > 1 && (
            <>
              <h2>{s.sites.byMonth}</h2>
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th scope="col">{s.sites.period}</th>
                    <th scope="col" className="num">{s.sites.total}</th>
                    <th scope="col" className="num">{s.sites.covered}</th>
                    <th scope="col" className="num">{s.sites.share}</th>
                    <th scope="col" className="num">{s.sites.workingSites}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.byMonth.map((m) => (
                    <tr key={m.key}>
                      <th scope="row">{m.label}</th>
                      <td className="num">{fmtNumber(m.incidents)}</td>
                      <td className="num">{fmtNumber(m.covered)}</td>
                      <td className="num">{pct(m.share)}</td>
                      <td className="num">{fmtNumber(m.workingSites)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {result.proposals.length > 0 && (
            <>
              <h2>{s.sites.proposals}</h2>
              <table className="data-table compact" data-testid="coverage-proposals">
                <thead>
                  <tr>
                    <th scope="col">{s.sites.rank}</th>
                    <th scope="col">{s.sites.municipality}</th>
                    <th scope="col">{s.sites.latitude}, {s.sites.longitude.toLowerCase()}</th>
                    <th scope="col" className="num">{s.sites.gain}</th>
                    <th scope="col" className="num">{s.sites.cumulative}</th>
                    <th scope="col" className="num">{s.sites.shareAfter}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.proposals.map((p) => (
                    <tr key={p.rank}>
                      <th scope="row">{p.rank}</th>
                      <td>{p.municipality}</td>
                      <td className="nowrap">
                        {p.lat.toFixed(5)}, {p.lng.toFixed(5)}
                      </td>
                      <td className="num">{fmtNumber(p.gain)}</td>
                      <td className="num">{fmtNumber(p.cumulative)}</td>
                      <td className="num">{pct(p.shareAfter)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h2>{s.sites.method}</h2>
          <ul className="hint">
            {result.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function CoverageMap({ result, working }: { result: CoverageAnswer; working: SiteInfo[] }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markers = useRef<Marker[]>([]);
  const [ready, setReady] = useState(false);
  const state = useStateInfo();
  const boundaries = useApi<GeoJSONSourceSpecification['data']>('/api/reference/municipalities.geojson', { cached: true });
  const bbox = state.data?.bbox;

  useEffect(() => {
    if (!container.current || !bbox || mapRef.current) return;
    const map = createStateMap(container.current, bbox, s.sites.coverageMapLabel);
    if (!map) return;
    mapRef.current = map;
    (window as unknown as { atalayaCoverageMap?: MapLibreMap }).atalayaCoverageMap = map;
    map.on('load', () => setReady(true));
    return () => {
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [bbox]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !boundaries.data || map.getSource('municipios')) return;
    map.addSource('municipios', { type: 'geojson', data: boundaries.data });
    map.addLayer({ id: 'municipios-relleno', type: 'fill', source: 'municipios', paint: { 'fill-color': '#fbfaf6' } });
    map.addLayer({ id: 'municipios-borde', type: 'line', source: 'municipios', paint: { 'line-color': '#8a8f98', 'line-width': 0.5 } });
    map.addSource('sin-camara', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'sin-camara',
      type: 'circle',
      source: 'sin-camara',
      paint: {
        'circle-color': '#c62828',
        'circle-opacity': 0.55,
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'n']], 1, 2.5, 10, 12],
      },
    });
    map.addSource('pmi', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'pmi', type: 'circle', source: 'pmi', paint: { 'circle-color': '#1e7a45', 'circle-radius': 3.5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
  }, [ready, boundaries.data]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !map.getSource('sin-camara')) return;
    (map.getSource('sin-camara') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: result.uncoveredCells.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lng, c.lat] }, properties: { n: c.n } })),
    });
    (map.getSource('pmi') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: working.map((x) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x.longitude, x.latitude] }, properties: { code: x.code } })),
    });
    for (const m of markers.current) m.remove();
    markers.current = result.proposals.map((p) => {
      const el = document.createElement('span');
      el.className = 'proposal-marker';
      el.textContent = String(p.rank);
      el.title = `${p.rank}. ${p.municipality}: +${p.gain}`;
      return new Marker({ element: el }).setLngLat([p.lng, p.lat]).addTo(map);
    });
  }, [result, working, ready, boundaries.data]);

  return <div ref={container} className="map" data-testid="coverage-map" role="region" aria-label={s.sites.coverageMapLabel} />;
}
