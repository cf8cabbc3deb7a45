// The distribution register: who received what, which version, when, by which channel, acknowledged or not, and
// each dispatch's trail; filtered, and exported to XLSX and PDF with the same filter.
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi, withQuery } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { AgencyRow, RegisterEntryInfo, ReportTypeInfo } from '../types.ts';
import { StatusBadge, useDistributionCatalog } from './DistributionParts.tsx';

const t = s.distribution.register;
const d = s.distribution.dispatches;

export function RegisterPage() {
  const catalog = useDistributionCatalog();
  const agencies = useApi<{ agencies: AgencyRow[] }>('/api/agencies');
  const types = useApi<{ types: ReportTypeInfo[] }>('/api/reports/types', { cached: true });
  const [f, setF] = useState({ from: '', to: '', agencyId: '', reportType: '', channel: '', acknowledged: '', folio: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const query = { ...f, folio: f.folio.trim() };
  const register = useApi<{ entries: RegisterEntryInfo[] }>(withQuery('/api/distribution/register', query));

  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <div className="filters">
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="r-from">{t.from}</label>
            <input id="r-from" type="date" value={f.from} onChange={set('from')} />
          </div>
          <div className="field">
            <label htmlFor="r-to">{t.to}</label>
            <input id="r-to" type="date" value={f.to} onChange={set('to')} />
          </div>
          <div className="field field-wide">
            <label htmlFor="r-agency">{d.agency}</label>
            <select id="r-agency" value={f.agencyId} onChange={set('agencyId')}>
              <option value="">{s.distribution.common.all}</option>
              {agencies.data?.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor="r-type">{t.report}</label>
            <select id="r-type" value={f.reportType} onChange={set('reportType')}>
              <option value="">{s.distribution.common.all}</option>
              {types.data?.types.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="r-channel">{t.channel}</label>
            <select id="r-channel" value={f.channel} onChange={set('channel')}>
              <option value="">{s.distribution.common.all}</option>
              {catalog?.channels.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="r-ack">{t.acknowledged}</label>
            <select id="r-ack" value={f.acknowledged} onChange={set('acknowledged')}>
              <option value="">{t.ackAll}</option>
              <option value="true">{t.ackYes}</option>
              <option value="false">{t.ackNo}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="r-folio">{t.folio}</label>
            <input id="r-folio" value={f.folio} maxLength={100} onChange={set('folio')} />
          </div>
        </div>
        <div className="actions">
          <a className="button" href={withQuery('/api/distribution/register/export/xlsx', query)} download>
            {t.exportXlsx}
          </a>
          <a className="button" href={withQuery('/api/distribution/register/export/pdf', query)} download>
            {t.exportPdf}
          </a>
          {register.data && <span className="muted">{t.count(register.data.entries.length)}</span>}
        </div>
      </div>
      {register.error && <Message kind="error">{register.error.message}</Message>}
      {register.data && register.data.entries.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="register">
            <thead>
              <tr>
                <th scope="col">{d.folio}</th>
                <th scope="col">{d.agency}</th>
                <th scope="col">{d.report}</th>
                <th scope="col">{d.channel}</th>
                <th scope="col">{d.sentAt}</th>
                <th scope="col">{d.status}</th>
                <th scope="col">{t.trailSummary}</th>
              </tr>
            </thead>
            <tbody>
              {register.data.entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">
                    <Link to={`/envios?id=${e.id}`}>{e.folio ?? `${d.id} ${e.id}`}</Link>
                    {e.folio_status === 'cancelled' && <span className="tag">{s.distribution.folios.cancelled}</span>}
                  </td>
                  <td>{e.agency_name}</td>
                  <td className="report">
                    {e.report_name}
                    <span className="tag">{`${e.period_key} · v${e.product_version} · núm. ${e.product_id}`}</span>
                  </td>
                  <td>{e.channel_label}</td>
                  <td className="nowrap">{fmtDateTime(e.sent_at)}</td>
                  <td>
                    <StatusBadge status={e.status} label={e.status_label} />
                    {e.status === 'acknowledged' && <div className="hint">{`${fmtDateTime(e.received_at)} · ${e.received_by ?? ''}`}</div>}
                  </td>
                  <td className="small trail">
                    <ol>
                      {e.trail.filter((x) => x.action !== 'edit').map((x) => (
                        <li key={x.id}>
                          <strong>{s.distribution.events[x.action] ?? x.action}</strong>
                          {` · ${x.actor_name} · ${fmtDateTime(x.at)}`}
                          {x.details.standingApproval ? <span className="tag">{d.standingApproved}</span> : null}
                          {x.comment && <div className="hint">{x.comment}</div>}
                        </li>
                      ))}
                    </ol>
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
