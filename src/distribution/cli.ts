// The distribution domain on the command line: the register exported to a file, pending acknowledgments with their
// age, agreements with their state, the folio book, and the reminders run at once. The command line reads as the
// Dirección General does (every area); its exports are audited as «cli».
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { CLI_ACTOR } from '../access/users.ts';
import { agreementsWithState } from './agencies.ts';
import { localDay, type DistributionContext, type DistributionUser } from './context.ts';
import { AGREEMENT_STATE_LABELS } from './coverage.ts';
import { listDispatches, type DispatchFilter } from './dispatches.ts';
import { listFolios } from './folios.ts';
import { auditExport, describeFilter, registerEntries, registerPdf, registerXlsx } from './register.ts';
import { releasePreparer } from './release.ts';
import { runReminders } from './reminders.ts';
import { getSettings } from './settings.ts';
import { AWAITING_ACK } from './workflow.ts';

const CLI_READER: DistributionUser = { id: 0, username: 'cli', display_name: 'Línea de comandos', area_code: 'DG', roles: [], permissions: ['distribution.read'] };

const contextOf = (database: DatabaseHandle, config: Config): DistributionContext => ({ db: database.db, config, release: releasePreparer });

export async function exportRegister(database: DatabaseHandle, config: Config, format: 'xlsx' | 'pdf', out: string, filter: DispatchFilter): Promise<number> {
  const ctx = contextOf(database, config);
  const entries = await registerEntries(ctx, CLI_READER, filter);
  const label = describeFilter(filter);
  writeFileSync(out, format === 'xlsx' ? await registerXlsx(ctx, entries, label) : await registerPdf(ctx, entries, label));
  await auditExport(ctx, CLI_ACTOR, format, filter, entries.length);
  return entries.length;
}

export async function pendingAcknowledgments(database: DatabaseHandle, config: Config) {
  const rows = await listDispatches(contextOf(database, config), CLI_READER, { status: [...AWAITING_ACK] });
  const now = Date.now();
  return rows
    .map((r) => ({ folio: r.folio, dependencia: r.agency_name, canal: r.channel_label, enviado: r.sent_at, dias: Math.floor((now - new Date(r.sent_at!).getTime()) / 86_400_000), recordatorios: r.reminders }))
    .sort((a, b) => b.dias - a.dias);
}

export async function agreementList(database: DatabaseHandle, config: Config, expiringOnly: boolean) {
  const ctx = contextOf(database, config);
  const { expiryWarningDays } = await getSettings(database.db, config.stateCode);
  const rows = await agreementsWithState(database.db, localDay(ctx), expiryWarningDays);
  return rows
    .filter((a) => !expiringOnly || a.state === 'por_vencer')
    .map((a) => ({ numero: a.number, partes: a.parties.map((p) => p.short_name).join(', '), vigencia: `${a.valid_from} a ${a.valid_until}`, estado: AGREEMENT_STATE_LABELS[a.state], dias: a.daysLeft, documento: a.document?.sha256.slice(0, 12) ?? 'sin documento' }));
}

export async function folioBook(database: DatabaseHandle, q: { area?: string; year?: number }) {
  return (await listFolios(database.db, q)).map((f) => ({ folio: f.folio, documento: f.kind, envio: f.dispatch_id, emitido: f.issued_at, estado: f.status === 'issued' ? 'emitido' : 'cancelado', motivo: f.cancel_reason ?? '' }));
}

export function remindNow(database: DatabaseHandle, config: Config) {
  return runReminders(database.db, config);
}
