// The generator of «Incidencia delictiva para los municipios conurbados de la ciudad capital» (catalog code
// incidencia-conurbados): 9-1-1/089 security incidents and SESNSP crimes of a group of municipalities.
import type { z } from 'zod';
import type { ReportGenerator, Suppressed } from '../types.ts';
import { loadGroup } from '../heatmaps/query.ts';
import { computeMetro, metroParams, type MetroData, type MetroParams } from './compute.ts';
import { discloseMetro } from './disclose.ts';
import { metroSummary, renderMetro } from './render.ts';

export { computeMetro, emptyGroupMessage, metroParams, METRO_GROUP_SLUG, type MetroData } from './compute.ts';
export { changeText, metroCsv, NO_DATA, NOT_APPLICABLE } from './render.ts';

export const metroIncidenceGenerator: ReportGenerator<MetroData<Suppressed>> = {
  name: 'metro_incidence',
  periodKinds: ['month', 'quarter', 'half'],
  formats: ['xlsx', 'pdf', 'csv', 'json'],
  params: metroParams as unknown as z.ZodType<Record<string, unknown>>,
  async scopeLabel(raw, ctx) {
    const params = raw as MetroParams;
    const group = await loadGroup(ctx.db, ctx.config.stateCode, params.group);
    return group ? `${group.name} (${group.members.length} municipios)` : params.group;
  },
  compute: computeMetro,
  render: renderMetro,
  summary: metroSummary,
  disclose: discloseMetro,
};
