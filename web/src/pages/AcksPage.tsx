// Pending acknowledgments: what was issued and the agency has not acknowledged yet, oldest first.
import { useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { s } from '../strings.ts';
import type { DispatchSummaryInfo } from '../types.ts';
import { DispatchTable } from './DispatchesPage.tsx';

export function AcksPage() {
  const list = useApi<{ dispatches: DispatchSummaryInfo[] }>('/api/distribution/pending-acknowledgments');
  return (
    <div className="page">
      <h1>{s.distribution.acks.title}</h1>
      <p className="muted">{s.distribution.acks.intro}</p>
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.dispatches.length === 0 && <p className="empty">{s.distribution.acks.empty}</p>}
      {list.data && list.data.dispatches.length > 0 && <DispatchTable rows={list.data.dispatches} age />}
    </div>
  );
}
