// Bulk import of cyber incidents from a CSV file: the result with its rejected rows by reason and their download.
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, upload, useApi } from '../../api.ts';
import { Message } from '../../components/Message.tsx';
import { fmtDateTime, fmtNumber } from '../../format.ts';
import { s } from '../../strings.ts';
import type { CyberImportRun, CyberImportSummary } from '../../types.ts';

const t = s.cyber;

export function CyberImportPage() {
  const recent = useApi<CyberImportRun[]>('/api/cyber/imports');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CyberImportSummary | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    if (!file) return setError(t.chooseFile);
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    try {
      setResult(await upload<CyberImportSummary>('/api/cyber/imports', form));
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
      recent.reload();
    }
  };
  const reasons = Object.entries(result?.rejectedByReason ?? {}).sort((a, b) => b[1] - a[1]);

  return (
    <div className="page">
      <h1>{t.importTitle}</h1>
      <p className="muted">{t.importIntro}</p>
      <form className="panel import-form" onSubmit={submit}>
        {error && <Message kind="error">{error}</Message>}
        <div className="field">
          <label htmlFor="cy-import-file">{t.file}</label>
          <input id="cy-import-file" ref={input} type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? t.importing : t.importSubmit}</button>
        </div>
      </form>
      {result && (
        <section className="panel" data-testid="cyber-import-result" aria-labelledby="cy-import-result">
          <h2 id="cy-import-result">{t.importResult}</h2>
          <dl className="counts">
            {([['read', t.read], ['inserted', t.inserted], ['updated', t.updatedRows], ['unchanged', t.unchanged], ['rejected', t.rejected]] as const).map(([k, label]) => (
              <div key={k} className={k === 'rejected' && result.rejected > 0 ? 'count warn' : 'count'}>
                <dt>{label}</dt>
                <dd data-testid={`cy-count-${k}`}>{fmtNumber(result[k])}</dd>
              </div>
            ))}
          </dl>
          {reasons.length > 0 && (
            <>
              <table className="data-table compact">
                <thead>
                  <tr><th scope="col">{t.reason}</th><th scope="col" className="num">{t.rows}</th></tr>
                </thead>
                <tbody>
                  {reasons.map(([code, n]) => <tr key={code}><td title={code}>{t.rejectReasons[code] ?? code}</td><td className="num">{fmtNumber(n)}</td></tr>)}
                </tbody>
              </table>
              <p><a className="button" href={`/api/cyber/imports/${result.importId}/rejects.csv`} download>{t.downloadRejects}</a></p>
            </>
          )}
        </section>
      )}
      <section className="table-section">
        <h2>{t.recentImports}</h2>
        {recent.data && recent.data.length > 0 && (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{s.imports.id}</th><th scope="col">{s.imports.file_name}</th><th scope="col">{s.imports.started}</th><th scope="col">{s.imports.status}</th>
                  <th scope="col" className="num">{t.read}</th><th scope="col" className="num">{t.inserted}</th><th scope="col" className="num">{t.updatedRows}</th><th scope="col" className="num">{t.rejected}</th>
                </tr>
              </thead>
              <tbody>
                {recent.data.map((r) => (
                  <tr key={r.id}>
                    <td>{r.id}</td><td className="wrap">{r.file_name}</td><td className="nowrap">{fmtDateTime(r.started_at)}</td>
                    <td title={r.error ?? undefined}>{t.importStatuses[r.status] ?? r.status}</td>
                    <td className="num">{fmtNumber(r.read)}</td><td className="num">{fmtNumber(r.inserted)}</td><td className="num">{fmtNumber(r.updated)}</td>
                    <td className="num">{r.rejected > 0 ? <a href={`/api/cyber/imports/${r.id}/rejects.csv`}>{fmtNumber(r.rejected)}</a> : fmtNumber(r.rejected)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {recent.data && recent.data.length === 0 && <p className="empty">{s.imports.recentEmpty}</p>}
      </section>
    </div>
  );
}
