// Agencies and their collaboration agreements: the list with the agreements' state (about to expire flagged), one
// agency with its contacts, portal accounts and agreements (signed document with its SHA-256, standing approval of
// the director general, termination), and the forms to register each of them.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, getCsrfToken, errorFromBody, noticeSessionProblem, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtLocalDate } from '../format.ts';
import { s } from '../strings.ts';
import type { AgencyDetail, AgencyRow, AgreementInfo, ReportTypeInfo } from '../types.ts';
import { messageOf, shortHash, useDistributionCatalog } from './DistributionParts.tsx';

const t = s.distribution.agencies;

export function AgenciesPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const agreementId = Number(params.get('convenio'));
  const agreements = useApi<{ agreements: AgreementInfo[] }>(agreementId > 0 ? '/api/agreements' : null);
  useEffect(() => {
    const a = agreements.data?.agreements.find((x) => x.id === agreementId);
    if (a?.parties[0]) navigate(`/dependencias?dependencia=${a.parties[0].id}`, { replace: true });
  }, [agreements.data, agreementId, navigate]);
  const id = Number(params.get('dependencia'));
  return id > 0 ? <AgencyPage key={id} id={id} /> : <AgencyList />;
}

function AgencyList() {
  const auth = useAuth();
  const list = useApi<{ agencies: AgencyRow[] }>('/api/agencies');
  const [creating, setCreating] = useState(false);
  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {auth.can('agencies.manage') &&
        (creating ? (
          <AgencyForm onDone={() => { setCreating(false); list.reload(); }} onCancel={() => setCreating(false)} />
        ) : (
          <p>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t.new}
            </button>
          </p>
        ))}
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.agencies.length === 0 && <p className="empty">{t.empty}</p>}
      {list.data && list.data.agencies.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="agencies">
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.agreements}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.agencies.map((a) => (
                <tr key={a.id} className={a.active ? undefined : 'inactive'} data-testid={`agency-${a.id}`}>
                  <th scope="row">
                    <Link to={`/dependencias?dependencia=${a.id}`}>{a.name}</Link>
                  </th>
                  <td>{a.kind_label}</td>
                  <td>
                    {a.current > 0 ? <span className="badge badge-ok">{t.currentAgreements(a.current)}</span> : <span className="badge badge-muted">{t.noCurrent}</span>}
                    {a.expiring.map((e) => (
                      <span key={e.id} className="badge badge-warn" style={{ marginLeft: '0.4rem' }}>
                        {t.expiring(e.number, e.daysLeft)}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function AgencyForm({ onDone, onCancel }: { onDone(): void; onCancel(): void }) {
  const catalog = useDistributionCatalog();
  const [f, setF] = useState({ name: '', shortName: '', kind: 'municipal', municipalityCode: '', address: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/agencies', { method: 'POST', body: f });
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-agency-title">
      <h2 id="new-agency-title">{t.new}</h2>
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="na-name">{t.name}</label>
          <input id="na-name" required value={f.name} onChange={set('name')} />
        </div>
        <div className="field">
          <label htmlFor="na-short">{t.shortName}</label>
          <input id="na-short" required value={f.shortName} onChange={set('shortName')} />
        </div>
        <div className="field">
          <label htmlFor="na-kind">{t.kind}</label>
          <select id="na-kind" value={f.kind} onChange={set('kind')}>
            {catalog?.agencyKinds.map((k) => (
              <option key={k.code} value={k.code}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="na-mun">{t.municipality}</label>
          <input id="na-mun" inputMode="numeric" maxLength={5} value={f.municipalityCode} onChange={set('municipalityCode')} />
        </div>
        <div className="field">
          <label htmlFor="na-address">{t.address}</label>
          <input id="na-address" value={f.address} onChange={set('address')} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">
          {s.distribution.common.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {s.distribution.common.cancel}
        </button>
      </div>
    </form>
  );
}

function AgencyPage({ id }: { id: number }) {
  const auth = useAuth();
  const manage = auth.can('agencies.manage');
  const data = useApi<AgencyDetail>(`/api/agencies/${id}`);
  const types = useApi<{ types: ReportTypeInfo[] }>('/api/reports/types', { cached: true });
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string; password?: string } | null>(null);
  const report = (code: string) => types.data?.types.find((x) => x.code === code)?.name ?? code;
  const d = data.data;
  const fail = (err: unknown) => setNotice({ kind: 'error', text: messageOf(err) });

  const standing = async (a: AgreementInfo, grant: boolean) => {
    const comment = window.prompt(t.standingPrompt);
    if (!comment) return;
    try {
      await api(`/api/agreements/${a.id}/standing-approval`, { method: 'POST', body: { grant, comment } });
      data.reload();
    } catch (err) {
      fail(err);
    }
  };
  const deactivate = async (contactId: number) => {
    try {
      await api(`/api/agencies/${id}/contacts/${contactId}/active`, { method: 'POST', body: { active: false } });
      data.reload();
    } catch (err) {
      fail(err);
    }
  };
  const terminate = async (a: AgreementInfo) => {
    const reason = window.prompt(t.terminatePrompt);
    if (!reason) return;
    try {
      await api(`/api/agreements/${a.id}/terminate`, { method: 'POST', body: { reason } });
      data.reload();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div className="page">
      <p>
        <Link to="/dependencias">{s.distribution.common.back}</Link>
      </p>
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {notice && (
        <Message kind={notice.kind}>
          <p>{notice.text}</p>
          {notice.password && (
            <p>
              {t.tempPassword}: <code data-testid="generated-password">{notice.password}</code>
            </p>
          )}
        </Message>
      )}
      {d && (
        <>
          <h1>{d.agency.name}</h1>
          <p className="muted">
            {d.agency.kind_label}
            {d.agency.municipality_code ? ` · ${d.agency.municipality_code}` : ''}
            {d.agency.address ? ` · ${d.agency.address}` : ''}
          </p>

          <section className="panel" aria-labelledby="agreements-title">
            <h2 id="agreements-title">{t.agreements}</h2>
            {d.agreements.length === 0 && <p className="empty">{t.noCurrent}</p>}
            {d.agreements.map((a) => (
              <article key={a.id} className="panel" data-testid={`agreement-${a.id}`}>
                <h3 style={{ marginTop: 0 }}>
                  {a.number} <span className={`badge ${t.stateBadges[a.state] ?? 'badge-muted'}`}>{a.state_label}</span>
                  {a.state === 'por_vencer' && <span className="badge badge-warn" style={{ marginLeft: '0.4rem' }}>{t.expiresIn(a.daysLeft)}</span>}
                </h3>
                <p>{a.title}</p>
                <p className="small">
                  {`${t.signedOn} ${fmtLocalDate(a.signed_on)} · ${t.validFrom} ${fmtLocalDate(a.valid_from)} · ${t.validUntil} ${fmtLocalDate(a.valid_until)}`}
                </p>
                <p className="small">
                  <strong>{t.reportTypes}:</strong> {a.report_types.map(report).join('; ')}
                </p>
                <p className="small">
                  <strong>{t.classifications}:</strong> {a.classifications.map((c) => (c === 'public' ? t.classPublic : t.classRestricted)).join(', ')}
                </p>
                <p className="small">
                  <strong>{t.parties}:</strong> {a.parties.map((p) => p.name).join('; ')}
                </p>
                <p className="small">
                  <strong>{t.document}:</strong>{' '}
                  {a.document ? (
                    <>
                      <a href={`/api/agreements/${a.id}/document`} download={a.document.file_name}>
                        {a.document.file_name}
                      </a>{' '}
                      <code title={a.document.sha256}>{`${s.distribution.common.sha} ${shortHash(a.document.sha256)}`}</code>
                    </>
                  ) : (
                    <span className="badge badge-warn">{t.noDocument}</span>
                  )}
                </p>
                {a.standing_approval && (
                  <p className="small">
                    <strong>{t.standing}:</strong> {`${a.standing_comment ?? ''} — ${t.standingBy(a.standing_by_name ?? '', fmtDateTime(a.standing_at))}`}
                  </p>
                )}
                {a.terminated_at && <p className="small">{t.terminated(a.termination_reason ?? '')}</p>}
                <div className="row-actions-inner">
                  {manage && !a.terminated_at && <UploadDocument agreementId={a.id} onDone={data.reload} onError={fail} />}
                  {auth.can('distribution.authorize') && !a.terminated_at && (
                    <button type="button" className="button small" onClick={() => standing(a, !a.standing_approval)}>
                      {a.standing_approval ? t.revokeStanding : t.grantStanding}
                    </button>
                  )}
                  {manage && !a.terminated_at && (
                    <button type="button" className="button small button-danger" onClick={() => terminate(a)}>
                      {t.terminate}
                    </button>
                  )}
                </div>
              </article>
            ))}
            {manage && <AgreementForm agencyId={id} types={types.data?.types ?? []} onDone={data.reload} />}
          </section>

          <section className="panel" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{t.contacts}</h2>
            <ul>
              {d.contacts.filter((c) => c.active).map((c) => (
                <li key={c.id}>
                  {`${c.name}, ${c.position}`}
                  {c.email ? ` · ${c.email}` : ''}
                  {c.phone ? ` · ${c.phone}` : ''}
                  {c.is_addressee && <span className="badge badge-info" style={{ marginLeft: '0.4rem' }}>{t.addressee}</span>}
                  {manage && (
                    <button type="button" className="link-button small" style={{ marginLeft: '0.6rem' }} onClick={() => deactivate(c.id)}>
                      {t.deactivate}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {manage && <ContactForm agencyId={id} onDone={data.reload} onError={fail} />}
          </section>

          {manage && (
            <section className="panel" aria-labelledby="accounts-title">
              <h2 id="accounts-title">{t.accounts}</h2>
              <p className="hint">{t.accountsHint}</p>
              {d.accounts.length === 0 ? (
                <p className="hint">{t.noAccounts}</p>
              ) : (
                <ul>
                  {d.accounts.map((u) => (
                    <li key={u.id} className={u.active ? undefined : 'muted'}>
                      <code>{u.username}</code> {u.display_name}
                    </li>
                  ))}
                </ul>
              )}
              <AccountForm
                agencyId={id}
                onDone={(username, password) => {
                  setNotice({ kind: 'success', text: t.accountCreated(username), password });
                  data.reload();
                }}
                onError={fail}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function UploadDocument({ agreementId, onDone, onError }: { agreementId: number; onDone(): void; onError(e: unknown): void }) {
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const form = new FormData();
      form.append('document', file, file.name);
      const res = await fetch(`/api/agreements/${agreementId}/document`, {
        method: 'POST',
        body: form,
        credentials: 'same-origin',
        headers: { 'x-csrf-token': getCsrfToken(), accept: 'application/json' },
      });
      if (!res.ok) {
        const err = errorFromBody(res.status, await res.text());
        noticeSessionProblem(err, '/api/agreements');
        throw err;
      }
      onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <label className="button small">
      {busy ? t.uploading : t.upload}
      <input
        type="file"
        accept="application/pdf,image/png,image/jpeg"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
          e.target.value = '';
        }}
      />
    </label>
  );
}

function AgreementForm({ agencyId, types, onDone }: { agencyId: number; types: ReportTypeInfo[]; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({ number: '', title: '', signedOn: '', validFrom: '', validUntil: '' });
  const [reportTypes, setReportTypes] = useState<string[]>([]);
  const [classes, setClasses] = useState<string[]>(['restricted']);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t.newAgreement}
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/agreements', { method: 'POST', body: { ...f, reportTypes, classifications: classes, agencyIds: [agencyId] } });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-agreement-title">
      <h3 id="new-agreement-title">{t.newAgreement}</h3>
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="ag-number">{t.number}</label>
          <input id="ag-number" required value={f.number} onChange={set('number')} />
        </div>
        <div className="field field-wide">
          <label htmlFor="ag-title">{t.titleField}</label>
          <input id="ag-title" required value={f.title} onChange={set('title')} />
        </div>
        <div className="field">
          <label htmlFor="ag-signed">{t.signedOn}</label>
          <input id="ag-signed" type="date" required value={f.signedOn} onChange={set('signedOn')} />
        </div>
        <div className="field">
          <label htmlFor="ag-from">{t.validFrom}</label>
          <input id="ag-from" type="date" required value={f.validFrom} onChange={set('validFrom')} />
        </div>
        <div className="field">
          <label htmlFor="ag-until">{t.validUntil}</label>
          <input id="ag-until" type="date" required value={f.validUntil} onChange={set('validUntil')} />
        </div>
      </div>
      <fieldset className="checks">
        <legend>{t.reportTypes}</legend>
        {types.filter((x) => x.external).map((x) => (
          <label key={x.code}>
            <input type="checkbox" checked={reportTypes.includes(x.code)} onChange={(e) => setReportTypes((l) => toggle(l, x.code, e.target.checked))} />
            {x.name}
          </label>
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>{t.classifications}</legend>
        {(['restricted', 'public'] as const).map((c) => (
          <label key={c}>
            <input type="checkbox" checked={classes.includes(c)} onChange={(e) => setClasses((l) => toggle(l, c, e.target.checked))} />
            {c === 'public' ? t.classPublic : t.classRestricted}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary">
          {s.distribution.common.save}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {s.distribution.common.cancel}
        </button>
      </div>
    </form>
  );
}

function ContactForm({ agencyId, onDone, onError }: { agencyId: number; onDone(): void; onError(e: unknown): void }) {
  const [f, setF] = useState({ name: '', position: '', email: '', phone: '' });
  const [addressee, setAddressee] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api(`/api/agencies/${agencyId}/contacts`, { method: 'POST', body: { ...f, isAddressee: addressee } });
      setF({ name: '', position: '', email: '', phone: '' });
      setAddressee(false);
      onDone();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label={t.addContact}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="ct-name">{t.name}</label>
          <input id="ct-name" required value={f.name} onChange={set('name')} />
        </div>
        <div className="field">
          <label htmlFor="ct-position">{t.position}</label>
          <input id="ct-position" required value={f.position} onChange={set('position')} />
        </div>
        <div className="field">
          <label htmlFor="ct-email">{t.email}</label>
          <input id="ct-email" type="email" value={f.email} onChange={set('email')} />
        </div>
        <div className="field">
          <label htmlFor="ct-phone">{t.phone}</label>
          <input id="ct-phone" value={f.phone} onChange={set('phone')} />
        </div>
      </div>
      <div className="actions">
        <label style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={addressee} onChange={(e) => setAddressee(e.target.checked)} />
          {t.addressee}
        </label>
        <button type="submit" className="button">
          {t.addContact}
        </button>
      </div>
    </form>
  );
}

function AccountForm({ agencyId, onDone, onError }: { agencyId: number; onDone(username: string, password: string): void; onError(e: unknown): void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<{ account: { username: string }; generatedPassword: string }>(`/api/agencies/${agencyId}/accounts`, {
        method: 'POST',
        body: { username: username.trim().toLowerCase(), displayName },
      });
      setUsername('');
      setDisplayName('');
      onDone(r.account.username, r.generatedPassword);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label={t.addAccount}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="acc-user">{t.username}</label>
          <input id="acc-user" required autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="acc-name">{t.displayName}</label>
          <input id="acc-name" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {t.addAccount}
        </button>
      </div>
    </form>
  );
}
