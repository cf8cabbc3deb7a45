// The releases waiting for one person's action, with the time they have waited: the source of the "Mis pendientes"
// page. Items share the shape of the dispatches' queue (distribution/queue.ts) so that both feed one page.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { factsOf, releaseLink } from './store.ts';
import { awaitedTask, awaits, type WorkflowActor } from './workflow.ts';

export interface QueueItem {
  kind: string;
  id: number;
  title: string;
  waitingSince: Date;
  link: string;
}

/** Open releases that wait for `user` (by role, area and the filters they already signed), oldest first. */
export async function releaseQueueItems(db: Kysely<Database>, user: WorkflowActor): Promise<QueueItem[]> {
  const rows = await db
    .selectFrom('releases as r')
    .innerJoin('release_versions as v', (j) => j.onRef('v.release_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'))
    .select(['r.id', 'r.state', 'r.current_version', 'r.state_since', 'v.title'])
    .where('r.state', 'not in', ['published', 'withdrawn'])
    .orderBy('r.state_since')
    .orderBy('r.id')
    .execute();
  const facts = await factsOf(db, rows);
  return rows.flatMap((r) => {
    const f = facts.get(Number(r.id))!;
    if (!awaits(f, user)) return [];
    return [{ kind: 'release', id: Number(r.id), title: `${awaitedTask(f)}: ${r.title}`, waitingSince: r.state_since, link: releaseLink(Number(r.id)) }];
  });
}
