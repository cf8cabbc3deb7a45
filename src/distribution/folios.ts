// Folios of the official documents: sequential per area and year, in a configurable pattern such as
// SSPO/C4/{area}/{n:4}/{año} → SSPO/C4/DG/0123/2026. A number is taken from folio_counters with one
// INSERT … ON CONFLICT DO UPDATE … RETURNING, which locks the counter row until the caller's transaction ends:
// two transactions never get the same number, and a transaction that rolls back gives its number back, so that
// the numbers on record have no gaps. An issued folio is never deleted or reused; cancelling it keeps it on
// record with its reason (the folios table's trigger refuses anything else).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const DEFAULT_FOLIO_PATTERN = 'SSPO/C4/{area}/{n:4}/{año}';

const TOKEN = /\{(area|año|n(?::(\d))?)\}/g;

/** Problems with a folio pattern, in Spanish; empty when it can be used. */
export function folioPatternProblems(pattern: string): string[] {
  const problems: string[] = [];
  if (pattern.length < 5 || pattern.length > 80) problems.push('El patrón debe tener de 5 a 80 caracteres.');
  const rest = pattern.replace(TOKEN, '');
  if (/[{}]/.test(rest)) problems.push('El patrón solo admite los marcadores {area}, {n} o {n:4} y {año}.');
  if (/[^\p{L}\p{N}/._ -]/u.test(rest)) problems.push('Fuera de los marcadores, use solo letras, números, «/», «-», «.», «_» y espacios.');
  const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1]!.replace(/:\d$/, ''));
  for (const required of ['area', 'n', 'año']) {
    if (!tokens.includes(required)) problems.push(`Falta el marcador {${required}}: sin él, dos folios podrían escribirse igual.`);
  }
  if (new Set(tokens).size !== tokens.length) problems.push('Cada marcador puede aparecer una sola vez.');
  return problems;
}

/** The folio text: formatFolio('SSPO/C4/{area}/{n:4}/{año}', 'DG', 123, 2026) → 'SSPO/C4/DG/0123/2026'. */
export function formatFolio(pattern: string, area: string, number: number, year: number): string {
  return pattern.replace(TOKEN, (_m, token: string, width?: string) => {
    if (token === 'area') return area;
    if (token === 'año') return String(year);
    return String(number).padStart(width ? Number(width) : 1, '0');
  });
}

/**
 * The next number of a series in a year. Must run inside the transaction that stores the document the number is
 * for: the counter row stays locked until that transaction ends.
 */
export async function nextNumber(trx: Kysely<Database>, series: string, year: number): Promise<number> {
  if (!trx.isTransaction) throw new Error('nextNumber must run inside the transaction that uses the number');
  const { rows } = await sql<{ last_number: number }>`
    INSERT INTO folio_counters (series, year, last_number) VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last_number = folio_counters.last_number + 1
    RETURNING last_number`.execute(trx);
  return Number(rows[0]!.last_number);
}

export interface IssuedFolio {
  id: number;
  folio: string;
  number: number;
  year: number;
}

/** Issues the next folio of an area for a dispatch's covering document, inside the caller's transaction. */
export async function issueFolio(
  trx: Kysely<Database>,
  f: { pattern: string; area: string; year: number; kind: 'oficio' | 'tarjeta'; dispatchId: number; issuedBy: number | null },
): Promise<IssuedFolio> {
  const number = await nextNumber(trx, `folio:${f.area}`, f.year);
  const folio = formatFolio(f.pattern, f.area, number, f.year);
  const row = await trx
    .insertInto('folios')
    .values({ area_code: f.area, year: f.year, number, folio, kind: f.kind, dispatch_id: f.dispatchId, issued_by: f.issuedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), folio, number, year: f.year };
}

/** Cancels an issued folio, keeping it on record with its reason; false when it was already cancelled. */
export async function cancelFolio(trx: Kysely<Database>, folioId: number, reason: string, userId: number | null): Promise<boolean> {
  const res = await trx
    .updateTable('folios')
    .set({ status: 'cancelled', cancel_reason: reason, cancelled_by: userId, cancelled_at: new Date() })
    .where('id', '=', folioId)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface FolioRow {
  id: number;
  folio: string;
  area_code: string;
  year: number;
  number: number;
  kind: 'oficio' | 'tarjeta';
  dispatch_id: number;
  issued_at: Date;
  issued_by_name: string | null;
  status: 'issued' | 'cancelled';
  cancel_reason: string | null;
  cancelled_at: Date | null;
  cancelled_by_name: string | null;
}

/** The folio book: every folio of an area (or all) and year, in order, cancelled ones included. */
export async function listFolios(db: Kysely<Database>, q: { area?: string; year?: number; visibleToArea?: string } = {}): Promise<FolioRow[]> {
  let query = db
    .selectFrom('folios as f')
    .innerJoin('dispatches as d', 'd.id', 'f.dispatch_id')
    .leftJoin('users as i', 'i.id', 'f.issued_by')
    .leftJoin('users as c', 'c.id', 'f.cancelled_by')
    .select([
      'f.id', 'f.folio', 'f.area_code', 'f.year', 'f.number', 'f.kind', 'f.dispatch_id', 'f.issued_at',
      'i.display_name as issued_by_name', 'f.status', 'f.cancel_reason', 'f.cancelled_at', 'c.display_name as cancelled_by_name',
    ])
    .orderBy('f.area_code')
    .orderBy('f.year', 'desc')
    .orderBy('f.number');
  if (q.area) query = query.where('f.area_code', '=', q.area);
  if (q.visibleToArea) {
    const area = q.visibleToArea;
    query = query.where((eb) => eb.or([eb('f.area_code', '=', area), eb('d.producing_area', '=', area)]));
  }
  if (q.year) query = query.where('f.year', '=', q.year);
  return (await query.execute()) as FolioRow[];
}
