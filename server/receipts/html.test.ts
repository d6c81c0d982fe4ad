import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildReceipt, requiredMentions } from './acknowledgment.ts';
import { renderReceiptHtml, trackingUrl } from './html.ts';
import { context, declaration, submissionOf, svaRequest } from './test-fixtures.ts';

const publicUrl = 'https://guichet.belval-sur-loire.fr/';

async function documentOf(locale: string, paper: 'a4' | '80mm' = 'a4', procedure = svaRequest) {
  const ack = buildReceipt(submissionOf(procedure, locale), context);
  const html = await renderReceiptHtml(ack, { publicUrl, paper });
  return { ack, html, document: new JSDOM(html).window.document };
}

describe('renderReceiptHtml', () => {
  it('is a complete French document with a title, one h1 and a heading per section', async () => {
    const { ack, html, document } = await documentOf('fr');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(document.documentElement.lang).toBe('fr');
    expect(document.title).toBe('Accusé de réception électronique — K7QD-4MZ9 — Commune de Belval-sur-Loire');
    expect(document.querySelectorAll('h1')).toHaveLength(1);
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(ack.sections.map((section) => section.heading.fr));
    for (const section of document.querySelectorAll('section')) {
      const heading = document.getElementById(section.getAttribute('aria-labelledby') ?? '');
      expect(heading && section.contains(heading)).toBe(true);
    }
    expect(document.querySelector('.reference-value')?.textContent).toBe('K7QD-4MZ9');
    expect(document.querySelector('.translation')).toBeNull();
  });

  it('lists every required mention as a term and its description', async () => {
    const { ack, document } = await documentOf('fr', 'a4', declaration);
    for (const id of requiredMentions(ack)) {
      const row = document.querySelector(`[data-mention="${id}"]`);
      expect(row?.querySelector('dt')?.textContent, id).not.toBe('');
      expect(row?.querySelector('dd')?.textContent, id).not.toMatch(/^—?$/);
      expect(row?.parentElement?.tagName).toBe('DL');
    }
  });

  it('puts the Arabic in a right-to-left section, with addresses kept left to right', async () => {
    const { document } = await documentOf('ar');
    const translation = document.querySelector('section.translation');
    expect(translation?.getAttribute('lang')).toBe('ar');
    expect(translation?.getAttribute('dir')).toBe('rtl');
    expect(translation?.querySelector('h2')?.textContent).toBe('الترجمة — إشعار إلكتروني بالاستلام');
    const phone = translation?.querySelector('[data-mention="servicePhone"] dd bdi');
    expect(phone?.getAttribute('dir')).toBe('ltr');
    expect(phone?.textContent).toBe('02 54 00 10 40');
    expect(translation?.querySelector('[data-mention="silence"] dd')?.textContent).toMatch(/يعتبر قرارا بالقبول/);
  });

  it('gives the FALC translation the French language', async () => {
    const { document } = await documentOf('fr-x-falc');
    expect(document.querySelector('section.translation')?.getAttribute('lang')).toBe('fr');
    expect(document.querySelector('section.translation')?.getAttribute('dir')).toBe('ltr');
  });

  it('carries a labelled QR code and a link to the tracking page', async () => {
    const { document } = await documentOf('fr');
    const svg = document.querySelector('figure.tracking svg');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-label')).toMatch(/Suivre votre dossier/);
    expect(document.querySelector('figure.tracking a')?.getAttribute('href')).toBe('https://guichet.belval-sur-loire.fr/suivi/K7QD-4MZ9');
  });

  it('has print rules for A4 and for 80 mm paper', async () => {
    const { html, document } = await documentOf('fr', '80mm');
    expect(document.body.className).toBe('paper-80mm');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@page thermal { size: 80mm');
    expect(html).toContain('body.paper-80mm { page: thermal; }');
  });

  it('escapes content', async () => {
    const ack = buildReceipt(submissionOf({ ...svaRequest, title: { fr: '<script>alert(1)</script>' } }), context);
    const html = await renderReceiptHtml(ack, { publicUrl });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('builds the tracking address without a double slash', () => {
    expect(trackingUrl('https://x.fr/', 'AB CD')).toBe('https://x.fr/suivi/AB%20CD');
  });
});
