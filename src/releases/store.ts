// Releases in the database: drafting, correcting (every correction is a new version; the old ones stay), moving
// through the filters and publishing. Each change is one transaction with its trail entry, its audit entry and the
// notices to the people it now waits for. Every change names the revision it was decided on: the row is locked and
// the revision compared in that same transaction, so that of two concurrent actions on one release only one succeeds.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import { AREA_LABELS, PERMISSION_LABELS, can, isArea } from '../access/permissions.ts';
import { listUsers } from '../access/users.ts';
import { CLASSIFICATION_LABELS } from '../reports/catalog.ts';
import { notifyUsers } from '../reports/notifications.ts';
import { getProduct } from '../reports/products.ts';
import { NETWORKS, getAccounts, isOnNetwork, type Account } from './accounts.ts';
import { COMMENTS_MAX, TARGET_KIND_LABELS, checkContent, sameContent, type ReleaseContent } from './content.ts';
import { ReleaseError } from './errors.ts';
import type { TargetKind } from './tables.ts';
import {
  FILTER_LABELS,
  STATE_LABELS,
  awaitedParty,
  awaitedTask,
  awaits,
  decide,
  routeOf,
  type FilterState,
  type ReleaseAction,
  type ReleaseFacts,
  type ReleaseState,
  type WorkflowActor,
} from './workflow.ts';

/** Who acts: the workflow's actor plus what the audit log records. */
export interface ReleaseActor extends WorkflowActor {
  username: string;
  ip?: string | null;
}

export interface ChangeOptions {
  /** The clock (the demo writes a plausible past); defaults to now. */
  now?: Date;
  /** Send the notices of arrival (default true). */
  notify?: boolean;
}

export const releaseLink = (id: number) => `/comunicados?id=${id}`;

const areaName = (code: string | null) => (code && isArea(code) ? AREA_LABELS[code] : null);

// ---------------------------------------------------------------------------------------------------------------
// Reading

export interface PublicationView {
  placedOn: string;
  url: string | null;
  reference: string | null;
  publishedAt: Date;
  publishedBy: string;
  recordedAt: Date;
}

export interface TargetView {
  position: number;
  kind: TargetKind;
  kindLabel: string;
  account: Account | null;
  publication: PublicationView | null;
}

export interface ImageView {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
}

export interface AttachedProduct {
  id: number;
  reportType: string;
  reportName: string;
  period: string;
  version: number;
  classification: string;
  classificationLabel: string;
  files: { format: string; fileName: string; size: number; sha256: string }[];
}

export interface VersionView {
  version: number;
  title: string;
  body: string;
  sourceArea: string | null;
  sourceAreaName: string | null;
  exception: boolean;
  exceptionReason: string | null;
  editedBy: string;
  editedAt: Date;
  targets: TargetView[];
  images: ImageView[];
  products: AttachedProduct[];
}

export interface EventView {
  id: number;
  version: number;
  action: ReleaseAction | 'create';
  step: FilterState | null;
  stepLabel: string | null;
  fromState: ReleaseState | null;
  toState: ReleaseState;
  comments: string | null;
  actorId: number;
  actor: string;
  at: Date;
  /** An approval of an earlier version stays on record but no longer counts. */
  counts: boolean;
}

export interface RouteStep {
  step: FilterState;
  label: string;
  status: 'done' | 'current' | 'returned' | 'pending';
  by: string | null;
  at: Date | null;
}

export interface ReleaseDetail {
  id: number;
  state: ReleaseState;
  stateLabel: string;
  revision: number;
  currentVersion: number;
  stateSince: Date;
  createdAt: Date;
  createdBy: string;
  awaitedTask: string | null;
  awaitedParty: string | null;
  route: RouteStep[];
  content: VersionView;
  versions: { version: number; title: string; editedBy: string; editedAt: Date }[];
  events: EventView[];
  facts: ReleaseFacts;
}

