// The institutional e-mail channel: an oficio sent by e-mail. The message is composed once with nodemailer's
// MailComposer (so that its exact size is known before anything leaves, and the bytes sent are the bytes kept), and
// handed to the configured SMTP server with an explicit envelope. Addresses are never typed in: they are those of
// the agency's active contacts chosen in the dispatch, read again when sending.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config, SmtpConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { sha256Hex } from '../reports/products.ts';
import { formatSize, type CoveringDocument } from './documents.ts';
import { DistributionError } from './errors.ts';
import { longDate } from './labels.ts';

export type MailConfig = Config['mail'];

/** Whether the channel can be used, and why not: shown in the dispatch form instead of hiding the channel. */
export function emailAvailability(mail: MailConfig): { available: boolean; reason: string | null; sender: string | null; maxBytes: number } {
  if (!mail.smtp) {
    return { available: false, reason: 'El correo institucional no está configurado en el servidor (variables ATALAYA_SMTP_HOST y ATALAYA_SMTP_FROM).', sender: null, maxBytes: mail.maxBytes };
  }
  return { available: true, reason: null, sender: mail.smtp.from.address, maxBytes: mail.maxBytes };
}

export function requireMail(mail: MailConfig): SmtpConfig {
  if (!mail.smtp) throw new DistributionError('correo_no_disponible', emailAvailability(mail).reason!, 409);
  return mail.smtp;
}

export interface EmailRecipient {
  contactId: number;
  name: string;
  position: string;
  address: string;
}

/** The chosen contacts' addresses; refused unless each is an active contact of the agency with an e-mail. */
export async function emailRecipients(db: Kysely<Database>, agencyId: number, contactIds: readonly number[]): Promise<EmailRecipient[]> {
  const ids = [...new Set(contactIds.map(Number))];
  if (ids.length === 0) throw new DistributionError('sin_destinatarios', 'Elija al menos un contacto de la dependencia con correo institucional.');
  if (ids.length > 20) throw new DistributionError('datos_invalidos', 'Datos inválidos: un correo va a 20 contactos como máximo.');
  const rows = await db.selectFrom('agency_contacts').select(['id', 'name', 'position', 'email']).where('id', 'in', ids).where('agency_id', '=', agencyId).where('active', '=', true).execute();
  const found = new Map(rows.map((r) => [Number(r.id), r]));
  const out: EmailRecipient[] = [];
  for (const id of ids) {
    const c = found.get(id);
    if (!c) throw new DistributionError('destinatario_invalido', `El destinatario ${id} no es un contacto activo de la dependencia: el correo solo va a contactos registrados de la dependencia destinataria.`);
    if (!c.email) throw new DistributionError('destinatario_invalido', `${c.name} no tiene correo electrónico registrado entre los contactos de la dependencia.`);
    out.push({ contactId: id, name: c.name, position: c.position, address: c.email });
  }
  return out;
}

export interface EmailAttachment {
  fileName: string;
  mediaType: string;
  content: Uint8Array;
}

export interface ComposedEmail {
  messageId: string;
  raw: Buffer;
  attachments: { fileName: string; sha256: string; size: number }[];
}

export interface EmailInput {
  from: SmtpConfig['from'];
  to: EmailRecipient[];
  folio: string;
  /** The oficio as issued: its text becomes the message's body. */
  letter: CoveringDocument;
  /** The oficio PDF first, then the product's released files. */
  attachments: EmailAttachment[];
  date: Date;
}

/** The Spanish subject: the folio first, as the recipients' registry files it. */
export const emailSubject = (folio: string, subject: string) => `Oficio ${folio}: ${subject}`;

