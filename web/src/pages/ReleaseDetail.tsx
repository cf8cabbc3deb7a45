// One release: its state and the route of filters of the current version (who approved, when), the actions this
// person may take now (the server says which), the content with its targets and publications, every version, and
// the history of every step with its observations. Every action sends the revision the page shows: if someone else
// acted meanwhile, the server refuses it and the page reloads.
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtDuration } from '../format.ts';
import { s } from '../strings.ts';
import type { ReleaseAction, ReleaseDetail, ReleaseTarget, ReleaseVersion } from '../types.ts';
import { fmtBytes } from '../format.ts';
import { ReleaseEditor } from './ReleaseEditor.tsx';

type Notice = { kind: 'success' | 'error'; text: string } | null;

export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`badge ${s.releases.stateBadges[state] ?? 'badge-muted'}`} data-testid="release-state">
      {s.releases.states[state] ?? state}
    </span>
  );
}

export function ReleaseDetailView({ id }: { id: number }) {
  const release = useApi<ReleaseDetail>(`/api/releases/${id}`);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const d = release.data;

  const run = async (path: string, body: Record<string, unknown>) => {
    setNotice(null);
    try {
      await api<ReleaseDetail>(`/api/releases/${id}/${path}`, { method: 'POST', body: { revision: d!.revision, ...body } });
      setNotice({ kind: 'success', text: s.releases.done });
      return true;
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? err.message : s.app.unexpectedError });
      return false;
    } finally {
      release.reload();
    }
  };

  return (
    <div className="page">
      <p>
        <Link to="/comunicados">{s.releases.back}</Link>
      </p>
      {release.error && <Message kind="error">{release.error.message}</Message>}
      {d && (
        <>
          <h1 data-testid="release-title">{d.content.title}</h1>
          <p className="muted">
            <StateBadge state={d.state} /> {s.releases.versionOf(d.currentVersion)} · {s.releases.createdBy(d.createdBy, fmtDateTime(d.createdAt))}
          </p>
          {d.content.exception && <div className="notice">{s.releases.exceptionNotice(d.content.exceptionReason ?? '')}</div>}
          {d.awaitedParty && d.awaitedTask && (
            <p data-testid="release-waiting">{s.releases.waitingNow(d.awaitedParty, d.awaitedTask, fmtDuration(d.stateSince, new Date(Math.max(Date.now(), new Date(d.stateSince).getTime())).toISOString()) ?? '')}</p>
          )}
          {notice && <Message kind={notice.kind}>{notice.text}</Message>}
          <RouteProgress release={d} />
          {editing ? (
            <section className="panel" aria-labelledby="edit-title">
              <h2 id="edit-title">{s.releases.editorEdit(d.currentVersion + 1)}</h2>
              {d.route.some((r) => r.status === 'done') && <Message kind="warning">{s.releases.editorWarning(d.currentVersion)}</Message>}
              <ReleaseEditor
                release={d}
                onSaved={() => {
                  setEditing(false);
                  setNotice({ kind: 'success', text: s.releases.done });
                  release.reload();
                }}
                onCancel={() => setEditing(false)}
              />
            </section>
          ) : (
            <Actions release={d} run={run} onEdit={() => setEditing(true)} />
          )}
          <section className="panel" aria-labelledby="content-title">
            <h2 id="content-title">{s.releases.contentTitle}</h2>
            <VersionContent version={d.content} />
          </section>
          <Versions release={d} />
          <History release={d} />
        </>
      )}
    </div>
  );
}

function RouteProgress({ release }: { release: ReleaseDetail }) {
  const published = release.state === 'published';
  return (
    <section className="panel" aria-labelledby="route-title">
      <h2 id="route-title">{s.releases.routeTitle}</h2>
      <ol className="route" data-testid="release-route">
        <li className="done">{s.releases.routeDraft}</li>
        {release.route.map((r) => (
          <li key={r.step} className={r.status} data-testid={`route-${r.step}`}>
            {r.label}:{' '}
            {r.status === 'done' && s.releases.stepDone(r.by ?? '', fmtDateTime(r.at))}
            {r.status === 'returned' && <strong>{s.releases.stepReturned(r.by ?? '', fmtDateTime(r.at))}</strong>}
            {r.status === 'current' && <strong>{s.releases.stepCurrent}</strong>}
            {r.status === 'pending' && s.releases.stepPending}
          </li>
        ))}
        <li className={published ? 'done' : release.state === 'approved' ? 'current' : 'pending'}>{s.releases.routePublish}</li>
      </ol>
    </section>
  );
}

