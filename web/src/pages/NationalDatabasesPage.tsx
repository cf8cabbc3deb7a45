// Supply of the national databases (Plataforma México): the indicators of a month or quarter per database (volume,
// timeliness, completeness) with the detail of one database; for Plataforma México's staff, the import of a supply
// log with its rejected rows and the recent imports; the layout of every log with an example to download.
import { useState, type FormEvent } from 'react';
import { ApiError, upload, useApi, withQuery } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtNumber, todayLocal } from '../format.ts';
import { s } from '../strings.ts';
import type { SupplyAnswer, SupplyDefinitions, SupplyImportRun } from '../types.ts';

const t = s.nationalDatabases;
const pct = (x: number | null) => (x === null ? s.app.dash : `${(x * 100).toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`);
const change = (x: number | null) => (x === null ? 'n.a.' : `${x > 0 ? '+' : ''}${(x * 100).toLocaleString('es-MX', { maximumFractionDigits: 1 })} %`);

function lastMonth(): string {
  const [y, m] = todayLocal().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function NationalDatabasesPage() {
  const auth = useAuth();
  const [kind, setKind] = useState<'month' | 'quarter'>('month');
  const [period, setPeriod] = useState(lastMonth());
  const [open, setOpen] = useState<string | null>(null);
  const valid = kind === 'month' ? /^\d{4}-\d{2}$/.test(period) : /^\d{4}-[QqTt][1-4]$/.test(period);
  const data = useApi<SupplyAnswer>(valid ? withQuery('/api/national-databases/indicators', { period }) : null);
  const definitions = useApi<SupplyDefinitions>('/api/national-databases/definitions', { cached: true });
  const canImport = auth.can('national_db.import');
  const detail = data.data?.databases.find((d) => d.code === open);

  const changeKind = (k: 'month' | 'quarter') => {
    setKind(k);
    const [y, m] = lastMonth().split('-').map(Number) as [number, number];
    setPeriod(k === 'month' ? lastMonth() : `${y}-Q${Math.floor((m - 1) / 3) + 1}`);
  };

  return (
    <div className="page">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t.period}>
        <div className="filters-grid">
          <label className="field">
            <span>{t.kind}</span>
            <select value={kind} onChange={(e) => changeKind(e.target.value as 'month' | 'quarter')}>
              <option value="month">{t.month}</option>
              <option value="quarter">{t.quarter}</option>
            </select>
          </label>
          <label className="field">
            <span>{kind === 'month' ? t.month : t.quarter}</span>
            {kind === 'month' ? (
              <input type="month" value={period} onChange={(e) => setPeriod(e.target.value)} />
            ) : (
              <input type="text" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="2026-Q1" />
            )}
          </label>
        </div>
      </form>
      {data.error && <Message kind="error">{data.error.message}</Message>}
      {data.data && (
        <div className="table-scroll">
          <table className="data-table" data-testid="supply-table">
            <caption>{data.data.period.label}</caption>
            <thead>
              <tr>
                <th scope="col">{t.database}</th>
                <th scope="col" className="num">{t.volume}</th>
                <th scope="col" className="num">{t.change(data.data.previous.label)}</th>
                <th scope="col" className="num">{t.completeness}</th>
                <th scope="col" className="num">{t.timeliness}</th>
                <th scope="col" className="num">{t.deadline}</th>
                <th scope="col" className="num">{t.median}</th>
                <th scope="col" className="num">{t.p90}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.databases.map((d) => (
                <tr key={d.code} className={open === d.code ? 'selected' : undefined} data-testid={`supply-${d.code}`}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => setOpen(open === d.code ? null : d.code)} aria-expanded={open === d.code}>
                      {d.name}
                    </button>
                  </th>
                  <td className="num">{fmtNumber(d.volume)}</td>
                  <td className="num">{change(d.volumeChange)}</td>
                  <td className="num">{pct(d.completeShare)}</td>
                  <td className="num">{pct(d.timelyShare)}</td>
                  <td className="num">{t.days(d.deadlineDays)}</td>
                  <td className="num">{t.days(d.medianDelay)}</td>
                  <td className="num">{t.days(d.p90Delay)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t.total}</th>
                <td className="num">{fmtNumber(data.data.total.volume)}</td>
                <td className="num">{change(data.data.total.previousVolume ? (data.data.total.volume - data.data.total.previousVolume) / data.data.total.previousVolume : null)}</td>
                <td className="num">{pct(data.data.total.volume ? data.data.total.complete / data.data.total.volume : null)}</td>
                <td className="num">{pct(data.data.total.volume ? data.data.total.withinDeadline / data.data.total.volume : null)}</td>
                <td colSpan={3} />
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {data.data && data.data.total.volume === 0 && <p className="empty">{t.empty}</p>}
      {detail && (
        <section className="panel" aria-labelledby="supply-detail" data-testid="supply-detail">
          <h2 id="supply-detail">{t.details(detail.name)}</h2>
          <div className="cards">
            <div>
              <h3>{t.byCategory}</h3>
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th scope="col">{t.category}</th>
                    <th scope="col" className="num">{t.volume}</th>
                    <th scope="col" className="num">{t.completeness}</th>
                    <th scope="col" className="num">{t.timeliness}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.byCategory.map((c) => (
                    <tr key={c.code}>
                      <th scope="row">{c.label}</th>
                      <td className="num">{fmtNumber(c.volume)}</td>
                      <td className="num">{pct(c.completeShare)}</td>
                      <td className="num">{pct(c.timelyShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h3>{t.fields}</h3>
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th scope="col">{t.field}</th>
                    <th scope="col" className="num">{t.records}</th>
                    <th scope="col" className="num">{t.share}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.fields.map((f) => (
                    <tr key={f.name}>
                      <th scope="row">{f.label}</th>
                      <td className="num">{fmtNumber(f.present)}</td>
                      <td className="num">{pct(f.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {detail.byMonth.length > 1 && (
              <div>
                <h3>{t.byMonth}</h3>
                <table className="data-table compact">
                  <thead>
                    <tr>
                      <th scope="col">{t.month}</th>
                      <th scope="col" className="num">{t.volume}</th>
                      <th scope="col" className="num">{t.completeness}</th>
                      <th scope="col" className="num">{t.timeliness}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.byMonth.map((m) => (
                      <tr key={m.key}>
                        <th scope="row">{m.label}</th>
                        <td className="num">{fmtNumber(m.volume)}</td>
                        <td className="num">{pct(m.completeShare)}</td>
                        <td className="num">{pct(m.timelyShare)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </section>
      )}
      {data.data && (
        <details>
          <summary>{t.definitions}</summary>
          <ul className="hint">
            {data.data.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
      {canImport && definitions.data && <SupplyImport definitions={definitions.data} onDone={data.reload} />}
      {definitions.data && <Layouts definitions={definitions.data} />}
    </div>
  );
}

function SupplyImport({ definitions, onDone }: { definitions: SupplyDefinitions; onDone(): void }) {
  const [database, setDatabase] = useState(definitions.databases[0]?.code ?? '');
  const [encoding, setEncoding] = useState('auto');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<{ importId: number; read: number; inserted: number; updated: number; unchanged: number; rejected: number } | null>(null);
  const recent = useApi<{ imports: SupplyImportRun[] }>('/api/national-databases/imports');
  const names = new Map(definitions.databases.map((d) => [d.code, d.shortName]));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) return setError(t.chooseFile);
    const form = new FormData();
    form.append('database', database);
    form.append('encoding', encoding);
    form.append('file', file, file.name);
    setBusy(true);
    try {
      setSummary(await upload('/api/national-databases/imports', form));
      onDone();
      recent.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel import-form" aria-labelledby="supply-import">
      <h2 id="supply-import">{t.import}</h2>
      <p className="hint">{t.importIntro}</p>
      <form onSubmit={submit}>
        {error && <Message kind="error">{error}</Message>}
        <div className="form-grid">
          <label className="field">
            <span>{t.database}</span>
            <select value={database} onChange={(e) => setDatabase(e.target.value)}>
              {definitions.databases.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t.encoding}</span>
            <select value={encoding} onChange={(e) => setEncoding(e.target.value)}>
              <option value="auto">{t.encodingAuto}</option>
              <option value="utf-8">UTF-8</option>
              <option value="latin1">Latin-1</option>
            </select>
          </label>
          <label className="field">
            <span>{t.file}</span>
            <input type="file" accept=".csv,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t.importing : t.submit}
          </button>
        </div>
      </form>
      {summary && (
        <Message kind={summary.rejected ? 'warning' : 'success'}>
          <p data-testid="supply-import-summary">
            {t.importDone(fmtNumber(summary.read), fmtNumber(summary.inserted), fmtNumber(summary.updated), fmtNumber(summary.unchanged), fmtNumber(summary.rejected))}
          </p>
          {summary.rejected > 0 && (
            <p>
              <a href={`/api/national-databases/imports/${summary.importId}/rejects.csv`}>{t.rejects}</a>
            </p>
          )}
        </Message>
      )}
      {recent.data && recent.data.imports.length > 0 && (
        <details>
          <summary>{t.recent}</summary>
          <table className="data-table compact">
            <tbody>
              {recent.data.imports.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{fmtDateTime(r.started_at)}</td>
                  <td>{names.get(r.database) ?? r.database}</td>
                  <td>{r.file_name}</td>
                  <td>{t.status[r.status] ?? r.status}</td>
                  <td className="num">{fmtNumber(r.read)}</td>
                  <td className="num">{fmtNumber(r.rejected)}</td>
                  <td>{r.rejected > 0 && <a href={`/api/national-databases/imports/${r.id}/rejects.csv`}>{t.rejects}</a>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

function Layouts({ definitions }: { definitions: SupplyDefinitions }) {
  return (
    <section className="panel" aria-labelledby="supply-layouts">
      <h2 id="supply-layouts">{t.layouts}</h2>
      <p className="hint">{t.layoutsIntro}</p>
      {definitions.databases.map((d) => (
        <details key={d.code}>
          <summary>
            {d.name} · {t.deadline} {t.days(d.deadlineDays)}
          </summary>
          <p>
            <a href={`/api/national-databases/examples/${d.code}.csv`} download>
              {t.example}
            </a>
          </p>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t.column}</th>
                <th scope="col">{t.meaning}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {d.columns.map((c) => (
                <tr key={c.name}>
                  <th scope="row">
                    <code>{c.name}</code>
                  </th>
                  <td>
                    {c.label}
                    {c.values ? ` (${c.values.join(', ')})` : ''}
                  </td>
                  <td>{c.mandatory ? t.mandatory : c.required ? t.requiredMark : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
