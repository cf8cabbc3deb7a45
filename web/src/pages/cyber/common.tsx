// What the cyber unit's pages share: the catalogs and the user's access, labels of codes, money and the small
// field component with its server-side error.
import type { ReactNode } from 'react';
import { useApi } from '../../api.ts';
import type { CodeLabel, CyberAccess, CyberCatalogs } from '../../types.ts';

export function useCyberCatalogs() {
  return useApi<CyberCatalogs>('/api/cyber/catalogs', { cached: true });
}

export function useCyberAccess() {
  return useApi<CyberAccess>('/api/cyber/access');
}

export function labelIn(list: CodeLabel[] | undefined, code: string | null | undefined): string {
  if (!code) return '—';
  return list?.find((e) => e.code === code)?.label ?? code;
}

const money = new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' });
export const fmtMoney = (n: number | null | undefined) => (n === null || n === undefined ? '—' : money.format(n));

export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string[]; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && error.length > 0 && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error.join(' ')}
        </p>
      )}
    </div>
  );
}

/** The current month in the browser, 'YYYY-MM'. */
export function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
