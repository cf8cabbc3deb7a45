// A small world for the distribution tests: the state's reference data and a month of demo calls, a real FESE
// product (restricted, produced by the CEE) and an internal one, staff of every role that takes part, and agencies
// with current, expired and unsigned agreements and their portal accounts.
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/schema.ts';
import { permissionsOf } from '../../src/access/permissions.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadDemo } from '../../src/incidents/demo.ts';
import { ensureReportCatalog, generateProduct, type Product } from '../../src/reports/index.ts';
import { storeProduct } from '../../src/reports/products.ts';
import { LocalTime } from '../../src/util/local-time.ts';
import { attachAgreementDocument, createAgency, createAgreement, createExternalAccount, addContact } from '../../src/distribution/agencies.ts';
import type { DistributionContext, DistributionUser } from '../../src/distribution/context.ts';
import { asIsRelease } from '../../src/distribution/release.ts';
import { updateSettings } from '../../src/distribution/settings.ts';

export const PASSWORD = 'clave-de-prueba-segura';
export const config: Config = loadConfig({ ATALAYA_STATE: '20', ATALAYA_TZ: 'America/Mexico_City', ATALAYA_DATA_DIR: '/tmp/unused' });
/** A real (tiny) PDF is not needed for the signature check: the upload is recognised by its magic bytes. */
export const SIGNED_PDF = new TextEncoder().encode('%PDF-1.4\n% convenio firmado (prueba)\n%%EOF\n');

export function today(now = new Date()): string {
  return new LocalTime(config.timeZone).dayAndHour(now).date;
}

export function shiftDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface World {
  ctx: DistributionContext;
  month: string;
  fese: Product;
  internal: Product;
  users: Record<'analystCee' | 'directorCee' | 'directorRvdi' | 'analystRvdi' | 'dg' | 'legal' | 'admin' | 'muni' | 'muni2' | 'cni' | 'ngo', DistributionUser>;
  agencies: Record<'muni' | 'cni' | 'ngo' | 'expired' | 'unsigned', number>;
  agreements: Record<'muni' | 'cni' | 'expired' | 'unsigned', number>;
}

async function user(db: Kysely<Database>, username: string, areaCode: string, roles: string[]): Promise<DistributionUser> {
  const u = await addUser(db, CLI_ACTOR, { username, displayName: `Persona ${username}`, areaCode, roles, password: PASSWORD });
  return { id: u.id, username: u.username, display_name: u.display_name, area_code: areaCode, roles, permissions: permissionsOf({ area_code: areaCode, roles }), agencyId: null };
}

export async function buildWorld(db: Kysely<Database>): Promise<World> {
  await seedReference(db, '20');
  await ensureReportCatalog(db);
  const t = today();
  const month = shiftMonth(t.slice(0, 7), -1);
  await loadDemo(db, { stateCode: '20', timeZone: config.timeZone, months: 1, scale: 0.005, seed: 11, endMonth: month });
  const fese = await generateProduct(db, config, { type: 'fese', period: month, params: {}, formats: ['pdf', 'csv'], userId: null, actor: CLI_ACTOR });
  const internal = await storeProduct(db, {
    reportType: 'audios-911',
    periodKey: month,
    params: {},
    paramsKey: '{}',
    cnieVersion: '3',
    dataCutAt: new Date(),
    classification: 'internal',
    userId: null,
    actor: CLI_ACTOR,
    summary: {},
    fileBase: `audios-911_${month}`,
    files: [{ format: 'zip', content: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]) }],
  });

  const users = {
    analystCee: await user(db, 'analista.cee', 'CEE', ['analyst']),
    directorCee: await user(db, 'director.cee', 'CEE', ['area_director']),
    directorRvdi: await user(db, 'director.rvdi', 'RVDI', ['area_director']),
    analystRvdi: await user(db, 'analista.rvdi', 'RVDI', ['analyst']),
    dg: await user(db, 'director.general', 'DG', ['director_general']),
    legal: await user(db, 'juridico', 'JUR', ['legal_reviewer']),
    admin: await user(db, 'administrador', 'DG', ['admin']),
  };
  const actor = { id: users.dg.id, username: users.dg.username };
  const agency = async (name: string, shortName: string, kind: 'federal' | 'municipal' | 'civil' | 'state', municipalityCode?: string) =>
    (await createAgency(db, actor, { name, shortName, kind, municipalityCode })).id;
  const agencies = {
    muni: await agency('Municipio de Oaxaca de Juárez', 'Oaxaca de Juárez', 'municipal', '20067'),
    cni: await agency('Centro Nacional de Información del SESNSP', 'CNI', 'federal'),
    ngo: await agency('Observatorio Ciudadano de Seguridad, A. C.', 'Observatorio', 'civil'),
    expired: await agency('Policía Estatal de Oaxaca', 'Policía Estatal', 'state'),
    unsigned: await agency('Instituto de la Mujer Oaxaqueña', 'IMO', 'state'),
  };
  await addContact(db, actor, agencies.muni, { name: 'Lic. Ana María Pérez López', position: 'Directora de Seguridad Pública Municipal', isAddressee: true });
  await addContact(db, actor, agencies.cni, { name: 'Mtro. Carlos Ruiz Soto', position: 'Titular del Centro Nacional de Información', isAddressee: true });
  const agreement = async (number: string, agencyIds: number[], from: string, until: string, reportTypes: string[], signed = true) => {
    const a = await createAgreement(db, actor, { number, title: `Convenio ${number}`, signedOn: from, validFrom: from, validUntil: until, reportTypes, classifications: ['restricted'], agencyIds });
    if (signed) await attachAgreementDocument(db, actor, a.id, { fileName: `${number.replace(/\//g, '-')}.pdf`, content: SIGNED_PDF });
    return a.id;
  };
  const agreements = {
    muni: await agreement('SSPO/C4/CONV/001/2026', [agencies.muni], shiftDays(t, -200), shiftDays(t, 300), ['fese', 'mapa-calor-policia']),
    cni: await agreement('SSPO/C4/CONV/002/2026', [agencies.cni], shiftDays(t, -100), shiftDays(t, 30), ['fese', 'extorsion-089']),
    expired: await agreement('SSPO/C4/CONV/003/2024', [agencies.expired], shiftDays(t, -800), shiftDays(t, -1), ['fese']),
    unsigned: await agreement('SSPO/C4/CONV/004/2026', [agencies.unsigned], shiftDays(t, -10), shiftDays(t, 300), ['fese'], false),
  };
  const account = async (agencyId: number, username: string): Promise<DistributionUser> => {
    const { user: u } = await createExternalAccount(db, actor, agencyId, { username, displayName: `Enlace ${username}`, password: PASSWORD });
    return { id: u.id, username: u.username, display_name: u.display_name, area_code: 'EXT', roles: ['external'], permissions: ['distribution.receive'], agencyId };
  };
  const all = {
    ...users,
    muni: await account(agencies.muni, 'enlace.municipio'),
    muni2: await account(agencies.muni, 'enlace2.municipio'),
    cni: await account(agencies.cni, 'enlace.cni'),
    ngo: await account(agencies.ngo, 'enlace.observatorio'),
  };
  await updateSettings(db, actor, '20', {
    signatories: {
      DG: { name: 'Mtra. Laura Méndez Ruiz', position: 'Directora General del C4' },
      CEE: { name: 'Ing. Jorge Salas Cruz', position: 'Director del Centro Estatal de Emergencias' },
    },
  });
  return { ctx: { db, config, release: asIsRelease }, month, fese, internal, users: all, agencies, agreements };
}

function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}
