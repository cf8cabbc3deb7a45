// The camera-site (PMI) and REPUVE-arch registries: the sites on a map without internet tiles (municipal boundaries
// as the base layer, each site a dot in its status colour, its code as a label when zoomed in), filters by status,
// municipality and text, the list, a site's detail with its status history and — for the area that keeps the
// registry — the edit form, new sites, file imports and the maps of directive 1.2.8 as products (PDF and KML).
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Map as MapLibreMap, Marker, type GeoJSONSource, type GeoJSONSourceSpecification, type MapLayerMouseEvent } from 'maplibre-gl';
import { createStateMap } from '../state-map.ts';
import { ApiError, api, upload, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtLocalDate, fmtNumber, fold, todayLocal } from '../format.ts';
import { useStateInfo } from '../reference.ts';
import { s } from '../strings.ts';
import type { JobInfo, ProductInfo, SiteDetailAnswer, SiteImportSummary, SiteInfo, SitesCatalog, SiteStatus } from '../types.ts';
import { ProductDownloads } from '../components/ProductDownloads.tsx';

type Registry = 'pmi' | 'repuve';

const REPORT_TYPE: Record<Registry, string> = { pmi: 'mapa-pmi', repuve: 'mapa-repuve' };
const DEFAULT_STATUSES: SiteStatus[] = ['operando', 'falla', 'mantenimiento'];
/** Zoom from which the codes of the sites are drawn beside their dots; with this many sites or fewer, always. */
const LABEL_ZOOM = 11.5;
const ALWAYS_LABELLED = 40;

export function PmiPage() {
  return <SitesPage registry="pmi" />;
}

export function RepuvePage() {
  return <SitesPage registry="repuve" />;
}

const kmText = (km: number | null) => {
  if (km === null) return s.app.dash;
  const whole = Math.floor(km + 1e-9);
  return `${whole}+${String(Math.round((km - whole) * 1000)).padStart(3, '0')}`;
};

