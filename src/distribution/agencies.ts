// Agencies that receive the center's information (federal, state, municipal, civil, private) with their contacts
// and their external user accounts; collaboration agreements with their parties, validity, coverage (report types
// and classification levels), signed documents (SHA-256), standing approvals and termination. Every change is
// audited in its own transaction.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { AccessError } from '../access/errors.ts';
import { generatePassword } from '../access/passwords.ts';
import { addUser, type Actor, type PublicUser } from '../access/users.ts';
import { sha256Hex } from '../reports/products.ts';
import { municipalityName } from '../reference/geography.ts';
import { audit } from './audit.ts';
import { agreementState, coverageOf, type AgreementFacts, type AgreementState, type Coverage } from './coverage.ts';
import { DistributionError, notFound, parseInput } from './errors.ts';
import type { AgencyKind, CoveredClassification } from './tables.ts';

const text = (min: number, max: number, what: string) =>
  z.string().trim().min(min, `${what}: escriba al menos ${min} caracteres`).max(max, `${what}: hasta ${max} caracteres`);
const optionalText = (max: number) =>
  z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use una fecha AAAA-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no es una fecha válida');

const agencySchema = z
  .object({
    name: text(3, 300, 'nombre'),
    shortName: text(2, 60, 'nombre corto'),
    kind: z.enum(['federal', 'state', 'municipal', 'civil', 'private'], { message: 'tipo de dependencia no válido' }),
    municipalityCode: z.string().trim().nullish().transform((v) => (v ? v : null)),
    address: optionalText(500),
  })
  .superRefine((a, ctx) => {
    if (a.municipalityCode && !municipalityName(a.municipalityCode)) {
      ctx.addIssue({ code: 'custom', path: ['municipalityCode'], message: `no existe el municipio ${a.municipalityCode}` });
    }
    if (a.kind === 'municipal' && !a.municipalityCode) {
      ctx.addIssue({ code: 'custom', path: ['municipalityCode'], message: 'una dependencia municipal debe indicar su municipio' });
    }
  });
export type AgencyInput = z.input<typeof agencySchema>;

const contactSchema = z.object({
  name: text(3, 200, 'nombre'),
  position: text(2, 200, 'cargo'),
  email: z.string().trim().email('correo electrónico no válido').max(200).nullish().or(z.literal('')).transform((v) => (v ? v : null)),
  phone: optionalText(40),
  isAddressee: z.boolean().default(false),
});
export type ContactInput = z.input<typeof contactSchema>;

const agreementSchema = z
  .object({
    number: text(3, 100, 'número'),
    title: text(3, 500, 'objeto'),
    signedOn: day,
    validFrom: day,
    validUntil: day,
    reportTypes: z.array(z.string().min(1).max(100)).min(1, 'indique al menos un tipo de reporte'),
    classifications: z.array(z.enum(['restricted', 'public'], { message: 'solo se cubren los niveles reservado y público' })).min(1, 'indique al menos un nivel de clasificación'),
    agencyIds: z.array(z.number().int().positive()).min(1, 'indique al menos una dependencia parte del convenio'),
  })
  .superRefine((a, ctx) => {
    if (a.validUntil < a.validFrom) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'la vigencia termina antes de empezar' });
    if (a.signedOn > a.validUntil) ctx.addIssue({ code: 'custom', path: ['signedOn'], message: 'la firma es posterior al fin de la vigencia' });
  });
export type AgreementInput = z.input<typeof agreementSchema>;

export interface Agency {
  id: number;
  name: string;
  short_name: string;
  kind: AgencyKind;
  municipality_code: string | null;
  address: string | null;
  active: boolean;
}

export interface AgencyContact {
  id: number;
  agency_id: number;
  name: string;
  position: string;
  email: string | null;
  phone: string | null;
  is_addressee: boolean;
  active: boolean;
}

