// Public and social-media releases: the list (filter by state), one release (?id=N) with its route, content, actions,
// versions and history, and the editor for a new one (?nuevo=1). Notifications and the queue link to ?id=N.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApi, withQuery } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { ReleaseState, ReleaseSummary } from '../types.ts';
import { ReleaseDetailView, StateBadge } from './ReleaseDetail.tsx';
import { ReleaseEditor } from './ReleaseEditor.tsx';

const STATES: ReleaseState[] = ['draft', 'returned', 'validation', 'legal_review', 'dg_approval', 'approved', 'published', 'withdrawn'];

export function ReleasesPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const id = Number(params.get('id'));
  if (Number.isInteger(id) && id > 0) return <ReleaseDetailView key={id} id={id} />;
  if (params.get('nuevo')) {
    return (
      <div className="page">
        <p>
          <Link to="/comunicados">{s.releases.back}</Link>
        </p>
        <h1>{s.releases.editorNew}</h1>
        <ReleaseEditor onSaved={(saved) => navigate(`/comunicados?id=${saved}`)} onCancel={() => navigate('/comunicados')} />
      </div>
    );
  }
  return <ReleasesList />;
}

function ReleasesList() {
  const auth = useAuth();
  const [state, setState] = useState('');
  const list = useApi<{ releases: ReleaseSummary[] }>(withQuery('/api/releases', { state }));

  return (
    <div className="page">
      <h1>{s.releases.title}</h1>
      <p className="muted">{s.releases.intro}</p>
      <div className="filters">
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="rel-state">{s.releases.filterState}</label>
            <select id="rel-state" value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">{s.releases.allStates}</option>
              {STATES.map((st) => (
                <option key={st} value={st}>
                  {s.releases.states[st]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {auth.can('releases.draft') && (
          <div className="actions">
            <Link className="button button-primary" to="/comunicados?nuevo=1">
              {s.releases.newRelease}
            </Link>
          </div>
        )}
      </div>
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.releases.length === 0 && <p className="empty">{s.releases.listEmpty}</p>}
      {list.data && list.data.releases.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="releases-table">
            <caption className="visually-hidden">{s.releases.listCaption}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{s.releases.number}</th>
                <th scope="col">{s.releases.releaseTitle}</th>
                <th scope="col">{s.releases.state}</th>
                <th scope="col">{s.releases.waitingFor}</th>
                <th scope="col">{s.releases.targets}</th>
                <th scope="col" className="num">{s.releases.version}</th>
                <th scope="col">{s.releases.updated}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.releases.map((r) => (
                <tr key={r.id} data-testid={`release-${r.id}`}>
                  <td className="num">{r.id}</td>
                  <td>
                    <Link to={`/comunicados?id=${r.id}`}>{r.title}</Link>
                    {r.exception && <span className="tag">{s.releases.exceptionTag}</span>}
                  </td>
                  <td>
                    <StateBadge state={r.state} />
                  </td>
                  <td>{r.awaitedParty ?? s.app.dash}</td>
                  <td>{r.targets.join('; ')}</td>
                  <td className="num">{r.currentVersion}</td>
                  <td className="nowrap">{fmtDateTime(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
