// The distribution register (directive 6.1.4): who received what, which version, when, through which channel,
// acknowledged or not, and the whole approval trail of each dispatch — filtered like the list, exported to XLSX and
// PDF. Each export is itself audited.
import ExcelJS from 'exceljs';
import { AREA_LABELS, isArea } from '../access/permissions.ts';
import { CLASSIFICATION_LABELS } from '../reports/catalog.ts';
import { newPdf, pdfBytes, heading, paragraph, table } from '../reports/render/pdf.ts';
import { workbookBytes } from '../reports/render/xlsx.ts';
import { FIXED_DOCUMENT_DATE } from '../reports/render/deterministic.ts';
import { stateName } from '../reference/geography.ts';
import type { ProductMeta } from '../reports/types.ts';
import { audit } from './audit.ts';
import type { Actor } from '../access/users.ts';
import type { DistributionContext, DistributionUser } from './context.ts';
import { listDispatches, listEvents, type DispatchEvent, type DispatchFilter, type DispatchSummary } from './dispatches.ts';
import { EVENT_LABELS, SHORT_STATUS_LABELS } from './labels.ts';

export interface RegisterEntry extends DispatchSummary {
  trail: DispatchEvent[];
}

export const eventLabel = (action: string) => EVENT_LABELS[action] ?? action;

export async function registerEntries(ctx: DistributionContext, user: DistributionUser, filter: DispatchFilter): Promise<RegisterEntry[]> {
  const rows = await listDispatches(ctx, user, { ...filter, limit: filter.limit ?? 5000 });
  const events = await listEvents(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, trail: events.get(r.id) ?? [] }));
}

