// Writes and reads of the site registries. A site is created or changed only here, by the importer and by the
// forms alike, each time with its audit entry in the same transaction and, when the status changes, a row in the
// status history with the day it took effect.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import type { Actor } from '../../access/users.ts';
import { CAMERA_KINDS, normalizeCameras, statusOn, type Cameras, type Registry, type SiteInput, type SiteStatus, type SiteTimeline } from './rules.ts';
import type { SitesTable, SiteStatusChangesTable } from './tables.ts';

export type SiteRow = Selectable<SitesTable>;
export type StatusChangeRow = Selectable<SiteStatusChangesTable>;

export interface WriteContext {
  actor: Actor;
  source: 'alta' | 'edicion' | 'importacion';
  importId?: number | null;
  /** Today's local day: the status of a change takes effect then unless the input says since when. */
  today: string;
}

/** The fields of a site that a person can change, with the column each one lives in. */
const FIELDS = [
  ['name', 'nombre'],
  ['address', 'domicilio'],
  ['latitude', 'latitud'],
  ['longitude', 'longitud'],
  ['installed_on', 'fecha_instalacion'],
  ['last_maintenance_on', 'ultimo_mantenimiento'],
  ['notes', 'notas'],
  ['road', 'carretera'],
  ['km', 'kilometro'],
  ['direction', 'sentido'],
] as const;

type Field = (typeof FIELDS)[number][0];

const inputValue = (input: SiteInput, field: Field): string | number | null =>
  ({
    name: input.name,
    address: input.address,
    latitude: input.latitude,
    longitude: input.longitude,
    installed_on: input.installedOn,
    last_maintenance_on: input.lastMaintenanceOn,
    notes: input.notes,
    road: input.road,
    km: input.km,
    direction: input.direction,
  })[field];

/** Cameras as text that compares equal for equal sets (jsonb does not keep key order). */
export const camerasKey = (c: Cameras) => CAMERA_KINDS.map((k) => c[k] ?? 0).join(',');

