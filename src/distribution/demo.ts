// Demo records of the distribution domain, so that whoever opens the demo sees its pages at work: agencies (the
// municipality of Oaxaca de Juárez, the state women's institute, the national information center, the state
// police, a civil observatory) with agreements in force, about to expire, expired and none, and contacts with their
// institutional e-mail; the demo portal accounts
// linked to them; the letterhead's signatories; and dispatches of last month's reports in several states, each
// taken through the real workflow by the demo staff. Runs once, on a database without agencies.
import PDFDocument from 'pdfkit';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { permissionsOf } from '../access/permissions.ts';
import { SYSTEM_ACTOR } from '../access/users.ts';
import { generateProduct } from '../reports/generate.ts';
import { ensureReportCatalog } from '../reports/catalog.ts';
import { LocalTime } from '../util/local-time.ts';
import { addContact, attachAgreementDocument, createAgency, createAgreement, linkExternalAccount, setStandingApproval } from './agencies.ts';
import type { DistributionContext, DistributionUser } from './context.ts';
import { act, createDispatch } from './dispatches.ts';
import { longDate } from './labels.ts';
import { releasePreparer } from './release.ts';
import { actOnRequest, fileRequest } from './requests.ts';
import { updateSettings } from './settings.ts';

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A one-page PDF standing in for the scanned agreement, marked as a demonstration document. */
function demoAgreementPdf(number: string, title: string, parties: string, signedOn: string): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'LETTER', margins: { top: 72, bottom: 72, left: 72, right: 72 }, info: { Title: `Convenio ${number}`, CreationDate: new Date(`${signedOn}T12:00:00Z`) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  doc.font('Helvetica-Bold').fontSize(14).text('CONVENIO DE COLABORACIÓN', { align: 'center' });
  doc.moveDown().font('Helvetica').fontSize(11).text(`Número: ${number}`, { align: 'center' });
  doc.moveDown().text(title, { align: 'justify' });
  doc.moveDown().text(`Partes: Centro de Control, Comando y Comunicación C4 y ${parties}.`);
  doc.moveDown().text(`Firmado el ${longDate(signedOn)}.`);
  doc.moveDown(2).fillColor('#a00').font('Helvetica-Bold').text('DOCUMENTO DE DEMOSTRACIÓN: no es un convenio real.', { align: 'center' });
  doc.end();
  return done;
}

async function demoUser(db: Kysely<Database>, username: string, agencyId: number | null = null): Promise<DistributionUser | null> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name', 'area_code', 'roles']).where('username', '=', username).executeTakeFirst();
  if (!u) return null;
  return { id: u.id, username: u.username, display_name: u.display_name, area_code: u.area_code, roles: u.roles, permissions: permissionsOf(u), agencyId };
}

export interface DistributionDemoResult {
  agencies: number;
  agreements: number;
  dispatches: number;
}