export interface ReleaseSummary {
  id: number;
  title: string;
  state: ReleaseState;
  stateLabel: string;
  revision: number;
  currentVersion: number;
  sourceArea: string | null;
  sourceAreaName: string | null;
  exception: boolean;
  targets: string[];
  stateSince: Date;
  createdBy: string;
  updatedAt: Date;
  awaitedParty: string | null;
}

interface OpenRow {
  id: number;
  state: ReleaseState;
  current_version: number;
}

/** The workflow's facts of several releases at once: their current version's route, approvals and publications. */
export async function factsOf(db: Kysely<Database>, rows: readonly OpenRow[]): Promise<Map<number, ReleaseFacts>> {
  const out = new Map<number, ReleaseFacts>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => Number(r.id));
  const current = new Map(rows.map((r) => [Number(r.id), r.current_version]));
  const isCurrent = (r: { release_id: number; version: number }) => current.get(Number(r.release_id)) === r.version;
  const [versions, approvals, targets, publications] = await Promise.all([
    db.selectFrom('release_versions').select(['release_id', 'version', 'source_area', 'is_exception']).where('release_id', 'in', ids).execute(),
    db.selectFrom('release_events').select(['release_id', 'version', 'actor_id']).where('release_id', 'in', ids).where('action', '=', 'approve').execute(),
    db.selectFrom('release_version_targets').select(['release_id', 'version']).where('release_id', 'in', ids).execute(),
    db.selectFrom('release_publications').select(['release_id', 'version']).where('release_id', 'in', ids).execute(),
  ]);
  for (const r of rows) {
    const id = Number(r.id);
    const v = versions.find((x) => Number(x.release_id) === id && x.version === r.current_version);
    if (!v) throw new Error(`release ${id} has no version ${r.current_version}`);
    out.set(id, {
      state: r.state,
      sourceArea: v.source_area,
      exception: v.is_exception,
      approvedBy: approvals.filter((a) => Number(a.release_id) === id && isCurrent(a)).map((a) => Number(a.actor_id)),
      targets: targets.filter((t) => Number(t.release_id) === id && isCurrent(t)).length,
      publishedTargets: publications.filter((p) => Number(p.release_id) === id && isCurrent(p)).length,
    });
  }
  return out;
}

async function versionView(db: Kysely<Database>, id: number, version: number): Promise<VersionView | undefined> {
  const v = await db
    .selectFrom('release_versions as v')
    .innerJoin('users as u', 'u.id', 'v.edited_by')
    .select(['v.version', 'v.title', 'v.body', 'v.source_area', 'v.is_exception', 'v.exception_reason', 'v.edited_at', 'u.display_name'])
    .where('v.release_id', '=', id)
    .where('v.version', '=', version)
    .executeTakeFirst();
  if (!v) return undefined;
  const [targets, publications, images, productIds] = await Promise.all([
    db.selectFrom('release_version_targets').select(['position', 'kind', 'account_id']).where('release_id', '=', id).where('version', '=', version).orderBy('position').execute(),
    db
      .selectFrom('release_publications as p')
      .innerJoin('users as u', 'u.id', 'p.published_by')
      .select(['p.position', 'p.placed_on', 'p.url', 'p.reference', 'p.published_at', 'p.recorded_at', 'u.display_name'])
      .where('p.release_id', '=', id)
      .where('p.version', '=', version)
      .execute(),
    db
      .selectFrom('release_version_images as vi')
      .innerJoin('release_images as i', 'i.id', 'vi.image_id')
      .select(['i.id', 'i.file_name', 'i.media_type', 'i.size', 'i.width', 'i.height', 'i.sha256'])
      .where('vi.release_id', '=', id)
      .where('vi.version', '=', version)
      .orderBy('vi.position')
      .execute(),
    db.selectFrom('release_version_products').select('product_id').where('release_id', '=', id).where('version', '=', version).orderBy('product_id').execute(),
  ]);
  const accounts = await getAccounts(db, targets.flatMap((t) => (t.account_id ? [Number(t.account_id)] : [])));
  const products: AttachedProduct[] = [];
  for (const { product_id } of productIds) {
    const p = await getProduct(db, Number(product_id));
    if (!p) continue;
    products.push({
      id: p.id,
      reportType: p.report_type,
      reportName: p.report_name,
      period: p.period_key,
      version: p.version,
      classification: p.classification,
      classificationLabel: CLASSIFICATION_LABELS[p.classification],
      files: p.files.map((f) => ({ format: f.format, fileName: f.file_name, size: f.size, sha256: f.sha256 })),
    });
  }
  return {
    version: v.version,
    title: v.title,
    body: v.body,
    sourceArea: v.source_area,
    sourceAreaName: areaName(v.source_area),
    exception: v.is_exception,
    exceptionReason: v.exception_reason,
    editedBy: v.display_name,
    editedAt: v.edited_at,
    targets: targets.map((t) => {
      const pub = publications.find((p) => p.position === t.position);
      return {
        position: t.position,
        kind: t.kind,
        kindLabel: TARGET_KIND_LABELS[t.kind],
        account: t.account_id ? (accounts.get(Number(t.account_id)) ?? null) : null,
        publication: pub
          ? { placedOn: pub.placed_on, url: pub.url, reference: pub.reference, publishedAt: pub.published_at, publishedBy: pub.display_name, recordedAt: pub.recorded_at }
          : null,
      };
    }),
    images: images.map((i) => ({ id: Number(i.id), fileName: i.file_name, mediaType: i.media_type, size: i.size, width: i.width, height: i.height, sha256: i.sha256 })),
    products,
  };
}