export interface Agreement extends AgreementFacts {
  title: string;
  signed_on: string;
  parties: { id: number; name: string; short_name: string }[];
  document: { id: number; file_name: string; media_type: string; sha256: string; size: number; uploaded_at: Date } | null;
  standing_by_name: string | null;
  standing_at: Date | null;
  standing_comment: string | null;
  created_at: Date;
}

const AGENCY_COLUMNS = ['id', 'name', 'short_name', 'kind', 'municipality_code', 'address', 'active'] as const;

function uniqueViolation(err: unknown, message: string): never {
  if ((err as { code?: string }).code === '23505') throw new DistributionError('duplicado', message, 409);
  throw err;
}

// ---- agencies ----------------------------------------------------------------------------------------------------

export async function listAgencies(db: Kysely<Database>): Promise<Agency[]> {
  return db.selectFrom('agencies').select(AGENCY_COLUMNS).orderBy('name').execute();
}

export async function getAgency(db: Kysely<Database>, id: number): Promise<Agency | undefined> {
  return db.selectFrom('agencies').select(AGENCY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function requireAgency(db: Kysely<Database>, id: number): Promise<Agency> {
  const agency = await getAgency(db, id);
  if (!agency) throw notFound('esa dependencia');
  return agency;
}

export async function createAgency(db: Kysely<Database>, actor: Actor, input: AgencyInput): Promise<Agency> {
  const a = parseInput(agencySchema, input);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('agencies')
        .values({ name: a.name, short_name: a.shortName, kind: a.kind, municipality_code: a.municipalityCode, address: a.address })
        .returning(AGENCY_COLUMNS)
        .executeTakeFirstOrThrow();
      await audit(trx, actor, 'agency.create', 'agency', row.id, a);
      return row;
    });
  } catch (err) {
    uniqueViolation(err, `Ya existe una dependencia llamada «${a.name}».`);
  }
}

export async function updateAgency(db: Kysely<Database>, actor: Actor, id: number, input: AgencyInput & { active?: boolean }): Promise<Agency> {
  const a = parseInput(agencySchema, input);
  const before = await requireAgency(db, id);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('agencies')
        .set({
          name: a.name,
          short_name: a.shortName,
          kind: a.kind,
          municipality_code: a.municipalityCode,
          address: a.address,
          active: input.active ?? before.active,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returning(AGENCY_COLUMNS)
        .executeTakeFirstOrThrow();
      await audit(trx, actor, 'agency.update', 'agency', id, { before, after: row });
      return row;
    });
  } catch (err) {
    uniqueViolation(err, `Ya existe una dependencia llamada «${a.name}».`);
  }
}

// ---- contacts ----------------------------------------------------------------------------------------------------

export async function listContacts(db: Kysely<Database>, agencyId: number): Promise<AgencyContact[]> {
  return db
    .selectFrom('agency_contacts')
    .select(['id', 'agency_id', 'name', 'position', 'email', 'phone', 'is_addressee', 'active'])
    .where('agency_id', '=', agencyId)
    .orderBy('is_addressee', 'desc')
    .orderBy('name')
    .execute();
}

export async function addContact(db: Kysely<Database>, actor: Actor, agencyId: number, input: ContactInput): Promise<AgencyContact> {
  const c = parseInput(contactSchema, input);
  await requireAgency(db, agencyId);
  return db.transaction().execute(async (trx) => {
    // One head per agency: the new addressee replaces the previous one.
    if (c.isAddressee) await trx.updateTable('agency_contacts').set({ is_addressee: false }).where('agency_id', '=', agencyId).execute();
    const row = await trx
      .insertInto('agency_contacts')
      .values({ agency_id: agencyId, name: c.name, position: c.position, email: c.email, phone: c.phone, is_addressee: c.isAddressee })
      .returning(['id', 'agency_id', 'name', 'position', 'email', 'phone', 'is_addressee', 'active'])
      .executeTakeFirstOrThrow();
    await audit(trx, actor, 'agency.contact.add', 'agency', agencyId, { contactId: row.id, ...c });
    return row;
  });
}