export async function seedDistributionDemo(db: Kysely<Database>, config: Config, opts: { month: string }): Promise<DistributionDemoResult | null> {
  if (await db.selectFrom('agencies').select('id').limit(1).executeTakeFirst()) return null;
  await ensureReportCatalog(db);
  const today = new LocalTime(config.timeZone).dayAndHour(new Date()).date;
  const dg = await demoUser(db, 'director.general');
  const directorCee = await demoUser(db, 'director.cee');
  const analystCee = await demoUser(db, 'analista.cee');
  if (!dg || !directorCee || !analystCee) throw new Error('the distribution demo needs the demo staff (ensureDemoStaff) first');
  const admin = { id: dg.id, username: dg.username };

  await updateSettings(db, admin, config.stateCode, {
    letterhead: { institution: 'Secretaría de Seguridad Pública del Estado de Oaxaca', center: 'Centro de Control, Comando y Comunicación C4', place: 'Oaxaca de Juárez, Oax.' },
    signatories: {
      DG: { name: 'Mtra. Laura Méndez Ruiz', position: 'Directora General del Centro de Control, Comando y Comunicación C4' },
      CEE: { name: 'Ing. Jorge Salas Cruz', position: 'Director del Centro Estatal de Emergencias' },
      RVDI: { name: 'Lic. Patricia Ortiz Vega', position: 'Directora de Red, Voz, Datos e Imagen' },
    },
  });

  // Addresses under the reserved .example domain: a demo with a real mail server configured cannot reach anyone.
  const agency = async (name: string, shortName: string, kind: 'federal' | 'state' | 'municipal' | 'civil', contact: [string, string, string?] | null, municipalityCode?: string) => {
    const a = await createAgency(db, admin, { name, shortName, kind, municipalityCode });
    if (contact) await addContact(db, admin, a.id, { name: contact[0], position: contact[1], email: contact[2], isAddressee: true });
    return a.id;
  };
  const muni = await agency('Municipio de Oaxaca de Juárez', 'Oaxaca de Juárez', 'municipal', ['Cmdte. Ricardo Luna Pacheco', 'Director de Seguridad Pública y Vialidad Municipal', 'direccion.seguridad@oaxacadejuarez.example'], '20067');
  const imo = await agency('Instituto de la Mujer Oaxaqueña', 'IMO', 'state', ['Mtra. Elena Ramírez Cruz', 'Directora General del Instituto de la Mujer Oaxaqueña', 'direccion.general@imo.oaxaca.example']);
  const cni = await agency('Centro Nacional de Información del Secretariado Ejecutivo del SNSP', 'CNI', 'federal', ['Lic. Andrés Villalobos Soto', 'Titular del Centro Nacional de Información', 'titular.cni@sesnsp.example']);
  const cniLiaison = await addContact(db, admin, cni, { name: 'Ing. Beatriz Campos Núñez', position: 'Subdirectora de Estadística del CNI', email: 'estadistica.cni@sesnsp.example' });
  const police = await agency('Policía Estatal de Oaxaca', 'Policía Estatal', 'state', ['Cmdte. Marco Antonio Díaz', 'Coordinador de Análisis de la Policía Estatal']);
  const ngo = await agency('Observatorio Ciudadano de Seguridad de Oaxaca, A. C.', 'Observatorio Ciudadano', 'civil', ['Mtra. Sofía Herrera León', 'Coordinadora del Observatorio']);

  // The number carries the year of signature, as the center numbers its agreements.
  const agreement = async (serial: string, title: string, agencyId: number, partyName: string, from: string, until: string, reportTypes: string[], classifications: ('restricted' | 'public')[]) => {
    const number = `SSPO/C4/CONV/${serial}/${from.slice(0, 4)}`;
    const a = await createAgreement(db, admin, { number, title, signedOn: from, validFrom: from, validUntil: until, reportTypes, classifications, agencyIds: [agencyId] });
    await attachAgreementDocument(db, admin, a.id, { fileName: `convenio_${number.replace(/\//g, '-')}.pdf`, content: await demoAgreementPdf(number, title, partyName, from) });
    return a.id;
  };
  const year = Number(today.slice(0, 4));
  await agreement('003', 'Intercambio de información estadística de incidencia para la prevención del delito en el municipio.', muni, 'el Municipio de Oaxaca de Juárez', `${year - 1}-01-15`, `${year + 1}-12-31`, ['incidencia-conurbados', 'mapa-calor-policia', 'extorsion-089'], ['restricted']);
  await agreement('007', 'Mapas de calor de violencia contra las mujeres en municipios con declaratoria de alerta de violencia de género.', imo, 'el Instituto de la Mujer Oaxaqueña', shift(today, -700), shift(today, 40), ['mapa-calor-avgm'], ['restricted', 'public']);
  const cniAgreement = await agreement('001', 'Remisión de la estadística de los servicios de emergencia 9-1-1 y denuncia anónima 089 (FESE) y de la información de los programas del C4.', cni, 'el Centro Nacional de Información', `${year - 2}-03-01`, `${year + 2}-02-28`, ['fese', 'extorsion-089', 'numeros-maliciosos', 'numeros-extorsion-cni', 'plataforma-mexico', 'ciberincidentes', 'ciberincidentes-cni'], ['restricted']);
  await agreement('012', 'Mapas de calor de incidencia delictiva para la Policía Estatal y la Policía Vial.', police, 'la Policía Estatal de Oaxaca', shift(today, -900), shift(today, -95), ['mapa-calor-policia'], ['restricted']);
  await setStandingApproval(db, admin, cniAgreement, true, 'Remisión mensual del FESE y de la incidencia de extorsión al CNI, conforme al calendario del SESNSP.');

  const links: [string, number][] = [['enlace.oaxaca', muni], ['enlace.imo', imo], ['enlace.cni', cni]];
  for (const [username, agencyId] of links) {
    const u = await demoUser(db, username);
    if (u) await linkExternalAccount(db, SYSTEM_ACTOR, agencyId, u.id);
  }

  const ctx: DistributionContext = { db, config, release: releasePreparer };
  const fese = await generateProduct(db, config, { type: 'fese', period: opts.month, params: {}, userId: analystCee.id, actor: analystCee });
  const extortion = await generateProduct(db, config, { type: 'extorsion-089', period: opts.month, params: {}, userId: analystCee.id, actor: analystCee });
  const cniUser = await demoUser(db, 'enlace.cni', cni);
  let dispatches = 0;
  const make = async (productId: number, agencyId: number, channel: 'oficio' | 'tarjeta' | 'sealed_envelope', issuingArea = 'DG') => {
    dispatches++;
    return (await createDispatch(ctx, analystCee, { productId, agencyId, channel, issuingArea })).id;
  };

  // FESE to the CNI: approved by the standing approval, sent, acknowledged in the portal.
  const a = await make(fese.id, cni, 'oficio', 'CEE');
  await act(ctx, analystCee, a, 'submit');
  await act(ctx, directorCee, a, 'validate', { comment: 'Cifras conciliadas con los CALLE.' });
  await act(ctx, directorCee, a, 'send');
  if (cniUser) await act(ctx, cniUser, a, 'acknowledge');
  // Extortion to the CNI in a sealed envelope, delivered and its receipt recorded.
  const b = await make(extortion.id, cni, 'sealed_envelope', 'CEE');
  await act(ctx, analystCee, b, 'submit');
  await act(ctx, directorCee, b, 'validate');
  await act(ctx, directorCee, b, 'send', { sealNumber: 'C4-000417', courier: 'Mensajería de la SSP' });
  await act(ctx, directorCee, b, 'deliver');
  await act(ctx, directorCee, b, 'record_receipt', { receivedBy: 'Oficialía de partes del CNI', comment: 'Acuse con sello de recibido.' });
  // Extortion to the municipality: approved, issued, waiting for its acknowledgment in the portal.
  const e = await make(extortion.id, muni, 'oficio');
  await act(ctx, analystCee, e, 'submit');
  await act(ctx, directorCee, e, 'validate');
  await act(ctx, dg, e, 'approve', { comment: 'Se autoriza; información para la planeación municipal.' });
  await act(ctx, dg, e, 'send');
  // Extortion to the municipality again: validated, waiting for the director general.
  const c = await make(extortion.id, muni, 'oficio');
  await act(ctx, analystCee, c, 'submit');
  await act(ctx, directorCee, c, 'validate', { comment: 'Validado; sin datos personales.' });
  // Extortion to the municipality as a briefing card: returned with reasons.
  const d = await make(extortion.id, muni, 'tarjeta');
  await act(ctx, analystCee, d, 'submit');
  await act(ctx, directorCee, d, 'return', { comment: 'Precise en el asunto que se trata de las denuncias al 089 y el periodo.' });
  // A draft.
  await make(fese.id, cni, 'tarjeta', 'CEE');
  // FESE to the CNI by institutional e-mail, approved by the standing approval and ready to send (the demo never
  // sends it). Only with a mail server configured: otherwise the channel is unavailable.
  if (config.mail.smtp) {
    dispatches++;
    const m = await createDispatch(ctx, analystCee, { productId: fese.id, agencyId: cni, channel: 'email', issuingArea: 'CEE', emailContactIds: [cniLiaison.id] });
    await act(ctx, analystCee, m.id, 'submit');
    await act(ctx, directorCee, m.id, 'validate', { comment: 'Listo para remitirse por correo al área de estadística del CNI.' });
  }

  // Analytic requests: one filed in the portal and assigned, one received on paper waiting for the director general.
  const muniUser = await demoUser(db, 'enlace.oaxaca', muni);
  if (muniUser) {
    const r = await fileRequest(ctx, muniUser, {
      subject: 'Incidencia de robo a transeúnte por colonia',
      description: 'Llamadas al 9-1-1 por robo a transeúnte en el municipio, por colonia y franja horaria, de los últimos seis meses.',
      purpose: 'Planeación de los recorridos de la policía municipal.',
    });
    await actOnRequest(ctx, dg, r.id, 'accept', { area: 'RVDI', comment: 'Se atiende con el mapa de calor de la Policía.' });
  }
  await fileRequest(ctx, analystCee, {
    agencyId: ngo,
    requesterName: 'Mtra. Sofía Herrera León, Coordinadora del Observatorio',
    subject: 'Estadística anual de llamadas de emergencia por municipio',
    description: 'Número de llamadas procedentes al 9-1-1 por municipio y tipo de incidente del año anterior.',
    purpose: 'Informe ciudadano anual sobre seguridad.',
  });
  return { agencies: 5, agreements: 4, dispatches };
}
