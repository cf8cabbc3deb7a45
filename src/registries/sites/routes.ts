// HTTP API of the site registries: the camera sites (PMI) and the REPUVE arches as lists for the maps, one site with
// its status history, the forms that create and edit a site, file imports with their rejected records, and the
// coverage analysis with its workbook. Reading needs sites.read; each registry is edited only by its own area
// (sites.edit_pmi, sites.edit_repuve); the coverage needs sites.coverage. Registered by the server:
//   await app.register(sitesRoutes, { db, config });
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { accessErrorHandler, requirePermission } from '../../access/plugin.ts';
import type { Actor } from '../../access/users.ts';
import { loadStateGeography, municipalityName } from '../../reference/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { coverageAnalysis, CoverageError, type CoverageParams } from './coverage-analysis.ts';
import { coverageWorkbook } from './coverage-xlsx.ts';
import { SITE_FILE_FORMATS, siteFormatOf, type SiteFileFormat } from './formats.ts';
import { importSites, SiteImportError, siteRejectsCsv } from './import.ts';
import {
  CAMERA_COLUMNS,
  CAMERA_KINDS,
  CAMERA_KIND_LABELS,
  LAYOUTS,
  REGISTRIES,
  REGISTRY_LABELS,
  SITE_STATUSES,
  STATUS_COLORS,
  STATUS_LABELS,
  cameraTotal,
  validateSite,
  type Reason,
  type Registry,
} from './rules.ts';
import { createSite, getSite, listSites, siteByCode, statusHistory, updateSite, type SiteRow } from './store.ts';

export interface SitesRoutesOptions {
  db: Kysely<Database>;
  config: Config;
}

/** A request the registry refuses; `reasons` lists every problem of a form, like a rejected row. */
export class SitesError extends Error {
  override name = 'SitesError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly reasons: Reason[] = [],
  ) {
    super(message);
  }
}

const EDIT_PERMISSION = { pmi: 'sites.edit_pmi', repuve: 'sites.edit_repuve' } as const;
const MAX_FILE_BYTES = 20 * 1024 * 1024;

function sitesErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof SitesError) {
    return reply.code(err.status).send({ code: err.code, message: err.message, ...(err.reasons.length ? { reasons: err.reasons } : {}) });
  }
  if (err instanceof SiteImportError) return reply.code(400).send({ code: 'importacion_rechazada', message: err.message });
  if (err instanceof CoverageError) return reply.code(400).send({ code: 'parametros_invalidos', message: err.message });
  return accessErrorHandler(err, req, reply);
}

const actorOf = (req: FastifyRequest): Actor => ({ id: req.user?.id ?? null, username: req.user?.username ?? 'anónimo', ip: req.ip });

/** What the web app shows of a site. */
export function siteView(s: SiteRow) {
  return {
    id: Number(s.id),
    registry: s.registry,
    code: s.code,
    name: s.name,
    address: s.address,
    latitude: s.latitude,
    longitude: s.longitude,
    municipalityCode: s.municipality_code,
    municipality: municipalityName(s.municipality_code) ?? s.municipality_code,
    status: s.status,
    cameras: s.cameras,
    cameraTotal: cameraTotal(s.cameras),
    road: s.road,
    km: s.km,
    direction: s.direction,
    installedOn: s.installed_on,
    lastMaintenanceOn: s.last_maintenance_on,
    notes: s.notes,
    version: s.version,
    updatedAt: s.updated_at,
  };
}

const registryParam = { type: 'string', enum: [...REGISTRIES] } as const;
const siteParams = {
  type: 'object',
  required: ['registry', 'id'],
  properties: { registry: registryParam, id: { type: 'integer', minimum: 1 } },
} as const;
const FORM_COLUMNS = [...new Set([...LAYOUTS.pmi, ...LAYOUTS.repuve])];
const formBody = (required: string[]) => ({
  type: 'object',
  required,
  properties: {
    ...Object.fromEntries(FORM_COLUMNS.map((c) => [c, { type: 'string', maxLength: 1000 }])),
    version: { type: 'integer', minimum: 1 },
  },
});

type Form = Record<string, string | number | null | undefined> & { version?: number };

