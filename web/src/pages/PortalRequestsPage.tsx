// Analytic requests from the portal: file one, follow each step of its handling, withdraw it.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { s } from '../strings.ts';
import type { AnalyticRequestDetail, AnalyticRequestInfo } from '../types.ts';
import { messageOf } from './DistributionParts.tsx';
import { RequestFields, RequestTable, RequestTrail } from './RequestsPage.tsx';

const t = s.distribution.portal;

export function PortalRequestsPage() {
  const [params] = useSearchParams();
  const id = Number(params.get('id'));
  const list = useApi<{ requests: AnalyticRequestInfo[] }>(id > 0 ? null : '/api/portal/requests');
  const [f, setF] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const set = (k: string) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  if (id > 0) return <PortalRequest key={id} id={id} />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    try {
      const r = await api<{ request: AnalyticRequestDetail }>('/api/portal/requests', { method: 'POST', body: { ...f, neededBy: f.neededBy || null } });
      setNotice({ kind: 'success', text: t.submitted(r.request.number) });
      setF({});
      list.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: messageOf(err) });
    }
  };
  return (
    <div className="page">
      <h1>{t.requestsTitle}</h1>
      <p className="muted">{t.requestsIntro}</p>
      {notice && <Message kind={notice.kind}>{notice.text}</Message>}
      <form className="panel" onSubmit={submit} aria-labelledby="new-request-title">
        <h2 id="new-request-title">{t.newRequest}</h2>
        <RequestFields f={f} set={set} />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t.submit}
          </button>
        </div>
      </form>
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.requests.length > 0 && <RequestTable rows={list.data.requests} linkBase="/portal/solicitudes?id=" />}
    </div>
  );
}

function PortalRequest({ id }: { id: number }) {
  const data = useApi<{ request: AnalyticRequestDetail }>(`/api/portal/requests/${id}`);
  const [error, setError] = useState<string | null>(null);
  const r = data.data?.request;
  const withdraw = async () => {
    if (!window.confirm(t.withdrawConfirm)) return;
    try {
      await api(`/api/portal/requests/${id}/withdraw`, { method: 'POST', body: {} });
      data.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="page">
      <p>
        <Link to="/portal/solicitudes">{s.distribution.common.back}</Link>
      </p>
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {error && <Message kind="error">{error}</Message>}
      {r && (
        <>
          <h1>{`${r.number} · ${r.subject}`}</h1>
          <p>
            <span className="badge badge-info">{r.status_label}</span>
          </p>
          <section className="panel">
            <p style={{ whiteSpace: 'pre-wrap' }}>{r.description}</p>
            <h2>{s.distribution.requests.history}</h2>
            <RequestTrail r={r} />
            {r.actions.includes('withdraw') && (
              <div className="actions">
                <button type="button" className="button button-danger" onClick={withdraw}>
                  {t.withdraw}
                </button>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
