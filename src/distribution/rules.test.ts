// The pure rules of distribution: agreement states and coverage, folio patterns, the dispatch workflow (who may take
// each step and where it leads), request transitions and the package manifest.
import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../access/permissions.ts';
import { agreementState, coverageOf, type AgreementFacts } from './coverage.ts';
import { folioPatternProblems, formatFolio } from './folios.ts';
import { buildPackage, manifestText, parseManifest } from './package.ts';
import { requestTransition } from './requests.ts';
import { authorize, availableActions, transition, type DispatchFacts, type WorkflowUser } from './workflow.ts';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';

const agreement = (over: Partial<AgreementFacts> = {}): AgreementFacts => ({
  id: 1,
  number: 'SSPO/C4/CONV/001/2026',
  valid_from: '2026-01-01',
  valid_until: '2026-12-31',
  report_types: ['fese', 'extorsion-089'],
  classifications: ['restricted'],
  hasDocument: true,
  terminated_at: null,
  termination_reason: null,
  standing_approval: false,
  ...over,
});

const req = (over: Partial<Parameters<typeof coverageOf>[1]> = {}) => ({
  agencyName: 'Centro Nacional de Información',
  reportType: 'fese',
  reportName: 'FESE',
  classification: 'restricted',
  today: '2026-06-15',
  ...over,
});

describe('agreements', () => {
  it('runs from its first to its last day inclusive and is flagged within the warning window', () => {
    expect(agreementState(agreement(), '2025-12-31')).toBe('no_iniciado');
    expect(agreementState(agreement(), '2026-01-01')).toBe('vigente');
    expect(agreementState(agreement(), '2026-11-01', 60)).toBe('por_vencer');
    expect(agreementState(agreement(), '2026-11-01', 30)).toBe('vigente');
    expect(agreementState(agreement(), '2026-12-31')).toBe('por_vencer');
    expect(agreementState(agreement(), '2027-01-01')).toBe('vencido');
    expect(agreementState(agreement({ terminated_at: new Date('2026-03-01') }), '2026-06-01')).toBe('terminado');
  });

  it('covers a report only when in force, signed, listing the report type and the classification', () => {
    expect(coverageOf([agreement()], req())).toMatchObject({ covered: true, agreement: { id: 1 } });
    const cases: [Partial<AgreementFacts>, Partial<ReturnType<typeof req>>, RegExp][] = [
      [{}, { today: '2027-01-02' }, /venció el 31 de diciembre de 2026/],
      [{}, { today: '2025-06-01' }, /entra en vigor hasta el 1 de enero de 2026/],
      [{ hasDocument: false }, {}, /no tiene cargado el documento firmado/],
      [{}, { reportType: 'mapa-calor-avgm', reportName: 'Mapa AVGM' }, /no cubre ese reporte/],
      [{}, { classification: 'public' }, /no cubre información clasificada como pública/],
      [{ terminated_at: new Date('2026-02-01'), termination_reason: 'incumplimiento' }, {}, /terminado \(incumplimiento\)/],
    ];
    for (const [a, r, reason] of cases) {
      const c = coverageOf([agreement(a)], req(r));
      expect(c.covered).toBe(false);
      expect(!c.covered && c.reason).toMatch(reason);
      expect(!c.covered && c.reason).toMatch(/^Centro Nacional de Información no puede recibir «/);
    }
  });

  it('says there is no agreement at all, refuses internal products, and takes any agreement that covers', () => {
    const none = coverageOf([], req());
    expect(!none.covered && none.reason).toMatch(/no tiene convenio de colaboración con el centro/);
    const internal = coverageOf([agreement()], req({ classification: 'internal' }));
    expect(!internal.covered && internal.reason).toMatch(/uso interno/);
    const expired = agreement({ id: 1, valid_until: '2026-03-01' });
    const current = agreement({ id: 2, number: 'SSPO/C4/CONV/002/2026', valid_from: '2026-03-02' });
    expect(coverageOf([expired, current], req())).toMatchObject({ covered: true, agreement: { id: 2 } });
    // The reason names the agreement that came closest: the current one that lacks the report, not the expired one.
    const c = coverageOf([expired, agreement({ id: 3, number: 'X-3', report_types: ['fese'] })], req({ reportType: 'extorsion-089' }));
    expect(!c.covered && c.reason).toMatch(/convenio X-3 no cubre ese reporte/);
  });
});

