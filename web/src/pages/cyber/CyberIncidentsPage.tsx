// The cyber unit's registry: the list of cases with filters, the form to file one, and the follow-up of a case
// (status and referral to the prosecutor's office). A Director General without a grant of the unit is told that
// the profile sees statistics only.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, api, useApi, withQuery } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtDateTime, fmtLocalDate, fmtNumber, todayLocal } from '../../format.ts';
import { useMunicipalities, useNameMap } from '../../reference.ts';
import { s } from '../../strings.ts';
import type { CyberCatalogs, CyberIncident, CyberIncidentPage } from '../../types.ts';
import { Field, fmtMoney, labelIn, useCyberAccess, useCyberCatalogs } from './common.tsx';

const t = s.cyber;

export function CyberIncidentsPage() {
  const access = useCyberAccess();
  const catalogs = useCyberCatalogs();
  const [filters, setFilters] = useState({ month: '', type: '', status: '', q: '' });
  const [draft, setDraft] = useState(filters);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<CyberIncident | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const cases = access.data?.cases === true;
  const range = filters.month ? monthRange(filters.month) : null;
  const list = useApi<CyberIncidentPage>(
    cases ? withQuery('/api/cyber/incidents', { from: range?.from, to: range?.to, type: filters.type, status: filters.status, q: filters.q, page, pageSize: 50 }) : null,
  );
  const municipalities = useNameMap(useMunicipalities().data);

  if (access.error) return <Message kind="error">{access.error.message}</Message>;
  if (!access.data) return <p role="status">{s.app.loading}</p>;

  const submitFilters = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setFilters(draft);
  };
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="page">
      <h1>{t.incidentsTitle}</h1>
      <p className="muted">{t.incidentsIntro}</p>
      {!cases && (
        <Message kind="info">
          {t.statisticsOnly} <Link to="/ciber/indicadores">{t.nav.indicators}</Link>
        </Message>
      )}
      {access.data.grantedUntil && <p className="notice">{t.grantedUntil(fmtDateTime(access.data.grantedUntil))}</p>}
      {notice && <Message kind="success">{notice}</Message>}
      {cases && access.data.edit && editing === null && (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => { setNotice(null); setEditing('new'); }}>
            {t.newIncident}
          </button>
        </div>
      )}
      {editing !== null && catalogs.data && (
        <IncidentForm
          key={editing === 'new' ? 'new' : editing.id}
          catalogs={catalogs.data}
          incident={editing === 'new' ? null : editing}
          readOnly={!access.data.edit}
          onCancel={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice(created ? t.saved(saved.folio) : t.updated(saved.folio));
            list.reload();
          }}
        />
      )}
      {cases && (
        <>
          <form className="filters" onSubmit={submitFilters} aria-label={s.filters.legend}>
            <div className="filters-grid">
              <div className="field">
                <label htmlFor="cy-f-month">{t.month}</label>
                <input id="cy-f-month" type="month" value={draft.month} onChange={(e) => setDraft({ ...draft, month: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor="cy-f-type">{t.type}</label>
                <select id="cy-f-type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
                  <option value="">{t.allTypes}</option>
                  {catalogs.data?.types.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="cy-f-status">{t.status}</label>
                <select id="cy-f-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
                  <option value="">{t.allStatuses}</option>
                  {catalogs.data?.statuses.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="cy-f-q">{t.search}</label>
                <input id="cy-f-q" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
              </div>
            </div>
            <div className="actions">
              <button type="submit" className="button button-primary">{t.apply}</button>
            </div>
          </form>
          {list.error && <Message kind="error">{list.error.message}</Message>}
          <div className="table-toolbar">
            <p className="total" role="status" data-testid="cyber-total">{data ? t.total(fmtNumber(data.total)) : s.app.loading}</p>
            {data && data.total > data.pageSize && (
              <div className="pager">
                <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>{s.incidents.prev}</button>
                <span>{s.incidents.pageOf(fmtNumber(page), fmtNumber(pages))}</span>
                <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>{s.incidents.next}</button>
              </div>
            )}
          </div>
          {data && data.items.length === 0 && <p className="empty">{t.empty}</p>}
          {data && data.items.length > 0 && (
            <div className="table-scroll">
              <table className="data-table" data-testid="cyber-incidents">
                <thead>
                  <tr>
                    <th scope="col">{t.folio}</th>
                    <th scope="col">{t.reportedOn}</th>
                    <th scope="col">{t.type}</th>
                    <th scope="col">{t.platform}</th>
                    <th scope="col">{t.channel}</th>
                    <th scope="col">{t.victimSex}</th>
                    <th scope="col">{t.municipality}</th>
                    <th scope="col" className="num">{t.amount}</th>
                    <th scope="col">{t.status}</th>
                    <th scope="col">{t.referred}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.id} className={editing !== null && editing !== 'new' && editing.id === r.id ? 'selected' : undefined}>
                      <th scope="row">
                        <button type="button" className="link-button" onClick={() => { setNotice(null); setEditing(r); }} aria-label={`${t.editTitle(r.folio)}`}>{r.folio}</button>
                      </th>
                      <td className="nowrap">{fmtLocalDate(r.reported_on, 'short')}</td>
                      <td>{labelIn(catalogs.data?.types, r.type_code)}</td>
                      <td>{labelIn(catalogs.data?.platforms, r.platform)}</td>
                      <td>{labelIn(catalogs.data?.channels, r.intake_channel)}</td>
                      <td>{labelIn(catalogs.data?.sexes, r.victim_sex)}</td>
                      <td>{r.municipality_code ? (municipalities.get(r.municipality_code)?.name ?? r.municipality_code) : <span className="muted">{t.municipalityNone}</span>}</td>
                      <td className="num">{fmtMoney(r.amount_lost)}</td>
                      <td>{labelIn(catalogs.data?.statuses, r.status)}</td>
                      <td>{r.referred ? `${t.yes} · ${r.referral_reference}` : t.no}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function monthRange(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

interface FormState {
  reportedOn: string;
  intakeChannel: string;
  victimSex: string;
  victimAge: string;
  municipality: string;
  type: string;
  platform: string;
  amountLost: string;
  status: string;
  referred: boolean;
  referralReference: string;
  referralDate: string;
}

function stateOf(i: CyberIncident | null): FormState {
  if (!i) {
    return { reportedOn: todayLocal(), intakeChannel: '', victimSex: '', victimAge: '', municipality: '', type: '', platform: '', amountLost: '', status: 'registrado', referred: false, referralReference: '', referralDate: '' };
  }
  return {
    reportedOn: i.reported_on,
    intakeChannel: i.intake_channel,
    victimSex: i.victim_sex,
    victimAge: i.victim_age_group === 'no_especificado' ? '' : i.victim_age_group,
    municipality: i.municipality_code ?? '',
    type: i.type_code,
    platform: i.platform,
    amountLost: i.amount_lost === null ? '' : String(i.amount_lost),
    status: i.status,
    referred: i.referred,
    referralReference: i.referral_reference ?? '',
    referralDate: i.referral_date ?? '',
  };
}

function IncidentForm({ catalogs, incident, readOnly, onCancel, onSaved }: { catalogs: CyberCatalogs; incident: CyberIncident | null; readOnly: boolean; onCancel(): void; onSaved(i: CyberIncident, created: boolean): void }) {
  const [form, setForm] = useState<FormState>(() => stateOf(incident));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const municipalities = useMunicipalities();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const err = (k: keyof FormState) => errors[k];
  const described = (id: string, k: keyof FormState) => (errors[k] ? `${id}-error` : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      const body = { ...form, referralReference: form.referred ? form.referralReference : '', referralDate: form.referred ? form.referralDate : '' };
      const res = incident
        ? await api<{ incident: CyberIncident }>(`/api/cyber/incidents/${incident.id}`, { method: 'PUT', body })
        : await api<{ incident: CyberIncident }>('/api/cyber/incidents', { method: 'POST', body });
      onSaved(res.incident, !incident);
    } catch (error) {
      if (error instanceof ApiError) {
        setMessage(error.message);
        if (error.fields) setErrors(error.fields);
      } else setMessage(s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="cy-form-title" data-testid="cyber-form">
      <h2 id="cy-form-title">{incident ? t.editTitle(incident.folio) : t.formTitle}</h2>
      {incident && (
        <p className="muted small">
          {t.detailSource}: {t.sources[incident.source] ?? incident.source} · {fmtDateTime(incident.updated_at)}
        </p>
      )}
      {message && <Message kind="error">{message}</Message>}
      <fieldset disabled={readOnly || busy}>
        <div className="form-grid">
          <Field id="cy-date" label={t.reportedOn} error={err('reportedOn')}>
            <input id="cy-date" type="date" required max={todayLocal()} value={form.reportedOn} onChange={(e) => set('reportedOn', e.target.value)} aria-describedby={described('cy-date', 'reportedOn')} />
          </Field>
          <Field id="cy-channel" label={t.channel} error={err('intakeChannel')}>
            <select id="cy-channel" required value={form.intakeChannel} onChange={(e) => set('intakeChannel', e.target.value)} aria-describedby={described('cy-channel', 'intakeChannel')}>
              <option value="">{t.choose}</option>
              {catalogs.channels.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </Field>
          <Field id="cy-type" label={t.type} error={err('type')}>
            <select id="cy-type" required value={form.type} onChange={(e) => set('type', e.target.value)} aria-describedby={described('cy-type', 'type')}>
              <option value="">{t.choose}</option>
              {catalogs.types.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </Field>
          <Field id="cy-platform" label={t.platform} error={err('platform')}>
            <select id="cy-platform" required value={form.platform} onChange={(e) => set('platform', e.target.value)} aria-describedby={described('cy-platform', 'platform')}>
              <option value="">{t.choose}</option>
              {catalogs.platforms.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </Field>
          <Field id="cy-sex" label={t.victimSex} error={err('victimSex')}>
            <select id="cy-sex" value={form.victimSex} onChange={(e) => set('victimSex', e.target.value)}>
              <option value="">{t.choose}</option>
              {catalogs.sexes.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </Field>
          <Field id="cy-age" label={t.victimAge} hint={t.victimAgeHint} error={err('victimAge')}>
            <input id="cy-age" list="cy-age-groups" value={form.victimAge} onChange={(e) => set('victimAge', e.target.value)} aria-describedby={`cy-age-hint${errors.victimAge ? ' cy-age-error' : ''}`} />
            <datalist id="cy-age-groups">
              {catalogs.ageGroups.filter((g) => g.code !== 'no_especificado').map((g) => <option key={g.code} value={g.code}>{g.label}</option>)}
            </datalist>
          </Field>
          <Field id="cy-mun" label={t.municipality} error={err('municipality')}>
            <select id="cy-mun" value={form.municipality} onChange={(e) => set('municipality', e.target.value)}>
              <option value="">{t.municipalityNone}</option>
              {[...(municipalities.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'es')).map((m) => <option key={m.code} value={m.code}>{m.name}</option>)}
            </select>
          </Field>
          <Field id="cy-amount" label={t.amount} hint={t.amountHint} error={err('amountLost')}>
            <input id="cy-amount" inputMode="decimal" value={form.amountLost} onChange={(e) => set('amountLost', e.target.value)} aria-describedby={`cy-amount-hint${errors.amountLost ? ' cy-amount-error' : ''}`} />
          </Field>
          <Field id="cy-status" label={t.status} error={err('status')}>
            <select id="cy-status" value={form.status} onChange={(e) => set('status', e.target.value)}>
              {catalogs.statuses.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
            </select>
          </Field>
        </div>
        <div className="field checkbox-field">
          <label>
            <input type="checkbox" checked={form.referred} onChange={(e) => set('referred', e.target.checked)} /> {t.referred}
          </label>
        </div>
        {form.referred && (
          <div className="form-grid">
            <Field id="cy-ref" label={t.referralReference} error={err('referralReference')}>
              <input id="cy-ref" value={form.referralReference} onChange={(e) => set('referralReference', e.target.value)} aria-describedby={described('cy-ref', 'referralReference')} />
            </Field>
            <Field id="cy-ref-date" label={t.referralDate} error={err('referralDate')}>
              <input id="cy-ref-date" type="date" max={todayLocal()} value={form.referralDate} onChange={(e) => set('referralDate', e.target.value)} aria-describedby={described('cy-ref-date', 'referralDate')} />
            </Field>
          </div>
        )}
      </fieldset>
      <div className="actions">
        {!readOnly && (
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t.saving : incident ? t.saveChanges : t.save}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          {readOnly ? t.close : t.cancel}
        </button>
      </div>
    </form>
  );
}
