// Indicators of improper calls per center: the monthly share of improper 9-1-1 calls, the repeat callers, the
// mitigation cases opened, and the cases by stage and outcome.
import { useState } from 'react';
import { useApi, withQuery } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtNumber, fmtRate } from '../../format.ts';
import { s } from '../../strings.ts';
import type { MitigationIndicators } from '../../types.ts';
import { labelOf, useNumbersCatalogs } from './common.tsx';

const t = s.numbers;

export function NumbersIndicatorsPage() {
  const catalogs = useNumbersCatalogs();
  const [range, setRange] = useState({ from: '', to: '' });
  const data = useApi<MitigationIndicators>(withQuery('/api/numbers/indicators', { from: range.from || undefined, to: range.to || undefined }));
  const d = data.data;
  return (
    <div className="page">
      <h1>{t.indicatorsTitle}</h1>
      <p className="muted">{t.indicatorsIntro}</p>
      <div className="filters-grid">
        <div className="field">
          <label htmlFor="ni-from">{t.from}</label>
          <input id="ni-from" type="month" value={range.from || d?.from || ''} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="ni-to">{t.to}</label>
          <input id="ni-to" type="month" value={range.to || d?.to || ''} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </div>
      </div>
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {d && (
        <>
          <div className="table-scroll">
            <table className="data-table" data-testid="numbers-indicators">
              <thead>
                <tr>
                  <th scope="col">{t.center}</th>
                  <th scope="col">{t.month}</th>
                  <th scope="col" className="num">{t.calls}</th>
                  <th scope="col" className="num">{t.improperCalls}</th>
                  <th scope="col" className="num">{t.share}</th>
                  <th scope="col" className="num">{t.repeatCallers}</th>
                  <th scope="col" className="num">{t.casesOpened}</th>
                </tr>
              </thead>
              <tbody>
                {d.months.map((m) => (
                  <tr key={`${m.center}-${m.month}`}>
                    <th scope="row">{catalogs.data?.centers.find((c) => c.code === m.center)?.name ?? m.center}</th>
                    <td>{m.month}</td>
                    <td className="num">{fmtNumber(m.calls)}</td>
                    <td className="num">{fmtNumber(m.improper)}</td>
                    <td className="num">{m.share === null ? t.none : `${fmtRate(m.share * 100)} %`}</td>
                    <td className="num">{fmtNumber(m.repeatCallers)}</td>
                    <td className="num">{fmtNumber(m.casesOpened)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t.outcomesTitle}</h2>
          <table className="data-table" data-testid="numbers-outcomes">
            <thead>
              <tr><th scope="col">{t.center}</th><th scope="col">{t.stage}</th><th scope="col">{t.outcome}</th><th scope="col" className="num">{t.cases}</th></tr>
            </thead>
            <tbody>
              {d.outcomes.map((o) => (
                <tr key={`${o.center}-${o.stage}-${o.outcome}`}>
                  <td>{o.center}</td>
                  <td>{labelOf(catalogs.data?.stages, o.stage)}</td>
                  <td>{labelOf(catalogs.data?.outcomes, o.outcome)}</td>
                  <td className="num">{fmtNumber(o.cases)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
