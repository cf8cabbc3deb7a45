// The access domain's public surface: other domains import from here, never from the tables.
export { AccessError } from './errors.ts';
export {
  AREA_CODES,
  AREA_LABELS,
  PERMISSIONS,
  PERMISSION_LABELS,
  ROLES,
  ROLE_LABELS,
  can,
  isArea,
  isPermission,
  isRole,
  permissionsOf,
  validateAssignment,
  type AreaCode,
  type Permission,
  type Role,
  type RoleHolder,
} from './permissions.ts';
export { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.ts';
export {
  CLI_ACTOR,
  SYSTEM_ACTOR,
  addUser,
  changePassword,
  disableUser,
  getUser,
  listUsers,
  resetPassword,
  type Actor,
  type NewUser,
  type PublicUser,
} from './users.ts';
export { LoginRateLimiter, authenticate, login, logout, type LoginResult, type SessionUser } from './sessions.ts';
export {
  appendAudit,
  listAudit,
  verifyAuditChain,
  type AuditEntry,
  type AuditVerification,
} from './audit.ts';
export {
  CSRF_HEADER,
  SESSION_COOKIE,
  accessErrorHandler,
  accessRoutes,
  clientUser,
  requireAnyPermission,
  requireAuth,
  requirePermission,
  type AccessRoutesOptions,
} from './plugin.ts';
export { auditVerify, usersAdd, usersDisable, usersList } from './cli.ts';
export { DEMO_ADMIN_USERNAME, ensureDemoAdmin } from './bootstrap.ts';
export { accessMigrations } from './migrations.ts';
