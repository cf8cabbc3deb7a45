// HTTP routes of the incidents domain: search and detail (personal data only for roles that need it), counts
// per municipality for the map (from the rollups), and imports through the browser.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import { can } from '../access/permissions.ts';
import { requirePermission } from '../access/plugin.ts';
import { populationOf } from '../reference/population.ts';
import { toCatalog } from '../reference/cnie.ts';
import type { ImportJobs } from './import-jobs.ts';
import { findProfile, listProfiles } from './profiles.ts';
import { formatOfFile } from './reader.ts';
import { rejectsCsv } from '../db/rejects-csv.ts';
import { CHANNELS, type CnieVersion } from './tables.ts';

export interface IncidentRoutesOptions {
  db: Kysely<Database>;
  config: Config;
  jobs: ImportJobs;
}

const RESTRICTED = ['caller_phone', 'caller_name', 'address', 'notes'] as const;
/** A running import whose last batch is older than this was interrupted (process killed, server restarted). */
const STALE_IMPORT_MS = 5 * 60_000;

const filterSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date', description: 'primer día (local), AAAA-MM-DD' },
    to: { type: 'string', format: 'date', description: 'último día (local), AAAA-MM-DD' },
    center: { type: 'string' },
    channel: { type: 'string', enum: [...CHANNELS] },
    type: { type: 'integer', minimum: 1, maximum: 7, description: 'tipo CNIE (primer dígito del código)' },
    code: { type: 'integer', minimum: 10000, maximum: 99999 },
    version: { type: 'string', enum: ['2', '3'], default: '3', description: 'versión del catálogo de «code»' },
    municipality: { type: 'string', pattern: '^\\d{5}$' },
    improper: { type: 'boolean' },
  },
} as const;

interface Filters {
  from?: string;
  to?: string;
  center?: string;
  channel?: string;
  type?: number;
  code?: number;
  version?: CnieVersion;
  municipality?: string;
  improper?: boolean;
}

/** Incidents stored in either catalog version that correspond to `code` of `version`. */
function codeVariants(code: number, version: CnieVersion): { version: CnieVersion; code: number }[] {
  const other: CnieVersion = version === '3' ? '2' : '3';
  const variants = [{ version, code }];
  const mapped = toCatalog(code, version, other);
  if (mapped !== null) variants.push({ version: other, code: mapped });
  return variants;
}