function SitesPage({ registry }: { registry: Registry }) {
  const auth = useAuth();
  const catalog = useApi<SitesCatalog>('/api/sites/catalog', { cached: true });
  const list = useApi<{ sites: SiteInfo[] }>(`/api/sites/${registry}`);
  const [statuses, setStatuses] = useState<Set<SiteStatus>>(new Set(DEFAULT_STATUSES));
  const [municipality, setMunicipality] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const info = catalog.data?.registries.find((r) => r.code === registry);
  const editable = info?.editable ?? false;
  const colors = useMemo(() => new Map((catalog.data?.statuses ?? []).map((st) => [st.code, st.color])), [catalog.data]);
  const labels = useMemo(() => new Map((catalog.data?.statuses ?? []).map((st) => [st.code, st.label])), [catalog.data]);
  const all = list.data?.sites ?? [];
  const municipalities = useMemo(() => [...new Map(all.map((x) => [x.municipalityCode, x.municipality])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'es')), [all]);
  const q = fold(query.trim());
  const shown = all.filter((x) => statuses.has(x.status) && (!municipality || x.municipalityCode === municipality) && (!q || fold(`${x.code} ${x.name}`).includes(q)));
  const title = registry === 'pmi' ? s.sites.pmiTitle : s.sites.repuveTitle;

  const toggle = (st: SiteStatus) => {
    const next = new Set(statuses);
    if (next.has(st)) next.delete(st);
    else next.add(st);
    setStatuses(next);
  };

  return (
    <div className="page">
      <h1>{title}</h1>
      <p className="muted">{registry === 'pmi' ? s.sites.pmiIntro : s.sites.repuveIntro}</p>
      {(catalog.error || list.error) && <Message kind="error">{(catalog.error ?? list.error)!.message}</Message>}
      <form className="filters" aria-label={s.sites.filters} onSubmit={(e) => e.preventDefault()}>
        <div className="filters-grid">
          <fieldset className="field field-wide" data-testid="status-filter">
            <legend>{s.sites.statuses}</legend>
            <div className="status-checks">
              {(catalog.data?.statuses ?? []).map((st) => (
                <label key={st.code}>
                  <input type="checkbox" checked={statuses.has(st.code)} onChange={() => toggle(st.code)} />
                  <span className="dot" style={{ background: st.color }} aria-hidden="true" /> {st.label}{' '}
                  <span className="muted">({fmtNumber(all.filter((x) => x.status === st.code).length)})</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="field field-wide">
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
          <label className="field">
            <span>{s.sites.search}</span>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
        </div>
      </form>
      <p className="total" data-testid="sites-shown">
        {s.sites.shown(fmtNumber(shown.length), fmtNumber(all.length))}
      </p>
      <div className="sites-layout">
        <SitesMap sites={shown} colors={colors} selected={selected} onSelect={(id) => { setCreating(false); setSelected(id); }} />
        <aside className="sites-side">
          <section className="panel legend" aria-labelledby="sites-legend" data-testid="sites-legend">
            <h2 id="sites-legend">{s.sites.legend}</h2>
            <ul>
              {(catalog.data?.statuses ?? []).filter((st) => statuses.has(st.code)).map((st) => (
                <li key={st.code}>
                  <span className="dot" style={{ background: st.color }} aria-hidden="true" /> {st.label} ({fmtNumber(shown.filter((x) => x.status === st.code).length)})
                </li>
              ))}
              <li>
                <span className="swatch" style={{ background: '#fbfaf6', borderColor: '#8a8f98' }} aria-hidden="true" /> {s.sites.boundaries}
              </li>
            </ul>
            <p className="hint">{s.sites.labelsHint}</p>
            {editable && !creating && (
              <button type="button" className="button" onClick={() => { setSelected(null); setCreating(true); }}>
                {s.sites.newSite}
              </button>
            )}
          </section>
          {creating && catalog.data && (
            <SiteForm
              registry={registry}
              catalog={catalog.data}
              onCancel={() => setCreating(false)}
              onSaved={(site) => {
                setCreating(false);
                list.reload();
                setSelected(site.id);
              }}
            />
          )}
          {selected !== null && catalog.data && (
            <SiteDetail
              key={selected}
              registry={registry}
              id={selected}
              catalog={catalog.data}
              editable={editable}
              labels={labels}
              colors={colors}
              onClose={() => setSelected(null)}
              onSaved={() => list.reload()}
            />
          )}
        </aside>
      </div>

      <section className="table-section">
        {list.data && all.length === 0 && <p className="empty">{s.sites.none}</p>}
        {list.data && all.length > 0 && shown.length === 0 && <p className="empty">{s.sites.empty}</p>}
        {shown.length > 0 && (
          <div className="table-scroll short">
            <table className="data-table" data-testid="sites-table">
              <caption>{s.sites.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.sites.code}</th>
                  <th scope="col">{s.sites.name}</th>
                  <th scope="col">{s.sites.municipality}</th>
                  <th scope="col">{s.sites.status}</th>
                  {registry === 'pmi' ? (
                    <th scope="col" className="num">{s.sites.cameras}</th>
                  ) : (
                    <>
                      <th scope="col">{s.sites.road}</th>
                      <th scope="col" className="num">{s.sites.km}</th>
                      <th scope="col">{s.sites.direction}</th>
                    </>
                  )}
                  <th scope="col">{s.sites.lastMaintenance}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((x) => (
                  <tr key={x.id} className={x.id === selected ? 'selected' : undefined} onClick={() => { setCreating(false); setSelected(x.id); }} data-testid={`site-row-${x.code}`}>
                    <th scope="row" className="nowrap">
                      <button type="button" className="link-button" onClick={() => setSelected(x.id)}>
                        {x.code}
                      </button>
                    </th>
                    <td>{x.name}</td>
                    <td>{x.municipality}</td>
                    <td className="nowrap">
                      <span className="dot" style={{ background: colors.get(x.status) }} aria-hidden="true" /> {labels.get(x.status)}
                    </td>
                    {registry === 'pmi' ? (
                      <td className="num">{fmtNumber(x.cameraTotal)}</td>
                    ) : (
                      <>
                        <td>{x.road}</td>
                        <td className="num">{kmText(x.km)}</td>
                        <td>{x.direction}</td>
                      </>
                    )}
                    <td className="nowrap">{fmtLocalDate(x.lastMaintenanceOn, 'short')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {auth.can('reports.generate') && <MapProducts registry={registry} statuses={[...statuses]} />}
      {editable && info && <SitesImport registry={registry} columns={info.columns} onDone={() => list.reload()} />}
    </div>
  );
}

interface SiteFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { id: number; code: string; status: string; color: string } }[];
}

function toGeojson(sites: SiteInfo[], colors: Map<string, string>): SiteFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: sites.map((x) => ({
      type: 'Feature',
      id: x.id,
      geometry: { type: 'Point', coordinates: [x.longitude, x.latitude] },
      properties: { id: x.id, code: x.code, status: x.status, color: colors.get(x.status) ?? '#555555' },
    })),
  };
}

function SitesMap({ sites, colors, selected, onSelect }: { sites: SiteInfo[]; colors: Map<string, string>; selected: number | null; onSelect(id: number): void }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markers = useRef<Marker[]>([]);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const [zoomedIn, setZoomedIn] = useState(false);
  const state = useStateInfo();
  const boundaries = useApi<GeoJSONSourceSpecification['data']>('/api/reference/municipalities.geojson', { cached: true });
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const bbox = state.data?.bbox;

  useEffect(() => {
    if (!container.current || !bbox || mapRef.current) return;
    const map = createStateMap(container.current, bbox, s.sites.mapLabel);
    if (!map) {
      setFailed(true);
      return;
    }
    mapRef.current = map;
    // Hook for end-to-end tests and for support staff inspecting a problem from the browser console.
    (window as unknown as { atalayaSitesMap?: MapLibreMap }).atalayaSitesMap = map;
    map.on('load', () => setReady(true));
    map.on('zoomend', () => setZoomedIn(map.getZoom() >= LABEL_ZOOM));
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
    map.addLayer({ id: 'municipios-relleno', type: 'fill', source: 'municipios', paint: { 'fill-color': '#fbfaf6', 'fill-opacity': 1 } });
    map.addLayer({ id: 'municipios-borde', type: 'line', source: 'municipios', paint: { 'line-color': '#8a8f98', 'line-width': 0.5 } });
    map.addSource('sitios', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'sitios-seleccion',
      type: 'circle',
      source: 'sitios',
      filter: ['==', ['get', 'id'], -1],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 8, 14, 14], 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1d2b3a', 'circle-stroke-width': 2.5 },
    });
    map.addLayer({
      id: 'sitios-puntos',
      type: 'circle',
      source: 'sitios',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3.5, 10, 5.5, 14, 8],
        'circle-color': ['get', 'color'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    });
    map.on('click', 'sitios-puntos', (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.id as number | undefined;
      if (id !== undefined) onSelectRef.current(Number(id));
    });
    map.on('mouseenter', 'sitios-puntos', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'sitios-puntos', () => (map.getCanvas().style.cursor = ''));
  }, [ready, boundaries.data]);

  // The dots and labels follow the filtered sites (and their colours after an edit).
  const key = sites.map((x) => `${x.id}:${x.status}`).join(',');
  useEffect(() => {
    const map = mapRef.current;
    const source = map?.getSource('sitios') as GeoJSONSource | undefined;
    if (!map || !source) return;
    source.setData(toGeojson(sites, colors) as unknown as GeoJSONSourceSpecification['data'] & object);
    for (const m of markers.current) m.remove();
    // MapLibre draws text only with glyph tiles, which would come from the internet: labels are HTML markers.
    markers.current = sites.map((x) => {
      const el = document.createElement('span');
      el.className = 'site-label';
      el.textContent = x.code;
      return new Marker({ element: el, anchor: 'left', offset: [8, 0] }).setLngLat([x.longitude, x.latitude]).addTo(map);
    });
  }, [key, ready, boundaries.data, colors]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !map.getLayer('sitios-seleccion')) return;
    map.setFilter('sitios-seleccion', ['==', ['get', 'id'], selected ?? -1]);
  }, [selected, ready, boundaries.data]);

  if (failed) return <Message kind="warning">{s.sites.noWebgl}</Message>;
  // The class that shows the labels goes on a wrapper: MapLibre owns the classes of its container.
  return (
    <div className={zoomedIn || sites.length <= ALWAYS_LABELLED ? 'show-labels' : undefined}>
      <div ref={container} className="map" data-testid="sites-map" role="region" aria-label={s.sites.mapLabel} />
    </div>
  );
}

