// One obvious queue per person: everything waiting for the user, oldest first, with its age and where to handle it.
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { QueueItemInfo } from '../types.ts';

const t = s.distribution.queue;

export function QueuePage() {
  const queue = useApi<{ items: QueueItemInfo[] }>('/api/queue');
  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {queue.error && <Message kind="error">{queue.error.message}</Message>}
      {queue.data && queue.data.items.length === 0 && <p className="empty">{t.empty}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="queue">
            <thead>
              <tr>
                <th scope="col">{t.what}</th>
                <th scope="col">{t.since}</th>
                <th scope="col" className="num">{t.age}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((i, n) => (
                <tr key={n}>
                  <td>
                    <span className="badge badge-info">{t.kinds[i.kind] ?? i.kind}</span> <Link to={i.link}>{i.title}</Link>
                    {i.detail && <div className="hint">{i.detail}</div>}
                  </td>
                  <td className="nowrap">{fmtDateTime(i.since)}</td>
                  <td className="num nowrap">{s.distribution.common.days(i.ageDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