describe('folio patterns', () => {
  it('formats the sequence per area and year', () => {
    expect(formatFolio('SSPO/C4/{area}/{n:4}/{año}', 'DG', 123, 2026)).toBe('SSPO/C4/DG/0123/2026');
    expect(formatFolio('C4-{area}-{año}-{n}', 'CEE', 7, 2027)).toBe('C4-CEE-2027-7');
    expect(formatFolio('SSPO/C4/{area}/{n:4}/{año}', 'DG', 12345, 2026)).toBe('SSPO/C4/DG/12345/2026');
  });

  it('refuses patterns that could write two folios alike or carry unknown markers', () => {
    expect(folioPatternProblems('SSPO/C4/{area}/{n:4}/{año}')).toEqual([]);
    expect(folioPatternProblems('SSPO/C4/{n:4}/{año}').join(' ')).toMatch(/\{area\}/);
    expect(folioPatternProblems('SSPO/{area}/{n:4}').join(' ')).toMatch(/\{año\}/);
    expect(folioPatternProblems('SSPO/{area}/{año}').join(' ')).toMatch(/\{n\}/);
    expect(folioPatternProblems('{area}/{n}/{año}/{mes}').join(' ')).toMatch(/marcadores/);
    expect(folioPatternProblems('{area}/{n}/{año}/{n}').join(' ')).toMatch(/una sola vez/);
    expect(folioPatternProblems('{area}#{n}#{año}').join(' ')).toMatch(/Fuera de los marcadores/);
  });
});

const staff = (area_code: string, ...roles: string[]): WorkflowUser => ({ area_code, roles, permissions: permissionsOf({ area_code, roles }) });
const external = (agencyId: number): WorkflowUser => ({ area_code: 'EXT', roles: ['external'], permissions: permissionsOf({ area_code: 'EXT', roles: ['external'] }), agencyId });
const dispatch = (over: Partial<DispatchFacts> = {}): DispatchFacts => ({ status: 'draft', channel: 'oficio', producing_area: 'RVDI', agency_id: 7, downloaded: false, ...over });

describe('dispatch workflow', () => {
  it('follows prepare → validate → approve → send → acknowledge for an oficio', () => {
    let d = dispatch();
    const steps: [WorkflowUser, Parameters<typeof transition>[1], string][] = [
      [staff('RVDI', 'analyst'), 'submit', 'pending_validation'],
      [staff('RVDI', 'area_director'), 'validate', 'pending_approval'],
      [staff('DG', 'director_general'), 'approve', 'approved'],
      [staff('RVDI', 'area_director'), 'send', 'sent'],
      [external(7), 'acknowledge', 'acknowledged'],
    ];
    for (const [user, action, to] of steps) {
      expect(authorize(user, action, d), `${action} by ${user.roles[0]}`).toBeNull();
      const t = transition(d, action);
      expect(t).toEqual({ to });
      d = { ...d, status: to as DispatchFacts['status'] };
    }
  });

  it('skips the director general with a standing approval, and not otherwise', () => {
    expect(transition(dispatch({ status: 'pending_validation' }), 'validate', { standingApproval: true })).toEqual({ to: 'approved' });
    expect(transition(dispatch({ status: 'pending_validation' }), 'validate')).toEqual({ to: 'pending_approval' });
  });

  it('refuses each step to whoever is not its owner', () => {
    const pv = dispatch({ status: 'pending_validation' });
    expect(authorize(staff('CEE', 'area_director'), 'validate', pv)).toMatch(/dirección del área que produjo/);
    expect(authorize(staff('DG', 'director_general'), 'validate', pv)).toMatch(/dirección del área/);
    expect(authorize(staff('RVDI', 'analyst'), 'validate', pv)).toMatch(/dirección del área/);
    const pa = dispatch({ status: 'pending_approval' });
    expect(authorize(staff('RVDI', 'area_director'), 'approve', pa)).toMatch(/Solo la Dirección General/);
    expect(authorize(staff('RVDI', 'area_director'), 'return', pa)).toMatch(/Solo la Dirección General/);
    expect(authorize(staff('DG', 'director_general'), 'return', pa)).toBeNull();
    expect(authorize(staff('RVDI', 'analyst'), 'send', dispatch({ status: 'approved' }))).toMatch(/enviar por los canales/);
    expect(authorize(staff('CEE', 'analyst'), 'submit', dispatch())).toMatch(/área que produjo/);
    expect(authorize(staff('COMSOC', 'communication'), 'submit', dispatch())).toMatch(/área que produjo/);
    expect(authorize(external(8), 'acknowledge', dispatch({ status: 'sent' }))).toMatch(/dependencia destinataria/);
    expect(authorize(staff('DG', 'director_general'), 'acknowledge', dispatch({ status: 'sent' }))).toMatch(/dependencia destinataria/);
    expect(authorize(external(7), 'submit', dispatch())).not.toBeNull();
  });

  it('cannot be sent before its approvals, nor edited once in validation', () => {
    expect(transition(dispatch({ status: 'pending_approval' }), 'send')).toEqual({ error: 'El envío aún no tiene todas sus aprobaciones.' });
    expect(transition(dispatch({ status: 'draft' }), 'send')).toHaveProperty('error');
    expect(transition(dispatch({ status: 'pending_validation' }), 'edit')).toHaveProperty('error');
    expect(transition(dispatch({ status: 'returned' }), 'edit')).toEqual({ to: 'returned' });
    expect(transition(dispatch({ status: 'returned' }), 'submit')).toEqual({ to: 'pending_validation' });
    expect(transition(dispatch({ status: 'acknowledged' }), 'cancel')).toHaveProperty('error');
  });

  it('records the receipt of physical channels at the center and the acknowledgment of electronic ones in the portal', () => {
    const envelope = dispatch({ channel: 'sealed_envelope', status: 'sent' });
    expect(transition(envelope, 'acknowledge')).toHaveProperty('error');
    expect(transition(envelope, 'deliver')).toEqual({ to: 'delivered' });
    expect(transition({ ...envelope, status: 'delivered' }, 'record_receipt')).toEqual({ to: 'acknowledged' });
    expect(transition(dispatch({ status: 'sent' }), 'record_receipt')).toHaveProperty('error');
    expect(transition(dispatch({ status: 'sent' }), 'deliver')).toHaveProperty('error');
  });

  it('lets a sent dispatch be cancelled only while nobody has it', () => {
    expect(transition(dispatch({ status: 'sent' }), 'cancel')).toEqual({ to: 'cancelled' });
    expect(transition(dispatch({ status: 'sent', downloaded: true }), 'cancel')).toEqual({ error: 'La dependencia ya descargó el envío: ya no puede cancelarse.' });
    expect(transition(dispatch({ status: 'delivered', channel: 'sealed_envelope' }), 'cancel')).toHaveProperty('error');
  });

  it('offers each person only the buttons they can use', () => {
    expect(availableActions(staff('RVDI', 'analyst'), dispatch())).toEqual(['edit', 'submit', 'cancel']);
    expect(availableActions(staff('RVDI', 'area_director'), dispatch({ status: 'pending_validation' }))).toEqual(['validate', 'return', 'cancel']);
    expect(availableActions(staff('DG', 'director_general'), dispatch({ status: 'pending_approval' }))).toEqual(['approve', 'return', 'cancel']);
    expect(availableActions(staff('JUR', 'legal_reviewer'), dispatch({ status: 'pending_approval' }))).toEqual([]);
    expect(availableActions(external(7), dispatch({ status: 'sent' }))).toEqual(['acknowledge']);
  });
});