function Actions({ release, run, onEdit }: { release: ReleaseDetail; run: (path: string, body: Record<string, unknown>) => Promise<boolean>; onEdit: () => void }) {
  const [comments, setComments] = useState('');
  const [problem, setProblem] = useState('');
  const allowed = (a: ReleaseAction) => release.allowedActions.includes(a);
  const needsText = allowed('return') || allowed('withdraw') || allowed('approve');
  if (release.allowedActions.length === 0) return null;

  const send = async (path: string, requireComments: boolean) => {
    if (requireComments && !comments.trim()) {
      setProblem(s.releases.commentsRequired);
      return;
    }
    setProblem('');
    if (await run(path, { comments: comments.trim() || null })) setComments('');
  };

  return (
    <section className="panel" aria-labelledby="actions-title" data-testid="release-actions">
      <h2 id="actions-title">{s.releases.actionsTitle}</h2>
      {needsText && (
        <div className="field">
          <label htmlFor="rel-comments">{s.releases.comments}</label>
          <textarea id="rel-comments" rows={3} value={comments} onChange={(e) => setComments(e.target.value)} maxLength={4000} aria-describedby="rel-comments-hint" />
          <p className="hint" id="rel-comments-hint">
            {s.releases.commentsHint}
          </p>
        </div>
      )}
      {problem && <Message kind="error">{problem}</Message>}
      <div className="actions">
        {allowed('submit') && (
          <button type="button" className="button button-primary" onClick={() => void send('submit', false)}>
            {release.content.exception ? s.releases.submitException : s.releases.submitNormal}
          </button>
        )}
        {allowed('approve') && (
          <button type="button" className="button button-primary" onClick={() => void send('approve', false)}>
            {s.releases.approveLabels[release.state] ?? s.releases.approveLabels.validation}
          </button>
        )}
        {allowed('return') && (
          <button type="button" className="button" onClick={() => void send('return', true)}>
            {s.releases.returnLabel}
          </button>
        )}
        {allowed('edit') && (
          <button type="button" className="button" onClick={onEdit}>
            {s.releases.editLabel}
          </button>
        )}
        {allowed('withdraw') && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              if (comments.trim() && !window.confirm(s.releases.withdrawConfirm)) return;
              void send('withdraw', true);
            }}
          >
            {s.releases.withdrawLabel}
          </button>
        )}
      </div>
      {allowed('publish') && <PublishForms release={release} run={run} />}
    </section>
  );
}

function targetName(t: ReleaseTarget): string {
  return t.account ? `${t.account.networkLabel} ${t.account.handle}` : t.kindLabel;
}

function PublishForms({ release, run }: { release: ReleaseDetail; run: (path: string, body: Record<string, unknown>) => Promise<boolean> }) {
  const pending = release.content.targets.filter((t) => !t.publication);
  return (
    <div data-testid="publish-forms">
      <h3>{s.releases.publishTitle}</h3>
      <p className="hint">{s.releases.publishIntro}</p>
      {pending.map((t) => (
        <PublishForm key={t.position} target={t} run={run} />
      ))}
    </div>
  );
}

