// The cyber unit's statistics of directive 1.2.8 («Estadística de incidentes de conductas delictivas que se generan
// en medios electrónicos») as two report generators:
//   cyber_internal  (catalog «ciberincidentes»)     the unit's and the Director General's statistics: exact figures,
//                                                    any month, quarter, half or year (the monthly indicators of a
//                                                    month are this report for that month);
//   cyber_external  (catalog «ciberincidentes-cni») the quarterly statistical report to the CNI and the National
//                                                    Guard's scientific directorate: aggregates only; what leaves the
//                                                    center is its disclosure pass (small counts withheld).
// Both need cyber.statistics besides the reports permissions.
import { z } from 'zod';
import type { ReportContext, ReportGenerator } from '../../../reports/types.ts';
import { alertSettings, cyberCatalogs } from '../settings.ts';
import { computeCyberStatistics } from '../statistics.ts';
import { renderCyberReport } from './render.ts';
import { discloseCyber } from './disclosure.ts';
import { externalView, internalView, type CyberReportView } from './view.ts';

const noParams = z.object({}).strict() as unknown as z.ZodType<Record<string, unknown>>;

async function statistics(ctx: ReportContext) {
  return computeCyberStatistics(ctx.db, ctx.period, {
    catalogs: cyberCatalogs(ctx.config.dataDir),
    timeZone: ctx.config.timeZone,
    hotlines: alertSettings(ctx.config.dataDir).hotlines,
  });
}

const summary = (v: CyberReportView) => {
  const out: Record<string, number | string> = {};
  for (const r of v.summary) out[r.key] = r.value ?? '*';
  for (const i of v.indicators) out[i.code] = i.incidents ?? '*';
  return out;
};

export const cyberInternalGenerator: ReportGenerator<CyberReportView> = {
  name: 'cyber_internal',
  periodKinds: ['month', 'quarter', 'half', 'year'],
  formats: ['xlsx', 'pdf', 'csv'],
  params: noParams,
  permission: 'cyber.statistics',
  async scopeLabel() {
    return 'Unidad de Policía Cibernética · uso interno';
  },
  async compute(ctx) {
    return internalView(await statistics(ctx));
  },
  render: renderCyberReport,
  summary,
};

export const cyberExternalGenerator: ReportGenerator<CyberReportView> = {
  name: 'cyber_external',
  periodKinds: ['quarter', 'half', 'year'],
  formats: ['xlsx', 'pdf', 'csv'],
  params: noParams,
  permission: 'cyber.statistics',
  async scopeLabel() {
    return 'Unidad de Policía Cibernética · estadística para el CNI';
  },
  async compute(ctx) {
    return externalView(await statistics(ctx));
  },
  render: renderCyberReport,
  summary,
  disclose: discloseCyber,
};
