// The registry of numbers: search and filters by status and kind, the manual report form, and the detail of a
// number with its sightings, its status history and the workflow buttons (each change asks for its reason).
import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi, withQuery } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { Pager } from '../../components/Pager.tsx';
import { fmtDateTime, fmtLocalDate, fmtNumber, todayLocal } from '../../format.ts';
import { s } from '../../strings.ts';
import type { NumberDetail, NumberList, NumbersCatalogs } from '../../types.ts';
import { Field } from '../cyber/common.tsx';
import { fmtPhone, labelOf, useNumbersCatalogs } from './common.tsx';

const t = s.numbers;
const PAGE_SIZE = 50;

export function NumbersPage() {
  const catalogs = useNumbersCatalogs();
  const [filters, setFilters] = useState({ q: '', status: '', kind: '' });
  const [draft, setDraft] = useState(filters);
  const [selected, setSelected] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [page, setPage] = useState(1);
  const list = useApi<NumberList>(withQuery('/api/numbers', { q: filters.q || undefined, status: filters.status || undefined, kind: filters.kind || undefined, page, pageSize: PAGE_SIZE }));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const c = catalogs.data;

  const sync = async () => {
    setSyncing(true);
    setError(null);
    try {
      const r = await api<{ added: number; casesOpened: number }>('/api/numbers/sync', { method: 'POST' });
      setNotice(t.synced(r.added, r.casesOpened));
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setSyncing(false);
    }
  };

  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {notice && <Message kind="success">{notice}</Message>}
      {error && <Message kind="error">{error}</Message>}
      {c?.access.edit && (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => { setNotice(null); setReporting(true); }}>{t.report}</button>
          {c.access.callers && <button type="button" className="button" disabled={syncing} onClick={sync}>{t.sync}</button>}
        </div>
      )}
      {reporting && c && (
        <ReportForm catalogs={c} onCancel={() => setReporting(false)} onSaved={(phone, created) => { setReporting(false); setNotice(t.reported(phone, created)); list.reload(); }} />
      )}
      <form className="filters" aria-label={s.filters.legend} onSubmit={(e) => { e.preventDefault(); setFilters(draft); setPage(1); }}>
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="nu-f-q">{t.search}</label>
            <input id="nu-f-q" inputMode="tel" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="nu-f-status">{t.status}</label>
            <select id="nu-f-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <option value="">{t.all}</option>
              {c?.statuses.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="nu-f-kind">{t.kind}</label>
            <select id="nu-f-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              <option value="">{t.all}</option>
              {c?.kinds.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">{t.apply}</button>
        </div>
      </form>
      {list.error && <Message kind="error">{list.error.message}</Message>}
      <p className="total" role="status" data-testid="numbers-total">{list.data ? t.total(list.data.total) : s.app.loading}</p>
      {list.data && list.data.total > list.data.pageSize && <Pager page={page} pages={pages} onPage={setPage} />}
      {list.data && list.data.numbers.length === 0 && <p className="empty">{t.empty}</p>}
      {list.data && list.data.numbers.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="numbers-list">
            <thead>
              <tr>
                <th scope="col">{t.phone}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.firstSeen}</th>
                <th scope="col">{t.lastSeen}</th>
                <th scope="col" className="num">{t.extortion}</th>
                {c?.access.callers && <th scope="col" className="num">{t.improper}</th>}
                <th scope="col">{t.centers}</th>
                <th scope="col">{t.modalities}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.numbers.map((n) => (
                <tr key={n.phone} className={selected === n.phone ? 'selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => { setNotice(null); setSelected(n.phone); }}>{fmtPhone(n.phone)}</button>
                  </th>
                  <td>{labelOf(c?.statuses, n.status)}</td>
                  <td className="nowrap">{fmtDateTime(n.first_seen)}</td>
                  <td className="nowrap">{fmtDateTime(n.last_seen)}</td>
                  <td className="num">{fmtNumber(n.extortion)}</td>
                  {c?.access.callers && <td className="num">{fmtNumber(n.improper)}{n.open_case ? ` · ${t.openCase}` : ''}</td>}
                  <td>{n.centers.join(', ') || t.none}</td>
                  <td>{n.modalities.map((m) => labelOf(c?.modalities, m)).join(', ') || t.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && c && <NumberPanel key={selected} phone={selected} catalogs={c} onClose={() => setSelected(null)} onChanged={(label) => { setNotice(t.statusSaved(label)); list.reload(); }} />}
    </div>
  );
}

function ReportForm({ catalogs, onCancel, onSaved }: { catalogs: NumbersCatalogs; onCancel(): void; onSaved(phone: string, created: boolean): void }) {
  const [form, setForm] = useState({ phone: '', kind: 'extorsion', seenOn: todayLocal(), centerCode: '', modality: '', reference: '' });
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFields({});
    try {
      const r = await api<{ phone: string; created: boolean }>('/api/numbers/reports', {
        method: 'POST',
        body: { ...form, centerCode: form.centerCode || null, modality: form.kind === 'extorsion' ? form.modality || null : null, reference: form.reference || null },
      });
      onSaved(r.phone, r.created);
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.message);
        setFields(err.fields ?? {});
      } else setError(s.app.unexpectedError);
    }
  };
  const described = (id: string, key: string) => (fields[key] ? { 'aria-describedby': `${id}-error`, 'aria-invalid': true } : {});
  return (
    <form className="panel" onSubmit={submit} data-testid="number-report-form" aria-labelledby="nu-report-title">
      <h2 id="nu-report-title">{t.reportTitle}</h2>
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <Field id="nu-phone" label={t.reportPhone} error={fields.phone}>
          <input id="nu-phone" inputMode="tel" value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} {...described('nu-phone', 'phone')} />
        </Field>
        <Field id="nu-kind" label={t.reportKind} error={fields.kind}>
          <select id="nu-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {catalogs.kinds.map((k) => <option key={k.code} value={k.code}>{k.label}</option>)}
          </select>
        </Field>
        <Field id="nu-seen" label={t.reportSeenOn} error={fields.seenOn}>
          <input id="nu-seen" type="date" value={form.seenOn} onChange={(e) => setForm({ ...form, seenOn: e.target.value })} {...described('nu-seen', 'seenOn')} />
        </Field>
        <Field id="nu-center" label={t.reportCenter} error={fields.centerCode}>
          <select id="nu-center" value={form.centerCode} onChange={(e) => setForm({ ...form, centerCode: e.target.value })}>
            <option value="">{t.none}</option>
            {catalogs.centers.map((x) => <option key={x.code} value={x.code}>{x.name}</option>)}
          </select>
        </Field>
        {form.kind === 'extorsion' && (
          <Field id="nu-modality" label={t.reportModality} error={fields.modality}>
            <select id="nu-modality" value={form.modality} onChange={(e) => setForm({ ...form, modality: e.target.value })}>
              <option value="">{t.none}</option>
              {catalogs.modalities.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </Field>
        )}
        <Field id="nu-ref" label={t.reportReference} error={fields.reference}>
          <input id="nu-ref" maxLength={200} value={form.reference} onChange={(e) => setForm({ ...form, reference: e.target.value })} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">{t.reportSubmit}</button>
        <button type="button" className="button" onClick={onCancel}>{t.cancel}</button>
      </div>
    </form>
  );
}

