// The 9-1-1 call audio archive: find an incident by center and folio, see its recordings (purged ones as their
// tombstone), attach one, listen to or download it after giving the reason (the player streams from the
// authorised route), set or lift a legal hold, read the custody record, and export a chain-of-custody package.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, postForDownload, upload, useApi, withQuery } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtNumber } from '../format.ts';
import { s } from '../strings.ts';
import type { CallAudioIncident, CallAudioSettings, CallRecording, CallRecordingDetail } from '../types.ts';
import { fmtBytes, shortSha } from '../format.ts';

const t = s.callAudio;

export function CallAudioPage() {
  const auth = useAuth();
  const settings = useApi<CallAudioSettings>('/api/call-audio/settings');
  const [center, setCenter] = useState('');
  const [folio, setFolio] = useState('');
  const [query, setQuery] = useState<{ center: string; folio: string } | null>(null);
  const found = useApi<CallAudioIncident>(query ? withQuery('/api/call-audio/incidents', query) : null);
  const latest = useApi<{ recordings: CallRecording[] }>('/api/call-audio/recordings?limit=20');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState<number | null>(null);
  const [packageNotice, setPackageNotice] = useState<string | null>(null);
  const centers = settings.data?.centers;

  useEffect(() => {
    if (!center && centers?.[0]) setCenter(centers[0].code);
  }, [centers, center]);

  const reloadAll = () => {
    found.reload();
    latest.reload();
    settings.reload();
  };
  const toggle = (id: number) => setSelected((prev) => {
    const next = new Set(prev);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const st = settings.data;

  return (
    <div className="page">
      <h1>{t.title}</h1>
      {st && <p className="muted">{t.intro(st.retentionDays)}</p>}
      {st && <p className="small">{t.counts(fmtNumber(st.counts.stored), fmtNumber(st.counts.held), fmtNumber(st.counts.purged))}</p>}
      {st && st.counts.due - st.counts.due_held > 0 && <p className="notice">{t.due(fmtNumber(st.counts.due - st.counts.due_held))}</p>}
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setQuery({ center, folio: folio.trim() }); }} aria-label={t.find}>
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="au-center">{t.center}</label>
            <select id="au-center" value={center} onChange={(e) => setCenter(e.target.value)}>
              {(centers ?? []).map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="au-folio">{t.folio}</label>
            <input id="au-folio" required value={folio} onChange={(e) => setFolio(e.target.value)} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">{t.search}</button>
        </div>
      </form>
      {found.error && <Message kind={found.error.status === 404 ? 'info' : 'error'}>{found.error.message}</Message>}
      {found.data && (
        <section className="panel" aria-labelledby="au-incident">
          <h2 id="au-incident">{t.incident(found.data.incident.folio, fmtDateTime(found.data.incident.received_at))}</h2>
          <h3>{t.recordings}</h3>
          {found.data.recordings.length === 0 ? <p className="empty">{t.none}</p> : <RecordingTable rows={found.data.recordings} selected={selected} onToggle={toggle} onOpen={setOpen} canExport={auth.can('audio.custody')} />}
          {auth.can('audio.attach') && <UploadForm incidentId={found.data.incident.id} onDone={reloadAll} />}
        </section>
      )}
      {open !== null && <RecordingPanel key={open} id={open} onClose={() => setOpen(null)} onChanged={reloadAll} />}
      {packageNotice && <Message kind="success">{packageNotice}</Message>}
      {auth.can('audio.custody') && selected.size > 0 && (
        <PackageForm ids={[...selected]} onDone={(sha) => { setPackageNotice(t.packageDone(sha)); setSelected(new Set()); reloadAll(); }} />
      )}
      <section className="table-section">
        <h2>{t.latest}</h2>
        {latest.data && <RecordingTable rows={latest.data.recordings} selected={selected} onToggle={toggle} onOpen={setOpen} canExport={auth.can('audio.custody')} withFolio />}
      </section>
      <p className="hint">{t.pattern}</p>
    </div>
  );
}

function RecordingTable({ rows, selected, onToggle, onOpen, canExport, withFolio }: { rows: CallRecording[]; selected: Set<number>; onToggle(id: number): void; onOpen(id: number): void; canExport: boolean; withFolio?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={withFolio ? 'audio-latest' : 'audio-recordings'}>
        <thead>
          <tr>
            {canExport && <th scope="col"><span className="visually-hidden">{t.package}</span></th>}
            {withFolio && <th scope="col">{t.folio}</th>}
            <th scope="col">{t.file}</th>
            <th scope="col">{t.format}</th>
            <th scope="col" className="num">{t.duration}</th>
            <th scope="col" className="num">{t.size}</th>
            <th scope="col">{t.sha256}</th>
            <th scope="col">{t.attachedAt}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.status === 'purged' ? 'inactive' : undefined}>
              {canExport && (
                <td><input type="checkbox" aria-label={t.select(r.folio)} checked={selected.has(r.id)} onChange={() => onToggle(r.id)} /></td>
              )}
              {withFolio && <td>{r.center_code} {r.folio}</td>}
              <th scope="row"><button type="button" className="link-button" onClick={() => onOpen(r.id)}>{r.original_name}</button></th>
              <td>{r.format.toUpperCase()}</td>
              <td className="num" title={r.duration_note}>{r.duration_seconds === null ? t.durationUnknown : `${fmtNumber(r.duration_seconds)} s`}</td>
              <td className="num">{fmtBytes(r.size)}</td>
              <td><code title={r.sha256}>{shortSha(r.sha256)}</code></td>
              <td className="nowrap">{fmtDateTime(r.attached_at)}</td>
              <td>
                {r.status === 'purged' ? t.purged(fmtDateTime(r.purged_at), r.purged_by ?? '') : t.stored}
                {r.on_hold && <span className="badge badge-warn">{t.held}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UploadForm({ incidentId, onDone }: { incidentId: number; onDone(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    setMessage(null);
    try {
      const r = await upload<{ status: string; warnings: string[] }>(`/api/call-audio/incidents/${incidentId}/recordings`, form);
      setMessage({ kind: 'success', text: [r.status === 'attached' ? t.attached : t.alreadyAttached, ...r.warnings].join(' · ') });
      if (input.current) input.current.value = '';
      onDone();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="actions" onSubmit={submit}>
      <label htmlFor="au-upload">{t.upload}</label>
      <input id="au-upload" ref={input} type="file" accept="audio/wav,audio/mpeg,audio/ogg,.wav,.mp3,.ogg" disabled={busy} />
      <button type="submit" className="button" disabled={busy}>{busy ? t.uploading : t.uploadSubmit}</button>
      {message && <Message kind={message.kind}>{message.text}</Message>}
    </form>
  );
}

function RecordingPanel({ id, onClose, onChanged }: { id: number; onClose(): void; onChanged(): void }) {
  const auth = useAuth();
  const detail = useApi<CallRecordingDetail>(`/api/call-audio/recordings/${id}`);
  const [ask, setAsk] = useState<'play' | 'download' | 'hold' | 'lift' | null>(null);
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [src, setSrc] = useState<string | null>(null);
  const [downloadUrl, setDownloadUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const r = detail.data?.recording;
  const activeHold = detail.data?.holds.find((h) => !h.lifted_at);

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (ask === 'play' || ask === 'download') {
        const res = await api<{ url: string }>(`/api/call-audio/recordings/${id}/access`, { method: 'POST', body: { purpose: ask, reason, reference: reference || undefined } });
        if (ask === 'play') setSrc(res.url);
        else {
          setDownloadUrl(res.url);
          window.location.assign(res.url);
        }
      } else if (ask === 'hold') {
        await api(`/api/call-audio/recordings/${id}/hold`, { method: 'POST', body: { reason, reference: reference || undefined } });
      } else if (ask === 'lift' && activeHold) {
        await api(`/api/call-audio/holds/${activeHold.id}/lift`, { method: 'POST', body: { reason } });
      }
      setAsk(null);
      setReason('');
      setReference('');
      detail.reload();
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  const what = { play: t.play.toLowerCase(), download: t.download.toLowerCase(), hold: t.hold.toLowerCase(), lift: t.lift.toLowerCase() };

  return (
    <section className="panel" aria-labelledby="au-rec-title" data-testid="audio-detail">
      <div className="detail-head">
        <h2 id="au-rec-title">{r ? `${r.center_code} ${r.folio} · ${r.original_name}` : s.app.loading}</h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label={s.cyber.close}>×</button>
      </div>
      {detail.error && <Message kind="error">{detail.error.message}</Message>}
      {error && <Message kind="error">{error}</Message>}
      {r && (
        <>
          <p className="small">
            {r.format.toUpperCase()} · {fmtBytes(r.size)} · {r.duration_seconds === null ? r.duration_note : `${fmtNumber(r.duration_seconds)} s`} · {t.sha256} <code>{r.sha256}</code>
          </p>
          {r.status === 'stored' && (
            <div className="actions">
              {auth.can('audio.play') && <button type="button" className="button button-primary" onClick={() => setAsk('play')}>{t.play}</button>}
              {auth.can('audio.play') && <button type="button" className="button" onClick={() => setAsk('download')}>{t.download}</button>}
              {auth.can('audio.custody') && !activeHold && <button type="button" className="button" onClick={() => setAsk('hold')}>{t.hold}</button>}
              {auth.can('audio.custody') && activeHold && <button type="button" className="button" onClick={() => setAsk('lift')}>{t.lift}</button>}
            </div>
          )}
          {ask && (
            <form className="panel narrow" onSubmit={confirm} aria-labelledby="au-reason-title">
              <h3 id="au-reason-title">{t.reasonTitle(what[ask])}</h3>
              <div className="field">
                <label htmlFor="au-reason">{ask === 'hold' ? t.holdReason : ask === 'lift' ? t.liftReason : t.reason}</label>
                <input id="au-reason" required minLength={5} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="au-reason-hint" />
                <p className="hint" id="au-reason-hint">{t.reasonHint}</p>
              </div>
              {ask !== 'lift' && (
                <div className="field">
                  <label htmlFor="au-reference">{t.reference}</label>
                  <input id="au-reference" maxLength={120} value={reference} onChange={(e) => setReference(e.target.value)} />
                </div>
              )}
              <div className="actions">
                <button type="submit" className="button button-primary">{t.confirm}</button>
                <button type="button" className="button" onClick={() => setAsk(null)}>{t.cancel}</button>
              </div>
            </form>
          )}
          {src && <audio controls autoPlay src={src} aria-label={t.playerLabel(r.folio)} data-testid="audio-player" />}
          {downloadUrl && <p className="small">{t.downloadReady} <a href={downloadUrl}>{t.downloadLink}</a></p>}
          <h3>{t.custody}</h3>
          <table className="data-table compact">
            <thead>
              <tr><th scope="col">{t.when}</th><th scope="col">{t.who}</th><th scope="col">{t.what}</th><th scope="col">{t.why}</th></tr>
            </thead>
            <tbody>
              {detail.data!.events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{fmtDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{t.actions[e.action] ?? e.action}</td>
                  <td>{[e.reason, e.reference].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function PackageForm({ ids, onDone }: { ids: number[]; onDone(sha256: string): void }) {
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [recipient, setRecipient] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await postForDownload('/api/call-audio/custody-packages', { recordingIds: ids, reason, reference: reference || undefined, recipient: recipient || undefined });
      onDone(r.sha256 ?? '');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="au-pkg-title">
      <h2 id="au-pkg-title">{t.package}</h2>
      <p className="muted">{t.packageIntro} {t.selected(ids.length)}.</p>
      {error && <Message kind="error">{error}</Message>}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="au-pkg-reason">{t.reason}</label>
          <input id="au-pkg-reason" required minLength={5} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="au-pkg-ref">{t.reference}</label>
          <input id="au-pkg-ref" value={reference} onChange={(e) => setReference(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="au-pkg-to">{t.recipient}</label>
          <input id="au-pkg-to" value={recipient} onChange={(e) => setRecipient(e.target.value)} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">{t.packageSubmit}</button>
      </div>
    </form>
  );
}
