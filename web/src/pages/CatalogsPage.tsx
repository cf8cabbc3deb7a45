// Reference catalogs: named groups of municipalities with their official source (editable with reference.edit),
// and the call centers with the municipalities each covers.
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, useApi } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Combobox } from '../components/Combobox.tsx';
import { Message } from '../components/Message.tsx';
import { fmtNumber } from '../format.ts';
import { useCenters, useMunicipalities, useNameMap } from '../reference.ts';
import { s } from '../strings.ts';
import type { MunicipalityGroup, MunicipalityRef } from '../types.ts';

export function CatalogsPage() {
  const auth = useAuth();
  const groups = useApi<MunicipalityGroup[]>('/api/reference/groups');
  const centers = useCenters();
  const municipalities = useMunicipalities();
  const names = useNameMap(municipalities.data);
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const canEdit = auth.can('reference.edit');

  return (
    <div className="page">
      <h1>{s.catalogs.title}</h1>

      <section aria-labelledby="groups-title">
        <h2 id="groups-title">{s.catalogs.groups}</h2>
        <p className="muted">{s.catalogs.groupsIntro}</p>
        {groups.error && <Message kind="error">{groups.error.message}</Message>}
        {saved && <Message kind="success">{saved}</Message>}
        <div className="cards">
          {(groups.data ?? []).map((g) => {
            const empty = g.members.length === 0;
            return (
              <article key={g.id} className="panel group-card" aria-labelledby={`group-${g.id}`} data-testid={`group-${g.slug}`}>
                <h3 id={`group-${g.id}`}>{g.name}</h3>
                <p className="muted">
                  {s.catalogs.kinds[g.kind] ?? g.kind} ·{' '}
                  {g.members.length === 1 ? s.catalogs.membersOne : s.catalogs.members(fmtNumber(g.members.length))}
                </p>
                {empty && !g.source_citation && <p className="notice">{s.catalogs.emptyNoSource}</p>}
                {empty && g.source_citation && <p className="notice">{s.catalogs.emptyWithSource}</p>}
                {!empty && (
                  <ul className="chips" aria-label={s.catalogs.picked}>
                    {g.members.map((code) => (
                      <li key={code} className="chip">
                        {names.get(code)?.name ?? code}
                      </li>
                    ))}
                  </ul>
                )}
                <dl className="facts">
                  <div className="fact">
                    <dt>{s.catalogs.source}</dt>
                    <dd>{g.source_citation ?? <span className="muted">{s.catalogs.noSource}</span>}</dd>
                  </div>
                  {g.source_url && (
                    <div className="fact">
                      <dt>{s.catalogs.sourceUrl}</dt>
                      <dd>
                        <a href={g.source_url} target="_blank" rel="noreferrer noopener">
                          {g.source_url}
                        </a>
                      </dd>
                    </div>
                  )}
                </dl>
                {canEdit && editing !== g.id && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setSaved(null);
                      setEditing(g.id);
                    }}
                  >
                    {s.catalogs.edit}
                  </button>
                )}
                {canEdit && editing === g.id && (
                  <GroupEditor
                    group={g}
                    municipalities={municipalities.data ?? []}
                    onCancel={() => setEditing(null)}
                    onSaved={(n) => {
                      setEditing(null);
                      setSaved(s.catalogs.saved(g.name, fmtNumber(n)));
                      groups.reload();
                    }}
                  />
                )}
              </article>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="centers-title" className="table-section">
        <h2 id="centers-title">{s.catalogs.centers}</h2>
        {centers.error && <Message kind="error">{centers.error.message}</Message>}
        {centers.data && (
          <table className="data-table" data-testid="centers-table">
            <caption className="visually-hidden">{s.catalogs.centersCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.catalogs.centerCode}</th>
                <th scope="col">{s.catalogs.centerName}</th>
                <th scope="col" className="num">
                  {s.catalogs.centerMunicipalities}
                </th>
                <th scope="col">{s.catalogs.centerActive}</th>
              </tr>
            </thead>
            <tbody>
              {centers.data.map((c) => (
                <tr key={c.code}>
                  <td className="code">{c.code}</td>
                  <td>
                    {c.name}
                    {c.municipalities.length > 0 && (
                      <details>
                        <summary>{s.catalogs.showMunicipalities}</summary>
                        <p className="small">
                          {c.municipalities
                            .map((code) => names.get(code)?.name ?? code)
                            .sort((a, b) => a.localeCompare(b, 'es-MX'))
                            .join(' · ')}
                        </p>
                      </details>
                    )}
                  </td>
                  <td className="num">{fmtNumber(c.municipalities.length)}</td>
                  <td>{c.active === false ? s.catalogs.inactive : s.catalogs.active}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function GroupEditor({
  group,
  municipalities,
  onCancel,
  onSaved,
}: {
  group: MunicipalityGroup;
  municipalities: MunicipalityRef[];
  onCancel(): void;
  onSaved(count: number): void;
}) {
  const [mode, setMode] = useState<'csv' | 'pick'>('csv');
  const [csv, setCsv] = useState('');
  const [codes, setCodes] = useState<string[]>(group.members);
  const [citation, setCitation] = useState(group.source_citation ?? '');
  const [url, setUrl] = useState(group.source_url ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = useMemo(() => new Map(municipalities.map((m) => [m.code, m.name])), [municipalities]);
  const options = useMemo(
    () => municipalities.filter((m) => !codes.includes(m.code)).map((m) => ({ value: m.code, label: m.name, keywords: m.code })),
    [municipalities, codes],
  );
  const prefix = `ge-${group.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!citation.trim()) {
      setError(s.catalogs.citationRequired);
      return;
    }
    setBusy(true);
    try {
      const body = {
        ...(mode === 'csv' ? { csv } : { codes }),
        source_citation: citation.trim(),
        source_url: url.trim() || null,
      };
      const res = await api<{ id: number; members: string[] }>(`/api/reference/groups/${group.id}/members`, { method: 'PUT', body });
      onSaved(res.members.length);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="group-editor" onSubmit={submit} aria-label={s.catalogs.editTitle(group.name)}>
      <h4>{s.catalogs.editTitle(group.name)}</h4>
      {error && <Message kind="error">{error}</Message>}
      <div className="segmented" role="radiogroup" aria-label={s.catalogs.mode}>
        {(['csv', 'pick'] as const).map((m) => (
          <label key={m} className={mode === m ? 'checked' : undefined}>
            <input type="radio" name={`${prefix}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
            {m === 'csv' ? s.catalogs.modeCsv : s.catalogs.modePick}
          </label>
        ))}
      </div>
      {mode === 'csv' ? (
        <div className="field">
          <label htmlFor={`${prefix}-csv`}>{s.catalogs.csv}</label>
          <textarea id={`${prefix}-csv`} rows={6} value={csv} placeholder={s.catalogs.csvPlaceholder} onChange={(e) => setCsv(e.target.value)} />
        </div>
      ) : (
        <div className="field">
          <Combobox id={`${prefix}-pick`} label={s.catalogs.pick} options={options} value="" onChange={(v) => v && setCodes((c) => [...c, v].sort())} />
          <ul className="chips" aria-label={s.catalogs.picked}>
            {codes.map((code) => (
              <li key={code} className="chip">
                {names.get(code) ?? code}
                <button type="button" aria-label={s.catalogs.remove(names.get(code) ?? code)} onClick={() => setCodes((c) => c.filter((x) => x !== code))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${prefix}-citation`}>{s.catalogs.citation}</label>
        <input id={`${prefix}-citation`} value={citation} placeholder={s.catalogs.citationPlaceholder} onChange={(e) => setCitation(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-url`}>{s.catalogs.url}</label>
        <input id={`${prefix}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? s.catalogs.saving : s.catalogs.save}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {s.catalogs.cancel}
        </button>
      </div>
    </form>
  );
}
