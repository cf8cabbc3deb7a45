// The sections of the app, grouped by area of work. A section appears only to users holding its permission;
// a new domain (Reportes, Distribución, Registros…) adds one group or item here and one page component.
import type { ComponentType } from 'react';
import { s } from './strings.ts';
import { IncidentsPage } from './pages/IncidentsPage.tsx';
import { MapPage } from './pages/MapPage.tsx';
import { HeatmapPage } from './pages/HeatmapPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { CatalogsPage } from './pages/CatalogsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { ReportsProductsPage } from './pages/ReportsProductsPage.tsx';
import { ReportsSchedulePage } from './pages/ReportsSchedulePage.tsx';
import { PendingPage } from './pages/PendingPage.tsx';
import { ReleasesPage } from './pages/ReleasesPage.tsx';
import { ReleaseAccountsPage } from './pages/ReleaseAccountsPage.tsx';

export interface NavItem {
  path: string;
  label: string;
  /** The user needs this permission (or any of these) to see the item. */
  permission: string | string[];
  page: ComponentType;
}

export interface NavGroup {
  id: string;
  label: string;
  items: NavItem[];
}

export const NAV: NavGroup[] = [
  {
    // First, so that the people of the approval filters land on what waits for them.
    id: 'comunicacion',
    label: s.releases.navGroup,
    items: [
      { path: '/pendientes', label: s.releases.navPending, permission: 'releases.read', page: PendingPage },
      { path: '/comunicados', label: s.releases.navReleases, permission: 'releases.read', page: ReleasesPage },
      { path: '/cuentas-oficiales', label: s.releases.navAccounts, permission: ['releases.read', 'releases.accounts'], page: ReleaseAccountsPage },
    ],
  },
  {
    id: 'incidentes',
    label: s.nav.incidents,
    items: [
      { path: '/incidentes', label: s.nav.incidentsList, permission: 'incidents.read', page: IncidentsPage },
      { path: '/mapa', label: s.nav.map, permission: 'incidents.read', page: MapPage },
      { path: '/mapa-calor', label: s.nav.heatmap, permission: 'reports.read', page: HeatmapPage },
      { path: '/importar', label: s.nav.import, permission: 'incidents.import', page: ImportPage },
    ],
  },
  {
    id: 'reportes',
    label: s.nav.reports,
    items: [
      { path: '/reportes', label: s.nav.reportsCatalog, permission: 'reports.read', page: ReportsPage },
      { path: '/productos', label: s.nav.reportsProducts, permission: 'reports.read', page: ReportsProductsPage },
      { path: '/programacion', label: s.nav.reportsSchedule, permission: 'reports.read', page: ReportsSchedulePage },
    ],
  },
  {
    id: 'referencia',
    label: s.nav.reference,
    items: [{ path: '/catalogos', label: s.nav.catalogs, permission: 'reference.read', page: CatalogsPage }],
  },
  {
    id: 'administracion',
    label: s.nav.admin,
    items: [
      { path: '/usuarios', label: s.nav.users, permission: 'users.manage', page: UsersPage },
      { path: '/bitacora', label: s.nav.audit, permission: 'audit.read', page: AuditPage },
    ],
  },
];

export function allowed(item: NavItem, can: (p: string) => boolean): boolean {
  return Array.isArray(item.permission) ? item.permission.some(can) : can(item.permission);
}

/** The groups and items this user may open, empty groups left out. */
export function visibleNav(can: (p: string) => boolean): NavGroup[] {
  return NAV.map((g) => ({ ...g, items: g.items.filter((i) => allowed(i, can)) })).filter((g) => g.items.length > 0);
}
