// Upload of a call center's file: profile, optional center, encoding; upload progress, then the import's own
// progress polled every second, and the final summary with rejections by reason.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, errorFromBody, getCsrfToken, noticeSessionProblem, useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtNumber } from '../format.ts';
import { useCenters } from '../reference.ts';
import { IMPORT_STATUS_LABELS, rejectReasonLabel, s } from '../strings.ts';
import type { ImportProfile, ImportRun } from '../types.ts';

type Phase = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'watching'; id: number };

export function ImportPage() {
  const profiles = useApi<ImportProfile[]>('/api/import-profiles', { cached: true });
  const centers = useCenters();
  const recent = useApi<ImportRun[]>('/api/imports');
  const [profile, setProfile] = useState('');
  const [center, setCenter] = useState('');
  const [encoding, setEncoding] = useState('auto');
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!profile && profiles.data?.[0]) setProfile(profiles.data[0].name);
  }, [profiles.data, profile]);

  const chosen = profiles.data?.find((p) => p.name === profile);
  const busy = phase.kind === 'uploading';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setError(s.imports.chooseFile);
      return;
    }
    const form = new FormData();
    form.append('profile', profile);
    if (center) form.append('center', center);
    form.append('encoding', encoding);
    form.append('file', file, file.name); // the server reads the fields first: the file goes last
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('x-csrf-token', getCsrfToken());
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (ev) => setPhase({ kind: 'uploading', loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const { importId } = JSON.parse(xhr.responseText) as { importId: number };
        setPhase({ kind: 'watching', id: importId });
        recent.reload();
      } else {
        const err = errorFromBody(xhr.status, xhr.responseText);
        noticeSessionProblem(err, '/api/imports');
        setError(err.message);
        setPhase({ kind: 'idle' });
      }
    };
    xhr.onerror = () => {
      setError(s.app.networkError);
      setPhase({ kind: 'idle' });
    };
    setPhase({ kind: 'uploading', loaded: 0, total: file.size });
    xhr.send(form);
  };

  const reset = () => {
    setPhase({ kind: 'idle' });
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <div className="page">
      <h1>{s.imports.title}</h1>
      <p className="muted">{s.imports.intro}</p>
      {profiles.error && <Message kind="error">{profiles.error.message}</Message>}

      {phase.kind === 'watching' ? (
        <ImportProgress id={phase.id} onDone={() => recent.reload()} onNew={reset} />
      ) : (
        <form className="panel import-form" onSubmit={submit} aria-labelledby="import-form-title">
          <h2 id="import-form-title" className="visually-hidden">
            {s.imports.title}
          </h2>
          {error && <Message kind="error">{error}</Message>}
          <div className="field">
            <label htmlFor="imp-profile">{s.imports.profile}</label>
            <select id="imp-profile" value={profile} onChange={(e) => setProfile(e.target.value)} aria-describedby="imp-profile-desc" disabled={busy}>
              {(profiles.data ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.label}
                </option>
              ))}
            </select>
            {chosen && (
              <p id="imp-profile-desc" className="hint">
                {chosen.description} (CNIE {chosen.cnieVersion === '2' ? '2.0' : chosen.cnieVersion})
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="imp-center">{s.imports.center}</label>
            <select id="imp-center" value={center} onChange={(e) => setCenter(e.target.value)} aria-describedby="imp-center-hint" disabled={busy}>
              <option value="">{s.imports.centerFromFile}</option>
              {(centers.data ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
            <p id="imp-center-hint" className="hint">
              {s.imports.centerHint}
            </p>
          </div>
          <div className="field">
            <label htmlFor="imp-encoding">{s.imports.encoding}</label>
            <select id="imp-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value)} disabled={busy}>
              <option value="auto">{s.imports.encodingAuto}</option>
              <option value="utf-8">{s.imports.encodingUtf8}</option>
              <option value="latin1">{s.imports.encodingLatin1}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="imp-file">{s.imports.file}</label>
            <input
              id="imp-file"
              ref={fileInput}
              type="file"
              accept=".csv,.json,.ndjson,text/csv,application/json"
              disabled={busy}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          {phase.kind === 'uploading' && (
            <div className="progress-block">
              <label htmlFor="upload-progress">{s.imports.uploading}</label>
              <progress id="upload-progress" max={phase.total || 1} value={phase.loaded} />
              <span className="muted">{percent(phase.loaded, phase.total)}</span>
            </div>
          )}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy || !profile}>
              {s.imports.submit}
            </button>
          </div>
        </form>
      )}

      <section className="table-section" aria-labelledby="recent-title">
        <h2 id="recent-title">{s.imports.recent}</h2>
        {recent.error && <Message kind="error">{recent.error.message}</Message>}
        {recent.data && recent.data.length === 0 && <p className="empty">{s.imports.recentEmpty}</p>}
        {recent.data && recent.data.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="recent-imports">
              <thead>
                <tr>
                  <th scope="col">{s.imports.id}</th>
                  <th scope="col">{s.imports.file_name}</th>
                  <th scope="col">{s.imports.started}</th>
                  <th scope="col">{s.imports.status}</th>
                  <th scope="col" className="num">{s.imports.read}</th>
                  <th scope="col" className="num">{s.imports.inserted}</th>
                  <th scope="col" className="num">{s.imports.updated}</th>
                  <th scope="col" className="num">{s.imports.unchanged}</th>
                  <th scope="col" className="num">{s.imports.rejected}</th>
                  <th scope="col"><span className="visually-hidden">{s.imports.show}</span></th>
                </tr>
              </thead>
              <tbody>
                {recent.data.map((r) => (
                  <tr key={r.id}>
                    <td>{r.id}</td>
                    <td className="wrap">{r.file_name}</td>
                    <td className="nowrap">{fmtDateTime(r.started_at)}</td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="num">{fmtNumber(r.read)}</td>
                    <td className="num">{fmtNumber(r.inserted)}</td>
                    <td className="num">{fmtNumber(r.updated)}</td>
                    <td className="num">{fmtNumber(r.unchanged)}</td>
                    <td className="num">
                      {r.rejected > 0 ? <a href={`/api/imports/${r.id}/rejects.csv`}>{fmtNumber(r.rejected)}</a> : fmtNumber(r.rejected)}
                    </td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setPhase({ kind: 'watching', id: r.id })}>
                        {s.imports.show}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function percent(a: number, b: number): string {
  if (!b) return '';
  return `${new Intl.NumberFormat('es-MX', { maximumFractionDigits: 0 }).format((100 * a) / b)} %`;
}

function StatusBadge({ status }: { status: ImportRun['status'] }) {
  const cls = status === 'done' ? 'badge-ok' : status === 'running' ? 'badge-info' : 'badge-warn';
  return <span className={`badge ${cls}`}>{IMPORT_STATUS_LABELS[status] ?? status}</span>;
}

function ImportProgress({ id, onDone, onNew }: { id: number; onDone(): void; onNew(): void }) {
  const [run, setRun] = useState<ImportRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const r = await api<ImportRun>(`/api/imports/${id}`);
        if (!alive) return;
        setRun(r);
        setError(null);
        if (r.status === 'running') timer = window.setTimeout(poll, 1000);
        else doneRef.current();
      } catch (err) {
        if (!alive) return;
        setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
        timer = window.setTimeout(poll, 2000);
      }
    };
    void poll();
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [id]);

  const finished = run && run.status !== 'running';
  const reasons = Object.entries(run?.rejected_by_reason ?? {}).sort((a, b) => b[1] - a[1]);

  return (
    <section className="panel" aria-labelledby="import-summary-title" data-testid="import-summary" aria-busy={!finished}>
      <h2 id="import-summary-title">
        {finished ? s.imports.summaryTitle : s.imports.processing} {run && <StatusBadge status={run.status} />}
      </h2>
      {error && <Message kind="error">{error}</Message>}
      {run && (
        <>
          <p className="muted">
            {s.imports.file_name}: <strong>{run.file_name}</strong>
          </p>
          {!finished && (
            <div className="progress-block">
              <label htmlFor="import-progress">{s.imports.progress}</label>
              <progress id="import-progress" max={run.bytes_total || 1} value={run.bytes_read} />
              <span className="muted">{percent(run.bytes_read, run.bytes_total)}</span>
            </div>
          )}
          <dl className="counts" data-testid="import-counts">
            <Count label={s.imports.read} value={run.read} testId="count-read" />
            <Count label={s.imports.inserted} value={run.inserted} testId="count-inserted" />
            <Count label={s.imports.updated} value={run.updated} testId="count-updated" />
            <Count label={s.imports.unchanged} value={run.unchanged} testId="count-unchanged" />
            <Count label={s.imports.rejected} value={run.rejected} testId="count-rejected" warn={run.rejected > 0} />
          </dl>
          {run.status === 'failed' && (
            <Message kind="error">
              {s.imports.failedWith} {run.error}
            </Message>
          )}
          {run.status === 'interrupted' && <Message kind="warning">{s.imports.interruptedNote}</Message>}
          {finished && reasons.length === 0 && run.status === 'done' && <p>{s.imports.noRejects}</p>}
          {reasons.length > 0 && (
            <>
              <table className="data-table compact" data-testid="reject-reasons">
                <caption>{s.imports.rejectedByReason}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s.imports.reason}</th>
                    <th scope="col" className="num">{s.imports.rows}</th>
                  </tr>
                </thead>
                <tbody>
                  {reasons.map(([code, n]) => (
                    <tr key={code}>
                      <td title={code}>{rejectReasonLabel(code)}</td>
                      <td className="num">{fmtNumber(n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <a className="button" href={`/api/imports/${run.id}/rejects.csv`} download>
                  {s.imports.downloadRejects}
                </a>
              </p>
            </>
          )}
          {finished && (
            <div className="actions">
              <button type="button" className="button button-primary" onClick={onNew}>
                {s.imports.newImport}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Count({ label, value, testId, warn }: { label: string; value: number; testId: string; warn?: boolean }) {
  return (
    <div className={warn ? 'count warn' : 'count'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{fmtNumber(value)}</dd>
    </div>
  );
}