/** The form's fields, by the names of the registry's file layout (the server validates them like an imported row). */
type Form = Record<string, string>;

function formOf(site: SiteInfo | null, registry: Registry, catalog: SitesCatalog): Form {
  const f: Form = {
    clave: site?.code ?? '',
    nombre: site?.name ?? '',
    domicilio: site?.address ?? '',
    latitud: site ? String(site.latitude) : '',
    longitud: site ? String(site.longitude) : '',
    estatus: site?.status ?? 'operando',
    fecha_instalacion: site ? (site.installedOn ?? '') : todayLocal(),
    ultimo_mantenimiento: site?.lastMaintenanceOn ?? '',
    notas: site?.notes ?? '',
  };
  if (registry === 'pmi') for (const k of catalog.cameraKinds) f[k.column] = String(site?.cameras[k.code] ?? 0);
  else Object.assign(f, { carretera: site?.road ?? '', kilometro: site?.km === null || site?.km === undefined ? '' : String(site.km), sentido: site?.direction ?? '' });
  return f;
}

function SiteFields({ registry, catalog, form, set, isNew }: { registry: Registry; catalog: SitesCatalog; form: Form; set(k: string, v: string): void; isNew: boolean }) {
  const field = (name: string, label: string, type = 'text') => (
    <label className="field" key={name}>
      <span>{label}</span>
      <input type={type} value={form[name] ?? ''} onChange={(e) => set(name, e.target.value)} step={type === 'number' ? 'any' : undefined} />
    </label>
  );
  return (
    <div className="form-stack">
      {isNew && field('clave', s.sites.code)}
      {field('nombre', s.sites.name)}
      <label className="field">
        <span>{s.sites.status}</span>
        <select value={form.estatus} onChange={(e) => set('estatus', e.target.value)} data-testid="site-status-select">
          {catalog.statuses.map((st) => (
            <option key={st.code} value={st.code}>
              {st.label}
            </option>
          ))}
        </select>
      </label>
      {registry === 'pmi' ? (
        <fieldset className="camera-counts">
          <legend>{s.sites.cameras}</legend>
          {catalog.cameraKinds.map((k) => field(k.column, k.label, 'number'))}
        </fieldset>
      ) : (
        <>
          {field('carretera', s.sites.road)}
          {field('kilometro', s.sites.km)}
          {field('sentido', s.sites.direction)}
        </>
      )}
      {field('latitud', s.sites.latitude)}
      {field('longitud', s.sites.longitude)}
      {registry === 'pmi' && field('domicilio', s.sites.address)}
      {field('fecha_instalacion', s.sites.installedOn, 'date')}
      {field('ultimo_mantenimiento', s.sites.lastMaintenance, 'date')}
      <label className="field">
        <span>{s.sites.notes}</span>
        <textarea rows={2} value={form.notas ?? ''} onChange={(e) => set('notas', e.target.value)} />
      </label>
    </div>
  );
}

