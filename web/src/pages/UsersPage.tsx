// User administration: list, create (with a generated temporary password shown once), disable, reset password.
import { useState, type FormEvent } from 'react';
import { ApiError, api, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { AccessCatalog, ManagedUser } from '../types.ts';

type Notice = { kind: 'success' | 'error'; text: string; password?: string; forUser?: string };

export function UsersPage() {
  const auth = useAuth();
  const users = useApi<{ users: ManagedUser[] }>('/api/users');
  const catalog = useApi<AccessCatalog>('/api/access/catalog', { cached: true });
  const [notice, setNotice] = useState<Notice | null>(null);
  const areaName = (code: string) => catalog.data?.areas.find((a) => a.code === code)?.name ?? code;
  const roleName = (code: string) => catalog.data?.roles.find((r) => r.code === code)?.name ?? code;

  const act = async (u: ManagedUser, action: 'disable' | 'reset') => {
    const question = action === 'disable' ? s.users.disableConfirm(u.username) : s.users.resetConfirm(u.username);
    if (!window.confirm(question)) return;
    setNotice(null);
    try {
      if (action === 'disable') {
        await api(`/api/users/${u.id}/disable`, { method: 'POST' });
        setNotice({ kind: 'success', text: s.users.disableDone(u.username) });
      } else {
        const r = await api<{ generatedPassword?: string }>(`/api/users/${u.id}/reset-password`, { method: 'POST', body: {} });
        setNotice({ kind: 'success', text: s.users.resetDone(u.username), password: r.generatedPassword, forUser: u.username });
      }
      users.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
    }
  };

  return (
    <div className="page">
      <h1>{s.users.title}</h1>
      <p className="muted">{s.users.intro}</p>
      {notice && (
        <Message kind={notice.kind}>
          <p>{notice.text}</p>
          {notice.password && <PasswordOnce password={notice.password} />}
        </Message>
      )}
      <CreateUser
        catalog={catalog.data}
        onCreated={(username, password) => {
          setNotice({ kind: 'success', text: s.users.created(username), password, forUser: username });
          users.reload();
        }}
      />
      {users.error && <Message kind="error">{users.error.message}</Message>}
      {users.data && (
        <div className="table-scroll">
          <table className="data-table" data-testid="users-table">
            <caption className="visually-hidden">{s.users.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.users.username}</th>
                <th scope="col">{s.users.displayName}</th>
                <th scope="col">{s.users.area}</th>
                <th scope="col">{s.users.roles}</th>
                <th scope="col">{s.users.status}</th>
                <th scope="col">{s.users.actions}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => {
                const self = u.id === auth.user?.id;
                const locked = u.locked_until && new Date(u.locked_until) > new Date();
                return (
                  <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                    <th scope="row" className="code">
                      {u.username} {self && <span className="muted">{s.users.you}</span>}
                    </th>
                    <td>{u.display_name}</td>
                    <td>{areaName(u.area_code)}</td>
                    <td>{u.roles.map(roleName).join(', ')}</td>
                    <td>
                      {!u.active ? (
                        <span className="badge badge-muted">{s.users.disabled}</span>
                      ) : locked ? (
                        <span className="badge badge-warn">{s.users.lockedUntil(fmtDateTime(u.locked_until))}</span>
                      ) : u.must_change_password ? (
                        <span className="badge badge-info">{s.users.mustChange}</span>
                      ) : (
                        <span className="badge badge-ok">{s.users.active}</span>
                      )}
                    </td>
                    <td>
                      {u.active && (
                        <div className="row-actions-inner">
                          <button type="button" className="button small" onClick={() => act(u, 'reset')}>
                            {s.users.reset}
                          </button>
                          {!self && (
                            <button type="button" className="button small button-danger" onClick={() => act(u, 'disable')}>
                              {s.users.disable}
                            </button>
                          )}
                        </div>
                      )}
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

function PasswordOnce({ password }: { password: string }) {
  return (
    <div className="password-once">
      <p>
        {s.users.generatedPassword}: <code data-testid="generated-password">{password}</code>
      </p>
      <p className="hint">{s.users.passwordOnce}</p>
    </div>
  );
}

function CreateUser({ catalog, onCreated }: { catalog: AccessCatalog | undefined; onCreated(username: string, password: string | undefined): void }) {
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [area, setArea] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <p>
        <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
          {s.users.create}
        </button>
      </p>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (roles.length === 0) {
      setError(s.users.rolesRequired);
      return;
    }
    setBusy(true);
    try {
      const r = await api<{ user: ManagedUser; generatedPassword?: string }>('/api/users', {
        method: 'POST',
        body: { username: username.trim().toLowerCase(), displayName: displayName.trim(), area, roles },
      });
      onCreated(r.user.username, r.generatedPassword);
      setUsername('');
      setDisplayName('');
      setArea('');
      setRoles([]);
      setOpen(false);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{s.users.createTitle}</h2>
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="nu-username">{s.users.username}</label>
          <input
            id="nu-username"
            required
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby="nu-username-hint"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <p id="nu-username-hint" className="hint">
            {s.users.usernameHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor="nu-name">{s.users.displayName}</label>
          <input id="nu-name" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="nu-area">{s.users.area}</label>
          <select id="nu-area" required value={area} onChange={(e) => setArea(e.target.value)}>
            <option value="">{s.users.chooseArea}</option>
            {(catalog?.areas ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="checks">
        <legend>{s.users.roles}</legend>
        {(catalog?.roles ?? []).map((r) => (
          <label key={r.code}>
            <input
              type="checkbox"
              value={r.code}
              checked={roles.includes(r.code)}
              onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r.code] : rs.filter((x) => x !== r.code)))}
            />
            {r.name}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? s.users.creating : s.users.create}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {s.catalogs.cancel}
        </button>
      </div>
    </form>
  );
}