export function getReleaseVersion(db: Kysely<Database>, id: number, version: number): Promise<VersionView | undefined> {
  return versionView(db, id, version);
}

export async function getRelease(db: Kysely<Database>, id: number): Promise<ReleaseDetail | undefined> {
  const row = await db
    .selectFrom('releases as r')
    .innerJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.state', 'r.revision', 'r.current_version', 'r.state_since', 'r.created_at', 'u.display_name'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const facts = (await factsOf(db, [row])).get(id)!;
  const [content, versions, events] = await Promise.all([
    versionView(db, id, row.current_version),
    db
      .selectFrom('release_versions as v')
      .innerJoin('users as u', 'u.id', 'v.edited_by')
      .select(['v.version', 'v.title', 'v.edited_at', 'u.display_name'])
      .where('v.release_id', '=', id)
      .orderBy('v.version', 'desc')
      .execute(),
    db
      .selectFrom('release_events as e')
      .innerJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.version', 'e.action', 'e.step', 'e.from_state', 'e.to_state', 'e.comments', 'e.actor_id', 'e.at', 'u.display_name'])
      .where('e.release_id', '=', id)
      .orderBy('e.id')
      .execute(),
  ]);
  const eventViews: EventView[] = events.map((e) => ({
    id: Number(e.id),
    version: e.version,
    action: e.action,
    step: (e.step as FilterState | null) ?? null,
    stepLabel: e.step ? FILTER_LABELS[e.step as FilterState] : null,
    fromState: e.from_state,
    toState: e.to_state,
    comments: e.comments,
    actorId: Number(e.actor_id),
    actor: e.display_name,
    at: e.at,
    counts: e.version === row.current_version,
  }));
  const last = eventViews.at(-1);
  const route: RouteStep[] = routeOf(facts.exception).map((step) => {
    const done = eventViews.find((e) => e.counts && e.action === 'approve' && e.step === step);
    const returned = row.state === 'returned' && last?.action === 'return' && last.step === step ? last : undefined;
    const by = done ?? returned;
    return {
      step,
      label: FILTER_LABELS[step],
      status: done ? 'done' : returned ? 'returned' : facts.state === step ? 'current' : 'pending',
      by: by?.actor ?? null,
      at: by?.at ?? null,
    };
  });
  return {
    id,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    revision: row.revision,
    currentVersion: row.current_version,
    stateSince: row.state_since,
    createdAt: row.created_at,
    createdBy: row.display_name,
    awaitedTask: awaitedTask(facts),
    awaitedParty: awaitedParty(facts),
    route,
    content: content!,
    versions: versions.map((v) => ({ version: v.version, title: v.title, editedBy: v.display_name, editedAt: v.edited_at })),
    events: eventViews,
    facts,
  };
}

