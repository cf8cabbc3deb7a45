// Writes one batch of a state's SESNSP rows inside the caller's transaction, as the difference against what is
// stored: new counts COPYed, corrected ones updated, those now zero deleted, and newly published months added to
// the coverage. A row whose figures the database already had changes nothing.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { copyRows } from '../db/copy.ts';
import type { SesnspRow } from './validate.ts';
import type { SesnspLevel } from './tables.ts';

/** Serialises SESNSP batches across connections and processes ("SESNSP" in ASCII). */
const SESNSP_LOCK_KEY = 0x5345534e5350;

export interface StoredBatch {
  /** Rows whose months were all new to the database. */
  inserted: number;
  /** Rows that corrected a stored figure or added newly published months. */
  updated: number;
  unchanged: number;
}

const cellKey = (mun: string, year: number, month: number, r: Pick<SesnspRow, 'bienJuridico' | 'tipo' | 'subtipo' | 'modalidad'>) =>
  `${mun}\u0000${year}\u0000${month}\u0000${r.bienJuridico}\u0000${r.tipo}\u0000${r.subtipo}\u0000${r.modalidad}`;
const placeMonthKey = (mun: string, year: number, month: number) => `${mun}\u0000${year}\u0000${month}`;

interface Cell {
  mun: string;
  year: number;
  month: number;
  row: SesnspRow;
  n: number;
}

export async function storeSesnspBatch(
  trx: Kysely<Database>,
  level: SesnspLevel,
  stateCode: string,
  rows: readonly SesnspRow[],
  importId: number,
): Promise<StoredBatch> {
  const result: StoredBatch = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return result;
  await sql`SELECT pg_advisory_xact_lock(${SESNSP_LOCK_KEY}::bigint)`.execute(trx);
  const municipalities = [...new Set(rows.map((r) => r.municipalityCode))];
  const years = [...new Set(rows.map((r) => r.year))];
  const stored = await trx
    .selectFrom('sesnsp_counts')
    .select(['municipality_code', 'year', 'month', 'bien_juridico', 'tipo', 'subtipo', 'modalidad', 'n'])
    .where('level', '=', level)
    .where('state_code', '=', stateCode)
    .where('year', 'in', years)
    .where('municipality_code', 'in', municipalities)
    .execute();
  const storedN = new Map<string, number>();
  for (const s of stored) {
    storedN.set(
      cellKey(s.municipality_code, s.year, s.month, { bienJuridico: s.bien_juridico, tipo: s.tipo, subtipo: s.subtipo, modalidad: s.modalidad }),
      s.n,
    );
  }
  const coverage = await trx
    .selectFrom('sesnsp_coverage')
    .select(['municipality_code', 'year', 'month', 'import_id'])
    .where('level', '=', level)
    .where('state_code', '=', stateCode)
    .where('year', 'in', years)
    .where('municipality_code', 'in', municipalities)
    .execute();
  // A month this same import published (in an earlier batch) was not known before it: its zeros are new too.
  const covered = new Set<string>();
  const knownBefore = new Set<string>();
  for (const c of coverage) {
    const k = placeMonthKey(c.municipality_code, c.year, c.month);
    covered.add(k);
    if (Number(c.import_id) !== importId) knownBefore.add(k);
  }

  const inserts: Cell[] = [];
  const updates: Cell[] = [];
  const deletes: Cell[] = [];
  const newCoverage = new Map<string, [string, number, number]>();
  for (const row of rows) {
    let known = 0;
    let published = 0;
    let changed = false;
    row.months.forEach((value, i) => {
      if (value === null) return; // not published in this file: whatever is stored stays
      const month = i + 1;
      published++;
      const place = placeMonthKey(row.municipalityCode, row.year, month);
      const previous = storedN.get(cellKey(row.municipalityCode, row.year, month, row));
      if (knownBefore.has(place)) {
        known++;
        if ((previous ?? 0) !== value) changed = true;
      }
      if (!covered.has(place)) newCoverage.set(place, [row.municipalityCode, row.year, month]);
      const cell = { mun: row.municipalityCode, year: row.year, month, row, n: value };
      if (previous === undefined) {
        if (value > 0) inserts.push(cell);
      } else if (value === 0) {
        deletes.push(cell);
      } else if (value !== previous) {
        updates.push(cell);
      }
    });
    if (known === 0) result.inserted++;
    else if (changed || known < published) result.updated++;
    else result.unchanged++;
  }

  await copyRows(
    trx,
    'sesnsp_counts',
    ['level', 'state_code', 'municipality_code', 'year', 'month', 'bien_juridico', 'tipo', 'subtipo', 'modalidad', 'n', 'import_id'],
    inserts.map((c) => [level, stateCode, c.mun, c.year, c.month, c.row.bienJuridico, c.row.tipo, c.row.subtipo, c.row.modalidad, c.n, importId]),
  );
  if (updates.length > 0) {
    const a = columnsOf(updates);
    await sql`
      UPDATE sesnsp_counts AS c SET n = u.n, import_id = ${importId}
      FROM unnest(${a.mun}::text[], ${a.year}::int[], ${a.month}::int[], ${a.bien}::text[], ${a.tipo}::text[],
                  ${a.subtipo}::text[], ${a.modalidad}::text[], ${a.n}::int[]) AS u(mun, year, month, bien, tipo, subtipo, modalidad, n)
      WHERE c.level = ${level} AND c.state_code = ${stateCode} AND c.municipality_code = u.mun AND c.year = u.year
        AND c.month = u.month AND c.bien_juridico = u.bien AND c.tipo = u.tipo AND c.subtipo = u.subtipo
        AND c.modalidad = u.modalidad`.execute(trx);
  }
  if (deletes.length > 0) {
    const a = columnsOf(deletes);
    await sql`
      DELETE FROM sesnsp_counts AS c
      USING unnest(${a.mun}::text[], ${a.year}::int[], ${a.month}::int[], ${a.bien}::text[], ${a.tipo}::text[],
                   ${a.subtipo}::text[], ${a.modalidad}::text[]) AS u(mun, year, month, bien, tipo, subtipo, modalidad)
      WHERE c.level = ${level} AND c.state_code = ${stateCode} AND c.municipality_code = u.mun AND c.year = u.year
        AND c.month = u.month AND c.bien_juridico = u.bien AND c.tipo = u.tipo AND c.subtipo = u.subtipo
        AND c.modalidad = u.modalidad`.execute(trx);
  }
  await copyRows(
    trx,
    'sesnsp_coverage',
    ['level', 'state_code', 'municipality_code', 'year', 'month', 'import_id'],
    [...newCoverage.values()].map(([mun, year, month]) => [level, stateCode, mun, year, month, importId]),
  );
  return result;
}

function columnsOf(cells: Cell[]) {
  return {
    mun: cells.map((c) => c.mun),
    year: cells.map((c) => c.year),
    month: cells.map((c) => c.month),
    bien: cells.map((c) => c.row.bienJuridico),
    tipo: cells.map((c) => c.row.tipo),
    subtipo: cells.map((c) => c.row.subtipo),
    modalidad: cells.map((c) => c.row.modalidad),
    n: cells.map((c) => c.n),
  };
}
