// HTTP API of the national-database supply: the databases with their log layouts and indicator definitions, the
// example logs, the indicators of a month or quarter, and the import of a supply log (spooled to disk, then read as a
// stream) with its rejected rows. Reading needs national_db.read; importing, national_db.import (Plataforma México).
//   await app.register(nationalDatabaseRoutes, { db, config, engine });
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { Engine } from '../../db/connection.ts';
import { accessErrorHandler, requirePermission } from '../../access/plugin.ts';
import { PeriodError, parsePeriod } from '../../analytics/periods.ts';
import { importBatchSize } from '../../incidents/import.ts';
import { COMMON_COLUMNS, databaseNamed, nationalDatabases } from './definitions.ts';
import { importSupplyLog, SupplyImportError } from './import.ts';
import { indicatorNotes, supplyIndicators } from './indicators.ts';
import { rejectsCsv } from '../../db/rejects-csv.ts';

export interface NationalDatabaseRoutesOptions {
  db: Kysely<Database>;
  config: Config;
  engine: Engine;
}

const MAX_LOG_BYTES = 200 * 1024 * 1024;
const EXAMPLES = new URL('../../../data/national-databases/ejemplos/', import.meta.url);

class NdRouteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof NdRouteError) return reply.code(err.status).send({ code: err.code, message: err.message });
  if (err instanceof SupplyImportError) return reply.code(400).send({ code: 'importacion_rechazada', message: err.message });
  return accessErrorHandler(err, req, reply);
}

const COMMON_LABELS: Record<(typeof COMMON_COLUMNS)[number], string> = {
  folio: 'Folio del registro en el sistema del área (único por base)',
  fecha_evento: 'Fecha (y hora, si se conoce) del evento que documenta el registro',
  fecha_carga: 'Fecha y hora de la carga en Plataforma México',
};

