// The notifications indicator of the header: how many unread notices the user has (a generation is ready or
// failed), and their list, unread first. Checks every 30 seconds.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { NotificationInfo } from '../types.ts';

/** Fired by a page that knows a notice may have arrived (a generation it follows just ended). */
export const NOTIFICATIONS_EVENT = 'atalaya:notifications';

export function ReportsNotifications() {
  const [data, setData] = useState<{ unread: number; notifications: NotificationInfo[] } | null>(null);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setData(await api<{ unread: number; notifications: NotificationInfo[] }>('/api/notifications', { query: { limit: 20 } }));
    } catch {
      // The indicator is secondary: a failed check waits for the next one.
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 30_000);
    let soon: number | undefined;
    const refresh = () => {
      void load();
      window.clearTimeout(soon);
      soon = window.setTimeout(() => void load(), 1500);
    };
    window.addEventListener(NOTIFICATIONS_EVENT, refresh);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(soon);
      window.removeEventListener(NOTIFICATIONS_EVENT, refresh);
    };
  }, [load]);

  useEffect(() => {
    if (!open) return;
    void load();
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open, load]);

  const markRead = async (n: NotificationInfo) => {
    if (n.read_at) return;
    try {
      await api(`/api/notifications/${n.id}/read`, { method: 'POST' });
    } finally {
      void load();
    }
  };

  const unread = data?.unread ?? 0;
  return (
    <div ref={box} style={{ position: 'relative' }}>
      <button
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((v) => !v)}
        data-testid="notifications-button"
        title={s.reports.notificationsCount(unread)}
      >
        {s.reports.notifications}
        {unread > 0 && (
          <span className="badge badge-warn" data-testid="notifications-unread" aria-label={s.reports.notificationsCount(unread)}>
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div
          className="panel"
          role="region"
          aria-label={s.reports.notifications}
          data-testid="notifications-list"
          style={{ position: 'absolute', right: 0, top: '100%', zIndex: 30, width: 380, color: 'var(--ink)', maxHeight: 420, overflowY: 'auto' }}
        >
          {data && data.notifications.length === 0 && <p className="empty">{s.reports.notificationsEmpty}</p>}
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {data?.notifications.map((n) => (
              <li key={n.id} style={{ padding: '0.45rem 0', borderBottom: '1px solid var(--line-soft)', fontWeight: n.read_at ? 400 : 600 }}>
                <div>{n.text}</div>
                <div className="hint">
                  {fmtDateTime(n.created_at)}
                  {n.link && (
                    <>
                      {' · '}
                      <Link to={n.link} onClick={() => { void markRead(n); setOpen(false); }}>
                        {s.reports.open}
                      </Link>
                    </>
                  )}
                  {!n.read_at && (
                    <>
                      {' · '}
                      <button type="button" className="link-button" onClick={() => void markRead(n)}>
                        {s.reports.markRead}
                      </button>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
