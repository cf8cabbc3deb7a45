// The registry's two monthly products for the CNI, in XLSX and CSV:
//   numbers_malicious  (catalog «numeros-maliciosos»)  the list of malicious numbers received at 9-1-1: the numbers
//                      of the registry seen making improper calls;
//   numbers_extortion  (catalog «numeros-extorsion-cni») the monthly submission of probable extortion numbers (seed
//                      004, fifth agreement): the numbers reported in extortion tips and calls.
// A number is on a month's list when it was seen in the month, or when it is confirmed (confirmed numbers carry
// across months); a discarded number never is (rules.ts onMonthlyList). The phone numbers are the point of both
// lists: they leave the center only in a restricted version for an agency whose agreement requires them
// (callerPhonesRequiredBy in data/disclosure/fields.json); any other version keeps the totals alone. No caller's
// name, address or note reaches these products: they are built from the registry, which keeps none.
import { z } from 'zod';
import Papa from 'papaparse';
import { sql } from 'kysely';
import { addBlock, addTableSheet, newWorkbook, workbookBytes } from '../../reports/render/xlsx.ts';
import { addDisclosureSheet, disclosureLines } from '../../reports/render/disclosure-notes.ts';
import { extortionModalities } from '../../reports/extortion/modalities.ts';
import { SUPPRESSED, type Count, type Disclosed, type DisclosureRules, type ProductMeta, type ReportContext, type ReportFormat, type ReportGenerator } from '../../reports/types.ts';
import { STATUS_LABELS, onMonthlyList } from './rules.ts';
import type { NumberStatus, SightingKind } from './tables.ts';

export interface ListedNumber {
  phone: string;
  status: NumberStatus;
  firstSeen: string;
  lastSeen: string;
  inMonth: number;
  total: number;
  centers: string[];
  /** Modality labels (extortion only). */
  modalities: string[];
  /** Confirmed and listed without a sighting this month. */
  carried: boolean;
}

export interface NumbersListData {
  kind: SightingKind;
  period: { key: string; label: string };
  numbers: ListedNumber[];
  totals: { numbers: Count; sightings: Count; carried: Count };
  /** False in a version whose phone numbers were taken out. */
  withPhones: boolean;
}

const noParams = z.object({}).strict() as unknown as z.ZodType<Record<string, unknown>>;
const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

export async function computeNumbersList(ctx: ReportContext, kind: SightingKind): Promise<NumbersListData> {
  const { firstDay, lastDay } = ctx.period;
  const { rows } = await sql<{ phone: string; status: NumberStatus; first_seen: string; last_seen: string; in_month: number; total: number; centers: string[]; modalities: string[] }>`
    SELECT n.phone, n.status, min(s.local_date)::text AS first_seen, max(s.local_date)::text AS last_seen,
           (count(*) FILTER (WHERE s.local_date >= ${firstDay}::date))::int AS in_month, count(*)::int AS total,
           array_remove(array_agg(DISTINCT s.center_code ORDER BY s.center_code), NULL) AS centers,
           array_remove(array_agg(DISTINCT s.modality ORDER BY s.modality), NULL) AS modalities
      FROM phone_numbers n JOIN phone_sightings s ON s.phone = n.phone
     WHERE s.kind = ${kind} AND s.local_date <= ${lastDay}::date
       ${kind === 'improcedente' ? sql`AND (s.channel = '911' OR s.channel IS NULL)` : sql``}
     GROUP BY n.phone, n.status
     ORDER BY n.phone`.execute(ctx.db);
  const labels = new Map(extortionModalities().modalities.map((m) => [m.code, m.label]));
  const numbers = rows
    .filter((r) => onMonthlyList(r.status, Number(r.in_month) > 0))
    .map((r) => ({
      phone: r.phone,
      status: r.status,
      firstSeen: day(r.first_seen),
      lastSeen: day(r.last_seen),
      inMonth: Number(r.in_month),
      total: Number(r.total),
      centers: r.centers,
      modalities: r.modalities.map((m) => labels.get(m) ?? m),
      carried: Number(r.in_month) === 0,
    }));
  return {
    kind,
    period: { key: ctx.period.key, label: ctx.period.label },
    numbers,
    totals: { numbers: numbers.length, sightings: numbers.reduce((a, n) => a + n.inMonth, 0), carried: numbers.filter((n) => n.carried).length },
    withPhones: true,
  };
}

const FIELD: Record<SightingKind, string> = { improcedente: 'incident.caller_phone', extorsion: 'incident.reported_phone' };

/**
 * The disclosure pass: with phones allowed (restricted, for an agency whose agreement requires them) the list goes as
 * is; otherwise its rows go and only the totals stay, small ones suppressed.
 */
export function discloseNumbersList(data: NumbersListData, rules: DisclosureRules): Disclosed<NumbersListData> {
  if (rules.allowPhones) {
    return { data, redactions: [], methodology: ['Lleva los números telefónicos del listado porque el convenio con la dependencia destinataria y el reporte los requieren.'] };
  }
  const small = (n: Count) => typeof n === 'number' && n > 0 && n < rules.minCount;
  const totals = { ...data.totals };
  const redactions: Disclosed<NumbersListData>['redactions'] = [];
  if (data.numbers.length > 0) {
    redactions.push({ field: FIELD[data.kind], action: 'eliminado', what: 'Números telefónicos y su detalle', where: 'Listado', item: '', why: 'Los números del listado solo se entregan a una dependencia cuyo convenio los requiera.' });
  }
  for (const k of ['numbers', 'sightings', 'carried'] as const) {
    if (!small(totals[k])) continue;
    totals[k] = SUPPRESSED;
    redactions.push({ field: 'count', action: 'suprimido', what: TOTAL_LABELS[k], where: 'Totales', item: '', why: `Cifra menor que ${rules.minCount}.` });
  }
  return { data: { ...data, numbers: [], totals, withPhones: false }, redactions, methodology: ['Sin los números telefónicos: solo los totales del listado.'] };
}

