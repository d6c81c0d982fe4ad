// A request's life through the desk, end to end with real parts: the server as a town runs it
// (no back-office configured, so the request lands in the desk), a resident's request in Arabic
// with a phone number, a real SMPP gateway on loopback, an instructor in Chromium asking for a
// missing piece and then deciding. The gateway receives exactly one SMS per step, with no
// personal data; the history has every step with its date. (Completing at a kiosk is not built
// yet: the instructor decides on the incomplete request, as the status model allows.)
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR, loadContent } from '../../content/check/index.ts';
import { startSmppServer, type TestSmppServer } from '../../server/test-support/smpp-server.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';
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
  addStaffAccount(server.dataDir, { role: 'instructor', login: 'etat-civil', name: 'Claire Martin', code: CODE, services: ['civil-status'] });
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

describe('a request’s life through the desk', { timeout: 120_000 }, () => {
  it('lands in the desk, the instructor asks for a piece then decides, one SMS each without personal data, the history dated', async () => {
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

    const history = (await track()).life?.history ?? [];
    expect(history.map((entry) => entry.status)).toEqual(['registered', 'received', 'incomplete', 'accepted']);
    for (const entry of history) expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    // Exactly one SMS per step, even after the sender's next turns.
    expect(gateway.messages()).toHaveLength(2);
  });
});
