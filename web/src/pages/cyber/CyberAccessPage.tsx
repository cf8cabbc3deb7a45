// The unit director's grants of case access to the Director General: who, why, until when; revocation with a reason.
import { useState, type FormEvent } from 'react';
import { ApiError, api, useApi } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtDateTime } from '../../format.ts';
import { s } from '../../strings.ts';
import type { CyberGrant } from '../../types.ts';

const t = s.cyber;

export function CyberAccessPage() {
  const data = useApi<{ maxDays: number; grants: CyberGrant[]; eligible: { id: number; name: string; username: string }[] }>('/api/cyber/grants');
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      await api('/api/cyber/grants', { method: 'POST', body: { userId: Number(userId), reason, expiresOn: until } });
      setMessage({ kind: 'success', text: t.granted });
      setReason('');
      data.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
    }
  };
  const revoke = async (g: CyberGrant) => {
    const why = window.prompt(t.revokeReason);
    if (!why) return;
    try {
      await api(`/api/cyber/grants/${g.id}/revoke`, { method: 'POST', body: { reason: why } });
      data.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
    }
  };
  const now = Date.now();

  return (
    <div className="page">
      <h1>{t.accessTitle}</h1>
      {data.data && <p className="muted">{t.accessIntro(data.data.maxDays)}</p>}
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {message && <Message kind={message.kind}>{message.text}</Message>}
      {data.data && data.data.eligible.length === 0 && <p className="notice">{t.noEligible}</p>}
      {data.data && data.data.eligible.length > 0 && (
        <form className="panel narrow" onSubmit={submit}>
          <div className="field">
            <label htmlFor="gr-user">{t.grantTo}</label>
            <select id="gr-user" required value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t.choose}</option>
              {data.data.eligible.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="gr-reason">{t.grantReason}</label>
            <input id="gr-reason" required minLength={5} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="gr-until">{t.grantUntil}</label>
            <input id="gr-until" type="date" required value={until} onChange={(e) => setUntil(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary">{t.grant}</button>
          </div>
        </form>
      )}
      {data.data && data.data.grants.length === 0 && <p className="empty">{t.grantsEmpty}</p>}
      {data.data && data.data.grants.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.grantTo}</th><th scope="col">{t.grantReason}</th><th scope="col">{t.grantedBy}</th><th scope="col">{t.grantedAt}</th>
                <th scope="col">{t.grantUntil}</th><th scope="col">{t.statusCol}</th><th scope="col"><span className="visually-hidden">{t.revoke}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.data.grants.map((g) => {
                const active = !g.revoked_at && new Date(g.expires_at).getTime() > now;
                return (
                  <tr key={g.id} className={active ? undefined : 'inactive'}>
                    <th scope="row">{g.user_name}</th>
                    <td>{g.reason}</td>
                    <td>{g.granted_by_name ?? '—'}</td>
                    <td className="nowrap">{fmtDateTime(g.granted_at)}</td>
                    <td className="nowrap">{fmtDateTime(g.expires_at)}</td>
                    <td>{g.revoked_at ? `${t.revoked}: ${g.revoke_reason ?? ''}` : active ? t.active : t.expired}</td>
                    <td>{active && <button type="button" className="button small" onClick={() => revoke(g)}>{t.revoke}</button>}</td>
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
