// API of the heat-map viewer: incidents aggregated to H3 hexagons (resolution 7 to 9, by zoom) from the cell rollup,
// never raw points, and the code sets the viewer offers. Registered by the server as a plugin:
//   await app.register(heatmapRoutes, { db: database.db, config });
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { requirePermission } from '../../access/plugin.ts';
import { CodeSetError, heatmapPresets, presetById, selectionOf, toV3Codes, violenceAgainstWomenCodes } from './codes.ts';
import { centreOf, toResolution } from './hotspots.ts';
import { cellCounts } from './query.ts';

export interface HeatmapRoutesOptions {
  db: Kysely<Database>;
  config: Config;
}

interface CellsQuery {
  from: string;
  to: string;
  codes?: string;
  preset?: string;
  hourFrom?: number;
  hourTo?: number;
  resolution?: number;
  zoom?: number;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/** The hexagon resolution for a map zoom level: a hexagon stays a few pixels to a few tens of pixels across. */
export function resolutionForZoom(zoom: number): 7 | 8 | 9 {
  return zoom < 9 ? 7 : zoom < 11 ? 8 : 9;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export async function heatmapRoutes(app: FastifyInstance, opts: HeatmapRoutesOptions): Promise<void> {
  const { db } = opts;
  const read = requirePermission('reports.read');

  app.get(
    '/api/heatmap/presets',
    { preHandler: read, schema: { summary: 'Conjuntos de códigos CNIE de los mapas de calor' } },
    async () => {
      const { presets, defaultId } = heatmapPresets();
      return {
        default: defaultId,
        presets: presets.map((p) => ({ id: p.id, label: p.label, description: p.description, codes: p.codes })),
        violenciaContraLasMujeres: violenceAgainstWomenCodes(),
      };
    },
  );

  app.get<{ Querystring: CellsQuery }>(
    '/api/heatmap/cells',
    {
      preHandler: read,
      schema: {
        summary: 'Incidentes reales agregados en hexágonos H3 (resolución 7 a 9), desde el acumulado por celda; nunca ubicaciones puntuales',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          properties: {
            from: { type: 'string', format: 'date', description: 'primer día (local), AAAA-MM-DD' },
            to: { type: 'string', format: 'date', description: 'último día (local), AAAA-MM-DD' },
            codes: { type: 'string', pattern: '^\\d{5}([,; ]+\\d{5})*$', description: 'códigos CNIE 3 separados por comas' },
            preset: { type: 'string', description: 'conjunto de códigos (GET /api/heatmap/presets)' },
            hourFrom: { type: 'integer', minimum: 0, maximum: 23, description: 'primera hora local; mayor que hourTo cruza la medianoche' },
            hourTo: { type: 'integer', minimum: 0, maximum: 23, description: 'última hora local, incluida' },
            resolution: { type: 'integer', minimum: 7, maximum: 9 },
            zoom: { type: 'number', minimum: 0, maximum: 24, description: 'nivel de acercamiento del mapa, elige la resolución' },
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS + 1;
      if (!(days >= 1)) return reply.code(400).send({ code: 'periodo_invalido', message: 'La fecha final es anterior a la inicial.' });
      if (days > MAX_DAYS) {
        return reply.code(400).send({ code: 'periodo_invalido', message: `El periodo del mapa de calor no puede pasar de ${MAX_DAYS} días.` });
      }
      let codes: number[];
      let presetId: string | null = null;
      try {
        if (q.codes) codes = toV3Codes(q.codes.split(/[,; ]+/).map(Number), '3');
        else {
          const preset = presetById(q.preset ?? heatmapPresets().defaultId);
          codes = preset.codes.map((c) => c.code);
          presetId = preset.id;
        }
      } catch (err) {
        if (err instanceof CodeSetError) return reply.code(400).send({ code: 'codigos_invalidos', message: err.message });
        throw err;
      }
      const resolution = q.resolution ?? (q.zoom !== undefined ? resolutionForZoom(q.zoom) : 8);
      const hourFrom = q.hourFrom ?? 0;
      const hourTo = q.hourTo ?? 23;
      const counts = await cellCounts(db, { from: q.from, to: q.to, selection: selectionOf(codes), hourFrom, hourTo });
      let total = 0;
      let maxN = 0;
      const cells = toResolution(counts, resolution).map(({ cell, n }) => {
        total += n;
        if (n > maxN) maxN = n;
        const c = centreOf(cell);
        return { cell, lat: round6(c.lat), lng: round6(c.lng), n };
      });
      return { from: q.from, to: q.to, hourFrom, hourTo, resolution, preset: presetId, codes: codes.length, total, maxN, cells };
    },
  );
}
