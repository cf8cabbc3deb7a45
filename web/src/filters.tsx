// Incident filters shared by the table and the map: set them on one page, find them on the other.
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Query } from './api.ts';
import { lastCompleteMonth } from './format.ts';
import type { IncidentFilters } from './types.ts';

export function defaultFilters(): IncidentFilters {
  const { from, to } = lastCompleteMonth();
  return { from, to, center: '', channel: '', type: '', code: '', version: '3', municipality: '', improper: '' };
}

/** The API's query parameters for these filters (empty ones left out). */
export function filtersQuery(f: IncidentFilters): Query {
  return {
    from: f.from,
    to: f.to,
    center: f.center,
    channel: f.channel,
    type: f.type,
    code: f.code,
    version: f.code ? f.version : '',
    municipality: f.municipality,
    improper: f.improper,
  };
}

type FiltersValue = [IncidentFilters, (f: IncidentFilters) => void];
const FiltersContext = createContext<FiltersValue | null>(null);

export function FiltersProvider({ children }: { children: ReactNode }) {
  const value = useState<IncidentFilters>(defaultFilters);
  return <FiltersContext.Provider value={value}>{children}</FiltersContext.Provider>;
}

export function useFilters(): FiltersValue {
  const value = useContext(FiltersContext);
  if (!value) throw new Error('useFilters outside FiltersProvider');
  return value;
}
