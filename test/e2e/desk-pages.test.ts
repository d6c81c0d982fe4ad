// The instruction desk's pages in real Chromium: rendered from sample data
// (server/test-support/desk-preview.tsx) with the desk's stylesheet, and served by the real
// /desk routes over a real store, signed in through the form, forms sent with the keyboard. axe-core on
// each page at 1280 px, at 320 px, and at 320 px with text at 200 %; no horizontal scroll of
// the page at 320 px (a wide table scrolls in its own focusable region); every control reached
// with Tab alone, in reading order, each with a visible focus; the resident's Arabic laid out
// right to left inside the French page.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCode } from '../../server/staff/passwords.ts';
import { deskPreviewApp, PREVIEW_PAGES } from '../../server/test-support/desk-preview.tsx';
import { deliverAll } from '../../server/test-support/deliver.ts';
import { startTestApp, type TestApp } from '../../server/test-support/test-app.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';

const require = createRequire(import.meta.url);
let server: ServerType;
let base: string;
let browser: Browser;

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: deskPreviewApp().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function axeViolations(page: Page) {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target) }));
  });
}

async function open(path: string, width: number, textScale: 1 | 2): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 800 } });
  const page = await context.newPage();
  if (textScale === 2) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  }
  const response = await page.goto(`${base}${path}`);
  expect(response?.status()).toBe(200);
  return { page, close: () => context.close() };
}

describe('the desk’s pages in Chromium', () => {
  for (const path of PREVIEW_PAGES)
    it(`${path}: no axe violation at 1280 px, 320 px and 320 px with 200 % text, and no page-wide horizontal scroll`, async () => {
      for (const [width, scale] of [
        [1280, 1],
        [320, 1],
        [320, 2],
      ] as const) {
        const { page, close } = await open(path, width, scale);
        try {
          expect(await axeViolations(page), `${path} at ${width} px, text ×${scale}`).toEqual([]);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${path} at ${width} px, text ×${scale}`).toBeLessThanOrEqual(0);
        } finally {
          await close();
        }
      }
    });

  it('reaches every control with Tab alone, in document order, each with a visible focus', async () => {
    for (const path of ['/request', '/request-errors', '/inbox'] as const) {
      const { page, close } = await open(path, 320, 2);
      try {
        // A radio group is one Tab stop (its checked radio, or its first); arrows move within it.
        const expected = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), textarea, select, [tabindex="0"]')]
            .filter((element) => {
              if (!(element instanceof HTMLInputElement) || element.type !== 'radio') return true;
              const group = [...document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${element.name}"]`)];
              return element === (group.find((radio) => radio.checked) ?? group[0]);
            })
            .map((element, index) => {
              element.dataset.order = String(index);
              return index;
            }),
        );
        const reached: number[] = [];
        // A date input takes one Tab per part (day, month, year): the same control again is not a loop.
        for (let i = 0; i < expected.length * 5; i++) {
          await page.keyboard.press('Tab');
          const focus = await page.evaluate(() => {
            const active = document.activeElement as HTMLElement | null;
            if (!active || active === document.body) return undefined;
            const style = getComputedStyle(active);
            const box = active.getBoundingClientRect();
            return {
              order: Number(active.dataset.order),
              visibleFocus: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
              onScreen: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
            };
          });
          if (!focus) break;
          if (focus.order === reached.at(-1)) continue;
          if (reached.includes(focus.order)) break;
          expect(focus.visibleFocus, `${path}: focus of control ${focus.order}`).toBe(true);
          expect(focus.onScreen, `${path}: control ${focus.order} scrolled into view`).toBe(true);
          reached.push(focus.order);
        }
        expect(reached, path).toEqual(expected);
      } finally {
        await close();
      }
    }
  });

  it('lays the resident’s Arabic out right to left inside the French page', async () => {
    const { page, close } = await open('/request', 320, 1);
    try {
      const directions = await page.evaluate(() => ({
        page: getComputedStyle(document.body).direction,
        answer: getComputedStyle(document.querySelector('dd.resident-text[lang="ar"]')!).direction,
        language: getComputedStyle(document.querySelector('dd [lang="ar"]')!).direction,
      }));
      expect(directions).toEqual({ page: 'ltr', answer: 'rtl', language: 'rtl' });
    } finally {
      await close();
    }
  });
});

