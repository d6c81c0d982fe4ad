// A request's life through the desk, end to end with real parts: the server as a town runs it
// (no back-office configured, so the request lands in the desk), a resident's request in Arabic
// with a phone number, a real SMPP gateway on loopback, an instructor in Chromium asking for a
// missing piece, the resident completing it at a kiosk in Arabic with reference and tracking
// code (the same runner, check page and outbox as a first sending), then the instructor
// accepting. The gateway receives exactly one SMS per notifying step, with no personal data;
// the tracking page says the decision; the history has every step with its date; the legal
// dates run again from the completion (L114-5), on the new receipt too.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR, loadContent } from '../../content/check/index.ts';
import { startSmppServer, type TestSmppServer } from '../../server/test-support/smpp-server.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { todayIn } from '../../content/model/index.ts';
import ar from '../../content/locales/ar/ui.json' with { type: 'json' };
import { implicitDecisionDate } from '../../server/receipts/calendar.ts';
import { launchChromium } from '../support/chromium.ts';
import { createDriver, PNG_1X1 } from './journey-driver.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { addStaffAccount } from '../support/staff-accounts.ts';

let gateway: TestSmppServer;
let server: RunningServer;
let browser: Browser;
const CODE = 'desk-life-Kq7m!2026';
const PHONE = '0612345678';

beforeAll(async () => {
  gateway = await startSmppServer({ systemId: 'guichet', password: 'smpp-secret' });
  server = await startServer({ GUICHET_SMS_URL: `smpp://guichet:smpp-secret@127.0.0.1:${gateway.port}` });
  addStaffAccount(server.dataDir, { role: 'instructor', login: 'etat-civil', name: 'Claire Martin', code: CODE, services: ['civil-status', 'mail'] });
  addStaffAccount(server.dataDir, { role: 'reception', login: 'accueil', name: 'Accueil mairie', code: CODE });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (process.env.DESK_LIFE_DEBUG) console.log(server?.output());
  await server?.stop('SIGTERM');
  await gateway?.close();
});

/**
 * fetch, tried again once when the socket closed under it (a kept-alive connection the server
 * ended just as it was reused): safe, the submission carries its idempotency key.
 */
async function fetchAgain(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url, init);
  }
}

