// The distribution domain's daily run on the report worker's queue: pending acknowledgments older than the
// configured days are reminded (to the agency's accounts for the portal channels, to the sender for the physical
// ones, which the center must record) and reminded again every as many days; agreements that enter the warning
// window are announced once to the people who manage them. Each reminder is audited and kept in the trail.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { SYSTEM_ACTOR } from '../access/users.ts';
import type { PeriodicJob } from '../reports/scheduler.ts';
import { LocalTime } from '../util/local-time.ts';
import { agreementsToWarn } from './agencies.ts';
import { audit } from './audit.ts';
import { longDate } from './labels.ts';
import { agencyAccounts, notifyAll, staffWith } from './recipients.ts';
import { getSettings } from './settings.ts';
import { isPhysical } from './workflow.ts';

export const DISTRIBUTION_REMINDERS = 'distribution_reminders';
const DAY_MS = 86_400_000;

export interface ReminderResult {
  reminded: number;
  agreementsWarned: number;
}

export async function runReminders(db: Kysely<Database>, config: Pick<Config, 'stateCode' | 'timeZone'>, now: Date = new Date()): Promise<ReminderResult> {
  const settings = await getSettings(db, config.stateCode);
  const local = new LocalTime(config.timeZone);
  const today = local.dayAndHour(now).date;
  const threshold = new Date(now.getTime() - settings.ackReminderDays * DAY_MS);
  const due = await db
    .selectFrom('dispatches as d')
    .innerJoin('folios as f', 'f.id', 'd.folio_id')
    .select(['d.id', 'd.channel', 'd.subject', 'd.sent_at', 'd.agency_id', 'd.sent_by', 'd.created_by', 'f.folio'])
    .where('d.status', 'in', ['sent', 'delivered'])
    .where('d.sent_at', '<', threshold)
    .where((eb) => eb.or([eb('d.last_reminder_at', 'is', null), eb('d.last_reminder_at', '<', threshold)]))
    .orderBy('d.id')
    .execute();
  let reminded = 0;
  for (const d of due) {
    const days = Math.floor((now.getTime() - d.sent_at!.getTime()) / DAY_MS);
    const sentOn = longDate(local.dayAndHour(d.sent_at!).date);
    await db.transaction().execute(async (trx) => {
      // Taken again under lock: a concurrent acknowledgment wins over the reminder.
      const still = await trx.selectFrom('dispatches').select(['status', 'reminders']).where('id', '=', d.id).where('status', 'in', ['sent', 'delivered']).forUpdate().executeTakeFirst();
      if (!still) return;
      reminded++;
      if (isPhysical(d.channel)) {
        await notifyAll(trx, [d.sent_by, d.created_by], `Acuse pendiente desde hace ${days} días: registre el acuse de recibo de ${d.folio} «${d.subject}», enviado el ${sentOn}.`, `/envios?id=${d.id}`);
      } else {
        await notifyAll(trx, await agencyAccounts(trx, Number(d.agency_id)), `Recordatorio: tiene pendiente acusar de recibido ${d.folio} «${d.subject}», enviado el ${sentOn}.`, '/portal');
        await notifyAll(trx, [d.sent_by], `La dependencia no ha acusado de recibido ${d.folio} «${d.subject}» (${days} días); se le envió un recordatorio.`, `/envios?id=${d.id}`);
      }
      await trx.updateTable('dispatches').set({ last_reminder_at: now, reminders: still.reminders + 1 }).where('id', '=', d.id).execute();
      await trx
        .insertInto('dispatch_events')
        .values({ dispatch_id: d.id, actor_id: null, actor_name: 'Sistema', action: 'reminder', from_status: still.status, to_status: still.status, comment: null, details: JSON.stringify({ days, reminder: still.reminders + 1 }) })
        .execute();
      await audit(trx, SYSTEM_ACTOR, 'dispatch.reminder', 'dispatch', d.id, { folio: d.folio, days, reminder: still.reminders + 1 });
    });
  }
  const warn = await agreementsToWarn(db, today, settings.expiryWarningDays);
  for (const a of warn) {
    await db.transaction().execute(async (trx) => {
      await notifyAll(trx, await staffWith(trx, 'agencies.manage'), `El convenio ${a.number} vence el ${longDate(a.valid_until)}: tramite su renovación.`, `/dependencias?convenio=${a.id}`);
      await trx.updateTable('agreements').set({ expiry_notified_at: now }).where('id', '=', a.id).execute();
      await audit(trx, SYSTEM_ACTOR, 'agreement.expiry_warning', 'agreement', a.id, { number: a.number, validUntil: a.valid_until });
    });
  }
  return { reminded, agreementsWarned: warn.length };
}

/** The daily run as a periodic job of the report worker: one job per local day. */
export function distributionJobs(db: Kysely<Database>, config: Pick<Config, 'stateCode' | 'timeZone'>): PeriodicJob[] {
  const local = new LocalTime(config.timeZone);
  return [
    {
      kind: DISTRIBUTION_REMINDERS,
      keyFor: (now) => `${DISTRIBUTION_REMINDERS}:${local.dayAndHour(now).date}`,
      run: async () => ({ ...(await runReminders(db, config)) }),
    },
  ];
}
