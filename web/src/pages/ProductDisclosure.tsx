// The disclosure side of a product on the products page: its classification now (with who changed it, when and
// why), the director general's control to change it, the versions prepared to leave the center (versión pública,
// versión reservada) with their files and their redactions, and the buttons that prepare them.
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { Classification, ProductDisclosureInfo, ReleaseInfo } from '../types.ts';
import { ProductDownloads } from '../components/ProductDownloads.tsx';

const MIN_REASON = 10;

export function ProductDisclosureCell({ productId, info, onChange }: { productId: number; info: ProductDisclosureInfo | undefined; onChange: () => void }) {
  const auth = useAuth();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'public' | 'restricted' | null>(null);
  const [notice, setNotice] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  if (!info) return <span className="muted">{s.app.loading}</span>;
  const last = info.changes[0];

  const prepare = async (audience: 'public' | 'restricted') => {
    setBusy(audience);
    setNotice(null);
    try {
      const r = await api<{ productId: number; reused: boolean }>(`/api/products/${productId}/releases`, { method: 'POST', body: { audience } });
      setNotice({ kind: 'success', text: r.reused ? s.disclosure.reused : s.disclosure.prepared });
      onChange();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="disclosure-cell" data-testid={`disclosure-${productId}`}>
      <div>
        <strong data-testid={`classification-${productId}`}>{s.reports.classifications[info.classification] ?? info.classificationLabel}</strong>
        {last && (
          <div className="hint" title={`${s.disclosure.reason}: ${last.reason}`}>
            {s.disclosure.changedBy(last.changedByName ?? s.reports.scheduler, fmtDateTime(last.changedAt))}: «{last.reason}»
          </div>
        )}
        {info.changes.length > 1 && (
          <details className="small">
            <summary>{s.disclosure.history}</summary>
            <ul className="hint">
              {info.changes.map((c) => (
                <li key={c.id}>
                  {fmtDateTime(c.changedAt)} · {s.reports.classifications[c.from]} → {s.reports.classifications[c.to]} · {c.changedByName} · «{c.reason}»
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      {auth.can('distribution.classify') && !editing && (
        <button type="button" className="button small" onClick={() => setEditing(true)}>
          {s.disclosure.change}
        </button>
      )}
      {editing && (
        <ClassificationForm
          productId={productId}
          current={info.classification}
          onDone={(saved) => {
            setEditing(false);
            if (saved) {
              setNotice({ kind: 'success', text: s.disclosure.saved });
              onChange();
            }
          }}
        />
      )}
      {info.classification === 'internal' ? (
        <p className="hint">{s.disclosure.internalNote}</p>
      ) : (
        auth.can('distribution.prepare') && (
          <div className="actions">
            <button type="button" className="button small" disabled={busy !== null} onClick={() => prepare('public')}>
              {busy === 'public' ? s.disclosure.preparing : s.disclosure.preparePublic}
            </button>
            <button type="button" className="button small" disabled={busy !== null} onClick={() => prepare('restricted')}>
              {busy === 'restricted' ? s.disclosure.preparing : s.disclosure.prepareRestricted}
            </button>
          </div>
        )
      )}
      {notice && <Message kind={notice.kind}>{notice.text}</Message>}
      {info.releases.length > 0 && (
        <div className="releases">
          <div className="small muted">{s.disclosure.releases}</div>
          {info.releases.map((r) => (
            <ReleaseItem key={r.productId} release={r} />
          ))}
        </div>
      )}
    </div>
  );
}

function ClassificationForm({ productId, current, onDone }: { productId: number; current: Classification; onDone: (saved: boolean) => void }) {
  const options = (['internal', 'restricted', 'public'] as const).filter((c) => c !== current);
  const [to, setTo] = useState<Classification>(options[0]!);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await api(`/api/products/${productId}/classification`, { method: 'POST', body: { classification: to, reason } });
      onDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
      setSaving(false);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-label={s.disclosure.changeTitle(productId)}>
      {error && <Message kind="error">{error}</Message>}
      <div className="field">
        <label htmlFor={`class-to-${productId}`}>{s.disclosure.newClassification}</label>
        <select id={`class-to-${productId}`} value={to} onChange={(e) => setTo(e.target.value as Classification)}>
          {options.map((c) => (
            <option key={c} value={c}>
              {s.reports.classifications[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`class-reason-${productId}`}>{s.disclosure.reasonLabel}</label>
        <textarea id={`class-reason-${productId}`} rows={3} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        <p className="hint">{s.disclosure.reasonHint(MIN_REASON)}</p>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary small" disabled={saving}>
          {saving ? s.disclosure.saving : s.disclosure.save}
        </button>
        <button type="button" className="button small" onClick={() => onDone(false)}>
          {s.disclosure.cancel}
        </button>
      </div>
    </form>
  );
}

/** Redactions grouped by what, where and why, with their items. */
function groups(r: ReleaseInfo) {
  const out = new Map<string, { action: string; what: string; where: string; why: string; legalBasis: string[]; items: string[] }>();
  for (const x of r.redactions) {
    const key = [x.action, x.what, x.where, x.why].join('|');
    const g = out.get(key) ?? { action: x.action, what: x.what, where: x.where, why: x.why, legalBasis: x.legalBasis, items: [] };
    if (x.item) g.items.push(x.item);
    out.set(key, g);
  }
  return [...out.values()];
}

function ReleaseItem({ release: r }: { release: ReleaseInfo }) {
  const short = (id: string) => r.legalBasis.find((b) => b.id === id)?.short ?? id;
  return (
    <div className="release" data-testid={`release-${r.productId}`}>
      <div>
        <span className={`badge ${r.audience === 'public' ? 'badge-ok' : 'badge-warn'}`}>{r.mark}</span>{' '}
        {r.product && s.disclosure.version(r.product.version)}
        {r.agencyId !== null && <span className="tag">{s.disclosure.agency(r.agencyId)}</span>}
        <div className="hint">
          {s.disclosure.preparedBy(r.preparedByName ?? s.reports.scheduler, fmtDateTime(r.preparedAt))} · {s.disclosure.minCount(r.minCount)}
        </div>
      </div>
      {r.product && <ProductDownloads product={r.product} />}
      <details>
        <summary>{s.disclosure.redactions(r.redactions.length)}</summary>
        <h4 className="small">{s.disclosure.methodology}</h4>
        {r.methodology.map((m) => (
          <p key={m} className="hint">
            {m}
          </p>
        ))}
        <h4 className="small">{s.disclosure.redactionsTitle}</h4>
        <ul className="redactions">
          {groups(r).map((g) => (
            <li key={`${g.action}|${g.what}|${g.where}`}>
              <strong>{s.disclosure.actions[g.action] ?? g.action}:</strong> {g.what} — {g.where}
              {g.items.length > 0 && (
                <details className="hint">
                  <summary>{s.disclosure.items(g.items.length)}</summary>
                  {g.items.join('; ')}
                </details>
              )}
              <div className="hint">
                {g.why} {s.disclosure.legalBasis}: {g.legalBasis.map(short).join('; ')}.
              </div>
            </li>
          ))}
        </ul>
        <h4 className="small">{s.disclosure.legalBasis}</h4>
        <ul className="hint">
          {r.legalBasis.map((b) => (
            <li key={b.id}>
              <strong>{b.short}</strong>: {b.citation}. {b.text}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
