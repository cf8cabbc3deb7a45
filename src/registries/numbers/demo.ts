// The registry's demonstration state, built from the demo incidents as the daily job would: the sync, the
// thresholds run at the end of each of the last three months (so that cases have a history), a few staged actions
// and status changes, two manual reports (fictitious 555 numbers and «DEMO» references), both monthly lists of the
// last month and the submission of the extortion list by a demo oficio. Loaded once, on the first start.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { SYSTEM_ACTOR, type Actor } from '../../access/users.ts';
import { generateProduct } from '../../reports/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { openCasesByThreshold, recordAction } from './mitigation.ts';
import { changeStatus, reportNumber, syncFromIncidents } from './registry.ts';
import { addDays } from './rules.ts';
import { mitigationSettings } from './settings.ts';
import { recordSubmission } from './submissions.ts';

export interface NumbersDemoOptions {
  /** Last month of demo incidents ('YYYY-MM'). */
  endMonth: string;
}

async function demoActor(db: Kysely<Database>, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'username']).where('username', '=', username).executeTakeFirst();
  return u ? { id: Number(u.id), username: u.username } : SYSTEM_ACTOR;
}

export async function seedNumbersDemo(db: Kysely<Database>, config: Config, opts: NumbersDemoOptions) {
  const settings = mitigationSettings(config.dataDir);
  const zone = new LocalTime(config.timeZone);
  const analyst = await demoActor(db, 'analista.cee');
  const director = await demoActor(db, 'director.cee');
  await syncFromIncidents(db, SYSTEM_ACTOR);
  const [y, m] = opts.endMonth.split('-').map(Number) as [number, number];
  for (let back = 2; back >= 0; back--) {
    const month = new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7);
    await openCasesByThreshold(db, settings, config.timeZone, new Date(zone.startOfDay(`${month}-28`).getTime() + 20 * 3600_000));
  }
  await syncFromIncidents(db, SYSTEM_ACTOR);

  // Staged actions on the oldest cases: one per stage, the first two closed.
  const cases = await db.selectFrom('mitigation_cases').select(['id', 'opened_on']).orderBy('id').limit(6).execute();
  const steps: [number, ('aviso' | 'segundo_aviso' | 'canalizacion' | 'cierre')[]][] = [[0, ['aviso', 'cierre']], [1, ['aviso', 'segundo_aviso', 'canalizacion', 'cierre']], [2, ['aviso', 'segundo_aviso', 'canalizacion']], [3, ['aviso', 'segundo_aviso']], [4, ['aviso']]];
  for (const [i, actions] of steps) {
    const c = cases[i];
    if (!c) continue;
    let day = String(c.opened_on).slice(0, 10);
    for (const action of actions) {
      day = addDays(day, 2);
      await recordAction(db, analyst, Number(c.id), {
        action,
        actedOn: day,
        destination: action === 'canalizacion' ? settings.referralDestinations[0] : null,
        reference: action === 'canalizacion' ? `DEMO/CEE/${Number(c.id)}` : null,
        note: action === 'aviso' ? 'Llamada de aviso sobre el uso indebido del 9-1-1 (demostración).' : null,
        outcome: action === 'cierre' ? (i === 0 ? 'cesaron' : 'canalizado') : null,
      }, config.timeZone, new Date(zone.startOfDay(addDays(day, 1)).getTime() + 12 * 3600_000));
    }
  }

  // The workflow on the extortion numbers most reported.
  const top = await db
    .selectFrom('phone_sightings')
    .select(['phone', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', '=', 'extorsion')
    .groupBy('phone')
    .orderBy('n', 'desc')
    .orderBy('phone')
    .limit(5)
    .execute();
  for (const [i, t] of top.entries()) {
    await changeStatus(db, analyst, t.phone, 'en_verificacion', 'Se solicita al concesionario la titularidad de la línea (demostración).', false);
    if (i < 3) await changeStatus(db, director, t.phone, 'confirmado', 'Reportado por varias víctimas con la misma modalidad (demostración).', true);
    else if (i === 3) await changeStatus(db, director, t.phone, 'descartado', 'La línea pertenece a un comercio legítimo suplantado (demostración).', true);
  }
  const ctx = { timeZone: config.timeZone, centerCodes: new Set((await db.selectFrom('call_centers').select('code').execute()).map((c) => c.code)), modalityCodes: new Set(['secuestro_virtual', 'cobranza_ilegal']) };
  const lastDay = addDays(`${opts.endMonth}-28`, 0);
  await reportNumber(db, analyst, { phone: '+52 1 555 010 0001', kind: 'extorsion', seenOn: lastDay, modality: 'secuestro_virtual', reference: 'DEMO oficio FGEO/0001' }, ctx);
  await reportNumber(db, analyst, { phone: '044 555 010 0002', kind: 'extorsion', seenOn: lastDay, modality: 'cobranza_ilegal', reference: 'DEMO reporte del concesionario' }, ctx);

  const malicious = await generateProduct(db, config, { type: 'numeros-maliciosos', period: opts.endMonth, userId: analyst.id, actor: analyst });
  const extortion = await generateProduct(db, config, { type: 'numeros-extorsion-cni', period: opts.endMonth, userId: analyst.id, actor: analyst });
  await recordSubmission(db, analyst, { reportCode: 'numeros-extorsion-cni', productId: extortion.id, sentAt: new Date().toISOString(), oficioFolio: `DEMO/SSPO/C4/CEE/0001/${y}` });
  return { cases: cases.length, products: [malicious.id, extortion.id] };
}
