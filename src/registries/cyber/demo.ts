// Demonstration records of the cyber unit, clearly synthetic and deterministic: a few months of incidents (folios
// «PC-…», referral references «DEMO-…») and a handful of hotline alerts whose references and URLs say DEMO and point
// at reserved example domains. Loaded once, on the first start of a demo state.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../access/audit.ts';
import { SYSTEM_ACTOR } from '../../access/users.ts';
import { demoMonths } from '../../incidents/demo.ts';
import { Random, WeightedTable, zipfTable } from '../../incidents/demo-random.ts';
import { loadStateGeography, populationOf } from '../../reference/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { actOnAlert, alertAssignees, createAlert } from './alerts.ts';
import { adjustCyberRollup, nextFolio } from './incidents.ts';
import { alertSettings, type AgeGroup, type VictimSex } from './settings.ts';
import type { CyberStatus } from './tables.ts';

export interface CyberDemoOptions {
  stateCode: string;
  timeZone: string;
  /** Last month with incidents ('YYYY-MM'); the demo fills it and the months before. */
  endMonth: string;
  months?: number;
  seed?: number;
  now?: Date;
}

/** Per type: weight, share of women victims, platforms, whether money is lost. */
const TYPES: [code: string, weight: number, women: number, platforms: string[], money: boolean][] = [
  ['fraude', 25, 0.5, ['comercio_en_linea', 'whatsapp', 'facebook', 'llamada', 'sitio_web'], true],
  ['phishing', 12, 0.5, ['sms', 'correo_electronico', 'whatsapp', 'sitio_web'], true],
  ['robo_identidad', 7, 0.55, ['facebook', 'whatsapp', 'banca_en_linea'], true],
  ['secuestro_cuenta', 12, 0.55, ['whatsapp', 'facebook', 'instagram'], true],
  ['sextorsion', 8, 0.45, ['facebook', 'instagram', 'whatsapp', 'citas'], true],
  ['ciberacoso', 12, 0.7, ['facebook', 'tiktok', 'instagram', 'whatsapp'], false],
  ['violencia_digital_mujeres', 8, 1, ['facebook', 'whatsapp', 'instagram', 'telegram'], false],
  ['amenazas', 7, 0.55, ['whatsapp', 'facebook', 'llamada'], false],
  ['abuso_sexual_infantil', 2, 0.7, ['videojuegos', 'facebook', 'tiktok'], false],
  ['malware_ransomware', 3, 0.4, ['correo_electronico', 'sitio_web'], true],
  ['otros', 4, 0.5, ['otra', 'no_identificada'], false],
];
const CHANNELS: [string, number][] = [['denuncia_presencial', 30], ['telefono', 15], ['linea_911', 12], ['linea_089', 6], ['correo', 10], ['redes_sociales', 12], ['portal_web', 8], ['oficio', 5], ['ciberpatrullaje', 2]];
const AGES: [AgeGroup, number][] = [['12-17', 10], ['18-29', 34], ['30-44', 30], ['45-59', 15], ['60+', 7], ['no_especificado', 4]];

