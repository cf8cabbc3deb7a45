// Writing or correcting a release: title and text, the area that provided the information (or the exception with
// its reason), the targets (press, radio and TV, or only the registered official accounts), images uploaded and
// checked by the server, and public products. Saving a correction makes a new version.
import { useState, type FormEvent } from 'react';
import { ApiError, api, errorFromResponse, getCsrfToken, noticeSessionProblem, useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { s } from '../strings.ts';
import type { AttachableProduct, OfficialAccount, ReleaseDetail, ReleaseImage } from '../types.ts';
import { fmtBytes } from '../format.ts';

interface EditorOptions {
  sourceAreas: { code: string; name: string }[];
  accounts: OfficialAccount[];
  products: AttachableProduct[];
}

const X_LIMIT = 280;

async function uploadImage(file: File): Promise<ReleaseImage> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/api/releases/images', { method: 'POST', body: form, credentials: 'same-origin', headers: { 'x-csrf-token': getCsrfToken() } });
  if (!res.ok) {
    const err = await errorFromResponse(res);
    noticeSessionProblem(err, '/api/releases/images');
    throw err;
  }
  return ((await res.json()) as { image: ReleaseImage }).image;
}

export function ReleaseEditor({ release, onSaved, onCancel }: { release?: ReleaseDetail; onSaved: (id: number) => void; onCancel: () => void }) {
  const options = useApi<EditorOptions>('/api/releases/editor-options');
  const c = release?.content;
  const [title, setTitle] = useState(c?.title ?? '');
  const [body, setBody] = useState(c?.body ?? '');
  const [sourceArea, setSourceArea] = useState(c?.sourceArea ?? '');
  const [exception, setException] = useState(c?.exception ?? false);
  const [reason, setReason] = useState(c?.exceptionReason ?? '');
  const [targets, setTargets] = useState<string[]>(c?.targets.map((t) => (t.kind === 'social' ? `social:${t.account?.id}` : t.kind)) ?? []);
  const [images, setImages] = useState<ReleaseImage[]>(c?.images ?? []);
  const [productIds, setProductIds] = useState<number[]>(c?.products.map((p) => p.id) ?? []);
  const [note, setNote] = useState('');
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');

  // An account of the version being corrected stays listed even if it was deactivated since, so it can be unticked.
  const accounts = [...(options.data?.accounts ?? [])];
  for (const t of c?.targets ?? []) if (t.account && !accounts.some((a) => a.id === t.account!.id)) accounts.push(t.account);
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));
  const onX = targets.some((key) => accounts.find((a) => `social:${a.id}` === key)?.network === 'x');

  const upload = async (files: FileList | null) => {
    if (!files) return;
    setError('');
    setUploading(true);
    try {
      for (const file of Array.from(files)) {
        const image = await uploadImage(file);
        setImages((prev) => (prev.some((i) => i.id === image.id) ? prev : [...prev, image]));
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setUploading(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    setSaving(true);
    const order = ['press', 'radio_tv', ...accounts.map((a) => `social:${a.id}`)];
    const payload = {
      title,
      body,
      sourceArea: sourceArea || null,
      exception,
      exceptionReason: exception ? reason : null,
      targets: order.filter((k) => targets.includes(k)).map((k) => (k.startsWith('social:') ? { kind: 'social', accountId: Number(k.slice(7)) } : { kind: k })),
      imageIds: images.map((i) => i.id),
      productIds,
    };
    try {
      const saved = release
        ? await api<ReleaseDetail>(`/api/releases/${release.id}`, { method: 'PUT', body: { ...payload, revision: release.revision, comments: note.trim() || null } })
        : await api<ReleaseDetail>('/api/releases', { method: 'POST', body: payload });
      onSaved(saved.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="release-editor" onSubmit={submit} data-testid="release-editor">
      {options.error && <Message kind="error">{options.error.message}</Message>}
      <div className="field">
        <label htmlFor="rel-title">{s.releases.fieldTitle}</label>
        <input id="rel-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="rel-body">{s.releases.fieldBody}</label>
        <textarea id="rel-body" required rows={7} maxLength={10000} value={body} onChange={(e) => setBody(e.target.value)} className="prose" aria-describedby="rel-body-count" />
        <p className="hint" id="rel-body-count">
          {s.releases.bodyCount(body.length)}
        </p>
        {onX && body.length > X_LIMIT && <div className="notice">{s.releases.xLimit}</div>}
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="rel-source">{s.releases.fieldSource}</label>
          <select id="rel-source" value={sourceArea} onChange={(e) => setSourceArea(e.target.value)}>
            <option value="">{s.releases.chooseSource}</option>
            {(options.data?.sourceAreas ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="checks">
        <legend className="visually-hidden">{s.releases.fieldException}</legend>
        <label>
          <input type="checkbox" checked={exception} onChange={(e) => setException(e.target.checked)} />
          {s.releases.fieldException}
        </label>
      </fieldset>
      {exception && (
        <div className="field">
          <label htmlFor="rel-reason">{s.releases.fieldReason}</label>
          <textarea id="rel-reason" rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} className="prose" />
        </div>
      )}
      <fieldset className="checks">
        <legend>{s.releases.fieldTargets}</legend>
        <label>
          <input type="checkbox" checked={targets.includes('press')} onChange={(e) => setTargets(toggle(targets, 'press', e.target.checked))} />
          {s.releases.targetPress}
        </label>
        <label>
          <input type="checkbox" checked={targets.includes('radio_tv')} onChange={(e) => setTargets(toggle(targets, 'radio_tv', e.target.checked))} />
          {s.releases.targetRadioTv}
        </label>
        {accounts.map((a) => (
          <label key={a.id}>
            <input type="checkbox" checked={targets.includes(`social:${a.id}`)} onChange={(e) => setTargets(toggle(targets, `social:${a.id}`, e.target.checked))} />
            {`${a.networkLabel}: ${a.name} (${a.handle})`}
            {!a.active && <span className="tag">{s.releases.inactive}</span>}
          </label>
        ))}
      </fieldset>
      {options.data && accounts.length === 0 && <p className="hint">{s.releases.noAccounts}</p>}
      <div className="field">
        <label htmlFor="rel-images">{s.releases.fieldImages}</label>
        <input id="rel-images" type="file" accept="image/png,image/jpeg,image/webp" multiple disabled={uploading || images.length >= 4} onChange={(e) => void upload(e.target.files).then(() => (e.target.value = ''))} />
        {uploading && <p className="hint">{s.releases.uploading}</p>}
        {images.length > 0 && (
          <ul className="thumbs" data-testid="editor-images">
            {images.map((i) => (
              <li key={i.id}>
                <img src={`/api/releases/images/${i.id}`} alt={i.fileName} />
                <div className="hint">
                  {i.fileName} · {i.width} × {i.height} · {fmtBytes(i.size)}{' '}
                  <button type="button" className="link-button" onClick={() => setImages(images.filter((x) => x.id !== i.id))}>
                    {s.releases.removeImage(i.fileName)}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <fieldset className="checks">
        <legend>{s.releases.fieldProducts}</legend>
        {options.data && options.data.products.length === 0 && <p className="hint">{s.releases.noProducts}</p>}
        {(options.data?.products ?? []).map((p) => (
          <label key={p.id}>
            <input type="checkbox" checked={productIds.includes(p.id)} onChange={(e) => setProductIds(toggle(productIds, p.id, e.target.checked))} />
            {`${p.reportName} · ${p.period} · ${s.reports.version} ${p.version}`}
          </label>
        ))}
      </fieldset>
      {release && (
        <div className="field">
          <label htmlFor="rel-note">{s.releases.fieldNote}</label>
          <input id="rel-note" maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      )}
      {error && <Message kind="error">{error}</Message>}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={saving || uploading}>
          {saving ? s.releases.saving : s.releases.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {s.releases.cancel}
        </button>
      </div>
    </form>
  );
}