function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : s.app.unexpectedError;
}

function SiteForm({ registry, catalog, onCancel, onSaved }: { registry: Registry; catalog: SitesCatalog; onCancel(): void; onSaved(site: SiteInfo): void }) {
  const [form, setForm] = useState<Form>(() => formOf(null, registry, catalog));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ site: SiteInfo }>(`/api/sites/${registry}`, { method: 'POST', body: form });
      onSaved(r.site);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-site-title">
      <h2 id="new-site-title">{s.sites.newTitle}</h2>
      {error && <Message kind="error">{error}</Message>}
      <SiteFields registry={registry} catalog={catalog} form={form} set={(k, v) => setForm({ ...form, [k]: v })} isNew />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {s.sites.create}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {s.sites.cancel}
        </button>
      </div>
    </form>
  );
}

function SiteDetail(props: {
  registry: Registry;
  id: number;
  catalog: SitesCatalog;
  editable: boolean;
  labels: Map<string, string>;
  colors: Map<string, string>;
  onClose(): void;
  onSaved(): void;
}) {
  const { registry, id, catalog, editable, labels, colors } = props;
  const detail = useApi<SiteDetailAnswer>(`/api/sites/${registry}/${id}`);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<Form>({});
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const site = detail.data?.site;

  const startEdit = () => {
    if (!site) return;
    setForm(formOf(site, registry, catalog));
    setNotice(null);
    setEditing(true);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!site) return;
    setBusy(true);
    setNotice(null);
    try {
      const r = await api<{ site: SiteInfo; changed: string[] }>(`/api/sites/${registry}/${id}`, { method: 'PATCH', body: { ...form, version: site.version } });
      setEditing(false);
      setNotice(r.changed.length ? { kind: 'success', text: s.sites.saved } : { kind: 'info', text: s.sites.noChanges });
      detail.reload();
      props.onSaved();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel site-detail" aria-labelledby="site-detail-title" data-testid="site-detail">
      <div className="detail-head">
        <h2 id="site-detail-title">{site ? s.sites.detailTitle(site.code) : s.app.loading}</h2>
        <button type="button" className="button button-quiet" onClick={props.onClose} aria-label={s.sites.close}>
          ×
        </button>
      </div>
      {detail.error && <Message kind="error">{detail.error.message}</Message>}
      {notice && <Message kind={notice.kind}>{notice.text}</Message>}
      {site && !editing && (
        <>
          <p>
            <strong>{site.name}</strong>
          </p>
          <p data-testid="site-status">
            <span className="dot" style={{ background: colors.get(site.status) }} aria-hidden="true" /> {labels.get(site.status)}
          </p>
          <dl className="facts">
            <div className="fact">
              <dt>{s.sites.municipality}</dt>
              <dd>{site.municipality}</dd>
            </div>
            {registry === 'pmi' ? (
              <div className="fact">
                <dt>{s.sites.cameras}</dt>
                <dd>
                  {catalog.cameraKinds.filter((k) => site.cameras[k.code]).map((k) => `${k.label}: ${site.cameras[k.code]}`).join(', ') || '0'}
                </dd>
              </div>
            ) : (
              <div className="fact">
                <dt>{s.sites.road}</dt>
                <dd>
                  {site.road}, km {kmText(site.km)} · {site.direction}
                </dd>
              </div>
            )}
            <div className="fact">
              <dt>{s.sites.latitude}, {s.sites.longitude.toLowerCase()}</dt>
              <dd>
                {site.latitude.toFixed(5)}, {site.longitude.toFixed(5)}
              </dd>
            </div>
            {site.address && (
              <div className="fact">
                <dt>{s.sites.address}</dt>
                <dd>{site.address}</dd>
              </div>
            )}
            <div className="fact">
              <dt>{s.sites.installedOn}</dt>
              <dd>{fmtLocalDate(site.installedOn)}</dd>
            </div>
            <div className="fact">
              <dt>{s.sites.lastMaintenance}</dt>
              <dd>{fmtLocalDate(site.lastMaintenanceOn)}</dd>
            </div>
            {site.notes && (
              <div className="fact">
                <dt>{s.sites.notes}</dt>
                <dd>{site.notes}</dd>
              </div>
            )}
          </dl>
          <h3>{s.sites.history}</h3>
          <ul className="history" data-testid="site-history">
            {detail.data!.history.map((h, i) => (
              <li key={i} title={fmtDateTime(h.recordedAt)}>
                <span className="dot" style={{ background: colors.get(h.status) }} aria-hidden="true" />{' '}
                {s.sites.historyItem(labels.get(h.status) ?? h.status, fmtLocalDate(h.effectiveOn), `${s.sites.sources[h.source] ?? h.source}, ${h.actor}`)}
              </li>
            ))}
          </ul>
          {editable ? (
            <div className="actions">
              <button type="button" className="button button-primary" onClick={startEdit}>
                {s.sites.edit}
              </button>
            </div>
          ) : (
            <p className="hint">{s.sites.readOnly}</p>
          )}
        </>
      )}
      {site && editing && (
        <form onSubmit={save} aria-label={s.sites.edit}>
          <SiteFields registry={registry} catalog={catalog} form={form} set={(k, v) => setForm({ ...form, [k]: v })} isNew={false} />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? s.sites.saving : s.sites.save}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {s.sites.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function SitesImport({ registry, columns, onDone }: { registry: Registry; columns: string[]; onDone(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<SiteImportSummary | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) return setError(s.sites.chooseFile);
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    try {
      setSummary(await upload<SiteImportSummary>(`/api/sites/${registry}/imports`, form));
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel import-form" aria-labelledby="sites-import-title">
      <h2 id="sites-import-title">{s.sites.import}</h2>
      <p className="hint">{s.sites.importIntro}</p>
      <p className="hint">{s.sites.importColumns(columns.join(', '))}</p>
      <form onSubmit={submit}>
        {error && <Message kind="error">{error}</Message>}
        <label className="field">
          <span>{s.sites.file}</span>
          <input type="file" accept=".csv,.txt,.geojson,.json,.kml" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? s.sites.importing : s.sites.importSubmit}
          </button>
        </div>
      </form>
      {summary && (
        <Message kind={summary.rejected ? 'warning' : 'success'}>
          <p data-testid="sites-import-summary">
            {s.sites.importDone(fmtNumber(summary.read), fmtNumber(summary.inserted), fmtNumber(summary.updated), fmtNumber(summary.unchanged), fmtNumber(summary.rejected))}
          </p>
          {summary.rejected > 0 && (
            <p>
              <a href={`/api/sites/${registry}/imports/${summary.importId}/rejects.csv`}>{s.sites.rejects}</a>
            </p>
          )}
        </Message>
      )}
    </section>
  );
}

/** Generates the map product of the month in progress with the chosen statuses, follows the job, offers the files. */
function MapProducts({ registry, statuses }: { registry: Registry; statuses: SiteStatus[] }) {
  const [product, setProduct] = useState<ProductInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const generate = async () => {
    setBusy(true);
    setError(null);
    setProduct(null);
    try {
      const { jobId } = await api<{ jobId: number }>('/api/reports/generate', {
        method: 'POST',
        body: { type: REPORT_TYPE[registry], period: todayLocal().slice(0, 7), params: { statuses } },
      });
      for (;;) {
        await new Promise((r) => setTimeout(r, 800));
        if (!alive.current) return;
        const job = await api<JobInfo>(`/api/jobs/${jobId}`);
        if (job.status === 'failed') throw new ApiError(500, 'fallo', `${s.sites.failed} ${job.lastError ?? ''}`);
        if (job.status === 'done' && job.productId) {
          setProduct(await api<ProductInfo>(`/api/products/${job.productId}`));
          return;
        }
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      if (alive.current) setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="map-products-title" data-testid="map-products">
      <h2 id="map-products-title">{s.sites.products}</h2>
      <p className="hint">{s.sites.productsIntro}</p>
      {error && <Message kind="error">{error}</Message>}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={generate} disabled={busy || statuses.length === 0}>
          {busy ? s.sites.generating : s.sites.generate}
        </button>
      </div>
      {product && (
        <>
          <Message kind="success">{s.sites.ready}</Message>
          <ProductDownloads product={product} />
        </>
      )}
    </section>
  );
}
