// First-run reference rows of a state: its call centers with their coverage, and its named municipality groups.
// Idempotent: each part is only written while the state has none yet, so administrators' edits are never undone.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { defaultCallCenters, defaultCoverage } from './call-centers.ts';
import { isStateCode } from './geography.ts';
import { defaultGroups } from './groups.ts';

export interface SeedReferenceResult {
  centersCreated: number;
  municipalitiesCovered: number;
  groupsCreated: number;
}

export async function seedReference(db: Kysely<Database>, stateCode: string): Promise<SeedReferenceResult> {
  if (!isStateCode(stateCode)) throw new Error(`Clave de entidad no válida: "${stateCode}" (se espera '01' a '32')`);
  const centers = defaultCallCenters(stateCode);
  const coverage = defaultCoverage(stateCode);
  const groups = defaultGroups(stateCode);

  return db.transaction().execute(async (trx) => {
    const result: SeedReferenceResult = { centersCreated: 0, municipalitiesCovered: 0, groupsCreated: 0 };

    const existingCenters = await trx.selectFrom('call_centers').select('code').where('state_code', '=', stateCode).execute();
    if (existingCenters.length === 0) {
      // Center codes are unique across the database; one database serves one state, so a clash means misuse.
      const clash = await trx
        .selectFrom('call_centers')
        .select(['code', 'state_code'])
        .where('code', 'in', centers.map((c) => c.code))
        .executeTakeFirst();
      if (clash) {
        throw new Error(`La clave de centro ${clash.code} ya está registrada para la entidad ${clash.state_code}.`);
      }
      await trx
        .insertInto('call_centers')
        .values(centers.map((c) => ({ code: c.code, name: c.name, state_code: stateCode, active: true })))
        .execute();
      const rows = [...coverage].map(([municipality_code, center_code]) => ({ center_code, municipality_code }));
      await trx.insertInto('call_center_municipalities').values(rows).execute();
      result.centersCreated = centers.length;
      result.municipalitiesCovered = rows.length;
    }

    const existingGroups = await trx.selectFrom('municipality_groups').select('id').where('state_code', '=', stateCode).execute();
    if (existingGroups.length === 0) {
      for (const g of groups) {
        const { id } = await trx
          .insertInto('municipality_groups')
          .values({
            slug: g.slug,
            name: g.name,
            kind: g.kind,
            state_code: stateCode,
            source_citation: g.sourceCitation,
            source_url: g.sourceUrl,
            notes: g.notes,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (g.members.length > 0) {
          await trx
            .insertInto('municipality_group_members')
            .values(g.members.map((municipality_code) => ({ group_id: id, municipality_code })))
            .execute();
        }
      }
      result.groupsCreated = groups.length;
    }
    return result;
  });
}
