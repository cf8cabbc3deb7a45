// The covering documents of a dispatch, as PDF: the oficio (official letter) and the tarjeta informativa (briefing
// card), with the institutional letterhead, folio, place and date, addressee, subject, body, the list of annexes with
// their SHA-256, the signature block and the classification on every page. A draft (before the folio is issued)
// carries «BORRADOR» across the page and no folio.
import PDFDocument from 'pdfkit';
import { longDate } from './labels.ts';

export interface Annex {
  fileName: string;
  sha256: string;
  size: number;
}

export interface CoveringDocument {
  kind: 'oficio' | 'tarjeta';
  letterhead: { institution: string; center: string; place: string };
  /** The issuing area, printed under the center's name. */
  areaName: string;
  /** Null for a draft. */
  folio: string | null;
  /** Local day of issue (or of the preview). */
  date: string;
  addressee: { name: string; position: string; agency: string };
  subject: string;
  body: string;
  annexes: Annex[];
  /** What travels with the annexes: the sealed envelope's number, the package's hash. */
  deliveryNote: string | null;
  signatory: { name: string; position: string } | null;
  classificationLabel: string;
}

const MARGIN = 60;
const ACCENT = '#1f3b5b';

export function renderCoveringDocument(d: CoveringDocument): Promise<Uint8Array> {
  const title = d.kind === 'oficio' ? 'Oficio' : 'Tarjeta informativa';
  const when = new Date(`${d.date}T12:00:00Z`);
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 110, bottom: 70, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `${title} ${d.folio ?? '(borrador)'}`,
      Subject: d.subject,
      Author: d.letterhead.center,
      Creator: 'Atalaya',
      Producer: 'Atalaya',
      CreationDate: when,
      ModDate: when,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const width = doc.page.width - 2 * MARGIN;
  const folioText = d.folio ?? 'BORRADOR — el folio se asigna al emitir';
  const dateLine = `${d.letterhead.place}, a ${longDate(d.date)}`;

  doc.font('Helvetica').fontSize(10.5).fillColor('black');
  if (d.kind === 'oficio') {
    doc.font('Helvetica-Bold').text(`OFICIO No. ${folioText}`, MARGIN, doc.y, { width, align: 'right' });
    doc.font('Helvetica').text(dateLine, { width, align: 'right' });
    doc.moveDown(0.4).font('Helvetica-Bold').text(`ASUNTO: ${d.subject}`, { width, align: 'right' });
    doc.moveDown(1.5);
    doc.font('Helvetica-Bold').text(d.addressee.name.toUpperCase(), MARGIN, doc.y, { width });
    doc.font('Helvetica').text(d.addressee.position, { width }).text(d.addressee.agency, { width });
    doc.font('Helvetica-Bold').text('P R E S E N T E', { width });
    doc.moveDown(1);
  } else {
    doc.font('Helvetica-Bold').fontSize(14).fillColor(ACCENT).text('TARJETA INFORMATIVA', MARGIN, doc.y, { width, align: 'center' });
    doc.fontSize(10.5).fillColor('black').text(`No. ${folioText}`, { width, align: 'center' });
    doc.moveDown(1);
    const field = (label: string, value: string) => {
      doc.font('Helvetica-Bold').text(`${label}: `, MARGIN, doc.y, { width, continued: true }).font('Helvetica').text(value);
      doc.moveDown(0.2);
    };
    field('PARA', `${d.addressee.name}, ${d.addressee.position}, ${d.addressee.agency}`);
    field('DE', d.signatory ? `${d.signatory.name}, ${d.signatory.position}` : d.areaName);
    field('FECHA', dateLine);
    field('ASUNTO', d.subject);
    doc.moveDown(0.8);
  }

  for (const para of d.body.split(/\n\s*\n/)) {
    doc.font('Helvetica').fontSize(10.5).text(para.replace(/\s*\n\s*/g, ' ').trim(), MARGIN, doc.y, { width, align: 'justify' });
    doc.moveDown(0.6);
  }

  if (d.annexes.length) {
    doc.moveDown(0.4).font('Helvetica-Bold').text('Anexos', MARGIN, doc.y, { width });
    d.annexes.forEach((a, i) => {
      doc.font('Helvetica').fontSize(9.5).text(`${i + 1}. ${a.fileName} (${formatSize(a.size)})`, MARGIN + 10, doc.y, { width: width - 10 });
      doc.font('Courier').fontSize(7.5).fillColor('#333').text(`SHA-256 ${a.sha256}`, MARGIN + 22, doc.y, { width: width - 22 });
      doc.fillColor('black').moveDown(0.2);
    });
    doc.font('Helvetica').fontSize(8.5).fillColor('#333')
      .text('La huella SHA-256 de cada anexo permite a quien lo recibe comprobar que el archivo es idéntico al emitido.', MARGIN, doc.y, { width });
    doc.fillColor('black');
  }
  if (d.deliveryNote) doc.moveDown(0.6).font('Helvetica').fontSize(9.5).text(d.deliveryNote, MARGIN, doc.y, { width });

  // Signature block: kept whole on one page.
  if (doc.y + 120 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(2).font('Helvetica-Bold').fontSize(10.5).text('A T E N T A M E N T E', MARGIN, doc.y, { width, align: 'center' });
  doc.moveDown(3);
  const lineY = doc.y;
  doc.moveTo(MARGIN + width / 2 - 120, lineY).lineTo(MARGIN + width / 2 + 120, lineY).lineWidth(0.7).stroke();
  doc.moveDown(0.3);
  if (d.signatory) {
    doc.font('Helvetica-Bold').text(d.signatory.name, MARGIN, doc.y, { width, align: 'center' });
    doc.font('Helvetica').fontSize(9.5).text(d.signatory.position, { width, align: 'center' });
  } else {
    doc.font('Helvetica').fontSize(9.5).text(`Titular de ${d.areaName}`, MARGIN, doc.y, { width, align: 'center' });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const pageWidth = doc.page.width;
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.rect(0, 0, pageWidth, 78).fill(ACCENT);
    doc.fillColor('white').font('Helvetica-Bold').fontSize(11).text(d.letterhead.institution.toUpperCase(), MARGIN, 18, { width: pageWidth - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.font('Helvetica').fontSize(10).text(d.letterhead.center, MARGIN, 36, { width: pageWidth - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.fontSize(9).text(d.areaName, MARGIN, 52, { width: pageWidth - 2 * MARGIN, align: 'center', lineBreak: false });
    if (!d.folio) {
      doc.rotate(-35, { origin: [pageWidth / 2, doc.page.height / 2] });
      doc.fillColor('#c0392b').opacity(0.12).font('Helvetica-Bold').fontSize(96).text('BORRADOR', -200, doc.page.height / 2 - 48, { width: pageWidth + 400, align: 'center', lineBreak: false });
      doc.rotate(35, { origin: [pageWidth / 2, doc.page.height / 2] });
      doc.opacity(1);
    }
    doc.fillColor('#555').font('Helvetica').fontSize(8);
    const footerY = doc.page.height - 45;
    doc.text(`${d.classificationLabel} · ${title} ${d.folio ?? '(borrador)'}`, MARGIN, footerY, { width: pageWidth - 2 * MARGIN - 70, lineBreak: false });
    doc.text(`Página ${i - range.start + 1} de ${range.count}`, pageWidth - MARGIN - 70, footerY, { width: 70, align: 'right', lineBreak: false });
    doc.restore();
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return done;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb.toLocaleString('es-MX', { maximumFractionDigits: 1 })} KB`;
  return `${(kb / 1024).toLocaleString('es-MX', { maximumFractionDigits: 1 })} MB`;
}
