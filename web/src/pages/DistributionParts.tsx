// Pieces shared by the distribution pages: the domain's catalog of words, status badges, the facts list, and the
// call that turns a failed request into the server's Spanish message.
import type { ReactNode } from 'react';
import { ApiError, useApi } from '../api.ts';
import { s } from '../strings.ts';
import type { DispatchStatus, DistributionCatalog } from '../types.ts';

export function useDistributionCatalog() {
  return useApi<DistributionCatalog>('/api/distribution/catalog', { cached: true }).data;
}

export function areaName(catalog: DistributionCatalog | undefined, code: string | null): string {
  if (!code) return s.app.dash;
  return catalog?.areas.find((a) => a.code === code)?.name ?? code;
}

const STATUS_BADGE: Record<DispatchStatus, string> = {
  draft: 'badge-muted',
  pending_validation: 'badge-info',
  pending_approval: 'badge-info',
  approved: 'badge-info',
  sent: 'badge-warn',
  delivered: 'badge-warn',
  acknowledged: 'badge-ok',
  returned: 'badge-warn',
  cancelled: 'badge-muted',
};

export function StatusBadge({ status, label }: { status: DispatchStatus; label: string }) {
  return (
    <span className={`badge ${STATUS_BADGE[status]}`} data-testid="dispatch-status">
      {label}
    </span>
  );
}

export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div className="fact" key={k}>
          <dt>{k}</dt>
          <dd>{v ?? s.app.dash}</dd>
        </div>
      ))}
    </dl>
  );
}

export const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : s.app.unexpectedError);

export const shortHash = (sha: string) => `${sha.slice(0, 16)}…`;
