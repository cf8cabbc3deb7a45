// "Mis pendientes": one list of what waits for the logged-in person's action (dispatches, requests, agreements,
// releases — every domain's queue source, /api/queue), oldest first, with how long each item has waited. Refreshes every minute, when the window regains focus and when its menu link is followed again (a new
// item also arrives as a notice in the header).
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtDuration } from '../format.ts';
import { s } from '../strings.ts';
import type { QueueItemInfo } from '../types.ts';

const t = s.distribution.queue;

const OLD_MS = 2 * 24 * 3_600_000;

export function PendingPage() {
  const queue = useApi<{ items: QueueItemInfo[] }>('/api/queue');
  const [now, setNow] = useState(() => new Date());
  const { reload } = queue;
  const location = useLocation();
  const firstVisit = useRef(location.key);

  useEffect(() => {
    const refresh = () => {
      setNow(new Date());
      reload();
    };
    const timer = window.setInterval(refresh, 60_000);
    window.addEventListener('focus', refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [reload]);

  useEffect(() => {
    if (location.key === firstVisit.current) return;
    setNow(new Date());
    reload();
  }, [location.key, reload]);

  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {queue.error && <Message kind="error">{queue.error.message}</Message>}
      {queue.data && queue.data.items.length === 0 && <p className="empty">{t.empty}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="queue">
            <caption className="visually-hidden">{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.what}</th>
                <th scope="col">{t.since}</th>
                <th scope="col">{t.age}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((item, n) => {
                const since = new Date(item.since).getTime();
                const old = now.getTime() - since > OLD_MS;
                // A clock a few seconds behind the server's must not show a negative age.
                const until = new Date(Math.max(now.getTime(), since)).toISOString();
                return (
                  <tr key={n}>
                    <td>
                      <span className="badge badge-info">{t.kinds[item.kind] ?? item.kind}</span> <Link to={item.link}>{item.title}</Link>
                      {item.detail && <div className="hint">{item.detail}</div>}
                    </td>
                    <td className="nowrap">{fmtDateTime(item.since)}</td>
                    <td className="nowrap">
                      {fmtDuration(item.since, until)}
                      {old && <span className="badge badge-warn" style={{ marginLeft: '0.4rem' }}>{t.oldBadge}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