function NumberPanel({ phone, catalogs, onClose, onChanged }: { phone: string; catalogs: NumbersCatalogs; onClose(): void; onChanged(label: string): void }) {
  const detail = useApi<NumberDetail>(`/api/numbers/${encodeURIComponent(phone)}`);
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const d = detail.data;
  const change = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/numbers/${encodeURIComponent(phone)}/status`, { method: 'POST', body: { to, reason } });
      onChanged(labelOf(catalogs.statuses, to));
      setTo(null);
      setReason('');
      detail.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  return (
    <section className="panel" data-testid="number-detail" aria-labelledby="nu-detail-title">
      <h2 id="nu-detail-title">{t.detailTitle(fmtPhone(phone))}</h2>
      {detail.error && <Message kind="error">{detail.error.message}</Message>}
      {d && (
        <>
          <p>
            {t.status}: <strong data-testid="number-status">{labelOf(catalogs.statuses, d.number.status)}</strong> · {fmtDateTime(d.number.status_since)}
          </p>
          {d.transitions.length > 0 && (
            <div className="actions">
              {d.transitions.map((x) => (
                <button key={x} type="button" className="button" onClick={() => { setTo(x); setError(null); }}>{t.moveTo(labelOf(catalogs.statuses, x))}</button>
              ))}
            </div>
          )}
          {to && (
            <form onSubmit={change}>
              {error && <Message kind="error">{error}</Message>}
              <Field id="nu-reason" label={t.statusReason}>
                <textarea id="nu-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <div className="actions">
                <button type="submit" className="button button-primary">{t.moveTo(labelOf(catalogs.statuses, to))}</button>
                <button type="button" className="button" onClick={() => setTo(null)}>{t.cancel}</button>
              </div>
            </form>
          )}
          <h3>{t.sightings}</h3>
          <div className="table-scroll">
            <table className="data-table" data-testid="number-sightings">
              <thead>
                <tr><th scope="col">{t.seenAt}</th><th scope="col">{t.kind}</th><th scope="col">{t.source}</th><th scope="col">{t.center}</th><th scope="col">{t.channel}</th><th scope="col">{t.reportModality}</th><th scope="col">{t.reference}</th></tr>
              </thead>
              <tbody>
                {d.sightings.map((x) => (
                  <tr key={x.id}>
                    <td className="nowrap">{fmtDateTime(x.seen_at)}</td>
                    <td>{labelOf(catalogs.kinds, x.kind)}</td>
                    <td>{t.sources[x.source] ?? x.source}</td>
                    <td>{x.center_code ?? t.none}</td>
                    <td>{x.channel ?? t.none}</td>
                    <td>{labelOf(catalogs.modalities, x.modality)}</td>
                    <td>{x.reference ?? t.none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t.history}</h3>
          <table className="data-table" data-testid="number-history">
            <thead>
              <tr><th scope="col">{t.when}</th><th scope="col">{t.who}</th><th scope="col">{t.change}</th><th scope="col">{t.reason}</th></tr>
            </thead>
            <tbody>
              {d.events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{fmtDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{e.from_status ? `${labelOf(catalogs.statuses, e.from_status)} → ` : ''}{labelOf(catalogs.statuses, e.to_status)}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.cases.length > 0 && (
            <p className="muted">{d.cases.map((x) => `${t.caseNo} ${x.id}: ${labelOf(catalogs.stages, x.stage)} (${fmtLocalDate(x.opened_on, 'short')})`).join(' · ')}</p>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>{t.close}</button>
      </div>
    </section>
  );
}
