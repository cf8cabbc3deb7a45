// Areas, roles and permissions. Pure rules, no I/O: a user's permissions follow from their roles and their area,
// so that access to personal data (restricted incident fields) depends on where a person works, not only on what
// their job title is. Least privilege: every role starts from nothing and receives only what it needs.

export const AREA_LABELS = {
  DG: 'Dirección General',
  CEE: 'Centro Estatal de Emergencias',
  RVDI: 'Red Voz, Datos e Imagen',
  VV: 'Videovigilancia',
  REPUVE: 'REPUVE',
  PM: 'Plataforma México',
  CIBER: 'Policía Cibernética',
  COMSOC: 'Comunicación Social',
  JUR: 'Jurídico',
  EXT: 'Dependencia externa',
} as const;

export type AreaCode = keyof typeof AREA_LABELS;
export const AREA_CODES = Object.keys(AREA_LABELS) as AreaCode[];

export const ROLE_LABELS = {
  admin: 'Administración del sistema',
  director_general: 'Dirección General',
  area_director: 'Dirección de área',
  analyst: 'Análisis',
  operator: 'Operación (importación de datos)',
  legal_reviewer: 'Revisión jurídica',
  communication: 'Comunicación social',
  external: 'Usuario de dependencia externa',
  auditor: 'Auditoría',
} as const;

export type Role = keyof typeof ROLE_LABELS;
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

/**
 * Every permission of the product, with the Spanish phrase that completes "No tiene permiso para …".
 * Distribution and registry permissions are declared here so that those domains only have to check them.
 */
export const PERMISSION_LABELS = {
  'incidents.read': 'consultar incidentes (sin datos personales)',
  'incidents.read_restricted': 'consultar datos personales de los incidentes (teléfono y nombre de quien llama, domicilio, notas)',
  'incidents.import': 'importar incidentes',
  'reference.read': 'consultar catálogos de referencia',
  'reference.edit': 'editar catálogos de referencia',
  'reports.read': 'consultar reportes',
  'reports.generate': 'generar reportes',
  'distribution.read': 'consultar productos y envíos',
  'distribution.prepare': 'preparar productos y envíos',
  'distribution.legal_review': 'emitir la revisión jurídica de productos',
  'distribution.approve': 'aprobar productos para su envío o publicación',
  'distribution.dispatch': 'enviar productos por los canales oficiales',
  'distribution.publish': 'publicar mensajes en medios públicos y redes sociales',
  'distribution.receive': 'recibir y acusar productos dirigidos a su dependencia',
  'agencies.manage': 'administrar dependencias y convenios de colaboración',
  // Releases domain (public and social-media releases, directive 6.1.4 B and C): reading and drafting them, and
  // registering the official accounts; the filters themselves use distribution.approve / legal_review / publish.
  'releases.read': 'consultar los comunicados para medios y redes sociales',
  'releases.draft': 'redactar y corregir comunicados para medios y redes sociales',
  'releases.accounts': 'registrar las cuentas oficiales de redes sociales',
  // Distribution (directive 6.1.4): the director general's own approval of each external dispatch, of standing
  // approvals within an agreement and of the analytic requests the center takes on.
  'distribution.authorize': 'aprobar, como Dirección General, los envíos y las solicitudes de otras dependencias',
  // Classification and disclosure control (distribution/disclosure): only the director general changes a
  // product's classification.
  'distribution.classify': 'cambiar la clasificación de un producto (solo la Dirección General)',
  'registries.read': 'consultar registros compartidos',
  'registries.edit': 'capturar en registros compartidos',
  // Camera sites and REPUVE arches (registries/sites): each area edits its own registry; reading is broader.
  'sites.read': 'consultar los registros de PMI y de arcos del REPUVE',
  'sites.edit_pmi': 'importar y editar el registro de Puntos de Monitoreo Inteligente (PMI)',
  'sites.edit_repuve': 'importar y editar el registro de arcos carreteros del REPUVE',
  'sites.coverage': 'consultar el análisis de cobertura de las cámaras',
  // Supply of the national databases, Plataforma México (registries/national-databases).
  'national_db.read': 'consultar la estadística de suministro a Plataforma México',
  'national_db.import': 'importar las bitácoras de suministro a Plataforma México',
  'users.manage': 'administrar usuarios',
  'audit.read': 'consultar la bitácora de auditoría',
  // ---- Cyber police unit (src/registries/cyber): incidents, hotline alerts, statistics ----
  'cyber.statistics': 'consultar estadísticas e indicadores de incidentes cibernéticos (sin el detalle de los casos)',
  'cyber.read': 'consultar el detalle de los incidentes cibernéticos',
  'cyber.edit': 'registrar, importar y dar seguimiento a incidentes cibernéticos',
  'cyber.alerts': 'consultar y atender alertas de líneas internacionales sobre material de abuso sexual infantil',
  'cyber.grant': 'conceder a la Dirección General acceso temporal al detalle de los incidentes cibernéticos',
  // ---- 9-1-1 call audio archive (src/registries/call-audio) ----
  'audio.read': 'consultar el archivo de audios de llamadas 9-1-1 (sin escucharlos)',
  'audio.play': 'escuchar y descargar audios de llamadas 9-1-1',
  'audio.attach': 'anexar audios de llamadas 9-1-1 a los incidentes',
  'audio.custody': 'exportar paquetes de cadena de custodia y poner o levantar la retención legal de audios',
  // ---- Phone-number registry (src/registries/numbers) ----
  'numbers.read': 'consultar el registro de números de extorsión',
  'numbers.callers': 'consultar los números de quienes hacen llamadas improcedentes al 9-1-1 y sus casos de mitigación',
  'numbers.edit': 'reportar números, registrar acciones de mitigación y los envíos al CNI',
  'numbers.verify': 'confirmar, descartar o reabrir números del registro',
} as const;

