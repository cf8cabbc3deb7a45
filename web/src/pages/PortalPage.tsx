// The recipients' portal: what the center sent to the user's agency, with its files (each download recorded) and
// the acknowledgment of receipt.
import { useState } from 'react';
import { api, useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { PortalItemInfo } from '../types.ts';
import { messageOf, shortHash } from './DistributionParts.tsx';
import { fmtBytes } from '../format.ts';
import { NOTIFICATIONS_EVENT } from './ReportsNotifications.tsx';

const t = s.distribution.portal;

export function usePortalAgency() {
  return useApi<{ agency: { id: number; name: string; short_name: string } }>('/api/portal/me', { cached: true });
}

export function PortalPage() {
  const agency = usePortalAgency();
  const items = useApi<{ items: PortalItemInfo[]; hidden: number }>('/api/portal/items');
  const [error, setError] = useState<string | null>(null);
  const acknowledge = async (id: number) => {
    setError(null);
    try {
      await api(`/api/portal/items/${id}/acknowledge`, { method: 'POST' });
      items.reload();
      window.dispatchEvent(new Event(NOTIFICATIONS_EVENT));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="page">
      <h1>{t.title}</h1>
      {agency.data && <p className="brand-agency" data-testid="portal-agency"><strong>{agency.data.agency.name}</strong></p>}
      {agency.error && <Message kind="error">{agency.error.message}</Message>}
      <p className="muted">{t.intro}</p>
      {error && <Message kind="error">{error}</Message>}
      {items.error && !agency.error && <Message kind="error">{items.error.message}</Message>}
      {items.data && items.data.hidden > 0 && <p className="notice">{t.hidden(items.data.hidden)}</p>}
      {items.data && items.data.items.length === 0 && <p className="empty">{t.empty}</p>}
      {items.data?.items.map((i) => (
        <article key={i.id} className="panel" data-testid={`portal-item-${i.id}`}>
          <h2 style={{ marginTop: 0 }}>
            {i.folio} · {i.subject}
          </h2>
          <p className="small">
            {`${i.channel_label} · ${t.sent} ${fmtDateTime(i.sent_at)} · ${i.report_name} (${i.period_key})`}{' '}
            <span className={`badge ${i.status === 'acknowledged' ? 'badge-ok' : 'badge-warn'}`}>{i.status_label}</span>
          </p>
          <div style={{ whiteSpace: 'pre-wrap' }} className="small">
            {i.body}
          </div>
          {i.electronic ? (
            <>
              <h3>{t.files}</h3>
              <ul className="chips">
                {i.files.map((f) => (
                  <li key={f.name} className="chip">
                    <a href={`/api/portal/items/${i.id}/files/${encodeURIComponent(f.name)}`} download={f.name} title={`${s.distribution.common.sha} ${f.sha256}`}>
                      {f.name}
                    </a>
                    <span className="muted small">{`${fmtBytes(f.size)} · ${shortHash(f.sha256)}`}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="hint">{t.physical(i.channel_label)}</p>
          )}
          {i.status === 'acknowledged' ? (
            <p className="small" data-testid="acknowledged">
              {t.acknowledged(fmtDateTime(i.received_at), i.received_by ?? '')}
            </p>
          ) : (
            i.electronic && (
              <div className="actions">
                <button type="button" className="button button-primary" onClick={() => acknowledge(i.id)}>
                  {t.acknowledge}
                </button>
              </div>
            )
          )}
        </article>
      ))}
    </div>
  );
}