export async function setContactActive(db: Kysely<Database>, actor: Actor, agencyId: number, contactId: number, active: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('agency_contacts')
      .set({ active, ...(active ? {} : { is_addressee: false }) })
      .where('id', '=', contactId)
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('ese contacto en la dependencia');
    await audit(trx, actor, active ? 'agency.contact.activate' : 'agency.contact.deactivate', 'agency', agencyId, { contactId });
  });
}

// ---- external accounts -------------------------------------------------------------------------------------------

export interface ExternalAccount {
  id: number;
  username: string;
  display_name: string;
  active: boolean;
}

export async function listExternalAccounts(db: Kysely<Database>, agencyId: number): Promise<ExternalAccount[]> {
  return db
    .selectFrom('agency_users as au')
    .innerJoin('users as u', 'u.id', 'au.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.active'])
    .where('au.agency_id', '=', agencyId)
    .orderBy('u.username')
    .execute();
}

/**
 * Creates a portal account for a person of the agency (area «Dependencia externa», role external) and links it to
 * the agency, in one transaction. Returns the temporary password, which the person must change at first login.
 */
export async function createExternalAccount(
  db: Kysely<Database>,
  actor: Actor,
  agencyId: number,
  input: { username: string; displayName: string; password?: string },
): Promise<{ user: PublicUser; password: string }> {
  const agency = await requireAgency(db, agencyId);
  const password = input.password ?? generatePassword();
  return db.transaction().execute(async (trx) => {
    const user = await addUser(trx, actor, {
      username: input.username,
      displayName: input.displayName,
      areaCode: 'EXT',
      roles: ['external'],
      password,
      mustChangePassword: input.password === undefined,
    });
    await trx.insertInto('agency_users').values({ user_id: user.id, agency_id: agencyId }).execute();
    await audit(trx, actor, 'agency.account.create', 'agency', agencyId, { userId: user.id, username: user.username, agency: agency.name });
    return { user, password };
  });
}

/** Links an existing external account to an agency (the demo staff, an account made from the command line). */
export async function linkExternalAccount(db: Kysely<Database>, actor: Actor, agencyId: number, userId: number): Promise<void> {
  await requireAgency(db, agencyId);
  const user = await db.selectFrom('users').select(['id', 'username', 'area_code']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AccessError('usuario_no_encontrado', 'No existe ese usuario.', 404);
  if (user.area_code !== 'EXT') throw new DistributionError('cuenta_no_externa', `La cuenta «${user.username}» no es de una dependencia externa.`, 409);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agency_users')
      .values({ user_id: userId, agency_id: agencyId })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ agency_id: agencyId }))
      .execute();
    await audit(trx, actor, 'agency.account.link', 'agency', agencyId, { userId, username: user.username });
  });
}

/** The agency of an external account, or null (a staff account, or an external one not linked yet). */
export async function agencyOfUser(db: Kysely<Database>, userId: number): Promise<number | null> {
  const row = await db.selectFrom('agency_users').select('agency_id').where('user_id', '=', userId).executeTakeFirst();
  return row ? Number(row.agency_id) : null;
}

// ---- agreements --------------------------------------------------------------------------------------------------