export type Permission = keyof typeof PERMISSION_LABELS;
export const PERMISSIONS = Object.keys(PERMISSION_LABELS) as Permission[];

/** Areas whose staff capture the shared registries of the national agreements. */
const REGISTRY_AREAS: readonly AreaCode[] = ['PM', 'REPUVE', 'CIBER', 'VV'];
/** Areas whose directors see personal data of incidents: the emergency center that takes the calls, and DG. */
const RESTRICTED_DIRECTOR_AREAS: readonly AreaCode[] = ['CEE', 'DG'];

// ---- Cyber police unit (src/registries/cyber) ----
// The unit's registry and its hotline alerts are visible only to the unit (area CIBER): its analysts and its
// director file, follow and read cases and alerts; the director also grants access. The Director General sees the
// statistics and indicators (aggregates, no case), and the case details only while the unit grants them to that
// person (cyber_access_grants: named user, reason, expiry, revocable, audited; see cyberCaseGrantEligible). Alerts
// about child sexual abuse material are never granted outside the unit.
const CYBER_UNIT: readonly Permission[] = ['cyber.statistics', 'cyber.read', 'cyber.edit', 'cyber.alerts'];

/** What the unit may grant, and to whom: read access to case details, to a Director General. */
export const CYBER_GRANTABLE: readonly Permission[] = ['cyber.read'];

/** Whether the cyber unit may grant this user read access to case details (cyber.read). */
export function cyberCaseGrantEligible(user: RoleHolder): boolean {
  return user.area_code === 'DG' && user.roles.includes('director_general') && !user.roles.includes('external');
}

// ---- 9-1-1 call audio archive (src/registries/call-audio) ----
// Internal to the C4 (directive 1.2.8): the emergency center (CEE) and video surveillance (VV), which keeps the
// archive, attach recordings; their directors, VV analysts, legal reviewers and the Director General listen to and
// download them, each time with a reason; legal reviewers, those directors and the Director General export custody
// packages and set or lift legal holds.
const AUDIO_AREAS: readonly AreaCode[] = ['CEE', 'VV'];
const inAudioArea = (area: string) => AUDIO_AREAS.includes(area as AreaCode);

