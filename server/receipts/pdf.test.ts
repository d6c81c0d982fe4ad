import { PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildReceipt, buildRegistration, requiredMentions, type Acknowledgment } from './acknowledgment.ts';
import { renderReceiptPdf } from './pdf.ts';
import { agentRequest, context, declaration, hasWordsInOrder, readPdfText, submissionOf, svaRequest, svrRequest } from './test-fixtures.ts';

const publicUrl = 'https://guichet.belval-sur-loire.fr';

function mentionsOf(ack: Acknowledgment) {
  return ack.sections.flatMap((section) => section.mentions);
}

/** Every required mention's French label and value can be read back from the PDF. */
function expectFrenchMentions(text: string, ack: Acknowledgment): void {
  const required = requiredMentions(ack);
  const present = mentionsOf(ack).filter((item) => required.includes(item.id));
  expect(present.map((item) => item.id).sort()).toEqual([...required].sort());
  for (const item of present) {
    expect(item.value.fr, item.id).not.toBe('');
    expect(hasWordsInOrder(text, item.value.fr), `${item.id}: ${item.value.fr}`).toBe(true);
    expect(hasWordsInOrder(text, item.label.fr), `${item.id} label`).toBe(true);
  }
}

const ARABIC_WORD = /[\u0600-\u06ff]+/g;

/** Every Arabic word of every mention comes back in logical order, joined (not as isolated or reversed letters). */
function expectArabicWords(text: string, arabic: string): void {
  const compact = text.replace(/\s+/g, '');
  for (const word of arabic.match(ARABIC_WORD) ?? []) expect(compact, word).toContain(word);
}

async function readBack(ack: Acknowledgment, paper: 'a4' | '80mm' = 'a4') {
  const bytes = await renderReceiptPdf(ack, { publicUrl, paper, now: new Date('2026-03-15T09:31:00Z') });
  return { bytes, text: await readPdfText(bytes) };
}

describe('renderReceiptPdf', () => {
  it('prints every mention of a request with silence worth acceptance, and the tracking address', async () => {
    const ack = buildReceipt(submissionOf(svaRequest), context);
    const { text } = await readBack(ack);
    expectFrenchMentions(text, ack);
    expect(text).toContain('Accusé de réception électronique');
    expect(hasWordsInOrder(text, 'réputée acceptée le 15 mai 2026,')).toBe(true);
    expect(text).toContain('L232-3');
    expect(text.replace(/\s+/g, '')).toContain('https://guichet.belval-sur-loire.fr/suivi/K7QD-4MZ9');
  });

  it('prints the appeal routes of a request with silence worth rejection', async () => {
    const ack = buildReceipt(submissionOf(svrRequest), context);
    const { text } = await readBack(ack);
    expectFrenchMentions(text, ack);
    expect(hasWordsInOrder(text, 'recours gracieux adressé au maire de Belval-sur-Loire,')).toBe(true);
    expect(hasWordsInOrder(text, "devant le tribunal administratif d'Orléans,")).toBe(true);
    expect(text).not.toContain('L232-3');
  });

  it('prints no silence rule for a declaration', async () => {
    const ack = buildReceipt(submissionOf(declaration), context);
    const { text } = await readBack(ack);
    expectFrenchMentions(text, ack);
    expect(text).not.toMatch(/réputée|silence gardé|recours gracieux/);
  });

  it('never prints an acceptance for an agent request', async () => {
    const ack = buildReceipt(submissionOf(agentRequest), context);
    const { text } = await readBack(ack);
    expectFrenchMentions(text, ack);
    expect(hasWordsInOrder(text, 'réputée rejetée le 15 avril 2026,')).toBe(true);
    expect(text).not.toMatch(/décision d’acceptation|réputée acceptée le|L232-3|Attestation/);
    expect(hasWordsInOrder(text, 'Direction des Ressources humaines')).toBe(true);
  });

  it('prints the French text and the Arabic beside it, shaped and in reading order', async () => {
    const ack = buildReceipt(submissionOf(svaRequest, 'ar'), context);
    for (const paper of ['a4', '80mm'] as const) {
      const { text } = await readBack(ack, paper);
      expectFrenchMentions(text, ack);
      for (const item of mentionsOf(ack)) {
        expectArabicWords(text, item.label.local ?? '');
        expectArabicWords(text, item.value.local ?? '');
      }
      for (const note of ack.notes) expectArabicWords(text, note.local ?? '');
      // Whole phrases, not only words: the lam-alef ligature and word order survive.
      const compact = text.replace(/\s+/g, '');
      expect(compact).toContain('إشعارإلكترونيبالاستلام');
      expect(compact).toContain('فهيتثبتتاريخإرسالك');
      expect(compact).toContain('المصالحالتقنية');
      expect(text).toContain('02 54 00 10 40');
    }
  });

  it('prints an acknowledgment of registration with the date and time of receipt', async () => {
    const ack = buildRegistration(submissionOf(svaRequest, 'en', new Date('2026-01-31T23:30:00Z')), context);
    const { text } = await readBack(ack);
    expect(hasWordsInOrder(text, 'Accusé d’enregistrement électronique')).toBe(true);
    expect(hasWordsInOrder(text, 'le 1er février 2026 à 00:30 (heure de Paris)')).toBe(true);
    expect(hasWordsInOrder(text, '1 February 2026 at 00:30 (Paris time)')).toBe(true);
  });

  it('sets title, language and author, embeds its fonts, and makes one long page on 80 mm paper', async () => {
    const ack = buildReceipt(submissionOf(svaRequest, 'ar'), context);
    const { bytes } = await readBack(ack, '80mm');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Accusé de réception électronique — K7QD-4MZ9 — Commune de Belval-sur-Loire');
    expect(doc.getAuthor()).toBe('Commune de Belval-sur-Loire');
    const lang = doc.catalog.get(PDFName.of('Lang'));
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : undefined).toBe('fr-FR');
    const viewer = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(viewer.get(PDFName.of('DisplayDocTitle'))?.toString()).toBe('true');
    expect(doc.getPageCount()).toBe(1);
    const [page] = doc.getPages();
    expect(page!.getWidth()).toBeCloseTo((80 * 72) / 25.4, 1);

    const embedded = doc.context
      .enumerateIndirectObjects()
      .filter(([, object]) => object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'))
      .map(([, object]) => object as PDFDict);
    expect(embedded.length).toBeGreaterThanOrEqual(3);
    for (const descriptor of embedded) expect(descriptor.get(PDFName.of('FontFile2'))).toBeDefined();
  });

  it('paginates A4 with the reference on every page', async () => {
    const ack = buildReceipt(submissionOf(svrRequest, 'ar'), context);
    const { bytes, text } = await readBack(ack);
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThan(1);
    for (let index = 1; index <= pages; index += 1) expect(text).toContain(`K7QD-4MZ9 — Accusé de réception électronique — page ${index} / ${pages}`);
  });
});
