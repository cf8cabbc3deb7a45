// The unit's queue of hotline alerts sorted by due date, the overdue ones highlighted; intake of a new alert
// (identifiers and metadata only: there is no file field); one alert with its history and the next step.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, useApi } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtDateTime } from '../../format.ts';
import { s } from '../../strings.ts';
import type { CyberAlertDetail, CyberAlertRow, CyberCatalogs } from '../../types.ts';
import { Field, labelIn, useCyberCatalogs } from './common.tsx';

const t = s.cyber;

export function CyberAlertsPage() {
  const queue = useApi<{ now: string; open: CyberAlertRow[]; closed: CyberAlertRow[] }>('/api/cyber/alerts');
  const catalogs = useCyberCatalogs();
  const [selected, setSelected] = useState<number | null>(null);
  const [intake, setIntake] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const c = catalogs.data;

  return (
    <div className="page">
      <h1>{t.alertsTitle}</h1>
      <p className="muted">{t.alertsIntro}</p>
      {c && <p className="hint">{t.deadlinesNote(c.deadlines.assignment.hours, c.deadlines.investigation.hours, c.deadlines.referral.hours)}</p>}
      {notice && <Message kind="success">{notice}</Message>}
      {!intake && (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => { setNotice(null); setIntake(true); }}>{t.newAlert}</button>
        </div>
      )}
      {intake && c && <AlertIntake catalogs={c} onCancel={() => setIntake(false)} onSaved={() => { setIntake(false); setNotice(t.alertSaved); queue.reload(); }} />}
      {queue.error && <Message kind="error">{queue.error.message}</Message>}
      <div className={selected ? 'split' : undefined}>
        <div>
          <section className="table-section" aria-labelledby="alerts-queue">
            <h2 id="alerts-queue">{t.queue}</h2>
            {queue.data && queue.data.open.length === 0 && <p className="empty">{t.queueEmpty}</p>}
            {queue.data && queue.data.open.length > 0 && <AlertTable rows={queue.data.open} catalogs={c} onOpen={setSelected} selected={selected} testId="alert-queue" />}
          </section>
          {queue.data && queue.data.closed.length > 0 && (
            <section className="table-section" aria-labelledby="alerts-closed">
              <h2 id="alerts-closed">{t.closedAlerts}</h2>
              <AlertTable rows={queue.data.closed} catalogs={c} onOpen={setSelected} selected={selected} testId="alert-closed" />
            </section>
          )}
        </div>
        {selected !== null && c && <AlertPanel id={selected} catalogs={c} onClose={() => setSelected(null)} onChanged={() => queue.reload()} />}
      </div>
    </div>
  );
}

