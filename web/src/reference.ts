// Reference data (state, catalogs, municipalities, centers), loaded once per session and shared by every page.
import { useMemo } from 'react';
import { useApi } from './api.ts';
import type { CallCenter, CnieEntry, MunicipalityRef, StateInfo } from './types.ts';

export function useStateInfo() {
  return useApi<StateInfo>('/api/reference/state', { cached: true });
}

export function useCenters() {
  return useApi<CallCenter[]>('/api/reference/centers', { cached: true });
}

export function useMunicipalities(year = new Date().getFullYear()) {
  return useApi<MunicipalityRef[]>(`/api/reference/municipalities?year=${year}`, { cached: true });
}

export function useCnie(version: '2' | '3' | null) {
  return useApi<CnieEntry[]>(version ? `/api/reference/cnie?version=${version}` : null, { cached: true });
}

/** Lookup maps built once per list. */
export function useNameMap<T extends { code: string | number; name: string }>(list: T[] | undefined): Map<string, T> {
  return useMemo(() => new Map((list ?? []).map((item) => [String(item.code), item])), [list]);
}
