// The workflow of a public or social-media release (directive 6.1.4, B and C) as a pure state machine: Comunicación
// Social drafts; the director of the area that provided the information validates; Jurídico reviews; the director
// general approves; communication staff publish. A case the directive does not cover is an exception and goes to
// Jurídico and then the director general. No I/O: the store loads the facts, asks `decide`, and writes the result
// in one transaction, so that the server enforces exactly what the tests check here.
import { AREA_LABELS, PERMISSION_LABELS, can, isArea, type Permission } from '../access/permissions.ts';

export const RELEASE_STATES = ['draft', 'validation', 'legal_review', 'dg_approval', 'approved', 'published', 'returned', 'withdrawn'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export const STATE_LABELS: Record<ReleaseState, string> = {
  draft: 'En redacción',
  validation: 'En validación del área',
  legal_review: 'En revisión jurídica',
  dg_approval: 'En aprobación de la Dirección General',
  approved: 'Aprobado, por publicar',
  published: 'Publicado',
  returned: 'Devuelto con observaciones',
  withdrawn: 'Retirado',
};

export const RELEASE_ACTIONS = ['edit', 'submit', 'approve', 'return', 'publish', 'withdraw'] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

/** The states in which a filter (a person who must approve) holds the release. */
export type FilterState = 'validation' | 'legal_review' | 'dg_approval';
export const FILTER_STATES: readonly FilterState[] = ['validation', 'legal_review', 'dg_approval'];

export const FILTER_LABELS: Record<FilterState, string> = {
  validation: 'Validación del área que proporcionó la información',
  legal_review: 'Revisión jurídica',
  dg_approval: 'Aprobación de la Dirección General',
};

/** States before publication: the content may still change, and the release may still be withdrawn. */
export const OPEN_STATES: readonly ReleaseState[] = ['draft', 'returned', 'validation', 'legal_review', 'dg_approval', 'approved'];

/**
 * Areas that provide the information a release is made of, whose director validates it. Comunicación Social,
 * Jurídico and the Dirección General are filters of every release, so they cannot also be its source; information
 * from elsewhere (another agency, the DG itself) is a case the directive does not cover: an exception.
 */
export const SOURCE_AREAS = ['CEE', 'RVDI', 'VV', 'REPUVE', 'PM', 'CIBER'] as const;
export type SourceArea = (typeof SOURCE_AREAS)[number];

export function isSourceArea(code: string | null | undefined): code is SourceArea {
  return typeof code === 'string' && (SOURCE_AREAS as readonly string[]).includes(code);
}

/** The filters a release passes, in order: the directive's route, or Jurídico then DG for an exception. */
export function routeOf(exception: boolean): readonly FilterState[] {
  return exception ? ['legal_review', 'dg_approval'] : FILTER_STATES;
}

export function isFilterState(state: ReleaseState): state is FilterState {
  return (FILTER_STATES as readonly string[]).includes(state);
}

/** Who acts: a user with roles and area (permissions computed from them unless given). */
export interface WorkflowActor {
  id: number;
  roles: readonly string[];
  area_code: string;
  permissions?: readonly string[];
}

/** What the machine needs to know about a release, as stored. */
export interface ReleaseFacts {
  state: ReleaseState;
  sourceArea: string | null;
  exception: boolean;
  /** Users who passed a filter of the current version (approvals of earlier versions no longer count). */
  approvedBy: readonly number[];
  /** Targets of the current version, and how many of them already have their publication recorded. */
  targets: number;
  publishedTargets: number;
}

export type RefusalCode = 'sin_permiso' | 'estado_no_permite' | 'area_distinta' | 'rol_requerido' | 'filtro_ya_firmado' | 'ya_publicado';

export type Decision = { ok: true; to: ReleaseState } | { ok: false; code: RefusalCode; message: string };

const refuse = (code: RefusalCode, message: string): Decision => ({ ok: false, code, message });
const lacks = (perm: Permission): Decision => refuse('sin_permiso', `No tiene permiso para ${PERMISSION_LABELS[perm]}.`);
const areaName = (code: string | null) => (code && isArea(code) ? AREA_LABELS[code] : (code ?? 'sin área'));

const ACTION_PHRASES: Record<ReleaseAction, string> = {
  edit: 'corregir su contenido',
  submit: 'enviarlo a revisión',
  approve: 'aprobarlo',
  return: 'devolverlo con observaciones',
  publish: 'publicarlo',
  withdraw: 'retirarlo',
};

const wrongState = (f: ReleaseFacts, action: ReleaseAction): Decision =>
  refuse('estado_no_permite', `El comunicado está «${STATE_LABELS[f.state]}»: no se puede ${ACTION_PHRASES[action]}.`);

/** Whether the actor is the person (by role and area) who holds the filter the release is in; null when so. */
function filterHolder(state: FilterState, f: ReleaseFacts, actor: WorkflowActor): Decision | null {
  if (state === 'legal_review') return can(actor, 'distribution.legal_review') ? null : lacks('distribution.legal_review');
  if (!can(actor, 'distribution.approve')) return lacks('distribution.approve');
  if (state === 'validation') {
    if (actor.roles.includes('area_director') && actor.area_code === f.sourceArea) return null;
    return refuse('area_distinta', `Solo la dirección del área que proporcionó la información (${areaName(f.sourceArea)}) valida este comunicado.`);
  }
  return actor.roles.includes('director_general') ? null : refuse('rol_requerido', 'Solo la Dirección General aprueba la publicación.');
}

/** The next state for `action` by `actor`, or why it is refused (a Spanish reason for the person). */
export function decide(f: ReleaseFacts, action: ReleaseAction, actor: WorkflowActor): Decision {
  switch (action) {
    case 'edit':
    case 'withdraw':
      if (!can(actor, 'releases.draft')) return lacks('releases.draft');
      if (!OPEN_STATES.includes(f.state)) return wrongState(f, action);
      if (f.publishedTargets > 0) {
        return refuse('ya_publicado', 'Ya se publicó en al menos un destino: lo publicado no se cambia ni se retira; redacte un comunicado nuevo.');
      }
      return { ok: true, to: action === 'edit' ? 'draft' : 'withdrawn' };
    case 'submit':
      if (!can(actor, 'releases.draft')) return lacks('releases.draft');
      if (f.state !== 'draft') return wrongState(f, action);
      return { ok: true, to: routeOf(f.exception)[0]! };
    case 'approve':
    case 'return': {
      if (!isFilterState(f.state)) return wrongState(f, action);
      const refused = filterHolder(f.state, f, actor);
      if (refused) return refused;
      if (action === 'return') return { ok: true, to: 'returned' };
      if (f.approvedBy.includes(actor.id)) {
        return refuse('filtro_ya_firmado', 'Usted ya aprobó otro filtro de esta versión: cada filtro lo firma una persona distinta.');
      }
      const route = routeOf(f.exception);
      const next = route[route.indexOf(f.state) + 1];
      return { ok: true, to: next ?? 'approved' };
    }
    case 'publish':
      if (!can(actor, 'distribution.publish')) return lacks('distribution.publish');
      if (f.state !== 'approved' || f.publishedTargets >= f.targets) return wrongState(f, action);
      return { ok: true, to: f.publishedTargets + 1 >= f.targets ? 'published' : 'approved' };
  }
}

/**
 * Who reads a release. Comunicación Social, Jurídico and the director general read every one; an area's director
 * reads only those made of their area's information (in any version): a draft may still carry what a filter will
 * take out, and it is no business of the other areas.
 */
export function readsEveryRelease(actor: WorkflowActor): boolean {
  return can(actor, 'releases.read') && ['communication', 'legal_reviewer', 'director_general'].some((r) => actor.roles.includes(r));
}

export function mayRead(actor: WorkflowActor, sourceAreas: readonly (string | null)[]): boolean {
  if (readsEveryRelease(actor)) return true;
  return can(actor, 'releases.read') && actor.roles.includes('area_director') && sourceAreas.includes(actor.area_code);
}

/** Every action the actor may take now (for the buttons a page shows). */
export function allowedActions(f: ReleaseFacts, actor: WorkflowActor): ReleaseAction[] {
  return RELEASE_ACTIONS.filter((a) => decide(f, a, actor).ok);
}

/** The action that a release in this state waits for; null once it is published or withdrawn. */
export function awaitedAction(state: ReleaseState): ReleaseAction | null {
  if (state === 'draft') return 'submit';
  if (state === 'returned') return 'edit';
  if (state === 'approved') return 'publish';
  return isFilterState(state) ? 'approve' : null;
}

/** Whether the release waits for this person: they may take the action it waits for. */
export function awaits(f: ReleaseFacts, actor: WorkflowActor): boolean {
  const action = awaitedAction(f.state);
  return action !== null && decide(f, action, actor).ok;
}

/** What a person finds waiting for them, as a short Spanish phrase (queue titles, notifications). */
export function awaitedTask(f: Pick<ReleaseFacts, 'state' | 'exception'>): string | null {
  switch (f.state) {
    case 'draft':
      return f.exception ? 'Enviar a revisión jurídica (excepción)' : 'Enviar a validación del área';
    case 'returned':
      return 'Corregir lo observado';
    case 'validation':
      return 'Validar la información de su área';
    case 'legal_review':
      return f.exception ? 'Revisión jurídica (excepción)' : 'Revisión jurídica';
    case 'dg_approval':
      return f.exception ? 'Aprobación de la Dirección General (excepción)' : 'Aprobación de la Dirección General';
    case 'approved':
      return 'Publicar';
    default:
      return null;
  }
}

/** Who the release waits for, as people read it (lists); null once it is published or withdrawn. */
export function awaitedParty(f: Pick<ReleaseFacts, 'state' | 'sourceArea'>): string | null {
  switch (f.state) {
    case 'draft':
    case 'returned':
    case 'approved':
      return AREA_LABELS.COMSOC;
    case 'validation':
      return `Dirección de ${areaName(f.sourceArea)}`;
    case 'legal_review':
      return AREA_LABELS.JUR;
    case 'dg_approval':
      return AREA_LABELS.DG;
    default:
      return null;
  }
}
