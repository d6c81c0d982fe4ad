// Mediators on a shared terminal (issue 7), in real Chromium against the real server: a
// mediator signs in with a pasted code, opens an assisted session for a resident with their
// spoken consent, prints the consent, completes a procedure under the mandate; the receipt and
// the delivery console name the mediator and the mandate; the mediator's list of today's
// sessions shows it with its status; "Finish and erase" ends the session mandate on the server.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { readContent } from '../../content/check/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { addStaffAccount } from '../support/staff-accounts.ts';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';

const content = readContent();
const letter = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const street = content.procedures.find((p) => p.id === 'report-street-problem')!;
const MARC = { login: 'm.durand', code: 'Marc-code-9Lp!x', name: 'Marc Durand' };
const RESIDENT = 'Jeanne Petit';
const TOKEN = 'mediators-e2e-token-0123456789abcdefghijklmn';
const ADMIN = { login: 'admin', code: 'Admin-code-7Qx!', name: 'Administration' };
const m = fr.mediation;

const words = FRENCH_WORDS;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The relay stays off: the shipped routes fall back to the desk, which would make the request
  // received (ARE) within a turn; what this test shows is the registered request, as it was sent.
  server = await startServer({ GUICHET_ADMIN_TOKEN: TOKEN, GUICHET_RELAY: 'off' });
  browser = await launchChromium();
  addStaffAccount(server.dataDir, { role: 'mediator', ...MARC });
  addStaffAccount(server.dataDir, { role: 'admin', ...ADMIN });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe('a mediator on a shared terminal', () => {
  it('opens an assisted session with the resident’s consent, prints it, and the receipt and the console name both', async () => {
    // The terminal was installed as a public digital space's (`?channel=epn`).
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/?channel=epn`);
      await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
      await page.getByRole('link', { name: m.title }).tap();
      await heading(page, m.title).waitFor();
      await page.getByRole('textbox', { name: m.login }).fill(MARC.login);
      // Pasted, as from a password manager: the page does not cancel the paste.
      const code = page.getByLabel(m.code, { exact: true });
      expect(await code.getAttribute('autocomplete')).toBe('current-password');
      const cancelled = await code.evaluate((el, text) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        const kept = el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        if (kept) (el as HTMLInputElement).value = text;
        return !kept;
      }, MARC.code);
      expect(cancelled).toBe(false);
      await page.getByRole('button', { name: m.signIn }).tap();
      await page.getByText(m.signedInAs.replace('{{name}}', MARC.name)).waitFor();
      await page.getByText(m.noSessions).waitFor();

      // One question per page; Continue with nothing says what to do.
      await page.getByRole('link', { name: m.open }).tap();
      await heading(page, m.resident.title).waitFor();
      await page.getByRole('button', { name: fr.step.continue }).tap();
      await page.getByRole('alert').getByRole('link', { name: m.resident.missing }).waitFor();
      expect(await page.title()).toMatch(/^Erreur\s: /);
      await page.getByRole('textbox', { name: m.resident.title }).fill(RESIDENT);
      await page.getByRole('button', { name: fr.step.continue }).tap();

      await heading(page, m.procedures.title).waitFor();
      await page.getByRole('checkbox', { name: letter.title.fr }).check();
      await page.getByRole('button', { name: fr.step.continue }).tap();

      await heading(page, m.until.title).waitFor();
      await page.getByRole('radio', { name: m.until.session }).check();
      await page.getByRole('button', { name: fr.step.continue }).tap();

      await heading(page, m.consent.title).waitFor();
      const read = await page.getByRole('main').innerText();
      expect(read).toContain(m.consent.helps.replace('{{helper}}', MARC.name));
      expect(read).toContain(m.consent.passwords);
      // No mandate without the resident's yes.
      await page.getByRole('button', { name: m.consent.submit }).tap();
      await page.getByRole('alert').getByRole('link', { name: m.consent.missing }).waitFor();
      await page.getByRole('checkbox', { name: m.consent.confirm.replace('{{resident}}', RESIDENT) }).check();
      await page.getByRole('button', { name: m.consent.submit }).tap();

      await heading(page, m.ready.title).waitFor();
      // Who helps whom, on every screen from now on.
      const banner = page.getByRole('region', { name: m.banner.label });
      await banner.getByText(m.banner.text.replace('{{helper}}', MARC.name).replace('{{resident}}', RESIDENT)).waitFor();

      const printed = page.waitForResponse((r) => r.url().includes('/consent.html'));
      await page.getByRole('button', { name: m.ready.print }).tap();
      const consent = await printed;
      expect(consent.status()).toBe(200);
      await page.getByRole('status').filter({ hasText: m.ready.printed }).waitFor();
      // The printed page, opened as the printer gets it.
      const paper = await context.newPage();
      await paper.goto(consent.url());
      await paper.getByRole('heading', { level: 1, name: 'Accord pour être accompagné dans ses démarches' }).waitFor();
      const sheet = await paper.getByRole('main').innerText();
      for (const expected of [RESIDENT, MARC.name, letter.title.fr!, 'Personne ne vous demandera vos mots de passe']) expect(sheet).toContain(expected);
      const mandateId = await paper.getByRole('definition').first().innerText();
      expect(mandateId).toMatch(/^[0-9a-f-]{36}$/);
      await paper.close();

      // Only the mandate's procedures are offered.
      await page.getByRole('link', { name: m.ready.start }).tap();
      await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
      expect(await page.getByRole('link', { name: new RegExp(`^${street.title.fr}`) }).count()).toBe(0);
      const driver = createDriver(page, 'touch', words);
      await driver.press(page.getByRole('link', { name: new RegExp(`^${letter.title.fr}`) }));
      await driver.walk(letter, validAnswers(letter, { postcodes: content.site.postcodes }));
      await heading(page, fr.check.title).waitFor();
      await driver.press(page.getByRole('button', { name: fr.check.send }));
      await heading(page, fr.done.title).waitFor();
      const main = await page.getByRole('main').innerText();
      const reference = main.match(/Référence\s*:\s*([2-9A-Z]{4}-[2-9A-Z]{4})/)![1]!;
      const trackingCode = main.match(/Code de suivi\s*:\s*([2-9A-Z]{6})/)![1]!;

      // Recorded with the submission: the terminal's channel, the mediator, the mandate.
      const db = new Database(join(server.dataDir, 'guichet.sqlite'), { readonly: true });
      const recorded = db
        .prepare('SELECT a.channel, a.mandate_id, m.login FROM submission_attribution a JOIN submissions s ON s.id = a.submission_id JOIN staff_accounts m ON m.id = a.mediator_id WHERE s.reference = ?')
        .get(reference);
      db.close();
      expect(recorded).toEqual({ channel: 'epn', mandate_id: mandateId, login: MARC.login });

      // The receipt names the mediator and the mandate.
      const receipt = await context.newPage();
      await receipt.goto(`${server.url}/api/submissions/${reference}/receipt.html?code=${trackingCode}`);
      const assisted = receipt.getByRole('region', { name: 'Accompagnement' });
      for (const expected of [MARC.name, mandateId, RESIDENT, letter.title.fr!]) await assisted.getByText(expected, { exact: false }).first().waitFor();
      await receipt.close();

      // The console shows them on the submission.
      const desk = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
      const consolePage = await desk.newPage();
      await consolePage.goto(`${server.url}/console`);
      await consolePage.getByLabel('Identifiant').fill(ADMIN.login);
      await consolePage.getByLabel('Code').fill(ADMIN.code);
      await consolePage.getByRole('button', { name: 'Se connecter' }).click();
      await consolePage.getByRole('heading', { level: 1, name: 'Livraisons aux services' }).waitFor();
      await consolePage.goto(`${server.url}/console/deliveries?state=all`);
      const row = consolePage.getByRole('row').filter({ has: consolePage.getByRole('rowheader', { name: reference }) }).first();
      const cell = row.getByRole('cell', { name: new RegExp(`Aidé par ${MARC.name}, mandat ${mandateId} de ${RESIDENT}`) });
      expect(await cell.isVisible()).toBe(true);
      await desk.close();

      // The mediator's list of today's sessions shows it, open, with its request and status.
      await banner.getByRole('link', { name: m.banner.space }).tap();
      await heading(page, m.title).waitFor();
      const today = page.getByRole('list').filter({ hasText: RESIDENT }).first();
      await today.getByText(m.active, { exact: true }).waitFor();
      await today.getByText(new RegExp(`Référence ${reference}, envoyée le .*\\s: ${fr.agents.status.received}`)).waitFor();

      // "Finish and erase" ends the session mandate on the server, then signs out.
      const reloaded = page.waitForEvent('load');
      await page.getByRole('button', { name: fr.session.finish }).tap();
      await reloaded;
      await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
      expect(await page.getByRole('region', { name: m.banner.label }).count()).toBe(0);
      expect(await page.evaluate(async () => (await fetch('/api/staff/me')).status)).toBe(401);
      const origin = { Origin: server.url };
      const signIn = await fetch(`${server.url}/api/staff/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...origin },
        body: JSON.stringify({ role: 'mediator', login: MARC.login, code: MARC.code }),
      });
      const cookie = /guichet_staff=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
      const sessions = (await (await fetch(`${server.url}/api/staff/mandates`, { headers: { Cookie: cookie } })).json()) as {
        mandates: Array<{ id: string; active: boolean; requests: Array<{ reference: string }> }>;
      };
      expect(sessions.mandates).toEqual([expect.objectContaining({ id: mandateId, active: false, requests: [expect.objectContaining({ reference })] })]);
    } finally {
      await context.close();
    }
  });
});
