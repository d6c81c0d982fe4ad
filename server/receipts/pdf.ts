// The acknowledgment as a PDF: A4 pages, or one long page for an 80 mm thermal printer.
// Text is real text (embedded font subsets with a ToUnicode map), Arabic shaped and right to
// left; the QR code points to the tracking page.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Acknowledgment, Bilingual, Mention } from './acknowledgment.ts';
import { loadReceiptFonts, type ReceiptFontFiles } from './fonts.ts';
import { trackingUrl, type Paper, type RenderOptions } from './html.ts';
import { drawLine, faceOf, wrapText, type Direction, type FaceSet, type Line, type TextStyle } from './pdf-text.ts';
import { isReceiptLocale, receiptText } from './texts.ts';

export interface PdfOptions extends RenderOptions {
  /** Creation date written in the metadata; now by default. */
  now?: Date;
  /** Font files, when the caller has its own; the packaged fonts otherwise. */
  fonts?: ReceiptFontFiles;
  /** What the document is, in the metadata's keywords: `ARE` / `AEE` by the acknowledgment's kind unless given. */
  documentKind?: string;
}

interface Geometry {
  width: number;
  /** Page height for A4; for the thermal roll the page is as long as its content. */
  height: number | undefined;
  margin: number;
  body: number;
  small: number;
  title: number;
  reference: number;
  heading: number;
  labelWidth: number;
  qr: number;
  stacked: boolean;
}

const MM = 72 / 25.4;

const GEOMETRY: Record<Paper, Geometry> = {
  a4: { width: 595.28, height: 841.89, margin: 15 * MM, body: 10, small: 8.5, title: 18, reference: 30, heading: 13, labelWidth: 150, qr: 92, stacked: false },
  '80mm': { width: 80 * MM, height: undefined, margin: 4 * MM, body: 8.5, small: 7.5, title: 12, reference: 22, heading: 10, labelWidth: 0, qr: 34 * MM, stacked: true },
};

const INK = rgb(0, 0, 0);
const RULE = rgb(0.55, 0.55, 0.55);

interface Block {
  height: number;
  keepWithNext?: boolean;
  draw(page: PDFPage, top: number): void;
}

interface Typesetter {
  doc: PDFDocument;
  faces: FaceSet;
  geometry: Geometry;
  left: number;
  right: number;
}

function leading(size: number): number {
  return size * 1.35;
}

function drawLines(t: Typesetter, page: PDFPage, lines: Line[], top: number, left: number, width: number, dir: Direction): number {
  let y = top;
  for (const line of lines) {
    y -= leading(line.size);
    const x = dir === 'rtl' ? left + width - line.width : left;
    drawLine(t.doc, page, line, x, y + line.size * 0.28);
  }
  return top - y;
}

function paragraph(t: Typesetter, text: string, style: TextStyle, dir: Direction, options: { before?: number; after?: number; keepWithNext?: boolean } = {}): Block {
  const width = t.right - t.left;
  const lines = wrapText(t.faces, text, style, width, dir);
  const before = options.before ?? 0;
  const after = options.after ?? 0;
  return {
    height: before + lines.length * leading(style.size) + after,
    ...(options.keepWithNext ? { keepWithNext: true } : {}),
    draw: (page, top) => void drawLines(t, page, lines, top - before, t.left, width, dir),
  };
}

function heading(t: Typesetter, text: string, dir: Direction): Block {
  const size = t.geometry.heading;
  const width = t.right - t.left;
  const lines = wrapText(t.faces, text, { size, bold: true }, width, dir);
  const before = size * 0.9;
  const textHeight = lines.length * leading(size);
  return {
    height: before + textHeight + 5,
    keepWithNext: true,
    draw(page, top) {
      drawLines(t, page, lines, top - before, t.left, width, dir);
      const y = top - before - textHeight - 2;
      page.drawLine({ start: { x: t.left, y }, end: { x: t.right, y }, thickness: 1.2, color: INK });
    },
  };
}

