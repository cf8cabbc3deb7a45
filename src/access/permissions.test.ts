import { describe, expect, it } from 'vitest';
import {
  AREA_CODES,
  AREA_LABELS,
  PERMISSIONS,
  ROLES,
  ROLE_LABELS,
  can,
  cyberCaseGrantEligible,
  permissionsOf,
  validateAssignment,
  type Permission,
} from './permissions.ts';

const user = (area_code: string, ...roles: string[]) => ({ area_code, roles });

describe('permissions', () => {
  it('labels every area and role in Spanish', () => {
    expect(AREA_CODES).toHaveLength(10);
    expect(AREA_LABELS.CEE).toBe('Centro Estatal de Emergencias');
    expect(AREA_LABELS.EXT).toBe('Dependencia externa');
    expect(ROLES).toHaveLength(9);
    for (const r of ROLES) expect(ROLE_LABELS[r]).toMatch(/\S/);
  });

  it('shows personal data of incidents only to CEE operators and directors and to DG', () => {
    expect(can(user('CEE', 'operator'), 'incidents.read_restricted')).toBe(true);
    expect(can(user('CEE', 'area_director'), 'incidents.read_restricted')).toBe(true);
    expect(can(user('DG', 'area_director'), 'incidents.read_restricted')).toBe(true);
    expect(can(user('DG', 'director_general'), 'incidents.read_restricted')).toBe(true);

    expect(can(user('CEE', 'analyst'), 'incidents.read_restricted')).toBe(false);
    expect(can(user('DG', 'analyst'), 'incidents.read_restricted')).toBe(false);
    expect(can(user('VV', 'operator'), 'incidents.read_restricted')).toBe(false);
    expect(can(user('RVDI', 'area_director'), 'incidents.read_restricted')).toBe(false);
    expect(can(user('DG', 'admin'), 'incidents.read_restricted')).toBe(false);
    expect(can(user('JUR', 'legal_reviewer'), 'incidents.read_restricted')).toBe(false);
  });

  it('gives external agency users nothing internal, whatever roles they were given', () => {
    expect(permissionsOf(user('EXT', 'external'))).toEqual(['distribution.receive']);
    expect(permissionsOf(user('EXT', 'external', 'director_general', 'admin'))).toEqual(['distribution.receive']);
    expect(permissionsOf(user('CEE', 'external', 'operator'))).toEqual(['distribution.receive']);
    expect(permissionsOf(user('EXT', 'analyst'))).toEqual([]);
  });

  it('keeps system administration apart from the data', () => {
    const admin = permissionsOf(user('DG', 'admin'));
    expect(admin).toContain('users.manage');
    expect(admin).toContain('reference.edit');
    expect(admin).not.toContain('incidents.read');
    expect(admin).not.toContain('audit.read');
  });

  it('lets auditors read the audit log and nothing else', () => {
    expect(permissionsOf(user('JUR', 'auditor'))).toEqual(['audit.read']);
    for (const role of ROLES.filter((r) => r !== 'auditor' && r !== 'director_general')) {
      expect(can(user('DG', role), 'audit.read')).toBe(false);
    }
  });

  it('separates preparing, legal review, approval and publication', () => {
    const analyst = user('CEE', 'analyst');
    expect(can(analyst, 'distribution.prepare')).toBe(true);
    expect(can(analyst, 'distribution.approve')).toBe(false);
    expect(can(analyst, 'distribution.publish')).toBe(false);
    expect(can(user('JUR', 'legal_reviewer'), 'distribution.legal_review')).toBe(true);
    expect(can(user('JUR', 'legal_reviewer'), 'distribution.approve')).toBe(false);
    expect(can(user('COMSOC', 'communication'), 'distribution.publish')).toBe(true);
    expect(can(user('COMSOC', 'communication'), 'distribution.approve')).toBe(false);
    expect(can(user('COMSOC', 'area_director'), 'distribution.publish')).toBe(false);
    // Only the director general approves external dispatches, standing approvals and analytic requests.
    const authorizers = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r))).filter((u) => can(u, 'distribution.authorize'));
    expect(new Set(authorizers.map((u) => u.roles[0]))).toEqual(new Set(['director_general']));
  });

  it('lets only Comunicación Social draft releases, the filters read them, and the administrator register accounts', () => {
    const all = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r))).filter((u) => validateAssignment(u.area_code, u.roles).length === 0);
    const holders = (perm: Permission) => all.filter((u) => can(u, perm)).map((u) => `${u.roles[0]}@${u.area_code}`);
    expect(holders('releases.draft')).toEqual(['communication@COMSOC']);
    expect(new Set(all.filter((u) => can(u, 'releases.read')).map((u) => u.roles[0]))).toEqual(
      new Set(['director_general', 'area_director', 'legal_reviewer', 'communication']),
    );
    expect(new Set(all.filter((u) => can(u, 'releases.accounts')).map((u) => u.roles[0]))).toEqual(new Set(['admin']));
    expect(can(user('DG', 'admin'), 'releases.read')).toBe(false);
    expect(can(user('CEE', 'analyst'), 'releases.read')).toBe(false);
    expect(can(user('DG', 'auditor'), 'releases.read')).toBe(false);
    expect(permissionsOf(user('EXT', 'external', 'communication'))).toEqual(['distribution.receive']);
  });

  it('lets only the director general change a product\'s classification', () => {
    const classifiers = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r))).filter((u) => can(u, 'distribution.classify'));
    expect(new Set(classifiers.map((u) => u.roles[0]))).toEqual(new Set(['director_general']));
    expect(can(user('DG', 'area_director'), 'distribution.classify')).toBe(false);
    expect(can(user('JUR', 'legal_reviewer'), 'distribution.classify')).toBe(false);
    expect(can(user('EXT', 'external', 'director_general'), 'distribution.classify')).toBe(false);
  });

  it('lets only operators and CEE directors import', () => {
    const importers = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r))).filter((u) => can(u, 'incidents.import'));
    expect(new Set(importers.map((u) => u.roles[0]))).toEqual(new Set(['operator', 'area_director']));
    expect(importers.filter((u) => u.roles[0] === 'area_director').map((u) => u.area_code)).toEqual(['CEE']);
  });

  it('lets registry areas capture registries', () => {
    expect(can(user('PM', 'analyst'), 'registries.edit')).toBe(true);
    expect(can(user('CIBER', 'area_director'), 'registries.edit')).toBe(true);
    expect(can(user('CEE', 'analyst'), 'registries.edit')).toBe(false);
  });

  // Cyber police unit (src/registries/cyber).
  it('keeps the cyber registry and its hotline alerts inside the cyber unit', () => {
    const everyone = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r)));
    const holders = (perm: Permission) => everyone.filter((u) => can(u, perm)).map((u) => `${u.area_code}:${u.roles[0]}`);
    expect(holders('cyber.read')).toEqual(['CIBER:area_director', 'CIBER:analyst']);
    expect(holders('cyber.edit')).toEqual(['CIBER:area_director', 'CIBER:analyst']);
    expect(holders('cyber.alerts')).toEqual(['CIBER:area_director', 'CIBER:analyst']);
    expect(holders('cyber.grant')).toEqual(['CIBER:area_director']);
    // The Director General sees the statistics (whatever area the account sits in), not the cases.
    expect(holders('cyber.statistics').sort()).toEqual(
      ['CIBER:analyst', 'CIBER:area_director', ...AREA_CODES.filter((a) => a !== 'EXT').map((a) => `${a}:director_general`)].sort(),
    );
    expect(can(user('DG', 'director_general'), 'cyber.read')).toBe(false);
    expect(can(user('CEE', 'analyst'), 'cyber.statistics')).toBe(false);
    expect(can(user('RVDI', 'area_director'), 'cyber.statistics')).toBe(false);
    expect(permissionsOf(user('EXT', 'external', 'analyst'))).toEqual(['distribution.receive']);
  });

  it('lets the unit grant case details only to a Director General of DG', () => {
    expect(cyberCaseGrantEligible(user('DG', 'director_general'))).toBe(true);
    expect(cyberCaseGrantEligible(user('DG', 'admin', 'director_general'))).toBe(true);
    expect(cyberCaseGrantEligible(user('DG', 'area_director'))).toBe(false);
    expect(cyberCaseGrantEligible(user('DG', 'auditor'))).toBe(false);
    expect(cyberCaseGrantEligible(user('CEE', 'director_general'))).toBe(false);
    expect(cyberCaseGrantEligible(user('JUR', 'legal_reviewer'))).toBe(false);
  });

  // Phone-number registry (src/registries/numbers).
  it('keeps the phone-number registry in the emergency center, with the callers only for it and the Director General', () => {
    const everyone = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r)));
    const holders = (perm: Permission) => everyone.filter((u) => can(u, perm)).map((u) => `${u.area_code}:${u.roles[0]}`).sort();
    const dg = AREA_CODES.filter((a) => a !== 'EXT').map((a) => `${a}:director_general`);
    expect(holders('numbers.read')).toEqual(['CEE:analyst', 'CEE:area_director', ...dg].sort());
    expect(holders('numbers.callers')).toEqual(holders('numbers.read'));
    expect(holders('numbers.edit')).toEqual(['CEE:analyst', 'CEE:area_director']);
    expect(holders('numbers.verify')).toEqual(['CEE:area_director']);
    expect(can(user('CEE', 'operator'), 'numbers.read')).toBe(false);
    expect(can(user('RVDI', 'area_director'), 'numbers.read')).toBe(false);
  });

  // 9-1-1 call audio archive (src/registries/call-audio).
  it('opens the call audio archive to the emergency center, video surveillance, legal and DG only', () => {
    const everyone = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r)));
    const holders = (perm: Permission) => new Set(everyone.filter((u) => can(u, perm)).map((u) => `${u.area_code}:${u.roles[0]}`));
    const legal = AREA_CODES.filter((a) => a !== 'EXT').map((a) => `${a}:legal_reviewer`);
    const dg = AREA_CODES.filter((a) => a !== 'EXT').map((a) => `${a}:director_general`);
    expect(holders('audio.attach')).toEqual(new Set(['CEE:area_director', 'VV:area_director', 'VV:analyst', 'CEE:operator', 'VV:operator']));
    expect(holders('audio.play')).toEqual(new Set(['CEE:area_director', 'VV:area_director', 'VV:analyst', ...legal, ...dg]));
    expect(holders('audio.custody')).toEqual(new Set(['CEE:area_director', 'VV:area_director', ...legal, ...dg]));
    for (const u of everyone) if (can(u, 'audio.play') || can(u, 'audio.attach')) expect(can(u, 'audio.read')).toBe(true);
    expect(can(user('CEE', 'operator'), 'audio.play')).toBe(false);
    expect(can(user('CIBER', 'analyst'), 'audio.read')).toBe(false);
    expect(can(user('DG', 'admin'), 'audio.read')).toBe(false);
    expect(can(user('DG', 'auditor'), 'audio.read')).toBe(false);
  });

  it('lets each area edit only its own site registry, and the video-surveillance area see the coverage', () => {
    const everyone = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r)));
    const holders = (p: Permission) => everyone.filter((u) => can(u, p)).map((u) => `${u.area_code}:${u.roles[0]}`);
    expect(holders('sites.edit_pmi')).toEqual(['VV:area_director', 'VV:analyst']);
    expect(holders('sites.edit_repuve')).toEqual(['REPUVE:area_director', 'REPUVE:analyst']);
    expect(holders('sites.coverage')).toEqual([...AREA_CODES.filter((a) => a !== 'EXT').map((a) => `${a}:director_general`), 'VV:area_director', 'VV:analyst']);
    expect(can(user('CEE', 'analyst'), 'sites.read')).toBe(true);
    expect(can(user('CEE', 'operator'), 'sites.read')).toBe(false);
    expect(can(user('DG', 'admin'), 'sites.read')).toBe(false);
    expect(can(user('EXT', 'external'), 'sites.read')).toBe(false);
  });

  it('lets Plataforma México import the supply logs and analysts read their statistics', () => {
    const everyone = ROLES.flatMap((r) => AREA_CODES.map((a) => user(a, r)));
    expect(everyone.filter((u) => can(u, 'national_db.import')).map((u) => `${u.area_code}:${u.roles[0]}`)).toEqual(['PM:area_director', 'PM:analyst', 'PM:operator']);
    expect(can(user('RVDI', 'analyst'), 'national_db.read')).toBe(true);
    expect(can(user('PM', 'operator'), 'national_db.read')).toBe(true);
    expect(can(user('CEE', 'operator'), 'national_db.read')).toBe(false);
    expect(can(user('JUR', 'legal_reviewer'), 'national_db.read')).toBe(false);
    expect(can(user('EXT', 'external'), 'national_db.read')).toBe(false);
  });

  it('ignores unknown roles and unions the known ones', () => {
    expect(permissionsOf(user('CEE', 'superuser'))).toEqual([]);
    const both = permissionsOf(user('DG', 'admin', 'auditor'));
    expect(both).toEqual(expect.arrayContaining(['users.manage', 'audit.read']));
    expect(both).toEqual(PERMISSIONS.filter((p) => both.includes(p))); // canonical order, no duplicates
  });

  it('uses precomputed permissions when present', () => {
    const u = { ...user('CEE', 'analyst'), permissions: ['audit.read'] as Permission[] };
    expect(can(u, 'audit.read')).toBe(true);
    expect(can(null, 'incidents.read')).toBe(false);
  });

  it('validates area and role assignments', () => {
    expect(validateAssignment('CEE', ['operator'])).toEqual([]);
    expect(validateAssignment('EXT', ['external'])).toEqual([]);
    expect(validateAssignment('XX', ['operator'])[0]).toMatch(/área/);
    expect(validateAssignment('CEE', [])).toHaveLength(1);
    expect(validateAssignment('CEE', ['jefe'])[0]).toMatch(/rol «jefe» no existe/);
    expect(validateAssignment('EXT', ['analyst'])).toHaveLength(1);
    expect(validateAssignment('CEE', ['external'])).toHaveLength(1);
  });
});
