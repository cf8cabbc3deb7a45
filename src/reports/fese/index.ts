// The FESE generator: figures from the rollups, files for the CNI.
import type { z } from 'zod';
import type { ReportGenerator, Suppressed } from '../types.ts';
import { computeFese, feseParams, type FeseData, type FeseParams } from './compute.ts';
import { discloseFese } from './disclose.ts';
import { renderFese, sectionSummary } from './render.ts';

export { computeFese, feseParams, type FeseData } from './compute.ts';
export { feseCsv } from './render.ts';

export const feseGenerator: ReportGenerator<FeseData<Suppressed>> = {
  name: 'fese',
  periodKinds: ['month', 'quarter', 'half'],
  formats: ['xlsx', 'pdf', 'csv', 'json'],
  params: feseParams as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(raw, ctx) {
    const params = raw as FeseParams;
    if (!params.center) return 'Consolidado estatal y por centro de atención';
    const c = await ctx.db.selectFrom('call_centers').select('name').where('code', '=', params.center).executeTakeFirst();
    return c?.name ?? params.center;
  },
  compute: computeFese,
  render: renderFese,
  summary: (data) => sectionSummary(data.consolidated),
  disclose: discloseFese,
};
