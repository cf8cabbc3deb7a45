// Mitigation of improper 9-1-1 calls (seed 004, fifth agreement): a daily job opens a case for each number whose
// improper calls reach the threshold of its center (data/registries/numbers/mitigation.json), the center records
// the staged actions (warning, second warning, referral to the carrier or the competent authority, closing with an
// outcome), and the indicators per center show the share of improper calls by month, the repeat callers and the
// cases opened with their outcome.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Config } from '../../config.ts';
import { appendAudit } from '../../access/audit.ts';
import { SYSTEM_ACTOR, type Actor } from '../../access/users.ts';
import type { PeriodicJob } from '../../reports/scheduler.ts';
import { LocalTime } from '../../util/local-time.ts';
import { syncFromIncidents, ensureNumbers } from './registry.ts';
import { NumbersError, addDays, checkAction, reachesThreshold, type ActionInput } from './rules.ts';
import { mitigationSettings, thresholdFor, type MitigationSettings } from './settings.ts';

export const NUMBERS_JOB = 'numbers_daily';

/** Opens the cases due today. Calls before the close of a number's last case do not count again. */
export async function openCasesByThreshold(db: Kysely<Database>, settings: MitigationSettings, timeZone: string, now = new Date(), actor: Actor = SYSTEM_ACTOR) {
  const today = new LocalTime(timeZone).dayAndHour(now).date;
  const thresholds = [settings.threshold, ...Object.values(settings.centerThresholds)];
  const widest = Math.max(...thresholds.map((t) => t.days));
  const fewest = Math.min(...thresholds.map((t) => t.calls));
  const from = addDays(today, -(widest - 1));
  const { rows } = await sql<{ phone: string; center: string; dates: string[] }>`
    SELECT i.caller_phone AS phone, mode() WITHIN GROUP (ORDER BY i.center_code) AS center,
           array_agg(i.local_date::text ORDER BY i.local_date) AS dates
      FROM incidents i
     WHERE i.is_improper AND i.caller_phone IS NOT NULL AND i.local_date BETWEEN ${from}::date AND ${today}::date
       AND NOT EXISTS (SELECT 1 FROM mitigation_cases c WHERE c.phone = i.caller_phone AND (c.stage <> 'cerrado' OR c.closed_at >= i.received_at))
     GROUP BY i.caller_phone
    HAVING count(*) >= ${fewest}`.execute(db);
  const due = rows.filter((r) => reachesThreshold(r.dates, thresholdFor(settings, r.center), today));
  if (due.length === 0) return { opened: 0, added: 0 };
  return db.transaction().execute(async (trx) => {
    const added = await ensureNumbers(trx, actor, due.map((r) => r.phone), 'Alcanzó el umbral de llamadas improcedentes', now);
    for (const r of due) {
      const t = thresholdFor(settings, r.center);
      const calls = r.dates.filter((d) => d >= addDays(today, -(t.days - 1))).length;
      const c = await trx
        .insertInto('mitigation_cases')
        .values({ phone: r.phone, center_code: r.center, opened_at: now, opened_on: today, threshold_calls: t.calls, threshold_days: t.days, calls_in_window: calls, stage: 'abierto' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('mitigation_actions')
        .values({ case_id: Number(c.id), action: 'apertura', acted_on: today, actor_id: actor.id, actor: actor.username, note: `${calls} llamadas improcedentes en ${t.days} días (umbral: ${t.calls}).` })
        .execute();
      await appendAudit(trx, { actorId: actor.id, actor: actor.username, ip: actor.ip ?? null, action: 'numbers.case.open', entity: 'mitigation_case', entityId: Number(c.id), details: { calls, threshold: t } });
    }
    return { opened: due.length, added: added.length };
  });
}

/** The daily job: the sync from the incidents, then the thresholds, then the sync again for the new numbers' calls. */
export function numbersDailyJob(db: Kysely<Database>, config: Pick<Config, 'dataDir' | 'timeZone'>): PeriodicJob {
  const zone = new LocalTime(config.timeZone);
  return {
    kind: NUMBERS_JOB,
    keyFor: (now) => `${NUMBERS_JOB}:${zone.dayAndHour(now).date}`,
    run: async () => runDaily(db, config),
  };
}

export async function runDaily(db: Kysely<Database>, config: Pick<Config, 'dataDir' | 'timeZone'>, now = new Date()) {
  const first = await syncFromIncidents(db, SYSTEM_ACTOR);
  const cases = await openCasesByThreshold(db, mitigationSettings(config.dataDir), config.timeZone, now);
  const sync = await syncFromIncidents(db, SYSTEM_ACTOR);
  return {
    ...sync,
    added: first.added + cases.added + sync.added,
    removed: first.removed + sync.removed,
    reopened: first.reopened + sync.reopened,
    improperSightings: first.improperSightings + sync.improperSightings,
    casesOpened: cases.opened,
  };
}

/** Records one staged action of a case; the case moves to the stage it leads to. */
export async function recordAction(db: Kysely<Database>, actor: Actor, caseId: number, input: ActionInput, timeZone: string, now = new Date()) {
  const today = new LocalTime(timeZone).dayAndHour(now).date;
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('mitigation_cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
    if (!c) throw new NumbersError('caso_no_encontrado', 'No existe ese caso de mitigación.', 404);
    const last = await trx.selectFrom('mitigation_actions').select((eb) => eb.fn.max('acted_on').as('d')).where('case_id', '=', caseId).executeTakeFirst();
    const lastDay = last?.d ? String(last.d).slice(0, 10) : String(c.opened_on);
    const stage = checkAction(c.stage, String(c.opened_on), lastDay, input, today);
    await trx
      .insertInto('mitigation_actions')
      .values({
        case_id: caseId,
        action: input.action,
        acted_on: input.actedOn,
        actor_id: actor.id,
        actor: actor.username,
        destination: input.destination?.trim() || null,
        reference: input.reference?.trim() || null,
        note: input.note?.trim() || null,
      })
      .execute();
    await trx
      .updateTable('mitigation_cases')
      .set(stage === 'cerrado' ? { stage, outcome: input.outcome!, closed_at: now } : { stage })
      .where('id', '=', caseId)
      .execute();
    await appendAudit(trx, { actorId: actor.id, actor: actor.username, ip: actor.ip ?? null, action: 'numbers.case.action', entity: 'mitigation_case', entityId: caseId, details: { action: input.action, actedOn: input.actedOn, stage } });
    return { id: caseId, stage };
  });
}

export async function listCases(db: Kysely<Database>, f: { open?: boolean; center?: string }) {
  let q = db
    .selectFrom('mitigation_cases as c')
    .select(['c.id', 'c.phone', 'c.center_code', 'c.opened_on', 'c.threshold_calls', 'c.threshold_days', 'c.calls_in_window', 'c.stage', 'c.outcome', 'c.closed_at'])
    .select((eb) => eb.selectFrom('phone_sightings as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.phone', '=', 'c.phone').where('s.kind', '=', 'improcedente').as('improper_calls'))
    .orderBy('c.id', 'desc')
    .limit(500);
  if (f.open !== undefined) q = f.open ? q.where('c.stage', '<>', 'cerrado') : q.where('c.stage', '=', 'cerrado');
  if (f.center) q = q.where('c.center_code', '=', f.center);
  const cases = await q.execute();
  const ids = cases.map((c) => Number(c.id));
  const actions = ids.length
    ? await db.selectFrom('mitigation_actions').select(['id', 'case_id', 'action', 'acted_on', 'actor', 'destination', 'reference', 'note', 'recorded_at']).where('case_id', 'in', ids).orderBy('id').execute()
    : [];
  return cases.map((c) => ({
    ...c,
    id: Number(c.id),
    opened_on: String(c.opened_on).slice(0, 10),
    improper_calls: Number(c.improper_calls ?? 0),
    actions: actions.filter((a) => Number(a.case_id) === Number(c.id)).map((a) => ({ ...a, id: Number(a.id), case_id: Number(a.case_id), acted_on: String(a.acted_on).slice(0, 10) })),
  }));
}

export interface CenterMonth {
  center: string;
  month: string;
  calls: number;
  improper: number;
  share: number | null;
  repeatCallers: number;
  casesOpened: number;
}

/**
 * Indicators per center and month from `fromMonth` to `toMonth` ('YYYY-MM'): the share of improper 9-1-1 calls
 * (from the monthly rollup), the numbers that called improperly more than once in the month (from the incidents of
 * those months), the cases opened, and the outcomes of the cases closed.
 */
export async function mitigationIndicators(db: Kysely<Database>, fromMonth: string, toMonth: string) {
  const first = `${fromMonth}-01`;
  const after = addDays(`${toMonth}-28`, 7).slice(0, 7) + '-01';
  const calls = await sql<{ center: string; month: string; calls: number; improper: number }>`
    SELECT center_code AS center, to_char(month, 'YYYY-MM') AS month, sum(n)::int AS calls, (sum(n) FILTER (WHERE is_improper))::int AS improper
      FROM rollup_monthly WHERE channel = '911' AND month >= ${first}::date AND month < ${after}::date
     GROUP BY 1, 2`.execute(db);
  const repeat = await sql<{ center: string; month: string; n: number }>`
    SELECT center, month, count(*)::int AS n FROM (
      SELECT center_code AS center, to_char(local_date, 'YYYY-MM') AS month, caller_phone
        FROM incidents WHERE is_improper AND caller_phone IS NOT NULL AND local_date >= ${first}::date AND local_date < ${after}::date
       GROUP BY 1, 2, 3 HAVING count(*) > 1) x
     GROUP BY 1, 2`.execute(db);
  const opened = await sql<{ center: string; month: string; n: number }>`
    SELECT center_code AS center, to_char(opened_on, 'YYYY-MM') AS month, count(*)::int AS n
      FROM mitigation_cases WHERE opened_on >= ${first}::date AND opened_on < ${after}::date GROUP BY 1, 2`.execute(db);
  const outcomes = await sql<{ center: string; stage: string; outcome: string | null; n: number }>`
    SELECT center_code AS center, stage, outcome, count(*)::int AS n
      FROM mitigation_cases WHERE opened_on >= ${first}::date AND opened_on < ${after}::date GROUP BY 1, 2, 3`.execute(db);
  const key = (c: string, m: string) => `${c}|${m}`;
  const rows = new Map<string, CenterMonth>();
  const row = (center: string, month: string) => {
    let r = rows.get(key(center, month));
    if (!r) rows.set(key(center, month), (r = { center, month, calls: 0, improper: 0, share: null, repeatCallers: 0, casesOpened: 0 }));
    return r;
  };
  for (const c of calls.rows) Object.assign(row(c.center, c.month), { calls: Number(c.calls), improper: Number(c.improper ?? 0) });
  for (const r of repeat.rows) row(r.center, r.month).repeatCallers = Number(r.n);
  for (const o of opened.rows) row(o.center, o.month).casesOpened = Number(o.n);
  for (const r of rows.values()) r.share = r.calls ? r.improper / r.calls : null;
  return {
    months: [...rows.values()].sort((a, b) => a.center.localeCompare(b.center) || a.month.localeCompare(b.month)),
    outcomes: outcomes.rows.map((o) => ({ center: o.center, stage: o.stage, outcome: o.outcome, cases: Number(o.n) })),
  };
}
