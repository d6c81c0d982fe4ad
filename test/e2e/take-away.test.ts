// The end of a journey in real Chromium, in each of the four languages: the person completes
// "Écrire à la mairie", presses "Imprimer mon reçu", and what the printer gets is read back as
// text. `window.print` is stood in for in every frame (a headless browser has no printer): it
// records the page it was called from, which is then laid out by Chromium's own print path
// (`page.pdf`, print media) and read with poppler's pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { allFields } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { buildReceipt } from '../../server/receipts/acknowledgment.ts';
import { renderReceiptHtml } from '../../server/receipts/html.ts';
import { context as receiptContext, submissionOf, svaRequest } from '../../server/receipts/test-fixtures.ts';
import ar from '../../content/locales/ar/ui.json' with { type: 'json' };
import en from '../../content/locales/en/ui.json' with { type: 'json' };
import falc from '../../content/locales/fr-x-falc/ui.json' with { type: 'json' };
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createDriver, type KioskWords } from './journey-driver.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const UI = { fr, 'fr-x-falc': falc, en, ar } as const;
const RECEIPTS = Object.fromEntries(
  Object.keys(UI).map((code) => [code, readReceiptsJson(code)]),
) as Record<keyof typeof UI, Record<string, string>>;

function readReceiptsJson(code: string): Record<string, string> {
  return JSON.parse(readFileSync(join('content/locales', code, 'receipts.json'), 'utf8')) as Record<string, string>;
}

/** The driver's words in a locale, read from its interface texts as FRENCH_WORDS is. */
function wordsOf(ui: typeof fr): KioskWords {
  return {
    start: ui.intro.start,
    step: ui.step.progress.split(' ')[0]!,
    continue: ui.step.continue,
    send: ui.check.send,
    day: ui.field.date.day,
    month: ui.field.date.month,
    year: ui.field.date.year,
    street: ui.field.address.street,
    complement: ui.field.address.complement.replace(/\s*\(.*\)$/, ''),
    postcode: ui.field.address.postcode,
    city: ui.field.address.city,
    addFile: ui.field.file.add,
  };
}

/**
 * Whether the printed text holds a sentence. pdftotext gives Arabic in pieces (a word split
 * where glyphs join, the parts around a colon in visual order, ligatures undone): every word of the sentence must
 * be there, letters only, spaces ignored.
 */
function holds(text: string, wanted: string): boolean {
  // The lam-alef ligature comes back from the PDF as alef then lam ("الاستلام" as "االستالم").
  const letters = (value: string) => value.replace(/[^\p{L}\p{N}]/gu, '').replace(/لا/g, 'ال');
  const flat = letters(text);
  return wanted.split(/\s+/).every((word) => flat.includes(letters(word)));
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe's violations on the page as it is (the screen, or the printed page in print media). */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations as Array<{ id: string; nodes: Array<{ target: string[] }> }>;
  }, AXE_TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
}

