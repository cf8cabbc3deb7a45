// The catalog of directive 1.2.8: every report type with its area, destination, beneficiaries, periodicity and
// formats, those Atalaya cannot produce yet marked as such; for the others a form that starts a background
// generation, follows it until the product is ready and offers its downloads.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, getTimeZone, shortSha } from '../format.ts';
import { useCenters } from '../reference.ts';
import { CHANNEL_LABELS, CHANNELS, s } from '../strings.ts';
import type { JobInfo, MunicipalityGroup, ProductInfo, ReportTypeInfo } from '../types.ts';
import { ProductDownloads } from '../components/ProductDownloads.tsx';
import { NOTIFICATIONS_EVENT } from './ReportsNotifications.tsx';

type Kind = ReportTypeInfo['periodKinds'][number];

/** Today's local day (YYYY-MM-DD) in the state's zone. */
function todayLocal(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: getTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const PER_YEAR: Record<Kind, number> = { month: 12, quarter: 4, half: 2, year: 1 };

/** The last closed period of the kind: its year and position. */
function lastClosed(kind: Kind): { year: number; index: number } {
  const [y, m] = todayLocal().split('-').map(Number) as [number, number];
  const per = PER_YEAR[kind];
  const current = Math.floor((m - 1) / (12 / per)) + 1;
  return current === 1 ? { year: y - 1, index: per } : { year: y, index: current - 1 };
}

function periodKey(kind: Kind, year: number, index: number): string {
  if (kind === 'month') return `${year}-${String(index).padStart(2, '0')}`;
  if (kind === 'quarter') return `${year}-Q${index}`;
  if (kind === 'half') return `${year}-H${index}`;
  return String(year);
}

export function ReportsPage() {
  const auth = useAuth();
  const types = useApi<{ types: ReportTypeInfo[] }>('/api/reports/types');
  const [chosen, setChosen] = useState<string | null>(null);
  const [params] = useSearchParams();
  const linked = params.get('producto');
  const canGenerate = auth.can('reports.generate');
  const chosenType = types.data?.types.find((t) => t.code === chosen);

  return (
    <div className="page">
      <h1>{s.reports.catalogTitle}</h1>
      <p className="muted">{s.reports.catalogIntro}</p>
      {linked && /^\d+$/.test(linked) && <LinkedProduct id={Number(linked)} />}
      {types.error && <Message kind="error">{types.error.message}</Message>}
      {chosenType && <GenerateForm key={chosenType.code} type={chosenType} onClose={() => setChosen(null)} onDone={types.reload} />}
      {types.data && (
        <div className="table-scroll">
          <table className="data-table" data-testid="report-catalog">
            <thead>
              <tr>
                <th scope="col">{s.reports.name}</th>
                <th scope="col">{s.reports.area}</th>
                <th scope="col">{s.reports.destination}</th>
                <th scope="col">{s.reports.beneficiaries}</th>
                <th scope="col">{s.reports.periodicity}</th>
                <th scope="col">{s.reports.formats}</th>
                <th scope="col">{s.reports.availability}</th>
                <th scope="col">{s.reports.lastProduct}</th>
              </tr>
            </thead>
            <tbody>
              {types.data.types.map((t) => (
                <tr key={t.code} data-testid={`report-type-${t.code}`} className={t.built ? undefined : 'inactive'}>
                  <th scope="row" className="wrap">
                    {t.name}
                  </th>
                  <td>{t.area}</td>
                  <td className="nowrap">{[t.internal && s.reports.internal, t.external && s.reports.external].filter(Boolean).join(' / ')}</td>
                  <td>{t.beneficiaries.join('; ')}</td>
                  <td>{t.periodicityLabel}</td>
                  <td className="nowrap">{t.formats.map((f) => f.toUpperCase()).join(', ')}</td>
                  <td>
                    {t.built ? (
                      <div className="row-actions-inner">
                        <span className="badge badge-ok">{s.reports.available}</span>
                        {canGenerate && t.allowed !== false && (
                          <button
                            type="button"
                            className="button small"
                            onClick={() => setChosen(t.code)}
                            aria-label={`${s.reports.generate}: ${t.name}`}
                          >
                            {s.reports.generate}
                          </button>
                        )}
                      </div>
                    ) : (
                      <span className="badge badge-muted">{s.reports.notAvailable}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    {t.lastProduct ? (
                      <Link to={`/reportes?producto=${t.lastProduct.id}`}>
                        {t.lastProduct.period} · v{t.lastProduct.version}
                      </Link>
                    ) : (
                      <span className="muted">{s.reports.none}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function LinkedProduct({ id }: { id: number }) {
  const product = useApi<ProductInfo>(`/api/products/${id}`);
  if (product.error) return <Message kind="error">{product.error.message}</Message>;
  if (!product.data) return null;
  return (
    <section className="panel" aria-labelledby="linked-product-title">
      <h2 id="linked-product-title">
        {product.data.reportName} · {product.data.period} · {s.reports.version} {product.data.version}
      </h2>
      <ProductSummary product={product.data} />
    </section>
  );
}

function ProductSummary({ product }: { product: ProductInfo }) {
  return (
    <>
      <p className="muted small">
        {s.reports.generatedAt}: {fmtDateTime(product.generatedAt)} · {s.reports.product} {product.id}
        {product.replacesId ? ` · ${s.reports.replaces(product.replacesId)}` : ''}
      </p>
      <ProductDownloads product={product} />
      <ul className="hint">
        {product.files.map((f) => (
          <li key={f.format}>
            <code title={f.sha256}>
              {f.fileName} · {s.reports.sha256} {shortSha(f.sha256)}
            </code>
          </li>
        ))}
      </ul>
    </>
  );
}

function GenerateForm({ type, onClose, onDone }: { type: ReportTypeInfo; onClose(): void; onDone(): void }) {
  const kinds = type.periodKinds.length > 0 ? type.periodKinds : (['month'] as Kind[]);
  const preferred: Kind = type.periodicity === 'quarterly' ? 'quarter' : type.periodicity === 'half_yearly' ? 'half' : 'month';
  const [kind, setKind] = useState<Kind>(kinds.includes(preferred) ? preferred : kinds[0]!);
  const initial = lastClosed(kind);
  const [year, setYear] = useState(initial.year);
  const [index, setIndex] = useState(initial.index);
  const [cnie, setCnie] = useState<'3' | '2'>('3');
  const [center, setCenter] = useState('');
  const [group, setGroup] = useState('');
  const [channel, setChannel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const centers = useCenters();
  const wantsGroup = type.paramKeys.includes('group');
  const groups = useApi<MunicipalityGroup[]>(wantsGroup ? '/api/reference/groups' : null);
  const thisYear = Number(todayLocal().slice(0, 4));
  const years = useMemo(() => Array.from({ length: 6 }, (_, i) => thisYear - i), [thisYear]);

  const changeKind = (k: Kind) => {
    setKind(k);
    const p = lastClosed(k);
    setYear(p.year);
    setIndex(p.index);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const params: Record<string, string> = {};
    if (center) params.center = center;
    if (group) params.group = group;
    if (channel) params.channel = channel;
    try {
      const res = await api<{ jobId: number }>('/api/reports/generate', {
        method: 'POST',
        body: { type: type.code, period: periodKey(kind, year, index), params, cnieVersion: cnie },
      });
      setJobId(res.jobId);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  const positions =
    kind === 'month' ? s.reports.months : kind === 'quarter' ? s.reports.quarters : kind === 'half' ? s.reports.halves : [];

  return (
    <section className="panel" aria-labelledby="generate-title" data-testid="generate-panel">
      <h2 id="generate-title">{s.reports.generateTitle(type.name)}</h2>
      {jobId !== null ? (
        <JobProgress id={jobId} onDone={onDone} onNew={() => setJobId(null)} onClose={onClose} />
      ) : (
        <form onSubmit={submit}>
          {error && <Message kind="error">{error}</Message>}
          <div className="form-grid">
            {kinds.length > 1 && (
              <div className="field">
                <label htmlFor="gen-kind">{s.reports.periodKind}</label>
                <select id="gen-kind" value={kind} onChange={(e) => changeKind(e.target.value as Kind)}>
                  {kinds.map((k) => (
                    <option key={k} value={k}>
                      {s.reports.kinds[k]}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="gen-year">{s.reports.year}</label>
              <select id="gen-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            {positions.length > 0 && (
              <div className="field">
                <label htmlFor="gen-index">{s.reports.kinds[kind]}</label>
                <select id="gen-index" value={index} onChange={(e) => setIndex(Number(e.target.value))}>
                  {positions.map((label, i) => (
                    <option key={label} value={i + 1}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="gen-cnie">{s.reports.cnieVersion}</label>
              <select id="gen-cnie" value={cnie} onChange={(e) => setCnie(e.target.value as '3' | '2')}>
                <option value="3">{s.reports.cnie3}</option>
                <option value="2">{s.reports.cnie2}</option>
              </select>
            </div>
            {type.paramKeys.includes('center') && (
              <div className="field">
                <label htmlFor="gen-center">{s.reports.center}</label>
                <select id="gen-center" value={center} onChange={(e) => setCenter(e.target.value)}>
                  <option value="">{s.reports.allCenters}</option>
                  {(centers.data ?? []).map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {type.paramKeys.includes('channel') && (
              <div className="field">
                <label htmlFor="gen-channel">{s.reports.channel}</label>
                <select id="gen-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
                  <option value="">{s.reports.allChannels}</option>
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {CHANNEL_LABELS[c]}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {wantsGroup && (
              <div className="field">
                <label htmlFor="gen-group">{s.reports.group}</label>
                <select id="gen-group" value={group} onChange={(e) => setGroup(e.target.value)}>
                  <option value="">{s.reports.defaultGroup}</option>
                  {(groups.data ?? []).map((g) => (
                    <option key={g.id} value={g.slug}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {s.reports.submit}
            </button>
            <button type="button" className="button" onClick={onClose}>
              {s.reports.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function JobProgress({ id, onDone, onNew, onClose }: { id: number; onDone(): void; onNew(): void; onClose(): void }) {
  const [job, setJob] = useState<JobInfo | null>(null);
  const [product, setProduct] = useState<ProductInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const j = await api<JobInfo>(`/api/jobs/${id}`);
        if (!alive) return;
        setJob(j);
        setError(null);
        if (j.status === 'done' && j.productId) {
          const p = await api<ProductInfo>(`/api/products/${j.productId}`);
          if (alive) setProduct(p);
          doneRef.current();
          window.dispatchEvent(new Event(NOTIFICATIONS_EVENT));
        } else if (j.status === 'failed') {
          window.dispatchEvent(new Event(NOTIFICATIONS_EVENT));
        } else {
          timer = window.setTimeout(poll, 1000);
        }
      } catch (err) {
        if (!alive) return;
        setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
        timer = window.setTimeout(poll, 2000);
      }
    };
    void poll();
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [id]);

  const finished = job?.status === 'done' || job?.status === 'failed';
  return (
    <div data-testid="generation-progress" aria-busy={!finished}>
      {error && <Message kind="error">{error}</Message>}
      {job && !finished && (
        <div className="progress-block">
          <label htmlFor="gen-progress">{job.status === 'queued' ? s.reports.queued : s.reports.running}</label>
          <progress id="gen-progress" />
          {job.attempts > 0 && job.lastError && <span className="muted">{s.reports.retrying(job.attempts, job.maxAttempts)}</span>}
        </div>
      )}
      {job?.status === 'failed' && (
        <Message kind="error">
          {s.reports.failed} {job.lastError}
        </Message>
      )}
      {product && (
        <>
          <Message kind="success">{s.reports.ready}</Message>
          <p>
            <strong>
              {product.period} · {s.reports.version} {product.version}
            </strong>
          </p>
          <ProductSummary product={product} />
        </>
      )}
      {finished && (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={onNew}>
            {s.reports.generateAgain}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {s.reports.cancel}
          </button>
        </div>
      )}
    </div>
  );
}
