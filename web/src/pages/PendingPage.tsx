// "Mis pendientes": one list of what waits for the logged-in person's action, oldest first, with how long each item
// has waited. Refreshes every minute, when the window regains focus and when its menu link is followed again (a new
// item also arrives as a notice in the header).
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtDuration } from '../format.ts';
import { s } from '../strings.ts';
import type { QueueItem } from '../types.ts';

const OLD_MS = 2 * 24 * 3_600_000;

export function PendingPage() {
  const queue = useApi<{ items: QueueItem[] }>('/api/releases/queue');
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
      <h1>{s.releases.pendingTitle}</h1>
      <p className="muted">{s.releases.pendingIntro}</p>
      {queue.error && <Message kind="error">{queue.error.message}</Message>}
      {queue.data && queue.data.items.length === 0 && <p className="empty">{s.releases.pendingEmpty}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="pending-table">
            <caption className="visually-hidden">{s.releases.pendingCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.releases.what}</th>
                <th scope="col">{s.releases.arrived}</th>
                <th scope="col">{s.releases.waiting}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((item) => {
                const since = new Date(item.waitingSince).getTime();
                const old = now.getTime() - since > OLD_MS;
                // A clock a few seconds behind the server's must not show a negative age.
                const until = new Date(Math.max(now.getTime(), since)).toISOString();
                return (
                  <tr key={`${item.kind}-${item.id}`} data-testid={`pending-${item.kind}-${item.id}`}>
                    <td>
                      <Link to={item.link}>{item.title}</Link>
                    </td>
                    <td className="nowrap">{fmtDateTime(item.waitingSince)}</td>
                    <td className="nowrap">
                      {fmtDuration(item.waitingSince, until)}
                      {old && <span className="badge badge-warn" style={{ marginLeft: '0.4rem' }}>{s.releases.oldBadge}</span>}
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
