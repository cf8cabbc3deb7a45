// The month's (or quarter's, or year's) indicators of the national registry of cyber incidents and the period's
// statistics: aggregates only, for the unit and the Director General.
import { useState } from 'react';
import { useApi } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtNumber } from '../../format.ts';
import { s } from '../../strings.ts';
import type { CyberBreakdownRow, CyberStatistics } from '../../types.ts';
import { fmtMoney, thisMonth, useCyberCatalogs } from './common.tsx';

const t = s.cyber;
type Kind = 'month' | 'quarter' | 'year';

export function CyberIndicatorsPage() {
  const [kind, setKind] = useState<Kind>('month');
  const [month, setMonth] = useState(thisMonth());
  const [year, setYear] = useState(new Date().getFullYear());
  const [quarter, setQuarter] = useState(Math.floor(new Date().getMonth() / 3) + 1);
  const period = kind === 'month' ? month : kind === 'quarter' ? `${year}-Q${quarter}` : String(year);
  const stats = useApi<CyberStatistics>(/^\d{4}(-\d{2}|-Q[1-4])?$/.test(period) ? `/api/cyber/indicators?period=${period}` : null);
  const catalogs = useCyberCatalogs();
  const d = stats.data;

  return (
    <div className="page">
      <h1>{t.indicatorsTitle}</h1>
      <p className="muted">{t.indicatorsIntro}</p>
      <div className="filters">
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="ind-kind">{t.periodKind}</label>
            <select id="ind-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {(['month', 'quarter', 'year'] as const).map((k) => <option key={k} value={k}>{t.kinds[k]}</option>)}
            </select>
          </div>
          {kind === 'month' ? (
            <div className="field">
              <label htmlFor="ind-month">{t.month}</label>
              <input id="ind-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
            </div>
          ) : (
            <div className="field">
              <label htmlFor="ind-year">{t.year}</label>
              <input id="ind-year" type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
            </div>
          )}
          {kind === 'quarter' && (
            <div className="field">
              <label htmlFor="ind-quarter">{t.quarter}</label>
              <select id="ind-quarter" value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
                {[1, 2, 3, 4].map((q) => <option key={q} value={q}>{s.reports.quarters[q - 1]}</option>)}
              </select>
            </div>
          )}
        </div>
      </div>
      {stats.error && <Message kind="error">{stats.error.message}</Message>}
      {d && (
        <section aria-labelledby="ind-period" aria-busy={stats.loading}>
          <h2 id="ind-period">{d.period.label}</h2>
          <dl className="counts" data-testid="cyber-summary">
            <Count label={t.summaryIncidents} value={fmtNumber(d.total.incidents)} previous={t.previous(d.previous.label, fmtNumber(d.previous.total.incidents))} testId="sum-incidents" />
            <Count label={t.summaryWomen} value={fmtNumber(d.total.women)} testId="sum-women" />
            <Count label={t.summaryReferred} value={fmtNumber(d.total.referred)} testId="sum-referred" />
            <Count label={t.summaryAmount} value={fmtMoney(d.total.amountLost)} testId="sum-amount" />
            <Count label={t.summaryAlerts} value={fmtNumber(d.alerts.received)} testId="sum-alerts" />
          </dl>
          <div className="table-scroll">
            <table className="data-table" data-testid="cyber-indicators">
              <caption>{t.nav.indicators}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.nav.indicators}</th>
                  {d.months.length > 1 && d.months.map((m) => <th key={m.key} scope="col" className="num">{m.label}</th>)}
                  <th scope="col" className="num">{t.colIncidents}</th>
                  <th scope="col" className="num">{d.previous.label}</th>
                  <th scope="col" className="num">{t.colWomen}</th>
                  <th scope="col" className="num">{t.colReferred}</th>
                  <th scope="col" className="num">{t.colAmount}</th>
                  <th scope="col">{t.indicatorTypes}</th>
                </tr>
              </thead>
              <tbody>
                {d.indicators.map((i) => {
                  const def = catalogs.data?.indicators.find((x) => x.code === i.code);
                  return (
                    <tr key={i.code} data-testid={`indicator-${i.code}`}>
                      <th scope="row" title={i.description}>{i.label}</th>
                      {d.months.length > 1 && i.byMonth.map((n, k) => <td key={k} className="num">{fmtNumber(n)}</td>)}
                      <td className="num" data-testid={`indicator-${i.code}-total`}>{fmtNumber(i.incidents)}</td>
                      <td className="num">{fmtNumber(i.previous)}</td>
                      <td className="num">{fmtNumber(i.women)}</td>
                      <td className="num">{fmtNumber(i.referred)}</td>
                      <td className="num">{fmtMoney(i.amountLost)}</td>
                      <td className="small">
                        {(def?.types ?? []).map((code) => catalogs.data?.types.find((x) => x.code === code)?.label ?? code).join(', ')}
                        {def?.victimSex ? ` (${t.onlyWomen})` : ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="cards">
            <Breakdown title={t.byType} rows={d.byType} money testId="by-type" />
            <Breakdown title={t.byPlatform} rows={d.byPlatform} money />
            <Breakdown title={t.byChannel} rows={d.byChannel} />
            <Breakdown title={t.bySex} rows={d.bySex} />
            <Breakdown title={t.byAge} rows={d.byAge} />
            <Breakdown title={t.byMunicipality} rows={d.byMunicipality.slice(0, 20)} />
          </div>
          <p className="hint">{t.reportsHint}</p>
        </section>
      )}
    </div>
  );
}

function Count({ label, value, previous, testId }: { label: string; value: string; previous?: string; testId: string }) {
  return (
    <div className="count">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
      {previous && <dd className="count-note">{previous}</dd>}
    </div>
  );
}

function Breakdown({ title, rows, money, testId }: { title: string; rows: CyberBreakdownRow[]; money?: boolean; testId?: string }) {
  const shown = rows.filter((r) => r.incidents > 0);
  return (
    <section className="panel">
      <h3>{title}</h3>
      {shown.length === 0 ? (
        <p className="empty">{s.cyber.empty}</p>
      ) : (
        <table className="data-table compact" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{title.replace(/^Por /, '')}</th>
              <th scope="col" className="num">{s.cyber.colIncidents}</th>
              <th scope="col" className="num">{s.cyber.colWomen}</th>
              {money && <th scope="col" className="num">{s.cyber.colAmount}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{fmtNumber(r.incidents)}</td>
                <td className="num">{fmtNumber(r.women)}</td>
                {money && <td className="num">{fmtMoney(r.amountLost)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
