// Settings of the distribution: the folio pattern, the letterhead of the official documents, who signs for each
// area, and the days of the warnings and reminders.
import { useEffect, useState, type FormEvent } from 'react';
import { api, useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { s } from '../strings.ts';
import type { DistributionSettingsInfo } from '../types.ts';
import { messageOf, useDistributionCatalog } from './DistributionParts.tsx';

const t = s.distribution.settings;

export function DistributionSettingsPage() {
  const catalog = useDistributionCatalog();
  const data = useApi<{ settings: DistributionSettingsInfo }>('/api/distribution/settings');
  const [f, setF] = useState<DistributionSettingsInfo | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (data.data) setF(data.data.settings);
  }, [data.data]);
  if (!f) return <div className="page">{data.error ? <Message kind="error">{data.error.message}</Message> : <p>{s.distribution.common.loading}</p>}</div>;

  const signer = (area: string, k: 'name' | 'position', v: string) =>
    setF({ ...f, signatories: { ...f.signatories, [area]: { name: f.signatories[area]?.name ?? '', position: f.signatories[area]?.position ?? '', [k]: v } } });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const signatories = Object.fromEntries(Object.entries(f.signatories).filter(([, v]) => v.name.trim() || v.position.trim()));
    try {
      const r = await api<{ settings: DistributionSettingsInfo }>('/api/distribution/settings', { method: 'PUT', body: { ...f, signatories } });
      setF(r.settings);
      setNotice({ kind: 'success', text: t.saved });
    } catch (err) {
      setNotice({ kind: 'error', text: messageOf(err) });
    }
  };
  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {notice && <Message kind={notice.kind}>{notice.text}</Message>}
      <form className="panel" onSubmit={submit}>
        <div className="field">
          <label htmlFor="st-pattern">{t.folioPattern}</label>
          <input id="st-pattern" value={f.folioPattern} onChange={(e) => setF({ ...f, folioPattern: e.target.value })} aria-describedby="st-pattern-hint" />
          <p id="st-pattern-hint" className="hint">
            {t.folioHint}
          </p>
        </div>
        <div className="form-grid" style={{ marginTop: '0.6rem' }}>
          <div className="field">
            <label htmlFor="st-inst">{t.institution}</label>
            <input id="st-inst" value={f.letterhead.institution} onChange={(e) => setF({ ...f, letterhead: { ...f.letterhead, institution: e.target.value } })} />
          </div>
          <div className="field">
            <label htmlFor="st-center">{t.center}</label>
            <input id="st-center" value={f.letterhead.center} onChange={(e) => setF({ ...f, letterhead: { ...f.letterhead, center: e.target.value } })} />
          </div>
          <div className="field">
            <label htmlFor="st-place">{t.place}</label>
            <input id="st-place" value={f.letterhead.place} onChange={(e) => setF({ ...f, letterhead: { ...f.letterhead, place: e.target.value } })} />
          </div>
          <div className="field">
            <label htmlFor="st-expiry">{t.expiryWarningDays}</label>
            <input id="st-expiry" type="number" min={1} max={365} value={f.expiryWarningDays} onChange={(e) => setF({ ...f, expiryWarningDays: Number(e.target.value) })} />
          </div>
          <div className="field">
            <label htmlFor="st-ack">{t.ackReminderDays}</label>
            <input id="st-ack" type="number" min={1} max={60} value={f.ackReminderDays} onChange={(e) => setF({ ...f, ackReminderDays: Number(e.target.value) })} />
          </div>
        </div>
        <h2>{t.signatories}</h2>
        <div className="table-scroll">
          <table className="data-table compact">
            <tbody>
              {catalog?.areas.map((a) => (
                <tr key={a.code}>
                  <th scope="row">{a.name}</th>
                  <td>
                    <input aria-label={`${t.signatoryName} · ${a.name}`} placeholder={t.signatoryName} value={f.signatories[a.code]?.name ?? ''} onChange={(e) => signer(a.code, 'name', e.target.value)} />
                  </td>
                  <td>
                    <input aria-label={`${t.signatoryPosition} · ${a.name}`} placeholder={t.signatoryPosition} size={50} value={f.signatories[a.code]?.position ?? ''} onChange={(e) => signer(a.code, 'position', e.target.value)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {s.distribution.common.save}
          </button>
        </div>
      </form>
    </div>
  );
}