/** The areas named as the source of information by any version of the release (null for an exception without one). */
export async function releaseSourceAreas(db: Kysely<Database>, id: number): Promise<(string | null)[]> {
  const rows = await db.selectFrom('release_versions').select('source_area').distinct().where('release_id', '=', id).execute();
  return rows.map((r) => r.source_area);
}

/** The source areas of every release version that shows the image (empty while no version shows it). */
export async function imageSourceAreas(db: Kysely<Database>, imageId: number): Promise<(string | null)[]> {
  const rows = await db
    .selectFrom('release_version_images as vi')
    .innerJoin('release_versions as v', (j) => j.onRef('v.release_id', '=', 'vi.release_id').onRef('v.version', '=', 'vi.version'))
    .select('v.source_area')
    .distinct()
    .where('vi.image_id', '=', imageId)
    .execute();
  return rows.map((r) => r.source_area);
}

export async function listReleases(
  db: Kysely<Database>,
  filter: { state?: ReleaseState; open?: boolean; limit?: number; /** Only releases with a version from this area. */ sourceArea?: string } = {},
): Promise<ReleaseSummary[]> {
  let q = db
    .selectFrom('releases as r')
    .innerJoin('release_versions as v', (j) => j.onRef('v.release_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
    .innerJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.state', 'r.revision', 'r.current_version', 'r.state_since', 'r.updated_at', 'v.title', 'v.source_area', 'v.is_exception', 'u.display_name'])
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit ?? 200);
  if (filter.state) q = q.where('r.state', '=', filter.state);
  if (filter.open) q = q.where('r.state', 'not in', ['published', 'withdrawn']);
  if (filter.sourceArea) {
    const area = filter.sourceArea;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('release_versions as sv').select('sv.version').whereRef('sv.release_id', '=', 'r.id').where('sv.source_area', '=', area)),
    );
  }
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const targets = await db
    .selectFrom('release_version_targets as t')
    .leftJoin('release_accounts as a', 'a.id', 't.account_id')
    .select(['t.release_id', 't.version', 't.position', 't.kind', 'a.network', 'a.handle'])
    .where('t.release_id', 'in', rows.map((r) => Number(r.id)))
    .orderBy('t.position')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    revision: r.revision,
    currentVersion: r.current_version,
    sourceArea: r.source_area,
    sourceAreaName: areaName(r.source_area),
    exception: r.is_exception,
    targets: targets
      .filter((t) => Number(t.release_id) === Number(r.id) && t.version === r.current_version)
      .map((t) => (t.kind === 'social' && t.network ? `${NETWORKS[t.network].label} ${t.handle}` : TARGET_KIND_LABELS[t.kind])),
    stateSince: r.state_since,
    createdBy: r.display_name,
    updatedAt: r.updated_at,
    awaitedParty: awaitedParty({ state: r.state, sourceArea: r.source_area }),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Changing

type Trx = Kysely<Database>;

function audit(trx: Trx, actor: ReleaseActor, action: string, id: number, details: object) {
  return appendAudit(trx, { actorId: actor.id, actor: actor.username, ip: actor.ip ?? null, action, entity: 'release', entityId: id, details });
}

function validContent(input: ReleaseContent): ReleaseContent {
  const checked = checkContent(input);
  if (!checked.ok) throw new ReleaseError('datos_invalidos', checked.problems.join(' '));
  return checked.content;
}