type Grant = (area: string) => readonly Permission[];

// ---- Phone-number registry (src/registries/numbers) ----
// The emergency center (CEE) keeps it: its analysts and its director read it, report numbers and follow the
// mitigation cases; only the director confirms, discards or reopens a number. The callers' numbers of improper calls
// are personal data: besides the CEE, only the Director General (who reads incidents' personal data) sees them.
const NUMBERS_CEE: readonly Permission[] = ['numbers.read', 'numbers.callers', 'numbers.edit'];

const ANALYSIS: readonly Permission[] = [
  'incidents.read',
  'reference.read',
  'reports.read',
  'reports.generate',
  'distribution.read',
  'distribution.prepare',
  'registries.read',
];

/**
 * Camera sites and REPUVE arches (registries/sites): the video-surveillance area (VV) keeps the camera sites and
 * analyses their coverage, REPUVE keeps its arches; analysts and directors of every area read both registries
 * (their maps are internal products), and the general director sees the coverage too.
 */
function siteGrants(area: string): Permission[] {
  return [
    'sites.read',
    ...(area === 'VV' ? (['sites.edit_pmi', 'sites.coverage'] as const) : []),
    ...(area === 'REPUVE' ? (['sites.edit_repuve'] as const) : []),
  ];
}

/**
 * Supply of the national databases (registries/national-databases): Plataforma México's staff import the supply
 * logs (its operators too: loading data is their job); analysts and directors of every area read the statistics.
 */
function nationalDatabaseGrants(area: string, readInEveryArea: boolean): Permission[] {
  if (area === 'PM') return ['national_db.read', 'national_db.import'];
  return readInEveryArea ? ['national_db.read'] : [];
}

const ROLE_GRANTS: Record<Role, Grant> = {
  // Runs the system, not the data: no incident, report or registry content.
  admin: () => ['users.manage', 'reference.read', 'reference.edit', 'agencies.manage'],
  director_general: () => [
    ...ANALYSIS,
    'incidents.read_restricted',
    'distribution.approve',
    'distribution.dispatch',
    'distribution.authorize',
    'agencies.manage',
    'audit.read',
    'cyber.statistics',
    'audio.read',
    'audio.play',
    'audio.custody',
    'distribution.classify',
    'sites.read',
    'sites.coverage',
    'national_db.read',
    'numbers.read',
    'numbers.callers',
  ],
  area_director: (area) => [
    ...ANALYSIS,
    'distribution.approve',
    'distribution.dispatch',
    ...(RESTRICTED_DIRECTOR_AREAS.includes(area as AreaCode) ? (['incidents.read_restricted'] as const) : []),
    ...(area === 'CEE' ? (['incidents.import'] as const) : []),
    ...(REGISTRY_AREAS.includes(area as AreaCode) ? (['registries.edit'] as const) : []),
    ...(area === 'CIBER' ? [...CYBER_UNIT, 'cyber.grant' as const] : []),
    ...(inAudioArea(area) ? (['audio.read', 'audio.play', 'audio.attach', 'audio.custody'] as const) : []),
    ...siteGrants(area),
    ...nationalDatabaseGrants(area, true),
    ...(area === 'CEE' ? [...NUMBERS_CEE, 'numbers.verify' as const] : []),
  ],
  analyst: (area) => [
    ...ANALYSIS,
    ...(REGISTRY_AREAS.includes(area as AreaCode) ? (['registries.edit'] as const) : []),
    ...(area === 'CIBER' ? CYBER_UNIT : []),
    ...(area === 'VV' ? (['audio.read', 'audio.play', 'audio.attach'] as const) : []),
    ...siteGrants(area),
    ...nationalDatabaseGrants(area, true),
    ...(area === 'CEE' ? NUMBERS_CEE : []),
  ],
  // Operators load the call centers' data; only the emergency center's own operators see the callers' data.
  operator: (area) => [
    'incidents.read',
    'incidents.import',
    'reference.read',
    ...(area === 'CEE' ? (['incidents.read_restricted'] as const) : []),
    ...(inAudioArea(area) ? (['audio.read', 'audio.attach'] as const) : []),
    ...nationalDatabaseGrants(area, false),
  ],
  legal_reviewer: () => ['reports.read', 'distribution.read', 'distribution.legal_review', 'audio.read', 'audio.play', 'audio.custody'],
  // Publishing is a separate permission from preparing and approving (Ushahidi's lesson).
  communication: () => ['reports.read', 'distribution.read', 'distribution.prepare', 'distribution.publish'],
  external: () => ['distribution.receive'],
  auditor: () => ['audit.read'],
};

