// Settings of the distribution domain: the folio pattern, the letterhead of the official documents, who signs for
// each area, and the days that flag agreements about to expire and remind pending acknowledgments. Stored as one
// JSON value per key; what was never set takes its default.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import { AREA_CODES } from '../access/permissions.ts';
import type { Actor } from '../access/users.ts';
import { stateName } from '../reference/geography.ts';
import { DEFAULT_EXPIRY_WARNING_DAYS } from './coverage.ts';
import { DistributionError } from './errors.ts';
import { DEFAULT_FOLIO_PATTERN, folioPatternProblems } from './folios.ts';

const signatory = z.object({
  name: z.string().trim().min(3, 'escriba el nombre de quien firma').max(200),
  position: z.string().trim().min(3, 'escriba el cargo de quien firma').max(300),
});

export const settingsSchema = z.object({
  folioPattern: z.string().trim().superRefine((p, ctx) => {
    for (const problem of folioPatternProblems(p)) ctx.addIssue({ code: 'custom', message: problem });
  }),
  letterhead: z.object({
    institution: z.string().trim().min(3).max(200),
    center: z.string().trim().min(3).max(200),
    /** Where the documents are signed: «Oaxaca de Juárez, Oax.». */
    place: z.string().trim().min(2).max(120),
  }),
  /** Who signs the documents of each issuing area. */
  signatories: z.partialRecord(z.enum(AREA_CODES.filter((a) => a !== 'EXT') as [string, ...string[]]), signatory),
  expiryWarningDays: z.number().int().min(1).max(365),
  ackReminderDays: z.number().int().min(1).max(60),
});

export type DistributionSettings = z.infer<typeof settingsSchema>;
type Key = keyof DistributionSettings;

export function defaultSettings(stateCode: string): DistributionSettings {
  const state = stateName(stateCode) ?? stateCode;
  return {
    folioPattern: DEFAULT_FOLIO_PATTERN,
    letterhead: {
      institution: `Secretaría de Seguridad Pública del Estado de ${state}`,
      center: 'Centro de Control, Comando y Comunicación C4',
      place: state,
    },
    signatories: {},
    expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
    ackReminderDays: 3,
  };
}

export async function getSettings(db: Kysely<Database>, stateCode: string): Promise<DistributionSettings> {
  const settings = defaultSettings(stateCode);
  const rows = await db.selectFrom('distribution_settings').select(['key', 'value']).execute();
  const out = settings as Record<string, unknown>;
  for (const row of rows) if (row.key in settings) out[row.key] = row.value;
  return settings;
}

/** Validates and stores the given settings with an audit entry; returns all settings. */
export async function updateSettings(
  db: Kysely<Database>,
  actor: Actor,
  stateCode: string,
  change: Partial<DistributionSettings>,
): Promise<DistributionSettings> {
  const current = await getSettings(db, stateCode);
  const parsed = settingsSchema.safeParse({ ...current, ...change });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new DistributionError('configuracion_invalida', `Configuración inválida: ${detail}.`);
  }
  const keys = Object.keys(change).filter((k): k is Key => k in current);
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      const value = JSON.stringify(parsed.data[key]);
      await trx
        .insertInto('distribution_settings')
        .values({ key, value, updated_by: actor.id })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: actor.id, updated_at: new Date() }))
        .execute();
    }
    await appendAudit(trx, {
      actorId: actor.id,
      actor: actor.username,
      ip: actor.ip ?? null,
      action: 'distribution.settings.update',
      entity: 'distribution_settings',
      entityId: keys.join(','),
      details: { before: Object.fromEntries(keys.map((k) => [k, current[k]])), after: Object.fromEntries(keys.map((k) => [k, parsed.data[k]])) },
    });
  });
  return parsed.data;
}
