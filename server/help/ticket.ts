// The printed ticket of a help booking: what, where, when in words, and the code, in the
// person's language (and in French beside it, for the staff who read it at the desk), with a
// QR code to the booking's .ics for those who want it in their phone's calendar.
// Real text in embedded fonts, Arabic shaped and right to left, as the receipts are.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Site } from '../../content/model/index.ts';
import { loadReceiptFonts, type ReceiptFontFiles } from '../receipts/fonts.ts';
import { drawLine, faceOf, wrapText, type Direction, type FaceSet, type Line, type TextStyle } from '../receipts/pdf-text.ts';
import { isReceiptLocale, receiptText } from '../receipts/texts.ts';
import type { HelpBooking } from '../store/types.ts';
import { placeOf, slotTitle, whenInWords } from './booking.ts';

export type TicketPaper = 'a4' | '80mm';

export interface TicketOptions {
  /** GUICHET_PUBLIC_URL: where the code cancels and the .ics is fetched. */
  publicUrl: string;
  paper?: TicketPaper;
  now?: Date;
  fonts?: ReceiptFontFiles;
}

const MM = 72 / 25.4;
const GEOMETRY = {
  a4: { width: 595.28, margin: 20 * MM, body: 12, small: 10, title: 20, code: 30, qr: 90 },
  '80mm': { width: 80 * MM, margin: 4 * MM, body: 9, small: 8, title: 13, code: 22, qr: 34 * MM },
} as const;

const leading = (size: number) => size * 1.35;

/** The code and the .ics address: the booking's own address on the server. */
export function calendarUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/help/bookings/${encodeURIComponent(code)}/calendar.ics`;
}

interface Piece {
  lines: Line[];
  dir: Direction;
  gapAfter: number;
}

/**
 * The ticket as PDF bytes, one page as long as its content on a thermal roll, an A4 otherwise.
 *
 * @example await renderTicketPdf(site, booking, { publicUrl: 'https://guichet.belval-sur-loire.fr' })
 */
export async function renderTicketPdf(site: Site, booking: HelpBooking, options: TicketOptions): Promise<Uint8Array> {
  const help = site.help;
  if (!help) throw new Error('No help agendas in site.yaml.');
  const g = GEOMETRY[options.paper ?? 'a4'];
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const files = options.fonts ?? (await loadReceiptFonts());
  const embed = (list: ReceiptFontFiles['regular']) => Promise.all(list.map(async (file) => faceOf(await doc.embedFont(file.bytes, { subset: true }), file.arabic)));
  const [regular, bold] = await Promise.all([embed(files.regular), embed(files.bold)]);
  const faces: FaceSet = { regular, bold };
  const width = g.width - 2 * g.margin;
  const pieces: Piece[] = [];
  const add = (text: string, style: TextStyle, dir: Direction, gapAfter = 2) => pieces.push({ lines: wrapText(faces, text, style, width, dir), dir, gapAfter });

  const sides = [isReceiptLocale(booking.locale) ? booking.locale : 'fr', ...(booking.locale.startsWith('fr') ? [] : ['fr'])];
  const url = calendarUrl(options.publicUrl, booking.code);
  const cancelAt = options.publicUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  add(site.town, { size: g.body, bold: true }, 'ltr', 6);
  sides.forEach((locale, index) => {
    const dir: Direction = site.locales.find((l) => l.code === locale)?.dir ?? 'ltr';
    const place = placeOf(help, booking.slot.place, locale, site.defaultLocale);
    if (index > 0) add('—', { size: g.small }, 'ltr', 6);
    add(receiptText(locale, booking.state === 'waiting' ? 'booking.ticket.waitingTitle' : 'booking.ticket.title'), { size: g.title, bold: true }, dir, 6);
    add(receiptText(locale, 'booking.ticket.what'), { size: g.small, bold: true }, dir, 0);
    add(slotTitle(help, booking.slot, locale, site.defaultLocale), { size: g.body }, dir, 5);
    add(receiptText(locale, 'booking.ticket.place'), { size: g.small, bold: true }, dir, 0);
    add(place.name, { size: g.body }, dir, 0);
    add(place.address, { size: g.body }, 'ltr', 5);
    add(receiptText(locale, 'booking.ticket.when'), { size: g.small, bold: true }, dir, 0);
    add(whenInWords(booking.slot.start, locale), { size: g.body + 2, bold: true }, dir, 5);
    add(receiptText(locale, 'booking.ticket.code'), { size: g.small, bold: true }, dir, 0);
    add(booking.code, { size: g.code, bold: true }, 'ltr', 3);
    add(receiptText(locale, 'booking.ticket.keep', { url: cancelAt }), { size: g.small }, dir, 6);
  });
  add(receiptText(sides[0] as string, 'booking.ticket.calendar'), { size: g.small }, site.locales.find((l) => l.code === sides[0])?.dir ?? 'ltr', 4);

  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row += 1) for (let col = 0; col < modules.size; col += 1) if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;

  const textHeight = pieces.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + leading(l.size), 0) + p.gapAfter, 0);
  const height = options.paper === '80mm' ? textHeight + g.qr + 2 * g.margin + 8 : 841.89;
  const page: PDFPage = doc.addPage([g.width, height]);
  let y = height - g.margin;
  for (const piece of pieces) {
    for (const line of piece.lines) {
      y -= leading(line.size);
      const x = piece.dir === 'rtl' ? g.margin + width - line.width : g.margin;
      drawLine(doc, page, line, x, y + line.size * 0.28);
    }
    y -= piece.gapAfter;
  }
  page.drawSvgPath(path, { x: g.margin, y: y - 4, scale: g.qr / modules.size, color: rgb(0, 0, 0), borderWidth: 0 });

  const now = options.now ?? new Date();
  doc.setTitle(`${receiptText('fr', 'booking.ticket.title')} — ${site.town}`, { showInWindowTitleBar: true });
  doc.setLanguage(booking.locale === 'ar' ? 'ar' : 'fr-FR');
  doc.setAuthor(site.town);
  doc.setCreator('Guichet');
  doc.setProducer('Guichet (pdf-lib)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return doc.save();
}
