// The folio book: every folio issued, by area and year, the cancelled ones with their reason.
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi, withQuery } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime } from '../format.ts';
import { s } from '../strings.ts';
import type { FolioInfo } from '../types.ts';
import { areaName, useDistributionCatalog } from './DistributionParts.tsx';

const t = s.distribution.folios;

export function FoliosPage() {
  const catalog = useDistributionCatalog();
  const [area, setArea] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const folios = useApi<{ folios: FolioInfo[] }>(withQuery('/api/folios', { area, year: /^\d{4}$/.test(year) ? year : '' }));
  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <div className="filters">
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="f-area">{t.area}</label>
            <select id="f-area" value={area} onChange={(e) => setArea(e.target.value)}>
              <option value="">{s.distribution.common.all}</option>
              {catalog?.areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-year">{t.year}</label>
            <input id="f-year" inputMode="numeric" maxLength={4} value={year} onChange={(e) => setYear(e.target.value.trim())} />
          </div>
        </div>
      </div>
      {folios.error && <Message kind="error">{folios.error.message}</Message>}
      {folios.data && folios.data.folios.length === 0 && <p className="empty">{t.empty}</p>}
      {folios.data && folios.data.folios.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="folio-book">
            <thead>
              <tr>
                <th scope="col">{t.folio}</th>
                <th scope="col">{t.area}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.issuedAt}</th>
                <th scope="col">{t.issuedBy}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.dispatch}</th>
              </tr>
            </thead>
            <tbody>
              {folios.data.folios.map((f) => (
                <tr key={f.id} className={f.status === 'cancelled' ? 'inactive' : undefined}>
                  <th scope="row" className="code nowrap">{f.folio}</th>
                  <td>{areaName(catalog, f.area_code)}</td>
                  <td>{t.kinds[f.kind]}</td>
                  <td className="nowrap">{fmtDateTime(f.issued_at)}</td>
                  <td>{f.issued_by_name ?? s.app.dash}</td>
                  <td>
                    {f.status === 'issued' ? (
                      <span className="badge badge-ok">{t.issued}</span>
                    ) : (
                      <>
                        <span className="badge badge-muted">{t.cancelled}</span>
                        <div className="hint">{`${t.reason}: ${f.cancel_reason} (${f.cancelled_by_name ?? ''}, ${fmtDateTime(f.cancelled_at)})`}</div>
                      </>
                    )}
                  </td>
                  <td>
                    <Link to={`/envios?id=${f.dispatch_id}`}>{f.dispatch_id}</Link>
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
