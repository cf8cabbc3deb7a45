// Incidents by their center and folio, for the domains that attach things to incidents (the call audio archive):
// only the identifying facts, never the personal fields.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface IncidentRef {
  id: number;
  center_code: string;
  folio: string;
  received_at: Date;
  channel: string;
  cnie_version: string;
  cnie_code: number;
  municipality_code: string | null;
}

const COLUMNS = ['id', 'center_code', 'folio', 'received_at', 'channel', 'cnie_version', 'cnie_code', 'municipality_code'] as const;

/** The incidents of one center with these folios, by folio. */
export async function incidentsByFolio(db: Kysely<Database>, center: string, folios: readonly string[]): Promise<Map<string, IncidentRef>> {
  if (folios.length === 0) return new Map();
  const rows = await db.selectFrom('incidents').select(COLUMNS).where('center_code', '=', center).where('folio', 'in', [...new Set(folios)]).execute();
  return new Map(rows.map((r) => [r.folio, { ...r, id: Number(r.id), received_at: new Date(r.received_at) }]));
}

export async function incidentRef(db: Kysely<Database>, id: number): Promise<IncidentRef | undefined> {
  const r = await db.selectFrom('incidents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? { ...r, id: Number(r.id), received_at: new Date(r.received_at) } : undefined;
}