export async function createSite(
  trx: Kysely<Database>,
  registry: Registry,
  input: SiteInput,
  municipalityCode: string,
  ctx: WriteContext,
): Promise<SiteRow> {
  const row = await trx
    .insertInto('sites')
    .values({
      registry,
      code: input.code,
      name: input.name,
      address: input.address,
      latitude: input.latitude,
      longitude: input.longitude,
      municipality_code: municipalityCode,
      status: input.status,
      cameras: JSON.stringify(registry === 'pmi' ? normalizeCameras(input.cameras ?? {}) : {}),
      road: registry === 'repuve' ? input.road : null,
      km: registry === 'repuve' ? input.km : null,
      direction: registry === 'repuve' ? input.direction : null,
      installed_on: input.installedOn,
      last_maintenance_on: input.lastMaintenanceOn,
      notes: input.notes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordStatus(trx, Number(row.id), input.status, input.statusSince ?? input.installedOn ?? ctx.today, ctx);
  await appendAudit(trx, {
    actorId: ctx.actor.id,
    actor: ctx.actor.username,
    ip: ctx.actor.ip ?? null,
    action: 'sites.site.create',
    entity: 'site',
    entityId: row.id,
    details: { registry, code: row.code, source: ctx.source, importId: ctx.importId ?? null, site: auditView(row) },
  });
  return row;
}

export type Changes = Record<string, [unknown, unknown]>;

/**
 * Applies a site's new values. `present` names the layout columns the source carried: a column a file does not
 * have keeps what is stored (a form sends them all). Returns null when nothing changes.
 */
export async function updateSite(
  trx: Kysely<Database>,
  existing: SiteRow,
  input: SiteInput,
  municipalityCode: string,
  present: ReadonlySet<string> | 'all',
  ctx: WriteContext,
): Promise<{ row: SiteRow; changes: Changes } | null> {
  const has = (column: string) => present === 'all' || present.has(column);
  const changes: Changes = {};
  const set: Record<string, unknown> = {};
  for (const [field, column] of FIELDS) {
    if (!has(column)) continue;
    if ((field === 'road' || field === 'km' || field === 'direction') && existing.registry !== 'repuve') continue;
    const next = inputValue(input, field);
    const before = existing[field] ?? null;
    if (before !== next) {
      changes[field] = [before, next];
      set[field] = next;
    }
  }
  if ((has('latitud') || has('longitud')) && municipalityCode !== existing.municipality_code) {
    changes.municipality_code = [existing.municipality_code, municipalityCode];
    set.municipality_code = municipalityCode;
  }
  if (existing.registry === 'pmi' && input.cameras && (present === 'all' || [...present].some((c) => c.startsWith('camaras_')))) {
    const next = normalizeCameras(input.cameras);
    if (camerasKey(next) !== camerasKey(existing.cameras)) {
      changes.cameras = [existing.cameras, next];
      set.cameras = JSON.stringify(next);
    }
  }
  if (has('estatus')) {
    // The source says "this status since that day": a change only when the history says otherwise for that day,
    // so that re-importing an older file does not rewrite a later change.
    const since = input.statusSince ?? ctx.today;
    const prior = statusOn({ installedOn: null, changes: await timeline(trx, Number(existing.id)) }, since);
    if (prior !== input.status) {
      await recordStatus(trx, Number(existing.id), input.status, since, ctx);
      changes.status = [prior, input.status];
      if (since !== ctx.today) changes.status_since = [null, since];
      const now = await currentStatus(trx, Number(existing.id));
      if (now !== existing.status) set.status = now;
    }
  }
  if (Object.keys(changes).length === 0) return null;
  const row = await trx
    .updateTable('sites')
    .set({ ...set, version: existing.version + 1, updated_at: new Date() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actorId: ctx.actor.id,
    actor: ctx.actor.username,
    ip: ctx.actor.ip ?? null,
    action: 'sites.site.update',
    entity: 'site',
    entityId: row.id,
    details: { registry: row.registry, code: row.code, source: ctx.source, importId: ctx.importId ?? null, changes },
  });
  return { row, changes };
}

async function recordStatus(trx: Kysely<Database>, siteId: number, status: SiteStatus, effectiveOn: string, ctx: WriteContext) {
  await trx
    .insertInto('site_status_changes')
    .values({
      site_id: siteId,
      status,
      effective_on: effectiveOn,
      user_id: ctx.actor.id,
      actor: ctx.actor.username,
      source: ctx.source,
      import_id: ctx.importId ?? null,
    })
    .execute();
}

async function timeline(trx: Kysely<Database>, siteId: number) {
  const rows = await trx.selectFrom('site_status_changes').select(['status', 'effective_on', 'id']).where('site_id', '=', siteId).execute();
  return rows.map((r) => ({ status: r.status, effectiveOn: r.effective_on, seq: Number(r.id) }));
}

/** The status of the latest change (by the day it took effect, then by recording order). */
async function currentStatus(trx: Kysely<Database>, siteId: number): Promise<SiteStatus> {
  const r = await trx
    .selectFrom('site_status_changes')
    .select('status')
    .where('site_id', '=', siteId)
    .orderBy('effective_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return r.status;
}

/** What the audit log keeps of a new site. */
function auditView(r: SiteRow) {
  return {
    name: r.name,
    latitude: r.latitude,
    longitude: r.longitude,
    municipality_code: r.municipality_code,
    status: r.status,
    cameras: r.cameras,
    road: r.road,
    km: r.km,
    direction: r.direction,
    installed_on: r.installed_on,
    last_maintenance_on: r.last_maintenance_on,
  };
}

// ---- Reads -------------------------------------------------------------------------------------------------------

export async function listSites(db: Kysely<Database>, registry: Registry): Promise<SiteRow[]> {
  return db.selectFrom('sites').selectAll().where('registry', '=', registry).orderBy('code').execute();
}

export async function getSite(db: Kysely<Database>, registry: Registry, id: number): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('registry', '=', registry).where('id', '=', id).executeTakeFirst();
}

export async function siteByCode(db: Kysely<Database>, registry: Registry, code: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('registry', '=', registry).where('code', '=', code).executeTakeFirst();
}

export async function statusHistory(db: Kysely<Database>, siteId: number): Promise<StatusChangeRow[]> {
  return db
    .selectFrom('site_status_changes')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('effective_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface SiteWithTimeline extends SiteRow {
  timeline: SiteTimeline;
}

/** Every site of a registry with its status history, for maps and coverage of past days. */
export async function sitesWithTimelines(db: Kysely<Database>, registry: Registry): Promise<SiteWithTimeline[]> {
  const sites = await listSites(db, registry);
  const changes = await db
    .selectFrom('site_status_changes as c')
    .innerJoin('sites as s', 's.id', 'c.site_id')
    .select(['c.site_id', 'c.status', 'c.effective_on', 'c.id'])
    .where('s.registry', '=', registry)
    .execute();
  const bySite = new Map<number, { status: SiteStatus; effectiveOn: string; seq: number }[]>();
  for (const c of changes) {
    const list = bySite.get(Number(c.site_id)) ?? [];
    list.push({ status: c.status, effectiveOn: c.effective_on, seq: Number(c.id) });
    bySite.set(Number(c.site_id), list);
  }
  return sites.map((s) => ({ ...s, timeline: { installedOn: s.installed_on, changes: bySite.get(Number(s.id)) ?? [] } }));
}