async function loadAgreements(db: Kysely<Database>, where: { agencyId?: number; id?: number }): Promise<Agreement[]> {
  let q = db
    .selectFrom('agreements as a')
    .leftJoin('agreement_documents as d', 'd.id', 'a.document_id')
    .leftJoin('users as s', 's.id', 'a.standing_by')
    .select([
      'a.id', 'a.number', 'a.title', 'a.signed_on', 'a.valid_from', 'a.valid_until', 'a.report_types', 'a.classifications',
      'a.standing_approval', 'a.standing_at', 'a.standing_comment', 's.display_name as standing_by_name',
      'a.terminated_at', 'a.termination_reason', 'a.created_at',
      'd.id as doc_id', 'd.file_name as doc_name', 'd.media_type as doc_type', 'd.sha256 as doc_sha', 'd.size as doc_size', 'd.uploaded_at as doc_at',
    ])
    .orderBy('a.valid_until', 'desc')
    .orderBy('a.id', 'desc');
  if (where.id !== undefined) q = q.where('a.id', '=', where.id);
  if (where.agencyId !== undefined) {
    q = q.where('a.id', 'in', db.selectFrom('agreement_parties').select('agreement_id').where('agency_id', '=', where.agencyId));
  }
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const parties = await db
    .selectFrom('agreement_parties as p')
    .innerJoin('agencies as g', 'g.id', 'p.agency_id')
    .select(['p.agreement_id', 'g.id', 'g.name', 'g.short_name'])
    .where('p.agreement_id', 'in', rows.map((r) => r.id))
    .orderBy('g.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    signed_on: r.signed_on,
    valid_from: r.valid_from,
    valid_until: r.valid_until,
    report_types: r.report_types,
    classifications: r.classifications,
    hasDocument: r.doc_id !== null,
    document:
      r.doc_id !== null
        ? { id: r.doc_id, file_name: r.doc_name!, media_type: r.doc_type!, sha256: r.doc_sha!, size: r.doc_size!, uploaded_at: r.doc_at! }
        : null,
    standing_approval: r.standing_approval,
    standing_at: r.standing_at,
    standing_comment: r.standing_comment,
    standing_by_name: r.standing_by_name,
    terminated_at: r.terminated_at,
    termination_reason: r.termination_reason,
    created_at: r.created_at,
    parties: parties.filter((p) => p.agreement_id === r.id).map((p) => ({ id: p.id, name: p.name, short_name: p.short_name })),
  }));
}

export function listAgreements(db: Kysely<Database>, agencyId?: number): Promise<Agreement[]> {
  return loadAgreements(db, agencyId === undefined ? {} : { agencyId });
}

export async function getAgreement(db: Kysely<Database>, id: number): Promise<Agreement> {
  const [a] = await loadAgreements(db, { id });
  if (!a) throw notFound('ese convenio');
  return a;
}

async function checkReportTypes(db: Kysely<Database>, codes: string[]) {
  const known = await db.selectFrom('report_types').select('code').where('code', 'in', codes).execute();
  const missing = codes.filter((c) => !known.some((k) => k.code === c));
  if (missing.length) throw new DistributionError('datos_invalidos', `Datos inválidos: no existen los tipos de reporte ${missing.join(', ')}.`);
}

async function checkAgencies(db: Kysely<Database>, ids: number[]) {
  const known = await db.selectFrom('agencies').select('id').where('id', 'in', ids).execute();
  if (known.length !== new Set(ids).size) throw new DistributionError('datos_invalidos', 'Datos inválidos: alguna dependencia parte del convenio no existe.');
}

export async function createAgreement(db: Kysely<Database>, actor: Actor, input: AgreementInput): Promise<Agreement> {
  const a = parseInput(agreementSchema, input);
  await checkReportTypes(db, a.reportTypes);
  await checkAgencies(db, a.agencyIds);
  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('agreements')
        .values({
          number: a.number,
          title: a.title,
          signed_on: a.signedOn,
          valid_from: a.validFrom,
          valid_until: a.validUntil,
          report_types: [...new Set(a.reportTypes)],
          classifications: [...new Set(a.classifications)] as CoveredClassification[],
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const agreementId = Number(row.id);
      await trx.insertInto('agreement_parties').values([...new Set(a.agencyIds)].map((agency_id) => ({ agreement_id: agreementId, agency_id }))).execute();
      await audit(trx, actor, 'agreement.create', 'agreement', agreementId, a);
      return agreementId;
    });
  } catch (err) {
    uniqueViolation(err, `Ya existe un convenio con el número «${a.number}».`);
  }
  return getAgreement(db, id);
}

