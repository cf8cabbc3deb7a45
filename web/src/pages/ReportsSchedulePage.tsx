// What the scheduler owes: for each periodic report, the last period due, its date and whether it is up to date,
// pending, late or failed.
import { useApi } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtLocalDate } from '../format.ts';
import { SCHEDULE_STATUS_BADGES, s } from '../strings.ts';
import type { ScheduleRow } from '../types.ts';

export function ReportsSchedulePage() {
  const schedule = useApi<{ today: string; lateAfterDays: number; rows: ScheduleRow[] }>('/api/reports/schedule');
  return (
    <div className="page">
      <h1>{s.reports.scheduleTitle}</h1>
      {schedule.data && (
        <p className="muted">
          {s.reports.scheduleIntro(schedule.data.lateAfterDays)} {s.reports.today(fmtLocalDate(schedule.data.today))}
        </p>
      )}
      {schedule.error && <Message kind="error">{schedule.error.message}</Message>}
      {schedule.data && schedule.data.rows.length === 0 && <p className="empty">{s.reports.scheduleEmpty}</p>}
      {schedule.data && schedule.data.rows.length > 0 && <ScheduleTable rows={schedule.data.rows} />}
    </div>
  );
}

export function ScheduleTable({ rows }: { rows: ScheduleRow[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="schedule-table">
        <thead>
          <tr>
            <th scope="col">{s.reports.name}</th>
            <th scope="col">{s.reports.periodicity}</th>
            <th scope="col" className="num">{s.reports.scheduleDay}</th>
            <th scope="col">{s.reports.duePeriod}</th>
            <th scope="col">{s.reports.dueDate}</th>
            <th scope="col">{s.reports.status}</th>
            <th scope="col">{s.reports.nextDue}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.type} data-testid={`schedule-${r.type}`} className={r.built ? undefined : 'inactive'}>
              <th scope="row" className="wrap">
                {r.name}
                {!r.built && <span className="tag">{s.reports.notAvailable}</span>}
                {r.built && !r.active && <span className="tag">{s.reports.inactive}</span>}
              </th>
              <td>{s.reports.periodicities[r.periodicity] ?? r.periodicity}</td>
              <td className="num">{r.scheduleDay}</td>
              <td>{r.periodLabel}</td>
              <td className="nowrap">{fmtLocalDate(r.dueDate)}</td>
              <td>
                {r.built ? (
                  <span className={`badge ${SCHEDULE_STATUS_BADGES[r.status] ?? 'badge-muted'}`} title={r.lastError ?? undefined}>
                    {r.status}
                  </span>
                ) : (
                  <span className="badge badge-muted">—</span>
                )}
                {r.productId && (
                  <div className="hint">
                    <a href={`/reportes?producto=${r.productId}`}>
                      {s.reports.product} {r.productId}
                    </a>
                  </div>
                )}
                {r.status === 'fallido' && r.lastError && <div className="hint">{r.lastError}</div>}
              </td>
              <td className="nowrap">
                {r.nextPeriod} · {fmtLocalDate(r.nextDueDate, 'short')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
