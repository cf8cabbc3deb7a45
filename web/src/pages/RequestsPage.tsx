// Analytic requests of public and private bodies at the center: the list, registering one received on paper, and
// one request with its trail and the steps the person can take (accept and assign, start, reject, prepare the
// dispatch that delivers it).
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtLocalDate } from '../format.ts';
import { s } from '../strings.ts';
import type { AgencyRow, AnalyticRequestDetail, AnalyticRequestInfo } from '../types.ts';
import { areaName, messageOf, useDistributionCatalog } from './DistributionParts.tsx';

const t = s.distribution.requests;

export function RequestsPage() {
  const [params] = useSearchParams();
  const id = Number(params.get('id'));
  return id > 0 ? <RequestDetailPage key={id} id={id} /> : <RequestList />;
}

export function RequestTable({ rows, linkBase }: { rows: AnalyticRequestInfo[]; linkBase: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="requests">
        <thead>
          <tr>
            <th scope="col">{t.number}</th>
            <th scope="col">{t.agency}</th>
            <th scope="col">{t.subject}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.filed}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="nowrap">
                <Link to={`${linkBase}${r.id}`}>{r.number}</Link>
              </th>
              <td>{r.agency_name}</td>
              <td className="prose">{r.subject}</td>
              <td>
                <span className="badge badge-info">{r.status_label}</span>
              </td>
              <td className="nowrap">{fmtDateTime(r.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RequestList() {
  const auth = useAuth();
  const list = useApi<{ requests: AnalyticRequestInfo[] }>('/api/requests');
  const [open, setOpen] = useState(false);
  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {auth.can('distribution.prepare') &&
        (open ? (
          <IntakeForm onDone={() => { setOpen(false); list.reload(); }} onCancel={() => setOpen(false)} />
        ) : (
          <p>
            <button type="button" className="button" onClick={() => setOpen(true)}>
              {t.new}
            </button>
          </p>
        ))}
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.requests.length === 0 && <p className="empty">{t.empty}</p>}
      {list.data && list.data.requests.length > 0 && <RequestTable rows={list.data.requests} linkBase="/solicitudes?id=" />}
    </div>
  );
}

export function RequestFields({ f, set }: { f: Record<string, string>; set(k: string): (e: { target: { value: string } }) => void }) {
  return (
    <>
      <div className="field">
        <label htmlFor="rq-subject">{t.subject}</label>
        <input id="rq-subject" required maxLength={300} value={f.subject ?? ''} onChange={set('subject')} />
      </div>
      <div className="field">
        <label htmlFor="rq-description">{t.description}</label>
        <textarea id="rq-description" required rows={4} maxLength={5000} value={f.description ?? ''} onChange={set('description')} />
      </div>
      <div className="field">
        <label htmlFor="rq-purpose">{t.purpose}</label>
        <textarea id="rq-purpose" required rows={2} maxLength={2000} value={f.purpose ?? ''} onChange={set('purpose')} />
      </div>
      <div className="field">
        <label htmlFor="rq-needed">{t.neededBy}</label>
        <input id="rq-needed" type="date" value={f.neededBy ?? ''} onChange={set('neededBy')} />
      </div>
    </>
  );
}

function IntakeForm({ onDone, onCancel }: { onDone(): void; onCancel(): void }) {
  const agencies = useApi<{ agencies: AgencyRow[] }>('/api/agencies');
  const [f, setF] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const set = (k: string) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/requests', { method: 'POST', body: { ...f, agencyId: Number(f.agencyId), neededBy: f.neededBy || null } });
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="intake-title">
      <h2 id="intake-title">{t.new}</h2>
      {error && <Message kind="error">{error}</Message>}
      <div className="field">
        <label htmlFor="rq-agency">{t.agency}</label>
        <select id="rq-agency" required value={f.agencyId ?? ''} onChange={set('agencyId')}>
          <option value="">{s.distribution.dispatches.chooseAgency}</option>
          {agencies.data?.agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rq-requester">{t.requester}</label>
        <input id="rq-requester" required value={f.requesterName ?? ''} onChange={set('requesterName')} />
      </div>
      <RequestFields f={f} set={set} />
      <div className="actions">
        <button type="submit" className="button button-primary">
          {s.distribution.common.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {s.distribution.common.cancel}
        </button>
      </div>
    </form>
  );
}

export function RequestTrail({ r }: { r: AnalyticRequestDetail }) {
  return (
    <ol data-testid="request-trail">
      {r.events.map((e, i) => (
        <li key={i}>
          <strong>{t.actions[e.action] ?? e.action}</strong>
          {` · ${fmtDateTime(e.at)} · ${e.actor_name}`}
          {e.comment && <div className="hint">{e.comment}</div>}
        </li>
      ))}
    </ol>
  );
}

function RequestDetailPage({ id }: { id: number }) {
  const auth = useAuth();
  const catalog = useDistributionCatalog();
  const data = useApi<{ request: AnalyticRequestDetail }>(`/api/requests/${id}`);
  const [area, setArea] = useState('');
  const [error, setError] = useState<string | null>(null);
  const r = data.data?.request;
  const step = async (action: 'accept' | 'start' | 'reject') => {
    setError(null);
    let comment: string | undefined;
    if (action === 'reject') {
      comment = window.prompt(t.rejectPrompt) ?? undefined;
      if (!comment) return;
    }
    try {
      await api(`/api/requests/${id}/actions/${action}`, { method: 'POST', body: { comment, ...(action === 'accept' ? { area } : {}) } });
      data.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="page">
      <p>
        <Link to="/solicitudes">{s.distribution.common.back}</Link>
      </p>
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {error && <Message kind="error">{error}</Message>}
      {r && (
        <>
          <h1>{`${r.number} · ${r.subject}`}</h1>
          <p>
            <span className="badge badge-info">{r.status_label}</span> {r.agency_name} · {r.requester_name}
          </p>
          <section className="panel">
            <h2>{t.description}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{r.description}</p>
            <h3>{t.purpose}</h3>
            <p style={{ whiteSpace: 'pre-wrap' }}>{r.purpose}</p>
            {r.needed_by && <p className="small">{`${t.neededBy}: ${fmtLocalDate(r.needed_by)}`}</p>}
            <p className="small">{`${t.area}: ${areaName(catalog, r.assigned_area)}`}</p>
          </section>
          <section className="panel">
            <h2>{t.history}</h2>
            <RequestTrail r={r} />
            {r.dispatches.length > 0 && (
              <>
                <h3>{t.dispatches}</h3>
                <ul>
                  {r.dispatches.map((d) => (
                    <li key={d.id}>
                      <Link to={`/envios?id=${d.id}`}>{d.folio ?? `${s.distribution.dispatches.id} ${d.id}`}</Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="actions">
              {r.actions.includes('accept') && (
                <>
                  <label htmlFor="rq-area" className="visually-hidden">
                    {t.chooseArea}
                  </label>
                  <select id="rq-area" value={area} onChange={(e) => setArea(e.target.value)}>
                    <option value="">{t.chooseArea}</option>
                    {catalog?.areas.map((a) => (
                      <option key={a.code} value={a.code}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="button button-primary" disabled={!area} onClick={() => step('accept')}>
                    {t.accept}
                  </button>
                </>
              )}
              {r.actions.includes('start') && (
                <button type="button" className="button" onClick={() => step('start')}>
                  {t.start}
                </button>
              )}
              {(r.status === 'accepted' || r.status === 'in_progress') && auth.can('distribution.prepare') && (
                <Link className="button" to={`/envios?nuevo=1&solicitud=${r.id}&dependencia=${r.agency_id}`}>
                  {t.prepare}
                </Link>
              )}
              {r.actions.includes('reject') && (
                <button type="button" className="button button-danger" onClick={() => step('reject')}>
                  {t.reject}
                </button>
              )}
            </div>
          </section>
        </>
      )}
    </div>
  );
}
