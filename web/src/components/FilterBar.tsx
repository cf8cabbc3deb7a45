// Incident filters, shared by the table and the map. Edits stay in a draft until "Aplicar filtros".
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { defaultFilters, useFilters } from '../filters.tsx';
import { useCenters, useCnie, useMunicipalities } from '../reference.ts';
import { CHANNELS, CHANNEL_LABELS, CNIE_TYPE_LABELS, s } from '../strings.ts';
import type { IncidentFilters } from '../types.ts';
import { Combobox, type ComboOption } from './Combobox.tsx';
import { Message } from './Message.tsx';

export function FilterBar() {
  const [applied, apply] = useFilters();
  const [draft, setDraft] = useState<IncidentFilters>(applied);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(applied), [applied]);

  const centers = useCenters();
  const municipalities = useMunicipalities();
  const cnie = useCnie(draft.version);
  const otherCnie = useCnie(draft.version === '3' ? '2' : '3');

  const codeOptions = useMemo<ComboOption[]>(
    () =>
      (cnie.data ?? [])
        .filter((e) => !draft.type || String(e.type) === draft.type)
        .map((e) => ({
          value: String(e.code),
          label: `${e.code} — ${e.name}${e.active ? '' : ` (${s.filters.retired})`}`,
          keywords: e.subtypeName ?? '',
        })),
    [cnie.data, draft.type],
  );
  const municipalityOptions = useMemo<ComboOption[]>(
    () => (municipalities.data ?? []).map((m) => ({ value: m.code, label: m.name, keywords: m.code })),
    [municipalities.data],
  );

  const set = <K extends keyof IncidentFilters>(key: K, value: IncidentFilters[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const switchVersion = (version: '2' | '3') => {
    if (version === draft.version) return;
    // Keep the chosen code when the other catalog has its equivalent.
    const entry = (cnie.data ?? []).find((e) => String(e.code) === draft.code);
    const mapped = entry ? (version === '2' ? entry.v2 : entry.v3) : null;
    const exists = mapped != null && (otherCnie.data ?? []).some((e) => e.code === mapped);
    setDraft((d) => ({ ...d, version, code: exists ? String(mapped) : '' }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setError(s.filters.periodInvalid);
      return;
    }
    setError(null);
    apply(draft);
  };

  return (
    <form className="filters" onSubmit={submit} aria-label={s.filters.legend}>
      <fieldset>
        <legend className="visually-hidden">{s.filters.legend}</legend>
        <div className="filters-grid">
          <div className="field">
            <label htmlFor="f-from">{s.filters.from}</label>
            <input id="f-from" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{s.filters.to}</label>
            <input id="f-to" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="f-center">{s.filters.center}</label>
            <select id="f-center" value={draft.center} onChange={(e) => set('center', e.target.value)}>
              <option value="">{s.filters.all}</option>
              {(centers.data ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-channel">{s.filters.channel}</label>
            <select id="f-channel" value={draft.channel} onChange={(e) => set('channel', e.target.value)}>
              <option value="">{s.filters.all}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-type">{s.filters.type}</label>
            <select
              id="f-type"
              value={draft.type}
              onChange={(e) => {
                const type = e.target.value;
                setDraft((d) => ({ ...d, type, code: type && d.code && !d.code.startsWith(type) ? '' : d.code }));
              }}
            >
              <option value="">{s.filters.all}</option>
              {Object.entries(CNIE_TYPE_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {k}. {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <Combobox
              id="f-code"
              label={s.filters.code}
              options={codeOptions}
              value={draft.code}
              onChange={(v) => set('code', v)}
              placeholder={s.filters.codePlaceholder}
            />
            <div className="segmented" role="radiogroup" aria-label={s.filters.version}>
              {(['3', '2'] as const).map((v) => (
                <label key={v} className={draft.version === v ? 'checked' : undefined}>
                  <input type="radio" name="f-version" value={v} checked={draft.version === v} onChange={() => switchVersion(v)} />
                  {v === '3' ? s.filters.v3 : s.filters.v2}
                </label>
              ))}
            </div>
          </div>
          <div className="field field-wide">
            <Combobox
              id="f-municipality"
              label={s.filters.municipality}
              options={municipalityOptions}
              value={draft.municipality}
              onChange={(v) => set('municipality', v)}
              placeholder={s.filters.municipalityPlaceholder}
            />
          </div>
          <div className="field">
            <label htmlFor="f-improper">{s.filters.improper}</label>
            <select id="f-improper" value={draft.improper} onChange={(e) => set('improper', e.target.value as IncidentFilters['improper'])}>
              <option value="">{s.filters.allFem}</option>
              <option value="false">{s.filters.proper}</option>
              <option value="true">{s.filters.improperOnly}</option>
            </select>
          </div>
        </div>
        {error && <Message kind="error">{error}</Message>}
        <div className="actions">
          <button type="submit" className="button button-primary">
            {s.filters.apply}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              const d = defaultFilters();
              setDraft(d);
              apply(d);
            }}
          >
            {s.filters.reset}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
