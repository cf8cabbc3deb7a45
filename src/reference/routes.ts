// HTTP routes of the reference domain: catalogs, municipalities with boundaries, call centers, and the named
// groups of municipalities that administrators edit.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import { requirePermission } from '../access/plugin.ts';
import { loadCnieCatalogs, toCatalog, type CnieVersion } from './cnie.ts';
import { loadStateGeography } from './geography.ts';
import { parseGroupCsv } from './groups.ts';
import { populationOf } from './population.ts';

export interface ReferenceRoutesOptions {
  db: Kysely<Database>;
  stateCode: string;
  timeZone: string;
}

const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;

export async function referenceRoutes(app: FastifyInstance, opts: ReferenceRoutesOptions) {
  const { db, stateCode } = opts;
  const geography = loadStateGeography(stateCode);
  const read = requirePermission('reference.read');
  let boundaries: string | undefined;

  app.get('/api/reference/state', { preHandler: read }, async () => ({
    code: geography.stateCode,
    name: geography.stateName,
    bbox: geography.bbox,
    timeZone: opts.timeZone,
  }));

  app.get<{ Querystring: { version: CnieVersion } }>(
    '/api/reference/cnie',
    {
      preHandler: read,
      schema: {
        summary: 'Catálogo Nacional de Incidentes de Emergencia en la versión pedida, con su equivalencia en la otra',
        querystring: { type: 'object', properties: { version: { type: 'string', enum: ['2', '3'], default: '3' } } },
      },
    },
    async (req) => {
      const { version } = req.query;
      const other: CnieVersion = version === '3' ? '2' : '3';
      const catalog = version === '3' ? loadCnieCatalogs().v3 : loadCnieCatalogs().v2;
      return [...catalog.values()].map((e) => ({ ...e, [`v${other}`]: toCatalog(e.code, version, other) }));
    },
  );

  app.get<{ Querystring: { year?: number } }>(
    '/api/reference/municipalities',
    { preHandler: read, schema: { querystring: { type: 'object', properties: { year: { type: 'integer' } } } } },
    async (req) => {
      const year = req.query.year ?? new Date().getFullYear();
      return geography.municipalities.map((m) => ({ code: m.code, name: m.name, population: populationOf(m.code, year) ?? null }));
    },
  );

  app.get('/api/reference/municipalities.geojson', { preHandler: read }, async (_req, reply) => {
    boundaries ??= JSON.stringify(geography.featureCollection());
    return reply.type('application/geo+json').header('cache-control', 'private, max-age=3600').send(boundaries);
  });

  app.get('/api/reference/centers', { preHandler: read }, async () => {
    const centers = await db.selectFrom('call_centers').selectAll().orderBy('code').execute();
    const coverage = await db.selectFrom('call_center_municipalities').select(['center_code', 'municipality_code']).execute();
    return centers.map((c) => ({
      ...c,
      municipalities: coverage.filter((m) => m.center_code === c.code).map((m) => m.municipality_code),
    }));
  });

  app.get('/api/reference/groups', { preHandler: read }, async () => {
    const groups = await db.selectFrom('municipality_groups').selectAll().where('state_code', '=', stateCode).orderBy('id').execute();
    const members = await db.selectFrom('municipality_group_members').select(['group_id', 'municipality_code']).execute();
    return groups.map((g) => ({ ...g, members: members.filter((m) => m.group_id === g.id).map((m) => m.municipality_code) }));
  });

  app.put<{ Params: { id: number }; Body: { codes?: string[]; csv?: string; source_citation?: string | null; source_url?: string | null } }>(
    '/api/reference/groups/:id/members',
    {
      preHandler: requirePermission('reference.edit'),
      schema: {
        summary: 'Reemplaza los municipios de un grupo (lista de claves o CSV con columna clave_municipio) y su fuente',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            codes: { type: 'array', items: { type: 'string', pattern: '^\\d{5}$' }, maxItems: 2500 },
            csv: { type: 'string', maxLength: 1_000_000 },
            source_citation: { type: ['string', 'null'], maxLength: 2000 },
            source_url: { type: ['string', 'null'], maxLength: 2000 },
          },
        },
      },
    },
    async (req, reply) => {
      const group = await db.selectFrom('municipality_groups').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!group) return reply.code(404).send({ code: 'no_encontrado', message: 'El grupo no existe.' });
      let codes: string[];
      if (req.body.csv !== undefined) {
        const parsed = parseGroupCsv(req.body.csv, stateCode);
        if (parsed.errors.length) return reply.code(400).send({ code: 'csv_invalido', message: parsed.errors.join(' ') });
        codes = parsed.codes;
      } else {
        codes = req.body.codes ?? [];
        const unknown = codes.filter((c) => !geography.municipalities.some((m) => m.code === c));
        if (unknown.length) {
          return reply.code(400).send({ code: 'municipio_desconocido', message: `Claves que no son municipios de ${geography.stateName}: ${unknown.join(', ')}.` });
        }
      }
      codes = [...new Set(codes)].sort();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('municipality_group_members').where('group_id', '=', group.id).execute();
        if (codes.length) {
          await trx.insertInto('municipality_group_members').values(codes.map((c) => ({ group_id: group.id, municipality_code: c }))).execute();
        }
        const source = {
          ...(req.body.source_citation !== undefined ? { source_citation: req.body.source_citation } : {}),
          ...(req.body.source_url !== undefined ? { source_url: req.body.source_url } : {}),
        };
        await trx.updateTable('municipality_groups').set({ ...source, updated_at: new Date() }).where('id', '=', group.id).execute();
        await appendAudit(trx, {
          actorId: req.user!.id,
          actor: req.user!.username,
          ip: req.ip,
          action: 'reference.group.members',
          entity: 'municipality_group',
          entityId: group.id,
          details: { slug: group.slug, codes, ...source },
        });
      });
      return { id: group.id, members: codes };
    },
  );
}