function PublishForm({ target, run }: { target: ReleaseTarget; run: (path: string, body: Record<string, unknown>) => Promise<boolean> }) {
  const [url, setUrl] = useState('');
  const [medium, setMedium] = useState('');
  const [reference, setReference] = useState('');
  const social = target.kind === 'social';
  const idBase = `pub-${target.position}`;
  return (
    <form
      className="form-grid publish-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run('publish', { position: target.position, url: url || null, medium: social ? null : medium, reference: reference || null });
      }}
    >
      {social ? (
        <div className="field">
          <label htmlFor={`${idBase}-url`}>{`${s.releases.publishUrl} (${targetName(target)})`}</label>
          <input id={`${idBase}-url`} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder={target.account?.url} />
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${idBase}-medium`}>{`${s.releases.publishMedium} (${targetName(target)})`}</label>
            <input id={`${idBase}-medium`} required value={medium} onChange={(e) => setMedium(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${idBase}-url`}>{s.releases.publishNoteUrl}</label>
            <input id={`${idBase}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={`${idBase}-ref`}>{s.releases.publishReference}</label>
        <input id={`${idBase}-ref`} value={reference} onChange={(e) => setReference(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">
          {s.releases.publishButton(targetName(target))}
        </button>
      </div>
    </form>
  );
}

export function VersionContent({ version }: { version: ReleaseVersion }) {
  return (
    <div data-testid={`version-${version.version}`}>
      <dl className="facts">
        <div className="fact">
          <dt>{s.releases.sourceArea}</dt>
          <dd>{version.sourceAreaName ?? s.app.dash}</dd>
        </div>
        <div className="fact">
          <dt>{s.releases.targetsTitle}</dt>
          <dd>
            <ul className="plain-list" data-testid="release-targets">
              {version.targets.map((t) => (
                <li key={t.position}>
                  {t.account ? (
                    <>
                      {t.account.networkLabel}:{' '}
                      <a href={t.account.url} rel="noreferrer noopener" target="_blank">
                        {t.account.name} ({t.account.handle})
                      </a>
                    </>
                  ) : (
                    t.kindLabel
                  )}
                  {' — '}
                  {t.publication ? (
                    <>
                      <span className="badge badge-ok">{s.releases.states.published}</span>{' '}
                      {s.releases.publishedOn(t.publication.placedOn, t.publication.publishedBy, fmtDateTime(t.publication.publishedAt))}
                    </>
                  ) : (
                    <span className="muted">{s.releases.notPublished}</span>
                  )}
                  {t.publication?.url && (
                    <div className="hint">
                      <a href={t.publication.url} rel="noreferrer noopener" target="_blank">
                        {t.publication.url}
                      </a>
                    </div>
                  )}
                  {t.publication?.reference && <div className="hint">{t.publication.reference}</div>}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <div className="release-body" data-testid="release-body">
        {version.body}
      </div>
      {version.images.length > 0 && (
        <>
          <h3>{s.releases.imagesTitle}</h3>
          <ul className="thumbs">
            {version.images.map((i) => (
              <li key={i.id}>
                <a href={`/api/releases/images/${i.id}`} target="_blank" rel="noreferrer">
                  <img src={`/api/releases/images/${i.id}`} alt={i.fileName} />
                </a>
                <div className="hint" title={i.sha256}>
                  {i.fileName} · {i.width} × {i.height} · {fmtBytes(i.size)}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {version.products.length > 0 && (
        <>
          <h3>{s.releases.productsTitle}</h3>
          <ul className="plain-list">
            {version.products.map((p) => (
              <li key={p.id}>
                {p.reportName} · {p.period} · {s.reports.version} {p.version} <span className="tag">{p.classificationLabel}</span>{' '}
                {p.files.map((f) => (
                  <a key={f.format} href={`/api/products/${p.id}/files/${f.format}`} download={f.fileName} style={{ marginRight: '0.4rem' }}>
                    {f.format.toUpperCase()}
                  </a>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Versions({ release }: { release: ReleaseDetail }) {
  const [shown, setShown] = useState<number | null>(null);
  const version = useApi<ReleaseVersion>(shown === null ? null : `/api/releases/${release.id}/versions/${shown}`);
  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">{s.releases.versionsTitle}</h2>
      <ul className="plain-list" data-testid="release-versions">
        {release.versions.map((v) => (
          <li key={v.version}>
            {s.releases.versionOf(v.version)} · {v.title} · {v.editedBy} · {fmtDateTime(v.editedAt)}{' '}
            {v.version === release.currentVersion ? (
              <span className="tag">{s.releases.current}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => setShown(shown === v.version ? null : v.version)}>
                {shown === v.version ? s.releases.hide : s.releases.view}
              </button>
            )}
          </li>
        ))}
      </ul>
      {version.error && <Message kind="error">{version.error.message}</Message>}
      {shown !== null && version.data && (
        <div className="panel">
          <h3>{s.releases.versionOf(shown)}</h3>
          <VersionContent version={version.data} />
        </div>
      )}
    </section>
  );
}

function History({ release }: { release: ReleaseDetail }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{s.releases.historyTitle}</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="release-history">
          <caption className="visually-hidden">{s.releases.historyCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.releases.when}</th>
              <th scope="col">{s.releases.who}</th>
              <th scope="col">{s.releases.what2}</th>
              <th scope="col" className="num">{s.releases.version}</th>
              <th scope="col">{s.releases.notes}</th>
            </tr>
          </thead>
          <tbody>
            {[...release.events].reverse().map((e) => (
              <tr key={e.id} className={e.action === 'approve' && !e.counts ? 'inactive' : undefined} data-action={`${e.action}${e.step ? `:${e.step}` : ''}@v${e.version}`}>
                <td className="nowrap">{fmtDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  {s.releases.actions[e.action] ?? e.action}
                  {e.stepLabel && <div className="hint">{e.stepLabel}</div>}
                  {e.action === 'approve' && !e.counts && <div className="hint">{s.releases.noLongerCounts}</div>}
                </td>
                <td className="num">{e.version}</td>
                <td className="release-body">{e.comments ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
