// One incident: general data, times and the durations between them, and the personal data only when the server
// sent them (the server decides; the panel says plainly when they were withheld).
import { useEffect, useRef, type ReactNode } from 'react';
import { useApi } from '../api.ts';
import { fmtDateTime, fmtDuration } from '../format.ts';
import { useCenters, useCnie, useMunicipalities, useNameMap } from '../reference.ts';
import { CHANNEL_LABELS, PRIORITY_LABELS, SEX_LABELS, s } from '../strings.ts';
import type { IncidentDetail } from '../types.ts';
import { Message } from './Message.tsx';

export function IncidentDetailPanel({ id, onClose }: { id: number; onClose(): void }) {
  const result = useApi<{ incident: IncidentDetail; restricted: boolean }>(`/api/incidents/${id}`);
  const centers = useNameMap(useCenters().data);
  const municipalities = useNameMap(useMunicipalities().data);
  const inc = result.data?.incident;
  const catalog = useNameMap(useCnie(inc ? inc.cnie_version : null).data);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (inc) heading.current?.focus();
  }, [inc?.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="detail panel" aria-labelledby="detail-title" data-testid="incident-detail">
      <div className="detail-head">
        <h2 id="detail-title" tabIndex={-1} ref={heading}>
          {inc ? s.detail.title(inc.folio) : s.app.loading}
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label={s.detail.close}>
          ×
        </button>
      </div>
      {result.error && <Message kind="error">{result.error.message}</Message>}
      {inc && (
        <>
          <h3>{s.detail.general}</h3>
          <dl className="facts">
            <Fact label={s.detail.center}>{centers.get(inc.center_code)?.name ?? inc.center_code}</Fact>
            <Fact label={s.detail.channel}>{CHANNEL_LABELS[inc.channel] ?? inc.channel}</Fact>
            <Fact label={s.detail.code}>
              <span className="code">{inc.cnie_code}</span> {catalog.get(String(inc.cnie_code))?.name ?? ''}{' '}
              <span className="muted">({s.detail.catalog(inc.cnie_version)})</span>
            </Fact>
            <Fact label={s.detail.priority}>{inc.priority ? (PRIORITY_LABELS[inc.priority] ?? inc.priority) : null}</Fact>
            <Fact label={s.detail.proper}>{inc.is_improper ? s.incidents.improperValue : s.incidents.properValue}</Fact>
            <Fact label={s.detail.municipality}>
              {inc.municipality_code ? (municipalities.get(inc.municipality_code)?.name ?? inc.municipality_code) : s.incidents.unlocated}
            </Fact>
            <Fact label={s.detail.locality}>{inc.locality}</Fact>
            <Fact label={s.detail.coordinates}>
              {inc.latitude != null && inc.longitude != null ? `${inc.latitude}, ${inc.longitude}` : null}
            </Fact>
            <Fact label={s.detail.corporation}>{inc.corporation}</Fact>
            <Fact label={s.detail.unit}>{inc.unit}</Fact>
            <Fact label={s.detail.closingCode}>{inc.closing_code}</Fact>
            <Fact label={s.detail.relatedFolios}>{inc.related_folios?.length ? inc.related_folios.join(', ') : null}</Fact>
            {inc.victim_sex && <Fact label={s.detail.victimSex}>{SEX_LABELS[inc.victim_sex] ?? inc.victim_sex}</Fact>}
            {inc.victim_age_group && <Fact label={s.detail.victimAge}>{inc.victim_age_group}</Fact>}
          </dl>

          <h3>{s.detail.times}</h3>
          <dl className="facts">
            <Fact label={s.detail.received}>{fmtDateTime(inc.received_at, true)}</Fact>
            <Fact label={s.detail.dispatched}>{inc.dispatched_at ? fmtDateTime(inc.dispatched_at, true) : null}</Fact>
            <Fact label={s.detail.arrived}>{inc.arrived_at ? fmtDateTime(inc.arrived_at, true) : null}</Fact>
            <Fact label={s.detail.closed}>{inc.closed_at ? fmtDateTime(inc.closed_at, true) : null}</Fact>
          </dl>
          <h3>{s.detail.durations}</h3>
          <dl className="facts">
            <Fact label={s.detail.toDispatch}>{fmtDuration(inc.received_at, inc.dispatched_at)}</Fact>
            <Fact label={s.detail.toArrive}>{fmtDuration(inc.dispatched_at, inc.arrived_at)}</Fact>
            <Fact label={s.detail.response}>{fmtDuration(inc.received_at, inc.arrived_at)}</Fact>
            <Fact label={s.detail.total}>{fmtDuration(inc.received_at, inc.closed_at)}</Fact>
          </dl>

          <h3>{s.detail.personal}</h3>
          {result.data?.restricted ? (
            <>
              <dl className="facts" data-testid="personal-data">
                <Fact label={s.detail.callerPhone}>{inc.caller_phone}</Fact>
                <Fact label={s.detail.callerName}>{inc.caller_name}</Fact>
                <Fact label={s.detail.address}>{inc.address}</Fact>
                <Fact label={s.detail.notes}>{inc.notes}</Fact>
              </dl>
              <p className="hint">{s.detail.restrictedShown}</p>
            </>
          ) : (
            <p className="notice" data-testid="personal-withheld">
              {s.detail.restrictedHidden}
            </p>
          )}
        </>
      )}
    </aside>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">{s.detail.notRecorded}</span> : children}</dd>
    </div>
  );
}