function formatter(timeZone: string) {
  const f = new Intl.DateTimeFormat('es-MX', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (d: Date | null) => (d ? f.format(d) : '');
}

function shortFormatter(timeZone: string) {
  const f = new Intl.DateTimeFormat('es-MX', { timeZone, day: '2-digit', month: '2-digit', year: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (d: Date | null) => (d ? f.format(d).replace(',', '') : '');
}

const area = (c: string) => (isArea(c) ? AREA_LABELS[c] : c);

/** The step that matters for the register: who validated, who approved (or which standing approval), who sent. */
function trailSummary(trail: DispatchEvent[], at: (d: Date | null) => string): string {
  const parts: string[] = [];
  for (const e of trail) {
    if (e.action === 'edit' || e.action === 'reminder') continue;
    const standing = e.action === 'validate' && e.details.standingApproval ? ' (con la autorización permanente del convenio)' : '';
    parts.push(`${eventLabel(e.action)}: ${e.actor_name}, ${at(e.at)}${standing}${e.comment ? ` — ${e.comment}` : ''}`);
  }
  return parts.join('; ');
}

export function describeFilter(f: DispatchFilter): string {
  const parts: string[] = [];
  if (f.from || f.to) parts.push(`del ${f.from ?? 'inicio'} al ${f.to ?? 'día de hoy'}`);
  if (f.reportType) parts.push(`reporte ${f.reportType}`);
  if (f.channel) parts.push(`canal ${f.channel}`);
  if (f.acknowledged !== undefined) parts.push(f.acknowledged ? 'acusados' : 'sin acuse');
  if (f.status?.length) parts.push(`estado ${f.status.join(', ')}`);
  if (f.folio) parts.push(`folio «${f.folio}»`);
  return parts.length ? parts.join(' · ') : 'todos los envíos';
}

export async function registerXlsx(ctx: DistributionContext, entries: RegisterEntry[], filterLabel: string): Promise<Uint8Array> {
  const at = formatter(ctx.config.timeZone);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Atalaya';
  wb.created = FIXED_DOCUMENT_DATE;
  wb.modified = FIXED_DOCUMENT_DATE;
  const ws = wb.addWorksheet('Registro');
  const title = ['Registro de distribución de información (directiva 6.1.4)', `${stateName(ctx.config.stateCode) ?? ''} · ${filterLabel}`, 'Uso interno'];
  title.forEach((t, i) => {
    ws.getCell(i + 1, 1).value = t;
    ws.getCell(i + 1, 1).font = { bold: i === 0, italic: i === 2, size: i === 0 ? 12 : 10 };
  });
  const columns: { header: string; width: number; value: (e: RegisterEntry) => string | number }[] = [
    { header: 'Envío', width: 8, value: (e) => e.id },
    { header: 'Folio', width: 26, value: (e) => e.folio ?? '' },
    { header: 'Folio cancelado', width: 10, value: (e) => (e.folio_status === 'cancelled' ? 'Sí' : '') },
    { header: 'Dependencia', width: 34, value: (e) => e.agency_name },
    { header: 'Reporte', width: 40, value: (e) => e.report_name },
    { header: 'Periodo', width: 10, value: (e) => e.period_key },
    { header: 'Producto (versión)', width: 14, value: (e) => `${e.product_id} (v${e.product_version})` },
    { header: 'Clasificación', width: 16, value: (e) => CLASSIFICATION_LABELS[e.classification as keyof typeof CLASSIFICATION_LABELS] ?? e.classification },
    { header: 'Canal', width: 18, value: (e) => e.channel_label },
    { header: 'Convenio', width: 22, value: (e) => e.agreement_number ?? '' },
    { header: 'Área productora', width: 22, value: (e) => area(e.producing_area) },
    { header: 'Estado', width: 24, value: (e) => e.status_label },
    { header: 'Enviado', width: 17, value: (e) => at(e.sent_at) },
    { header: 'Acuse', width: 17, value: (e) => (e.status === 'acknowledged' ? at(e.received_at) : '') },
    { header: 'Acusó', width: 26, value: (e) => (e.status === 'acknowledged' ? (e.received_by ?? '') : '') },
    { header: 'Descargas', width: 10, value: (e) => e.downloads },
    { header: 'Recordatorios', width: 12, value: (e) => e.reminders },
    { header: 'Trámite', width: 90, value: (e) => trailSummary(e.trail, at) },
  ];
  const header = title.length + 2;
  ws.getRow(header).values = columns.map((c) => c.header);
  ws.getRow(header).font = { bold: true };
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
    ws.getCell(header, i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  });
  entries.forEach((e, i) => {
    ws.getRow(header + 1 + i).values = columns.map((c) => c.value(e));
  });
  ws.views = [{ state: 'frozen', ySplit: header, xSplit: 2 }];

  const trail = wb.addWorksheet('Trámite');
  trail.getRow(1).values = ['Envío', 'Folio', 'Fecha y hora', 'Quién', 'Paso', 'De', 'A', 'Comentario'];
  trail.getRow(1).font = { bold: true };
  [8, 26, 17, 30, 24, 22, 22, 60].forEach((w, i) => (trail.getColumn(i + 1).width = w));
  let row = 2;
  for (const e of entries) {
    for (const ev of e.trail) {
      trail.getRow(row++).values = [e.id, e.folio ?? '', at(ev.at), ev.actor_name, eventLabel(ev.action), ev.from_status ?? '', ev.to_status, ev.comment ?? ''];
    }
  }
  trail.views = [{ state: 'frozen', ySplit: 1 }];
  return workbookBytes(wb);
}

export async function registerPdf(ctx: DistributionContext, entries: RegisterEntry[], filterLabel: string): Promise<Uint8Array> {
  const at = formatter(ctx.config.timeZone);
  const meta: ProductMeta = {
    reportCode: 'registro-distribucion',
    reportName: 'Registro de distribución de información (directiva 6.1.4)',
    periodLabel: filterLabel,
    periodKey: '',
    stateName: stateName(ctx.config.stateCode) ?? ctx.config.stateCode,
    classificationLabel: CLASSIFICATION_LABELS.internal,
    cnieVersion: '3',
    scopeLabel: `${entries.length} ${entries.length === 1 ? 'envío' : 'envíos'}`,
  };
  const doc = newPdf(meta, 'Registro de distribución');
  heading(doc, 'Registro de distribución de información');
  paragraph(doc, `Filtro: ${filterLabel}. Quién recibió qué, qué versión, cuándo, por qué canal y si acusó de recibido.`);
  const short = shortFormatter(ctx.config.timeZone);
  table(
    doc,
    [
      { header: 'Folio', width: 104, value: (r) => String(r.folio) },
      { header: 'Dependencia', width: 72, value: (r) => String(r.agency) },
      { header: 'Reporte, periodo, versión', width: 92, value: (r) => String(r.report) },
      { header: 'Canal', width: 62, value: (r) => String(r.channel) },
      { header: 'Enviado', width: 44, value: (r) => String(r.sent) },
      { header: 'Estado', width: 58, value: (r) => String(r.state) },
      { header: 'Acuse', width: 80, value: (r) => String(r.ack) },
    ],
    entries.map((e) => ({
      folio: `${e.folio ?? `(envío ${e.id})`}${e.folio_status === 'cancelled' ? ' cancelado' : ''}`,
      agency: e.agency_short_name,
      report: `${e.report_type} ${e.period_key} v${e.product_version}`,
      channel: e.channel_label,
      sent: short(e.sent_at).slice(0, 8),
      state: SHORT_STATUS_LABELS[e.status],
      ack: e.status === 'acknowledged' ? `${short(e.received_at).slice(0, 8)} ${e.received_by ?? ''}` : '',
    })),
  );
  paragraph(doc, 'Reportes: ' + [...new Set(entries.map((e) => `${e.report_type} = ${e.report_name}`))].join('; ') + '.');
  heading(doc, 'Trámite de cada envío', 12);
  for (const e of entries) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(9).fillColor('black').text(`${e.folio ?? `Envío ${e.id}`} — ${e.agency_name} — «${e.subject}»`, 50);
    // Each step as wrapped lines, so that no name or comment is cut.
    for (const ev of e.trail) {
      doc.font('Helvetica').fontSize(8).fillColor('black').text(`${at(ev.at)} · ${eventLabel(ev.action)}${ev.details.standingApproval ? ' (con la autorización permanente del convenio)' : ''} · ${ev.actor_name}${ev.comment ? ` — ${ev.comment}` : ''}`, 62, undefined, { width: 490 });
    }
    doc.moveDown(0.6);
  }
  return pdfBytes(doc, meta);
}

export async function auditExport(ctx: DistributionContext, actor: Actor, format: 'xlsx' | 'pdf', filter: DispatchFilter, count: number) {
  await ctx.db.transaction().execute((trx) => audit(trx, actor, 'register.export', 'distribution_register', null, { format, filter, count }));
}
