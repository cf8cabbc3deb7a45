import { useEffect, useMemo, useState } from 'react';
import { useApi, withQuery } from '../api.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { Pager } from '../components/Pager.tsx';
import { IncidentDetailPanel } from '../components/IncidentDetail.tsx';
import { Message } from '../components/Message.tsx';
import { filtersQuery, useFilters } from '../filters.tsx';
import { fmtDateTime, fmtNumber } from '../format.ts';
import { useCenters, useCnie, useMunicipalities, useNameMap } from '../reference.ts';
import { CHANNEL_LABELS, PRIORITY_LABELS, s } from '../strings.ts';
import type { IncidentPage } from '../types.ts';

const PAGE_SIZE = 50;

export function IncidentsPage() {
  const [filters] = useFilters();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);
  useEffect(() => {
    setPage(1);
    setSelected(null);
  }, [filters]);

  const path = withQuery('/api/incidents', { ...filtersQuery(filters), page, pageSize: PAGE_SIZE });
  const result = useApi<IncidentPage>(path);
  const centers = useNameMap(useCenters().data);
  const municipalities = useNameMap(useMunicipalities().data);
  const hasV2 = useMemo(() => (result.data?.items ?? []).some((i) => i.cnie_version === '2'), [result.data]);
  const v3 = useNameMap(useCnie('3').data);
  const v2 = useNameMap(useCnie(hasV2 ? '2' : null).data);

  const data = result.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="page">
      <h1>{s.incidents.title}</h1>
      <p className="muted">{s.incidents.intro}</p>
      <FilterBar />
      {result.error && <Message kind="error">{result.error.message}</Message>}
      <div className={selected ? 'split' : undefined}>
        <section className="table-section" aria-busy={result.loading}>
          <div className="table-toolbar">
            <p className="total" role="status" data-testid="incident-total">
              {data ? (data.total === 1 ? s.incidents.totalOne : s.incidents.total(fmtNumber(data.total))) : s.app.loading}
            </p>
            {data && data.total > data.pageSize && (
              <Pager page={page} pages={pages} onPage={setPage} />
            )}
          </div>
          {data && data.items.length === 0 && <p className="empty">{s.incidents.empty}</p>}
          {data && data.items.length > 0 && (
            <div className="table-scroll">
              <table className="data-table" data-testid="incident-table">
                <caption className="visually-hidden">{s.incidents.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s.incidents.folio}</th>
                    <th scope="col">{s.incidents.received}</th>
                    <th scope="col">{s.incidents.center}</th>
                    <th scope="col">{s.incidents.channel}</th>
                    <th scope="col">{s.incidents.code}</th>
                    <th scope="col">{s.incidents.priority}</th>
                    <th scope="col">{s.incidents.municipality}</th>
                    <th scope="col">{s.incidents.proper}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((row) => {
                    const entry = (row.cnie_version === '2' ? v2 : v3).get(String(row.cnie_code));
                    return (
                      <tr key={row.id} className={row.id === selected ? 'selected' : undefined} onClick={() => setSelected(row.id)}>
                        <th scope="row">
                          <button
                            type="button"
                            className="link-button"
                            aria-label={s.incidents.openDetail(row.folio)}
                            aria-pressed={row.id === selected}
                            onClick={(e) => {
                              e.stopPropagation();
                              setSelected(row.id);
                            }}
                          >
                            {row.folio}
                          </button>
                        </th>
                        <td className="nowrap">{fmtDateTime(row.received_at)}</td>
                        <td title={centers.get(row.center_code)?.name}>{row.center_code}</td>
                        <td>{CHANNEL_LABELS[row.channel] ?? row.channel}</td>
                        <td className="cnie">
                          <span className="code">{row.cnie_code}</span> {entry?.name ?? ''}
                          {row.cnie_version === '2' && <span className="tag">v2.0</span>}
                        </td>
                        <td>{row.priority ? (PRIORITY_LABELS[row.priority] ?? row.priority) : s.app.dash}</td>
                        <td className="municipality">
                          {row.municipality_code
                            ? (municipalities.get(row.municipality_code)?.name ?? row.municipality_code)
                            : <span className="muted">{s.incidents.unlocated}</span>}
                        </td>
                        <td>
                          <span className={row.is_improper ? 'badge badge-warn' : 'badge badge-ok'}>
                            {row.is_improper ? s.incidents.improperValue : s.incidents.properValue}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {data && data.total > data.pageSize && (
            <div className="table-toolbar">
              <span />
              <Pager page={page} pages={pages} onPage={setPage} />
            </div>
          )}
        </section>
        {selected !== null && <IncidentDetailPanel id={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
