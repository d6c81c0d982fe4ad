// The instruction desk's pages in real Chromium, before the desk has its routes: rendered from
// sample data (server/test-support/desk-preview.tsx) with the desk's stylesheet. axe-core on
// each page at 1280 px, at 320 px, and at 320 px with text at 200 %; no horizontal scroll of
// the page at 320 px (a wide table scrolls in its own focusable region); every control reached
// with Tab alone, in reading order, each with a visible focus; the resident's Arabic laid out
// right to left inside the French page.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskPreviewApp, PREVIEW_PAGES } from '../../server/test-support/desk-preview.tsx';
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
