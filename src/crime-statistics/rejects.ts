// Rejected rows of a SESNSP import as CSV, for the person who has to fix and re-import them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { csvField } from '../db/copy.ts';

/** Yields the CSV (header, then one line per rejected row) in pages, to stay in bounded memory. */
export async function* sesnspRejectsCsv(db: Kysely<Database>, importId: number, pageSize = 5000): AsyncGenerator<string> {
  yield '\uFEFFlinea,motivos,contenido_original\n';
  let after = -1;
  for (;;) {
    const page = await db
      .selectFrom('sesnsp_rejects')
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
