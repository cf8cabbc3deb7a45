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
import { DispatchesPage } from './pages/DispatchesPage.tsx';
import { AcksPage } from './pages/AcksPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { RequestsPage } from './pages/RequestsPage.tsx';
import { AgenciesPage } from './pages/AgenciesPage.tsx';
import { FoliosPage } from './pages/FoliosPage.tsx';
import { DistributionSettingsPage } from './pages/DistributionSettingsPage.tsx';
import { PortalPage } from './pages/PortalPage.tsx';
import { PortalRequestsPage } from './pages/PortalRequestsPage.tsx';
import { CallAudioPage } from './pages/CallAudioPage.tsx';
import { CyberIncidentsPage } from './pages/cyber/CyberIncidentsPage.tsx';
import { CyberIndicatorsPage } from './pages/cyber/CyberIndicatorsPage.tsx';
import { CyberImportPage } from './pages/cyber/CyberImportPage.tsx';
import { CyberAlertsPage } from './pages/cyber/CyberAlertsPage.tsx';
import { CyberAccessPage } from './pages/cyber/CyberAccessPage.tsx';
import { PmiPage, RepuvePage } from './pages/SitesPage.tsx';
import { CoveragePage } from './pages/CoveragePage.tsx';
import { NationalDatabasesPage } from './pages/NationalDatabasesPage.tsx';
import { NumbersPage } from './pages/numbers/NumbersPage.tsx';
import { MitigationPage } from './pages/numbers/MitigationPage.tsx';
import { NumbersIndicatorsPage } from './pages/numbers/NumbersIndicatorsPage.tsx';
import { NumberSubmissionsPage } from './pages/numbers/NumberSubmissionsPage.tsx';

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
    id: 'pendientes',
    label: s.distribution.queue.group,
    items: [{ path: '/pendientes', label: s.distribution.queue.title, permission: ['releases.read', 'distribution.read', 'agencies.manage'], page: PendingPage }],
  },
  {
    id: 'comunicacion',
    label: s.releases.navGroup,
    items: [
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
      { path: '/audios', label: s.callAudio.nav, permission: 'audio.read', page: CallAudioPage },
    ],
  },
  {
    id: 'numeros',
    label: s.numbers.nav.group,
    items: [
      { path: '/numeros', label: s.numbers.nav.registry, permission: 'numbers.read', page: NumbersPage },
      { path: '/numeros/mitigacion', label: s.numbers.nav.cases, permission: 'numbers.callers', page: MitigationPage },
      { path: '/numeros/indicadores', label: s.numbers.nav.indicators, permission: 'numbers.callers', page: NumbersIndicatorsPage },
      { path: '/numeros/envios', label: s.numbers.nav.submissions, permission: 'numbers.read', page: NumberSubmissionsPage },
    ],
  },
  {
    id: 'ciber',
    label: s.cyber.nav.group,
    items: [
      // The Director General reaches the registry page too: it says that the profile sees statistics unless granted.
      { path: '/ciber/incidentes', label: s.cyber.nav.incidents, permission: ['cyber.read', 'cyber.statistics'], page: CyberIncidentsPage },
      { path: '/ciber/indicadores', label: s.cyber.nav.indicators, permission: 'cyber.statistics', page: CyberIndicatorsPage },
      { path: '/ciber/importar', label: s.cyber.nav.import, permission: 'cyber.edit', page: CyberImportPage },
      { path: '/ciber/alertas', label: s.cyber.nav.alerts, permission: 'cyber.alerts', page: CyberAlertsPage },
      { path: '/ciber/autorizaciones', label: s.cyber.nav.access, permission: 'cyber.grant', page: CyberAccessPage },
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
    id: 'distribucion',
    label: s.distribution.nav.group,
    items: [
      { path: '/envios', label: s.distribution.nav.dispatches, permission: 'distribution.read', page: DispatchesPage },
      { path: '/acuses', label: s.distribution.nav.acks, permission: 'distribution.read', page: AcksPage },
      { path: '/registro', label: s.distribution.nav.register, permission: 'distribution.read', page: RegisterPage },
      { path: '/solicitudes', label: s.distribution.nav.requests, permission: 'distribution.read', page: RequestsPage },
      { path: '/dependencias', label: s.distribution.nav.agencies, permission: ['distribution.read', 'agencies.manage'], page: AgenciesPage },
      { path: '/folios', label: s.distribution.nav.folios, permission: 'distribution.read', page: FoliosPage },
      { path: '/distribucion/configuracion', label: s.distribution.nav.settings, permission: 'agencies.manage', page: DistributionSettingsPage },
    ],
  },
  {
    id: 'sitios',
    label: s.nav.sites,
    items: [
      { path: '/pmi', label: s.nav.pmi, permission: 'sites.read', page: PmiPage },
      { path: '/arcos-repuve', label: s.nav.repuve, permission: 'sites.read', page: RepuvePage },
      { path: '/cobertura', label: s.nav.coverage, permission: 'sites.coverage', page: CoveragePage },
    ],
  },
  {
    id: 'plataforma-mexico',
    label: s.nav.nationalDatabases,
    items: [{ path: '/plataforma-mexico', label: s.nav.supply, permission: 'national_db.read', page: NationalDatabasesPage }],
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

/** The navigation of an external agency's account: the portal and nothing else. */
export const PORTAL_NAV: NavGroup[] = [
  {
    id: 'portal',
    label: s.distribution.portal.title,
    items: [
      { path: '/portal', label: s.distribution.portal.received, permission: 'distribution.receive', page: PortalPage },
      { path: '/portal/solicitudes', label: s.distribution.portal.requests, permission: 'distribution.receive', page: PortalRequestsPage },
    ],
  },
];

export function allowed(item: NavItem, can: (p: string) => boolean): boolean {
  return Array.isArray(item.permission) ? item.permission.some(can) : can(item.permission);
}

/** The groups and items this user may open, empty groups left out. */
export function visibleNav(can: (p: string) => boolean, nav: NavGroup[] = NAV): NavGroup[] {
  return nav.map((g) => ({ ...g, items: g.items.filter((i) => allowed(i, can)) })).filter((g) => g.items.length > 0);
}
