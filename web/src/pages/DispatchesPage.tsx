// Dispatches to agencies: the list, the preparation of a new one (product, agency with its agreement checked as
// you choose, channel, addressee — for e-mail, the agency's contacts with an address —, texts), and one dispatch
// with its documents, its trail and the next step the person can take (submit, validate, approve, return, issue and
// send, record delivery or receipt, cancel); an e-mail shows its Message-ID once sent, or why the last attempt failed.
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, useApi, withQuery } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { AgencyDetail, AgencyRow, DispatchAction, DispatchDetailInfo, DispatchSummaryInfo, ProductInfo, ReportTypeInfo } from '../types.ts';
import { Facts, StatusBadge, areaName, messageOf, shortHash, useDistributionCatalog } from './DistributionParts.tsx';
import { fmtBytes } from '../format.ts';
import { NOTIFICATIONS_EVENT } from './ReportsNotifications.tsx';

const t = s.distribution.dispatches;

export function DispatchesPage() {
  const [params] = useSearchParams();
  const auth = useAuth();
  const id = Number(params.get('id'));
  const [creating, setCreating] = useState(params.has('nuevo') || params.has('producto'));
  if (id > 0) return <DispatchDetail key={id} id={id} />;
  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      {auth.can('distribution.prepare') &&
        (creating ? (
          <NewDispatch
            onCancel={() => setCreating(false)}
            initial={{ productId: Number(params.get('producto')) || null, agencyId: Number(params.get('dependencia')) || null, requestId: Number(params.get('solicitud')) || null }}
          />
        ) : (
          <p>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t.new}
            </button>
          </p>
        ))}
      <DispatchList />
    </div>
  );
}