export async function sitesRoutes(app: FastifyInstance, opts: SitesRoutesOptions): Promise<void> {
  const { db, config } = opts;
  const geography = loadStateGeography(config.stateCode);
  const clock = new LocalTime(config.timeZone);
  const today = () => clock.dayAndHour(new Date()).date;
  const read = requirePermission('sites.read');
  app.setErrorHandler(sitesErrorHandler);

  /** Guard: the user may edit the registry named in the route. */
  const edit = async (req: FastifyRequest, reply: FastifyReply) => {
    const registry = (req.params as { registry?: string }).registry;
    if (registry !== 'pmi' && registry !== 'repuve') return reply.code(404).send({ code: 'no_encontrado', message: 'El registro no existe.' });
    return requirePermission(EDIT_PERMISSION[registry]).call(app, req, reply);
  };

  const validateForm = (registry: Registry, body: Form, code?: string) => {
    const result = validateSite(
      (column) => {
        if (column === 'clave' && code) return code;
        const v = body[column];
        return v === undefined || v === null ? (column === 'clave' ? undefined : '') : String(v);
      },
      { registry, locate: (lat, lon) => geography.locate(lat, lon), stateName: geography.stateName, today: today() },
    );
    if (!result.ok) throw new SitesError('datos_invalidos', result.reasons.map((r) => r.message).join(' '), 400, result.reasons);
    return result;
  };

  app.get('/api/sites/catalog', { preValidation: read, schema: { summary: 'Registros, estatus con sus colores, tipos de cámara y formatos de archivo', tags: ['sitios'] } }, async (req) => ({
    registries: REGISTRIES.map((r) => ({
      code: r,
      name: REGISTRY_LABELS[r].name,
      area: REGISTRY_LABELS[r].area,
      editable: req.user!.permissions.includes(EDIT_PERMISSION[r]),
      columns: LAYOUTS[r],
    })),
    statuses: SITE_STATUSES.map((s) => ({ code: s, label: STATUS_LABELS[s], color: STATUS_COLORS[s] })),
    cameraKinds: CAMERA_KINDS.map((k) => ({ code: k, label: CAMERA_KIND_LABELS[k], column: CAMERA_COLUMNS[k] })),
    formats: SITE_FILE_FORMATS,
  }));

  app.get<{ Params: { registry: Registry } }>(
    '/api/sites/:registry',
    { preValidation: read, schema: { summary: 'Sitios de un registro (pmi o repuve) con su ubicación y estatus', tags: ['sitios'], params: { type: 'object', required: ['registry'], properties: { registry: registryParam } } } },
    async (req) => ({ sites: (await listSites(db, req.params.registry)).map(siteView) }),
  );

  app.get<{ Params: { registry: Registry; id: number } }>(
    '/api/sites/:registry/:id',
    { preValidation: read, schema: { summary: 'Un sitio con el historial de su estatus', tags: ['sitios'], params: siteParams } },
    async (req) => {
      const site = await getSite(db, req.params.registry, req.params.id);
      if (!site) throw new SitesError('sitio_no_encontrado', 'No existe ese sitio.', 404);
      const history = await statusHistory(db, Number(site.id));
      return {
        site: siteView(site),
        history: history.map((h) => ({ status: h.status, effectiveOn: h.effective_on, recordedAt: h.recorded_at, actor: h.actor, source: h.source })),
      };
    },
  );

  app.post<{ Params: { registry: Registry }; Body: Form }>(
    '/api/sites/:registry',
    {
      preValidation: edit,
      schema: { summary: 'Registra un sitio nuevo (campos con los nombres del formato de archivo)', tags: ['sitios'], params: { type: 'object', required: ['registry'], properties: { registry: registryParam } }, body: formBody(['clave']) },
    },
    async (req, reply) => {
      const { registry } = req.params;
      const v = validateForm(registry, req.body);
      const row = await db.transaction().execute(async (trx) => {
        if (await siteByCode(trx, registry, v.site.code)) {
          throw new SitesError('clave_duplicada', `Ya existe un ${REGISTRY_LABELS[registry].singular} con la clave ${v.site.code}.`, 409);
        }
        return createSite(trx, registry, v.site, v.municipalityCode, { actor: actorOf(req), source: 'alta', today: today() });
      });
      reply.code(201);
      return { site: siteView(row) };
    },
  );

  app.patch<{ Params: { registry: Registry; id: number }; Body: Form }>(
    '/api/sites/:registry/:id',
    {
      preValidation: edit,
      schema: { summary: 'Modifica un sitio; «version» debe ser la que se leyó (si otro lo cambió antes, se rechaza)', tags: ['sitios'], params: siteParams, body: formBody(['version']) },
    },
    async (req) => {
      const { registry, id } = req.params;
      const result = await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('sites').selectAll().where('registry', '=', registry).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!existing) throw new SitesError('sitio_no_encontrado', 'No existe ese sitio.', 404);
        if (existing.version !== req.body.version) {
          throw new SitesError('version_obsoleta', `Otra persona modificó ${existing.code} mientras usted lo editaba; recargue el sitio y vuelva a aplicar sus cambios.`, 409);
        }
        const v = validateForm(registry, req.body, existing.code);
        const updated = await updateSite(trx, existing, v.site, v.municipalityCode, 'all', { actor: actorOf(req), source: 'edicion', today: today() });
        return updated ?? { row: existing, changes: {} };
      });
      return { site: siteView(result.row), changed: Object.keys(result.changes) };
    },
  );

  app.post<{ Params: { registry: Registry } }>(
    '/api/sites/:registry/imports',
    {
      preValidation: edit,
      schema: {
        summary: 'Importa un archivo CSV, GeoJSON o KML al registro (multipart: campos format? y encoding?, y el archivo al final)',
        tags: ['sitios'],
        consumes: ['multipart/form-data'],
        params: { type: 'object', required: ['registry'], properties: { registry: registryParam } },
      },
    },
    async (req) => {
      const fields: Record<string, string> = {};
      let file: { name: string; bytes: Buffer } | null = null;
      for await (const part of req.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } })) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else {
          const bytes = await part.toBuffer();
          if (part.file.truncated) throw new SitesError('archivo_muy_grande', `El archivo excede ${MAX_FILE_BYTES / 1024 / 1024} MB.`, 413);
          file = { name: part.filename, bytes };
        }
      }
      if (!file) throw new SitesError('falta_archivo', 'Adjunte el archivo a importar.');
      const format = (fields.format || siteFormatOf(file.name)) as SiteFileFormat | null;
      if (!format || !SITE_FILE_FORMATS.includes(format)) {
        throw new SitesError('formato_desconocido', `No se reconoce el formato de «${file.name}»: use .csv, .geojson o .kml.`);
      }
      const encoding = fields.encoding === 'latin1' || fields.encoding === 'utf-8' ? fields.encoding : 'auto';
      return importSites(db, {
        registry: req.params.registry,
        format,
        bytes: file.bytes,
        fileName: file.name,
        encoding,
        stateCode: config.stateCode,
        timeZone: config.timeZone,
        actor: actorOf(req),
      });
    },
  );

  app.get<{ Params: { registry: Registry } }>(
    '/api/sites/:registry/imports',
    { preValidation: edit, schema: { summary: 'Importaciones recientes del registro', tags: ['sitios'], params: { type: 'object', required: ['registry'], properties: { registry: registryParam } } } },
    async (req) => ({
      imports: await db
        .selectFrom('site_imports')
        .select(['id', 'file_name', 'format', 'status', 'started_at', 'finished_at', 'read', 'inserted', 'updated', 'unchanged', 'rejected', 'rejected_by_reason', 'error'])
        .where('registry', '=', req.params.registry)
        .orderBy('id', 'desc')
        .limit(20)
        .execute(),
    }),
  );

  app.get<{ Params: { registry: Registry; id: number } }>(
    '/api/sites/:registry/imports/:id/rejects.csv',
    { preValidation: edit, schema: { summary: 'Registros rechazados de una importación, como CSV', tags: ['sitios'], params: siteParams } },
    async (req, reply) => {
      const run = await db.selectFrom('site_imports').select('id').where('id', '=', req.params.id).where('registry', '=', req.params.registry).executeTakeFirst();
      if (!run) throw new SitesError('importacion_no_encontrada', 'No existe esa importación.', 404);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rechazados-${req.params.registry}-${req.params.id}.csv"`)
        .send(await siteRejectsCsv(db, req.params.id));
    },
  );

  const coverageQuery = {
    type: 'object',
    required: ['period'],
    properties: {
      period: { type: 'string', maxLength: 10 },
      distance: { type: 'integer' },
      municipality: { type: 'string', maxLength: 5 },
      preset: { type: 'string', maxLength: 60 },
      kinds: { type: 'string', maxLength: 100 },
      budget: { type: 'integer' },
    },
  } as const;
  const coverage = requirePermission('sites.coverage');

  app.get<{ Querystring: CoverageParams }>(
    '/api/sites/coverage',
    { preValidation: coverage, schema: { summary: 'Cobertura de las cámaras: incidentes cerca de un PMI en operación, por municipio y mes, y sitios propuestos', tags: ['sitios'], querystring: coverageQuery } },
    async (req) => {
      const r = await coverageAnalysis(db, { stateCode: config.stateCode, today: today(), params: req.query });
      // The page draws the heaviest uncovered hexagons; the workbook lists them all.
      return { ...r, uncoveredCells: r.uncoveredCells.slice(0, 2000) };
    },
  );

  app.get<{ Querystring: CoverageParams }>(
    '/api/sites/coverage.xlsx',
    { preValidation: coverage, schema: { summary: 'El análisis de cobertura como libro XLSX', tags: ['sitios'], querystring: coverageQuery } },
    async (req, reply) => {
      const r = await coverageAnalysis(db, { stateCode: config.stateCode, today: today(), params: req.query });
      const bytes = await coverageWorkbook(r, geography.stateName);
      const name = `cobertura-pmi_${r.period.key}_${r.distanceMeters}m${r.municipality ? `_${r.municipality.code}` : ''}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );
}