/** What the content refers to must exist and may be used: active official accounts, uploaded images, public products. */
async function checkReferences(trx: Trx, c: ReleaseContent): Promise<void> {
  const accountIds = c.targets.flatMap((t) => (t.accountId ? [t.accountId] : []));
  const accounts = await getAccounts(trx, accountIds);
  for (const id of accountIds) {
    const a = accounts.get(id);
    if (!a) throw new ReleaseError('cuenta_no_registrada', `La cuenta ${id} no está registrada como cuenta oficial: solo se publica en las cuentas oficiales del centro.`);
    if (!a.active) throw new ReleaseError('cuenta_inactiva', `La cuenta «${a.name}» (${a.handle}) fue dada de baja como cuenta oficial: elija una cuenta oficial activa.`);
  }
  if (c.imageIds.length > 0) {
    const found = await trx.selectFrom('release_images').select('id').where('id', 'in', c.imageIds).execute();
    const missing = c.imageIds.filter((id) => !found.some((f) => Number(f.id) === id));
    if (missing.length > 0) throw new ReleaseError('imagen_no_encontrada', `No existe la imagen ${missing.join(', ')}: súbala de nuevo.`);
  }
  for (const id of c.productIds) {
    const p = await getProduct(trx, id);
    if (!p) throw new ReleaseError('producto_no_encontrado', `No existe el producto ${id}.`);
    if (p.classification !== 'public') {
      throw new ReleaseError(
        'producto_no_publico',
        `El producto ${id} («${p.report_name}», ${p.period_key}, versión ${p.version}) está clasificado como «${CLASSIFICATION_LABELS[p.classification]}»: a un comunicado solo se adjuntan versiones públicas.`,
      );
    }
  }
}

async function insertVersion(trx: Trx, id: number, version: number, c: ReleaseContent, actor: ReleaseActor, at: Date) {
  await trx
    .insertInto('release_versions')
    .values({ release_id: id, version, title: c.title, body: c.body, source_area: c.sourceArea, is_exception: c.exception, exception_reason: c.exceptionReason, edited_by: actor.id, edited_at: at })
    .execute();
  await trx
    .insertInto('release_version_targets')
    .values(c.targets.map((t, i) => ({ release_id: id, version, position: i + 1, kind: t.kind, account_id: t.accountId ?? null })))
    .execute();
  if (c.imageIds.length > 0) {
    await trx.insertInto('release_version_images').values(c.imageIds.map((image_id, i) => ({ release_id: id, version, position: i + 1, image_id }))).execute();
  }
  if (c.productIds.length > 0) {
    await trx.insertInto('release_version_products').values(c.productIds.map((product_id) => ({ release_id: id, version, product_id }))).execute();
  }
}

async function storedContent(trx: Trx, id: number, version: number): Promise<ReleaseContent> {
  const [v, targets, images, products] = await Promise.all([
    trx.selectFrom('release_versions').selectAll().where('release_id', '=', id).where('version', '=', version).executeTakeFirstOrThrow(),
    trx.selectFrom('release_version_targets').select(['kind', 'account_id']).where('release_id', '=', id).where('version', '=', version).orderBy('position').execute(),
    trx.selectFrom('release_version_images').select('image_id').where('release_id', '=', id).where('version', '=', version).orderBy('position').execute(),
    trx.selectFrom('release_version_products').select('product_id').where('release_id', '=', id).where('version', '=', version).orderBy('product_id').execute(),
  ]);
  return {
    title: v.title,
    body: v.body,
    sourceArea: v.source_area,
    exception: v.is_exception,
    exceptionReason: v.exception_reason,
    targets: targets.map((t) => ({ kind: t.kind, accountId: t.account_id === null ? null : Number(t.account_id) })),
    imageIds: images.map((i) => Number(i.image_id)),
    productIds: products.map((p) => Number(p.product_id)),
  };
}

/** Tells every active person the release now waits for (but the one who just acted) that it arrived. */
async function announceArrival(trx: Trx, id: number, facts: ReleaseFacts, title: string, actorId: number) {
  const task = awaitedTask(facts);
  if (!task) return;
  const people = (await listUsers(trx)).filter((u) => u.active && u.id !== actorId && awaits(facts, { id: u.id, roles: u.roles, area_code: u.area_code }));
  await notifyUsers(trx, people.map((u) => u.id), `${task}: comunicado «${title}».`, releaseLink(id));
}

