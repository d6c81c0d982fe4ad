// "Suivre ma demande" in real Chromium against the real server: a request sent through the
// API is followed on the kiosk with the keyboard alone (reference typed in lower case without
// its hyphen), a wrong code gets the plain message, the receipt's QR address comes with the
// reference filled in; axe checks the form, error and result states.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'wcag2aaa', 'best-practice'];
const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const town = content.site.town;

let server: RunningServer;
let browser: Browser;
let reference: string;
let code: string;

beforeAll(async () => {
  // The relay stays off: the shipped routes fall back to the desk, which would make the request
  // received (ARE) within a turn; what this test shows is the registered request, as it was sent.
  server = await startServer({ GUICHET_RELAY: 'off' });
  browser = await launchChromium();
  const response = await fetch(`${server.url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify(validSubmission(procedure, { postcodes: content.site.postcodes })),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  ({ reference, trackingCode: code } = (await response.json()) as { reference: string; trackingCode: string });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openKiosk(path = '/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page };
}

/** Presses Tab until the target has focus: the keyboard's only way to reach a control. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((el) => el === document.activeElement, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a script tag: the kiosk's CSP refuses inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations as Array<{ id: string; nodes: Array<{ target: string[]; failureSummary: string }> }>;
  }, AXE_TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.failureSummary}`));
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

describe('Suivre ma demande', () => {
  it('follows a request with the keyboard alone, reference typed in lower case without its hyphen', async () => {
    const { context, page } = await openKiosk();
    try {
      await tabTo(page, page.getByRole('link', { name: new RegExp(`^${fr.tracking.title}`) }));
      await page.keyboard.press('Enter');
      await heading(page, fr.tracking.title).waitFor();
      await expect.poll(() => isFocused(heading(page, fr.tracking.title))).toBe(true);
      expect(await page.title()).toBe(`${fr.tracking.title} – Mairie de ${town}`);
      expect(await axeViolations(page)).toEqual([]);

      // Nothing typed: the error summary, focused, each entry leading to its field.
      await tabTo(page, page.getByRole('button', { name: fr.tracking.submit }));
      await page.keyboard.press('Enter');
      const summary = page.getByRole('alert');
      await summary.getByRole('link', { name: fr.tracking.errors.referenceMissing }).waitFor();
      expect(await page.title()).toMatch(/^Erreur\s: /);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      await tabTo(page, page.getByRole('textbox', { name: fr.tracking.reference }));
      await page.keyboard.type(reference.replace('-', '').toLowerCase());
      await tabTo(page, page.getByRole('textbox', { name: fr.tracking.code }));
      await page.keyboard.type(code.toLowerCase());
      await page.keyboard.press('Enter');

      const result = heading(page, fr.tracking.result.heading);
      await result.waitFor();
      await expect.poll(() => isFocused(result)).toBe(true);
      expect(await page.title()).toBe(`${fr.tracking.result.title.replace('{{reference}}', reference)} – Mairie de ${town}`);
      const main = page.getByRole('main');
      const text = await main.innerText();
      expect(text).toContain(reference);
      expect(text).toContain('Votre demande est enregistrée.');
      expect(text).toContain("Elle est en cours d'envoi au service de la mairie");
      // The request's history: each step with its date, in words.
      const steps = main.getByRole('list').filter({ hasText: fr.life.status.registered });
      expect(await steps.getByRole('listitem').first().innerText()).toMatch(
        new RegExp(`^${fr.life.status.registered}\\s+\\d{1,2} \\p{L}+ \\d{4} à \\d{2}:\\d{2}$`, 'u'),
      );
      expect(text).not.toContain(code);
      expect(await axeViolations(page)).toEqual([]);

      // The acknowledgment prints from the kiosk's own page.
      const printed = page.waitForResponse((r) => r.url().includes(`/api/submissions/${reference}/receipt.html`));
      await tabTo(page, page.getByRole('button', { name: fr.tracking.result.print }));
      await page.keyboard.press('Enter');
      expect((await printed).status()).toBe(200);
      await page.getByRole('status').filter({ hasText: fr.tracking.result.printing }).waitFor();

      // Nothing of it is kept once the person leaves.
      await tabTo(page, page.getByRole('link', { name: fr.tracking.result.home }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /Bienvenue/ }).waitFor();
      const kept = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.body.innerHTML]));
      expect(kept).not.toContain(code);
      expect(await page.locator('iframe').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('says in plain words that nothing matches a wrong code, without saying which is wrong', async () => {
    const { context, page } = await openKiosk('/suivi');
    try {
      await heading(page, fr.tracking.title).waitFor();
      await page.getByRole('textbox', { name: fr.tracking.reference }).fill(reference);
      const wrong = code.startsWith('Z') ? 'YYYYYY' : 'ZZZZZZ';
      await page.getByRole('textbox', { name: fr.tracking.code }).fill(wrong);
      await page.getByRole('button', { name: fr.tracking.submit }).click();
      await page.getByRole('alert').getByRole('link', { name: fr.tracking.errors.notFound }).waitFor();
      expect(await page.title()).toMatch(/^Erreur\s: /);
      expect(await page.getByRole('textbox', { name: fr.tracking.reference }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('textbox', { name: fr.tracking.code }).getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lands from the receipt QR code with the reference filled in: only the code to type', async () => {
    const { context, page } = await openKiosk(`/suivi/${reference}`);
    try {
      await heading(page, fr.tracking.title).waitFor();
      expect(await page.getByRole('textbox', { name: fr.tracking.reference }).inputValue()).toBe(reference);
      await tabTo(page, page.getByRole('textbox', { name: fr.tracking.code }));
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await heading(page, fr.tracking.result.heading).waitFor();
      expect(await page.getByRole('main').innerText()).toContain('Votre demande est enregistrée.');
    } finally {
      await context.close();
    }
  });
});
