// Mitigation of improper calls: the cases the threshold opened, each with its staged actions in order (warning,
// second warning, referral to the carrier or the authority, closing with an outcome), recorded with their dates.
import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi, withQuery } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtLocalDate, fmtNumber, todayLocal } from '../../format.ts';
import { s } from '../../strings.ts';
import type { MitigationCase, NumbersCatalogs } from '../../types.ts';
import { Field } from '../cyber/common.tsx';
import { fmtPhone, labelOf, useNumbersCatalogs } from './common.tsx';

const t = s.numbers;

export function MitigationPage() {
  const catalogs = useNumbersCatalogs();
  const [open, setOpen] = useState(true);
  const cases = useApi<MitigationCase[]>(withQuery('/api/numbers/cases', { open }));
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const c = catalogs.data;
  const current = cases.data?.find((x) => x.id === selected) ?? cases.data?.[0];
  return (
    <div className="page">
      <h1>{t.casesTitle}</h1>
      {c && <p className="muted">{t.casesIntro(c.threshold.calls, c.threshold.days)}</p>}
      {notice && <Message kind="success">{notice}</Message>}
      {c?.access.verify && <ThresholdForm catalogs={c} onSaved={(calls, days) => { setNotice(t.thresholdSaved(calls, days)); catalogs.reload(); }} />}
      <div className="actions" role="group" aria-label={t.stage}>
        <button type="button" className={open ? 'button button-primary' : 'button'} aria-pressed={open} onClick={() => setOpen(true)}>{t.showOpen}</button>
        <button type="button" className={!open ? 'button button-primary' : 'button'} aria-pressed={!open} onClick={() => setOpen(false)}>{t.showClosed}</button>
      </div>
      {cases.error && <Message kind="error">{cases.error.message}</Message>}
      {cases.data && cases.data.length === 0 && <p className="empty">{t.noCases}</p>}
      {c && cases.data && cases.data.length > 0 && <CaseList cases={cases.data} catalogs={c} selected={current?.id ?? null} onSelect={setSelected} />}
      {/* Keyed by stage too: after an action the form starts again from the next step. */}
      {c && current && <CaseCard key={`${current.id}-${current.stage}`} item={current} catalogs={c} onSaved={() => { setNotice(t.actionSaved); cases.reload(); }} />}
    </div>
  );
}