/** Tells the people a release waits for now that it is there (the demo, after writing a past it did not announce). */
export async function announceCurrent(db: Kysely<Database>, id: number): Promise<void> {
  const row = await db
    .selectFrom('releases as r')
    .innerJoin('release_versions as v', (j) => j.onRef('v.release_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
    .select(['r.id', 'r.state', 'r.current_version', 'v.title'])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow();
  const facts = (await factsOf(db, [row])).get(id)!;
  await db.transaction().execute((trx) => announceArrival(trx, id, facts, row.title, 0));
}

interface Locked {
  row: { id: number; state: ReleaseState; revision: number; current_version: number };
  facts: ReleaseFacts;
}

/** Locks the release for the rest of the transaction and checks that nobody changed it since `revision`. */
async function lockAt(trx: Trx, id: number, revision: number): Promise<Locked> {
  const row = await trx.selectFrom('releases').select(['id', 'state', 'revision', 'current_version']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new ReleaseError('comunicado_no_encontrado', 'No existe ese comunicado.', 404);
  if (row.revision !== revision) throw conflict(row.revision, revision);
  const facts = (await factsOf(trx, [row])).get(id)!;
  return { row, facts };
}

const conflict = (current: number, given: number) =>
  new ReleaseError(
    'conflicto_de_revision',
    `Otra persona cambió este comunicado mientras usted lo tenía abierto (revisión ${current}; usted veía la ${given}). Recargue la página para ver el cambio y decida de nuevo.`,
    409,
  );

function allowed(facts: ReleaseFacts, action: ReleaseAction, actor: ReleaseActor): ReleaseState {
  const d = decide(facts, action, actor);
  if (!d.ok) throw new ReleaseError(d.code, d.message, d.code === 'sin_permiso' || d.code === 'area_distinta' || d.code === 'rol_requerido' ? 403 : 409);
  return d.to;
}

/** Writes the new state with the revision check, the trail entry and the audit entry. */
async function advance(
  trx: Trx,
  actor: ReleaseActor,
  locked: Locked,
  change: { action: ReleaseAction | 'create'; to: ReleaseState; version: number; step?: FilterState | null; comments?: string | null; at: Date; audit: object },
) {
  const { row } = locked;
  const res = await trx
    .updateTable('releases')
    .set({
      state: change.to,
      revision: row.revision + 1,
      current_version: change.version,
      updated_at: change.at,
      ...(change.to !== row.state ? { state_since: change.at } : {}),
    })
    .where('id', '=', row.id)
    .where('revision', '=', row.revision)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict(row.revision + 1, row.revision);
  await trx
    .insertInto('release_events')
    .values({
      release_id: row.id,
      version: change.version,
      action: change.action,
      step: change.step ?? null,
      from_state: row.state,
      to_state: change.to,
      comments: change.comments ?? null,
      actor_id: actor.id,
      at: change.at,
    })
    .execute();
  await audit(trx, actor, `releases.${change.action}`, row.id, { version: change.version, from: row.state, to: change.to, revision: row.revision + 1, ...change.audit });
}

function cleanComments(comments: string | null | undefined, required: string | null): string | null {
  const text = (comments ?? '').trim();
  if (text.length > COMMENTS_MAX) throw new ReleaseError('datos_invalidos', `Las observaciones no pueden pasar de ${COMMENTS_MAX.toLocaleString('es-MX')} caracteres.`);
  if (required && text.length === 0) throw new ReleaseError('faltan_observaciones', required);
  return text || null;
}

/** A new release in «En redacción», version 1. Returns its id. */
export async function createRelease(db: Kysely<Database>, actor: ReleaseActor, input: ReleaseContent, opts: ChangeOptions = {}): Promise<number> {
  if (!can(actor, 'releases.draft')) throw new ReleaseError('sin_permiso', `No tiene permiso para ${PERMISSION_LABELS['releases.draft']}.`, 403);
  const content = validContent(input);
  const at = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    await checkReferences(trx, content);
    const { id } = await trx
      .insertInto('releases')
      .values({ state: 'draft', revision: 1, current_version: 1, state_since: at, created_by: actor.id, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const releaseId = Number(id);
    await insertVersion(trx, releaseId, 1, content, actor, at);
    await trx
      .insertInto('release_events')
      .values({ release_id: releaseId, version: 1, action: 'create', from_state: null, to_state: 'draft', actor_id: actor.id, at })
      .execute();
    await audit(trx, actor, 'releases.create', releaseId, { version: 1, content });
    const facts: ReleaseFacts = { state: 'draft', sourceArea: content.sourceArea, exception: content.exception, approvedBy: [], targets: content.targets.length, publishedTargets: 0 };
    if (opts.notify !== false) await announceArrival(trx, releaseId, facts, content.title, actor.id);
    return releaseId;
  });
}

/**
 * Corrects the content: a new version, and the release goes back to «En redacción» to pass every filter again. The
 * approvals of the previous version stay in the trail but no longer count. An edit that changes nothing is refused.
 */
export async function editRelease(
  db: Kysely<Database>,
  actor: ReleaseActor,
  id: number,
  revision: number,
  input: ReleaseContent,
  opts: ChangeOptions & { comments?: string | null } = {},
): Promise<void> {
  const content = validContent(input);
  const comments = cleanComments(opts.comments, null);
  const at = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const locked = await lockAt(trx, id, revision);
    const to = allowed(locked.facts, 'edit', actor);
    const previous = await storedContent(trx, id, locked.row.current_version);
    if (sameContent(previous, content)) throw new ReleaseError('sin_cambios', 'El contenido no cambió: no se creó una versión nueva.');
    await checkReferences(trx, content);
    const version = locked.row.current_version + 1;
    await insertVersion(trx, id, version, content, actor, at);
    await advance(trx, actor, locked, {
      action: 'edit',
      to,
      version,
      comments,
      at,
      audit: { content, voidedApprovals: locked.facts.approvedBy.length },
    });
    const facts: ReleaseFacts = { state: to, sourceArea: content.sourceArea, exception: content.exception, approvedBy: [], targets: content.targets.length, publishedTargets: 0 };
    if (opts.notify !== false) await announceArrival(trx, id, facts, content.title, actor.id);
  });
}

export type Transition = 'submit' | 'approve' | 'return' | 'withdraw';

/** Sends to review, approves or returns at the current filter, or withdraws; returning and withdrawing need a reason. */
export async function transitionRelease(
  db: Kysely<Database>,
  actor: ReleaseActor,
  id: number,
  change: { action: Transition; revision: number; comments?: string | null },
  opts: ChangeOptions = {},
): Promise<ReleaseState> {
  const at = opts.now ?? new Date();
  const required =
    change.action === 'return'
      ? 'Escriba las observaciones: Comunicación Social las necesita para corregir.'
      : change.action === 'withdraw'
        ? 'Escriba el motivo por el que se retira el comunicado.'
        : null;
  return db.transaction().execute(async (trx) => {
    const locked = await lockAt(trx, id, change.revision);
    const to = allowed(locked.facts, change.action, actor);
    const comments = cleanComments(change.comments, required);
    const step = change.action === 'approve' || change.action === 'return' ? (locked.row.state as FilterState) : null;
    await advance(trx, actor, locked, { action: change.action, to, version: locked.row.current_version, step, comments, at, audit: { step, comments } });
    if (opts.notify !== false) {
      const title = (await trx.selectFrom('release_versions').select('title').where('release_id', '=', id).where('version', '=', locked.row.current_version).executeTakeFirstOrThrow()).title;
      const approvedBy = change.action === 'approve' ? [...locked.facts.approvedBy, actor.id] : locked.facts.approvedBy;
      await announceArrival(trx, id, { ...locked.facts, state: to, approvedBy }, title, actor.id);
    }
    return to;
  });
}

export interface PublicationInput {
  revision: number;
  /** The target of the current version (1-based, as listed). */
  position: number;
  /** The address of the post (required on a social network; optional for press, radio and TV). */
  url?: string | null;
  /** The outlets that received it, for press, radio and TV. */
  medium?: string | null;
  /** A note such as the bulletin number. */
  reference?: string | null;
  /** When it went out (default: now); not before the director general's approval, not in the future. */
  publishedAt?: Date | null;
}

/** Records that the approved version went out on one of its targets: where, when, by whom, and its address. */
export async function publishRelease(db: Kysely<Database>, actor: ReleaseActor, id: number, p: PublicationInput, opts: ChangeOptions = {}): Promise<ReleaseState> {
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const locked = await lockAt(trx, id, p.revision);
    const to = allowed(locked.facts, 'publish', actor);
    const version = locked.row.current_version;
    const target = await trx
      .selectFrom('release_version_targets')
      .select(['position', 'kind', 'account_id'])
      .where('release_id', '=', id)
      .where('version', '=', version)
      .where('position', '=', p.position)
      .executeTakeFirst();
    if (!target) throw new ReleaseError('destino_no_encontrado', `El comunicado no tiene un destino ${p.position}.`, 404);
    const done = await trx.selectFrom('release_publications').select('id').where('release_id', '=', id).where('version', '=', version).where('position', '=', p.position).executeTakeFirst();
    if (done) throw new ReleaseError('destino_ya_publicado', 'Ese destino ya tiene registrada su publicación.', 409);

    const url = p.url?.trim() || null;
    const reference = p.reference?.trim() || null;
    let placedOn: string;
    if (target.kind === 'social') {
      const account = (await getAccounts(trx, [Number(target.account_id)])).get(Number(target.account_id))!;
      if (!account.active) {
        throw new ReleaseError('cuenta_inactiva', `La cuenta «${account.name}» (${account.handle}) fue dada de baja como cuenta oficial: no se puede publicar en ella.`, 409);
      }
      if (!url) throw new ReleaseError('falta_direccion', `Escriba la dirección de la publicación en ${account.networkLabel}.`);
      if (!isOnNetwork(url, account.network)) {
        throw new ReleaseError('direccion_fuera_de_la_red', `La dirección debe ser https en ${NETWORKS[account.network].hosts.join(' o ')}: la publicación se hace en la cuenta oficial «${account.handle}».`);
      }
      placedOn = `${account.networkLabel}: ${account.name} (${account.handle})`;
    } else {
      const medium = p.medium?.trim() || '';
      if (medium.length < 3) throw new ReleaseError('falta_medio', `Escriba los medios que recibieron el comunicado (${TARGET_KIND_LABELS[target.kind].toLowerCase()}).`);
      if (url && !/^https?:\/\/\S+$/.test(url)) throw new ReleaseError('direccion_invalida', 'La dirección de la nota debe empezar con http:// o https://.');
      placedOn = `${TARGET_KIND_LABELS[target.kind]}: ${medium}`;
    }
    if ((reference?.length ?? 0) > 500 || placedOn.length > 600 || (url?.length ?? 0) > 2000) throw new ReleaseError('datos_invalidos', 'Los datos de la publicación son demasiado largos.');

    const approval = await trx
      .selectFrom('release_events')
      .select('at')
      .where('release_id', '=', id)
      .where('version', '=', version)
      .where('action', '=', 'approve')
      .where('step', '=', 'dg_approval')
      .executeTakeFirstOrThrow();
    const publishedAt = p.publishedAt ?? now;
    if (Number.isNaN(publishedAt.getTime()) || publishedAt.getTime() > now.getTime() + 5 * 60_000) {
      throw new ReleaseError('fecha_invalida', 'La fecha de publicación no puede estar en el futuro.');
    }
    if (publishedAt.getTime() < new Date(approval.at).getTime()) {
      throw new ReleaseError('fecha_invalida', 'La fecha de publicación no puede ser anterior a la aprobación de la Dirección General.');
    }

    await trx
      .insertInto('release_publications')
      .values({ release_id: id, version, position: p.position, placed_on: placedOn, url, reference, published_at: publishedAt, published_by: actor.id })
      .execute();
    await advance(trx, actor, locked, { action: 'publish', to, version, comments: placedOn, at: now, audit: { position: p.position, placedOn, url, reference, publishedAt } });
    return to;
  });
}
