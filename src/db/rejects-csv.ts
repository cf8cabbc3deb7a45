// Rejected rows of an import (incidents, SESNSP statistics, supply logs, …) as CSV, for the person who has to fix and re-import
// them. Every importer keeps its rejects in a table of the same shape: import_id, line, raw, reasons.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { csvField } from './copy.ts';

export type RejectsTable = 'import_rejects' | 'sesnsp_rejects' | 'nd_rejects' | 'cyber_import_rejects';

/** Yields the CSV (header, then one line per rejected row) in pages, to stay in bounded memory. */
export async function* rejectsCsv(db: Kysely<Database>, table: RejectsTable, importId: number, pageSize = 5000): AsyncGenerator<string> {
  yield '\uFEFFlinea,motivos,contenido_original\n';
  let after = -1;
  for (;;) {
    const page = await db
      .selectFrom(table)
      .select(['line', 'reasons', 'raw'])
      .where('import_id', '=', importId)
      .where('line', '>', after)
      .orderBy('line')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return;
    yield page.map((r) => `${r.line},${csvField(r.reasons.join(' | '))},${csvField(r.raw)}\n`).join('');
    after = Number(page[page.length - 1]!.line);
  }
}