function mentionRow(t: Typesetter, item: Mention, side: 'fr' | 'local', dir: Direction): Block {
  const g = t.geometry;
  const pick = (value: Bilingual): string => (side === 'fr' ? value.fr : value.local ?? value.fr) || '—';
  const width = t.right - t.left;
  const pad = 3;
  // A verbatim value (address, phone) reads left to right, aligned with its column.
  const valueBase: Direction = item.verbatim ? 'ltr' : dir;
  if (g.stacked) {
    const label = wrapText(t.faces, pick(item.label), { size: g.body, bold: true }, width, dir);
    const value = wrapText(t.faces, pick(item.value), { size: g.body }, width, valueBase);
    return {
      height: pad + (label.length + value.length) * leading(g.body) + pad + 1,
      draw(page, top) {
        const used = drawLines(t, page, label, top - pad, t.left, width, dir);
        const rest = drawLines(t, page, value, top - pad - used, t.left, width, dir);
        const y = top - pad - used - rest - pad;
        page.drawLine({ start: { x: t.left, y }, end: { x: t.right, y }, thickness: 0.4, color: RULE });
      },
    };
  }
  const gap = 12;
  const valueWidth = width - g.labelWidth - gap;
  const label = wrapText(t.faces, pick(item.label), { size: g.body - 0.5, bold: true }, g.labelWidth, dir);
  const value = wrapText(t.faces, pick(item.value), { size: g.body }, valueWidth, valueBase);
  const textHeight = Math.max(label.length * leading(g.body - 0.5), value.length * leading(g.body));
  // The label column is on the reading side: left in French, right in Arabic.
  const labelLeft = dir === 'rtl' ? t.right - g.labelWidth : t.left;
  const valueLeft = dir === 'rtl' ? t.left : t.left + g.labelWidth + gap;
  return {
    height: pad + textHeight + pad + 1,
    draw(page, top) {
      drawLines(t, page, label, top - pad, labelLeft, g.labelWidth, dir);
      drawLines(t, page, value, top - pad, valueLeft, valueWidth, dir);
      const y = top - pad - textHeight - pad;
      page.drawLine({ start: { x: t.left, y }, end: { x: t.right, y }, thickness: 0.4, color: RULE });
    },
  };
}

function qrPath(url: string): { path: string; size: number } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
  }
  return { path, size: modules.size };
}

function header(t: Typesetter, ack: Acknowledgment, url: string): Block {
  const g = t.geometry;
  const qr = qrPath(url);
  // The reference only, never the tracking code (html.ts says why).
  const caption = `${receiptText('fr', 'tracking')} : ${url}`;
  const textWidth = g.stacked ? t.right - t.left : t.right - t.left - g.qr - 20;
  const town = wrapText(t.faces, ack.town.fr, { size: g.body + 1, bold: true }, textWidth, 'ltr');
  const title = wrapText(t.faces, ack.title.fr, { size: g.title, bold: true }, textWidth, 'ltr');
  const refLabel = wrapText(t.faces, receiptText('fr', 'label.reference'), { size: g.body }, textWidth, 'ltr');
  const reference = wrapText(t.faces, ack.reference, { size: g.reference, bold: true }, textWidth, 'ltr');
  const captionWidth = g.stacked ? t.right - t.left : g.qr + 14;
  const captionLines = wrapText(t.faces, caption, { size: g.small - 1 }, captionWidth, 'ltr');
  const textHeight = [town, title, refLabel, reference].reduce((sum, lines) => sum + lines.reduce((s, line) => s + leading(line.size), 0), 0) + 8;
  const qrHeight = g.qr + 4 + captionLines.length * leading(g.small - 1);
  const drawQr = (page: PDFPage, left: number, top: number): void => {
    page.drawSvgPath(qr.path, { x: left, y: top, scale: g.qr / qr.size, color: INK, borderWidth: 0 });
  };
  return {
    height: g.stacked ? textHeight + 6 + qrHeight : Math.max(textHeight, qrHeight),
    draw(page, top) {
      let y = top;
      y -= drawLines(t, page, town, y, t.left, textWidth, 'ltr');
      y -= drawLines(t, page, title, y, t.left, textWidth, 'ltr') + 4;
      y -= drawLines(t, page, refLabel, y, t.left, textWidth, 'ltr');
      y -= drawLines(t, page, reference, y, t.left, textWidth, 'ltr');
      if (g.stacked) {
        const qrTop = y - 10;
        drawQr(page, t.left + (t.right - t.left - g.qr) / 2, qrTop);
        drawLines(t, page, captionLines, qrTop - g.qr - 4, t.left, captionWidth, 'ltr');
      } else {
        const qrLeft = t.right - g.qr - 7;
        drawQr(page, qrLeft, top);
        drawLines(t, page, captionLines, top - g.qr - 4, t.right - captionWidth, captionWidth, 'ltr');
      }
    },
  };
}