/** Amends an agreement's data (an addendum): number, object, dates, coverage, parties; audited with before and after. */
export async function updateAgreement(db: Kysely<Database>, actor: Actor, id: number, input: AgreementInput): Promise<Agreement> {
  const a = parseInput(agreementSchema, input);
  const before = await getAgreement(db, id);
  if (before.terminated_at) throw new DistributionError('convenio_terminado', `El convenio ${before.number} está terminado: ya no se modifica.`, 409);
  await checkReportTypes(db, a.reportTypes);
  await checkAgencies(db, a.agencyIds);
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('agreements')
        .set({
          number: a.number,
          title: a.title,
          signed_on: a.signedOn,
          valid_from: a.validFrom,
          valid_until: a.validUntil,
          report_types: [...new Set(a.reportTypes)],
          classifications: [...new Set(a.classifications)] as CoveredClassification[],
          // A new end date deserves a new warning.
          ...(a.validUntil !== before.valid_until ? { expiry_notified_at: null } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('agreement_parties').where('agreement_id', '=', id).execute();
      await trx.insertInto('agreement_parties').values([...new Set(a.agencyIds)].map((agency_id) => ({ agreement_id: id, agency_id }))).execute();
      const { document: _d, parties, ...facts } = before;
      await audit(trx, actor, 'agreement.update', 'agreement', id, { before: { ...facts, parties: parties.map((p) => p.id) }, after: a });
    });
  } catch (err) {
    uniqueViolation(err, `Ya existe un convenio con el número «${a.number}».`);
  }
  return getAgreement(db, id);
}

const DOCUMENT_TYPES: { type: string; magic: number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Stores the signed document (PDF, or a PNG/JPEG scan) with its SHA-256; a new upload supersedes the previous one. */
export async function attachAgreementDocument(
  db: Kysely<Database>,
  actor: Actor,
  agreementId: number,
  file: { fileName: string; content: Uint8Array },
): Promise<Agreement> {
  const agreement = await getAgreement(db, agreementId);
  if (file.content.byteLength === 0) throw new DistributionError('documento_vacio', 'El archivo del convenio está vacío.');
  if (file.content.byteLength > MAX_DOCUMENT_BYTES) throw new DistributionError('documento_grande', 'El documento del convenio excede 20 MB.');
  const kind = DOCUMENT_TYPES.find((t) => t.magic.every((b, i) => file.content[i] === b));
  if (!kind) throw new DistributionError('documento_no_admitido', 'El documento firmado debe ser un PDF o una imagen PNG o JPEG del convenio escaneado.');
  const sha256 = sha256Hex(file.content);
  const fileName = file.fileName.replace(/[\\/]/g, '_').slice(0, 200) || 'convenio.pdf';
  await db.transaction().execute(async (trx) => {
    const doc = await trx
      .insertInto('agreement_documents')
      .values({
        agreement_id: agreementId,
        file_name: fileName,
        media_type: kind.type,
        sha256,
        size: file.content.byteLength,
        content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
        uploaded_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('agreements').set({ document_id: doc.id, updated_at: new Date() }).where('id', '=', agreementId).execute();
    await audit(trx, actor, 'agreement.document', 'agreement', agreementId, {
      number: agreement.number,
      fileName,
      sha256,
      size: file.content.byteLength,
      replaces: agreement.document?.sha256 ?? null,
    });
  });
  return getAgreement(db, agreementId);
}

export async function getAgreementDocument(db: Kysely<Database>, agreementId: number) {
  const row = await db
    .selectFrom('agreements as a')
    .innerJoin('agreement_documents as d', 'd.id', 'a.document_id')
    .select(['d.file_name', 'd.media_type', 'd.sha256', 'd.size', 'd.content'])
    .where('a.id', '=', agreementId)
    .executeTakeFirst();
  if (!row) throw notFound('el documento firmado de ese convenio');
  return { ...row, content: new Uint8Array(row.content) };
}

/** The director general grants (or withdraws) a standing approval for the dispatches under an agreement. */
export async function setStandingApproval(
  db: Kysely<Database>,
  actor: Actor,
  agreementId: number,
  grant: boolean,
  comment: string,
): Promise<Agreement> {
  const agreement = await getAgreement(db, agreementId);
  const why = comment.trim();
  if (why.length < 3) throw new DistributionError('comentario_requerido', 'Escriba el motivo o el alcance de la autorización permanente.');
  if (grant && agreement.terminated_at) throw new DistributionError('convenio_terminado', `El convenio ${agreement.number} está terminado.`, 409);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('agreements')
      .set(
        grant
          ? { standing_approval: true, standing_by: actor.id, standing_at: new Date(), standing_comment: why, updated_at: new Date() }
          : { standing_approval: false, standing_by: null, standing_at: null, standing_comment: null, updated_at: new Date() },
      )
      .where('id', '=', agreementId)
      .execute();
    await audit(trx, actor, grant ? 'agreement.standing_approval.grant' : 'agreement.standing_approval.revoke', 'agreement', agreementId, {
      number: agreement.number,
      comment: why,
    });
  });
  return getAgreement(db, agreementId);
}

export async function terminateAgreement(db: Kysely<Database>, actor: Actor, agreementId: number, reason: string): Promise<Agreement> {
  const agreement = await getAgreement(db, agreementId);
  const why = reason.trim();
  if (why.length < 3) throw new DistributionError('comentario_requerido', 'Escriba el motivo de la terminación del convenio.');
  if (agreement.terminated_at) throw new DistributionError('convenio_terminado', `El convenio ${agreement.number} ya estaba terminado.`, 409);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('agreements')
      .set({ terminated_at: new Date(), terminated_by: actor.id, termination_reason: why, standing_approval: false, standing_by: null, updated_at: new Date() })
      .where('id', '=', agreementId)
      .execute();
    await audit(trx, actor, 'agreement.terminate', 'agreement', agreementId, { number: agreement.number, reason: why });
  });
  return getAgreement(db, agreementId);
}