describe('analytic requests', () => {
  it('go from intake to delivery, or end rejected or withdrawn', () => {
    expect(requestTransition('received', 'accept')).toBe('accepted');
    expect(requestTransition('accepted', 'start')).toBe('in_progress');
    expect(requestTransition('in_progress', 'deliver')).toBe('delivered');
    expect(requestTransition('accepted', 'deliver')).toBe('delivered');
    expect(requestTransition('received', 'deliver')).toBeNull();
    expect(requestTransition('delivered', 'reject')).toBeNull();
    expect(requestTransition('in_progress', 'withdraw')).toBe('withdrawn');
    expect(requestTransition('rejected', 'accept')).toBeNull();
  });
});

describe('magnetic-media package', () => {
  it('holds the annexes, a manifest that sha256sum reads, and a readme', () => {
    const files = [
      { fileName: 'fese_2026-10_v1.pdf', content: new TextEncoder().encode('%PDF-1.7 contenido') },
      { fileName: 'fese_2026-10_v1.xlsx', content: new Uint8Array([1, 2, 3, 4]) },
    ];
    const p = buildPackage({ folio: 'SSPO/C4/DG/0001/2026', date: '2026-11-05', agencyName: 'CNI', subject: 'Envío', files });
    const entries = unzipSync(p.zip);
    expect(Object.keys(entries).sort()).toEqual(['LEEME.txt', 'MANIFIESTO-SHA256.txt', 'anexos/fese_2026-10_v1.pdf', 'anexos/fese_2026-10_v1.xlsx']);
    const manifest = parseManifest(new TextDecoder().decode(entries['MANIFIESTO-SHA256.txt']));
    for (const m of manifest) expect(createHash('sha256').update(entries[m.path]!).digest('hex')).toBe(m.sha256);
    expect(manifestText(manifest)).toBe(p.manifest);
    expect(new TextDecoder().decode(entries['LEEME.txt'])).toContain('sha256sum -c MANIFIESTO-SHA256.txt');
    // Same dispatch, same bytes.
    expect(buildPackage({ folio: 'SSPO/C4/DG/0001/2026', date: '2026-11-05', agencyName: 'CNI', subject: 'Envío', files }).zip).toEqual(p.zip);
  });
});