/** Waits for a condition the server reaches on its own (the relay's turn, the SMS sender's). */
async function until<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'wcag2aaa', 'best-practice'];

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a script tag: the kiosk's CSP refuses inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations as Array<{ id: string; nodes: Array<{ target: string[]; failureSummary: string }> }>;
  }, AXE_TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.failureSummary}`));
}

/** The Arabic interface's words, for the journey driver. */
const ARABIC_WORDS = {
  start: ar.intro.start,
  step: ar.step.progress.split(' ')[0]!,
  continue: ar.step.continue,
  send: ar.check.send,
  day: ar.field.date.day,
  month: ar.field.date.month,
  year: ar.field.date.year,
  street: ar.field.address.street,
  complement: ar.field.address.complement.replace(/\s*\(.*\)$/, ''),
  postcode: ar.field.address.postcode,
  city: ar.field.address.city,
  addFile: ar.field.file.add,
};

/** "15 janvier 2099", as the French side of an acknowledgment writes a date. */
const frenchDay = (day: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

describe('a request’s life through the desk', { timeout: 180_000 }, () => {
  it('lands in the desk, a piece is asked, the resident completes it at the kiosk, the instructor accepts: one SMS per notice without personal data, the history and the dates right', async () => {
    const content = loadContent(CONTENT_DIR);
    const procedure = content.procedures.find((p) => p.id === 'civil-status-certificate')!;
    const body = validSubmission(procedure, { postcodes: content.site.postcodes, locale: 'ar' });
    const answers: Record<string, unknown> = { ...body.answers, phone: PHONE };
    delete answers.email;
    const sent = await fetchAgain(`${server.url}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ ...body, answers }),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    const track = async () =>
      (await (await fetchAgain(`${server.url}/api/submissions/${reference}?code=${encodeURIComponent(trackingCode)}`)).json()) as {
        status: string;
        life: { history: Array<{ status: string; at: string }> } | null;
      };
    // No back-office configured: the desk takes it, the ARE is issued.
    await until(async () => ((await track()).status === 'delivered' ? true : undefined));

    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${server.url}/desk`);
    await page.fill('#login', 'etat-civil');
    await page.fill('#code', CODE);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: reference }).waitFor();
    // The resident's answers in Arabic, laid out right to left in the French page.
    expect(await page.locator('dd.resident-text').first().getAttribute('dir')).toBe('rtl');

    await page.fill('#missing-other', 'Copie de votre pièce d’identité');
    await page.fill('#missing-respond-by', '2099-01-15');
    await page.focus('form[action$="/missing"] button');
    await page.keyboard.press('Enter');
    await page.getByText('Pièces demandées : la personne est prévenue.').waitFor();

    const first = await until(() => (gateway.messages().length >= 1 ? gateway.messages() : undefined));
    expect(first).toHaveLength(1);
    const sms = first[0]!;
    expect(sms.text).toContain(reference);
    for (const secret of [trackingCode, PHONE, '06 12 34 56 78', 'Martin', 'Copie de votre pièce']) expect(sms.text).not.toContain(secret);

    // The resident, at a kiosk in Arabic, with the reference (the receipt's QR address) and the code.
    const kiosk = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
    const resident = await kiosk.newPage();
    const openTracking = async () => {
      await resident.goto(`${server.url}/suivi/${reference}`);
      await resident.getByRole('heading', { level: 1 }).waitFor();
      await resident.evaluate((code) => (window as unknown as { guichetDisplay: { setLocale: (c: string) => Promise<void> } }).guichetDisplay.setLocale(code), 'ar');
      await resident.getByRole('heading', { level: 1, name: ar.tracking.title }).waitFor();
      await resident.getByRole('textbox', { name: ar.tracking.code }).fill(trackingCode.toLowerCase());
      await resident.getByRole('button', { name: ar.tracking.submit }).tap();
      await resident.getByRole('heading', { level: 1, name: ar.tracking.result.heading }).waitFor();
      return resident.getByRole('main');
    };
    const driver = createDriver(resident, 'touch', ARABIC_WORDS, 'ar');
    let main = await openTracking();
    expect(await main.innerText()).toContain(ar.life.status.incomplete);
    expect(await main.innerText()).toContain('Copie de votre pièce d’identité');
    expect(await axeViolations(resident), 'the tracking page of an incomplete request').toEqual([]);
    await driver.press(resident.getByRole('button', { name: ar.life.complete }));
    // One page per missing piece, asked as a file, named as the service wrote it.
    await resident.getByRole('heading', { level: 1, name: 'Copie de votre pièce d’identité' }).waitFor();
    expect(await axeViolations(resident), 'a missing piece’s page').toEqual([]);
    await driver.pickFiles(resident.getByLabel(ar.field.file.add, { exact: true }), [{ name: 'identite.png', mimeType: 'image/png', buffer: PNG_1X1 }]);
    await driver.press(resident.getByRole('button', { name: ar.step.continue }));
    await resident.getByRole('heading', { level: 1, name: ar.check.title }).waitFor();
    const completing = resident.waitForResponse((r) => r.url().endsWith('/api/submissions') && r.request().method() === 'POST');
    await driver.press(resident.getByRole('button', { name: ar.check.send }));
    expect((await completing).status()).toBe(201);
    await resident.getByRole('heading', { level: 1, name: ar.done.title }).waitFor();
    expect(await resident.locator('.panel__value').first().innerText()).toBe(reference);

    // Received again: the delay runs in full from today (L114-5), and the new receipt says so.
    const completed = (await track()).life as unknown as { status: string; history: Array<{ status: string; completed?: boolean }>; dates: { runsFrom?: string; implicitDecisionDate?: string } };
    expect(completed.status).toBe('received');
    expect(completed.history.at(-1)?.completed).toBe(true);
    const today = todayIn(new Date());
    const due = implicitDecisionDate(today, procedure.legal!.delay!);
    expect(completed.dates).toMatchObject({ runsFrom: today, implicitDecisionDate: due });
    const receipt = await fetchAgain(`${server.url}/api/submissions/${reference}/receipt.html?code=${trackingCode}`);
    expect(receipt.headers.get('guichet-acknowledgment')).toBe('receipt');
    const paper = await receipt.text();
    expect(paper).toContain(frenchDay(due));
    expect(paper).toContain(`Votre dossier a été complété le ${frenchDay(today)}`);
    // Giving the pieces asks nothing of the resident: no SMS for it.
    expect(gateway.messages()).toHaveLength(1);

    // The instructor finds the piece given, named as it was asked, among the request's files.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: reference }).waitFor();
    await page.getByRole('link', { name: /^Copie de votre pièce d’identité \(image/ }).waitFor({ timeout: 5000 });

    await page.check('#decision-accepted');
    await page.fill('#decision-message', 'Votre acte vous sera envoyé par courrier.');
    await page.focus('form[action$="/decision"] button');
    await page.keyboard.press('Enter');
    await page.getByText('Décision enregistrée : la personne est prévenue.').waitFor();
    const both = await until(() => (gateway.messages().length >= 2 ? gateway.messages() : undefined));
    expect(both).toHaveLength(2);
    expect(both[1]!.text).toContain(reference);
    expect(both[1]!.text).not.toContain('courrier');
    await context.close();

    // The tracking page says so, in Arabic beside the service's French.
    main = await openTracking();
    const shown = await main.innerText();
    expect(shown).toContain(ar.life.status.accepted);
    expect(shown).toContain('Votre acte vous sera envoyé par courrier.');
    expect(await axeViolations(resident), 'the tracking page of an accepted request').toEqual([]);
    await kiosk.close();

    const history = (await track()).life?.history ?? [];
    expect(history.map((entry) => entry.status)).toEqual(['registered', 'received', 'incomplete', 'received', 'accepted']);
    for (const entry of history) expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    // Exactly one SMS per step, even after the sender's next turns.
    expect(gateway.messages()).toHaveLength(2);
  });

  it('puts a resident with neither email nor phone on reception’s list, whose page and letter axe finds clean', async () => {
    const content = loadContent(CONTENT_DIR);
    const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const body = validSubmission(procedure, { postcodes: content.site.postcodes, locale: 'ar' });
    const answers: Record<string, unknown> = { ...body.answers, replyBy: 'post', address: { street: '12 rue des Lilas', postcode: '41200', city: 'Belval-sur-Loire' } };
    delete answers.email;
    delete answers.phone;
    const sent = await fetchAgain(`${server.url}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ ...body, answers }),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    // The desk asks for pieces once it has the request: wait for the relay to bring it there
    // (on a busy machine the page once opened before, with no form to ask).
    await until(async () => {
      const tracked = (await (await fetchAgain(`${server.url}/api/submissions/${reference}?code=${encodeURIComponent(trackingCode)}`)).json()) as { status: string };
      return tracked.status === 'delivered' ? true : undefined;
    });
    const context = await browser.newContext({ locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/desk/requests/${reference}`);
      await page.fill('#login', 'etat-civil');
      await page.fill('#code', CODE);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1 }).filter({ hasText: reference }).waitFor();
      await page.fill('#missing-other', 'Photo du document');
      await page.fill('#missing-respond-by', '2099-01-15');
      await page.focus('form[action$="/missing"] button');
      await page.keyboard.press('Enter');
      await page.getByText('Pièces demandées : la personne est prévenue.').waitFor();

      await page.goto(`${server.url}/reception/to-contact`);
      await page.fill('#login', 'accueil');
      await page.fill('#code', CODE);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Personnes à prévenir' }).waitFor();
      expect(await page.getByRole('main').innerText()).toContain(reference);
      expect(await axeViolations(page), 'the list of people to tell').toEqual([]);
      await page.getByRole('link', { name: `Imprimer la lettre de la demande ${reference}` }).click();
      await page.getByRole('heading', { level: 1, name: `Objet : votre demande ${reference}` }).waitFor();
      expect(await page.getByRole('main').innerText()).toContain('Photo du document');
      expect(await axeViolations(page), 'the letter').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
