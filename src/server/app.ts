// The HTTP application: assembles each domain's routes as a plugin, the OpenAPI description at /api/docs, health,
// and the built web app. Every error leaves as JSON { code, message } with a Spanish message.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { accessErrorHandler, accessRoutes } from '../access/plugin.ts';
import { referenceRoutes } from '../reference/routes.ts';
import { incidentRoutes } from '../incidents/routes.ts';
import { ImportJobs } from '../incidents/import-jobs.ts';
import { heatmapRoutes } from '../reports/heatmaps/routes.ts';
import { reportRoutes } from '../reports/routes.ts';
import { releaseRoutes } from '../releases/routes.ts';
import { distributionRoutes } from '../distribution/routes.ts';
import { distributionJobs } from '../distribution/reminders.ts';
import { cyberRoutes } from '../registries/cyber/index.ts';
import { callAudioPurgeJob, callAudioRoutes } from '../registries/call-audio/index.ts';
import { numbersDailyJob, numbersRoutes } from '../registries/numbers/index.ts';
import { disclosureRoutes } from '../distribution/disclosure/routes.ts';
import { sitesRoutes } from '../registries/sites/routes.ts';
import { nationalDatabaseRoutes } from '../registries/national-databases/routes.ts';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Directory of the built web app; the server answers only the API when it is missing. */
  webDir?: string;
  logger?: boolean;
}

const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: false } },
  });
  app.setErrorHandler(accessErrorHandler);
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ code: 'no_encontrado', message: 'La ruta no existe.' });
    return serveIndex(reply);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Atalaya API', version: '0.1.0', description: 'API de la plataforma de información del C4/C5.' },
      components: {
        securitySchemes: {
          sesion: { type: 'apiKey', in: 'cookie', name: 'atalaya_sesion' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024 * 1024, files: 1 } });

  await app.register(accessRoutes, { db: database.db, secureCookies: process.env.ATALAYA_SECURE_COOKIES === '1' });

  app.addSchema({
    $id: 'health',
    type: 'object',
    properties: { status: { type: 'string' }, engine: { type: 'string' }, database: { type: 'string' }, time: { type: 'string' } },
  });
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Estado del servicio y de la base de datos',
        response: {
          '2xx': { $ref: 'health#' },
          503: { $ref: 'health#' },
        },
      },
    },
    async (_req, reply) => {
      let dbStatus = 'ok';
      try {
        await sql`SELECT 1`.execute(database.db);
      } catch {
        dbStatus = 'error';
      }
      return reply
        .code(dbStatus === 'ok' ? 200 : 503)
        .send({ status: dbStatus === 'ok' ? 'ok' : 'degradado', engine: database.engine, database: dbStatus, time: new Date().toISOString() });
    },
  );

  const jobs = new ImportJobs(database, config);
  app.addHook('onClose', async () => jobs.close());
  await app.register(referenceRoutes, { db: database.db, stateCode: config.stateCode, timeZone: config.timeZone });
  await app.register(incidentRoutes, { db: database.db, config, jobs });
  await app.register(heatmapRoutes, { db: database.db, config });
  await app.register(reportRoutes, {
    database,
    config,
    periodicJobs: [...distributionJobs(database.db, config), callAudioPurgeJob(database.db, config), numbersDailyJob(database.db, config)],
  });
  await app.register(releaseRoutes, { db: database.db });
  await app.register(distributionRoutes, { db: database.db, config });
  await app.register(cyberRoutes, { db: database.db, config });
  await app.register(callAudioRoutes, { db: database.db, config });
  await app.register(disclosureRoutes, { db: database.db, config });
  await app.register(sitesRoutes, { db: database.db, config });
  await app.register(nationalDatabaseRoutes, { db: database.db, config, engine: database.engine });
  await app.register(numbersRoutes, { db: database.db, config });

  const webDir = opts.webDir ?? DEFAULT_WEB_DIR;
  const hasWeb = existsSync(webDir);
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  app.get('/', (_req, reply) => serveIndex(reply));

  function serveIndex(reply: import('fastify').FastifyReply) {
    if (!hasWeb) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('La aplicación web no está construida. Ejecute «npm run build:web» y reinicie el servidor.');
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  }

  return app;
}