describe('the desk’s real routes in Chromium', () => {
  let t: TestApp;
  let app: ServerType;
  let origin: string;
  let reference: string;
  const CODE = 'desk-code-Kq7m!2026';

  beforeAll(async () => {
    t = await startTestApp();
    const made = await t.store.createStaffAccount({
      role: 'instructor',
      login: 'voirie',
      displayName: 'Camille Durand',
      passwordHash: await hashCode(CODE),
      createdAt: new Date().toISOString(),
      services: ['technical'],
    });
    if (made === 'exists') throw new Error('exists');
    app = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    // A resident's report in Arabic, with a photo, received by the service.
    const procedure = t.content.procedures.find((p) => p.id === 'report-street-problem')!;
    const sent = await fetch(`${origin}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, locale: 'ar' })),
    });
    expect(sent.status).toBe(201);
    reference = ((await sent.json()) as { reference: string }).reference;
    await deliverAll(t.store, reference, new Date());
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => app?.close(() => resolve()));
    await t?.dispose();
  });

  // The pages allow no script: the contexts bypass that policy so axe-core can run in them.
  /** A browser context signed in through the desk's form, with the keyboard. */
  async function signedIn(width: number, textScale: 1 | 2) {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    if (textScale === 2) await (await context.newCDPSession(page)).send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await page.goto(`${origin}/desk`);
    await page.fill('#login', 'voirie');
    await page.fill('#code', CODE);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/desk`);
    return { page, close: () => context.close() };
  }

  async function check(page: Page, label: string) {
    expect(await axeViolations(page), label).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, label).toBeLessThanOrEqual(0);
  }

  it('sign-in, inbox, a request, its refused forms, finding and a missing request: no axe violation at 1280 px, 320 px and 320 px with 200 % text', async () => {
    for (const [width, scale] of [
      [1280, 1],
      [320, 1],
      [320, 2],
    ] as const) {
      const combo = `${width} px, text ×${scale}`;
      const anonymous = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 800 }, bypassCSP: true });
      const signIn = await anonymous.newPage();
      await signIn.goto(`${origin}/desk/sign-in`);
      await check(signIn, `sign-in at ${combo}`);
      await signIn.fill('#login', 'voirie');
      await signIn.fill('#code', 'not-the-code');
      await signIn.keyboard.press('Enter');
      await signIn.waitForSelector('.error-summary');
      await check(signIn, `sign-in refused at ${combo}`);
      await anonymous.close();

      const { page, close } = await signedIn(width, scale);
      try {
        await check(page, `inbox at ${combo}`);
        expect(await page.textContent('body')).toContain(reference);
        await page.goto(`${origin}/desk/requests/${reference}`);
        await check(page, `request at ${combo}`);
        // A missing-pieces request with nothing in it: the page again, its problem named (422).
        await page.focus('form[action$="/missing"] button');
        await page.keyboard.press('Enter');
        await page.waitForSelector('.error-summary');
        await check(page, `request, missing pieces refused at ${combo}`);
        await page.goto(`${origin}/desk/requests?reference=ZZZZ-ZZZZ`);
        await check(page, `find, not found at ${combo}`);
        await page.goto(`${origin}/desk/requests`);
        await check(page, `find at ${combo}`);
      } finally {
        await close();
      }
    }
  });

  it('reaches every control of the real request page with Tab alone, each with a visible focus', async () => {
    const { page, close } = await signedIn(320, 2);
    try {
      await page.goto(`${origin}/desk/requests/${reference}`);
      const expected = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), textarea, select, [tabindex="0"]')]
          .filter((element) => {
            if (!(element instanceof HTMLInputElement) || element.type !== 'radio') return true;
            const group = [...document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${element.name}"]`)];
            return element === (group.find((radio) => radio.checked) ?? group[0]);
          })
          .map((element, index) => {
            element.dataset.order = String(index);
            return index;
          }),
      );
      const reached: number[] = [];
      for (let i = 0; i < expected.length * 5; i++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const active = document.activeElement as HTMLElement | null;
          if (!active || active === document.body) return undefined;
          const style = getComputedStyle(active);
          return { order: Number(active.dataset.order), visibleFocus: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none' };
        });
        if (!focus) break;
        if (focus.order === reached.at(-1)) continue;
        if (reached.includes(focus.order)) break;
        expect(focus.visibleFocus, `control ${focus.order}`).toBe(true);
        reached.push(focus.order);
      }
      expect(reached).toEqual(expected);
    } finally {
      await close();
    }
  });
});