/** The tracking code, what comes next and the copy of the answers, on one side. */
function extras(t: Typesetter, options: PdfOptions, side: 'fr' | 'local', locale: string, dir: Direction): { top: Block[]; bottom: Block[] } {
  const g = t.geometry;
  const pick = (value: Bilingual): string => (side === 'fr' ? value.fr : value.local ?? value.fr);
  const top: Block[] = [];
  const bottom: Block[] = [];
  if (options.trackingCode) {
    top.push(paragraph(t, `${receiptText(locale, 'label.trackingCode')} : ${options.trackingCode}`, { size: g.body + 2, bold: true }, dir, { before: 2 }));
    top.push(paragraph(t, receiptText(locale, 'trackingCode.keep'), { size: g.small }, dir, { after: 2 }));
  }
  if (options.next) {
    top.push(heading(t, receiptText(locale, 'next.heading'), dir));
    top.push(paragraph(t, pick(options.next), { size: g.body }, dir, { before: 2, after: 2 }));
  }
  const summary = options.summary;
  if (summary) {
    bottom.push(heading(t, pick(summary.heading), dir));
    bottom.push(paragraph(t, pick(summary.lead), { size: g.small }, dir, { before: 2 }));
    for (const row of summary.rows) {
      const value = { fr: row.lines.map((line) => line.fr).join(', '), local: row.lines.map((line) => line.local ?? line.fr).join(', ') };
      // A row of the copy is laid out as a mention is; `id` is only a name here.
      const item: Mention = { id: 'procedure', label: row.label, value, basis: '', ...(row.typed ? { verbatim: true as const } : {}) };
      bottom.push(mentionRow(t, item, side, dir));
    }
    if (summary.withheld) bottom.push(paragraph(t, pick(summary.withheld), { size: g.small }, dir, { before: 3 }));
  }
  return { top, bottom };
}

function blocksOf(t: Typesetter, ack: Acknowledgment, url: string, options: PdfOptions): Block[] {
  const g = t.geometry;
  const french = extras(t, options, 'fr', 'fr', 'ltr');
  const blocks: Block[] = [header(t, ack, url), ...french.top];
  for (const section of ack.sections) {
    blocks.push(heading(t, section.heading.fr, 'ltr'));
    for (const item of section.mentions) blocks.push(mentionRow(t, item, 'fr', 'ltr'));
  }
  blocks.push(...french.bottom);
  for (const note of ack.notes) blocks.push(paragraph(t, note.fr, { size: g.small }, 'ltr', { before: 4 }));
  if (ack.translated && isReceiptLocale(ack.locale)) {
    const local = ack.locale;
    const dir = ack.dir;
    blocks.push(heading(t, `${receiptText(local, 'section.translation')} — ${ack.title.local ?? ''}`, dir));
    blocks.push(paragraph(t, ack.town.local ?? '', { size: g.body, bold: true }, dir, { before: 3 }));
    blocks.push(paragraph(t, `${receiptText(local, 'label.reference')} : ${ack.reference}`, { size: g.body + 2, bold: true }, dir, { before: 2, after: 2 }));
    const translated = extras(t, options, 'local', local, dir);
    blocks.push(...translated.top);
    for (const section of ack.sections) {
      blocks.push(heading(t, section.heading.local ?? section.heading.fr, dir));
      for (const item of section.mentions) blocks.push(mentionRow(t, item, 'local', dir));
    }
    blocks.push(...translated.bottom);
    for (const note of ack.notes) blocks.push(paragraph(t, note.local ?? '', { size: g.small }, dir, { before: 4 }));
    blocks.push(paragraph(t, `${receiptText(local, 'tracking')} : ${url}`, { size: g.small }, dir, { before: 4 }));
  }
  return blocks;
}

