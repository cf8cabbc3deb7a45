import { describe, expect, it } from 'vitest';
import { AREA_CODES, ROLES, validateAssignment } from '../access/permissions.ts';
import {
  RELEASE_ACTIONS,
  RELEASE_STATES,
  allowedActions,
  awaitedParty,
  awaitedTask,
  awaits,
  decide,
  mayRead,
  routeOf,
  type ReleaseAction,
  type ReleaseFacts,
  type ReleaseState,
  type WorkflowActor,
} from './workflow.ts';

// The directive's table, stated independently of the implementation: who may take each action in each state.
type Who = 'comsoc' | 'sourceDirector' | 'legal' | 'dg' | 'publisher';
const OPEN_EDITS = { edit: 'comsoc', withdraw: 'comsoc' } as const;
const EXPECTED: Record<ReleaseState, Partial<Record<ReleaseAction, Who>>> = {
  draft: { ...OPEN_EDITS, submit: 'comsoc' },
  returned: { ...OPEN_EDITS },
  validation: { ...OPEN_EDITS, approve: 'sourceDirector', return: 'sourceDirector' },
  legal_review: { ...OPEN_EDITS, approve: 'legal', return: 'legal' },
  dg_approval: { ...OPEN_EDITS, approve: 'dg', return: 'dg' },
  approved: { ...OPEN_EDITS, publish: 'publisher' },
  published: {},
  withdrawn: {},
};

function fits(who: Who, actor: WorkflowActor, sourceArea: string | null): boolean {
  const role = (r: string) => actor.roles.includes(r);
  switch (who) {
    case 'comsoc':
      return role('communication') && actor.area_code === 'COMSOC';
    case 'sourceDirector':
      return role('area_director') && actor.area_code === sourceArea;
    case 'legal':
      return role('legal_reviewer');
    case 'dg':
      return role('director_general');
    case 'publisher':
      return role('communication');
  }
}

function expectedNext(f: ReleaseFacts, action: ReleaseAction): ReleaseState {
  switch (action) {
    case 'edit':
      return 'draft';
    case 'withdraw':
      return 'withdrawn';
    case 'submit':
      return f.exception ? 'legal_review' : 'validation';
    case 'return':
      return 'returned';
    case 'publish':
      return f.targets - f.publishedTargets === 1 ? 'published' : 'approved';
    case 'approve':
      return ({ validation: 'legal_review', legal_review: 'dg_approval', dg_approval: 'approved' } as Record<string, ReleaseState>)[f.state]!;
  }
}

// Every valid single-role account of the center (one per role and area), plus the demo administrator (admin + DG).
let nextId = 100;
const ACTORS: WorkflowActor[] = [
  ...ROLES.flatMap((role) => AREA_CODES.filter((area) => validateAssignment(area, [role]).length === 0).map((area) => ({ id: nextId++, roles: [role], area_code: area }))),
  { id: nextId++, roles: ['admin', 'director_general'], area_code: 'DG' },
];
const label = (a: WorkflowActor) => `${a.roles.join('+')}@${a.area_code}`;

/** The situations a release can be in: every state, normal route or exception, both source areas, partial publication. */
function situations(): ReleaseFacts[] {
  const out: ReleaseFacts[] = [];
  for (const state of RELEASE_STATES) {
    for (const exception of [false, true]) {
      if (exception && state === 'validation') continue; // an exception never passes the area's validation
      for (const sourceArea of exception ? [null, 'CEE'] : ['CEE', 'CIBER']) {
        const published = state === 'published' ? [2] : state === 'approved' ? [0, 1] : [0];
        for (const publishedTargets of published) out.push({ state, exception, sourceArea, approvedBy: [], targets: 2, publishedTargets });
      }
    }
  }
  return out;
}