export async function incidentRoutes(app: FastifyInstance, opts: IncidentRoutesOptions) {
  const { db, config, jobs } = opts;

  // Filters shared by the raw table and the daily rollup (both have these columns).
  function where<T extends 'incidents' | 'rollup_daily'>(f: Filters, table: T) {
    const parts = [];
    const col = (c: string) => sql.ref(`${table}.${c}`);
    if (f.from) parts.push(sql`${col('local_date')} >= ${f.from}`);
    if (f.to) parts.push(sql`${col('local_date')} <= ${f.to}`);
    if (f.center) parts.push(sql`${col('center_code')} = ${f.center}`);
    if (f.channel) parts.push(sql`${col('channel')} = ${f.channel}`);
    if (f.type) parts.push(sql`${col('cnie_code')} BETWEEN ${f.type * 10000} AND ${f.type * 10000 + 9999}`);
    if (f.code) {
      const variants = codeVariants(f.code, f.version ?? '3').map((v) => sql`(${col('cnie_version')} = ${v.version} AND ${col('cnie_code')} = ${v.code})`);
      parts.push(sql`(${sql.join(variants, sql` OR `)})`);
    }
    if (f.municipality) {
      parts.push(table === 'incidents' ? sql`${col('municipality_code')} = ${f.municipality}` : sql`${col('municipality_code')} = ${f.municipality}`);
    }
    if (f.improper !== undefined) parts.push(sql`${col('is_improper')} = ${f.improper}`);
    return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
  }

  app.get<{ Querystring: Filters & { page: number; pageSize: number } }>(
    '/api/incidents',
    {
      preHandler: requirePermission('incidents.read'),
      schema: {
        summary: 'Busca incidentes (sin datos personales)',
        querystring: {
          ...filterSchema,
          properties: {
            ...filterSchema.properties,
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
      },
    },
    async (req) => {
      const q = req.query;
      const cond = where(q, 'incidents');
      const [rows, total] = await Promise.all([
        sql<Record<string, unknown>>`
          SELECT id, center_code, folio, channel, received_at, dispatched_at, arrived_at, closed_at, local_date,
                 cnie_version, cnie_code, priority, is_improper, municipality_code, locality, corporation
          FROM incidents WHERE ${cond}
          ORDER BY received_at DESC, id DESC
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents WHERE ${cond}`.execute(db),
      ]);
      return { total: total.rows[0]?.n ?? 0, page: q.page, pageSize: q.pageSize, items: rows.rows };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/incidents/:id',
    {
      preHandler: requirePermission('incidents.read'),
      schema: {
        summary: 'Detalle de un incidente; los datos personales solo para los roles autorizados',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
      },
    },
    async (req, reply) => {
      const row = await db.selectFrom('incidents').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!row) return reply.code(404).send({ code: 'no_encontrado', message: 'El incidente no existe.' });
      const { import_id: _i, ...incident } = row;
      const mayReadRestricted = can(req.user, 'incidents.read_restricted');
      if (!mayReadRestricted) {
        for (const f of RESTRICTED) delete (incident as Partial<typeof incident>)[f];
        return { incident, restricted: false };
      }
      // Reading personal data is itself an event worth recording.
      await db.transaction().execute((trx) =>
        appendAudit(trx, {
          actorId: req.user!.id,
          actor: req.user!.username,
          ip: req.ip,
          action: 'incidents.read_restricted',
          entity: 'incident',
          entityId: row.id,
          details: { center: row.center_code, folio: row.folio },
        }),
      );
      return { incident, restricted: true };
    },
  );

  app.get<{ Querystring: Filters & { year?: number } }>(
    '/api/incidents/by-municipality',
    {
      preHandler: requirePermission('incidents.read'),
      schema: {
        summary: 'Incidentes por municipio y tasa por 100 000 habitantes (CONAPO), desde los acumulados diarios',
        querystring: filterSchema,
      },
    },
    async (req) => {
      const f = req.query;
      const rows = await sql<{ municipality_code: string; n: number }>`
        SELECT municipality_code, sum(n)::int AS n FROM rollup_daily WHERE ${where(f, 'rollup_daily')}
        GROUP BY municipality_code`.execute(db);
      const year = Number((f.from ?? f.to ?? new Date().toISOString()).slice(0, 4));
      let unlocated = 0;
      const items = [];
      for (const r of rows.rows) {
        if (r.municipality_code === '') {
          unlocated = r.n;
          continue;
        }
        const population = populationOf(r.municipality_code, year) ?? null;
        items.push({
          municipality_code: r.municipality_code,
          count: r.n,
          population,
          ratePer100k: population ? Math.round((r.n / population) * 100_000 * 10) / 10 : null,
        });
      }
      return { populationYear: year, unlocated, items };
    },
  );

  app.get('/api/import-profiles', { preHandler: requirePermission('incidents.import') }, async () =>
    listProfiles(config.dataDir).map((p) => ({ name: p.name, label: p.label, description: p.description, cnieVersion: p.cnieVersion })),
  );

  app.post(
    '/api/imports',
    {
      preHandler: requirePermission('incidents.import'),
      schema: {
        summary: 'Sube un archivo (multipart: campos profile, center?, encoding?, y el archivo al final) e inicia su importación',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const fields: Record<string, string> = {};
      let saved: { path: string; name: string } | null = null;
      const uploads = join(config.dataDir, 'uploads');
      await mkdir(uploads, { recursive: true });
      for await (const part of req.parts()) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else {
          const path = join(uploads, `${randomUUID()}`);
          await pipeline(part.file, createWriteStream(path));
          if (part.file.truncated) return reply.code(413).send({ code: 'archivo_muy_grande', message: 'El archivo excede el tamaño permitido.' });
          saved = { path, name: part.filename };
        }
      }
      if (!saved) return reply.code(400).send({ code: 'falta_archivo', message: 'Adjunte el archivo a importar.' });
      const format = (fields.format || formatOfFile(saved.name)) as 'csv' | 'json' | 'ndjson' | null;
      if (!format) return reply.code(400).send({ code: 'formato_desconocido', message: `No se reconoce el formato de «${saved.name}» (use .csv, .json o .ndjson).` });
      let profile;
      try {
        profile = findProfile(fields.profile ?? '', config.dataDir);
      } catch (err) {
        return reply.code(400).send({ code: 'perfil_desconocido', message: (err as Error).message });
      }
      const encoding = fields.encoding === 'latin1' || fields.encoding === 'utf-8' ? fields.encoding : 'auto';
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(saved!.path));
      try {
        const importId = await jobs.start(saved.path, {
          fileName: saved.name,
          bytesTotal: size,
          format,
          encoding,
          profile,
          center: fields.center || undefined,
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          userId: req.user!.id,
          actor: req.user!.username,
          ip: req.ip,
        });
        return reply.code(202).send({ importId });
      } catch (err) {
        return reply.code(400).send({ code: 'importacion_rechazada', message: (err as Error).message });
      }
    },
  );

  const runColumns = [
    'id', 'file_name', 'profile', 'center_code', 'status', 'started_at', 'heartbeat_at', 'finished_at', 'bytes_total',
    'bytes_read', 'read', 'inserted', 'updated', 'unchanged', 'rejected', 'rejected_by_reason', 'error',
  ] as const;
  const present = <T extends { status: string; heartbeat_at: Date }>(r: T) => ({
    ...r,
    status: r.status === 'running' && Date.now() - new Date(r.heartbeat_at).getTime() > STALE_IMPORT_MS ? 'interrupted' : r.status,
  });

  app.get('/api/imports', { preHandler: requirePermission('incidents.import') }, async () => {
    const rows = await db.selectFrom('import_runs').select(runColumns).orderBy('id', 'desc').limit(50).execute();
    return rows.map(present);
  });

  app.get<{ Params: { id: number } }>(
    '/api/imports/:id',
    {
      preHandler: requirePermission('incidents.import'),
      schema: { params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } },
    },
    async (req, reply) => {
      const row = await db.selectFrom('import_runs').select(runColumns).where('id', '=', req.params.id).executeTakeFirst();
      if (!row) return reply.code(404).send({ code: 'no_encontrado', message: 'La importación no existe.' });
      return present(row);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/imports/:id/rejects.csv',
    {
      preHandler: requirePermission('incidents.import'),
      schema: { params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } },
    },
    async (req, reply) => {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="rechazadas-importacion-${req.params.id}.csv"`);
      return reply.send(Readable.from(rejectsCsv(db, 'import_rejects', req.params.id)));
    },
  );
}
