// The monthly submissions of the registry's lists to the CNI: what went, when and by which oficio (optionally the
// dispatch of Distribución that carried it).
import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtDateTime, fmtNumber } from '../../format.ts';
import { s } from '../../strings.ts';
import type { NumberSubmissions } from '../../types.ts';
import { Field } from '../cyber/common.tsx';
import { useNumbersCatalogs } from './common.tsx';

const t = s.numbers;
const nowLocal = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

export function NumberSubmissionsPage() {
  const catalogs = useNumbersCatalogs();
  const data = useApi<NumberSubmissions>('/api/numbers/submissions');
  const [form, setForm] = useState({ productId: '', sentAt: nowLocal(), oficioFolio: '', dispatchId: '' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const d = data.data;
  const sent = new Set(d?.submissions.map((x) => `${x.report_code}|${x.period_key}`));
  const pending = d?.products.filter((p) => !sent.has(`${p.report_type}|${p.period_key}`)) ?? [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const product = d?.products.find((p) => String(p.id) === form.productId);
    if (!product) return setError(t.chooseProduct);
    try {
      const r = await api<{ period: string }>('/api/numbers/submissions', {
        method: 'POST',
        body: { reportCode: product.report_type, productId: product.id, sentAt: new Date(form.sentAt).toISOString(), oficioFolio: form.oficioFolio, dispatchId: form.dispatchId ? Number(form.dispatchId) : null },
      });
      setNotice(t.submitted(r.period));
      setForm({ ...form, productId: '', oficioFolio: '', dispatchId: '' });
      data.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  return (
    <div className="page">
      <h1>{t.submissionsTitle}</h1>
      <p className="muted">{t.submissionsIntro}</p>
      {notice && <Message kind="success">{notice}</Message>}
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {catalogs.data?.access.edit && d && (
        <form className="panel" onSubmit={submit} aria-label={t.submit}>
          {error && <Message kind="error">{error}</Message>}
          <div className="form-grid">
            <Field id="ns-product" label={t.product}>
              <select id="ns-product" value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })}>
                <option value="">{t.chooseProduct}</option>
                {pending.map((p) => <option key={p.id} value={p.id}>{`${t.reportsLabels[p.report_type] ?? p.report_type} · ${p.period_key} · v${p.version} (${p.id})`}</option>)}
              </select>
            </Field>
            <Field id="ns-sent" label={t.sentAt}>
              <input id="ns-sent" type="datetime-local" value={form.sentAt} onChange={(e) => setForm({ ...form, sentAt: e.target.value })} />
            </Field>
            <Field id="ns-oficio" label={t.oficio}>
              <input id="ns-oficio" maxLength={80} value={form.oficioFolio} onChange={(e) => setForm({ ...form, oficioFolio: e.target.value })} />
            </Field>
            <Field id="ns-dispatch" label={t.dispatch}>
              <input id="ns-dispatch" inputMode="numeric" value={form.dispatchId} onChange={(e) => setForm({ ...form, dispatchId: e.target.value.replace(/\D/g, '') })} />
            </Field>
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary">{t.submit}</button>
          </div>
        </form>
      )}
      {d && d.submissions.length === 0 && <p className="empty">{t.noSubmissions}</p>}
      {d && d.submissions.length > 0 && (
        <table className="data-table" data-testid="number-submissions">
          <thead>
            <tr><th scope="col">{t.period}</th><th scope="col">{t.product}</th><th scope="col">{t.sentAt}</th><th scope="col">{t.oficio}</th><th scope="col" className="num">{t.numbersSent}</th><th scope="col">{t.recordedBy}</th></tr>
          </thead>
          <tbody>
            {d.submissions.map((x) => (
              <tr key={x.id}>
                <td>{x.period_key}</td>
                <td>{`${t.reportsLabels[x.report_code] ?? x.report_code} (${x.product_id})`}</td>
                <td className="nowrap">{fmtDateTime(x.sent_at)}</td>
                <td>{x.oficio_folio}{x.dispatch_id ? ` · ${x.dispatch_id}` : ''}</td>
                <td className="num">{fmtNumber(x.numbers)}</td>
                <td>{x.recorded_by_name ?? t.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
