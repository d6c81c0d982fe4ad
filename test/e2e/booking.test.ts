// Booking help from the kiosk, end to end in real Chromium: a resident books a slot with a
// mediator in Arabic with a phone number, one question per page; a real SMPP server on
// loopback receives the reminder at the simulated eve; the resident cancels with the code at
// the kiosk; the person on the waiting list is offered the place by SMS. The server runs in
// this process over a real SQLite file so its clock can be moved (the one fake here); axe
// finds nothing on any screen of the way.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../content/locales/ar/ui.json' with { type: 'json' };
import { createHelpNoticeSender, type HelpNoticeSender } from '../../server/help/notices.ts';
import { createSmppGateway, type SmppGateway } from '../../server/notices/smpp-gateway.ts';
import { startSmppServer, type TestSmppServer } from '../../server/test-support/smpp-server.ts';
import { startTestApp, type TestApp } from '../../server/test-support/test-app.ts';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/server.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
const KIOSK_DIR = join(new URL('../..', import.meta.url).pathname, 'dist', 'kiosk');

// Sunday 6 December 2026: Samia's next permanence is Tuesday morning.
let clock = new Date('2026-12-06T10:00:00Z');
let t: TestApp;
let server: ServerType;
let base: string;
let smpp: TestSmppServer;
let gateway: SmppGateway;
let sender: HelpNoticeSender;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp({ now: () => clock, kioskDir: KIOSK_DIR, publicUrl: base });
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(started));
  });
  smpp = await startSmppServer({ systemId: 'guichet', password: 'smpp-secret' });
  gateway = createSmppGateway({ url: `smpp://guichet:smpp-secret@127.0.0.1:${smpp.port}`, sender: 'Belval', log: () => {} });
  gateway.start();
  sender = createHelpNoticeSender({ store: t.store, content: t.content, gateway, publicUrl: base, now: () => clock, log: { warn: () => {}, error: () => {} } });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  gateway?.dispose();
  await smpp?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.dispose();
});

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations as Array<{ id: string; nodes: Array<{ target: string[]; failureSummary: string }> }>;
  }, AXE_TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.failureSummary}`));
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** Waits for the screen, checks it with axe, in Arabic and right to left. */
async function screen(page: Page, name: string): Promise<void> {
  await heading(page, name).waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  expect(await axeViolations(page), name).toEqual([]);
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('booking help at the kiosk', { timeout: 180_000 }, () => {
  it('books a mediator in Arabic with a phone, reminds on the eve by SMS, cancels with the code, and offers the place to the person waiting', async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.getByRole('link', { name: new RegExp(ar.booking.homeTitle) }).click();

      await screen(page, ar.booking.what.title);
      // Continue with nothing chosen: the error is said, and the page is still axe-clean.
      await page.getByRole('button', { name: ar.step.continue }).click();
      await page.getByText(ar.booking.what.missing).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('radio', { name: 'إجراء إداري' }).check();
      await page.getByRole('button', { name: ar.step.continue }).click();

      await screen(page, ar.booking.where.title);
      await page.getByRole('radio', { name: 'الفضاء الرقمي في المكتبة' }).check();
      await page.getByRole('button', { name: ar.step.continue }).click();

      await screen(page, ar.booking.when.title);
      const slots = page.getByRole('radio');
      await slots.first().waitFor();
      // Few and large: four slots on a page, more on demand.
      expect(await slots.count()).toBe(4);
      await slots.first().check();
      await page.getByRole('button', { name: ar.step.continue }).click();

      await screen(page, ar.booking.who.title);
      await page.getByRole('textbox', { name: ar.booking.who.title }).fill('فاطمة بن علي');
      await page.getByRole('button', { name: ar.step.continue }).click();

      await screen(page, ar.booking.remind.title);
      await page.getByRole('radio', { name: ar.booking.remind.sms }).check();
      await page.getByRole('textbox', { name: ar.booking.remind.phone }).fill('06 12 34 56 78');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: ar.booking.remind.submit }).click();

      await screen(page, ar.booking.done.title);
      const code = (await page.locator('.booking-code strong').textContent())!.trim();
      expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      const booking = await t.store.helpBooking(code);
      expect(booking).toMatchObject({ state: 'booked', locale: 'ar', phone: '0612345678', name: 'فاطمة بن علي', channel: 'kiosk', slot: { id: 'perm-samia@2026-12-08T09:00' } });
      await page.getByRole('button', { name: ar.booking.done.finish, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();

      // Someone else wants the same slot: it is full, they wait.
      const waiting = await fetch(`${base}/api/help/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ slotId: 'perm-samia@2026-12-08T09:00', name: 'Amina', locale: 'fr', phone: '0611111111', waitingList: true }),
      });
      expect(waiting.status).toBe(201);
      const waitingCode = ((await waiting.json()) as { code: string; state: string }).code;

      // The eve, 10:00 in Paris: the reminder, in Arabic, without name, code or number.
      clock = new Date('2026-12-07T08:59:00Z');
      expect(await sender.sendDue()).toMatchObject({ sent: 0 });
      clock = new Date('2026-12-07T09:00:00Z');
      expect(await sender.sendDue()).toMatchObject({ sent: 1 });
      const [reminder] = await until(() => (smpp.messages().length >= 1 ? smpp.messages() : undefined));
      expect(reminder!.destination).toContain('612345678');
      expect(reminder!.dataCoding).toBe(8);
      expect(reminder!.text).toContain('09:00');
      for (const secret of [code, 'فاطمة', '0612345678']) expect(reminder!.text).not.toContain(secret);

      // She cannot come: she cancels with the code, at the kiosk, in Arabic.
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.getByRole('link', { name: ar.booking.cancelLink }).click();
      await screen(page, ar.booking.cancel.title);
      await page.getByRole('textbox', { name: ar.booking.cancel.title }).fill(code.toLowerCase().replace('-', ' '));
      await page.getByRole('button', { name: ar.booking.cancel.submit }).click();
      await screen(page, ar.booking.cancel.doneTitle);
      expect(await t.store.helpBooking(code)).toMatchObject({ state: 'cancelled' });

      // The person waiting is offered the place, by SMS, in French.
      expect(await t.store.helpBooking(waitingCode)).toMatchObject({ state: 'offered' });
      expect(await sender.sendDue()).toMatchObject({ sent: 1 });
      const messages = await until(() => (smpp.messages().length >= 2 ? smpp.messages() : undefined));
      expect(messages).toHaveLength(2);
      expect(messages[1]!.destination).toContain('611111111');
      expect(messages[1]!.text).toContain('une place s\'est libérée mardi 8 décembre 2026 à 09:00');
      expect(messages[1]!.text).toContain(`${base}/rendez-vous/confirm`);
      expect(messages[1]!.text).not.toContain(waitingCode);
    } finally {
      await context.close();
    }
  });

  it('tells the person plainly when someone took the last place first, and offers the next slots', async () => {
    clock = new Date('2026-12-06T10:00:00Z');
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.getByRole('link', { name: new RegExp(ar.booking.homeTitle) }).click();
      await page.getByRole('radio', { name: 'إجراء إداري' }).check();
      await page.getByRole('button', { name: ar.step.continue }).click();
      await page.getByRole('radio', { name: 'استقبال البلدية' }).check();
      await page.getByRole('button', { name: ar.step.continue }).click();
      await heading(page, ar.booking.when.title).waitFor();
      const first = page.getByRole('radio').first();
      await first.waitFor();
      const slotId = await first.getAttribute('value');
      await first.check();
      await page.getByRole('button', { name: ar.step.continue }).click();
      await page.getByRole('textbox', { name: ar.booking.who.title }).fill('يوسف');
      await page.getByRole('button', { name: ar.step.continue }).click();
      await page.getByRole('radio', { name: ar.booking.remind.none }).check();
      // Meanwhile, at the reception desk's telephone, someone takes that very slot.
      const taken = await fetch(`${base}/api/help/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ slotId, name: 'Paul', locale: 'fr' }),
      });
      expect(taken.status).toBe(201);
      await page.getByRole('button', { name: ar.booking.remind.submit }).click();
      await screen(page, ar.booking.when.title);
      await page.getByRole('alert').getByText(ar.booking.when.taken).waitFor();
      await page.getByRole('radio').first().waitFor();
      const offered = await page.getByRole('radio').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(offered).not.toContain(slotId);
      expect(offered).toHaveLength(4);
    } finally {
      await context.close();
    }
  });
});
