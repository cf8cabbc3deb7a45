// The extortion report of directive 1.2.8 («Incidencia de llamadas de extorsión … denuncia anónima 089»): figures
// from rollup_extortion, files for the CNI.
import type { z } from 'zod';
import { CHANNEL_LABELS } from '../labels.ts';
import type { ReportGenerator, Suppressed } from '../types.ts';
import { computeExtortion, extortionParams, type ExtortionData, type ExtortionParams } from './compute.ts';
import { discloseExtortion } from './disclose.ts';
import { extortionSummary, renderExtortion } from './render.ts';

export { computeExtortion, extortionParams, type ExtortionData } from './compute.ts';
export { extortionCsv } from './render.ts';

export const extortionGenerator: ReportGenerator<ExtortionData<Suppressed>> = {
  name: 'extortion',
  periodKinds: ['month', 'quarter', 'year'],
  formats: ['xlsx', 'pdf', 'csv', 'json'],
  params: extortionParams as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(raw, ctx) {
    const params = raw as ExtortionParams;
    let where = 'Estatal';
    if (params.center) {
      const c = await ctx.db.selectFrom('call_centers').select('name').where('code', '=', params.center).executeTakeFirst();
      where = c?.name ?? params.center;
    }
    return `${where} · ${params.channel ? `medio de entrada: ${CHANNEL_LABELS[params.channel]}` : 'todos los medios de entrada'}`;
  },
  compute: computeExtortion,
  render: renderExtortion,
  summary: extortionSummary,
  disclose: discloseExtortion,
};