async function embedFaces(doc: PDFDocument, files: ReceiptFontFiles): Promise<FaceSet> {
  const embed = (list: ReceiptFontFiles['regular']) =>
    Promise.all(list.map(async (file) => faceOf(await doc.embedFont(file.bytes, { subset: true }), file.arabic)));
  const [regular, bold] = await Promise.all([embed(files.regular), embed(files.bold)]);
  return { regular, bold };
}

/**
 * The acknowledgment as PDF bytes: French first, then the person's language beside it; title,
 * language and author in the metadata; a QR code to `${publicUrl}/suivi/${reference}`.
 *
 * @example await renderReceiptPdf(ack, { publicUrl: 'https://guichet.belval-sur-loire.fr', paper: '80mm' })
 */
export async function renderReceiptPdf(ack: Acknowledgment, options: PdfOptions): Promise<Uint8Array> {
  const paper = options.paper ?? 'a4';
  const geometry = GEOMETRY[paper];
  const url = trackingUrl(options.publicUrl, ack.reference);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const faces = await embedFaces(doc, options.fonts ?? (await loadReceiptFonts()));
  const t: Typesetter = { doc, faces, geometry, left: geometry.margin, right: geometry.width - geometry.margin };
  const blocks = blocksOf(t, ack, url, options);

  const now = options.now ?? new Date();
  doc.setTitle(`${ack.title.fr} — ${ack.reference} — ${ack.town.fr}`, { showInWindowTitleBar: true });
  doc.setLanguage('fr-FR');
  doc.setAuthor(ack.town.fr);
  doc.setSubject(`${ack.title.fr} (${ack.procedure.id}, version ${ack.procedure.version})`);
  doc.setKeywords([ack.reference, ack.procedure.id, options.documentKind ?? (ack.kind === 'receipt' ? 'ARE' : 'AEE')]);
  doc.setCreator('Guichet');
  doc.setProducer('Guichet (pdf-lib)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const pageHeight = geometry.height;
  if (pageHeight === undefined) {
    const total = blocks.reduce((sum, block) => sum + block.height, 0) + geometry.margin * 2;
    const page = doc.addPage([geometry.width, total]);
    let top = total - geometry.margin;
    for (const block of blocks) {
      block.draw(page, top);
      top -= block.height;
    }
  } else {
    const footer = geometry.small * 2.5;
    const bottom = geometry.margin + footer;
    const pages: PDFPage[] = [];
    let page = doc.addPage([geometry.width, pageHeight]);
    pages.push(page);
    let top = pageHeight - geometry.margin;
    let fresh = true;
    blocks.forEach((block, index) => {
      const next = blocks[index + 1];
      const needed = block.height + (block.keepWithNext && next ? next.height : 0);
      if (!fresh && top - needed < bottom) {
        page = doc.addPage([geometry.width, pageHeight]);
        pages.push(page);
        top = pageHeight - geometry.margin;
      }
      block.draw(page, top);
      top -= block.height;
      fresh = false;
    });
    pages.forEach((each, index) => {
      const text = `${ack.reference} — ${ack.title.fr} — page ${index + 1} / ${pages.length}`;
      const [line] = wrapText(faces, text, { size: geometry.small }, t.right - t.left, 'ltr');
      if (line) drawLine(doc, each, line, (geometry.width - line.width) / 2, geometry.margin);
    });
  }
  return doc.save();
}