/**
 * Releases domain. Comunicación Social drafts (only its own area's communication staff); the people of the filters
 * read what they review; the administrator registers the official accounts without reading the releases.
 */
const RELEASE_GRANTS: Partial<Record<Role, Grant>> = {
  admin: () => ['releases.accounts'],
  director_general: () => ['releases.read'],
  area_director: () => ['releases.read'],
  legal_reviewer: () => ['releases.read'],
  communication: (area) => ['releases.read', ...(area === 'COMSOC' ? (['releases.draft'] as const) : [])],
};

/** Permissions that a user of an external agency may hold, whatever roles were (mistakenly) given to them. */
const EXTERNAL_ALLOWED: ReadonlySet<Permission> = new Set(['distribution.receive']);

export interface RoleHolder {
  roles: readonly string[];
  area_code: string;
}

export function isArea(code: string): code is AreaCode {
  return Object.hasOwn(AREA_LABELS, code);
}

export function isRole(role: string): role is Role {
  return Object.hasOwn(ROLE_LABELS, role);
}

export function isPermission(perm: string): perm is Permission {
  return Object.hasOwn(PERMISSION_LABELS, perm);
}

/** The permissions that follow from a user's roles and area, sorted. Unknown roles grant nothing. */
export function permissionsOf(user: RoleHolder): Permission[] {
  const external = user.area_code === 'EXT' || user.roles.includes('external');
  const granted = new Set<Permission>();
  for (const role of user.roles) {
    if (!isRole(role)) continue;
    for (const perm of [...ROLE_GRANTS[role](user.area_code), ...(RELEASE_GRANTS[role]?.(user.area_code) ?? [])]) {
      // Defence in depth: an outside agency's account never receives an internal permission.
      if (external && !EXTERNAL_ALLOWED.has(perm)) continue;
      granted.add(perm);
    }
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}

/** Whether the user holds the permission. Accepts a user whose permissions were already computed (request.user). */
export function can(user: (RoleHolder & { permissions?: readonly string[] }) | null | undefined, perm: Permission): boolean {
  if (!user) return false;
  const perms = user.permissions ?? permissionsOf(user);
  return perms.includes(perm);
}

/**
 * Problems with a combination of area and roles, in Spanish; empty when it is valid. External agency users hold
 * exactly the external role, and the external role belongs only to the external area.
 */
export function validateAssignment(area: string, roles: readonly string[]): string[] {
  const problems: string[] = [];
  if (!isArea(area)) problems.push(`El área «${area}» no existe.`);
  if (roles.length === 0) problems.push('Asigne al menos un rol.');
  for (const role of roles) if (!isRole(role)) problems.push(`El rol «${role}» no existe.`);
  if (new Set(roles).size !== roles.length) problems.push('Hay roles repetidos.');
  if (area === 'EXT' && roles.some((r) => r !== 'external')) {
    problems.push('Los usuarios de una dependencia externa solo pueden tener el rol «Usuario de dependencia externa».');
  }
  if (area !== 'EXT' && roles.includes('external')) {
    problems.push('El rol «Usuario de dependencia externa» corresponde solo al área «Dependencia externa».');
  }
  return problems;
}