export async function nationalDatabaseRoutes(app: FastifyInstance, opts: NationalDatabaseRoutesOptions): Promise<void> {
  const { db, config } = opts;
  const read = requirePermission('national_db.read');
  const load = requirePermission('national_db.import');
  app.setErrorHandler(errorHandler);

  app.get('/api/national-databases/definitions', { preValidation: read, schema: { summary: 'Bases de datos nacionales, formato de su bitácora y definiciones de sus indicadores', tags: ['plataforma-mexico'] } }, async () => ({
    databases: nationalDatabases().map((d) => ({
      code: d.code,
      name: d.name,
      shortName: d.shortName,
      eventLabel: d.eventLabel,
      columns: [
        ...COMMON_COLUMNS.map((name) => ({ name, label: COMMON_LABELS[name], kind: name === 'folio' ? 'text' : 'date', mandatory: true, values: undefined })),
        ...d.columns.map((c) => ({ name: c.name, label: c.label, kind: c.kind, mandatory: false, required: d.indicators.requiredFields.includes(c.name), values: c.values?.map((v) => v.label) })),
      ],
      deadlineDays: d.indicators.deadlineDays,
      requiredFields: d.indicators.requiredFields,
    })),
    notes: indicatorNotes(),
  }));

  app.get<{ Params: { database: string } }>(
    '/api/national-databases/examples/:database',
    { preValidation: read, schema: { summary: 'Bitácora de ejemplo de una base (CSV)', tags: ['plataforma-mexico'], params: { type: 'object', required: ['database'], properties: { database: { type: 'string', maxLength: 40 } } } } },
    async (req, reply) => {
      const code = req.params.database.replace(/\.csv$/, '');
      const file = new URL(`${code}.csv`, EXAMPLES);
      if (!databaseNamed(code) || !existsSync(file)) throw new NdRouteError('no_encontrado', 'No hay ejemplo para esa base.', 404);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ejemplo-${code}.csv"`).send(await readFile(file));
    },
  );

  app.get<{ Querystring: { period: string; databases?: string } }>(
    '/api/national-databases/indicators',
    {
      preValidation: read,
      schema: {
        summary: 'Volumen, oportunidad y completitud del suministro por base de datos en un mes o trimestre',
        tags: ['plataforma-mexico'],
        querystring: { type: 'object', required: ['period'], properties: { period: { type: 'string', maxLength: 10 }, databases: { type: 'string', maxLength: 200 } } },
      },
    },
    async (req) => {
      let period;
      try {
        period = parsePeriod(req.query.period);
      } catch (err) {
        if (err instanceof PeriodError) throw new NdRouteError('periodo_invalido', err.message);
        throw err;
      }
      if (period.kind !== 'month' && period.kind !== 'quarter') throw new NdRouteError('periodo_invalido', 'La estadística se consulta por mes o por trimestre.');
      const only = req.query.databases?.split(',').filter(Boolean);
      const unknown = only?.filter((c) => !databaseNamed(c)) ?? [];
      if (unknown.length) throw new NdRouteError('base_desconocida', `Bases desconocidas: ${unknown.join(', ')}.`);
      return { ...(await supplyIndicators(db, period, only)), notes: indicatorNotes() };
    },
  );

  app.post(
    '/api/national-databases/imports',
    {
      preValidation: load,
      schema: { summary: 'Importa una bitácora de suministro (multipart: campos database y encoding?, y el archivo CSV al final)', tags: ['plataforma-mexico'], consumes: ['multipart/form-data'] },
    },
    async (req) => {
      const fields: Record<string, string> = {};
      let saved: { path: string; name: string } | null = null;
      const uploads = join(config.dataDir, 'uploads');
      await mkdir(uploads, { recursive: true });
      try {
        for await (const part of req.parts({ limits: { fileSize: MAX_LOG_BYTES, files: 1 } })) {
          if (part.type === 'field') fields[part.fieldname] = String(part.value);
          else {
            const path = join(uploads, `suministro-${randomUUID()}`);
            saved = { path, name: part.filename };
            await pipeline(part.file, createWriteStream(path));
            if (part.file.truncated) throw new NdRouteError('archivo_muy_grande', `El archivo excede ${MAX_LOG_BYTES / 1024 / 1024} MB.`, 413);
          }
        }
        if (!saved) throw new NdRouteError('falta_archivo', 'Adjunte la bitácora a importar.');
        if (!databaseNamed(fields.database ?? '')) throw new NdRouteError('base_desconocida', 'Indique la base de datos de la bitácora.');
        return await importSupplyLog(db, {
          database: fields.database!,
          input: createReadStream(saved.path),
          fileName: saved.name,
          encoding: fields.encoding === 'latin1' || fields.encoding === 'utf-8' ? fields.encoding : 'auto',
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          actor: { id: req.user!.id, username: req.user!.username, ip: req.ip },
          batchSize: importBatchSize(opts.engine),
        });
      } finally {
        if (saved) await rm(saved.path, { force: true });
      }
    },
  );

  app.get('/api/national-databases/imports', { preValidation: load, schema: { summary: 'Importaciones recientes de bitácoras de suministro', tags: ['plataforma-mexico'] } }, async () => ({
    imports: await db
      .selectFrom('nd_imports')
      .select(['id', 'database', 'file_name', 'status', 'started_at', 'finished_at', 'read', 'inserted', 'updated', 'unchanged', 'rejected', 'rejected_by_reason', 'first_load_date', 'last_load_date', 'error'])
      .orderBy('id', 'desc')
      .limit(30)
      .execute(),
  }));

  app.get<{ Params: { id: number } }>(
    '/api/national-databases/imports/:id/rejects.csv',
    { preValidation: load, schema: { summary: 'Filas rechazadas de una importación, como CSV', tags: ['plataforma-mexico'], params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } } },
    async (req, reply) => {
      const run = await db.selectFrom('nd_imports').select('id').where('id', '=', req.params.id).executeTakeFirst();
      if (!run) throw new NdRouteError('importacion_no_encontrada', 'No existe esa importación.', 404);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rechazadas-suministro-${req.params.id}.csv"`)
        .send(Readable.from(rejectsCsv(db, 'nd_rejects', req.params.id)));
    },
  );
}