function AlertTable({ rows, catalogs, onOpen, selected, testId }: { rows: CyberAlertRow[]; catalogs?: CyberCatalogs; onOpen(id: number): void; selected: number | null; testId: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t.externalReference}</th>
            <th scope="col">{t.hotline}</th>
            <th scope="col">{t.statusCol}</th>
            <th scope="col">{t.step}</th>
            <th scope="col">{t.due}</th>
            <th scope="col">{t.assignedTo}</th>
            <th scope="col">{t.received}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={[r.overdue ? 'overdue' : '', r.id === selected ? 'selected' : ''].join(' ').trim() || undefined} data-overdue={r.overdue ? 'true' : 'false'}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onOpen(r.id)}>{r.external_reference}</button>
                {r.intake_late && <span className="tag">{t.lateIntake}</span>}
              </th>
              <td>{r.hotline}</td>
              <td>{labelIn(catalogs?.alertStatuses, r.status)}</td>
              <td>{r.pending_step ? t.steps[r.pending_step] : '—'}</td>
              <td className="nowrap">
                {r.due_at ? fmtDateTime(r.due_at) : '—'} {r.overdue && <span className="badge badge-danger">{t.overdue}</span>}
              </td>
              <td>{r.assigned_to_name ?? <span className="muted">{t.unassigned}</span>}</td>
              <td className="nowrap">{fmtDateTime(r.received_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const lines = (text: string) => text.split('\n').map((x) => x.trim()).filter(Boolean);

function AlertIntake({ catalogs, onCancel, onSaved }: { catalogs: CyberCatalogs; onCancel(): void; onSaved(): void }) {
  const [f, setF] = useState({ hotline: catalogs.hotlines[0]?.code ?? '', externalReference: '', hotlineReportedAt: '', contentUrls: '', contentHashes: '', ipAddresses: '', accountIdentifiers: '', contentKind: '', platform: '', hostingProvider: '', hostingCountry: '', summary: '' });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (k: keyof typeof f, v: string) => setF((x) => ({ ...x, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      await api('/api/cyber/alerts', {
        method: 'POST',
        body: {
          ...f,
          hotlineReportedAt: f.hotlineReportedAt ? new Date(f.hotlineReportedAt).toISOString() : '',
          contentUrls: lines(f.contentUrls),
          contentHashes: lines(f.contentHashes),
          ipAddresses: lines(f.ipAddresses),
          accountIdentifiers: lines(f.accountIdentifiers),
          contentKind: f.contentKind || undefined,
        },
      });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        setMessage(err.message);
        if (err.fields) setErrors(err.fields);
      } else setMessage(s.app.unexpectedError);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="alert-form-title" data-testid="alert-form">
      <h2 id="alert-form-title">{t.alertForm}</h2>
      <p className="notice">{t.noFiles}</p>
      {message && <Message kind="error">{message}</Message>}
      <div className="form-grid">
        <Field id="al-hotline" label={t.hotline} error={errors.hotline}>
          <select id="al-hotline" value={f.hotline} onChange={(e) => set('hotline', e.target.value)}>
            {catalogs.hotlines.map((h) => <option key={h.code} value={h.code}>{h.name}</option>)}
          </select>
        </Field>
        <Field id="al-ref" label={t.externalReference} error={errors.externalReference}>
          <input id="al-ref" required value={f.externalReference} onChange={(e) => set('externalReference', e.target.value)} />
        </Field>
        <Field id="al-at" label={t.hotlineReportedAt} error={errors.hotlineReportedAt}>
          <input id="al-at" type="datetime-local" required value={f.hotlineReportedAt} onChange={(e) => set('hotlineReportedAt', e.target.value)} />
        </Field>
        <Field id="al-kind" label={t.contentKind} error={errors.contentKind}>
          <select id="al-kind" value={f.contentKind} onChange={(e) => set('contentKind', e.target.value)}>
            <option value="">{t.choose}</option>
            {catalogs.contentKinds.map((k) => <option key={k.code} value={k.code}>{k.label}</option>)}
          </select>
        </Field>
        <Field id="al-platform" label={t.alertPlatform} error={errors.platform}>
          <input id="al-platform" value={f.platform} onChange={(e) => set('platform', e.target.value)} />
        </Field>
        <Field id="al-provider" label={t.hostingProvider} error={errors.hostingProvider}>
          <input id="al-provider" value={f.hostingProvider} onChange={(e) => set('hostingProvider', e.target.value)} />
        </Field>
        <Field id="al-country" label={t.hostingCountry} error={errors.hostingCountry}>
          <input id="al-country" value={f.hostingCountry} onChange={(e) => set('hostingCountry', e.target.value)} />
        </Field>
      </div>
      <div className="form-grid">
        <Field id="al-urls" label={t.contentUrls} error={errors.contentUrls}>
          <textarea id="al-urls" rows={3} value={f.contentUrls} onChange={(e) => set('contentUrls', e.target.value)} />
        </Field>
        <Field id="al-hashes" label={t.contentHashes} error={errors.contentHashes}>
          <textarea id="al-hashes" rows={3} value={f.contentHashes} onChange={(e) => set('contentHashes', e.target.value)} />
        </Field>
        <Field id="al-ips" label={t.ipAddresses} error={errors.ipAddresses}>
          <textarea id="al-ips" rows={2} value={f.ipAddresses} onChange={(e) => set('ipAddresses', e.target.value)} />
        </Field>
        <Field id="al-accounts" label={t.accounts} error={errors.accountIdentifiers}>
          <textarea id="al-accounts" rows={2} value={f.accountIdentifiers} onChange={(e) => set('accountIdentifiers', e.target.value)} />
        </Field>
      </div>
      <Field id="al-note" label={t.note} error={errors.summary}>
        <textarea id="al-note" rows={2} maxLength={1000} value={f.summary} onChange={(e) => set('summary', e.target.value)} />
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary">{t.registerAlert}</button>
        <button type="button" className="button" onClick={onCancel}>{t.cancel}</button>
      </div>
    </form>
  );
}

function AlertPanel({ id, catalogs, onClose, onChanged }: { id: number; catalogs: CyberCatalogs; onClose(): void; onChanged(): void }) {
  const detail = useApi<CyberAlertDetail>(`/api/cyber/alerts/${id}`);
  const people = useApi<{ id: number; name: string }[]>('/api/cyber/alerts/assignees', { cached: true });
  const [assignee, setAssignee] = useState('');
  const [destination, setDestination] = useState(catalogs.referralDestinations[0] ?? '');
  const [reference, setReference] = useState('');
  const [discard, setDiscard] = useState('');
  const [error, setError] = useState<string | null>(null);
  const a = detail.data?.alert;
  const act = async (body: object) => {
    setError(null);
    try {
      await api(`/api/cyber/alerts/${id}/actions`, { method: 'POST', body });
      detail.reload();
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  const open = a && a.pending_step !== null;
  return (
    <aside className="detail panel" aria-labelledby="alert-title" data-testid="alert-detail">
      <div className="detail-head">
        <h2 id="alert-title">{a ? t.alertDetail(a.external_reference) : s.app.loading}</h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label={t.close}>×</button>
      </div>
      {detail.error && <Message kind="error">{detail.error.message}</Message>}
      {error && <Message kind="error">{error}</Message>}
      {a && (
        <>
          <dl className="facts">
            <Fact label={t.hotline}>{catalogs.hotlines.find((h) => h.code === a.hotline)?.name ?? a.hotline}</Fact>
            <Fact label={t.hotlineReportedAt}>{fmtDateTime(a.hotline_reported_at)}</Fact>
            <Fact label={t.statusCol}>{labelIn(catalogs.alertStatuses, a.status)}</Fact>
            <Fact label={t.due}>{a.due_at ? fmtDateTime(a.due_at) : '—'}</Fact>
            <Fact label={t.assignedTo}>{a.assigned_to_name ?? t.unassigned}</Fact>
            <Fact label={t.contentKind}>{labelIn(catalogs.contentKinds, a.content_kind)}</Fact>
            <Fact label={t.alertPlatform}>{a.platform ?? '—'}</Fact>
            <Fact label={t.hostingProvider}>{[a.hosting_provider, a.hosting_country].filter(Boolean).join(' · ') || '—'}</Fact>
            {a.referral_reference && <Fact label={t.refer}>{`${a.referral_destination} · ${a.referral_reference}`}</Fact>}
            {a.discard_reason && <Fact label={t.discardReason}>{labelIn(catalogs.discardReasons, a.discard_reason)}</Fact>}
          </dl>
          <h3>{t.identifiers}</h3>
          <ul className="small identifiers">
            {[...a.content_urls, ...a.content_hashes, ...a.ip_addresses, ...a.account_identifiers].map((x) => <li key={x}><code>{x}</code></li>)}
          </ul>
          {a.summary && <p className="small">{a.summary}</p>}
          {open && (
            <>
              <h3>{t.step}: {t.steps[a.pending_step!]}</h3>
              <div className="field">
                <label htmlFor="al-assignee">{t.assignTo}</label>
                <select id="al-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                  <option value="">{t.choose}</option>
                  {(people.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                </select>
              </div>
              <div className="actions">
                <button type="button" className="button" disabled={!assignee} onClick={() => act({ kind: 'assign', assigneeId: Number(assignee) })}>{t.assign}</button>
                {a.status === 'asignada' && <button type="button" className="button button-primary" onClick={() => act({ kind: 'start' })}>{t.start}</button>}
              </div>
              {a.status === 'en_investigacion' && (
                <>
                  <div className="field">
                    <label htmlFor="al-dest">{t.destination}</label>
                    <input id="al-dest" list="al-dests" value={destination} onChange={(e) => setDestination(e.target.value)} />
                    <datalist id="al-dests">{catalogs.referralDestinations.map((d) => <option key={d} value={d} />)}</datalist>
                  </div>
                  <div className="field">
                    <label htmlFor="al-refnum">{t.referenceLabel}</label>
                    <input id="al-refnum" value={reference} onChange={(e) => setReference(e.target.value)} />
                  </div>
                  <div className="actions">
                    <button type="button" className="button button-primary" onClick={() => act({ kind: 'refer', destination, reference })}>{t.refer}</button>
                  </div>
                </>
              )}
              <div className="field">
                <label htmlFor="al-discard">{t.discardReason}</label>
                <select id="al-discard" value={discard} onChange={(e) => setDiscard(e.target.value)}>
                  <option value="">{t.choose}</option>
                  {catalogs.discardReasons.map((r) => <option key={r.code} value={r.code}>{r.label}</option>)}
                </select>
              </div>
              <div className="actions">
                <button type="button" className="button button-danger" disabled={!discard} onClick={() => act({ kind: 'discard', reason: discard })}>{t.discard}</button>
              </div>
            </>
          )}
          <h3>{t.history}</h3>
          <ol className="history small" data-testid="alert-history">
            {detail.data!.events.map((e) => (
              <li key={e.id}>
                {fmtDateTime(e.at)} · {e.actor} · {labelIn(catalogs.alertStatuses, e.to_status)}
                {e.step && <> · {t.steps[e.step]}: <span className={e.late ? 'badge badge-danger' : 'badge badge-ok'}>{e.late ? t.late : t.onTime}</span></>}
                {e.note && <> · {e.note}</>}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
