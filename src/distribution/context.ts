// What the distribution services need: the database, the state (for its letterhead and its local days), the mail
// server of the e-mail channel, the release
// preparer (the seam to disclosure control) and a clock that tests may set.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../access/users.ts';
import { LocalTime } from '../util/local-time.ts';
import type { ReleasePreparer } from './release.ts';
import type { WorkflowUser } from './workflow.ts';

export interface DistributionContext {
  db: Kysely<Database>;
  config: Pick<Config, 'stateCode' | 'timeZone' | 'mail'>;
  release: ReleasePreparer;
  now?: () => Date;
}

/** The person acting: a logged-in user with their computed permissions. */
export interface DistributionUser extends WorkflowUser {
  id: number;
  username: string;
  display_name: string;
  permissions: readonly string[];
  ip?: string | null;
}

export const nowOf = (ctx: DistributionContext) => (ctx.now ? ctx.now() : new Date());

/** The local day of the state at an instant. */
export function localDay(ctx: DistributionContext, at: Date = nowOf(ctx)): string {
  return new LocalTime(ctx.config.timeZone).dayAndHour(at).date;
}

export const actorOf = (u: DistributionUser): Actor => ({ id: u.id, username: u.username, ip: u.ip ?? null });