function DispatchList() {
  const catalog = useDistributionCatalog();
  const [status, setStatus] = useState('');
  const [agency, setAgency] = useState('');
  const agencies = useApi<{ agencies: AgencyRow[] }>('/api/agencies');
  const list = useApi<{ dispatches: DispatchSummaryInfo[] }>(withQuery('/api/dispatches', { status, agencyId: agency }));
  return (
    <>
      <div className="filters">
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="d-status">{t.filterStatus}</label>
            <select id="d-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{s.distribution.common.all}</option>
              {catalog?.statuses.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="d-agency">{t.filterAgency}</label>
            <select id="d-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
              <option value="">{s.distribution.common.all}</option>
              {agencies.data?.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {list.error && <Message kind="error">{list.error.message}</Message>}
      {list.data && list.data.dispatches.length === 0 && <p className="empty">{t.empty}</p>}
      {list.data && list.data.dispatches.length > 0 && <DispatchTable rows={list.data.dispatches} />}
    </>
  );
}

export function DispatchTable({ rows, age }: { rows: DispatchSummaryInfo[]; age?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="dispatch-table">
        <caption className="visually-hidden">{t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.id}</th>
            <th scope="col">{t.folio}</th>
            <th scope="col">{t.agency}</th>
            <th scope="col">{t.subject}</th>
            <th scope="col">{t.report}</th>
            <th scope="col">{t.channel}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{age ? s.distribution.acks.age : t.sentAt}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-testid={`dispatch-${d.id}`}>
              <td>
                <Link to={`/envios?id=${d.id}`}>{d.id}</Link>
              </td>
              <td className="nowrap">
                {d.folio ?? s.app.dash}
                {d.folio_status === 'cancelled' && <span className="tag">{s.distribution.folios.cancelled}</span>}
              </td>
              <td>{d.agency_name}</td>
              <td className="prose">
                <Link to={`/envios?id=${d.id}`}>{d.subject}</Link>
              </td>
              <td>
                {d.report_name}
                <span className="tag">
                  {d.period_key} · v{d.product_version}
                </span>
              </td>
              <td>{d.channel_label}</td>
              <td>
                <StatusBadge status={d.status} label={d.status_label} />
              </td>
              <td className="nowrap">{age ? s.distribution.common.days(d.ageDays ?? 0) : fmtDateTime(d.sent_at ?? d.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Initial {
  productId: number | null;
  agencyId: number | null;
  requestId: number | null;
}

function NewDispatch({ onCancel, initial }: { onCancel(): void; initial: Initial }) {
  const auth = useAuth();
  const navigate = useNavigate();
  const catalog = useDistributionCatalog();
  const products = useApi<{ products: ProductInfo[] }>('/api/products?limit=200');
  const types = useApi<{ types: ReportTypeInfo[] }>('/api/reports/types', { cached: true });
  const agencies = useApi<{ agencies: AgencyRow[] }>('/api/agencies');
  const [productId, setProductId] = useState(initial.productId ? String(initial.productId) : '');
  const [agencyId, setAgencyId] = useState(initial.agencyId ? String(initial.agencyId) : '');
  const [channel, setChannel] = useState('oficio');
  const [contactId, setContactId] = useState('');
  const [issuingArea, setIssuingArea] = useState('DG');
  const [encrypted, setEncrypted] = useState(false);
  const [emailContactIds, setEmailContactIds] = useState<number[]>([]);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const detail = useApi<AgencyDetail>(agencyId ? `/api/agencies/${agencyId}` : null);
  const coverage = useApi<{ covered: boolean; reason?: string; agreement?: { number: string; standingApproval: boolean } }>(
    productId && agencyId ? withQuery('/api/distribution/coverage', { productId, agencyId }) : null,
  );

  const areaOf = useMemo(() => new Map((types.data?.types ?? []).map((x) => [x.code, x.area])), [types.data]);
  const userArea = auth.user!.area_code;
  const candidates = (products.data?.products ?? []).filter(
    (p) => p.classification !== 'internal' && (userArea === 'DG' || areaOf.get(p.reportType) === userArea),
  );
  const product = candidates.find((p) => String(p.id) === productId);
  const productArea = product ? areaOf.get(product.reportType) : undefined;

  useEffect(() => {
    setContactId('');
    setEmailContactIds([]);
  }, [agencyId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await api<{ dispatch: DispatchDetailInfo }>('/api/dispatches', {
        method: 'POST',
        body: {
          productId: Number(productId),
          agencyId: Number(agencyId),
          channel,
          contactId: contactId ? Number(contactId) : null,
          issuingArea,
          encrypted: channel === 'magnetic_media' && encrypted,
          ...(channel === 'email' ? { emailContactIds } : {}),
          ...(subject.trim() ? { subject } : {}),
          ...(body.trim() ? { body } : {}),
          ...(initial.requestId ? { requestId: initial.requestId } : {}),
        },
      });
      window.dispatchEvent(new Event(NOTIFICATIONS_EVENT));
      navigate(`/envios?id=${r.dispatch.id}`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-dispatch-title" data-testid="new-dispatch">
      <h2 id="new-dispatch-title">{t.newTitle}</h2>
      {initial.requestId ? <p className="hint">{`${t.request}: ${initial.requestId}`}</p> : null}
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor="nd-product">{t.product}</label>
          <select id="nd-product" required value={productId} onChange={(e) => setProductId(e.target.value)}>
            <option value="">{t.chooseProduct}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {`${p.reportName} · ${p.period} · v${p.version} (núm. ${p.id})`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nd-agency">{t.agency}</label>
          <select id="nd-agency" required value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t.chooseAgency}</option>
            {agencies.data?.agencies.filter((a) => a.active).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nd-contact">{t.contact}</label>
          <select id="nd-contact" value={contactId} onChange={(e) => setContactId(e.target.value)} disabled={!detail.data}>
            <option value="">{detail.data?.contacts.find((c) => c.is_addressee && c.active)?.name ?? t.noContact}</option>
            {detail.data?.contacts.filter((c) => c.active && !c.is_addressee).map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.name} (${c.position})`}
              </option>
            ))}
          </select>
        </div>
      </div>
      {coverage.data?.covered && (
        <Message kind="success">
          <p data-testid="coverage">{t.covered(coverage.data.agreement!.number)}</p>
          {coverage.data.agreement!.standingApproval && <p>{t.standing}</p>}
        </Message>
      )}
      {coverage.data && !coverage.data.covered && (
        <Message kind="warning">
          <p data-testid="coverage">{coverage.data.reason}</p>
        </Message>
      )}
      <fieldset className="checks">
        <legend>{t.channel}</legend>
        {catalog?.channels.map((c) => (
          <label key={c.code}>
            <input type="radio" name="nd-channel" value={c.code} checked={channel === c.code} disabled={c.code === 'email' && !catalog.email.available} onChange={() => setChannel(c.code)} />
            {c.label}
          </label>
        ))}
        {catalog && !catalog.email.available && (
          <p className="hint" data-testid="email-unavailable">
            {t.emailUnavailable(catalog.email.reason ?? '')}
          </p>
        )}
      </fieldset>
      {channel === 'email' && catalog?.email.available && (
        <EmailRecipients contacts={detail.data?.contacts ?? []} chosen={emailContactIds} onChange={setEmailContactIds} sender={catalog.email.sender ?? ''} maxBytes={catalog.email.maxBytes} />
      )}
      {channel === 'magnetic_media' && (
        <p>
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" checked={encrypted} disabled={!catalog?.encryption} onChange={(e) => setEncrypted(e.target.checked)} />
            {t.encrypted}
          </label>
          {!catalog?.encryption && <span className="hint"> {t.encryptionUnavailable}</span>}
        </p>
      )}
      <div className="form-grid" style={{ marginTop: '0.9rem' }}>
        <div className="field">
          <label htmlFor="nd-area">{t.issuingArea}</label>
          <select id="nd-area" value={issuingArea} onChange={(e) => setIssuingArea(e.target.value)}>
            <option value="DG">{areaName(catalog, 'DG')}</option>
            {productArea && productArea !== 'DG' && <option value={productArea}>{areaName(catalog, productArea)}</option>}
          </select>
        </div>
        <div className="field field-wide">
          <label htmlFor="nd-subject">{t.subject}</label>
          <input id="nd-subject" maxLength={300} value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
      </div>
      <div className="field" style={{ marginTop: '0.6rem' }}>
        <label htmlFor="nd-body">{t.body}</label>
        <textarea id="nd-body" rows={4} maxLength={10000} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby="nd-texts-hint" />
        <p id="nd-texts-hint" className="hint">
          {t.textsHint}
        </p>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy || !productId || !agencyId || (channel === 'email' && emailContactIds.length === 0)}>
          {busy ? t.creating : t.create}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {s.distribution.common.cancel}
        </button>
      </div>
    </form>
  );
}

/** The agency's active contacts with an address: the only ones an e-mail can go to. */
function EmailRecipients({ contacts, chosen, onChange, sender, maxBytes }: { contacts: AgencyDetail['contacts']; chosen: number[]; onChange(ids: number[]): void; sender: string; maxBytes: number }) {
  const withEmail = contacts.filter((c) => c.active && c.email);
  const toggle = (id: number, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((x) => x !== id));
  return (
    <div data-testid="email-recipients">
      <fieldset className="checks">
        <legend>{t.emailRecipients}</legend>
        {withEmail.length === 0 && <p className="hint">{t.emailNoContacts}</p>}
        {withEmail.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {`${c.name} (${c.position}) <${c.email}>`}
          </label>
        ))}
      </fieldset>
      {sender && <p className="hint">{t.emailLimit(sender, fmtBytes(maxBytes))}</p>}
    </div>
  );
}

function DispatchDetail({ id }: { id: number }) {
  const catalog = useDistributionCatalog();
  const data = useApi<{ dispatch: DispatchDetailInfo }>(`/api/dispatches/${id}`);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const d = data.data?.dispatch;
  const actionLabel = (a: string) => catalog?.actions.find((x) => x.code === a)?.label ?? a;
  const statusLabel = (code: string | null) => (code ? (catalog?.statuses.find((x) => x.code === code)?.label ?? code) : '');

  return (
    <div className="page">
      <p>
        <Link to="/envios">{s.distribution.common.back}</Link>
      </p>
      <h1>{t.detailTitle(id)}</h1>
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {notice && <Message kind={notice.kind}>{notice.text}</Message>}
      {d && (
        <>
          <p>
            <StatusBadge status={d.status} label={d.status_label} /> {d.folio && <strong data-testid="dispatch-folio">{d.folio}</strong>}
            {d.folio_status === 'cancelled' && <span className="tag">{s.distribution.folios.cancelled}</span>}
          </p>
          {d.email?.send_error && d.status === 'approved' && (
            <Message kind="error">
              <p data-testid="send-error">{t.sendError(fmtDateTime(d.email.send_error_at), d.email.send_error)}</p>
            </Message>
          )}
          <div className="split">
            <div>
              <section className="panel">
                <h2>{t.subject}</h2>
                <p data-testid="dispatch-subject">
                  <strong>{d.subject}</strong>
                </p>
                <div style={{ whiteSpace: 'pre-wrap' }}>{d.body}</div>
              </section>
              {d.actions.includes('edit') && <EditDispatch d={d} onSaved={data.reload} />}
              <Actions d={d} label={actionLabel} onDone={(text) => { setNotice({ kind: 'success', text }); data.reload(); window.dispatchEvent(new Event(NOTIFICATIONS_EVENT)); }} onError={(text) => setNotice({ kind: 'error', text })} />
              <section className="panel">
                <h2>{t.trail}</h2>
                <div className="table-scroll">
                  <table className="data-table compact" data-testid="dispatch-trail">
                    <thead>
                      <tr>
                        <th scope="col">{t.at}</th>
                        <th scope="col">{t.who}</th>
                        <th scope="col">{t.step}</th>
                        <th scope="col">{s.distribution.common.comment}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.events.map((e) => (
                        <tr key={e.id}>
                          <td className="nowrap">{fmtDateTime(e.at)}</td>
                          <td>{e.actor_name}</td>
                          <td>
                            {s.distribution.events[e.action] ?? e.action}
                            {e.details.standingApproval ? <span className="tag">{t.standingApproved}</span> : null}
                            {e.action === 'reminder' && <div className="hint">{t.reminderNo(Number(e.details.reminder ?? 0), Number(e.details.days ?? 0))}</div>}
                            {e.action === 'send_failed' && <div className="hint">{String(e.details.error ?? '')}</div>}
                            {e.from_status && e.from_status !== e.to_status && <div className="hint">{`${statusLabel(e.from_status)} → ${statusLabel(e.to_status)}`}</div>}
                          </td>
                          <td className="prose">{e.comment ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </div>
            <aside className="panel detail">
              <h3>{t.facts}</h3>
              <Facts
                items={[
                  [t.agency, d.agency_name],
                  [t.contact, d.contact ? `${d.contact.name}, ${d.contact.position}` : t.noContact],
                  [t.report, `${d.report_name} · ${d.period_key} · v${d.product_version} (núm. ${d.product_id})`],
                  [t.classification, s.reports.classifications[d.classification] ?? d.classification],
                  [t.channel, d.channel_label],
                  [t.issuingArea, areaName(catalog, d.issuing_area)],
                  [t.producingArea, areaName(catalog, d.producing_area)],
                  [t.agreement, d.agreement_number],
                  [t.preparedBy, `${d.created_by_name ?? ''} · ${fmtDateTime(d.created_at)}`],
                  [t.sentAt, d.sent_at ? fmtDateTime(d.sent_at) : null],
                  ...(d.email ? [[t.emailTo, <Breakable text={d.email.recipients.map((r) => `${r.name} <${r.address ?? ''}>`).join('; ')} />] as [string, ReactNode]] : []),
                  ...(d.email?.message_id ? [[t.messageId, <Breakable text={d.email.message_id} />] as [string, ReactNode]] : []),
                  ...(d.email?.message_id ? [[t.emailAccepted, <Breakable text={d.email.accepted.join(', ') || s.app.dash} />] as [string, ReactNode]] : []),
                  ...(d.email?.rejected.length ? [[t.emailRejected, <Breakable text={d.email.rejected.join(', ')} />] as [string, ReactNode]] : []),
                  ...(d.seal_number ? [[t.seal, d.seal_number] as [string, string]] : []),
                  ...(d.courier ? [[t.courier, d.courier] as [string, string]] : []),
                  ...(d.delivered_at ? [[t.deliveredAt, fmtDateTime(d.delivered_at)] as [string, string]] : []),
                  [t.receivedAt, d.status === 'acknowledged' ? fmtDateTime(d.received_at) : null],
                  [t.receivedBy, d.received_by],
                  ...(d.receipt_notes ? [[t.receiptNotes, d.receipt_notes] as [string, string]] : []),
                  [t.reminders, String(d.reminders)],
                ]}
              />
              <h3>{t.documents}</h3>
              {d.documents.length === 0 ? (
                <p>
                  <a href={`/api/dispatches/${d.id}/preview`} target="_blank" rel="noreferrer">
                    {t.preview}
                  </a>
                </p>
              ) : (
                <ul className="chips" data-testid="dispatch-documents">
                  {d.documents.map((doc) => (
                    <li key={doc.kind} className="chip">
                      <a href={`/api/dispatches/${d.id}/documents/${doc.kind}`} download={doc.file_name} title={`${s.distribution.common.sha} ${doc.sha256}`}>
                        {doc.file_name}
                      </a>
                      <span className="muted small">{fmtBytes(doc.size)}</span>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t.annexes}</h3>
              <ul className="small" style={{ paddingLeft: '1.1rem' }}>
                {d.annexes.map((a) => (
                  <li key={a.fileName}>
                    {a.fileName} <code title={a.sha256}>{shortHash(a.sha256)}</code>
                  </li>
                ))}
              </ul>
              <h3>{t.downloads}</h3>
              {d.download_log.length === 0 ? (
                <p className="hint">{t.noDownloads}</p>
              ) : (
                <ul className="small" style={{ paddingLeft: '1.1rem' }}>
                  {d.download_log.map((x, i) => (
                    <li key={i}>{`${fmtDateTime(x.at)} · ${x.user_name} · ${x.file_name}`}</li>
                  ))}
                </ul>
              )}
            </aside>
          </div>
        </>
      )}
    </div>
  );
}

/** Addresses and message ids have no spaces: let them break anywhere rather than overflow the column. */
const Breakable = ({ text }: { text: string }) => <span style={{ overflowWrap: 'anywhere' }}>{text}</span>;

function EditDispatch({ d, onSaved }: { d: DispatchDetailInfo; onSaved(): void }) {
  const [subject, setSubject] = useState(d.subject);
  const [body, setBody] = useState(d.body);
  const initialRecipients = d.email?.recipients.map((r) => r.id) ?? [];
  const [recipients, setRecipients] = useState(initialRecipients);
  const agency = useApi<AgencyDetail>(d.email ? `/api/agencies/${d.agency_id}` : null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const recipientsChanged = recipients.length !== initialRecipients.length || recipients.some((r) => !initialRecipients.includes(r));
  const changed = subject !== d.subject || body !== d.body || recipientsChanged;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/dispatches/${d.id}`, { method: 'PUT', body: { subject, body, ...(recipientsChanged ? { emailContactIds: recipients } : {}) } });
      onSaved();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={save} aria-labelledby="edit-dispatch-title">
      <h2 id="edit-dispatch-title">{t.edit}</h2>
      {error && <Message kind="error">{error}</Message>}
      <div className="field">
        <label htmlFor="ed-subject">{t.subject}</label>
        <input id="ed-subject" maxLength={300} value={subject} onChange={(e) => setSubject(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="ed-body">{t.body}</label>
        <textarea id="ed-body" rows={6} maxLength={10000} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      {d.email && agency.data && <EmailRecipients contacts={agency.data.contacts} chosen={recipients} onChange={setRecipients} sender="" maxBytes={0} />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy || !changed || (d.email !== null && recipients.length === 0)}>
          {busy ? s.distribution.common.saving : s.distribution.common.save}
        </button>
      </div>
    </form>
  );
}

const COMMENTED: DispatchAction[] = ['validate', 'approve', 'return', 'cancel', 'record_receipt'];

function Actions({ d, label, onDone, onError }: { d: DispatchDetailInfo; label(a: string): string; onDone(text: string): void; onError(text: string): void }) {
  const [chosen, setChosen] = useState<DispatchAction | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const steps = d.actions.filter((a) => a !== 'edit');
  const set = (k: string) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    try {
      const body: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields)) if (v.trim()) body[k] = k === 'at' ? new Date(v).toISOString() : v;
      await api(`/api/dispatches/${d.id}/actions/${chosen}`, { method: 'POST', body });
      onDone(t.done(label(chosen)));
      setChosen(null);
      setFields({});
    } catch (err) {
      onError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="actions-title" data-testid="dispatch-actions">
      <h2 id="actions-title">{t.actionsTitle}</h2>
      {steps.length === 0 && <p className="hint">{t.noActions}</p>}
      <div className="row-actions-inner">
        {steps.map((a) => (
          <button
            key={a}
            type="button"
            className={`button ${a === 'cancel' || a === 'return' ? 'button-danger' : chosen === a ? 'button-primary' : ''}`}
            aria-pressed={chosen === a}
            onClick={() => {
              setChosen(a);
              setFields({});
            }}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {chosen && (
        <form onSubmit={run} style={{ marginTop: '0.8rem' }} data-testid="action-form">
          {chosen === 'send' && d.channel === 'sealed_envelope' && (
            <div className="field">
              <label htmlFor="ac-seal">{t.sealNumber}</label>
              <input id="ac-seal" required value={fields.sealNumber ?? ''} onChange={set('sealNumber')} />
            </div>
          )}
          {(chosen === 'send' || chosen === 'deliver') && (d.channel === 'sealed_envelope' || d.channel === 'magnetic_media') && (
            <div className="field">
              <label htmlFor="ac-courier">{t.courierLabel}</label>
              <input id="ac-courier" required={chosen === 'send'} value={fields.courier ?? ''} onChange={set('courier')} />
            </div>
          )}
          {chosen === 'send' && d.channel === 'magnetic_media' && d.encrypted && (
            <div className="field">
              <label htmlFor="ac-pass">{t.passphrase}</label>
              <input id="ac-pass" type="password" autoComplete="new-password" required minLength={12} value={fields.passphrase ?? ''} onChange={set('passphrase')} />
            </div>
          )}
          {chosen === 'record_receipt' && (
            <div className="field">
              <label htmlFor="ac-by">{t.receivedByLabel}</label>
              <input id="ac-by" required value={fields.receivedBy ?? ''} onChange={set('receivedBy')} />
            </div>
          )}
          {(chosen === 'deliver' || chosen === 'record_receipt') && (
            <div className="field">
              <label htmlFor="ac-at">{t.when}</label>
              <input id="ac-at" type="datetime-local" value={fields.at ?? ''} onChange={set('at')} />
            </div>
          )}
          {COMMENTED.includes(chosen) && (
            <div className="field">
              <label htmlFor="ac-comment">{t.commentFor[chosen]}</label>
              <textarea id="ac-comment" rows={3} maxLength={2000} required={chosen === 'return' || chosen === 'cancel'} value={fields.comment ?? ''} onChange={set('comment')} />
            </div>
          )}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t.confirmStep(label(chosen))}
            </button>
            <button type="button" className="button" onClick={() => setChosen(null)}>
              {s.distribution.common.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