const TOTAL_LABELS = { numbers: 'Números en el listado', sightings: 'Avistamientos en el mes', carried: 'Confirmados de meses anteriores' } as const;
const TITLE: Record<SightingKind, string> = {
  improcedente: 'Números maliciosos recibidos en el 9-1-1',
  extorsion: 'Probables números de extorsión',
};
const SEEN: Record<SightingKind, string> = { improcedente: 'Llamadas improcedentes', extorsion: 'Reportes de extorsión' };

export async function renderNumbersList(d: NumbersListData, format: ReportFormat, meta: ProductMeta): Promise<Uint8Array> {
  if (format === 'xlsx') return numbersWorkbook(d, meta);
  if (format === 'csv') return new TextEncoder().encode(numbersCsv(d, meta));
  throw new Error(`El listado de números no se entrega en formato ${format}.`);
}

async function numbersWorkbook(d: NumbersListData, meta: ProductMeta): Promise<Uint8Array> {
  const wb = newWorkbook(meta);
  const ws = addTableSheet(
    wb,
    'Listado',
    meta,
    TITLE[d.kind],
    [
      { header: 'Número', key: 'phone', width: 16 },
      { header: 'Estatus', key: 'status', width: 16 },
      { header: 'Primer avistamiento', key: 'firstSeen', width: 14 },
      { header: 'Último avistamiento', key: 'lastSeen', width: 14 },
      { header: `${SEEN[d.kind]} en el mes`, key: 'inMonth', numFmt: '#,##0', total: true, width: 14 },
      { header: `${SEEN[d.kind]} acumulados`, key: 'total', numFmt: '#,##0', width: 14 },
      { header: 'Centros', key: 'centers', width: 18 },
      ...(d.kind === 'extorsion' ? [{ header: 'Modalidades', key: 'modalities', width: 40 }] : []),
      { header: 'Confirmado de meses anteriores', key: 'carried', width: 14 },
    ],
    d.numbers.map((n) => ({
      phone: n.phone,
      status: STATUS_LABELS[n.status],
      firstSeen: n.firstSeen,
      lastSeen: n.lastSeen,
      inMonth: n.inMonth,
      total: n.total,
      centers: n.centers.join(', '),
      modalities: n.modalities.join(', '),
      carried: n.carried ? 'Sí' : 'No',
    })),
  );
  addBlock(ws, ws.rowCount + 3, 'Totales', ['Concepto', 'Cifra'], (Object.keys(TOTAL_LABELS) as (keyof typeof TOTAL_LABELS)[]).map((k) => [TOTAL_LABELS[k], d.totals[k]]));
  if (!d.withPhones) addBlock(ws, ws.rowCount + 2, 'Nota', [], [['Esta versión no lleva los números telefónicos: solo los totales del listado.']]);
  addDisclosureSheet(wb, meta);
  return workbookBytes(wb);
}

/** One line per number; a released version ends with its disclosure notes. */
export function numbersCsv(d: NumbersListData, meta?: ProductMeta): string {
  const data: (string | number)[][] = d.numbers.map((n) => [d.period.key, 'numero', n.phone, STATUS_LABELS[n.status], n.firstSeen, n.lastSeen, n.inMonth, n.total, n.centers.join('|'), n.modalities.join('|'), n.carried ? 'si' : 'no']);
  for (const k of Object.keys(TOTAL_LABELS) as (keyof typeof TOTAL_LABELS)[]) data.push([d.period.key, 'total', k, '', '', '', d.totals[k], '', '', '', '']);
  if (meta) disclosureLines(meta).forEach((line, i) => data.push([d.period.key, 'divulgacion', String(i + 1), line, '', '', '', '', '', '', '']));
  return `\uFEFF${Papa.unparse({ fields: ['periodo', 'fila', 'numero', 'estatus', 'primer_avistamiento', 'ultimo_avistamiento', 'en_el_mes', 'acumulado', 'centros', 'modalidades', 'confirmado_anterior'], data }, { newline: '\n' })}\n`;
}

const generator = (name: string, kind: SightingKind, scope: string, permission: 'numbers.callers' | 'numbers.read'): ReportGenerator<NumbersListData> => ({
  name,
  periodKinds: ['month'],
  formats: ['xlsx', 'csv'],
  permission,
  params: noParams,
  async scopeLabel() {
    return scope;
  },
  compute: (ctx) => computeNumbersList(ctx, kind),
  render: renderNumbersList,
  summary: (d) => ({ numeros: d.totals.numbers, avistamientos: d.totals.sightings, confirmados_anteriores: d.totals.carried }),
  disclose: discloseNumbersList,
});

export const maliciousNumbersGenerator = generator('numbers_malicious', 'improcedente', 'Registro de números · llamadas improcedentes al 9-1-1', 'numbers.callers');
export const extortionNumbersGenerator = generator('numbers_extortion', 'extorsion', 'Registro de números · denuncias y llamadas de extorsión', 'numbers.read');