let server: RunningServer;
let browser: Browser;
let dir: string;
/** The town's mail server, on loopback: what "send me a copy" and the emailed receipts reach. */
let smtp: SMTPServer;
const mails: Array<{ to: string[]; html: string }> = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), html: String(mail.html) });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  server = await startServer({
    GUICHET_SMTP_HOST: '127.0.0.1',
    GUICHET_SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
    GUICHET_SMTP_FROM: 'ne-pas-repondre@belval-sur-loire.fr',
  });
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'guichet-print-'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('the receipt the person takes away', () => {
  it.each(['fr', 'fr-x-falc', 'en', 'ar'] as Array<keyof typeof UI>)('%s: prints reference and code unbroken, the copy without copy: false answers, in the language and in French', async (locale) => {
    const ui = UI[locale];
    const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
    // Every frame's print() says where it was called from instead of opening a dialog.
    await context.addInitScript(() => {
      window.print = () => {
        (window.top as unknown as { printed?: string }).printed = location.href;
      };
    });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.evaluate((code) => (window as unknown as { guichetDisplay: { setLocale: (c: string) => Promise<void> } }).guichetDisplay.setLocale(code), locale);
      const driver = createDriver(page, 'touch', wordsOf(ui), locale);
      await driver.press(page.getByRole('link', { name: new RegExp(`^${(procedure.title[locale] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }));
      await driver.walk(procedure, answers);
      await page.getByRole('heading', { level: 1, name: ui.check.title }).waitFor();
      await driver.press(page.getByRole('button', { name: ui.check.send }));
      await page.getByRole('heading', { level: 1, name: ui.done.title }).waitFor();
      const codes = await page.locator('.panel__value').allInnerTexts();
      const [reference, code] = codes.map((c) => c.trim());
      expect(reference).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      expect(code).toMatch(/^[2-9A-Z]{6}$/);

      expect(await axeViolations(page), 'the confirmation').toEqual([]);
      await driver.press(page.getByRole('button', { name: ui.done.print }));
      await page.getByRole('status').filter({ hasText: ui.done.printing }).waitFor();
      const printed = await page.evaluate(() => (window as unknown as { printed?: string }).printed);
      expect(printed).toContain(`/api/submissions/${reference}/receipt.html`);

      // "Send me a copy": to the address given in the answers, with the copy of the answers.
      await driver.press(page.getByRole('button', { name: ui.done.copy }));
      await page.getByRole('status').filter({ hasText: ui.done.copySent }).waitFor();
      const copy = mails.find((mail) => mail.html.includes(reference!) && mail.html.includes(RECEIPTS.fr['summary.heading']!));
      expect(copy?.to).toEqual([answers.email]);
      expect(copy?.html).not.toContain(code);

      const paper = await context.newPage();
      const response = await paper.goto(printed!);
      expect(response?.status()).toBe(200);
      // The shipped routes' desk receives a request at once: the paper is then the ARE; with a
      // back-office slower than the person, the AEE. Either carries the same take-away parts.
      const kind = response?.headers()['guichet-acknowledgment'];
      expect(['receipt', 'registration']).toContain(kind);
      const title = kind === 'receipt' ? 'title.receipt' : 'title.registration';
      expect(await axeViolations(paper), 'the receipt page').toEqual([]);
      await paper.emulateMedia({ media: 'print' });
      const pdf = await paper.pdf({ preferCSSPageSize: true, printBackground: true });
      const file = join(dir, `${locale}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

      // Reference and code, each whole on its line, in the French part and the translated one.
      const lines = text.split('\n');
      expect(lines.filter((line) => line.includes(reference!)).length).toBeGreaterThanOrEqual(locale === 'fr' ? 1 : 2);
      expect(lines.filter((line) => line.includes(code!)).length).toBeGreaterThanOrEqual(locale === 'fr' ? 1 : 2);
      // The QR code's address holds the reference, never the code.
      expect(text).not.toMatch(new RegExp(`code=${code}`));

      // The copy of the answers: what the person typed is there, what is marked copy: false is not.
      const local = RECEIPTS[locale];
      expect(text).toContain(RECEIPTS.fr['summary.heading']);
      expect(holds(text, local['summary.heading']!), `${locale} summary heading`).toBe(true);
      expect(text).toContain(String(answers.familyName));
      const withheld = allFields(procedure).filter((f) => f.copy === false);
      expect(withheld.length).toBeGreaterThan(0);
      for (const field of withheld) {
        const answer = String(answers[field.id] ?? '');
        expect(answer.length).toBeGreaterThan(0);
        expect(text.replace(/\s+/g, ' ')).not.toContain(answer.replace(/\s+/g, ' ').slice(0, 24));
      }
      // The French legal text, and the person's language beside it.
      expect(text).toContain(RECEIPTS.fr[title]);
      expect(holds(text, local[title]!), `${locale} title`).toBe(true);
      expect(holds(text, local['next.heading']!), `${locale} next step`).toBe(true);
    } finally {
      await context.close();
    }
  });

  // The codes above are drawn at random; these hold the letters whose shapes made a PDF reader
  // see a space inside a letter-spaced code (wide M and W beside a J that reaches left).
  it.each(['MKGFGX', 'PWM2EJ', 'WJWJ2J'])('prints the code %s as one word, in French and in Arabic', async (code) => {
    const ack = buildReceipt(submissionOf(svaRequest, 'ar'), receiptContext);
    const html = await renderReceiptHtml(ack, { publicUrl: 'https://guichet.belval-sur-loire.fr', trackingCode: code });
    const page = await browser.newPage();
    try {
      await page.setContent(html);
      await page.emulateMedia({ media: 'print' });
      const file = join(dir, `${code}.pdf`);
      writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
      const lines = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n');
      expect(lines.filter((line) => line.includes(code)).length).toBe(2);
      expect(lines.filter((line) => line.includes(ack.reference)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await page.close();
    }
  });

  it('offline: the provisional paper says plainly it is not a receipt yet, with the provisional number and the copy, in Arabic and in French', async () => {
    const locale = 'ar';
    const ui = UI[locale];
    const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
    await context.addInitScript(() => {
      window.print = () => {
        (window.top as unknown as { printed?: string }).printed = location.href;
      };
    });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.evaluate((code) => (window as unknown as { guichetDisplay: { setLocale: (c: string) => Promise<void> } }).guichetDisplay.setLocale(code), locale);
      const driver = createDriver(page, 'touch', wordsOf(ui), locale);
      await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title[locale]}`) }));
      await driver.walk(procedure, answers);
      await page.getByRole('heading', { level: 1, name: ui.check.title }).waitFor();
      // The network goes down just before Send: the request is saved on the terminal.
      await context.setOffline(true);
      await driver.press(page.getByRole('button', { name: ui.check.send }));
      await page.getByRole('heading', { level: 1, name: ui.saved.title }).waitFor();
      const provisional = (await page.locator('.panel__value').innerText()).trim();
      expect(provisional).toMatch(/^P-/);

      expect(await axeViolations(page), 'the saved confirmation').toEqual([]);
      await driver.press(page.getByRole('button', { name: ui.saved.print }));
      await page.getByRole('status').filter({ hasText: ui.saved.printing }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { printed?: string }).printed)).toBeDefined();
      // What the printer gets: the kiosk's page in print media, where only the paper shows.
      const file = join(dir, 'provisional.pdf');
      writeFileSync(file, await page.pdf({ printBackground: true }));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text.split('\n').filter((line) => line.includes(provisional)).length, `${provisional}\n${text}`).toBe(2);
      expect(text).toContain(fr.saved.paper.title);
      expect(holds(text, ar.saved.paper.title), `Arabic title in\n${text}`).toBe(true);
      expect(text).toContain(String(answers.familyName));
      for (const field of allFields(procedure).filter((f) => f.copy === false))
        expect(text.replace(/\s+/g, ' ')).not.toContain(String(answers[field.id]).replace(/\s+/g, ' ').slice(0, 24));
      // Nothing of the kiosk's screen is on the paper.
      expect(text).not.toContain(ui.saved.print);
    } finally {
      await context.close();
    }
  });

  it('lists the files by the names and sizes only the terminal knows, on the printed copy', async () => {
    const street = content.procedures.find((p) => p.id === 'report-street-problem')!;
    const answers = validAnswers(street, { postcodes: content.site.postcodes });
    const files = allFields(street).filter((f) => f.type === 'file' && Array.isArray(answers[f.id]));
    expect(files.length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
    await context.addInitScript(() => {
      window.print = () => {
        (window.top as unknown as { printedHtml?: string }).printedHtml = document.documentElement.outerHTML;
      };
    });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const driver = createDriver(page, 'touch', wordsOf(fr), 'fr');
      await driver.press(page.getByRole('link', { name: new RegExp(`^${street.title.fr}`) }));
      await driver.walk(street, answers);
      await driver.press(page.getByRole('button', { name: fr.check.send }));
      await page.getByRole('heading', { level: 1, name: fr.done.title }).waitFor();
      await driver.press(page.getByRole('button', { name: fr.done.print }));
      await page.getByRole('status').filter({ hasText: fr.done.printing }).waitFor();
      // The page as it went to the printer, laid out and read back as the printer gets it.
      const html = await page.evaluate(() => (window as unknown as { printedHtml?: string }).printedHtml);
      const paper = await context.newPage();
      await paper.setContent(html!);
      const file = join(dir, 'files.pdf');
      writeFileSync(file, await paper.pdf({ preferCSSPageSize: true }));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toMatch(/photo-1\.\w+ \(\d+(,\d)? Mo\)/);
    } finally {
      await context.close();
    }
  });
});