/** One line per case; the one chosen (the first, until another is) opens below with its actions. */
function CaseList({ cases, catalogs, selected, onSelect }: { cases: MitigationCase[]; catalogs: NumbersCatalogs; selected: number | null; onSelect(id: number): void }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="mitigation-cases">
        <thead>
          <tr>
            <th scope="col">{t.caseNo}</th>
            <th scope="col">{t.phone}</th>
            <th scope="col">{t.center}</th>
            <th scope="col">{t.openedOn}</th>
            <th scope="col" className="num">{t.callsInWindow}</th>
            <th scope="col">{t.stage}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((x) => (
            <tr key={x.id} className={x.id === selected ? 'selected' : undefined}>
              <th scope="row">
                <button type="button" className="link-button" aria-pressed={x.id === selected} onClick={() => onSelect(x.id)}>{`${t.caseNo} ${x.id}`}</button>
              </th>
              <td className="nowrap">{fmtPhone(x.phone)}</td>
              <td>{x.center_code}</td>
              <td className="nowrap">{fmtLocalDate(x.opened_on, 'short')}</td>
              <td className="num">{fmtNumber(x.calls_in_window)}</td>
              <td>{labelOf(catalogs.stages, x.stage)}{x.outcome ? ` · ${labelOf(catalogs.outcomes, x.outcome)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The CEE director's threshold: N improper calls in M days (the per-center ones stay as they are). */
function ThresholdForm({ catalogs, onSaved }: { catalogs: NumbersCatalogs; onSaved(calls: number, days: number): void }) {
  const [calls, setCalls] = useState(String(catalogs.threshold.calls));
  const [days, setDays] = useState(String(catalogs.threshold.days));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/numbers/settings', { method: 'PUT', body: { threshold: { calls: Number(calls), days: Number(days) }, centerThresholds: catalogs.centerThresholds } });
      onSaved(Number(calls), Number(days));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-label={t.thresholdTitle}>
      <h2>{t.thresholdTitle}</h2>
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <Field id="nm-calls" label={t.thresholdCalls}>
          <input id="nm-calls" type="number" min={2} value={calls} onChange={(e) => setCalls(e.target.value)} />
        </Field>
        <Field id="nm-days" label={t.thresholdDays}>
          <input id="nm-days" type="number" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button">{t.thresholdSave}</button>
      </div>
    </form>
  );
}

function CaseCard({ item, catalogs, onSaved }: { item: MitigationCase; catalogs: NumbersCatalogs; onSaved(): void }) {
  const [form, setForm] = useState({ action: item.next[0] ?? '', actedOn: todayLocal(), destination: '', reference: '', note: '', outcome: '' });
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/numbers/cases/${item.id}/actions`, {
        method: 'POST',
        body: {
          action: form.action,
          actedOn: form.actedOn,
          destination: form.action === 'canalizacion' ? form.destination || null : null,
          reference: form.reference || null,
          note: form.note || null,
          outcome: form.action === 'cierre' ? form.outcome || null : null,
        },
      });
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  const id = `case-${item.id}`;
  return (
    <section className="panel" data-testid="mitigation-case" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{`${t.caseNo} ${item.id} · ${fmtPhone(item.phone)}`}</h2>
      <p>
        {t.center}: {item.center_code} · {t.openedOn} {fmtLocalDate(item.opened_on, 'short')} · {t.callsInWindow}: {fmtNumber(item.calls_in_window)} ({item.threshold_calls}/{item.threshold_days} d) · {t.improper}: {fmtNumber(item.improper_calls)} ·{' '}
        {t.stage}: <strong data-testid="case-stage">{labelOf(catalogs.stages, item.stage)}</strong>
        {item.outcome ? ` · ${t.outcome}: ${labelOf(catalogs.outcomes, item.outcome)}` : ''}
      </p>
      <table className="data-table">
        <thead>
          <tr><th scope="col">{t.actedOn}</th><th scope="col">{t.action}</th><th scope="col">{t.who}</th><th scope="col">{t.destination}</th><th scope="col">{t.reference}</th><th scope="col">{t.note}</th></tr>
        </thead>
        <tbody>
          {item.actions.map((a) => (
            <tr key={a.id}>
              <td className="nowrap">{fmtLocalDate(a.acted_on, 'short')}</td>
              <td>{labelOf(catalogs.actions, a.action)}</td>
              <td>{a.actor}</td>
              <td>{a.destination ?? t.none}</td>
              <td>{a.reference ?? t.none}</td>
              <td>{a.note ?? t.none}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {catalogs.access.edit && item.next.length > 0 && (
        <form onSubmit={submit} aria-label={`${t.record} · ${t.caseNo} ${item.id}`} style={{ marginTop: '0.75rem' }}>
          {error && <Message kind="error">{error}</Message>}
          <div className="form-grid">
            <Field id={`${id}-action`} label={t.action}>
              <select id={`${id}-action`} value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })}>
                {item.next.map((a) => <option key={a} value={a}>{labelOf(catalogs.actions, a)}</option>)}
              </select>
            </Field>
            <Field id={`${id}-date`} label={t.actedOn}>
              <input id={`${id}-date`} type="date" value={form.actedOn} onChange={(e) => setForm({ ...form, actedOn: e.target.value })} />
            </Field>
            {form.action === 'canalizacion' && (
              <Field id={`${id}-dest`} label={t.destination}>
                <select id={`${id}-dest`} value={form.destination} onChange={(e) => setForm({ ...form, destination: e.target.value })}>
                  <option value="">{t.none}</option>
                  {catalogs.referralDestinations.map((d) => <option key={d} value={d}>{d}</option>)}
                </select>
              </Field>
            )}
            {form.action === 'cierre' && (
              <Field id={`${id}-outcome`} label={t.outcome}>
                <select id={`${id}-outcome`} value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.target.value })}>
                  <option value="">{t.none}</option>
                  {catalogs.outcomes.map((o) => <option key={o.code} value={o.code}>{o.label}</option>)}
                </select>
              </Field>
            )}
            <Field id={`${id}-ref`} label={t.actionReference}>
              <input id={`${id}-ref`} maxLength={120} value={form.reference} onChange={(e) => setForm({ ...form, reference: e.target.value })} />
            </Field>
            <Field id={`${id}-note`} label={t.note}>
              <input id={`${id}-note`} maxLength={500} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
            </Field>
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary">{t.record}</button>
          </div>
        </form>
      )}
    </section>
  );
}
