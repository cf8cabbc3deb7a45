import { describe, expect, it } from 'vitest';
import {
  AREA_CODES,
  AREA_LABELS,
  PERMISSIONS,
  ROLES,
  ROLE_LABELS,
  can,
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