/** Whether the agency may receive the report at that classification today, with the covering agreement or the reason. */
export async function checkCoverage(
  db: Kysely<Database>,
  q: { agencyId: number; reportType: string; classification: string; today: string },
): Promise<Coverage & { agency: Agency; reportName: string }> {
  const agency = await requireAgency(db, q.agencyId);
  const type = await db.selectFrom('report_types').select('name').where('code', '=', q.reportType).executeTakeFirst();
  const reportName = type?.name ?? q.reportType;
  if (!agency.active) {
    return { covered: false, reason: `${agency.name} está dada de baja: no puede recibir información.`, agency, reportName };
  }
  const agreements = await loadAgreements(db, { agencyId: q.agencyId });
  const coverage = coverageOf(agreements, { agencyName: agency.name, reportType: q.reportType, reportName, classification: q.classification, today: q.today });
  return { ...coverage, agency, reportName };
}

export interface AgreementWithState extends Agreement {
  state: AgreementState;
  daysLeft: number;
}

/** Every agreement with its state today, those about to expire first. */
export async function agreementsWithState(db: Kysely<Database>, today: string, warningDays: number, agencyId?: number): Promise<AgreementWithState[]> {
  const rows = await listAgreements(db, agencyId);
  const order: Record<AgreementState, number> = { por_vencer: 0, vigente: 1, no_iniciado: 2, vencido: 3, terminado: 4 };
  return rows
    .map((a) => ({
      ...a,
      state: agreementState(a, today, warningDays),
      daysLeft: Math.round((Date.parse(`${a.valid_until}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000),
    }))
    .sort((x, y) => order[x.state] - order[y.state] || x.valid_until.localeCompare(y.valid_until));
}

/** Agreements in force whose end is within the warning window and whose managers were not told yet. */
export async function agreementsToWarn(db: Kysely<Database>, today: string, warningDays: number) {
  const { rows } = await sql<{ id: number; number: string; valid_until: string }>`
    SELECT id, number, valid_until FROM agreements
    WHERE terminated_at IS NULL AND expiry_notified_at IS NULL
      AND valid_from <= ${today}::date AND valid_until >= ${today}::date
      AND valid_until - ${today}::date <= ${warningDays}
    ORDER BY valid_until, id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