/** The oficio as plain text, with every attachment's SHA-256 and how to check it. */
export function emailText(folio: string, letter: CoveringDocument, attachments: ComposedEmail['attachments']): string {
  const lines = [
    `OFICIO No. ${folio}`,
    `${letter.letterhead.place}, a ${longDate(letter.date)}`,
    `ASUNTO: ${letter.subject}`,
    '',
    letter.addressee.name.toUpperCase(),
    ...(letter.addressee.position ? [letter.addressee.position] : []),
    letter.addressee.agency,
    'P R E S E N T E',
    '',
    ...letter.body.split(/\n\s*\n/).flatMap((p) => [p.replace(/\s*\n\s*/g, ' ').trim(), '']),
    `Archivos adjuntos (${attachments.length}), con su huella SHA-256 para comprobar que cada uno es idéntico al emitido:`,
    ...attachments.flatMap((a, i) => [`${i + 1}. ${a.fileName} (${formatSize(a.size)})${i === 0 ? ', el oficio firmado' : ''}`, `   SHA-256 ${a.sha256}`]),
    '',
    'Para calcular la huella de un archivo: sha256sum ARCHIVO (Linux), shasum -a 256 ARCHIVO (macOS),',
    'Get-FileHash -Algorithm SHA256 ARCHIVO (Windows PowerShell).',
    'Acuse de recibido: confírmelo en el portal de dependencias del centro.',
    '',
    'A T E N T A M E N T E',
    ...(letter.signatory ? [letter.signatory.name, letter.signatory.position] : []),
    letter.areaName,
    letter.letterhead.center,
    letter.letterhead.institution,
    '',
    `Información ${letter.classificationLabel.toLowerCase()}: se comparte exclusivamente para los fines del convenio de colaboración.`,
  ];
  // CRLF, as SMTP carries it: the bytes kept are then the bytes the server received.
  return `${lines.join('\r\n')}\r\n`;
}

export async function composeEmail(m: EmailInput): Promise<ComposedEmail> {
  const domain = m.from.address.split('@')[1] ?? 'localhost';
  const messageId = `<${randomUUID()}@${domain}>`;
  const attachments = m.attachments.map((a) => ({ fileName: a.fileName, sha256: sha256Hex(a.content), size: a.content.byteLength }));
  const composer = new MailComposer({
    from: { name: m.from.name, address: m.from.address },
    to: m.to.map((r) => ({ name: r.name, address: r.address })),
    subject: emailSubject(m.folio, m.letter.subject),
    text: emailText(m.folio, m.letter, attachments),
    messageId,
    date: m.date,
    headers: { 'X-Atalaya-Folio': m.folio },
    attachments: m.attachments.map((a) => ({ filename: a.fileName, contentType: a.mediaType, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength) })),
  });
  const raw = await composer.compile().build();
  return { messageId, raw, attachments };
}

/** Refuses a message larger than the configured limit, pointing to magnetic media. */
export function checkEmailSize(bytes: number, maxBytes: number) {
  if (bytes > maxBytes) {
    throw new DistributionError(
      'correo_demasiado_grande',
      `El correo con el oficio y sus anexos pesaría ${formatSize(bytes)} y el límite del correo institucional es ${formatSize(maxBytes)}: envíe este producto por medio magnético.`,
      409,
    );
  }
}

/** The SMTP server refused or could not be reached; the message says why, in the server's words. */
export class SmtpError extends Error {
  override name = 'SmtpError';
}

export interface SmtpResult {
  accepted: string[];
  rejected: string[];
  response: string;
}

const addressOf = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);

export async function transmit(smtp: SmtpConfig, envelope: { from: string; to: string[] }, raw: Buffer): Promise<SmtpResult> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.auth ? { user: smtp.auth.user, pass: smtp.auth.password } : undefined,
    // Short timeouts: the send step holds the dispatch (and its area's folio counter) until the server answers.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { accepted: info.accepted.map(addressOf), rejected: info.rejected.map(addressOf), response: String(info.response ?? '') };
  } catch (err) {
    const e = err as { code?: string; response?: string; message?: string };
    throw new SmtpError([e.code, e.response ?? e.message].filter(Boolean).join(': ').slice(0, 500) || 'error desconocido del servidor de correo');
  } finally {
    transport.close();
  }
}
