// The request as a PDF, for receivers that file documents rather than read JSON (a GED's hot
// folder): the procedure, the reference and the date of receipt, every answer as the service
// reads it (French labels, the person's own words as typed, Arabic shaped right to left), the
// files listed by the names they have beside it, and the acknowledgments that went with it.
// Real text, so the GED can index it; the receipts' fonts and typesetting.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { TOWN_TIME_ZONE } from '../../../content/model/index.ts';
import { loadReceiptFonts } from '../../receipts/fonts.ts';
import { drawLine, faceOf, wrapText, type FaceSet, type Line } from '../../receipts/pdf-text.ts';
import type { LoadedDelivery } from './document.ts';
import type { Delivery } from './types.ts';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const BODY = 10;
const LABEL_WIDTH = 170;
const GAP = 12;
const RULE = rgb(0.55, 0.55, 0.55);
const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: TOWN_TIME_ZONE });

const leading = (size: number) => size * 1.35;

/**
 * The PDF of one delivery, beside its JSON document.
 *
 * @example await writeDurably(join(temp, requestPdfName(reference)), await renderRequestPdf(delivery, loaded))
 */
export async function renderRequestPdf(delivery: Delivery, loaded: Extract<LoadedDelivery, { ok: true }>): Promise<Uint8Array> {
  const { submission } = delivery;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const files = await loadReceiptFonts();
  const embed = (list: typeof files.regular) => Promise.all(list.map(async (file) => faceOf(await doc.embedFont(file.bytes, { subset: true }), file.arabic)));
  const faces: FaceSet = { regular: await embed(files.regular), bold: await embed(files.bold) };
  const width = A4.width - 2 * MARGIN;

  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let top = A4.height - MARGIN;
  const room = (height: number) => {
    if (top - height >= MARGIN) return;
    page = doc.addPage([A4.width, A4.height]);
    top = A4.height - MARGIN;
  };
  const lines = (items: Line[], left: number) => {
    let y = top;
    for (const line of items) {
      y -= leading(line.size);
      drawLine(doc, page, line, left, y + line.size * 0.28);
    }
    return top - y;
  };
  const paragraph = (text: string, size = BODY, bold = false, after = 4) => {
    const wrapped = wrapText(faces, text, { size, bold }, width, 'ltr');
    room(wrapped.length * leading(size) + after);
    top -= lines(wrapped, MARGIN) + after;
  };
  const heading = (text: string) => {
    paragraph(text, 13, true, 2);
    page.drawLine({ start: { x: MARGIN, y: top }, end: { x: MARGIN + width, y: top }, thickness: 1, color: rgb(0, 0, 0) });
    top -= 6;
  };
  const row = (label: string, value: string) => {
    const labelLines = wrapText(faces, label, { size: BODY - 0.5, bold: true }, LABEL_WIDTH, 'ltr');
    const valueLines = wrapText(faces, value || '—', { size: BODY }, width - LABEL_WIDTH - GAP, 'ltr');
    const height = Math.max(labelLines.length * leading(BODY - 0.5), valueLines.length * leading(BODY)) + 6;
    room(height);
    lines(labelLines, MARGIN);
    lines(valueLines, MARGIN + LABEL_WIDTH + GAP);
    top -= height;
    page.drawLine({ start: { x: MARGIN, y: top + 2 }, end: { x: MARGIN + width, y: top + 2 }, thickness: 0.4, color: RULE });
  };

  paragraph(submission.procedureTitle, 18, true, 6);
  row('Référence', submission.reference);
  row('Reçue le', DATE_TIME.format(new Date(submission.receivedAt)));
  row('Démarche', `${submission.procedureId}, version ${submission.procedureVersion}`);
  row('Langue de la personne', submission.locale);
  if (submission.channel) row('Canal', submission.channel);
  heading('Réponses');
  for (const answer of submission.answerRows) row(answer.label, answer.value);
  heading('Pièces jointes');
  if (loaded.attachments.length === 0) paragraph('Aucune pièce jointe.');
  for (const file of loaded.attachments) row(file.name, `${file.type}, ${Math.max(1, Math.round(file.bytes.byteLength / 1024))} Ko`);
  heading('Accusés');
  paragraph(loaded.receipt ? `Accusé d’enregistrement remis à la personne : ${loaded.receipt.name}` : 'Aucun accusé joint à ce dépôt.');

  doc.setTitle(`${submission.procedureTitle} — ${submission.reference}`, { showInWindowTitleBar: true });
  doc.setLanguage('fr-FR');
  doc.setSubject(`Demande ${submission.reference} (${submission.procedureId}, version ${submission.procedureVersion})`);
  doc.setKeywords([submission.reference, submission.procedureId]);
  doc.setCreator('Guichet');
  doc.setProducer('Guichet (pdf-lib)');
  const received = new Date(submission.receivedAt);
  doc.setCreationDate(received);
  doc.setModificationDate(received);
  return doc.save();
}

/**
 * @example requestPdfName('K7QD-4MZ9') // 'demande-K7QD-4MZ9.pdf'
 */
export function requestPdfName(reference: string): string {
  return `demande-${reference}.pdf`;
}