/** Loads the demo unless the registry already has incidents; returns how many incidents and alerts it created. */
export async function seedCyberDemo(db: Kysely<Database>, opts: CyberDemoOptions): Promise<{ incidents: number; alerts: number }> {
  const any = await db.selectFrom('cyber_incidents').select('id').limit(1).executeTakeFirst();
  if (any) return { incidents: 0, alerts: 0 };
  const random = new Random('cyber-demo', opts.seed ?? 7);
  const now = opts.now ?? new Date();
  const today = new LocalTime(opts.timeZone).dayAndHour(now).date;
  const months = demoMonths(opts.endMonth, opts.months ?? 6);
  const geo = loadStateGeography(opts.stateCode);
  const year = Number(today.slice(0, 4));
  const places = zipfTable(
    [...geo.municipalities].sort((a, b) => (populationOf(b.code, year) ?? 0) - (populationOf(a.code, year) ?? 0)).slice(0, 60).map((m) => m.code),
    1.1,
  );
  const types = new WeightedTable(TYPES.map((t) => [t, t[1]] as const));
  const channels = new WeightedTable(CHANNELS);
  const ages = new WeightedTable(AGES);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random.next() * items.length)]!;

  const count = await db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    let n = 0;
    for (const [mi, month] of months.entries()) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const total = 38 + Math.floor(random.next() * 20) + mi * 2;
      const age = months.length - 1 - mi; // months before the last
      for (let i = 0; i < total; i++) {
        const day = `${month}-${String(1 + Math.floor(random.next() * days)).padStart(2, '0')}`;
        if (day > today) continue;
        const [type, , women, platforms, money] = types.draw(random);
        const sex: VictimSex = random.next() < 0.06 ? 'no_especificado' : random.next() < women ? 'mujer' : 'hombre';
        const ageGroup: AgeGroup = type === 'abuso_sexual_infantil' ? (random.next() < 0.5 ? '0-11' : '12-17') : ages.draw(random);
        const amount = money && random.next() < 0.8 ? Math.round(Math.exp(6.5 + random.next() * 4.5)) : null;
        const status: CyberStatus = random.next() < Math.min(0.85, 0.2 + age * 0.15) ? 'concluido' : random.next() < 0.6 ? 'en_atencion' : 'registrado';
        const referred = random.next() < (type === 'abuso_sexual_infantil' || type === 'sextorsion' ? 0.8 : 0.3);
        const referralDay = referred ? minDay(addDays(day, 1 + Math.floor(random.next() * 10)), today) : null;
        const folio = await nextFolio(trx, y);
        const row = await trx
          .insertInto('cyber_incidents')
          .values({
            folio,
            intake_channel: channels.draw(random),
            reported_on: day,
            victim_sex: sex,
            victim_age_group: ageGroup,
            municipality_code: random.next() < 0.1 ? null : places.draw(random),
            type_code: type,
            platform: pick(platforms),
            amount_lost: amount,
            status,
            referred,
            referral_reference: referred ? `DEMO-FGE/UECD/${String(++n).padStart(4, '0')}/${y}` : null,
            referral_date: referralDay,
            source: 'demo',
            import_id: null,
            created_by: null,
            updated_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(Number(row.id));
      }
    }
    await adjustCyberRollup(trx, ids, 1);
    await appendAudit(trx, { actorId: null, actor: SYSTEM_ACTOR.username, action: 'cyber.demo.load', entity: 'cyber_incident', entityId: null, details: { incidents: ids.length, months } });
    return ids.length;
  });

  // Alerts: one just received, one assigned and already overdue, one under investigation, one referred.
  const settings = alertSettings();
  const people = await alertAssignees(db);
  const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const demoAlert = (k: number, hotline: string, ageHours: number) => ({
    hotline,
    external_reference: `DEMO-${hotline}-${String(k).padStart(4, '0')}`,
    hotline_reported_at: hours(ageHours + 3),
    content_urls: [`https://contenido-demo-${k}.example.net/galeria/${1000 + k}`],
    content_hashes: [`sha256:${hashHex(`demo-alert-${k}`)}`],
    ip_addresses: [`203.0.113.${10 + k}`],
    account_identifiers: [`usuario_demo_${k}`],
    content_kind: k % 2 === 0 ? 'imagenes' : 'sitio_web',
    platform: 'Sitio web de alojamiento de imágenes (DEMO)',
    hosting_provider: 'Proveedor de ejemplo (DEMO)',
    hosting_country: 'NL',
    municipality_code: null,
    summary: 'Alerta de demostración: datos ficticios.',
  });
  const actor = { ...SYSTEM_ACTOR, permissions: ['cyber.grant'] as string[] };
  const plan: [string, number, ('assign' | 'start' | 'refer')[]][] = [
    ['INHOPE', 2, []],
    ['CRC', 90, ['assign']],
    ['INHOPE', 100, ['assign', 'start']],
    ['CRC', 400, ['assign', 'start', 'refer']],
  ];
  let created = 0;
  for (const [k, [hotline, ageHours, steps]] of plan.entries()) {
    const { id } = await createAlert(db, SYSTEM_ACTOR, demoAlert(k + 1, hotline, ageHours), settings, hours(ageHours));
    created++;
    let at = ageHours;
    for (const step of steps) {
      if (!people[0]) break;
      at = Math.max(1, at - 20);
      const when = hours(at);
      if (step === 'assign') await actOnAlert(db, actor, id, { kind: 'assign', assigneeId: pick(people).id }, settings, when);
      if (step === 'start') await actOnAlert(db, actor, id, { kind: 'start' }, settings, when);
      if (step === 'refer') await actOnAlert(db, actor, id, { kind: 'refer', destination: settings.referralDestinations[0]!, reference: `DEMO-OFICIO-${k + 1}` }, settings, when);
    }
  }
  return { incidents: count, alerts: created };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const minDay = (a: string, b: string) => (a < b ? a : b);

function hashHex(text: string): string {
  // Deterministic 64 hex digits for the demo (not a hash of any material).
  let out = '';
  for (let i = 0; out.length < 64; i++) out += new Random(text, i).next().toString(16).slice(2, 10).padEnd(8, '0');
  return out.slice(0, 64);
}