describe('release workflow', () => {
  it('allows exactly the directive’s transitions, by role and area, for every state, action and account', () => {
    let allowed = 0;
    let refused = 0;
    for (const f of situations()) {
      for (const action of RELEASE_ACTIONS) {
        for (const actor of ACTORS) {
          const who = EXPECTED[f.state][action];
          const afterPublication = (action === 'edit' || action === 'withdraw') && f.publishedTargets > 0;
          const expected = who !== undefined && !afterPublication && fits(who, actor, f.sourceArea);
          const d = decide(f, action, actor);
          const where = `${action} in ${f.state} (${f.exception ? 'excepción' : f.sourceArea}, ${f.publishedTargets} publicados) by ${label(actor)}`;
          expect(d.ok, where).toBe(expected);
          if (d.ok) {
            allowed++;
            expect(d.to, where).toBe(expectedNext(f, action));
          } else {
            refused++;
            expect(d.message, where).toMatch(/^[A-ZÁÉÍÓÚÑ¡¿].+\.$/);
          }
        }
      }
    }
    // Both sides were exercised, and widely.
    expect(allowed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(allowed * 10);
  });

  const facts = (over: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
    state: 'draft', sourceArea: 'CEE', exception: false, approvedBy: [], targets: 1, publishedTargets: 0, ...over,
  });
  const comsoc = { id: 1, roles: ['communication'], area_code: 'COMSOC' };
  const director = { id: 2, roles: ['area_director'], area_code: 'CEE' };
  const otherDirector = { id: 3, roles: ['area_director'], area_code: 'CIBER' };
  const legal = { id: 4, roles: ['legal_reviewer'], area_code: 'JUR' };
  const dg = { id: 5, roles: ['director_general'], area_code: 'DG' };

  it('walks the directive’s route, and the exception route skips the area for Jurídico then DG', () => {
    const walk = (exception: boolean) => {
      let f = facts({ exception, sourceArea: exception ? null : 'CEE' });
      const states: ReleaseState[] = [f.state];
      const steps: [ReleaseAction, WorkflowActor][] = [
        ['submit', comsoc],
        ...(exception ? [] : [['approve', director] as [ReleaseAction, WorkflowActor]]),
        ['approve', legal],
        ['approve', dg],
        ['publish', comsoc],
      ];
      for (const [action, actor] of steps) {
        const d = decide(f, action, actor);
        if (!d.ok) throw new Error(d.message);
        f = {
          ...f,
          state: d.to,
          approvedBy: action === 'approve' ? [...f.approvedBy, actor.id] : f.approvedBy,
          publishedTargets: action === 'publish' ? f.publishedTargets + 1 : f.publishedTargets,
        };
        states.push(f.state);
      }
      return states;
    };
    expect(walk(false)).toEqual(['draft', 'validation', 'legal_review', 'dg_approval', 'approved', 'published']);
    expect(walk(true)).toEqual(['draft', 'legal_review', 'dg_approval', 'approved', 'published']);
    expect(routeOf(true)).toEqual(['legal_review', 'dg_approval']);
  });

  it('says why in Spanish: the area, the role, the permission, the state', () => {
    const inValidation = facts({ state: 'validation' });
    expect(decide(inValidation, 'approve', otherDirector)).toEqual({
      ok: false,
      code: 'area_distinta',
      message: 'Solo la dirección del área que proporcionó la información (Centro Estatal de Emergencias) valida este comunicado.',
    });
    expect(decide(facts({ state: 'dg_approval' }), 'approve', director)).toMatchObject({ code: 'rol_requerido', message: 'Solo la Dirección General aprueba la publicación.' });
    expect(decide(facts({ state: 'legal_review' }), 'return', dg)).toMatchObject({
      code: 'sin_permiso',
      message: 'No tiene permiso para emitir la revisión jurídica de productos.',
    });
    // Publishing is its own permission: the DG who approved cannot publish, communication staff can.
    expect(decide(facts({ state: 'approved' }), 'publish', dg)).toMatchObject({
      code: 'sin_permiso',
      message: 'No tiene permiso para publicar mensajes en medios públicos y redes sociales.',
    });
    expect(decide(facts({ state: 'published', publishedTargets: 1 }), 'edit', comsoc)).toMatchObject({
      code: 'estado_no_permite',
      message: 'El comunicado está «Publicado»: no se puede corregir su contenido.',
    });
    expect(decide(facts({ state: 'approved', targets: 2, publishedTargets: 1 }), 'edit', comsoc)).toMatchObject({ code: 'ya_publicado' });
    expect(decide(facts({ state: 'draft' }), 'approve', legal)).toMatchObject({ code: 'estado_no_permite' });
  });

  it('lets one person sign only one filter of a version; a new version counts afresh', () => {
    const both = { id: 9, roles: ['area_director', 'legal_reviewer'], area_code: 'CEE' };
    const validated = facts({ state: 'legal_review', approvedBy: [both.id] });
    expect(decide(validated, 'approve', both)).toMatchObject({ ok: false, code: 'filtro_ya_firmado' });
    // Returning is not a signature: a second look may always send it back.
    expect(decide(validated, 'return', both)).toEqual({ ok: true, to: 'returned' });
    // The approvals of the previous version no longer count.
    expect(decide(facts({ state: 'legal_review', approvedBy: [] }), 'approve', both)).toEqual({ ok: true, to: 'dg_approval' });
  });

  it('publishes target by target and is published when the last one is recorded', () => {
    const f = facts({ state: 'approved', targets: 3, publishedTargets: 0 });
    expect(decide(f, 'publish', comsoc)).toEqual({ ok: true, to: 'approved' });
    expect(decide({ ...f, publishedTargets: 2 }, 'publish', comsoc)).toEqual({ ok: true, to: 'published' });
    expect(decide({ ...f, state: 'published', publishedTargets: 3 }, 'publish', comsoc)).toMatchObject({ ok: false, code: 'estado_no_permite' });
  });

  it('puts each release in the queue of exactly the people it waits for', () => {
    const people = [comsoc, director, otherDirector, legal, dg];
    const queueOf = (f: ReleaseFacts) => people.filter((p) => awaits(f, p)).map((p) => p.id);
    expect(queueOf(facts({ state: 'draft' }))).toEqual([comsoc.id]);
    expect(queueOf(facts({ state: 'returned' }))).toEqual([comsoc.id]);
    expect(queueOf(facts({ state: 'validation' }))).toEqual([director.id]);
    expect(queueOf(facts({ state: 'validation', sourceArea: 'CIBER' }))).toEqual([otherDirector.id]);
    expect(queueOf(facts({ state: 'legal_review' }))).toEqual([legal.id]);
    expect(queueOf(facts({ state: 'dg_approval' }))).toEqual([dg.id]);
    expect(queueOf(facts({ state: 'approved' }))).toEqual([comsoc.id]);
    expect(queueOf(facts({ state: 'published', publishedTargets: 1 }))).toEqual([]);
    expect(queueOf(facts({ state: 'withdrawn' }))).toEqual([]);
    expect(allowedActions(facts({ state: 'validation' }), director)).toEqual(['approve', 'return']);
    expect(allowedActions(facts({ state: 'validation' }), comsoc)).toEqual(['edit', 'withdraw']);
  });

  it('lets an area’s director read only the releases made of their area’s information', () => {
    expect(mayRead(director, ['CEE'])).toBe(true);
    expect(mayRead(director, ['CIBER', 'CEE'])).toBe(true); // an earlier version named the CEE
    expect(mayRead(otherDirector, ['CEE'])).toBe(false);
    expect(mayRead(otherDirector, [null])).toBe(false);
    for (const reader of [comsoc, legal, dg]) expect(mayRead(reader, [null])).toBe(true);
    expect(mayRead({ id: 8, roles: ['analyst'], area_code: 'CEE' }, ['CEE'])).toBe(false);
    expect(mayRead({ id: 9, roles: ['external'], area_code: 'EXT' }, ['CEE'])).toBe(false);
  });

  it('names the task and the party a release waits for', () => {
    expect(awaitedTask({ state: 'legal_review', exception: true })).toBe('Revisión jurídica (excepción)');
    expect(awaitedTask({ state: 'returned', exception: false })).toBe('Corregir lo observado');
    expect(awaitedTask({ state: 'published', exception: false })).toBeNull();
    expect(awaitedParty({ state: 'validation', sourceArea: 'CIBER' })).toBe('Dirección de Policía Cibernética');
    expect(awaitedParty({ state: 'dg_approval', sourceArea: null })).toBe('Dirección General');
  });
});
