// The center's official social-network accounts: the only ones a release may target. The administrator registers
// and deactivates them; the people of the workflow see the list.
import { useState, type FormEvent } from 'react';
import { ApiError, api, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { NetworkInfo, OfficialAccount } from '../types.ts';

type Notice = { kind: 'success' | 'error'; text: string } | null;

export function ReleaseAccountsPage() {
  const auth = useAuth();
  const manage = auth.can('releases.accounts');
  const list = useApi<{ accounts: OfficialAccount[]; networks: NetworkInfo[] }>(`/api/releases/accounts${manage ? '?all=true' : ''}`);
  const [notice, setNotice] = useState<Notice>(null);

  const deactivate = async (a: OfficialAccount) => {
    if (!window.confirm(s.releases.deactivateConfirm(a.handle))) return;
    try {
      await api(`/api/releases/accounts/${a.id}/deactivate`, { method: 'POST' });
      list.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
    }
  };

  return (
    <div className="page">
      <h1>{s.releases.accountsTitle}</h1>
      <p className="muted">{s.releases.accountsIntro}</p>
      {notice && <Message kind={notice.kind}>{notice.text}</Message>}
      {manage && list.data && (
        <RegisterAccount
          networks={list.data.networks}
          onDone={(text) => {
            setNotice({ kind: 'success', text });
            list.reload();
          }}
        />
      )}
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.accounts.length === 0 && <p className="empty">{s.releases.accountsEmpty}</p>}
      {list.data && list.data.accounts.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="accounts-table">
            <caption className="visually-hidden">{s.releases.accountsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.releases.network}</th>
                <th scope="col">{s.releases.accountName}</th>
                <th scope="col">{s.releases.handle}</th>
                <th scope="col">{s.releases.address}</th>
                <th scope="col">{s.releases.accountStatus}</th>
                {manage && <th scope="col">{s.users.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.accounts.map((a) => (
                <tr key={a.id} className={a.active ? undefined : 'inactive'}>
                  <td>{a.networkLabel}</td>
                  <td>{a.name}</td>
                  <td className="code">{a.handle}</td>
                  <td>
                    <a href={a.url} target="_blank" rel="noreferrer noopener">
                      {a.url}
                    </a>
                  </td>
                  <td>
                    {a.active ? (
                      <span className="badge badge-ok">{s.releases.active}</span>
                    ) : (
                      <span className="badge badge-muted" title={fmtDateTime(a.deactivatedAt)}>
                        {s.releases.inactive}
                      </span>
                    )}
                  </td>
                  {manage && (
                    <td>
                      {a.active && (
                        <button type="button" className="button small button-danger" onClick={() => void deactivate(a)}>
                          {s.releases.deactivate}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function RegisterAccount({ networks, onDone }: { networks: NetworkInfo[]; onDone: (text: string) => void }) {
  const [network, setNetwork] = useState(networks[0]?.code ?? 'x');
  const [name, setName] = useState('');
  const [handle, setHandle] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      const r = await api<{ account: OfficialAccount }>('/api/releases/accounts', { method: 'POST', body: { network, name, handle, url } });
      setName('');
      setHandle('');
      setUrl('');
      onDone(s.releases.registered(r.account.handle));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="register-title">
      <h2 id="register-title">{s.releases.register}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="acc-network">{s.releases.network}</label>
          <select id="acc-network" value={network} onChange={(e) => setNetwork(e.target.value)}>
            {networks.map((n) => (
              <option key={n.code} value={n.code}>
                {n.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="acc-name">{s.releases.accountName}</label>
          <input id="acc-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="acc-handle">{s.releases.handle}</label>
          <input id="acc-handle" required value={handle} onChange={(e) => setHandle(e.target.value)} placeholder="@" />
        </div>
        <div className="field">
          <label htmlFor="acc-url">{s.releases.address}</label>
          <input id="acc-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
        </div>
      </div>
      {error && <Message kind="error">{error}</Message>}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {s.releases.register}
        </button>
      </div>
    </form>
  );
}
