// What the pages of the phone-number registry share: its catalogs (with the user's access) and code labels.
import { useApi } from '../../api.ts';
import type { CodeLabel, NumbersCatalogs } from '../../types.ts';

export function useNumbersCatalogs() {
  return useApi<NumbersCatalogs>('/api/numbers/catalogs', { cached: true });
}

export function labelOf(list: CodeLabel[] | undefined, code: string | null | undefined): string {
  if (!code) return '—';
  return list?.find((e) => e.code === code)?.label ?? code;
}

/** 9511234567 → 951 123 4567, as people read it. */
export const fmtPhone = (p: string) => (/^\d{10}$/.test(p) ? `${p.slice(0, 3)} ${p.slice(3, 6)} ${p.slice(6)}` : p);
