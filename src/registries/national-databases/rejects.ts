// Rejected rows of a supply-log import as CSV, in pages (bounded memory), for the area that fixes its log.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { csvField } from '../../db/copy.ts';

export async function* supplyRejectsCsv(db: Kysely<Database>, importId: number, pageSize = 5000): AsyncGenerator<string> {
  yield '\uFEFFlinea,motivos,contenido_original\n';
  let after = -1;
  for (;;) {
    const page = await db
      .selectFrom('nd_rejects')
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
